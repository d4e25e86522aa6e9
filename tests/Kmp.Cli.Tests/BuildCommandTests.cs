using Kmp.Packaging;
using Kmp.Testing;

namespace Kmp.Cli.Tests;

public class BuildCommandTests
{
    private static (int Code, string Out, string Err) Kmp(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Templates => Path.Combine(Corpus.RepositoryRoot, "mp-templates");

    [Fact]
    public void Build_all_writes_xml_and_a_signed_mp_for_every_pack_and_two_builds_are_identical()
    {
        using var temp = new TempDirectory();
        var key = temp.File("release.snk");
        KeyFiles.WriteKeyPair(key, StrongNameKey.Generate());
        var first = Kmp("build", "--all", "--out", temp.File("a"), "--key", key, "--templates", Templates);
        var second = Kmp("build", "--all", "--out", temp.File("b"), "--key", key, "--templates", Templates);
        first.Code.Should().Be(0, first.Err);
        second.Code.Should().Be(0, second.Err);

        var files = Directory.GetFiles(temp.File("a")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        files.Should().Contain(["KasperskyLab.Library.xml", "KasperskyLab.Library.mp", "KasperskyLab.KSWS.Views.mp"]);
        foreach (var name in files)
            File.ReadAllBytes(Path.Combine(temp.Path, "b", name!)).Should().Equal(File.ReadAllBytes(Path.Combine(temp.Path, "a", name!)), $"{name} must be reproducible");

        var library = SealedManagementPack.Open(Path.Combine(temp.Path, "a", "KasperskyLab.Library.mp"));
        library.SignatureStatus.Should().Be(SignatureStatus.Valid);
        library.PublicKeyToken.Should().Be(StrongNameKey.Load(key).PublicKeyToken);
        first.Err.Should().NotContain(Convert.ToBase64String(File.ReadAllBytes(key))[..40], "the private key never appears in output");
    }

    /// <summary>
    /// The build seals each pack from the document verification read (one parse for both): every .mp is
    /// byte for byte what sealing its written XML on its own gives (how the build sealed before), for both targets.
    /// </summary>
    [Theory]
    [InlineData("2007R2")]
    [InlineData("2012")]
    public void Every_sealed_pack_is_byte_for_byte_the_seal_of_its_written_xml(string target)
    {
        using var temp = new TempDirectory();
        var keyFile = temp.File("release.snk");
        var key = StrongNameKey.Generate();
        KeyFiles.WriteKeyPair(keyFile, key);
        var build = Kmp("build", "--all", "--target", target, "--out", temp.File("out"), "--key", keyFile, "--templates", Templates);
        build.Code.Should().Be(0, build.Err);

        var xmlFiles = Directory.GetFiles(temp.File("out"), "*.xml");
        xmlFiles.Should().HaveCountGreaterThan(4);
        var options = new SealOptions { Company = "Kaspersky Lab", Copyright = "Copyright (c) Kaspersky Lab" };
        foreach (var xml in xmlFiles)
        {
            var expected = ManagementPackSealer.Seal(ManagementPackSealer.ReadXmlFile(xml), key, options, xml);
            File.ReadAllBytes(Path.ChangeExtension(xml, ".mp")).Should().Equal(expected, $"{Path.GetFileName(xml)} sealed by the build");
        }
    }

    [Fact]
    public void A_build_into_a_folder_another_build_is_writing_is_refused_and_writes_nothing()
    {
        using var temp = new TempDirectory();
        var key = temp.File("release.snk");
        KeyFiles.WriteKeyPair(key, StrongNameKey.Generate());
        var output = temp.File("out");
        Directory.CreateDirectory(output);
        using (new FileStream(Path.Combine(output, ".kmp-build.lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            var busy = Kmp("build", "--all", "--out", output, "--key", key, "--templates", Templates);
            busy.Code.Should().Be(ExitCodes.GroupBusy, busy.Err);
            busy.Err.Should().Contain("another kmp command is writing into this folder");
            Directory.GetFiles(output).Select(Path.GetFileName).Should().Equal(".kmp-build.lock");
        }
        File.Delete(Path.Combine(output, ".kmp-build.lock"));
        var done = Kmp("build", "--all", "--out", output, "--key", key, "--templates", Templates);
        done.Code.Should().Be(ExitCodes.Success, done.Err);
        File.Exists(Path.Combine(output, ".kmp-build.lock")).Should().BeFalse("the hold is deleted when released");
    }

    [Fact]
    public void A_broken_template_is_one_line_naming_file_and_place_and_nothing_is_written()
    {
        using var temp = new TempDirectory();
        CopyFolder(Templates, temp.File("templates"));
        var product = Path.Combine(temp.Path, "templates", "products", "ksws.json");
        File.WriteAllText(product, File.ReadAllText(product).Replace("\"key\": \"KSWS\"", "\"key\": \"KSWS\", \"bogus\": 1"));
        var result = Kmp("build", "--all", "--out", temp.File("out"), "--templates", temp.File("templates"), "--xml-only");
        result.Code.Should().Be(3);
        result.Err.Trim().Split('\n').Should().ContainSingle().Which.Should().MatchRegex(@"ksws\.json:\d+:\d+: .*bogus");
        Directory.Exists(temp.File("out")).Should().BeFalse("a failed build writes nothing");
    }

    [Fact]
    public void Unknown_product_and_bad_version_are_refused_with_one_line()
    {
        using var temp = new TempDirectory();
        var unknown = Kmp("build", "--product", "NOPE", "--out", temp.Path, "--templates", Templates, "--xml-only");
        unknown.Code.Should().Be(3);
        unknown.Err.Should().Contain("unknown product 'NOPE'").And.Contain("KSWS");
        var version = Kmp("build", "--all", "--version", "1.0", "--out", temp.Path, "--xml-only");
        version.Code.Should().Be(3);
        version.Err.Trim().Should().Be("kmp build: --version '1.0' is not a four-part version (e.g. 1.0.0.0)");
    }

    [Fact]
    public void Target_2012_writes_schema_2_packs()
    {
        using var temp = new TempDirectory();
        var result = Kmp("build", "--product", "KSC", "--target", "2012", "--out", temp.Path, "--templates", Templates, "--xml-only");
        result.Code.Should().Be(0, result.Err);
        File.ReadAllText(temp.File("KasperskyLab.KSC.Views.xml")).Should().Contain("SchemaVersion=\"2.0\"");
        Directory.GetFiles(temp.Path, "*.mp").Should().BeEmpty();
    }

    [Fact]
    public void The_build_verifies_the_family_with_no_findings()
    {
        using var temp = new TempDirectory();
        var result = Kmp("build", "--all", "--out", temp.Path, "--templates", Templates, "--xml-only", "--warnings-as-errors", "--target", "2012");
        result.Code.Should().Be(0, result.Err);
        result.Err.Should().NotContain(" KMP");
    }

    [Fact]
    public void A_baseline_passes_a_higher_version_and_stops_a_build_that_drops_a_released_monitor()
    {
        using var temp = new TempDirectory();
        var key = temp.File("release.snk");
        KeyFiles.WriteKeyPair(key, StrongNameKey.Generate());
        Kmp("build", "--all", "--out", temp.File("v1"), "--key", key, "--templates", Templates).Code.Should().Be(0);

        var next = Kmp("build", "--all", "--version", "1.0.0.1", "--out", temp.File("v2"), "--key", key, "--templates", Templates, "--baseline", temp.File("v1"));
        next.Code.Should().Be(0, next.Err);

        var same = Kmp("build", "--all", "--out", temp.File("v1again"), "--key", key, "--templates", Templates, "--baseline", temp.File("v1"));
        same.Code.Should().Be(1);
        same.Err.Should().Contain("not upgrade compatible").And.Contain("nothing was written");
        Directory.Exists(temp.File("v1again")).Should().BeFalse();

        CopyFolder(Templates, temp.File("templates"));
        var ksws = Path.Combine(temp.Path, "templates", "products", "ksws.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ksws))!;
        json["services"]!.AsArray().RemoveAt(0);
        File.WriteAllText(ksws, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var dropped = Kmp("build", "--all", "--version", "1.0.0.2", "--out", temp.File("v3"), "--key", key, "--templates", temp.File("templates"), "--baseline", temp.File("v1"));
        dropped.Code.Should().Be(1);
        dropped.Err.Should().MatchRegex(@"KasperskyLab\.KSWS\.Monitoring: not upgrade compatible with 1\.0\.0\.0: KMP\d+: KasperskyLab\.KSWS\.Service\.\w+\.Monitor");
        Directory.Exists(temp.File("v3")).Should().BeFalse();
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
