using System.Xml.Linq;
using Kmp.Kaspersky.Family;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Kaspersky.Tests.Family;

/// <summary>The health model of the generated family (both targets): what a real management group does with it.</summary>
public sealed class HealthModelTests(FamilyFixture fixture) : IClassFixture<FamilyFixture>
{
    public static TheoryData<SchemaTarget> Targets => [SchemaTarget.Scom2007R2, SchemaTarget.Scom2012];

    private IReadOnlyDictionary<string, ManagementPackDocument> Docs(SchemaTarget target) => fixture.Documents(target);

    [Theory]
    [MemberData(nameof(Targets))]
    public void An_unreadable_script_value_is_a_state_of_its_own_and_the_monitor_type_recalculates_on_demand(SchemaTarget target)
    {
        var type = Docs(target)[FamilyIds.Library].Find(FamilyIds.ServiceMonitoringMonitorType)!.Xml;
        type.Element("MonitorTypeStates")!.Elements().Select(s => s.Attribute("ID")!.Value).Should().Equal("Healthy", "Unhealthy", "Unreadable");
        var implementation = type.Element("MonitorImplementation")!;
        var filters = implementation.Element("MemberModules")!.Elements("ConditionDetection").ToDictionary(c => c.Attribute("ID")!.Value);
        // Unreadable (-1) is detected only where the Network Agent state was found (Found = 1), and neither
        // Healthy nor Unhealthy matches it.
        Conditions(filters["UnreadableFilter"]).Should().Equal(("Equal", "1"), ("Less", "0"));
        Conditions(filters["UnhealthyFilter"]).Should().Contain(("Equal", "1")).And.Contain(("GreaterEqual", "0"));
        // Found = 0 (a standalone install, no Network Agent state) is not applicable: Healthy, an Or branch of its own.
        var healthy = filters["HealthyFilter"].Element("Expression")!.Element("Or")!.Elements("Expression").ToList();
        healthy.Should().HaveCount(2);
        Conditions(healthy[0]).Should().Equal(("Equal", "0"));
        healthy[0].Descendants("XPathQuery").Single().Value.Should().Be("Property[@Name='Found']");
        Conditions(healthy[1]).Should().Contain(("GreaterEqual", "0"));
        // On-demand detection starts with a trigger-only probe feeding the script probe, as Microsoft.Windows.Library does.
        var onDemand = implementation.Element("OnDemandDetections")!.Elements("OnDemandDetection").ToList();
        onDemand.Select(d => d.Attribute("MonitorTypeStateID")!.Value).Should().Equal("Healthy", "Unhealthy", "Unreadable");
        foreach (var d in onDemand)
        {
            var innermost = d.Descendants("Node").Last();
            innermost.Attribute("ID")!.Value.Should().Be("PassThru");
            innermost.Parent!.Attribute("ID")!.Value.Should().Be("Probe");
        }
        implementation.Element("MemberModules")!.Elements("ProbeAction").Select(p => (p.Attribute("ID")!.Value, p.Attribute("TypeID")!.Value))
            .Should().Equal(("PassThru", "System!System.PassThroughProbe"), ("Probe", "Windows!Microsoft.Windows.ScriptPropertyBagProbe"));

        var monitors = Docs(target).Values.SelectMany(d => d.Elements)
            .Where(e => e.Kind == "UnitMonitor" && e.Attribute("TypeID") == $"{FamilyIds.LibraryAlias}!{FamilyIds.ServiceMonitoringMonitorType}").ToList();
        monitors.Should().NotBeEmpty();
        foreach (var m in monitors)
        {
            m.Xml.Element("OperationalStates")!.Elements().Select(s => (s.Attribute("MonitorTypeStateID")!.Value, s.Attribute("HealthState")!.Value))
                .Should().Equal(("Healthy", "Success"), ("Unhealthy", "Error"), ("Unreadable", "Warning"));
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_product_class_carries_health_of_its_own_or_rolled_up_from_the_shared_component_it_uses(SchemaTarget target)
    {
        var docs = Docs(target);
        foreach (var product in fixture.Catalog.Products)
        {
            var monitoring = docs[FamilyIds.MonitoringPack(product.Key)];
            var classRef = $"{FamilyIds.DiscoveryAlias}!{FamilyIds.ApplicationClassOf(product.Key)}";
            var monitors = monitoring.Elements.Where(e => e.Kind is "UnitMonitor" or "DependencyMonitor" && e.Attribute("Target") == classRef).ToList();
            monitors.Should().NotBeEmpty($"{product.Key} must not show \"Not monitored\"");
            if (product.SharedComponents is not { Count: > 0 } shared) continue;
            var dependency = monitoring.Find(FamilyIds.SharedComponentsDependencyMonitor(product.Key))!;
            dependency.Kind.Should().Be("DependencyMonitor");
            dependency.Attribute("RelationshipType").Should().Be($"{FamilyIds.LibraryAlias}!{FamilyIds.UsesSharedComponentRelationship}");
            dependency.Attribute("MemberMonitor").Should().Be("Health!System.Health.AvailabilityState");
            dependency.Xml.Element("Algorithm")!.Value.Should().Be("WorstOf");
            // The relationship instances come from the product's Discovery pack, to the component's class.
            var discovery = docs[FamilyIds.DiscoveryPack(product.Key)].Find(FamilyIds.SharedComponentUseDiscovery(product.Key))!;
            discovery.Xml.Descendants("DiscoveryRelationship").Single().Attribute("TypeID")!.Value.Should().Be($"{FamilyIds.LibraryAlias}!{FamilyIds.UsesSharedComponentRelationship}");
            discovery.Xml.Descendants("TargetTypeId").Single().Value.Should().Be($"$MPElement[Name=\"{FamilyIds.LibraryAlias}!{FamilyIds.SharedComponentClass(shared[0])}\"]$");
        }
        fixture.Catalog.Products.Where(p => p.Services.Count == 0 && (p.HealthChecks?.Count ?? 0) == 0).Should().NotBeEmpty(
            "a product without monitors of its own (ASE) is what the dependency monitor is for");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_library_holds_types_only_and_Network_Agent_monitoring_is_its_own_catalog_entry(SchemaTarget target)
    {
        var docs = Docs(target);
        docs[FamilyIds.Library].Elements.Select(e => e.Kind).Distinct().Should().NotContain(["Discovery", "Rule", "UnitMonitor", "DependencyMonitor"],
            "importing any product must not start monitoring anything by itself");
        fixture.Catalog.Products.Where(p => p.Key != "NetworkAgent").Should().OnlyContain(p => p.SharedComponents == null || !p.SharedComponents.Contains("NetworkAgent"));
        docs.Keys.Where(id => id.Contains("NetworkAgent", StringComparison.Ordinal)).Should().Equal(
            [FamilyIds.DiscoveryPack("NetworkAgent"), FamilyIds.MonitoringPack("NetworkAgent"), FamilyIds.ViewsPack("NetworkAgent")], "one entry, one folder");
        docs[FamilyIds.MonitoringPack("NetworkAgent")].Xml.Descendants("ServiceName").Select(s => s.Value).Should().Equal("klnagent");
        docs.Values.Where(d => d.Id.EndsWith(".Views", StringComparison.Ordinal) && d.Id != FamilyIds.ViewsPack("NetworkAgent"))
            .Should().OnlyContain(d => !d.Xml.ToString().Contains("NetworkAgent"), "the Network Agent views are in its own folder only");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Discovered_instances_are_named_after_the_product_and_the_computer(SchemaTarget target)
    {
        var docs = Docs(target);
        foreach (var product in fixture.Catalog.Products)
        {
            var discovery = docs[FamilyIds.DiscoveryPack(product.Key)].Find(FamilyIds.DiscoveryOf(FamilyIds.ApplicationClassOf(product.Key)))!;
            const string networkName = "$Target/Property[Type=\"Windows!Microsoft.Windows.Computer\"]/NetworkName$";
            if (discovery.Xml.Descendants("ScriptBody").SingleOrDefault() is { } script)
            {
                // The script discovery, on the Kaspersky Lab computer, gets its host's network name as its fourth argument.
                discovery.Xml.Descendants("Arguments").Single().Value.Split(' ')[3].Should().Be(networkName.Replace("$Target/", "$Target/Host/", StringComparison.Ordinal));
                script.Value.Should().Contain($"instance.AddProperty \"$MPElement[Name='System!System.Entity']/DisplayName$\", \"{product.DisplayName} (\" & WScript.Arguments(3) & \")\"",
                    "KES, Network Agent and Exchange security alerts on one computer must look different in the Source column");
                continue;
            }
            var setting = discovery.Xml.Descendants("Setting").Single(x => x.Element("Name")!.Value == "$MPElement[Name=\"System!System.Entity\"]/DisplayName$");
            setting.Element("Value")!.Value.Should().Be($"{product.DisplayName} ({networkName})",
                "KES, Network Agent and Exchange security alerts on one computer must look different in the Source column");
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_product_folder_has_the_four_views_and_none_is_empty_by_construction(SchemaTarget target)
    {
        var docs = Docs(target);
        foreach (var product in fixture.Catalog.Products)
        {
            var views = docs[FamilyIds.ViewsPack(product.Key)];
            foreach (var key in new[] { "Computers", "Warnings", "Events", "Status" })
                views.Find(FamilyIds.ProductView(product.Key, key)).Should().NotBeNull($"{product.Key} has the guide's {key} view");
            var rule = docs[FamilyIds.MonitoringPack(product.Key)].Find(FamilyIds.EventCollectionRuleOf(product.Key))!;
            rule.Xml.Element("Category")!.Value.Should().Be("EventCollection");
            if (product.EventCollection is not null) continue;
            // No product event is known: the Service Control Manager's events about the product's services.
            rule.Xml.Descendants("LogName").Single().Value.Should().Be("System");
            var values = rule.Xml.Descendants("Value").Select(v => v.Value).ToList();
            values.Should().Contain(["7031", "7034", "7036"]);
            var services = product.Services.Concat(fixture.Catalog.Library.SharedComponents.Where(c => product.SharedComponents?.Contains(c.Key) == true).SelectMany(c => c.Services));
            values.Should().Contain(services.Select(s => s.DisplayName));
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_service_monitor_has_a_start_task_its_knowledge_points_to_and_the_Network_Agent_has_its_connection_check(SchemaTarget target)
    {
        var docs = Docs(target);
        var monitors = docs.Values.SelectMany(d => d.Elements.Where(e => e.Attribute("TypeID") == "Windows!Microsoft.Windows.CheckNTServiceStateMonitorType").Select(m => (Doc: d, Monitor: m))).ToList();
        monitors.Should().NotBeEmpty();
        foreach (var (doc, monitor) in monitors)
        {
            var taskId = monitor.Id[..^".Monitor".Length] + ".Start.Task";
            var task = doc.Find(taskId)!;
            task.Kind.Should().Be("Task");
            task.Attribute("Target").Should().Be(monitor.Attribute("Target"));
            var command = task.Xml.Descendants("CommandLine").Single().Value;
            command.Should().Be($"net start \"{monitor.Xml.Element("Configuration")!.Element("ServiceName")!.Value}\"", "the task starts the service the monitor watches");
            var taskName = doc.DisplayStrings.Single(d => d.Attribute("ElementID")!.Value == taskId).Element("Name")!.Value;
            doc.Xml.Descendants("KnowledgeArticle").Single(k => k.Attribute("ElementID")!.Value == monitor.Id).Value.Should().Contain($"\"{taskName}\"");
        }
        var check = docs[FamilyIds.MonitoringPack("NetworkAgent")].Find(FamilyIds.ConnectionCheckTask("NetworkAgent"))!;
        check.Xml.Descendants("CommandLine").Single().Value.Should().Contain("klnagchk.exe");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Lasting_conditions_are_event_monitors_whose_alerts_close_and_one_off_detections_stay_rules(SchemaTarget target)
    {
        var docs = Docs(target);
        var lasting = fixture.Catalog.Products.SelectMany(p => p.EventAlerts.Select(a => (Product: p, Alert: a))).ToList();
        lasting.Should().Contain(x => x.Alert.ResolvedBy != null).And.Contain(x => x.Alert.ResetAfterSeconds != null);
        foreach (var (product, alert) in lasting)
        {
            var monitoring = docs[FamilyIds.MonitoringPack(product.Key)];
            if (alert.ResolvedBy is null && alert.ResetAfterSeconds is null)
            {
                monitoring.Find(FamilyIds.EventAlertRule(product.Key, alert.Key))!.Kind.Should().Be("Rule");
                continue;
            }
            monitoring.Find(FamilyIds.EventAlertRule(product.Key, alert.Key)).Should().BeNull();
            var monitor = monitoring.Find(FamilyIds.EventMonitor(product.Key, alert.Key))!;
            monitor.Kind.Should().Be("UnitMonitor");
            monitor.Xml.Element("AlertSettings")!.Element("AutoResolve")!.Value.Should().Be("true", "the alert closes when the condition is over");
            var configuration = monitor.Xml.Element("Configuration")!;
            if (alert.ResolvedBy is { } healthy)
            {
                monitor.Attribute("TypeID").Should().Be("Windows!Microsoft.Windows.2SingleEventLog2StateMonitorType");
                configuration.Element("SecondExpression")!.Descendants("Value").Select(v => v.Value).Should().Contain(healthy.EventIds.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            else
            {
                monitor.Attribute("TypeID").Should().Be("Windows!Microsoft.Windows.SingleEventLogTimer2StateMonitorType");
                configuration.Element("TimerWaitInSeconds")!.Value.Should().Be(alert.ResetAfterSeconds!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        docs[FamilyIds.MonitoringPack("KES")].Find(FamilyIds.EventAlertRule("KES", "ThreatDetected"))!.Kind.Should().Be("Rule", "a threat found is a one-off detection");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Console_texts_say_what_the_packs_do_and_keep_the_confidence_notes_out(SchemaTarget target)
    {
        foreach (var (id, xml) in fixture.Xml[target])
        {
            var text = System.Text.Encoding.UTF8.GetString(xml);
            text.Should().NotContain("UNSURE", $"{id}: confidence notes belong in the templates and the generated documentation");
            text.Should().NotContain("reference/", $"{id}: the console does not cite internal notes");
        }
        fixture.Catalog.Products.Should().Contain(p => p.Description.Contains("UNSURE", StringComparison.Ordinal), "the templates keep their notes");
        var kes = Docs(target)[FamilyIds.DiscoveryPack("KES")].DisplayStrings.Single(d => d.Attribute("ElementID")!.Value == FamilyIds.DiscoveryPack("KES"));
        kes.Element("Description")!.Value.Should().EndWith("from the event log of its version (\"Kaspersky Endpoint Security\"; \"Kaspersky Event Log\" for KES 8 and 10).");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Products_whose_every_fact_is_unconfirmed_are_marked_preview_in_the_console(SchemaTarget target)
    {
        var docs = Docs(target);
        fixture.Catalog.Products.Where(p => p.Preview).Select(p => p.Key).Should().BeEquivalentTo(["ASE", "KAVISA"]);
        foreach (var product in fixture.Catalog.Products)
        {
            foreach (var id in new[] { FamilyIds.DiscoveryPack(product.Key), FamilyIds.MonitoringPack(product.Key), FamilyIds.ViewsPack(product.Key) })
            {
                var description = docs[id].DisplayStrings.Single(d => d.Attribute("ElementID")!.Value == id).Element("Description")!.Value;
                description.Contains("Preview:", StringComparison.Ordinal).Should().Be(product.Preview, $"{id}: {description}");
            }
        }
    }

    [Fact]
    public void The_script_reports_what_it_cannot_read_to_the_Operations_Manager_log_and_compares_dates_in_UTC()
    {
        var body = LibraryPackComposer.ScriptBody();
        body.Should().Contain("api.LogScriptEvent ScriptName, 4100").And.Contain("api.LogScriptEvent ScriptName, 4101");
        // Found = 0 (no Network Agent state, a standalone install) logs nothing: only an unreadable value found is worth an event.
        var notFound = body[body.IndexOf("\nElse\n", StringComparison.Ordinal)..body.IndexOf("\nEnd If\napi.Return bag", StringComparison.Ordinal)];
        notFound.Should().Contain("bag.AddValue \"Found\", 0").And.NotContain("LogScriptEvent");
        body.Should().Contain("stamp.SetVarDate Now, True", "the registry dates are UTC; the script converts its own clock to UTC");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_Status_view_lists_the_product_groups_computers_with_a_column_per_Kaspersky_class(SchemaTarget target)
    {
        foreach (var product in fixture.Catalog.Products)
        {
            var view = Docs(target)[FamilyIds.ViewsPack(product.Key)].Find(FamilyIds.ProductView(product.Key, "Status"))!;
            view.Attribute("Target").Should().Be("Windows!Microsoft.Windows.Computer", "one row per computer, not the group's one roll-up row");
            view.Attribute("TypeID").Should().Be("SC!Microsoft.SystemCenter.StateViewType");
            view.Xml.Element("Target")!.Value.Should().Be($"$MPElement[Name=\"{FamilyIds.DiscoveryAlias}!{FamilyIds.ComputerGroupOf(product.Key)}\"]$");
            var columns = view.Xml.Element("Presentation")!.Elements("ColumnInfo").Select(c => c.Element("Id")!.Value).ToList();
            columns[0].Should().Be(FamilyIds.ApplicationClassOf(product.Key), "the Kaspersky states come first");
            foreach (var shared in product.SharedComponents ?? [])
                columns.Should().Contain(FamilyIds.SharedComponentClass(shared));
            columns.Should().Contain(["Microsoft.Windows.Computer", "Name"]);
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_root_folder_has_one_Active_Alerts_view_for_every_Kaspersky_application(SchemaTarget target)
    {
        var library = Docs(target)[FamilyIds.Library];
        var view = library.Find(FamilyIds.ActiveAlertsView)!;
        view.Attribute("TypeID").Should().Be("SC!Microsoft.SystemCenter.AlertViewType");
        view.Attribute("Target").Should().Be(FamilyIds.ApplicationClass, "every product and shared component class derives from it");
        view.Xml.Descendants("StateRange").Single().Attribute("Operator")!.Value.Should().Be("NotEquals");
        library.Xml.Descendants("FolderItem").Should().Contain(e => e.Attribute("ElementID")!.Value == FamilyIds.ActiveAlertsView && e.Attribute("Folder")!.Value == FamilyIds.RootFolder);
    }

    private static IEnumerable<(string Operator, string Value)> Conditions(XElement condition) =>
        condition.Descendants("SimpleExpression").Select(e => (e.Element("Operator")!.Value, e.Elements("ValueExpression").Last().Element("Value")!.Value));
}
