using System.Xml.Linq;
using Kmp.Kaspersky.Family;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Kaspersky.Tests.Family;

/// <summary>
/// Data for reports and trends, on the generated XML of both targets: collected events and performance
/// data reach the operational database and the data warehouse, and the performance rules share the
/// monitors' script run (cookdown).
/// </summary>
public sealed class DataWarehouseTests(FamilyFixture fixture) : IClassFixture<FamilyFixture>
{
    public static TheoryData<SchemaTarget> Targets => [SchemaTarget.Scom2007R2, SchemaTarget.Scom2012];

    private const string CollectEvent = "Microsoft.SystemCenter.Library!Microsoft.SystemCenter.CollectEvent";
    private const string PublishEvent = "Microsoft.SystemCenter.DataWarehouse.Library!Microsoft.SystemCenter.DataWarehouse.PublishEventData";
    private const string CollectPerformance = "Microsoft.SystemCenter.Library!Microsoft.SystemCenter.CollectPerformanceData";
    private const string PublishPerformance = "Microsoft.SystemCenter.DataWarehouse.Library!Microsoft.SystemCenter.DataWarehouse.PublishPerformanceData";

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_event_collection_rule_writes_to_the_operational_database_and_publishes_to_the_data_warehouse(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var rules = Rules(docs, "EventCollection").ToList();
        // Every product collects events (its own, or the Service Control Manager's about its services).
        rules.Select(r => r.Pack.Id).Distinct().Should().Contain(fixture.Catalog.Products.Select(p => FamilyIds.MonitoringPack(p.Key)));
        foreach (var (pack, rule) in rules)
        {
            WriteActions(pack, rule).Should().Equal([CollectEvent, PublishEvent], $"{rule.Id} must reach the Events view and the warehouse");
            pack.References.Single(r => r.ManagementPackId == Libraries.DataWarehouse.Id).Version.Should().Be(Libraries.DataWarehouse.VersionFor(target),
                "the warehouse library is referenced at the version of the oldest release of the target");
        }
    }

    /// <summary>
    /// The library references decide which management groups import the packs: a reference above the
    /// group's build is refused. The warehouse library is referenced at its 2007 R2 build for both
    /// targets (2012 R2's 7.1.10226.0 would shut out 2012 RTM and SP1 groups); the rest of the 2012
    /// family stays at the versions of its other libraries.
    /// </summary>
    [Theory]
    [InlineData("2007R2", "6.1.7221.0", "6.1.7221.0")]
    [InlineData("2012", "6.1.7221.0", "7.0.8433.0")]
    public void The_warehouse_and_performance_libraries_are_referenced_at_versions_every_group_of_the_target_has(string targetName, string warehouse, string performance)
    {
        var target = SchemaTargets.Parse(targetName);
        var docs = fixture.Documents(target);
        var references = docs.Values.SelectMany(d => d.References.Select(r => (Pack: d.Id, Reference: r))).ToList();
        var dw = references.Where(r => r.Reference.ManagementPackId == Libraries.DataWarehouse.Id).ToList();
        dw.Select(r => r.Pack).Should().Contain(fixture.Catalog.Products.Select(p => FamilyIds.MonitoringPack(p.Key)));
        dw.Should().OnlyContain(r => r.Reference.Version == Version.Parse(warehouse));
        var perf = references.Where(r => r.Reference.ManagementPackId == Libraries.Performance.Id).ToList();
        perf.Should().NotBeEmpty().And.OnlyContain(r => r.Reference.Version == Version.Parse(performance));
        // No reference of the family asks for a 2012 R2 build (7.1.x): the 2012 family imports into 2012 RTM and later.
        references.Where(r => r.Reference.PublicKeyToken == LibraryPack.MicrosoftKeyToken)
            .Should().OnlyContain(r => r.Reference.Version.Major < 7 || r.Reference.Version.Minor != 1, "{0} is a 2012 R2 build", targetName);
    }

    /// <summary>
    /// Cookdown lasts only while every workflow that shares the script run keeps the same interval and
    /// timeout: each of them (the Service Monitoring monitors and the performance rules) says so where
    /// an operator looks before overriding — its description and its knowledge.
    /// </summary>
    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_workflow_sharing_the_script_run_says_an_interval_or_timeout_override_must_go_to_all_of_them(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var shared = 0;
        foreach (var product in fixture.Catalog.Products)
        {
            var monitoring = docs[FamilyIds.MonitoringPack(product.Key)];
            var ids = (product.HealthChecks ?? []).SelectMany(c => new[]
            {
                FamilyIds.HealthCheckMonitor(product.Key, c.Check.ToString()),
                FamilyIds.PerformanceCollectionRule(product.Key, c.Check.ToString()),
            }).Where(id => monitoring.Find(id) is not null).ToList();
            foreach (var id in ids)
            {
                var description = monitoring.Xml.Descendants("DisplayString").Single(d => d.Attribute("ElementID")!.Value == id && d.Attribute("SubElementID") is null)
                    .Element("Description")!.Value;
                var knowledge = string.Join(" ", monitoring.Xml.Descendants("KnowledgeArticle").Single(k => k.Attribute("ElementID")!.Value == id)
                    .Descendants().Where(e => e.Name.LocalName == "para").Select(e => e.Value));
                foreach (var (where, text) in new[] { ("description", description), ("knowledge", knowledge) })
                {
                    text.Should().Contain("Service Monitoring script", $"{id}'s {where}");
                    text.Should().MatchRegex("(?i)interval", $"{id}'s {where} names the interval to override");
                    text.Should().MatchRegex("(?i)timeout", $"{id}'s {where} names the timeout to override");
                    text.Should().MatchRegex("(?i)(alike|all of them)", $"{id}'s {where} says the override must go to every workflow sharing the run");
                }
                shared++;
            }
        }
        shared.Should().Be(fixture.Catalog.Products.Sum(p => (p.HealthChecks ?? []).Count + (p.HealthChecks ?? []).Count(c => c.Check != HealthCheckKind.RealTimeProtection)))
            .And.BeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_performance_rule_collects_to_the_operational_database_and_the_data_warehouse(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var rules = Rules(docs, "PerformanceCollection").ToList();
        rules.Should().NotBeEmpty();
        foreach (var (pack, rule) in rules)
        {
            WriteActions(pack, rule).Should().Equal([CollectPerformance, PublishPerformance], $"{rule.Id} must reach the Performance view and the warehouse");
            rule.Xml.Element("ConditionDetection").Should().BeNull();
            rule.Attribute("ConfirmDelivery").Should().Be("false", "a performance sample is one point of a series, as in Microsoft's packs");
            var type = Resolve(pack, rule.Xml.Element("DataSources")!.Elements("DataSource").Single().Attribute("TypeID")!.Value);
            type.Should().Be((FamilyIds.Library, FamilyIds.ServiceMonitoringPerformanceDataSource));
            // The type maps the value to performance data (System.Performance.Data), which both write actions take.
            var library = docs[FamilyIds.Library];
            Resolve(library, library.Find(type.Id)!.Xml.Element("OutputType")!.Value).Should().Be((Libraries.Performance.Id, "System.Performance.Data"));
        }
        // Each product collects the measures of its script checks (not the real-time protection flag), and nothing else.
        foreach (var product in fixture.Catalog.Products)
        {
            var monitoring = docs[FamilyIds.MonitoringPack(product.Key)];
            var expected = (product.HealthChecks ?? []).Select(c => c.Check)
                .Where(c => c is HealthCheckKind.DatabaseAge or HealthCheckKind.AdministrationServerConnection)
                .Select(c => FamilyIds.PerformanceCollectionRule(product.Key, c.ToString()));
            rules.Where(r => r.Pack == monitoring).Select(r => r.Rule.Id).Should().BeEquivalentTo(expected, product.Key);
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_performance_counters_are_named_for_operators(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var counters = Rules(docs, "PerformanceCollection")
            .Select(r => r.Rule.Xml.Element("DataSources")!.Element("DataSource")!)
            .Select(ds => (Object: ds.Element("ObjectName")!.Value, Counter: ds.Element("CounterName")!.Value, Property: ds.Element("PropertyName")!.Value))
            .Distinct().ToList();
        counters.Should().BeEquivalentTo([
            ("Kaspersky Lab", "Anti-virus database age (hours)", "DatabaseAgeHours"),
            ("Kaspersky Lab", "Hours since last connection to the Administration Server", "DisconnectedHours"),
        ]);
    }

    /// <summary>
    /// Cookdown: the agent runs the Service Monitoring script once for a monitor and a performance rule
    /// of one instance when, expanded, both run the same script data source module type with the same
    /// configuration. Expands the monitor (through its monitor type) and the rule (through its data
    /// source type) down to that module and compares type and configuration.
    /// </summary>
    [Theory]
    [MemberData(nameof(Targets))]
    public void Each_performance_rule_runs_the_script_with_exactly_the_configuration_of_its_monitor_so_it_cooks_down(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var compared = 0;
        foreach (var product in fixture.Catalog.Products)
        {
            var monitoring = docs[FamilyIds.MonitoringPack(product.Key)];
            foreach (var check in product.HealthChecks ?? [])
            {
                var ruleId = FamilyIds.PerformanceCollectionRule(product.Key, check.Check.ToString());
                var rule = monitoring.Find(ruleId);
                if (rule is null) continue;
                var monitor = monitoring.Find(FamilyIds.HealthCheckMonitor(product.Key, check.Check.ToString()))!;
                rule.Attribute("Target").Should().Be(monitor.Attribute("Target"), "cookdown happens between workflows of one instance");

                var monitorType = Resolve(monitoring, monitor.Attribute("TypeID")!);
                var fromMonitor = ScriptModule(docs[monitorType.Pack], docs[monitorType.Pack].Find(monitorType.Id)!.Xml.Element("MonitorImplementation")!,
                    Configuration(monitor.Xml.Element("Configuration")!));

                var ds = rule.Xml.Element("DataSources")!.Element("DataSource")!;
                var dsType = Resolve(monitoring, ds.Attribute("TypeID")!.Value);
                var fromRule = ScriptModule(docs[dsType.Pack], docs[dsType.Pack].Find(dsType.Id)!.Xml.Element("ModuleImplementation")!.Element("Composite")!, Configuration(ds));

                fromRule.Type.Should().Be(fromMonitor.Type).And.Be((FamilyIds.Library, FamilyIds.ServiceMonitoringDataSource));
                fromRule.Configuration.Should().Equal(fromMonitor.Configuration, $"{ruleId} must run the script as {monitor.Id} does");
                fromRule.Configuration.Should().Equal(
                    ("IntervalSeconds", fixture.Catalog.Library.ServiceMonitoring.IntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ("TimeoutSeconds", fixture.Catalog.Library.ServiceMonitoring.TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                compared++;
            }
        }
        compared.Should().Be(fixture.Catalog.Products.Sum(p => (p.HealthChecks ?? []).Count(c => c.Check != HealthCheckKind.RealTimeProtection)))
            .And.BeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void A_product_that_collects_performance_data_has_a_Performance_view_of_its_rules_beside_the_four_views(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        foreach (var product in fixture.Catalog.Products)
        {
            var views = docs[FamilyIds.ViewsPack(product.Key)];
            var monitoring = docs[FamilyIds.MonitoringPack(product.Key)];
            var rules = monitoring.Elements.Where(e => e.Kind == "Rule" && e.Xml.Element("Category")!.Value == "PerformanceCollection").Select(e => e.Id).ToList();
            var view = views.Find(FamilyIds.ProductView(product.Key, "Performance"));
            if (rules.Count == 0)
            {
                view.Should().BeNull($"{product.Key} collects no performance data, so a Performance view would be empty");
                continue;
            }
            view.Should().NotBeNull(product.Key);
            Resolve(views, view!.Attribute("TypeID")!).Should().Be((Libraries.SystemCenter.Id, "Microsoft.SystemCenter.PerformanceViewType"));
            view.Attribute("Target").Should().Be($"{FamilyIds.DiscoveryAlias}!{FamilyIds.ApplicationClassOf(product.Key)}");
            view.Xml.Element("Category")!.Value.Should().Be("PerformanceCollection");
            view.Xml.Element("Criteria")!.Element("RuleList")!.Elements("Rule").Select(r => r.Value)
                .Should().Equal(rules.Select(r => $"$MPElement[Name=\"{FamilyIds.MonitoringAlias}!{r}\"]$"));
            views.Xml.Descendants("FolderItem").Should().Contain(f => f.Attribute("ElementID")!.Value == view.Id);
            foreach (var key in new[] { "Computers", "Warnings", "Events", "Status" })
                views.Find(FamilyIds.ProductView(product.Key, key)).Should().NotBeNull($"{product.Key} keeps the guide's {key} view");
        }
    }

    /// <summary>
    /// The corpus has no 2007 R2 build (6.1.7221.0) of the warehouse and performance libraries, so the
    /// 2007 R2 family (and the 2012 family's warehouse reference, also at 6.1.7221.0) is verified against their 2012 builds. That every element it uses from them exists
    /// in 2007 R2 is shown by real packs that reference those libraries at 2007 versions and use it.
    /// </summary>
    [SkippableFact]
    public void Every_warehouse_and_performance_library_element_the_2007_R2_family_uses_is_used_by_a_real_pack_at_a_2007_version()
    {
        var r2 = new Version(6, 1, 7221, 0);
        var real = new[] { "microsoft/Microsoft.Windows.2008R2.DHCP.Server.mp", "microsoft/Live.CLAS.Monitoring.mp", "vendor/DataONTAP.mp" }
            .Select(f => ManagementPackDocument.Parse(Kmp.Packaging.SealedManagementPack.Open(Kmp.Testing.Corpus.File(f.Split('/'))).Xml, f)).ToList();
        var libraries = new[] { Libraries.DataWarehouse.Id, Libraries.Performance.Id };
        var usedByReal = real.SelectMany(d => Uses(d).Where(u => libraries.Contains(u.Pack) && d.References.Single(r => r.ManagementPackId == u.Pack).Version <= r2)).ToHashSet();
        // The 2012 family references the warehouse library at 6.1.7221.0 too.
        var used = fixture.Documents(SchemaTarget.Scom2007R2).Values.SelectMany(Uses).Where(u => libraries.Contains(u.Pack))
            .Concat(fixture.Documents(SchemaTarget.Scom2012).Values.SelectMany(Uses).Where(u => u.Pack == Libraries.DataWarehouse.Id)).ToHashSet();
        used.Should().Contain([
            (Libraries.DataWarehouse.Id, "Microsoft.SystemCenter.DataWarehouse.PublishEventData"),
            (Libraries.DataWarehouse.Id, "Microsoft.SystemCenter.DataWarehouse.PublishPerformanceData"),
            (Libraries.Performance.Id, "System.Performance.DataGenericMapper"),
        ]);
        usedByReal.Should().Contain(used);
    }

    /// <summary>Every <c>Alias!ID</c> a pack uses in attributes and texts, as (library ID, element ID).</summary>
    private static IEnumerable<(string Pack, string Id)> Uses(ManagementPackDocument doc)
    {
        var texts = doc.Xml.Descendants().SelectMany(e => e.Attributes().Select(a => a.Value))
            .Concat(doc.Xml.Descendants().Where(e => !e.HasElements).Select(e => e.Value));
        foreach (var text in texts)
        {
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"([A-Za-z_][A-Za-z0-9_]*)!([A-Za-z_][A-Za-z0-9_.]*)"))
            {
                if (doc.Reference(m.Groups[1].Value) is { } reference) yield return (reference.ManagementPackId, m.Groups[2].Value);
            }
        }
    }

    private static IEnumerable<(ManagementPackDocument Pack, DocumentElement Rule)> Rules(IReadOnlyDictionary<string, ManagementPackDocument> docs, string category) =>
        docs.Values.SelectMany(d => d.Elements.Where(e => e.Kind == "Rule" && e.Xml.Element("Category")!.Value == category).Select(e => (d, e)));

    /// <summary>The write actions of a rule as "pack ID!element ID".</summary>
    private static List<string> WriteActions(ManagementPackDocument pack, DocumentElement rule) =>
        [.. rule.Xml.Element("WriteActions")!.Elements("WriteAction").Select(w =>
        {
            var (owner, id) = Resolve(pack, w.Attribute("TypeID")!.Value);
            return owner + "!" + id;
        })];

    /// <summary>Resolves <c>Alias!ID</c> (or a local ID) to the ID of the pack that declares it and the element's ID.</summary>
    private static (string Pack, string Id) Resolve(ManagementPackDocument from, string reference)
    {
        var bang = reference.IndexOf('!', StringComparison.Ordinal);
        return bang < 0 ? (from.Id, reference) : (from.Reference(reference[..bang])!.ManagementPackId, reference[(bang + 1)..]);
    }

    /// <summary>A simple configuration (elements with text) by element name.</summary>
    private static Dictionary<string, string> Configuration(XElement configuration) =>
        configuration.Elements().ToDictionary(e => e.Name.LocalName, e => e.Value, StringComparer.Ordinal);

    /// <summary>
    /// The one data source member of a composite implementation, with its configuration as the agent
    /// runs it: every <c>$Config/X$</c> replaced by the caller's value of X.
    /// </summary>
    private static ((string Pack, string Id) Type, List<(string, string)> Configuration) ScriptModule(ManagementPackDocument owner, XElement implementation,
        IReadOnlyDictionary<string, string> configuration)
    {
        var member = implementation.Element("MemberModules")!.Elements("DataSource").Should().ContainSingle().Subject;
        var values = member.Elements().Select(e => (e.Name.LocalName, System.Text.RegularExpressions.Regex.Replace(e.Value, @"\$Config/([A-Za-z0-9_]+)\$",
            m => configuration.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value))).ToList();
        values.Should().NotContain(v => v.Item2.Contains("$Config/", StringComparison.Ordinal), "every parameter of the script module comes from the workflow");
        return (Resolve(owner, member.Attribute("TypeID")!.Value), values);
    }
}
