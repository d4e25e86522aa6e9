using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Operations.Plans;

namespace Kmp.Operations.Tests.Removal;

public sealed class OverrideStripperTests
{
    [Fact]
    public void Only_the_overrides_on_the_removed_packs_go_with_their_strings_and_references_and_the_version_is_bumped()
    {
        var stripped = OverrideStripper.Strip(TestPacks.CustomerOverrides("KSWS", "2.1.0.9").Xml(), ["KasperskyLab.KSWS.Monitoring", "KasperskyLab.KSWS.Discovery"]);
        stripped.Version.Should().Be(new Version(2, 1, 0, 10));
        stripped.RemovedOverrides.Should().Equal("Contoso.Override.KasperskyService");
        var document = ManagementPackDocument.Parse(stripped.Xml);
        document.Version.Should().Be(new Version(2, 1, 0, 10));
        document.References.Select(r => r.ManagementPackId).Should().Equal("System.Library", "Microsoft.Windows.Library");
        document.Elements.Select(e => e.Id).Should().Equal("Contoso.Override.WindowsDisk");
        document.DisplayName("Contoso.Override.WindowsDisk").Should().Be("Quieter disk monitor");
        stripped.Xml.Should().NotContain("KasperskyService").And.NotContain("KLM!");
    }

    [Fact]
    public void A_pack_that_uses_the_family_in_more_than_overrides_is_refused_with_the_elements_named()
    {
        var xml = TestPacks.Xml("Contoso.Custom", "1.0.0.0",
            [TestPacks.System, new TestReference("KLD", "KasperskyLab.KSWS.Discovery", "1.0.0.0")],
            rules: [TestPacks.Rule("Contoso.MyKasperskyRule", "KLD!KasperskyLab.KSWS.Application")],
            overrides: [TestPacks.Override("Contoso.O", "KLD!KasperskyLab.KSWS.Application", "KLD!KasperskyLab.KSWS.Monitor")]);
        var act = () => OverrideStripper.Strip(xml, ["KasperskyLab.KSWS.Discovery"]);
        act.Should().Throw<KmpRefusedException>().WithMessage("Contoso.Custom: uses the packs being removed in more than overrides: Rule Contoso.MyKasperskyRule (line *)*edit this pack by hand*");
    }

    [Fact]
    public void Refusals_name_the_line_and_column_of_what_uses_the_removed_packs()
    {
        var rule = TestPacks.Rule("Contoso.MyKasperskyRule", "KLD!KasperskyLab.KSWS.Application");
        var xml = TestPacks.Xml("Contoso.Custom", "1.0.0.0", [TestPacks.System, new TestReference("KLD", "KasperskyLab.KSWS.Discovery", "1.0.0.0")], rules: [rule]);
        var act = () => OverrideStripper.Strip(xml, ["KasperskyLab.KSWS.Discovery"]);
        var (line, column) = PlaceOf(xml, "<Rule ID=\"Contoso.MyKasperskyRule\"");
        act.Should().Throw<KmpRefusedException>().Which.Message.Should().Be(
            $"Contoso.Custom: uses the packs being removed in more than overrides: Rule Contoso.MyKasperskyRule (line {line}, column {column}); kmp strips only overrides, so edit this pack by hand or remove it");

        // Left after the overrides go: a display string naming an element of the removed pack.
        xml = TestPacks.Xml("Contoso.Custom", "1.0.0.0", [TestPacks.System, new TestReference("KLD", "KasperskyLab.KSWS.Discovery", "1.0.0.0")],
            overrides: [TestPacks.Override("Contoso.O", "KLD!KasperskyLab.KSWS.Application", "KLD!KasperskyLab.KSWS.Monitor")],
            displayStrings: [("Contoso.Custom", "Overrides of KLD!KasperskyLab.KSWS.Application")]);
        act = () => OverrideStripper.Strip(xml, ["KasperskyLab.KSWS.Discovery"]);
        (line, column) = PlaceOf(xml, "<Name>Overrides of KLD!");
        line.Should().BeGreaterThan(1);
        act.Should().Throw<KmpRefusedException>().Which.Message.Should().Be(
            $"Contoso.Custom: <Name> at line {line}, column {column} still uses the packs being removed after their overrides were taken out; edit this pack by hand");
    }

    /// <summary>The line and column (1-based) of the name of the element whose start tag begins with <paramref name="start"/>, counted in the text.</summary>
    private static (int Line, int Column) PlaceOf(string xml, string start)
    {
        var at = xml.IndexOf(start, StringComparison.Ordinal);
        at.Should().BeGreaterThan(0, start);
        var lineStart = xml.LastIndexOf('\n', at) + 1;
        return (xml[..at].Count(c => c == '\n') + 1, at - lineStart + 2); // the column of the name, after '<', as XML readers give it
    }

    [Fact]
    public void A_pack_without_references_to_the_removed_packs_is_left_as_it_is()
    {
        var xml = TestPacks.CustomerOverrides("KSWS").Xml();
        var result = OverrideStripper.Strip(xml, ["KasperskyLab.WSEE.Discovery"]);
        result.Xml.Should().Be(xml);
        result.RemovedOverrides.Should().BeEmpty();
    }

    [Fact]
    public void An_alias_that_is_a_prefix_of_another_is_not_confused_with_it()
    {
        var xml = TestPacks.Xml("Contoso.Custom", "1.0.0.0",
            [new TestReference("K", "KasperskyLab.KSWS.Discovery", "1.0.0.0"), new TestReference("KW", "KasperskyLab.WSEE.Discovery", "1.0.0.0")],
            overrides: [TestPacks.Override("Contoso.Keep", "KW!KasperskyLab.WSEE.Application", "KW!KasperskyLab.WSEE.Monitor"), TestPacks.Override("Contoso.Drop", "K!KasperskyLab.KSWS.Application", "K!KasperskyLab.KSWS.Monitor")]);
        var result = OverrideStripper.Strip(xml, ["KasperskyLab.KSWS.Discovery"]);
        result.RemovedOverrides.Should().Equal("Contoso.Drop");
        ManagementPackDocument.Parse(result.Xml).Elements.Select(e => e.Id).Should().Equal("Contoso.Keep");
    }
}
