using System.Diagnostics;
using Kmp.Testing;

namespace Kmp.Packaging.Tests;

/// <summary>
/// Mono's <c>sn -v</c> as an independent check of the packs kmp seals (installed by .ci/run with
/// mono-devel). Not used on Microsoft-key packs: Mono maps token 31bf3856ad364e35 to its own key.
/// </summary>
public class MonoSnTests
{
    private static readonly Lazy<string?> Sn = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "sn.exe" : "sn"))
            .FirstOrDefault(File.Exists));

    [SkippableTheory]
    [InlineData(1024)]
    [InlineData(2048)]
    public void Packs_sealed_with_a_new_key_pass_mono_sn(int keySize)
    {
        var key = keySize == 1024 ? TestData.Key : StrongNameKey.Generate(keySize);
        var xml = TestData.SampleXml(rules: 200);
        using var temp = new TempDirectory();
        var path = temp.File("KasperskyLab.Test.Library.mp");
        File.WriteAllBytes(path, ManagementPackSealer.Seal(xml, key, new SealOptions { Company = "Kaspersky Lab" }));

        var (exitCode, output) = RunSn(path);

        output.Should().Contain("is strongnamed");
        exitCode.Should().Be(0);
        SealedManagementPack.Open(path).Xml.Should().Be(xml);
    }

    [SkippableFact]
    public void Pack_sealed_with_the_corpus_key_passes_mono_sn()
    {
        var key = StrongNameKey.Load(TestData.CorpusKeyPath);
        using var temp = new TempDirectory();
        var path = temp.File("KasperskyLab.Test.Library.mp");
        File.WriteAllBytes(path, ManagementPackSealer.Seal(TestData.SampleXml(), key));

        RunSn(path).ExitCode.Should().Be(0);
    }

    [SkippableFact]
    public void Mono_sn_rejects_a_tampered_or_delay_signed_pack_as_kmp_does()
    {
        using var temp = new TempDirectory();
        var image = ManagementPackSealer.Seal(TestData.SampleXml(rules: 50), TestData.Key);
        var tampered = temp.File("tampered.mp");
        File.WriteAllBytes(tampered, TestData.WithByteFlipped(image, 0x50)); // the DOS stub text
        var delaySigned = temp.File("delay.mp");
        File.WriteAllBytes(delaySigned, ManagementPackSealer.Seal(TestData.SampleXml(), TestData.Key.PublicOnly()));

        SealedManagementPack.Open(tampered).SignatureStatus.Should().Be(SignatureStatus.Invalid);
        RunSn(tampered).ExitCode.Should().NotBe(0);
        SealedManagementPack.Open(delaySigned).SignatureStatus.Should().Be(SignatureStatus.DelaySigned);
        RunSn(delaySigned).Output.Should().Contain("delay-signed");
    }

    private static (int ExitCode, string Output) RunSn(string path)
    {
        Skip.If(Sn.Value is null, "Mono's 'sn' is not on PATH (apt-get install mono-devel); independent strong-name check skipped.");
        var start = new ProcessStartInfo(Sn.Value!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-v");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("sn -v did not finish in 2 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
