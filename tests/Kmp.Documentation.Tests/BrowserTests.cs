using Kmp.Application.Docs;
using Kmp.Documentation;
using Kmp.Kaspersky.Family;
using Kmp.ManagementPacks;
using Kmp.Testing;
using PuppeteerSharp;
using Xunit.Abstractions;

namespace Kmp.Documentation.Tests;

/// <summary>
/// The generated guide in a real browser (Debian's chromium, headless): what a person sees, the console folder
/// tree, links, no request leaving the site, search and filtering as an addition, print layout.
/// </summary>
public sealed class BrowserTests(Browser browser, ITestOutputHelper output) : IClassFixture<Browser>
{
    [SkippableFact]
    public async Task The_guide_of_the_whole_family_shows_every_alert_monitor_rule_discovery_and_view_and_the_console_folders()
    {
        var chromium = browser.Require();
        using var temp = new TempDirectory();
        var family = Sites.Family();
        Sites.Write(Sites.FamilySite(family), temp.Path);
        await using var reader = new SiteReader(chromium, temp.Path);
        var pages = await reader.ShowAll();

        foreach (var group in Sites.Expected(family).GroupBy(n => family.Packs.Single(p => p.Id == n.PackId).ProductKey is { } key ? FamilySite.ProductPage(key) : FamilySite.LibraryPage))
        {
            foreach (var name in group)
                pages[group.Key].VisibleText.Should().Contain(Sites.Collapse(name.Name), $"the {name.Kind} {name.ElementId} of {name.PackId} is visible on {group.Key}");
            (await reader.NotShown(group.Key, group)).Should().BeEmpty($"every element of {group.Key} is shown, by name, where it is described");
        }
        SiteReader.Broken(pages).Should().BeEmpty();
        reader.Outside.Should().BeEmpty("the site fetches nothing from elsewhere");
        reader.Errors.Should().BeEmpty();

        // The folder tree of each product page, read from the page as shown: the Kaspersky Lab folder, the product's folder, its views.
        var library = family.Packs.Single(p => p.Role == FamilyRole.Library).Pack;
        foreach (var views in family.Packs.Where(p => p.Role == FamilyRole.Views))
        {
            var p = await reader.Page();
            await p.GoToAsync(SiteReader.Url(Path.Combine(temp.Path, FamilySite.ProductPage(views.ProductKey!))));
            var tree = await p.EvaluateExpressionAsync<string[][]>("""
                Array.from(document.querySelectorAll('ul[data-tree] li')).filter(li => li.querySelector(':scope > .folder')).map(li =>
                  [li.querySelector(':scope > .folder').innerText].concat(
                    Array.from(li.querySelectorAll(':scope > ul > li > .view')).map(v => v.innerText)))
                """);
            string Name(ManagementPack pack, string id) => pack.LanguagePacks.Single(l => l.IsDefault).DisplayStrings.Single(s => s.ElementId == id && s.SubElementId is null).Name;
            var rootFolder = library.OfType<Folder>().Single();
            var productFolder = views.Pack.OfType<Folder>().Single();
            tree.Select(f => f[0]).Should().Equal(Name(library, rootFolder.Id), Name(views.Pack, productFolder.Id));
            tree[0].Skip(1).Should().BeEquivalentTo(library.OfType<View>().Select(v => Name(library, v.Id)));
            tree[1].Skip(1).Should().BeEquivalentTo(views.Pack.OfType<FolderItem>().Where(i => i.Folder.Id == productFolder.Id).Select(i => Name(views.Pack, i.ElementId.Id)),
                $"the {views.ProductKey} folder shows the views of {views.Id}");
        }

        await (await reader.Page()).GoToAsync(SiteReader.Url(Path.Combine(temp.Path, DocumentationSite.IndexPage)));
        await reader.Screenshot("family-index.png");
        await (await reader.Page()).GoToAsync(SiteReader.Url(Path.Combine(temp.Path, FamilySite.ProductPage("KES"))) + "#alerts");
        await reader.Screenshot("family-KES-alerts.png");
        await (await reader.Page()).GoToAsync(SiteReader.Url(Path.Combine(temp.Path, FamilySite.ProductPage("KSE"))) + "#console");
        await reader.Screenshot("family-KSE-console.png");
        output.WriteLine($"screenshots: {Browser.Artifacts}");
    }

    [SkippableFact]
    public async Task The_checks_in_the_browser_find_a_broken_anchor_and_a_name_not_shown()
    {
        var chromium = browser.Require();
        using var temp = new TempDirectory();
        Sites.Write(Sites.FamilySite(Sites.Family("KSC")), temp.Path);
        var kscPage = Path.Combine(temp.Path, FamilySite.ProductPage("KSC"));
        var html = File.ReadAllText(kscPage);
        var target = System.Text.RegularExpressions.Regex.Match(html, "href=\"#(a-[^\"]+)\"").Groups[1].Value;
        target.Should().NotBeEmpty("a monitor or rule links to its alert");
        File.WriteAllText(kscPage, html.Replace($"id=\"{target}\"", "id=\"moved\"", StringComparison.Ordinal));
        await using var reader = new SiteReader(chromium, temp.Path);
        SiteReader.Broken(await reader.ShowAll()).Should().Contain(b => b.Contains($"#{target} (no element"));
        // The check that names are shown finds a name that is not there, and an element that is not.
        var monitor = Sites.Expected(Sites.Family("KSC")).First(n => n.Kind == "monitor" && n.PackId == "KasperskyLab.KSC.Monitoring");
        (await reader.NotShown(FamilySite.ProductPage("KSC"), [monitor])).Should().BeEmpty();
        (await reader.NotShown(FamilySite.ProductPage("KSC"), [monitor with { Name = monitor.Name + " (not this)" }, monitor with { ElementId = "Nowhere.Monitor" }]))
            .Should().HaveCount(2);
    }

    [SkippableFact]
    public async Task Without_javascript_everything_is_shown_and_with_it_the_filter_hides_what_does_not_match()
    {
        var chromium = browser.Require();
        using var temp = new TempDirectory();
        var family = Sites.Family("KES");
        Sites.Write(Sites.FamilySite(family), temp.Path);
        var alerts = Sites.Expected(family).Where(e => e.Kind == "alert" && e.PackId.StartsWith("KasperskyLab.KES.", StringComparison.Ordinal)).ToList();
        alerts.Should().HaveCountGreaterThan(2);
        var url = SiteReader.Url(Path.Combine(temp.Path, FamilySite.ProductPage("KES")));

        var plain = await chromium.NewPageAsync();
        try
        {
            await plain.SetJavaScriptEnabledAsync(false);
            await plain.GoToAsync(url);
            (await plain.EvaluateExpressionAsync<bool>("document.getElementById('filter-box').hidden")).Should().BeTrue("the filter needs script: without it, it is not offered");
            var text = Sites.Collapse(await plain.EvaluateExpressionAsync<string>("document.body.innerText"));
            foreach (var a in alerts) text.Should().Contain(Sites.Collapse(a.Name));
        }
        finally
        {
            await plain.CloseAsync();
        }

        await using var reader = new SiteReader(chromium, temp.Path);
        var page = await reader.Page();
        await page.GoToAsync(url);
        (await page.EvaluateExpressionAsync<bool>("document.getElementById('filter-box').hidden")).Should().BeFalse();
        var chosen = alerts[0];
        await page.SelectAsync("#filter-kind", "alert");
        await page.TypeAsync("#filter", chosen.Name);
        var shown = await page.EvaluateExpressionAsync<string[]>("Array.from(document.querySelectorAll('.card[data-kind]')).filter(e => !e.hidden).map(e => e.id)");
        shown.Should().Equal("a-" + chosen.ElementId);
        var visible = Sites.Collapse(await page.EvaluateExpressionAsync<string>("document.body.innerText"));
        foreach (var other in alerts.Skip(1).Where(o => !chosen.Name.Contains(o.Name, StringComparison.Ordinal)))
            visible.Should().NotContain(Sites.Collapse(other.Name) + " ", "the filter hides alerts that do not match");
        await reader.Screenshot("family-KES-filtered.png");

        // Printed: no navigation bar, every card shown even when the filter hid it.
        await page.EmulateMediaTypeAsync(PuppeteerSharp.Media.MediaType.Print);
        (await page.EvaluateExpressionAsync<string>("getComputedStyle(document.querySelector('nav.site')).display")).Should().Be("none");
        (await page.EvaluateExpressionAsync<string>($"getComputedStyle(document.getElementById('a-{alerts[1].ElementId}')).display")).Should().Be("block");
        reader.Errors.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_vendor_pack_is_shown_with_every_alert_monitor_rule_discovery_and_view()
    {
        var chromium = browser.Require();
        var file = Corpus.File("vendor", "HewlettPackard.Servers.Library.mp");
        using var temp = new TempDirectory();
        GenerateDocs.Write(GenerateDocs.ForFiles([file], [Corpus.File("microsoft")]), temp.Path);
        await using var reader = new SiteReader(chromium, temp.Path);
        var pages = await reader.ShowAll();
        var document = Kmp.Verification.PackInput.Load(file).Document;
        var expected = Sites.Expected(document);
        expected.Select(e => e.Kind).Should().Contain(["monitor", "rule", "discovery", "view", "alert"]);
        foreach (var name in expected)
            pages[PackSite.PackPage(document.Id)].VisibleText.Should().Contain(Sites.Collapse(name.Name), $"the {name.Kind} {name.ElementId}");
        (await reader.NotShown(PackSite.PackPage(document.Id), expected)).Should().BeEmpty();
        SiteReader.Broken(pages).Should().BeEmpty();
        reader.Outside.Should().BeEmpty();
        reader.Errors.Should().BeEmpty();
        await (await reader.Page()).GoToAsync(SiteReader.Url(Path.Combine(temp.Path, PackSite.PackPage(document.Id))));
        await reader.Screenshot("vendor-HewlettPackard.Servers.Library.png");
    }

    [SkippableFact]
    public async Task Hostile_display_strings_and_knowledge_show_as_text_and_run_nothing()
    {
        var chromium = browser.Require();
        using var temp = new TempDirectory();
        Sites.Write(PackSiteTests.Hostile(temp), temp.File("site"));
        await using var reader = new SiteReader(chromium, temp.File("site"));
        var pages = await reader.ShowAll();
        var text = pages[PackSite.PackPage("Evil.Pack")].VisibleText;
        text.Should().Contain("Alert " + PackSiteTests.Script).And.Contain("Knowledge " + PackSiteTests.Script).And.Contain("Step " + PackSiteTests.Image);
        (await (await reader.Page()).EvaluateExpressionAsync<bool>("typeof window.pwned === 'undefined'")).Should().BeTrue("no text of the pack ran as script");
        reader.Errors.Should().BeEmpty();
        reader.Outside.Should().BeEmpty("the <img src=x> of the pack is text, so nothing was requested");
        SiteReader.Broken(pages).Should().BeEmpty();
    }
}
