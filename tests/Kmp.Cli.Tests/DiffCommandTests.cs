using System.Text.Json;
using Kmp.Testing;

namespace Kmp.Cli.Tests;

/// <summary><c>kmp diff</c>: element changes and the upgrade-compatibility verdict, on XML and sealed packs.</summary>
public class DiffCommandTests
{
    private const string Discovery = "KasperskyLab.KSC.Discovery";
    private const string Group = "KasperskyLab.KSC.ComputerGroup";
    private const string Unsealed = " (the old pack is unsealed: SCOM does not enforce this for unsealed packs)";

    [Fact]
    public void A_version_bump_that_adds_a_class_is_compatible()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var next = temp.File(Discovery + ".xml");
        File.WriteAllText(next, AddClass(Bump(File.ReadAllText(family.Xml(Discovery)))));

        var result = Cli.Run("diff", family.Xml(Discovery), next);
        result.Code.Should().Be(ExitCodes.Success, result.Out + result.Err);
        result.OutLines.Should().Equal(
            $"{Discovery} 1.0.0.0 -> 1.0.0.1",
            $"+ ClassType {Discovery}.Console",
            "1 added, 0 removed, 0 changed; upgrade compatible" + Unsealed);
        result.Err.Should().BeEmpty();
    }

    [Fact]
    public void A_sealed_old_version_against_new_xml_is_an_enforced_verdict()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var next = temp.File(Discovery + ".xml");
        File.WriteAllText(next, AddClass(Bump(File.ReadAllText(family.Xml(Discovery)))));

        var result = Cli.Run("diff", family.Sealed(Discovery), next);
        result.Code.Should().Be(ExitCodes.Success, result.Out + result.Err);
        result.OutLines.Should().Equal(
            $"{Discovery} 1.0.0.0 -> 1.0.0.1",
            $"+ ClassType {Discovery}.Console",
            "1 added, 0 removed, 0 changed; upgrade compatible");
    }

    [Fact]
    public void Removing_a_public_class_is_incompatible_with_the_reason()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var next = temp.File(Discovery + ".xml");
        File.WriteAllText(next, RemoveClass(Bump(File.ReadAllText(family.Xml(Discovery))), Group));

        var result = Cli.Run("diff", family.Sealed(Discovery), next);
        result.Code.Should().Be(ExitCodes.Failed, result.Out + result.Err);
        result.OutLines.Should().Equal(
            $"{Discovery} 1.0.0.0 -> 1.0.0.1",
            $"- ClassType {Group}",
            "0 added, 1 removed, 0 changed; NOT upgrade compatible:",
            $"KMP8003: {Group}: public ClassType removed");

        var json = Cli.Run("diff", "--json", family.Sealed(Discovery), next);
        json.Code.Should().Be(ExitCodes.Failed);
        using var document = JsonDocument.Parse(json.Out);
        var root = document.RootElement;
        root.GetProperty("managementPack").GetString().Should().Be(Discovery);
        root.GetProperty("oldVersion").GetString().Should().Be("1.0.0.0");
        root.GetProperty("newVersion").GetString().Should().Be("1.0.0.1");
        root.GetProperty("oldKeyToken").GetString().Should().Be(family.KeyToken);
        root.GetProperty("compatible").GetBoolean().Should().BeFalse();
        root.GetProperty("enforced").GetBoolean().Should().BeTrue();
        var change = root.GetProperty("changes").EnumerateArray().Should().ContainSingle().Subject;
        change.GetProperty("change").GetString().Should().Be("removed");
        change.GetProperty("kind").GetString().Should().Be("ClassType");
        change.GetProperty("id").GetString().Should().Be(Group);
        var problem = root.GetProperty("incompatibilities").EnumerateArray().Should().ContainSingle().Subject;
        problem.GetProperty("code").GetString().Should().Be("KMP8003");
        problem.GetProperty("element").GetString().Should().Be(Group);
    }

    [Fact]
    public void The_same_version_is_not_an_upgrade()
    {
        var family = GeneratedFamily.Get();
        var result = Cli.Run("diff", family.Sealed(Discovery), family.Xml(Discovery));
        result.Code.Should().Be(ExitCodes.Failed);
        result.OutLines.Should().Equal(
            $"{Discovery} 1.0.0.0 -> 1.0.0.0",
            "0 added, 0 removed, 0 changed; NOT upgrade compatible:",
            "KMP8001: version 1.0.0.0 is not higher than 1.0.0.0; SCOM does not install a sealed pack over the same or a newer version");
    }

    [Fact]
    public void A_new_version_sealed_with_another_key_is_incompatible()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var next = temp.File(Discovery + ".xml");
        File.WriteAllText(next, Bump(File.ReadAllText(family.Xml(Discovery))));
        var other = Cli.NewKeyPair(temp.File("other.snk"));
        Cli.Run("seal", next, "--key", temp.File("other.snk"), "--out", temp.File("sealed")).Code.Should().Be(ExitCodes.Success);

        var result = Cli.Run("diff", family.Sealed(Discovery), temp.File(Path.Combine("sealed", Discovery + ".mp")));
        result.Code.Should().Be(ExitCodes.Failed);
        result.OutLines.Should().Contain(
            $"KMP8002: key token changed from {family.KeyToken} to {other.PublicKeyToken}: it is another pack to SCOM, and packs that reference the old token no longer resolve");
    }

    [Fact]
    public void Diff_of_two_different_packs_or_a_broken_file_is_one_line()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var views = family.Xml("KasperskyLab.KSC.Views");
        Cli.Run("diff", family.Xml(Discovery), views).ShouldBeOneLineError(ExitCodes.BadInput,
            $"^kmp diff: {Cli.Literal(family.Xml(Discovery))} is {Discovery} and {Cli.Literal(views)} is KasperskyLab.KSC.Views; compare two versions of one pack$");

        var broken = temp.File(Discovery + ".mp");
        File.WriteAllBytes(broken, File.ReadAllBytes(family.Sealed(Discovery))[..1000]);
        Cli.Run("diff", family.Sealed(Discovery), broken).ShouldBeOneLineError(ExitCodes.BadInput,
            $"^{Cli.Literal(broken)}: not a sealed management pack: ");
    }

    private static string Bump(string xml)
    {
        const string version = "<Version>1.0.0.0</Version>";
        var index = xml.IndexOf(version, StringComparison.Ordinal);
        index.Should().BeGreaterThan(0);
        return xml.Remove(index, version.Length).Insert(index, "<Version>1.0.0.1</Version>");
    }

    private static string AddClass(string xml)
    {
        var anchor = xml.IndexOf($"<ClassType ID=\"{Group}\"", StringComparison.Ordinal);
        anchor.Should().BeGreaterThan(0);
        return xml.Insert(anchor,
            $"<ClassType ID=\"{Discovery}.Console\" Accessibility=\"Public\" Abstract=\"false\" Base=\"KL!KasperskyLab.Library.Application\" Hosted=\"true\" Singleton=\"false\" />\n        ");
    }

    private static string RemoveClass(string xml, string id)
    {
        var start = xml.IndexOf($"<ClassType ID=\"{id}\"", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0);
        var end = xml.IndexOf("/>", start, StringComparison.Ordinal) + 2;
        return xml.Remove(start, end - start);
    }
}
