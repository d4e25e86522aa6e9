using BenchmarkDotNet.Attributes;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Packaging;
using Kmp.Verification;

namespace Kmp.Benchmarks;

/// <summary>
/// Build + verify + seal of a synthetic pack of event alert rules (DESIGN §7: 10,000 rules in under
/// 1 s, growing linearly): compose the model, write the XML, parse and verify it as the build does
/// (the pack counts as sealed with the build's key), and seal it — on a second core while verifying, as
/// <c>kmp build</c> does. The stages are also measured alone.
/// </summary>
[MemoryDiagnoser]
public class RuleScaleBenchmarks
{
    private StrongNameKey _key = null!;
    private VerificationOptions _verification = null!;
    private SealOptions _seal = null!;
    private string _xml = "";
    private ManagementPackDocument _document = null!;

    [Params(1000, 5000, 10000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _key = StrongNameKey.Generate();
        _verification = new VerificationOptions
        {
            WillBeSealed = new HashSet<string>(StringComparer.Ordinal) { SyntheticRulePack.Id },
            SealingKeyToken = _key.PublicKeyToken,
        };
        _seal = new SealOptions { Company = "Kaspersky Lab", Copyright = "Kaspersky Lab" };
        _xml = Write();
        _document = ManagementPackDocument.Parse(_xml, SyntheticRulePack.Id + ".xml");
        // The pack must be one kmp would ship: no verification error, and a sealed file that reads back signed.
        var report = Verifier.Verify([PackInput.FromXml(_document)], _verification);
        if (report.Errors > 0)
            throw new InvalidOperationException($"the synthetic pack of {Rules} rules has {report.Errors} verification error(s): "
                + string.Join(" | ", report.Findings.Where(f => f.Severity == Severity.Error).Take(5)));
        var sealedPack = SealedManagementPack.Read(Seal(), SyntheticRulePack.Id + ".mp");
        if (sealedPack.SignatureStatus != SignatureStatus.Valid || !sealedPack.Xml.AsSpan().SequenceEqual(ManagementPackPayload.StoredText(_xml)))
            throw new InvalidOperationException($"the sealed synthetic pack does not read back signed with the written XML ({sealedPack.SignatureStatus})");
        Console.WriteLine($"// {Rules} rules: {_xml.Length / 1024} KiB of XML, {report.Errors} errors, {report.Warnings} warnings, sealed to {Seal().Length / 1024} KiB");
    }

    /// <summary>As <c>kmp build</c> does it: the pack is sealed on a second core while it is parsed and verified.</summary>
    [Benchmark(Baseline = true, Description = "build + verify + seal")]
    public byte[] BuildVerifySeal()
    {
        var xml = Write();
        var sealing = Task.Run(() => ManagementPackSealer.Seal(xml, _key, _seal));
        var report = Verifier.Verify([PackInput.FromXml(ManagementPackDocument.Parse(xml, SyntheticRulePack.Id + ".xml"))], _verification);
        if (report.Errors > 0) throw new InvalidOperationException("the synthetic pack no longer verifies");
        return sealing.GetAwaiter().GetResult();
    }

    [Benchmark(Description = "build (compose + write XML)")]
    public string Build() => Write();

    [Benchmark(Description = "verify (parse + verify)")]
    public VerificationReport Verify() =>
        Verifier.Verify([PackInput.FromXml(ManagementPackDocument.Parse(_xml, SyntheticRulePack.Id + ".xml"))], _verification);

    [Benchmark(Description = "seal")]
    public byte[] Seal() => ManagementPackSealer.Seal(_xml, _key, _seal);

    private string Write() => ManagementPackXmlWriter.Write(SyntheticRulePack.Compose(Rules), SchemaTarget.Scom2007R2);
}
