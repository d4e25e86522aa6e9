using System.Text.Json;
using System.Text.RegularExpressions;
using Kmp.Testing;

namespace Kmp.Cli.Tests;

/// <summary><c>kmp verify</c> on the generated family, on injected defects, and on bad input.</summary>
public class VerifyCommandTests
{
    private const string Monitoring = "KasperskyLab.KSC.Monitoring";
    private const string AlertRule = "KasperskyLab.KSC.VirusOutbreak.Alert.Rule";

    [Fact]
    public void The_generated_family_verifies_clean_as_xml_and_as_sealed_packs()
    {
        var family = GeneratedFamily.Get();
        var count = family.XmlFiles.Count;
        count.Should().BeGreaterThan(20);

        var xml = Cli.Run(["verify", .. family.XmlFiles]);
        xml.Code.Should().Be(ExitCodes.Success, xml.Out + xml.Err);
        xml.OutLines.Should().Equal($"{count} packs verified: 0 errors, 0 warnings");
        xml.Err.Should().BeEmpty();

        var sealedPacks = Cli.Run(["verify", .. family.SealedFiles]);
        sealedPacks.Code.Should().Be(ExitCodes.Success, sealedPacks.Out + sealedPacks.Err);
        sealedPacks.OutLines.Should().Equal($"{count} packs verified: 0 errors, 0 warnings");
    }

    [SkippableFact]
    public void The_generated_family_verifies_clean_against_the_real_libraries_and_microsofts_schemas()
    {
        var microsoft = Corpus.File("microsoft");
        var schemas = Corpus.File("xsd");
        var family = GeneratedFamily.Get();
        var count = family.XmlFiles.Count;
        foreach (var files in new[] { family.XmlFiles, family.SealedFiles })
        {
            var result = Cli.Run(["verify", .. files, "--references", microsoft, "--schemas", schemas]);
            result.Code.Should().Be(ExitCodes.Success, result.Out + result.Err);
            result.OutLines.Should().Equal($"{count} packs verified: 0 errors, 0 warnings");
        }
    }

    [Fact]
    public void A_rule_without_write_actions_is_an_error_with_file_and_line_and_exit_code_1()
    {
        using var temp = new TempDirectory();
        var files = GeneratedFamily.Get().CopyXmlTo(temp.Path);
        var file = temp.File(Monitoring + ".xml");
        var xml = File.ReadAllText(file);
        var writeActions = new Regex("<WriteActions>.*?</WriteActions>\\s*", RegexOptions.Singleline).Match(xml, xml.IndexOf(AlertRule, StringComparison.Ordinal));
        writeActions.Success.Should().BeTrue();
        File.WriteAllText(file, xml.Remove(writeActions.Index, writeActions.Length));

        var result = Cli.Run(["verify", .. files]);
        result.Code.Should().Be(ExitCodes.Failed, result.Out + result.Err);
        var line = LineOf(xml, $"<Rule ID=\"{AlertRule}\"");
        result.OutLines.Should().ContainSingle(l => l.Contains(" error "))
            .Which.Should().MatchRegex($"^{Cli.Literal(file)}:{line}: error KMP5007: {Monitoring}/{Regex.Escape(AlertRule)}: .+");
        result.OutLines[^1].Should().MatchRegex($@"^{files.Count} packs verified: 1 error, \d+ warnings?$");
        result.Err.Should().BeEmpty();
    }

    [Fact]
    public void An_unknown_alias_is_reported_at_its_line_and_json_carries_the_code()
    {
        using var temp = new TempDirectory();
        var files = GeneratedFamily.Get().CopyXmlTo(temp.Path);
        var file = temp.File(Monitoring + ".xml");
        var xml = File.ReadAllText(file);
        // The KSC alert rules rest on an unconfirmed log and ship disabled (Enabled="false").
        var target = $"<Rule ID=\"{AlertRule}\" Enabled=\"false\" Target=\"KLD!";
        xml.Should().Contain(target);
        File.WriteAllText(file, xml.Replace(target, target.Replace("KLD!", "NOPE!")));
        var line = LineOf(xml, target);

        var text = Cli.Run(["verify", .. files]);
        text.Code.Should().Be(ExitCodes.Failed);
        text.OutLines.Should().Contain(l => Regex.IsMatch(l, $"^{Cli.Literal(file)}:{line}: error KMP3001: {Monitoring}/{Regex.Escape(AlertRule)}: .*NOPE"));

        var json = Cli.Run(["verify", "--json", .. files]);
        json.Code.Should().Be(ExitCodes.Failed);
        using var report = JsonDocument.Parse(json.Out);
        var root = report.RootElement;
        root.GetProperty("packs").GetArrayLength().Should().Be(files.Count);
        root.GetProperty("errors").GetInt32().Should().BeGreaterThanOrEqualTo(1);
        var finding = root.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "KMP3001");
        finding.GetProperty("severity").GetString().Should().Be("error");
        finding.GetProperty("managementPack").GetString().Should().Be(Monitoring);
        finding.GetProperty("element").GetString().Should().Be(AlertRule);
        finding.GetProperty("file").GetString().Should().Be(file);
        finding.GetProperty("line").GetInt32().Should().Be(line);
        finding.GetProperty("message").GetString().Should().Contain("NOPE");
    }

    [Fact]
    public void A_delay_signed_pack_fails_verify_unless_allowed_and_then_fails_with_warnings_as_errors()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        Cli.Run("seal", family.Xml("KasperskyLab.Library"), "--delay-sign", family.PublicKey, "--out", temp.Path).Code.Should().Be(ExitCodes.Success);
        var pack = temp.File("KasperskyLab.Library.mp");

        var refused = Cli.Run("verify", pack);
        refused.Code.Should().Be(ExitCodes.Failed, refused.Out);
        refused.OutLines.Should().Equal(refused.OutLines[0], "1 pack verified: 1 error, 0 warnings");
        refused.OutLines[0].Should().MatchRegex($"^{Cli.Literal(pack)}: error KMP7002: KasperskyLab.Library: .*--allow-delay-signed");

        var lenient = Cli.Run("verify", pack, "--allow-delay-signed");
        lenient.Code.Should().Be(ExitCodes.Success, lenient.Out);
        lenient.OutLines.Should().Equal(
            lenient.OutLines[0],
            "1 pack verified: 0 errors, 1 warning");
        lenient.OutLines[0].Should().MatchRegex($"^{Cli.Literal(pack)}: warning KMP7005: KasperskyLab.Library: ");

        var strict = Cli.Run("verify", pack, "--allow-delay-signed", "--warnings-as-errors");
        strict.Code.Should().Be(ExitCodes.Failed);
        strict.OutLines.Should().Equal(lenient.OutLines);

        using var json = JsonDocument.Parse(Cli.Run("verify", "--json", pack).Out);
        json.RootElement.GetProperty("errors").GetInt32().Should().Be(1);
        json.RootElement.GetProperty("findings")[0].GetProperty("code").GetString().Should().Be("KMP7002");
        json.RootElement.GetProperty("findings")[0].GetProperty("severity").GetString().Should().Be("error");
    }

    [Fact]
    public void Verify_refuses_a_file_that_is_not_xml_with_its_place()
    {
        using var temp = new TempDirectory();
        var file = temp.File("KasperskyLab.Library.xml");
        File.WriteAllText(file, "<ManagementPack>\n  <Manifest>\n</ManagementPack>\n");
        Cli.Run("verify", file).ShouldBeOneLineError(ExitCodes.BadInput, $@"^{Cli.Literal(file)}:3:\d+: ");
    }

    [Fact]
    public void Verify_refuses_a_missing_file_and_a_bad_key_token()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var missing = temp.File("KasperskyLab.Missing.mp");
        Cli.Run("verify", missing).ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(missing)}: ");
        Cli.Run("verify", family.Xml("KasperskyLab.Library"), "--key-token", "31bf3856ad36")
            .ShouldBeOneLineError(ExitCodes.BadInput, @"^kmp verify: --key-token '31bf3856ad36' is not a key token \(16 hex digits\)$");
    }

    private static int LineOf(string text, string what)
    {
        var index = text.IndexOf(what, StringComparison.Ordinal);
        index.Should().BeGreaterThanOrEqualTo(0, $"'{what}' is in the text");
        return text.AsSpan(0, index).Count('\n') + 1;
    }

    [Fact]
    public void Strict_references_make_the_references_folders_the_whole_group()
    {
        using var dir = new TempDirectory();
        var libraries = dir.File("group");
        Directory.CreateDirectory(libraries);
        File.WriteAllText(Path.Combine(libraries, "Fabrikam.Library.xml"),
            "<ManagementPack><Manifest><Identity><ID>Fabrikam.Library</ID><Version>1.0.0.0</Version></Identity><Name>F</Name></Manifest></ManagementPack>");
        var pack = dir.File("Test.Strict.xml");
        File.WriteAllText(pack, """
            <ManagementPack ContentReadable="true">
              <Manifest>
                <Identity><ID>Test.Strict</ID><Version>1.0.0.0</Version></Identity>
                <Name>Test.Strict</Name>
                <References>
                  <Reference Alias="F"><ID>Fabrikam.Library</ID><Version>1.0.0.0</Version><PublicKeyToken>0123456789abcdef</PublicKeyToken></Reference>
                  <Reference Alias="System"><ID>System.Library</ID><Version>6.1.7221.0</Version><PublicKeyToken>31bf3856ad364e35</PublicKeyToken></Reference>
                </References>
              </Manifest>
            </ManagementPack>
            """);

        var lenient = Cli.Run("verify", pack, "--references", libraries);
        lenient.Code.Should().Be(ExitCodes.Success, lenient.Out + lenient.Err);

        var strict = Cli.Run("verify", pack, "--references", libraries, "--strict-references");
        strict.Code.Should().Be(ExitCodes.Failed, strict.Out + strict.Err);
        strict.OutLines.Should().ContainSingle(l => l.Contains("error KMP3017", StringComparison.Ordinal))
            .Which.Should().Contain("could not load management pack [ID=System.Library, KeyToken=31bf3856ad364e35, Version=6.1.7221.0]. The management pack was not found in the store.",
                "the folder is the whole group: it has no System.Library");
    }
}
