using System.Text.Json;
using System.Xml.Linq;
using Kmp.Packaging;
using Kmp.Testing;

namespace Kmp.Cli.Tests;

/// <summary><c>kmp seal</c>, <c>kmp unseal</c> and <c>kmp inspect</c>, end to end.</summary>
public class SealCommandTests
{
    private const string Monitoring = "KasperskyLab.KSC.Monitoring";

    [Fact]
    public void Seal_inspect_unseal_round_trip_keeps_the_xml_and_reseals_to_the_same_bytes()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var input = family.Xml(Monitoring);
        var xml = File.ReadAllText(input);

        var seal = Cli.Run("seal", input, "--key", family.KeyPair, "--out", temp.File("out"));
        seal.Code.Should().Be(ExitCodes.Success, seal.Err);
        var sealedPath = temp.File(Path.Combine("out", Monitoring + ".mp"));
        seal.OutLines.Should().ContainSingle().Which.Should().MatchRegex(
            $@"^{Monitoring} 1\.0\.0\.0 -> {Cli.Literal(sealedPath)} \(\d+ bytes, key token {family.KeyToken}, signed\)$");
        seal.ErrLines.Should().ContainSingle().Which.Should().Be($"signed with the key {family.KeyPair} (token {family.KeyToken})");
        Cli.FilesIn(temp.File("out")).Should().Equal(Monitoring + ".mp");

        var inspect = Cli.Run("inspect", sealedPath);
        inspect.Code.Should().Be(ExitCodes.Success, inspect.Err);
        inspect.Err.Should().BeEmpty();
        var document = XDocument.Parse(xml);
        int Count(string name) => document.Descendants(name).Count(e => e.Attribute("ID") is not null);
        inspect.OutLines.Should().ContainInOrder(
            sealedPath,
            $"ID             {Monitoring}",
            "version        1.0.0.0",
            $"key token      {family.KeyToken}",
            "signature      valid");
        inspect.OutLines.Should().ContainSingle(l => l.StartsWith("elements", StringComparison.Ordinal))
            .Which.Should().Contain($"references {document.Descendants("Reference").Count()}")
            .And.Contain($"rules {Count("Rule")}")
            .And.Contain($"monitors {Count("UnitMonitor")}")
            .And.Contain($"display strings {document.Descendants("DisplayString").Count()}");
        Count("Rule").Should().BePositive("the KSC monitoring pack has alert and collection rules");

        // `kmp unseal X.mp > X.xml`: the text SCOM stores is the input without its XML declaration.
        var unseal = Cli.Run("unseal", sealedPath);
        unseal.Code.Should().Be(ExitCodes.Success, unseal.Err);
        unseal.Err.Should().BeEmpty("a validly signed pack unseals without warnings");
        xml.Should().StartWith("<?xml ", "the generated XML has a declaration, which sealed packs never store");
        unseal.Out.Should().Be(ManagementPackPayload.StoredText(xml).ToString());
        unseal.Out.Should().Be(xml[(xml.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart());

        // ... and sealing what unseal wrote gives the very same .mp, byte for byte.
        var unsealedPath = temp.File(Path.Combine("again", Monitoring + ".xml"));
        var toFile = Cli.Run("unseal", sealedPath, "--out", unsealedPath);
        toFile.Code.Should().Be(ExitCodes.Success, toFile.Err);
        toFile.Out.Should().BeEmpty();
        toFile.ErrLines.Should().ContainSingle().Which.Should().Be($"{Monitoring} 1.0.0.0 -> {unsealedPath}");
        File.ReadAllText(unsealedPath).Should().Be(unseal.Out);
        var reseal = Cli.Run("seal", unsealedPath, "--key", family.KeyPair);
        reseal.Code.Should().Be(ExitCodes.Success, reseal.Err);
        File.ReadAllBytes(temp.File(Path.Combine("again", Monitoring + ".mp"))).Should().Equal(File.ReadAllBytes(sealedPath));
        Cli.FilesIn(temp.File("again")).Should().Equal(Monitoring + ".mp", Monitoring + ".xml");
    }

    [Fact]
    public void Xml_without_a_declaration_unseals_to_exactly_the_input_bytes()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var stored = ManagementPackPayload.StoredText(File.ReadAllText(family.Xml("KasperskyLab.Library"))).ToString();
        var input = temp.File("KasperskyLab.Library.xml");
        File.WriteAllText(input, stored);

        Cli.Run("seal", input, "--key", family.KeyPair).Code.Should().Be(ExitCodes.Success);
        var output = temp.File("unsealed.xml");
        Cli.Run("unseal", temp.File("KasperskyLab.Library.mp"), "--out", output).Code.Should().Be(ExitCodes.Success);
        File.ReadAllBytes(output).Should().Equal(File.ReadAllBytes(input));
    }

    [Fact]
    public void Inspect_json_is_one_parseable_object_per_file()
    {
        var family = GeneratedFamily.Get();
        var files = new[] { family.Sealed("KasperskyLab.Library"), family.Sealed(Monitoring) };
        var inspect = Cli.Run(["inspect", "--json", .. files]);
        inspect.Code.Should().Be(ExitCodes.Success, inspect.Err);
        inspect.OutLines.Should().HaveCount(2);

        using var monitoring = JsonDocument.Parse(inspect.OutLines[1]);
        var root = monitoring.RootElement;
        root.GetProperty("file").GetString().Should().Be(files[1]);
        root.GetProperty("id").GetString().Should().Be(Monitoring);
        root.GetProperty("version").GetString().Should().Be("1.0.0.0");
        root.GetProperty("keyToken").GetString().Should().Be(family.KeyToken);
        root.GetProperty("signature").GetString().Should().Be("valid");
        var rules = XDocument.Load(family.Xml(Monitoring)).Descendants("Rule").Count();
        root.GetProperty("elements").GetProperty("rules").GetInt32().Should().Be(rules);
        using var library = JsonDocument.Parse(inspect.OutLines[0]);
        library.RootElement.GetProperty("id").GetString().Should().Be("KasperskyLab.Library");
    }

    [Fact]
    public void Delay_signed_pack_is_reported_as_such_until_key_sign_and_the_private_key_never_appears()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var outputs = new List<CliResult>();
        CliResult Kmp(params string[] args)
        {
            var result = Cli.Run(args);
            outputs.Add(result);
            return result;
        }

        var seal = Kmp("seal", family.Xml("KasperskyLab.Library"), "--delay-sign", family.PublicKey, "--out", temp.Path);
        seal.Code.Should().Be(ExitCodes.Success, seal.Err);
        seal.Out.Should().Contain($"key token {family.KeyToken}, DELAY-SIGNED)");
        seal.ErrLines.Should().ContainSingle().Which.Should().StartWith($"warning: DELAY-SIGNED with the public key {family.PublicKey} (token {family.KeyToken})");
        var pack = temp.File("KasperskyLab.Library.mp");

        var inspect = Kmp("inspect", pack);
        inspect.Code.Should().Be(ExitCodes.Success, "a delay-signed pack is a normal state before release");
        inspect.OutLines.Should().Contain("signature      delay-signed (not signed yet: sign with 'kmp key sign' before release)");
        using (var json = JsonDocument.Parse(Kmp("inspect", "--json", pack).Out))
            json.RootElement.GetProperty("signature").GetString().Should().Be("delay-signed");
        var unseal = Kmp("unseal", pack);
        unseal.Code.Should().Be(ExitCodes.Success);
        unseal.ErrLines.Should().ContainSingle().Which.Should().Be($"warning: {pack}: strong-name signature is delay-signed (not signed yet: sign with 'kmp key sign' before release)");

        var sign = Kmp("key", "sign", pack, family.KeyPair);
        sign.Code.Should().Be(ExitCodes.Success, sign.Err);
        sign.OutLines.Should().ContainSingle().Which.Should().Be($"{pack}: KasperskyLab.Library 1.0.0.0 signed, key token {family.KeyToken}");
        sign.Err.Should().BeEmpty();
        Cli.FilesIn(temp.Path).Should().Equal("KasperskyLab.Library.mp");
        if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(family.KeyPair).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Kmp("inspect", pack).OutLines.Should().Contain("signature      valid");
        SealedManagementPack.Open(pack).SignatureStatus.Should().Be(SignatureStatus.Valid);
        Kmp("seal", family.Xml("KasperskyLab.Library"), "--key", family.KeyPair, "--out", temp.File("direct")).Code.Should().Be(ExitCodes.Success);
        File.ReadAllBytes(pack).Should().Equal(File.ReadAllBytes(temp.File(Path.Combine("direct", "KasperskyLab.Library.mp"))),
            "delay-signing then signing gives the pack that signing at once gives");

        foreach (var output in outputs) Secrets.ShouldNotRevealPrivateKey(family.KeyPair, output.Out + output.Err);
    }

    [Fact]
    public void A_pack_changed_after_signing_inspects_as_invalid_with_exit_code_1()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var pack = temp.File("KasperskyLab.Library.mp");
        var bytes = File.ReadAllBytes(family.Sealed("KasperskyLab.Library"));
        bytes[^1] ^= 1; // section padding: still a readable pack, but not the signed bytes
        File.WriteAllBytes(pack, bytes);

        var inspect = Cli.Run("inspect", pack);
        inspect.Code.Should().Be(ExitCodes.Failed);
        inspect.OutLines.Should().Contain("signature      INVALID (the file was changed after signing)");
        var unseal = Cli.Run("unseal", pack);
        unseal.Code.Should().Be(ExitCodes.Success, "the XML is still readable");
        unseal.ErrLines.Should().ContainSingle().Which.Should().Be($"warning: {pack}: strong-name signature is INVALID (the file was changed after signing)");
    }

    [Fact]
    public void Seal_refuses_a_text_file_with_its_place_and_writes_nothing()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var input = temp.File("notes.xml");
        File.WriteAllText(input, "these are not the packs you are looking for\n");
        var result = Cli.Run("seal", input, "--key", family.KeyPair, "--out", temp.File("out"));
        result.ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(input)}:1:1: not well-formed XML: ");
        Cli.FilesIn(temp.File("out")).Should().BeEmpty();
    }

    [Fact]
    public void Seal_refuses_xml_that_is_not_a_management_pack()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var input = temp.File("settings.xml");
        File.WriteAllText(input, "<!-- settings -->\n<Settings><Value>1</Value></Settings>\n");
        var result = Cli.Run("seal", input, "--key", family.KeyPair, "--out", temp.File("out"));
        result.ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(input)}:2:2: root element is <Settings>, not <ManagementPack>$");
        Cli.FilesIn(temp.File("out")).Should().BeEmpty();
    }

    [Fact]
    public void Seal_counts_lines_from_the_start_of_the_file_even_after_an_xml_declaration()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var input = temp.File("settings.xml");
        File.WriteAllText(input, "<?xml version=\"1.0\"?>\n<Settings><Value>1</Value></Settings>\n");
        Cli.Run("seal", input, "--key", family.KeyPair, "--out", temp.File("out"))
            .ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(input)}:2:2: root element is <Settings>, not <ManagementPack>$");
        var pack = temp.File("KasperskyLab.Broken.xml");
        File.WriteAllText(pack, "<?xml version=\"1.0\"?>\n<ManagementPack>\n<Manifest><Identity><ID>KasperskyLab.Broken</ID><Version>1.0.0.0</Version></Identity></Manifest>\n<Broken attr=1/>\n</ManagementPack>\n");
        Cli.Run("seal", pack, "--key", family.KeyPair, "--out", temp.File("out"))
            .ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(pack)}:4:14: not well-formed XML: ");
        Cli.Run("verify", pack).ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(pack)}:4:14: not well-formed XML: ");
    }

    [Fact]
    public void A_dtd_is_refused_naming_the_line_and_column_of_its_doctype_as_other_xml_errors_are()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var pack = temp.File("KasperskyLab.Evil.xml");
        File.WriteAllText(pack, "<?xml version=\"1.0\"?>\n<!-- external -->  <!DOCTYPE ManagementPack [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<ManagementPack>&e;</ManagementPack>\n");
        var refusal = $@"^{Cli.Literal(pack)}:2:20: a DTD \(<!DOCTYPE …>\): kmp reads no DTD or entity declarations, and a management pack has none$";
        Cli.Run("seal", pack, "--key", family.KeyPair, "--out", temp.File("out")).ShouldBeOneLineError(ExitCodes.BadInput, refusal);
        Cli.Run("verify", pack).ShouldBeOneLineError(ExitCodes.BadInput, refusal);
        Cli.FilesIn(temp.Path).Should().Equal("KasperskyLab.Evil.xml");
    }

    [Fact]
    public void Seal_refuses_a_missing_file()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var input = temp.File("KasperskyLab.Missing.xml");
        var result = Cli.Run("seal", input, "--key", family.KeyPair, "--out", temp.File("out"));
        result.ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(input)}: file not found$");
        Cli.FilesIn(temp.Path).Should().BeEmpty();
    }

    [Fact]
    public void Seal_of_a_truncated_pack_leaves_the_previous_mp_untouched_and_no_temporary_file()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var input = temp.File(Monitoring + ".xml");
        File.Copy(family.Xml(Monitoring), input);
        Cli.Run("seal", input, "--key", family.KeyPair).Code.Should().Be(ExitCodes.Success);
        var before = File.ReadAllBytes(temp.File(Monitoring + ".mp"));

        // Without the declaration (see the skipped test above), cut inside an attribute value: the
        // reader reports the line where that value starts, the last line of the cut file.
        var xml = ManagementPackPayload.StoredText(File.ReadAllText(input)).ToString();
        var cut = xml[..(xml.IndexOf("Target=\"", xml.Length / 2, StringComparison.Ordinal) + 12)];
        File.WriteAllText(input, cut);
        var lines = cut.Split('\n').Length;
        var result = Cli.Run("seal", input, "--key", family.KeyPair);
        result.ShouldBeOneLineError(ExitCodes.BadInput, $@"^{Cli.Literal(input)}:{lines}:\d+: not well-formed XML: ");
        File.ReadAllBytes(temp.File(Monitoring + ".mp")).Should().Equal(before);
        Cli.FilesIn(temp.Path).Should().Equal(Monitoring + ".mp", Monitoring + ".xml");
    }

    [Fact]
    public void Seal_refuses_a_key_file_that_is_not_a_key()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var key = temp.File("release.snk");
        File.WriteAllText(key, "-----BEGIN RSA PRIVATE KEY-----\n");
        var result = Cli.Run("seal", family.Xml("KasperskyLab.Library"), "--key", key, "--out", temp.File("out"));
        result.ShouldBeOneLineError(ExitCodes.BadInput,
            $@"^{Cli.Literal(key)}: not a strong-name key file \(32 bytes\): expected an \.snk key pair \(sn -k\) or public key \(sn -p\)$");
        Cli.FilesIn(temp.Path).Should().Equal("release.snk");
    }

    [Fact]
    public void Seal_refuses_a_public_key_as_signing_key()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var result = Cli.Run("seal", family.Xml("KasperskyLab.Library"), "--key", family.PublicKey, "--out", temp.Path);
        result.ShouldBeOneLineError(ExitCodes.BadInput,
            $"^{Cli.Literal(family.PublicKey)}: holds only a public key, which cannot sign; use --delay-sign with it, or give the key pair$");
        Cli.FilesIn(temp.Path).Should().BeEmpty();
    }

    [Fact]
    public void Seal_refuses_key_and_delay_sign_together()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var result = Cli.Run("seal", family.Xml("KasperskyLab.Library"), "--key", family.KeyPair, "--delay-sign", family.PublicKey, "--out", temp.Path);
        result.ShouldBeOneLineError(ExitCodes.Usage, "^kmp: give either --key \\(sign\\) or --delay-sign \\(public key only\\), not both$");
        Cli.FilesIn(temp.Path).Should().BeEmpty();
    }

    [Fact]
    public void Unseal_and_inspect_refuse_a_text_file()
    {
        using var temp = new TempDirectory();
        var input = temp.File("KasperskyLab.Library.mp");
        File.WriteAllText(input, "Kaspersky Lab management packs, release notes\n");
        Cli.Run("unseal", input, "--out", temp.File("out.xml"))
            .ShouldBeOneLineError(ExitCodes.BadInput, $@"^{Cli.Literal(input)}: not a sealed management pack: not a \.NET assembly \(no MZ header\)$");
        Cli.Run("inspect", input)
            .ShouldBeOneLineError(ExitCodes.BadInput, $@"^{Cli.Literal(input)}: not a sealed management pack: not a \.NET assembly \(no MZ header\)$");

        var xml = temp.File("KasperskyLab.KSC.Discovery.mp");
        File.Copy(GeneratedFamily.Get().Xml("KasperskyLab.KSC.Discovery"), xml);
        Cli.Run("unseal", xml, "--out", temp.File("out.xml")).ShouldBeOneLineError(ExitCodes.BadInput,
            $@"^{Cli.Literal(xml)}: not a sealed management pack: this is XML \(an unsealed management pack\?\); seal it with 'kmp seal'$");
        Cli.FilesIn(temp.Path).Should().Equal("KasperskyLab.KSC.Discovery.mp", "KasperskyLab.Library.mp");
    }

    [Fact]
    public void Unseal_and_inspect_refuse_a_truncated_mp_and_write_nothing()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var input = temp.File(Monitoring + ".mp");
        var bytes = File.ReadAllBytes(family.Sealed(Monitoring));
        File.WriteAllBytes(input, bytes[..(bytes.Length / 2)]);
        var pattern = $"^{Cli.Literal(input)}: not a sealed management pack: the file is truncated ";
        Cli.Run("unseal", input, "--out", temp.File(Path.Combine("out", Monitoring + ".xml"))).ShouldBeOneLineError(ExitCodes.BadInput, pattern);
        Cli.Run("unseal", input).ShouldBeOneLineError(ExitCodes.BadInput, pattern);
        Cli.Run("inspect", input).ShouldBeOneLineError(ExitCodes.BadInput, pattern);
        Cli.FilesIn(temp.Path).Should().Equal(Monitoring + ".mp");
    }

    [Fact]
    public void Unseal_refuses_a_missing_file()
    {
        using var temp = new TempDirectory();
        var input = temp.File("KasperskyLab.Library.mp");
        Cli.Run("unseal", input).ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(input)}: file not found$");
    }
}
