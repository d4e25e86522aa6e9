using System.Xml.Linq;
using Kmp.Application.Docs;
using Kmp.Documentation;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Testing;

namespace Kmp.Documentation.Tests;

/// <summary>The guide of pack files (kmp docs FILE…): real vendor packs, and hostile text that must stay text.</summary>
public sealed class PackSiteTests
{
    /// <summary>Display strings and knowledge that would run script or break the page if written as markup.</summary>
    internal const string Script = "<script>window.pwned=1</script>";
    internal const string Image = "\"><img src=x onerror=\"window.pwned=2\">";

    /// <summary>A small unsealed pack (schema 1.0) whose texts and IDs are hostile.</summary>
    internal static string HostilePack(string id = "Evil.Pack") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <ManagementPack ContentReadable="true" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
          <Manifest>
            <Identity><ID>{id}</ID><Version>1.0.0.0</Version></Identity>
            <Name>Evil pack</Name>
            <References>
              <Reference Alias="Windows"><ID>Microsoft.Windows.Library</ID><Version>6.1.7221.0</Version><PublicKeyToken>31bf3856ad364e35</PublicKeyToken></Reference>
              <Reference Alias="Health"><ID>System.Health.Library</ID><Version>6.1.7221.0</Version><PublicKeyToken>31bf3856ad364e35</PublicKeyToken></Reference>
              <Reference Alias="SC"><ID>Microsoft.SystemCenter.Library</ID><Version>6.1.7221.0</Version><PublicKeyToken>31bf3856ad364e35</PublicKeyToken></Reference>
            </References>
          </Manifest>
          <Monitoring>
            <Rules>
              <Rule ID="Evil.Rule&quot;#x" Enabled="true" Target="Windows!Microsoft.Windows.Computer">
                <Category>Alert</Category>
                <DataSources><DataSource ID="DS" TypeID="Windows!Microsoft.Windows.EventProvider"><LogName>&lt;/code&gt;&lt;script&gt;x()&lt;/script&gt;</LogName></DataSource></DataSources>
                <WriteActions>
                  <WriteAction ID="Alert" TypeID="Health!System.Health.GenerateAlert">
                    <Priority>2</Priority><Severity>2</Severity>
                    <AlertMessageId>$MPElement[Name="Evil.Rule.Message"]$</AlertMessageId>
                  </WriteAction>
                </WriteActions>
              </Rule>
            </Rules>
          </Monitoring>
          <Presentation>
            <Views>
              <View ID="Evil.View" Accessibility="Public" Enabled="true" Target="Windows!Microsoft.Windows.Computer" TypeID="SC!Microsoft.SystemCenter.AlertViewType" Visible="true"><Category>Operations</Category></View>
            </Views>
            <Folders><Folder ID="Evil.Folder" Accessibility="Public" ParentFolder="SC!Microsoft.SystemCenter.Monitoring.ViewFolder.Root" /></Folders>
            <FolderItems><FolderItem ElementID="Evil.View" Folder="Evil.Folder" /></FolderItems>
            <StringResources><StringResource ID="Evil.Rule.Message" /></StringResources>
          </Presentation>
          <LanguagePacks>
            <LanguagePack ID="ENU" IsDefault="true">
              <DisplayStrings>
                <DisplayString ElementID="{id}"><Name>Evil pack {System.Security.SecurityElement.Escape(Script)}</Name></DisplayString>
                <DisplayString ElementID="Evil.Rule&quot;#x"><Name>Rule {System.Security.SecurityElement.Escape(Image)}</Name></DisplayString>
                <DisplayString ElementID="Evil.Rule.Message"><Name>Alert {System.Security.SecurityElement.Escape(Script)}</Name><Description>&lt;a href="javascript:alert(1)"&gt;click&lt;/a&gt;</Description></DisplayString>
                <DisplayString ElementID="Evil.View"><Name>View {System.Security.SecurityElement.Escape(Script)}</Name></DisplayString>
                <DisplayString ElementID="Evil.Folder"><Name>Folder {System.Security.SecurityElement.Escape(Image)}</Name></DisplayString>
              </DisplayStrings>
              <KnowledgeArticles>
                <KnowledgeArticle ElementID="Evil.Rule&quot;#x" Visible="true">
                  <MamlContent>
                    <maml:section xmlns:maml="http://schemas.microsoft.com/maml/2004/10"><maml:title>Summary</maml:title><maml:para>Knowledge {System.Security.SecurityElement.Escape(Script)}</maml:para></maml:section>
                    <maml:section xmlns:maml="http://schemas.microsoft.com/maml/2004/10"><maml:title>Resolutions</maml:title><maml:list><maml:listItem><maml:para>Step {System.Security.SecurityElement.Escape(Image)}</maml:para></maml:listItem></maml:list></maml:section>
                  </MamlContent>
                </KnowledgeArticle>
              </KnowledgeArticles>
            </LanguagePack>
          </LanguagePacks>
        </ManagementPack>
        """;

    internal static DocumentationSite Hostile(TempDirectory temp)
    {
        var file = temp.File("evil.xml");
        File.WriteAllText(file, HostilePack());
        return GenerateDocs.ForFiles([file], []);
    }

    [Fact]
    public void Every_text_from_a_pack_is_text_in_the_page_never_markup()
    {
        using var temp = new TempDirectory();
        var site = Hostile(temp);
        foreach (var page in site.Pages)
        {
            var xml = XDocument.Parse(page.Content);
            xml.Descendants("script").Should().ContainSingle($"{page.FileName} has only the site's own script").Which.Value.Should().NotContain("pwned");
            xml.Descendants("img").Should().BeEmpty();
            xml.Descendants().Where(e => e.Attributes().Any(a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal))).Should().BeEmpty();
            xml.Descendants("a").Select(a => a.Attribute("href")!.Value).Should().NotContain(h => h.Contains("javascript:"));
        }
        var text = Sites.Text(XDocument.Parse(site.Pages.Single(p => p.FileName == PackSite.PackPage("Evil.Pack")).Content));
        text.Should().Contain("Alert " + Script).And.Contain("Rule " + Image).And.Contain("View " + Script).And.Contain("Folder " + Image)
            .And.Contain("Knowledge " + Script).And.Contain("Step " + Image).And.Contain("<a href=\"javascript:alert(1)\">click</a>")
            .And.Contain("</code><script>x()</script>");
    }

    [Fact]
    public void Hostile_element_ids_make_working_anchors_and_safe_file_names()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("evil.xml"), HostilePack("Evil.Pack_x"));
        var site = GenerateDocs.ForFiles([temp.File("evil.xml")], []);
        site.Pages.Select(p => p.FileName).Should().OnlyContain(f => System.Text.RegularExpressions.Regex.IsMatch(f, @"^[A-Za-z0-9._-]+\.html$"));
        Sites.Write(site, temp.File("site"));
        Sites.BrokenLinks(temp.File("site")).Should().BeEmpty();
        site.Pages.Should().Contain(p => p.Content.Contains("id=\"r-Evil.Rule_0022_0023x\""), "the rule's ID with a quote and a hash becomes a plain anchor");
    }

    [Fact]
    public void Folders_nested_deeper_than_a_stack_and_folders_in_a_parent_cycle_are_all_in_the_guide()
    {
        using var temp = new TempDirectory();
        const int depth = 20_000;
        var folders = new System.Text.StringBuilder("<Folders><Folder ID=\"F0\" Accessibility=\"Public\" ParentFolder=\"SC!Microsoft.SystemCenter.Monitoring.ViewFolder.Root\" />");
        for (var i = 1; i < depth; i++) folders.Append($"<Folder ID=\"F{i}\" Accessibility=\"Public\" ParentFolder=\"F{i - 1}\" />");
        folders.Append("<Folder ID=\"C1\" Accessibility=\"Public\" ParentFolder=\"C2\" /><Folder ID=\"C2\" Accessibility=\"Public\" ParentFolder=\"C1\" />");
        folders.Append("<Folder ID=\"C3\" Accessibility=\"Public\" ParentFolder=\"C3\" /></Folders>");
        var xml = System.Text.RegularExpressions.Regex.Replace(HostilePack(), "<Folders>.*</Folders>", folders.ToString())
            .Replace("Folder=\"Evil.Folder\"", $"Folder=\"F{depth - 1}\" ID=\"Deep.Item\"", StringComparison.Ordinal);
        File.WriteAllText(temp.File("deep.xml"), xml);
        var page = XDocument.Parse(GenerateDocs.ForFiles([temp.File("deep.xml")], []).Pages.Single(p => p.FileName == PackSite.PackPage("Evil.Pack")).Content);
        var tree = page.Descendants("ul").Single(u => (string?)u.Attribute("data-tree") == "console");
        var deepest = tree.Descendants("span").Single(s => (string?)s.Attribute("data-folder") == $"F{depth - 1}");
        deepest.Ancestors("ul").Count().Should().Be(depth, "each folder is one level under its parent");
        deepest.Parent!.Descendants("span").Should().Contain(s => (string?)s.Attribute("data-view") != null, "the view placed in the deepest folder is inside it");
        page.Descendants("ul").Single(u => (string?)u.Attribute("data-tree") == "unreachable").Descendants("span")
            .Select(s => (string?)s.Attribute("data-folder")).Where(n => n != null).Should().Equal("C1", "C2", "C3");
    }

    [Fact]
    public void Bidirectional_overrides_and_C1_controls_of_a_pack_do_not_reach_the_page()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("bidi.xml"), HostilePack().Replace("<Name>Rule ", "<Name>Rule \u202Egnp.exe\u202C \u2066x\u2069 \u0085 ", StringComparison.Ordinal));
        var site = GenerateDocs.ForFiles([temp.File("bidi.xml")], []);
        foreach (var page in site.Pages)
            page.Content.Should().NotContainAny(["\u202E", "\u202C", "\u2066", "\u2069", "\u0085"], page.FileName);
        site.Pages.Should().Contain(p => p.Content.Contains("Rule \uFFFDgnp.exe\uFFFD \uFFFDx\uFFFD \uFFFD ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_underscore_in_an_ID_is_escaped_too_so_no_two_IDs_share_an_anchor()
    {
        SiteLayout.Anchor("r", "X.x y").Should().Be("r-X.x_0020y");
        SiteLayout.Anchor("r", "X.x_0020y").Should().Be("r-X.x_005f0020y");
        SiteLayout.FileName("pack", "Evil.Pack_x").Should().Be("pack-Evil.Pack_005fx.html");
    }

    [Fact]
    public void Packs_whose_IDs_differ_only_in_case_get_pages_whose_names_differ_ignoring_case()
    {
        // On NTFS or APFS pack-Foo.Bar.html and pack-foo.bar.html are one file: one pack's page would replace the other's.
        using var temp = new TempDirectory();
        string[] ids = ["Foo.Bar", "foo.bar", "FOO.BAR", "Foo.Bar_c2"];
        var files = ids.Select((id, i) =>
        {
            var file = temp.File($"p{i}.xml");
            File.WriteAllText(file, HostilePack(id));
            return file;
        }).ToList();
        var site = GenerateDocs.ForFiles(files, []);
        site.Pages.Select(p => p.FileName).Should().Equal("index.html", "pack-Foo.Bar_c2.html", "pack-foo.bar_c3.html", "pack-FOO.BAR.html", "pack-Foo.Bar_005fc2.html");
        site.Pages.Select(p => p.FileName.ToUpperInvariant()).Should().OnlyHaveUniqueItems();
        for (var i = 0; i < ids.Length; i++)
            site.Pages[i + 1].Content.Should().Contain($"Read from p{i}.xml", "each pack has a page of its own");
        GenerateDocs.Write(site, temp.File("site"));
        Sites.BrokenLinks(temp.File("site")).Should().BeEmpty();
        var index = Sites.Read(temp.File("site/index.html"));
        index.Descendants().Where(e => e.Name.LocalName == "a").Select(a => a.Attribute("href")!.Value).Where(h => h.StartsWith("pack-", StringComparison.Ordinal)).Distinct()
            .Should().BeEquivalentTo(site.Pages.Skip(1).Select(p => p.FileName), "the index leads to every pack's own page");
    }

    [Fact]
    public void Two_files_of_one_pack_are_refused_naming_both_instead_of_one_being_dropped()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("a.xml"), HostilePack());
        File.WriteAllText(temp.File("b.xml"), HostilePack().Replace("<Version>1.0.0.0</Version>", "<Version>1.0.0.1</Version>", StringComparison.Ordinal));
        var act = () => GenerateDocs.ForFiles([temp.File("a.xml"), temp.File("b.xml")], []);
        act.Should().Throw<KmpException>()
            .WithMessage($"{temp.File("b.xml")}: the pack Evil.Pack is given twice, here and in {temp.File("a.xml")}; the guide describes one file of each pack: give one of them")
            .Which.Kind.Should().Be(ErrorKind.BadInput);
        GenerateDocs.ForFiles([temp.File("a.xml"), temp.File("a.xml")], []).Pages.Should().Contain(p => p.FileName == PackSite.PackPage("Evil.Pack"), "one file given twice is one pack");
    }

    [Fact]
    public void Two_rules_sharing_one_alert_message_get_an_alert_each_and_a_pack_with_an_ID_twice_is_described_once()
    {
        using var temp = new TempDirectory();
        var xml = HostilePack();
        var start = xml.IndexOf("<Rule ", StringComparison.Ordinal);
        var end = xml.IndexOf("</Rule>", StringComparison.Ordinal) + "</Rule>".Length;
        var rule = xml[start..end];
        xml = xml.Insert(end, rule.Replace("Evil.Rule&quot;#x", "Evil.Second", StringComparison.Ordinal) + rule.Replace("Evil.Rule&quot;#x", "Evil.Second", StringComparison.Ordinal));
        File.WriteAllText(temp.File("shared.xml"), xml);
        var site = GenerateDocs.ForFiles([temp.File("shared.xml")], []);
        Sites.Write(site, temp.File("site"));
        Sites.BrokenLinks(temp.File("site")).Should().BeEmpty("no ID twice on a page");
        var page = Sites.Read(temp.File("site/" + PackSite.PackPage("Evil.Pack")));
        var alerts = page.Descendants("div").Where(d => d.Attribute("data-kind")?.Value == "alert").ToList();
        alerts.Select(a => a.Attribute("id")!.Value).Should().Equal("a-Evil.Rule.Message", "a-Evil.Rule.Message.Evil.Second");
        var second = page.Descendants("div").Single(d => d.Attribute("id")?.Value == "r-Evil.Second");
        second.Descendants("a").Select(a => a.Attribute("href")!.Value).Should().Contain("#a-Evil.Rule.Message.Evil.Second", "each rule links to the alert it raises");
        page.Descendants("div").Count(d => d.Attribute("data-kind")?.Value == "rule").Should().Be(2);
    }

    [SkippableFact]
    public void A_vendor_pack_and_a_Microsoft_pack_are_described_with_every_alert_monitor_rule_discovery_and_view()
    {
        var files = new[] { Corpus.File("vendor", "HewlettPackard.Servers.Library.mp"), Corpus.File("microsoft", "Microsoft.Windows.2008R2.DHCP.Server.mp") };
        var site = GenerateDocs.ForFiles(files, [Corpus.File("microsoft")]);
        using var temp = new TempDirectory();
        Sites.Write(site, temp.Path);
        Sites.BrokenLinks(temp.Path).Should().BeEmpty();
        foreach (var file in files)
        {
            var document = Kmp.Verification.PackInput.Load(file).Document;
            var expected = Sites.Expected(document);
            expected.Should().NotBeEmpty(file);
            var text = Sites.Text(Sites.Read(Path.Combine(temp.Path, PackSite.PackPage(document.Id))));
            foreach (var name in expected) text.Should().Contain(Sites.Collapse(name.Name), $"the {name.Kind} {name.ElementId} of {document.Id}");
        }
        // With the Microsoft libraries given, the DHCP pack's targets are named as the console names them, not by ID.
        var dhcp = Sites.Text(Sites.Read(Path.Combine(temp.Path, PackSite.PackPage("Microsoft.Windows.2008R2.DHCP.Server"))));
        dhcp.Should().Contain("Windows Computer");
        // A manual-reset monitor returns to healthy only by hand; a timed one does not "return at the next check".
        var page = Sites.Read(Path.Combine(temp.Path, PackSite.PackPage("Microsoft.Windows.2008R2.DHCP.Server")));
        var manual = Kmp.Verification.PackInput.Load(files[1]).Document.Elements
            .First(e => e.Kind == "UnitMonitor" && e.Attribute("TypeID")!.Contains("ManualReset", StringComparison.Ordinal));
        page.Descendants("div").Single(d => d.Attribute("id")?.Value == "m-" + manual.Id).Value.Should().Contain("Only by hand");
    }

    [SkippableFact]
    public void Every_pack_of_the_corpus_is_documented_with_every_link_leading_somewhere()
    {
        var files = Corpus.Files(".mp").Concat(Corpus.Files(".xml")).ToList();
        files.Should().HaveCountGreaterThan(20);
        using var temp = new TempDirectory();
        for (var i = 0; i < files.Count; i++)
        {
            var folder = temp.File(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Sites.Write(GenerateDocs.ForFiles([files[i]], []), folder);
            Sites.BrokenLinks(folder).Should().BeEmpty(files[i]);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_pack_is_refused_naming_the_file_and_the_place()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("broken.xml"), "<ManagementPack>\n  <Manifest>\n</ManagementPack>");
        var act = () => GenerateDocs.ForFiles([temp.File("broken.xml")], []);
        act.Should().Throw<KmpException>().Which.Message.Should().MatchRegex(@"broken\.xml:3:\d+: ");
        var missing = () => GenerateDocs.ForFiles([temp.File("absent.mp")], []);
        missing.Should().Throw<KmpException>().Which.Message.Should().Contain("absent.mp").And.Contain("no such file");
    }
}
