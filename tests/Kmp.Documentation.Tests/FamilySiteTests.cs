using System.Xml.Linq;
using Kmp.Documentation;
using Kmp.Kaspersky.Family;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Documentation.Tests;

/// <summary>The family's guide read as files (no browser): what it must say, and that every link leads somewhere.</summary>
public sealed class FamilySiteTests
{
    private static readonly Lazy<(ManagementPackFamily Family, DocumentationSite Site)> All = new(() =>
    {
        var family = Sites.Family();
        return (family, Sites.FamilySite(family));
    });

    private static XDocument Page(string name) => XDocument.Parse(All.Value.Site.Pages.Single(p => p.FileName == name).Content);

    private static string Text(string name) => Sites.Text(Page(name));

    [Fact]
    public void Every_alert_monitor_rule_discovery_and_view_of_every_pack_is_named_on_the_page_of_its_pack()
    {
        var (family, _) = All.Value;
        var expected = Sites.Expected(family);
        expected.Select(e => e.Kind).Distinct().Should().BeEquivalentTo(["alert", "monitor", "rule", "discovery", "view"]);
        foreach (var name in expected)
        {
            var member = family.Packs.Single(p => p.Id == name.PackId);
            var page = member.ProductKey is { } key ? FamilySite.ProductPage(key) : FamilySite.LibraryPage;
            Text(page).Should().Contain(Sites.Collapse(name.Name), $"the {name.Kind} {name.ElementId} of {name.PackId} is described on {page}");
        }
    }

    [Fact]
    public void Each_performance_rule_sharing_the_monitors_script_run_tells_on_its_products_page_to_override_it_with_those_monitors()
    {
        var (family, _) = All.Value;
        var shared = family.Packs.Where(p => p.ProductKey is not null)
            .SelectMany(p => p.Pack.OfType<Rule>().Where(r => r.Category == MonitoringCategory.PerformanceCollection)
                .Select(r => (p.ProductKey, Description: p.Pack.LanguagePacks.SelectMany(l => l.DisplayStrings).First(d => d.ElementId == r.Id && d.SubElementId is null).Description)))
            .Where(r => r.Description is not null && r.Description.Contains("monitors of", StringComparison.Ordinal))
            .ToList();
        shared.Should().NotBeEmpty("the family collects performance from the script its monitors run");
        foreach (var (product, description) in shared)
        {
            description.Should().Contain("override the interval or timeout on this rule and on those monitors alike, or the script runs twice");
            Text(FamilySite.ProductPage(product!)).Should().Contain(Sites.Collapse(description!));
        }
    }

    [Fact]
    public void Every_alert_shows_its_severity_priority_the_workflow_raising_it_and_its_knowledge()
    {
        var (family, _) = All.Value;
        foreach (var member in family.Packs)
        {
            var page = Page(member.ProductKey is { } key ? FamilySite.ProductPage(key) : FamilySite.LibraryPage);
            var knowledge = member.Pack.LanguagePacks.Single(l => l.IsDefault).KnowledgeArticles.ToDictionary(a => a.ElementId, StringComparer.Ordinal);
            foreach (var alert in Sites.Expected(family).Where(e => e.Kind == "alert" && e.PackId == member.Id))
            {
                var card = page.Descendants("div").Single(d => d.Attribute("id")?.Value == "a-" + alert.ElementId);
                var text = Sites.Collapse(string.Concat(card.DescendantNodes().OfType<XText>().Select(t => t.Value + " ")));
                text.Should().Contain(Sites.Collapse(alert.Name)).And.Contain("Severity").And.Contain("Priority").And.Contain("Raised by");
                var workflow = member.Pack.Elements.Single(e => e is Rule r && r.WriteActions.Any(w => w.Configuration.Any(c => c.Text?.Contains($"\"{alert.ElementId}\"") == true))
                    || e is UnitMonitor m && m.AlertSettings?.AlertMessage.Id == alert.ElementId);
                card.Descendants("a").Select(a => a.Attribute("href")!.Value).Should().Contain(h => h.EndsWith("#" + (workflow is Rule ? "r-" : "m-") + workflow.Id),
                    "the alert links to the rule or monitor that raises it");
                knowledge.Should().ContainKey(workflow.Id, $"{workflow.Id} has knowledge in the pack");
                foreach (var section in knowledge[workflow.Id].Sections)
                {
                    text.Should().Contain(Sites.Collapse(section.Title));
                    foreach (var item in section.ListItems ?? []) text.Should().Contain(Sites.Collapse(item), $"the knowledge of {workflow.Id}");
                }
            }
        }
    }

    [Fact]
    public void Every_knowledge_article_of_the_family_is_shown_with_its_workflow_or_the_alert_it_raises()
    {
        var (family, _) = All.Value;
        var articles = 0;
        foreach (var member in family.Packs)
        {
            var page = Page(member.ProductKey is { } key ? FamilySite.ProductPage(key) : FamilySite.LibraryPage);
            var cards = page.Descendants("div").Where(d => d.Attribute("class")?.Value == "card").ToList();
            foreach (var article in member.Pack.LanguagePacks.Single(l => l.IsDefault).KnowledgeArticles)
            {
                articles++;
                // The card of the workflow, or of the alert that links to it ("Raised by").
                var card = cards.Where(c => c.Attribute("id")?.Value.EndsWith("-" + article.ElementId, StringComparison.Ordinal) == true
                        || c.Descendants("a").Any(a => a.Attribute("href")!.Value.EndsWith("-" + article.ElementId, StringComparison.Ordinal)) && c.Attribute("data-kind")?.Value == "alert")
                    .SingleOrDefault(c => c.Descendants("div").Any(k => k.Attribute("class")?.Value == "knowledge"));
                card.Should().NotBeNull($"the knowledge of {article.ElementId} is shown on its page");
                var text = Sites.Collapse(string.Concat(card!.DescendantNodes().OfType<XText>().Select(t => t.Value + " ")));
                foreach (var section in article.Sections)
                {
                    text.Should().Contain(Sites.Collapse(section.Title), article.ElementId);
                    foreach (var paragraph in section.Paragraphs) text.Should().Contain(Sites.Collapse(paragraph), article.ElementId);
                    foreach (var item in section.ListItems ?? []) text.Should().Contain(Sites.Collapse(item), article.ElementId);
                }
            }
        }
        articles.Should().BeGreaterThan(20);
    }

    [Fact]
    public void No_internal_link_of_the_site_is_broken_and_nothing_is_fetched_from_elsewhere()
    {
        using var temp = new TempDirectory();
        Sites.Write(All.Value.Site, temp.Path);
        Sites.BrokenLinks(temp.Path).Should().BeEmpty();
        foreach (var page in All.Value.Site.Pages)
        {
            var xml = XDocument.Parse(page.Content);
            xml.Descendants().Where(e => e.Name.LocalName is "link" or "img" or "iframe" or "object" or "embed").Should().BeEmpty(page.FileName);
            xml.Descendants().Where(e => e.Name.LocalName == "script").Should().OnlyContain(s => s.Attribute("src") == null, page.FileName);
            page.Content.Replace("xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal) // a namespace name, never fetched
                .Should().NotContainAny(["http://", "https://", "url(", "@import"], $"{page.FileName} makes no external request");
        }
    }

    [Fact]
    public void The_guide_never_points_readers_at_the_teams_research_notes_they_do_not_have()
    {
        DefaultTemplates.Load().Products.Should().Contain(p => p.Description.Contains("reference/", StringComparison.Ordinal), "the templates cite them");
        foreach (var page in All.Value.Site.Pages)
            Sites.Text(XDocument.Parse(page.Content)).Should().NotMatchRegex(@"reference/[\w.-]+\.md|DESIGN\.md", page.FileName);
    }

    [Fact]
    public void The_link_check_finds_a_link_to_a_missing_anchor_and_to_a_missing_page()
    {
        using var temp = new TempDirectory();
        Sites.Write(All.Value.Site, temp.Path);
        var kes = Path.Combine(temp.Path, FamilySite.ProductPage("KES"));
        var html = File.ReadAllText(kes);
        html.Should().Contain("href=\"#m-KasperskyLab.KES.RealTimeProtection.Monitor\"");
        File.WriteAllText(kes, html.Replace("id=\"m-KasperskyLab.KES.RealTimeProtection.Monitor\"", "id=\"gone\"", StringComparison.Ordinal)
            .Replace("id=\"m-KasperskyLab.KES.DatabaseAge.Monitor\"", "id=\"alerts\"", StringComparison.Ordinal));
        File.Delete(Path.Combine(temp.Path, FamilySite.InstallPage));
        var broken = Sites.BrokenLinks(temp.Path);
        broken.Should().Contain(b => b.Contains("#m-KasperskyLab.KES.RealTimeProtection.Monitor") && b.Contains("no id"));
        broken.Should().Contain(b => b.Contains("no page install.html"));
        broken.Should().Contain(b => b.Contains("id 'alerts' is given to 2 elements"));
    }

    [Fact]
    public void The_console_folder_tree_of_each_product_is_its_Views_pack_under_the_Kaspersky_Lab_folder()
    {
        var (family, _) = All.Value;
        var library = family.Packs.Single(p => p.Role == FamilyRole.Library).Pack;
        string Name(ManagementPack pack, string id) => pack.LanguagePacks.Single(l => l.IsDefault).DisplayStrings.Single(s => s.ElementId == id && s.SubElementId is null).Name;
        var root = library.OfType<Folder>().Single();
        foreach (var views in family.Packs.Where(p => p.Role == FamilyRole.Views))
        {
            var tree = Page(FamilySite.ProductPage(views.ProductKey!)).Descendants("ul").Single(u => u.Attribute("data-tree")?.Value == "console");
            var rootItem = tree.Elements("li").Single();
            rootItem.Elements("span").Single(s => s.Attribute("data-folder") != null).Value.Should().Be(Name(library, root.Id));
            var folder = views.Pack.OfType<Folder>().Single();
            folder.ParentFolder.Id.Should().Be(root.Id);
            var productItem = rootItem.Element("ul")!.Elements("li").Single(li => li.Elements("span").Any(s => s.Attribute("data-folder")?.Value == Name(views.Pack, folder.Id)));
            var shown = productItem.Element("ul")!.Elements("li").Select(li => li.Elements("span").Single(s => s.Attribute("data-view") != null).Attribute("data-view")!.Value);
            var placed = views.Pack.OfType<FolderItem>().Where(i => i.Folder.Id == folder.Id).Select(i => Name(views.Pack, i.ElementId.Id));
            shown.Should().BeEquivalentTo(placed, $"the {views.ProductKey} folder holds exactly the views of {views.Id}");
            // The library's own views sit in the root folder beside the product folders.
            rootItem.Element("ul")!.Elements("li").SelectMany(li => li.Elements("span")).Select(s => s.Attribute("data-view")?.Value).OfType<string>()
                .Should().BeEquivalentTo(library.OfType<View>().Select(v => Name(library, v.Id)));
        }
    }

    [Fact]
    public void Each_product_fact_shows_its_confidence_with_the_source_or_how_to_check_it_and_previews_are_marked()
    {
        var catalog = DefaultTemplates.Load();
        foreach (var product in catalog.Products)
        {
            var page = Page(FamilySite.ProductPage(product.Key));
            var text = Sites.Text(page);
            var facts = page.Descendants("tr").Where(r => r.Attribute("data-kind")?.Value == "fact").ToList();
            facts.Should().HaveCount(1 + product.Services.Count + product.EventAlerts.Count + (product.EventCollection is null ? 0 : 1), product.Key);
            foreach (var service in product.Services)
            {
                var row = facts.Single(r => r.Value.Contains($"Windows service {service.Name} "));
                row.Value.Should().Contain(service.Confidence == Confidence.Confirmed ? "Confirmed" : "Unconfirmed");
                row.Value.Should().Contain($"sc query \"{service.Name}\"");
                if (service.Note is not null) text.Should().Contain(Sites.Collapse(TemplateText.ForReaders(service.Note)));
            }
            foreach (var alert in product.EventAlerts)
            {
                var row = facts.Single(r => r.Value.Contains($"({alert.DisplayName})"));
                row.Value.Should().Contain(alert.Confidence == Confidence.Confirmed ? "Confirmed" : "Unconfirmed");
                row.Value.Should().Contain($"wevtutil qe \"{alert.LogName}\"").And.Contain($"Provider[@Name='{alert.Source}']");
            }
            var discovery = facts.First();
            discovery.Value.Should().Contain(product.Discovery.Confidence == Confidence.Confirmed ? "Confirmed" : "Unconfirmed");
            foreach (var key in product.Discovery.Keys) discovery.Value.Should().Contain($"reg query \"HKLM\\{key}\"");
            var title = page.Descendants("h1").Single();
            title.Descendants("span").Any(s => s.Value == "preview").Should().Be(product.Preview, $"{product.Key} is {(product.Preview ? "" : "not ")}a preview");
        }
        catalog.Products.Where(p => p.Preview).Select(p => p.Key).Should().Contain(["ASE", "KAVISA"]);
    }

    [Fact]
    public void Install_page_gives_the_import_order_and_the_remove_planners_plans_with_shared_packs_staying_while_used()
    {
        var (family, _) = All.Value;
        var page = Page(FamilySite.InstallPage);
        var order = page.Descendants("ol").First().Elements("li").Select(li => li.Element("code")!.Value).ToList();
        order.Should().Equal(family.Manifest.Members.Select(m => m.PackId));
        var all = page.Descendants("div").Single(d => d.Attribute("id")?.Value == "remove-all");
        var steps = all.Element("ol")!.Elements("li").Select(li => li.Value).ToList();
        var removed = steps.Where(s => s.StartsWith("remove ", StringComparison.Ordinal)).Select(s => s.Split(' ')[1]).ToList();
        removed.Should().BeEquivalentTo(family.Packs.Select(p => p.Id));
        removed.Last().Should().Be(FamilyIds.Library, "the library goes last");
        foreach (var p in family.Packs)
            foreach (var r in p.Pack.References.Where(r => family.Manifest.Contains(r.ManagementPackId)))
                removed.IndexOf(p.Id).Should().BeLessThan(removed.IndexOf(r.ManagementPackId), $"{p.Id} is removed before {r.ManagementPackId}, which it references");
        steps.Should().Contain(s => s.StartsWith("delete notification group KAV Administrators", StringComparison.Ordinal));
        page.Descendants("ol").First().Elements("li").Single(li => li.Element("code")!.Value == FamilyIds.LibraryDiscoveryPack).Value
            .Should().Contain("the Kaspersky Lab computers", "each pack of the import order says what it is");
        Sites.Text(page).Should().Contain($"{FamilyIds.LibraryDiscoveryPack} too: the products' discoveries look for them only on the Kaspersky Lab computers it finds, so their Discovery packs reference it and SCOM refuses to import one of them without it.");
        var ase = Text(FamilySite.ProductPage("ASE"));
        ase.Should().Contain("kmp remove --mg scom://SERVER --product ASE")
            .And.Contain("KasperskyLab.Shared.ExchangeSecurity.Monitoring (monitors of the shared component ExchangeSecurity) stays: KSE still uses it");
    }

    /// <summary>
    /// Admins read the bundled guide, not the repository's README: the install page has the upgrade from the released
    /// version (Discovery packs first, wait for KES's discovered service and log, then the rest) and what becomes of
    /// instances the released discoveries found on agentless computers, which the service monitors' knowledge no longer covers.
    /// </summary>
    [Fact]
    public void Install_page_says_how_to_upgrade_from_the_released_version()
    {
        var page = Page(FamilySite.InstallPage);
        var heading = page.Descendants("h2").Should().ContainSingle(e => e.Value == $"Upgrading from {FamilySite.ReleasedVersion}").Which;
        heading.Attribute("id")!.Value.Should().Be("upgrade");
        heading.ElementsBeforeSelf("h2").Select(e => e.Value).Should().Contain("Import order");
        var steps = heading.ElementsAfterSelf("ol").First().Elements("li").Select(li => li.Value).ToList();
        steps.Should().HaveCount(3);
        steps[0].Should().Contain(FamilyIds.Library).And.Contain(FamilyIds.LibraryDiscoveryPack).And.Contain("Discovery packs first");
        steps[1].Should().Contain("every KES instance shows its service name and event log").And.Contain("Get-SCOMClass -Name KasperskyLab.KES.Application | Get-SCOMClassInstance");
        steps[2].Should().Be("import the Monitoring and Views packs.");
        var text = Sites.Text(page);
        text.Should().Contain("Import order matters for KES").And.Contain(FamilyIds.EventCollectionRuleOf("KES"))
            .And.Contain("Computers monitored agentless").And.Contain("runs only on the computer's own agent").And.Contain("services.msc").And.Contain(@"sc \\COMPUTER start");
    }

    /// <summary>A clustered Administration Server is not modelled (its services are the _klfoc ones, and nothing runs on a cluster's virtual computer): KSC's page says so.</summary>
    [Fact]
    public void The_KSC_page_says_a_clustered_Administration_Server_is_not_discovered() =>
        Page(FamilySite.ProductPage("KSC")).Descendants("p").Single(p => (string?)p.Attribute("class") == "lead").Value
            .Should().Contain("An Administration Server installed on a failover cluster is not discovered").And.Contain("kladminserver_klfoc");

    [Fact]
    public void The_index_lists_every_pack_with_version_and_key_token_and_draws_every_reference_of_the_family()
    {
        var (family, _) = All.Value;
        var index = Page(DocumentationSite.IndexPage);
        var text = Sites.Text(index);
        foreach (var p in family.Packs) text.Should().Contain(p.Id);
        text.Should().Contain(Sites.Token).And.Contain("1.0.0.0");
        XNamespace svg = "http://www.w3.org/2000/svg";
        var graph = index.Descendants(svg + "svg").Single();
        graph.Descendants(svg + "a").Select(a => a.Element(svg + "title")!.Value).Should().BeEquivalentTo(family.Packs.Select(p => p.Id));
        graph.Descendants(svg + "line").Should().HaveCount(family.Packs.Sum(p => p.Pack.References.Count(r => family.Manifest.Contains(r.ManagementPackId))));
    }

    [Theory]
    [InlineData(SchemaTarget.Scom2007R2, "Operations Manager 2007 R2 or later")]
    [InlineData(SchemaTarget.Scom2012, "Operations Manager 2012 or later")]
    public void The_guide_gives_the_references_and_prerequisites_of_its_target(SchemaTarget target, string prerequisite)
    {
        var family = Sites.Family("KSC");
        var site = Sites.FamilySite(family, target);
        Sites.Text(XDocument.Parse(site.Pages.Single(p => p.FileName == FamilySite.InstallPage).Content)).Should().Contain(prerequisite);
        var library = XDocument.Parse(site.Pages.Single(p => p.FileName == FamilySite.LibraryPage).Content);
        var windows = library.Descendants("tr").First(r => r.Elements("td").Skip(1).FirstOrDefault()?.Value == "Microsoft.Windows.Library");
        windows.Elements("td").ElementAt(2).Value.Should().Be(Libraries.Windows.VersionFor(target).ToString());
    }

    [Fact]
    public void A_site_for_one_product_documents_that_product_the_library_and_the_shared_packs_it_uses()
    {
        var family = Sites.Family("KSE");
        var site = Sites.FamilySite(family);
        site.Pages.Select(p => p.FileName).Should().BeEquivalentTo([DocumentationSite.IndexPage, FamilySite.InstallPage, FamilySite.LibraryPage, FamilySite.ProductPage("KSE")]);
        var library = Sites.Text(XDocument.Parse(site.Pages.Single(p => p.FileName == FamilySite.LibraryPage).Content));
        foreach (var name in Sites.Expected(family).Where(e => e.PackId.StartsWith("KasperskyLab.Shared.", StringComparison.Ordinal)))
            library.Should().Contain(Sites.Collapse(name.Name));
    }
}

/// <summary>What an administrator overrides and what resets a monitor, read from the guide and checked against the model.</summary>
public sealed class MonitorDetailTests
{
    private static readonly Lazy<(ManagementPackFamily Family, DocumentationSite Site)> All = new(() =>
    {
        var family = Sites.Family();
        return (family, Sites.FamilySite(family));
    });

    private static XElement Card(FamilyPack member, string prefix, string id)
    {
        var page = XDocument.Parse(All.Value.Site.Pages.Single(p => p.FileName == (member.ProductKey is { } key ? FamilySite.ProductPage(key) : FamilySite.LibraryPage)).Content);
        return page.Descendants("div").Single(d => d.Attribute("id")?.Value == $"{prefix}-{id}");
    }

    [Fact]
    public void Every_overrideable_parameter_of_a_family_monitor_type_is_listed_with_the_value_the_monitor_ships()
    {
        var (family, _) = All.Value;
        var types = family.Packs.SelectMany(p => p.Pack.OfType<UnitMonitorType>()).ToDictionary(t => t.Id);
        var checkedAny = false;
        foreach (var member in family.Packs)
            foreach (var monitor in member.Pack.OfType<UnitMonitor>().Where(m => types.ContainsKey(m.TypeId.Id)))
            {
                var rows = Card(member, "m", monitor.Id).Descendants("tr").Select(r => r.Elements("td").Select(td => td.Value).ToList()).Where(r => r.Count == 3).ToList();
                foreach (var parameter in types[monitor.TypeId.Id].OverrideableParameters)
                {
                    var element = parameter.Selector["$Config/".Length..].TrimEnd('$');
                    var shipped = monitor.Configuration.Single(c => c.Name == element).Text;
                    rows.Should().Contain(r => r[0] == parameter.Id && r[1] == parameter.ParameterType && r[2] == shipped, $"{monitor.Id} ships {parameter.Id} = {shipped}");
                    checkedAny = true;
                }
            }
        checkedAny.Should().BeTrue("the family's health checks use the library's monitor type");
    }

    [Fact]
    public void A_timer_reset_monitor_says_when_it_clears_and_a_service_monitor_that_the_service_running_again_clears_it()
    {
        var (family, _) = All.Value;
        var timed = family.Packs.SelectMany(p => p.Pack.OfType<UnitMonitor>().Select(m => (p, m)))
            .Where(x => x.m.Configuration.Any(c => c.Name == "TimerWaitInSeconds")).ToList();
        timed.Should().NotBeEmpty();
        foreach (var (member, monitor) in timed)
        {
            var seconds = monitor.Configuration.Single(c => c.Name == "TimerWaitInSeconds").Text;
            Card(member, "m", monitor.Id).Value.Should().Contain($"by itself {seconds} seconds");
        }
        var service = family.Packs.SelectMany(p => p.Pack.OfType<UnitMonitor>().Select(m => (p, m))).First(x => x.m.Configuration.Any(c => c.Name == "ServiceName"));
        Card(service.p, "m", service.m.Id).Value.Should().Contain("as soon as the service runs again");
    }
}

/// <summary>The top of a product's guide: what ships disabled is said before anything else.</summary>
public sealed class AtAGlanceTests
{
    [Fact]
    public void Every_workflow_that_ships_disabled_is_named_at_the_top_of_its_products_guide()
    {
        var family = Sites.Family();
        var site = Sites.FamilySite(family);
        var anyDisabled = false;
        var lines = new Dictionary<string, string?>();
        foreach (var key in family.Manifest.ProductKeys)
        {
            var page = XDocument.Parse(site.Pages.Single(p => p.FileName == FamilySite.ProductPage(key)).Content);
            var glance = page.Descendants("ul").First().Elements("li").Select(li => li.Value).ToList();
            lines[key] = glance.SingleOrDefault(l => l.StartsWith("Shipped disabled", StringComparison.Ordinal));
            var disabled = family.Packs.Where(p => p.ProductKey == key).SelectMany(p => p.Pack.Elements
                .Where(e => e is Rule { Enabled: false } or UnitMonitor { Enabled: false })
                .Select(e => p.Pack.LanguagePacks.Single(l => l.IsDefault).DisplayStrings.Single(s => s.ElementId == e.Id && s.SubElementId is null).Name)).ToList();
            var line = glance.SingleOrDefault(l => l.StartsWith("Shipped disabled", StringComparison.Ordinal));
            if (disabled.Count == 0) line.Should().BeNull(key);
            else
            {
                anyDisabled = true;
                foreach (var name in disabled) line.Should().Contain(name, key);
            }
        }
        anyDisabled.Should().BeTrue("some alert rules rest on unconfirmed logs and ship disabled");
        // The collection rules on those logs ship disabled with them.
        foreach (var (key, product) in new[] { ("WSEE", "Kaspersky Anti-Virus for Windows Servers Enterprise Edition"), ("KSC", "Kaspersky Security Center Administration Server") })
            lines[key].Should().Contain($"{product} event collection", key);
    }
}
