using System.Xml.Linq;
using BenchmarkDotNet.Attributes;
using Kmp.Application.Build;
using Kmp.Kaspersky.Family;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Packaging;
using Kmp.Verification;

namespace Kmp.Benchmarks;

/// <summary>
/// Build + verify + seal of a product with N event alert rules (DESIGN §7: 10,000 rules in under 1 s,
/// growing linearly), exactly as <c>kmp build</c> does it in memory: the family composed from the
/// templates (<see cref="SyntheticRulePack"/>), then <see cref="BuildCatalog.Produce"/> — each pack
/// written, read once, the family verified together as the packs the key will seal, each pack sealed
/// on a second core meanwhile. Beside it, the same work the way it was done before the lean reader
/// (XDocument with every line, and sealing reading the text a second time), and the stages alone.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShippedGc.Config))] // the garbage collector kmp ships, as `kmp build` runs
public class RuleScaleBenchmarks
{
    private StrongNameKey _key = null!;
    private SealOptions _seal = null!;
    private ManagementPackFamily _family = null!;
    private string _monitoringXml = "";
    private ManagementPackDocument _monitoring = null!;
    private VerificationOptions _verification = null!;

    /// <summary>Set by <c>--stages</c>, which may be run with the GC's environment knobs to compare them (it prints the collector it runs with).</summary>
    internal bool OtherGcAllowed { get; init; }

    [Params(1000, 5000, 10000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (!OtherGcAllowed) ShippedGc.Check();
        _key = StrongNameKey.Generate();
        _seal = new SealOptions { Company = "Kaspersky Lab", Copyright = "Copyright (c) Kaspersky Lab" };
        _family = SyntheticRulePack.Compose(Rules, _key.PublicKeyToken);
        _verification = new VerificationOptions
        {
            WillBeSealed = _family.Packs.Select(p => p.Id).ToHashSet(StringComparer.Ordinal),
            SealingKeyToken = _key.PublicKeyToken,
        };
        var built = BuildVerifySeal();
        var before = BuildVerifySealAsBefore();
        // The family must be one kmp would ship: no verification error, every .mp read back signed with its
        // XML, and the same findings and the same bytes as the way before.
        if (built.Verification.Errors > 0)
            throw new InvalidOperationException($"the synthetic family of {Rules} rules has {built.Verification.Errors} verification error(s): "
                + string.Join(" | ", built.Verification.Findings.Where(f => f.Severity == Severity.Error).Take(5)));
        if (!built.Verification.Findings.SequenceEqual(before.Verification.Findings))
            throw new InvalidOperationException("the findings differ from those of the way before");
        foreach (var (pack, i) in built.Packs.Select((p, i) => (p, i)))
        {
            var read = SealedManagementPack.Read(pack.Sealed!, pack.Member.Id + ".mp");
            if (read.SignatureStatus != SignatureStatus.Valid || !read.Xml.AsSpan().SequenceEqual(ManagementPackPayload.StoredText(System.Text.Encoding.UTF8.GetString(pack.Xml))))
                throw new InvalidOperationException($"{pack.Member.Id}.mp does not read back signed with the written XML ({read.SignatureStatus})");
            if (!pack.Sealed!.AsSpan().SequenceEqual(before.Packs[i].Sealed))
                throw new InvalidOperationException($"{pack.Member.Id}.mp differs from the one sealed the way before");
        }
        _monitoringXml = System.Text.Encoding.UTF8.GetString(built.Packs.Single(p => p.Member.Id == SyntheticRulePack.MonitoringId).Xml);
        _monitoring = ManagementPackDocument.Parse(_monitoringXml, SyntheticRulePack.MonitoringId + ".xml");
        Console.WriteLine($"// {Rules} rules: {built.Packs.Count} packs, {built.Packs.Sum(p => p.Xml.Length) / 1024} KiB of XML ({SyntheticRulePack.MonitoringId}: {_monitoringXml.Length / 1024} KiB), "
            + $"{built.Verification.Errors} errors, {built.Verification.Warnings} warnings, sealed to {built.Packs.Sum(p => p.Sealed!.Length) / 1024} KiB");
    }

    /// <summary>As <c>kmp build</c> does it, from the templates to the sealed images.</summary>
    [Benchmark(Baseline = true, Description = "build + verify + seal")]
    public BuiltFamily BuildVerifySeal() =>
        BuildCatalog.Produce(SyntheticRulePack.Compose(Rules, _key.PublicKeyToken), SchemaTarget.Scom2007R2, _key, _seal, p => p.Id + ".xml");

    /// <summary>
    /// The same, as the build did it before the lean reader: each pack read into an XDocument with the line of
    /// every node, and sealed from a second decoding of its bytes, read again whole for well-formedness.
    /// </summary>
    [Benchmark(Description = "build + verify + seal, as before")]
    public (VerificationReport Verification, IReadOnlyList<byte[]> Sealed, IReadOnlyList<BuiltImage> Packs) BuildVerifySealAsBefore()
    {
        var family = SyntheticRulePack.Compose(Rules, _key.PublicKeyToken);
        var written = family.Packs.Select(p => (Member: p, Xml: ManagementPackXmlWriter.WriteUtf8(p.Pack, SchemaTarget.Scom2007R2))).ToList();
        var sealing = Task.Run(() => written.Select(w => ManagementPackSealer.Seal(System.Text.Encoding.UTF8.GetString(w.Xml), _key, _seal, w.Member.Id + ".xml")).ToList());
        var documents = written.Select(w =>
        {
            using var reader = SafeXml.CreateReader(new MemoryStream(w.Xml));
            return ManagementPackDocument.FromTree(XDocument.Load(reader, LoadOptions.SetLineInfo), w.Member.Id + ".xml");
        }).ToList();
        var report = Verifier.Verify(documents.Select(d => PackInput.FromXml(d, d.FileName)), _verification);
        var images = sealing.GetAwaiter().GetResult();
        return (report, images, [.. written.Select((w, i) => new BuiltImage(w.Member, w.Member.Id + ".xml", w.Xml, images[i]))]);
    }

    [Benchmark(Description = "compose (templates -> model)")]
    public ManagementPackFamily Compose() => SyntheticRulePack.Compose(Rules, _key.PublicKeyToken);

    [Benchmark(Description = "write (model -> XML, the family)")]
    public int Write() => _family.Packs.Sum(p => ManagementPackXmlWriter.WriteUtf8(p.Pack, SchemaTarget.Scom2007R2).Length);

    [Benchmark(Description = "read the Monitoring pack")]
    public ManagementPackDocument Read() => ManagementPackDocument.Parse(_monitoringXml, SyntheticRulePack.MonitoringId + ".xml");

    [Benchmark(Description = "verify the Monitoring pack (read)")]
    public VerificationReport Verify() => Verifier.Verify([PackInput.FromXml(_monitoring)], _verification);

    [Benchmark(Description = "seal the Monitoring pack (read)")]
    public byte[] Seal() => ManagementPackSealer.Seal(_monitoring, _key, _seal);
}
