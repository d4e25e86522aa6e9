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
    public void A_folder_given_to_verify_is_read_as_its_packs_as_import_reads_it()
    {
        using var dir = new TempDirectory();
        var family = GeneratedFamily.Xml(SchemaTarget.Scom2007R2);
        foreach (var (id, xml) in family) File.WriteAllText(dir.File(id + ".xml"), xml);
        File.WriteAllText(dir.File("README.txt"), "not a pack");

        var inputs = PackInput.LoadAll([dir.Path]);
        inputs.Select(i => i.File).Should().Equal(family.Select(p => dir.File(p.Id + ".xml")).Order(StringComparer.Ordinal));

        var report = Verifier.VerifyFiles([dir.Path], GeneratedFamily.Options(family.Select(p => p.Id)));
        report.PackIds.Should().BeEquivalentTo(family.Select(p => p.Id));
        report.Errors.Should().Be(0, string.Join(Environment.NewLine, report.Findings));
    }

    [Fact]
    public void In_a_folder_the_sealed_pack_is_read_and_the_xml_beside_it_is_not()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("Contoso.Pack.xml"), "<ManagementPack/>");
        File.WriteAllText(dir.File("Contoso.Pack.mp"), "not an assembly");
        var act = () => PackInput.LoadAll([dir.Path]);
        act.Should().Throw<KmpException>().Which.Message.Should().StartWith(dir.File("Contoso.Pack.mp") + ": not a sealed management pack");
    }

    [Fact]
    public void A_folder_without_packs_a_missing_path_and_a_folder_as_one_pack_are_one_line_errors_naming_them()
    {
        using var dir = new TempDirectory();
        var empty = () => PackInput.LoadAll([dir.Path]);
        empty.Should().Throw<KmpException>().Which.Message.Should().Be($"{dir.Path}: no .mp or .xml management packs in this folder");
        var missing = () => PackInput.LoadAll([dir.File("absent")]);
        missing.Should().Throw<KmpException>().Which.Message.Should().Be($"{dir.File("absent")}: no such file or folder");
        var folder = () => PackInput.Load(dir.Path);
        folder.Should().Throw<KmpException>().Which.Message.Should().StartWith($"{dir.Path}: a folder, not a management pack file").And.NotContain("\n");
        foreach (var name in new[] { "absent.xml", "absent.mp" })
        {
            var absent = () => PackInput.Load(dir.File(name));
            absent.Should().Throw<KmpException>().Which.Message.Should().Be($"{dir.File(name)}: file not found");
        }
    }

    [SkippableFact]
    public void A_file_that_cannot_be_read_is_a_one_line_error_naming_it()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "a Unix socket file stands for an unreadable file");
        using var dir = new TempDirectory();
        foreach (var name in new[] { "Socket.xml", "Socket.mp" })
        {
            // A socket, like a device or a FIFO, is refused before it is opened.
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(dir.File(name)));
            var act = () => PackInput.Load(dir.File(name));
            act.Should().Throw<KmpException>().Which.Message.Should().Be($"{dir.File(name)}: not a regular file (a device, pipe or socket); kmp reads only regular files");
        }
    }

    [Fact]
    public void A_references_folder_is_read_once_whatever_links_to_folders_it_holds()
    {
        using var dir = new TempDirectory();
        var (id, xml) = GeneratedFamily.Xml(SchemaTarget.Scom2007R2).Single(p => p.Id == GeneratedFamily.Discovery);
        File.WriteAllText(dir.File(id + ".xml"), xml);
        Directory.CreateSymbolicLink(dir.File("self"), dir.Path); // ln -s . self: a loop
        Directory.CreateDirectory(dir.File("sub"));
        Directory.CreateSymbolicLink(dir.File("sub/up"), dir.Path);
        var library = ReferenceLibrary.Load([dir.Path, dir.Path], includeBuiltIn: false);
        library.Contents.Select(c => c.Id).Should().Equal(id);
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
        var (id, xml) = GeneratedFamily.Xml(SchemaTarget.Scom2007R2).Single(p => p.Id == GeneratedFamily.RegistryDiscovery);
        var broken = xml.Replace("<Frequency>86400</Frequency>", "<Frequency>daily</Frequency>", StringComparison.Ordinal);
        File.WriteAllText(dir.File(id + ".xml"), broken);
        var line = broken[..broken.IndexOf("<Frequency>daily", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var report = Verifier.VerifyFiles([dir.File(id + ".xml")], new VerificationOptions { WillBeSealed = new HashSet<string> { id } });

        var finding = report.WithCode(Codes.ConfigurationInvalid).Should().ContainSingle().Subject;
        finding.File.Should().Be(dir.File(id + ".xml"));
        finding.Line.Should().Be(line);
        finding.ManagementPackId.Should().Be(id);
        finding.ElementId.Should().Be("KasperskyLab.KSSP.Application.Discovery");
        finding.ToString().Should().StartWith($"{dir.File(id + ".xml")}:{line}: error KMP4001: {id}/KasperskyLab.KSSP.Application.Discovery: ");
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
