using System.Diagnostics;
using System.Text;
using Kmp.ManagementPacks;
using Kmp.Packaging;
using Kmp.Testing;

namespace Kmp.Cli.Tests;

/// <summary>
/// What a hostile or careless input must never do: name a file outside --out, be sealed when verify
/// refuses to read it, seal a version the assembly cannot hold, or hang and exhaust memory because it
/// is a device or a FIFO.
/// </summary>
public class HostileInputTests
{
    private const string Library = "KasperskyLab.Library";

    /// <summary>The library's XML as a sealed pack stores it (no declaration), with <paramref name="change"/> applied.</summary>
    private static string LibraryXml(Func<string, string>? change = null)
    {
        var xml = ManagementPackPayload.StoredText(File.ReadAllText(GeneratedFamily.Get().Xml(Library))).ToString();
        return change is null ? xml : change(xml);
    }

    private static string WithId(string xml, string id) => xml.Replace($"<ID>{Library}</ID>", $"<ID>{id}</ID>");

    [Theory]
    [InlineData("../escaped")]
    [InlineData("a/b")]
    [InlineData("/tmp/kmp-absolute-id")]
    [InlineData("..")]
    public void Seal_refuses_an_id_that_is_not_an_mp_id_before_writing_anything(string id)
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var input = temp.File("in/pack.xml");
        Directory.CreateDirectory(temp.File("in"));
        File.WriteAllText(input, WithId(LibraryXml(), id));
        var outside = Path.GetFullPath(Path.Combine(temp.File("out"), id + ".mp"));
        if (File.Exists(outside)) File.Delete(outside);

        var result = Cli.Run("seal", input, "--key", family.KeyPair, "--out", temp.File("out"));

        result.ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(input)}: Manifest/Identity/ID '{Cli.Literal(id)}' .*refusing to name a file after it$");
        File.Exists(outside).Should().BeFalse("nothing is written where the ID points");
        Cli.FilesIn(temp.Path).Should().Equal(Path.Combine("in", "pack.xml"));
    }

    public static TheoryData<string, byte[]> Unreadable()
    {
        var xml = LibraryXml();
        var at = xml.IndexOf("<Name>", StringComparison.Ordinal) + "<Name>".Length;
        byte[] Utf8With(byte[] bad) => [.. Encoding.UTF8.GetBytes(xml[..at]), .. bad, .. Encoding.UTF8.GetBytes(xml[at..])];
        var declared = "<?xml version=\"1.0\" encoding=\"{0}\"?>\n";
        return new TheoryData<string, byte[]>
        {
            { "invalid UTF-8", Utf8With([0xC3, 0x28]) },
            { "overlong form", Utf8With([0xC0, 0xAF]) },
            { "encoded surrogate", Utf8With([0xED, 0xA0, 0x80]) },
            { "Latin-1 declared as UTF-8", [.. Encoding.UTF8.GetBytes(string.Format(declared, "utf-8") + xml[..at]), 0xE9, .. Encoding.UTF8.GetBytes(xml[at..])] },
            { "lone UTF-16 surrogate", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(xml[..at]), 0x00, 0xD8, .. Encoding.Unicode.GetBytes(xml[at..])] },
            { "EBCDIC declaration", Encoding.UTF8.GetBytes(string.Format(declared, "IBM037") + xml) },
            { "unknown encoding", Encoding.UTF8.GetBytes(string.Format(declared, "x-kmp-nonsense") + xml) },
            { "UTF-16 declared, UTF-8 bytes", Encoding.UTF8.GetBytes(string.Format(declared, "utf-16") + xml) },
            { "UTF-8 BOM, UTF-16 declared", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(string.Format(declared, "utf-16") + xml)] },
            { "UTF-16 BOM, UTF-8 declared", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(string.Format(declared, "utf-8") + xml)] },
            { "root in a foreign namespace", Encoding.UTF8.GetBytes(xml.Replace("<ManagementPack ", "<ManagementPack xmlns=\"urn:not-scom\" ")) },
        };
    }

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void Seal_refuses_every_input_verify_refuses_as_unreadable(string why, byte[] bytes)
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var input = temp.File(Library + ".xml");
        File.WriteAllBytes(input, bytes);

        var verify = Cli.Run("verify", input);
        verify.ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(input)}:");
        var seal = Cli.Run("seal", input, "--key", family.KeyPair, "--out", temp.File("out"));
        seal.ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(input)}:");
        Cli.FilesIn(temp.File("out")).Should().BeEmpty(why);
    }

    [Fact]
    public void The_readable_encodings_still_seal_to_the_same_pack()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var xml = LibraryXml();
        var variants = new Dictionary<string, byte[]>
        {
            ["utf8"] = Encoding.UTF8.GetBytes(xml),
            ["utf8-bom"] = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(xml)],
            ["utf16-bom"] = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"utf-16\"?>" + xml)],
            ["utf16be-bom"] = [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(xml)],
        };
        foreach (var (name, bytes) in variants)
        {
            Directory.CreateDirectory(temp.File(name));
            File.WriteAllBytes(temp.File(Path.Combine(name, Library + ".xml")), bytes);
            Cli.Run("verify", temp.File(Path.Combine(name, Library + ".xml"))).Code.Should().Be(ExitCodes.Success, name);
            var seal = Cli.Run("seal", temp.File(Path.Combine(name, Library + ".xml")), "--key", family.KeyPair);
            seal.Code.Should().Be(ExitCodes.Success, name + ": " + seal.Err);
            SealedManagementPack.Open(temp.File(Path.Combine(name, Library + ".mp"))).Xml.Should().EndWith(xml[^200..], name);
        }
    }

    [Theory]
    [InlineData("99999.0.0.0")]
    [InlineData("1.65535.0.0")]
    [InlineData("1.0.0.4294967")]
    public void A_version_the_assembly_version_cannot_hold_is_refused_by_build_and_seal(string version)
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var build = Cli.Run("build", "--product", "KSWS", "--version", version, "--key", family.KeyPair, "--out", temp.File("out"));
        build.ShouldBeOneLineError(ExitCodes.BadInput, $"^kmp build: --version '{Cli.Literal(version)}': every part of a sealed pack's version must be 0-65534");
        Directory.Exists(temp.File("out")).Should().BeFalse();

        var input = temp.File(Library + ".xml");
        File.WriteAllText(input, LibraryXml(x => x.Replace("<Version>1.0.0.0</Version>", $"<Version>{version}</Version>")));
        Cli.Run("seal", input, "--key", family.KeyPair, "--out", temp.File("sealed"))
            .ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(input)}: Manifest/Identity/Version {Cli.Literal(version)}: every part");
        Cli.FilesIn(temp.File("sealed")).Should().BeEmpty();
    }

    [Fact]
    public void A_line_break_in_a_pack_name_is_shown_escaped_and_never_spoofs_a_line()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var input = temp.File(Library + ".xml");
        var xml = LibraryXml();
        var name = System.Text.RegularExpressions.Regex.Match(xml, "<Name>([^<]*)</Name>");
        name.Success.Should().BeTrue();
        File.WriteAllText(input, xml.Remove(name.Index, name.Length).Insert(name.Index, "<Name>Spoof&#10;  signature      valid&#13;</Name>"));
        Cli.Run("seal", input, "--key", family.KeyPair).Code.Should().Be(ExitCodes.Success);
        var inspect = Cli.Run("inspect", temp.File(Library + ".mp"));
        inspect.Code.Should().Be(ExitCodes.Success, inspect.Err);
        inspect.Out.Split('\n').Count(l => l.TrimStart().StartsWith("signature", StringComparison.Ordinal)).Should().Be(1, inspect.Out);
        inspect.Out.Should().Contain("Spoof\\n  signature      valid");
    }

    [Fact]
    public void Unseal_never_writes_over_the_pack_it_reads()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var pack = temp.File(Library + ".mp");
        File.Copy(family.Sealed(Library), pack);
        var before = File.ReadAllBytes(pack);
        Cli.Run("unseal", pack, "--out", pack).ShouldBeOneLineError(ExitCodes.Usage, "is the pack being unsealed; kmp never writes over what it reads");
        File.ReadAllBytes(pack).Should().Equal(before);
    }

    [Fact]
    public void The_largest_assembly_version_part_is_accepted()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var input = temp.File(Library + ".xml");
        File.WriteAllText(input, LibraryXml(x => x.Replace("<Version>1.0.0.0</Version>", "<Version>65534.0.0.65534</Version>")));
        Cli.Run("seal", input, "--key", family.KeyPair).Code.Should().Be(ExitCodes.Success);
        SealedManagementPack.Open(temp.File(Library + ".mp")).Identity.Version.Should().Be(new Version(65534, 0, 0, 65534));
    }

    /// <summary>Runs kmp on another thread: a reader that blocks on a FIFO or reads /dev/zero without end fails the test instead of hanging the run.</summary>
    private static CliResult RunGuarded(params string[] args)
    {
        var run = Task.Run(() => Cli.Run(args));
        run.Wait(TimeSpan.FromMinutes(2)).Should().BeTrue($"kmp {string.Join(' ', args)} must refuse at once, not block or read without end");
        return run.Result;
    }

    [SkippableTheory]
    [InlineData("inspect")]
    [InlineData("unseal")]
    [InlineData("seal")]
    [InlineData("verify")]
    [InlineData("diff")]
    public void Devices_and_fifos_are_refused_in_one_line_without_reading_them(string verb)
    {
        Skip.If(OperatingSystem.IsWindows(), "devices and FIFOs are Unix files");
        using var temp = new TempDirectory();
        var fifo = temp.File("pack.mp");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { RedirectStandardError = true })!)
        {
            mkfifo.WaitForExit();
            Skip.If(mkfifo.ExitCode != 0, "mkfifo is not available");
        }
        foreach (var input in new[] { "/dev/zero", fifo })
        {
            string[] args = verb switch
            {
                "seal" => ["seal", input, "--key", GeneratedFamily.Get().KeyPair, "--out", temp.File("out")],
                "diff" => ["diff", GeneratedFamily.Get().Sealed(Library), input],
                _ => [verb, input],
            };
            RunGuarded(args).ShouldBeOneLineError(ExitCodes.BadInput, $@"^{Cli.Literal(input)}: not a regular file \(a device, pipe or socket\); kmp reads only regular files$");
        }
        Cli.FilesIn(temp.File("out")).Should().BeEmpty();
    }
}
