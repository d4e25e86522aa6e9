using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Verification.Tests;

/// <summary>Bad input ends in a one-line error naming the file; findings name file, line, pack and element.</summary>
public class InputTests
{
    [Fact]
    public void A_file_that_is_not_a_pack_is_refused_with_its_name()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("Broken.xml"), "<ManagementPack><Manifest>");
        var act = () => PackInput.Load(dir.File("Broken.xml"));
        act.Should().Throw<KmpException>().Which.Message.Should().StartWith(dir.File("Broken.xml") + ":").And.Contain("not well-formed XML").And.NotContain("\n");
    }

    [Fact]
    public void A_bundle_is_refused()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("Some.mpb"), [0xD0, 0xCF, 0x11, 0xE0]);
        var act = () => PackInput.Load(dir.File("Some.mpb"));
        act.Should().Throw<KmpException>().WithMessage("*.mpb bundle*");
    }

    [Fact]
    public void A_broken_file_in_a_references_folder_is_named()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("Library.xml"), "not xml");
        var act = () => ReferenceLibrary.Load([dir.Path]);
        act.Should().Throw<KmpException>().Which.Message.Should().Contain(dir.File("Library.xml"));
        var missing = () => ReferenceLibrary.Load([dir.File("absent")]);
        missing.Should().Throw<KmpException>().WithMessage("*references folder not found*");
    }

    [Fact]
    public void Findings_carry_file_line_pack_and_element()
    {
        using var dir = new TempDirectory();
        var (id, xml) = GeneratedFamily.Xml(SchemaTarget.Scom2007R2).Single(p => p.Id == GeneratedFamily.Discovery);
        var broken = xml.Replace("<Frequency>86400</Frequency>", "<Frequency>daily</Frequency>", StringComparison.Ordinal);
        File.WriteAllText(dir.File(id + ".xml"), broken);
        var line = broken[..broken.IndexOf("<Frequency>daily", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var report = Verifier.VerifyFiles([dir.File(id + ".xml")], new VerificationOptions { WillBeSealed = new HashSet<string> { id } });

        var finding = report.WithCode(Codes.ConfigurationInvalid).Should().ContainSingle().Subject;
        finding.File.Should().Be(dir.File(id + ".xml"));
        finding.Line.Should().Be(line);
        finding.ManagementPackId.Should().Be(id);
        finding.ElementId.Should().Be("KasperskyLab.KES.Application.Discovery");
        finding.ToString().Should().StartWith($"{dir.File(id + ".xml")}:{line}: error KMP4001: {id}/KasperskyLab.KES.Application.Discovery: ");
        report.Failed().Should().BeTrue();
    }

    [Fact]
    public void Warnings_fail_only_when_they_count_as_errors()
    {
        var (id, xml) = GeneratedFamily.Xml(SchemaTarget.Scom2007R2).Single(p => p.Id == GeneratedFamily.Discovery);
        var report = Verifier.Verify([PackInput.FromXml(Kmp.ManagementPacks.Xml.ManagementPackDocument.Parse(xml, id + ".xml"))]);
        report.Errors.Should().Be(0);
        report.Warnings.Should().BeGreaterThan(0, "alone, the pack's reference to the library cannot be checked");
        report.Failed().Should().BeFalse();
        report.Failed(warningsAsErrors: true).Should().BeTrue();
    }
}
