using System.Text.RegularExpressions;
using Kmp.Kaspersky.Family;
using Kmp.ManagementPacks;

namespace Kmp.Kaspersky.Tests.Family;

/// <summary>The product facts of the second verification, as the generated XML carries them (both targets).</summary>
public sealed class ProductFactsTests(FamilyFixture fixture) : IClassFixture<FamilyFixture>
{
    public static TheoryData<SchemaTarget> Targets => [SchemaTarget.Scom2007R2, SchemaTarget.Scom2012];

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_KES_service_monitor_watches_the_service_name_discovered_on_the_computer(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var monitor = docs[FamilyIds.MonitoringPack("KES")].Find(FamilyIds.ServiceMonitor(FamilyIds.ProductPrefix("KES"), "ApplicationService"))!;
        monitor.Xml.Element("Configuration")!.Element("ServiceName")!.Value
            .Should().Be($"$Target/Property[Type=\"{FamilyIds.DiscoveryAlias}!{FamilyIds.ApplicationClassOf("KES")}\"]/ServiceName$");
        var discovery = docs[FamilyIds.DiscoveryPack("KES")];
        discovery.Find(FamilyIds.ApplicationClassOf("KES"))!.Xml.Elements("Property").Select(p => p.Attribute("ID")!.Value).Should().Contain("ServiceName");
        var script = discovery.Find(FamilyIds.ServiceNameDiscovery("KES"))!;
        script.Xml.Descendants("Property").Single().Attribute("PropertyID")!.Value.Should().Be("ServiceName");
        var body = script.Xml.Descendants("ScriptBody").Single().Value;
        body.Should().Contain("Find(\"AVP.KES.%\")").And.Contain("Find(\"AVP\")").And.Contain("Win32_Service WHERE Name LIKE");
        body.IndexOf("AVP.KES.%", StringComparison.Ordinal).Should().BeLessThan(body.IndexOf("Find(\"AVP\")", StringComparison.Ordinal), "the versioned name of KES 11+ is tried first");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_KES_rules_read_the_Kaspersky_Endpoint_Security_channel(SchemaTarget target)
    {
        var monitoring = fixture.Documents(target)[FamilyIds.MonitoringPack("KES")];
        // The event rules; the performance collection rules read the Service Monitoring script.
        var rules = monitoring.Elements.Where(e => e.Kind == "Rule" && e.Xml.Element("Category")!.Value != "PerformanceCollection").ToList();
        rules.Should().NotBeEmpty();
        rules.Should().OnlyContain(r => r.Xml.Descendants("LogName").Single().Value == "Kaspersky Endpoint Security");
        var alertEvents = rules.Where(r => r.Xml.Element("Category")!.Value == "Alert")
            .SelectMany(r => r.Xml.Descendants("SimpleExpression").Where(s => s.Descendants("XPathQuery").Single().Value == "EventDisplayNumber").Select(s => s.Descendants("Value").Single().Value));
        alertEvents.Should().BeEquivalentTo(["302", "362"]);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Event_providers_are_matched_without_regard_to_case(SchemaTarget target)
    {
        var monitoring = fixture.Documents(target)[FamilyIds.MonitoringPack("KSWS")];
        var patterns = monitoring.Xml.Descendants("RegExExpression")
            .Where(r => r.Descendants("XPathQuery").Single().Value == "PublisherName").Select(r => r.Element("Pattern")!.Value).ToList();
        patterns.Should().Contain(@"^(?i)Real-Time\ File\ Protection$");
        var realTime = new Regex(patterns.First(p => p.Contains("Real", StringComparison.Ordinal)));
        realTime.IsMatch("Real-time file protection").Should().BeTrue("real logs spell the provider this way too");
        realTime.IsMatch("Real-Time File Protection").Should().BeTrue();
        realTime.IsMatch("OnDemandScan").Should().BeFalse();
        monitoring.Xml.Descendants("SimpleExpression").Should().NotContain(s => s.Descendants("XPathQuery").Single().Value == "PublisherName");
    }

    [Fact]
    public void Discovery_keys_follow_the_second_verification()
    {
        string Keys(string product) => fixture.Documents(SchemaTarget.Scom2007R2)[FamilyIds.DiscoveryPack(product)].Find(FamilyIds.DiscoveryOf(FamilyIds.ApplicationClassOf(product)))!
            .Xml.Descendants("Path").Select(p => p.Value).Aggregate("", (a, b) => a + "|" + b);
        Keys("WSEE").Should().Contain(@"SOFTWARE\KasperskyLab\Components\34\Connectors\KAVFSEE\6.0.0.0").And.Contain(@"SOFTWARE\Wow6432Node\KasperskyLab\Components\34\Connectors\KAVFSEE\8.0.0.0")
            .And.NotContain(@"WSEE\6.0\Environment");
        Keys("KSWS").Should().Contain(@"Connectors\WSEE\10.0.0.0").And.Contain(@"WSEE\10.1\Install").And.NotContain(@"WSEE\10.1\Environment");
        Keys("KES").Should().Contain(@"|SOFTWARE\KasperskyLab\protected\KES\environment").And.Contain(@"SOFTWARE\Wow6432Node\KasperskyLab\protected\KES\environment");
        Keys("KSSP").Should().Be(@"|SYSTEM\CurrentControlSet\Services\KSHSecurityService", "discovery rests on the service's own key, not on an event source that uninstalls leave behind");
        Keys("KSE").Should().Be(@"|SYSTEM\CurrentControlSet\Services\KSCM8");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void KSE_alerts_only_on_conditions_worth_a_call_and_collects_detected_objects_as_events(SchemaTarget target)
    {
        var pack = fixture.Documents(target)[FamilyIds.MonitoringPack("KSE")];
        // Event 1001 (Information) is logged for every infected or filtered attachment: a record, not an alert.
        pack.Find(FamilyIds.EventAlertRule("KSE", "ObjectDetected")).Should().BeNull();
        pack.Find(FamilyIds.EventMonitor("KSE", "ObjectDetected")).Should().BeNull();
        var collection = pack.Find(FamilyIds.EventCollectionRuleOf("KSE"))!;
        collection.Xml.Descendants("SimpleExpression")
            .Where(e => e.Element("ValueExpression")!.Element("XPathQuery")?.Value == "EventLevel")
            .Select(e => e.Elements("ValueExpression").Last().Element("Value")!.Value)
            .Should().Contain("4", "Information events (1001, detected objects) are collected");
        pack.DisplayStrings.Single(d => d.Attribute("ElementID")!.Value == collection.Id).Element("Description")!.Value
            .Should().Contain("error, warning and information events");

        // 1007's meaning is unconfirmed: a Warning of medium priority, not a Critical high-priority page.
        var licenseError = pack.Find(FamilyIds.EventAlertRule("KSE", "LicenseError"))!;
        var alert = licenseError.Xml.Descendants("WriteAction").Single();
        alert.Element("Severity")!.Value.Should().Be("1", "1 is Warning");
        alert.Element("Priority")!.Value.Should().Be("1", "1 is Medium");

        // 1004 (licence expires soon) lasts, like 1005: a monitor whose timer closes its alert, not a rule alerting on every event.
        pack.Find(FamilyIds.EventAlertRule("KSE", "LicenseExpiresSoon")).Should().BeNull();
        var expiresSoon = pack.Find(FamilyIds.EventMonitor("KSE", "LicenseExpiresSoon"))!;
        var expired = pack.Find(FamilyIds.EventMonitor("KSE", "LicenseExpired"))!;
        expiresSoon.Attribute("TypeID").Should().Be(expired.Attribute("TypeID")).And.Be("Windows!Microsoft.Windows.SingleEventLogTimer2StateMonitorType");
        expiresSoon.Xml.Element("Configuration")!.Element("TimerWaitInSeconds")!.Value.Should().Be("86400");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Alert_rules_resting_on_an_unconfirmed_log_ship_disabled_with_knowledge_on_how_to_enable_them(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var disabled = new List<string>();
        foreach (var product in fixture.Catalog.Products)
        {
            var pack = docs[FamilyIds.MonitoringPack(product.Key)];
            foreach (var alert in product.EventAlerts.Where(a => a.ResolvedBy is null && a.ResetAfterSeconds is null))
            {
                var rule = pack.Find(FamilyIds.EventAlertRule(product.Key, alert.Key))!;
                var enabled = rule.Attribute("Enabled");
                if (alert.Confidence == Kmp.Kaspersky.Templates.Confidence.Confirmed) enabled.Should().Be("true", $"{rule.Id} rests on confirmed facts");
                if (enabled == "true") continue;
                disabled.Add(rule.Id);
                var knowledge = pack.Xml.Descendants("KnowledgeArticle").Single(k => k.Attribute("ElementID")!.Value == rule.Id).Value;
                knowledge.Should().Contain("ships disabled").And.Contain("override").And.Contain(alert.LogName);
            }
        }
        disabled.Should().BeEquivalentTo(
            [
                FamilyIds.EventAlertRule("WSEE", "ThreatDetected"),
                FamilyIds.EventAlertRule("KSC", "LicenseAlmostUsed"),
                FamilyIds.EventAlertRule("KSC", "VirusOutbreak"),
                FamilyIds.EventAlertRule("KSC", "DeviceUnmanaged"),
            ], "the WSEE rules on the \"Kaspersky Anti-Virus\" log and the KSC rules on \"Kaspersky Event Log\" are unconfirmed");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Console_texts_say_where_things_are_and_dependency_monitors_have_knowledge(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        string Description(string packId) =>
            docs[packId].DisplayStrings.Single(d => d.Attribute("ElementID")!.Value == packId).Element("Description")!.Value;
        Description(FamilyIds.DiscoveryPack("ASE")).Should().NotContain("lives in the library").And.Contain("KasperskyLab.Shared.ExchangeSecurity");
        Description(FamilyIds.DiscoveryPack("KSC")).Should().NotContain("shared component").And.Contain("KasperskyLab.NetworkAgent");

        // KES 11 and later write to "Kaspersky Endpoint Security"; the service alert sends the operator there first.
        var kes = docs[FamilyIds.MonitoringPack("KES")];
        var message = kes.DisplayStrings.Single(d => d.Attribute("ElementID")!.Value ==
            FamilyIds.AlertMessageOf(FamilyIds.ServiceMonitor(FamilyIds.ProductPrefix("KES"), "ApplicationService"))).Element("Description")!.Value;
        message.Should().Contain("\"Kaspersky Endpoint Security\" event log");

        var dependencies = docs.Values.SelectMany(d => d.Elements.Where(e => e.Kind == "DependencyMonitor").Select(e => (Doc: d, e.Id))).ToList();
        dependencies.Should().HaveCount(2);
        foreach (var (doc, id) in dependencies)
        {
            var article = doc.Xml.Descendants("KnowledgeArticle").SingleOrDefault(k => k.Attribute("ElementID")!.Value == id);
            article.Should().NotBeNull($"{id} needs a knowledge article");
            article!.Value.Should().Contain("Health Explorer");
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_database_age_monitor_is_a_security_health_monitor_and_KSE_says_when_it_clears(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var ageMonitors = docs.Values.SelectMany(d => d.Elements.Where(e => e.Kind == "UnitMonitor"
            && (e.Id.EndsWith(".DatabaseAge.Monitor", StringComparison.Ordinal) || e.Id.EndsWith("DatabasesOutOfDate.Monitor", StringComparison.Ordinal)))
            .Select(e => (Doc: d, Monitor: e))).ToList();
        ageMonitors.Select(m => m.Monitor.Id).Should().Contain(
        [
            FamilyIds.HealthCheckMonitor("KES", "DatabaseAge"), FamilyIds.HealthCheckMonitor("KSWS", "DatabaseAge"), FamilyIds.HealthCheckMonitor("WSEE", "DatabaseAge"),
            FamilyIds.EventMonitor("KSE", "AntiVirusDatabasesOutOfDate"), FamilyIds.EventMonitor("KSE", "AntiSpamDatabasesOutOfDate"),
        ]);
        foreach (var (doc, monitor) in ageMonitors)
        {
            monitor.Xml.Element("Category")!.Value.Should().Be("SecurityHealth", monitor.Id);
            monitor.Attribute("ParentMonitorID").Should().Be("Health!System.Health.SecurityState", monitor.Id);
            if (!monitor.Id.StartsWith(FamilyIds.ProductPrefix("KSE") + ".", StringComparison.Ordinal)) continue;
            doc.Xml.Descendants("KnowledgeArticle").Single(k => k.Attribute("ElementID")!.Value == monitor.Id).Value
                .Should().Contain("after 24 hours without the event", "the timer reset is stated where the operator reads");
        }
    }
}
