using System.Text.RegularExpressions;
using Kmp.Kaspersky.Family;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Kaspersky.Tests.Family;

/// <summary>The product facts of the second verification, as the generated XML carries them (both targets).</summary>
public sealed class ProductFactsTests(FamilyFixture fixture) : IClassFixture<FamilyFixture>
{
    public static TheoryData<SchemaTarget> Targets => [SchemaTarget.Scom2007R2, SchemaTarget.Scom2012];

    private static string KesClass => $"{FamilyIds.DiscoveryAlias}!{FamilyIds.ApplicationClassOf("KES")}";

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_KES_service_monitor_and_start_task_take_the_service_name_of_the_discovered_instance(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var monitoring = docs[FamilyIds.MonitoringPack("KES")];
        var expression = $"$Target/Property[Type=\"{KesClass}\"]/ServiceName$";
        var monitor = monitoring.Find(FamilyIds.ServiceMonitor(FamilyIds.ProductPrefix("KES"), "ApplicationService"))!;
        monitor.Xml.Element("Configuration")!.Element("ServiceName")!.Value.Should().Be(expression);
        var task = monitoring.Find(FamilyIds.ServiceStartTask(FamilyIds.ProductPrefix("KES"), "ApplicationService"))!;
        task.Xml.Descendants("CommandLine").Single().Value.Should().Be($"net start \"{expression}\"", "the task starts the service found on the computer, never net start \"\"");
        docs[FamilyIds.DiscoveryPack("KES")].Find(FamilyIds.ApplicationClassOf("KES"))!.Xml.Elements("Property").Select(p => p.Attribute("ID")!.Value)
            .Should().Contain("ServiceName");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void One_KES_discovery_submits_the_instance_only_with_its_service_name_version_and_log(SchemaTarget target)
    {
        var pack = fixture.Documents(target)[FamilyIds.DiscoveryPack("KES")];
        var discoveries = pack.Elements.Where(e => e.Kind == "Discovery" && e.Xml.Descendants("DiscoveryClass").Any(c => c.Attribute("TypeID")!.Value == FamilyIds.ApplicationClassOf("KES"))).ToList();
        discoveries.Should().ContainSingle("two discoveries of one instance would submit it with different properties and flip-flop")
            .Which.Id.Should().Be(FamilyIds.DiscoveryOf(FamilyIds.ApplicationClassOf("KES")), "the released discovery keeps its ID, so an upgrade keeps the instances it discovered");
        var discovery = discoveries[0];
        discovery.Xml.Attribute("Target")!.Value.Should().Be($"{FamilyIds.LibraryDiscoveryAlias}!{FamilyIds.ComputerClass}", "only computers with Kaspersky Lab software run the script");
        discovery.Xml.Attribute("Remotable")!.Value.Should().Be("false", "the script describes the computer it runs on, never an agentless computer's proxy");
        discovery.Xml.Descendants("Property").Select(p => p.Attribute("PropertyID")!.Value).Should().BeEquivalentTo(["ProductVersion", "InstallPath", "ServiceName", "EventLogName"]);
        var body = discovery.Xml.Descendants("ScriptBody").Single().Value;
        body.Should().Contain("FindService(Array(\"AVP.KES.%\", \"AVP\"))", "the versioned name of KES 11+ is tried first").And.Contain("Win32_Service WHERE Name LIKE");
        // The instance is created only in the branch where a service was found, and carries its name.
        var noService = body.IndexOf("If Len(serviceName) = 0 Then", StringComparison.Ordinal);
        var orElse = body.IndexOf("  Else\n", noService, StringComparison.Ordinal);
        var create = body.IndexOf("data.CreateClassInstance", StringComparison.Ordinal);
        noService.Should().BePositive();
        create.Should().BeGreaterThan(orElse).And.Be(body.LastIndexOf("data.CreateClassInstance", StringComparison.Ordinal));
        orElse.Should().BeGreaterThan(noService);
        body.Should().Contain($"instance.AddProperty \"$MPElement[Name='{FamilyIds.ApplicationClassOf("KES")}']/ServiceName$\", serviceName");
        body.Should().Contain("ProductVersion$\", version").And.Contain("EventLogName$\", logName");
        VbsBlocksBalance(body);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void KES_reads_the_event_log_of_its_version_and_never_opens_a_missing_log(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var monitoring = docs[FamilyIds.MonitoringPack("KES")];
        var discovered = $"$Target/Property[Type=\"{KesClass}\"]/EventLogName$";
        // The event rules; the performance collection rules read the Service Monitoring script.
        var rules = monitoring.Elements.Where(e => e.Kind == "Rule" && e.Xml.Element("Category")!.Value != "PerformanceCollection").ToList();
        rules.Should().NotBeEmpty();
        rules.Should().OnlyContain(r => r.Xml.Descendants("LogName").Single().Value == discovered, "a fixed log name is a missing log on KES 10 or KES 11+");
        static string? Channel(DocumentElement r) => r.Xml.Descendants("SimpleExpression").Where(s => s.Descendants("XPathQuery").Single().Value == "Channel")
            .Select(s => s.Descendants("Value").Single().Value).SingleOrDefault();
        var alerts = rules.Where(r => r.Xml.Element("Category")!.Value == "Alert").ToList();
        alerts.Select(Channel).Should().OnlyContain(c => c == "Kaspersky Endpoint Security", "302 and 362 are KES 11+ events: on KES 10 the rule reads its log but matches nothing");
        alerts.SelectMany(r => r.Xml.Descendants("SimpleExpression").Where(s => s.Descendants("XPathQuery").Single().Value == "EventDisplayNumber").Select(s => s.Descendants("Value").Single().Value))
            .Should().BeEquivalentTo(["302", "362"]);
        var collection = monitoring.Find(FamilyIds.EventCollectionRuleOf("KES"))!;
        Channel(collection).Should().BeNull("every version's events are collected from the log found on the computer");
        var script = docs[FamilyIds.DiscoveryPack("KES")].Find(FamilyIds.DiscoveryOf(FamilyIds.ApplicationClassOf("KES")))!.Xml.Descendants("ScriptBody").Single().Value;
        script.Should().Contain("logName = FirstLog(Array(\"Kaspersky Endpoint Security\", \"Kaspersky Event Log\"))", "KES 11+ first, then the KES 8/10 log")
            .And.Contain(@"SYSTEM\CurrentControlSet\Services\EventLog\").And.Contain(@"SOFTWARE\Microsoft\Windows\CurrentVersion\WINEVT\Channels\")
            .And.Contain("If Len(FirstLog) = 0 Then FirstLog = \"Application\"", "a computer with neither log reads Application, which exists everywhere");
        // Products whose log does not differ by version keep their fixed log.
        docs[FamilyIds.MonitoringPack("KSWS")].Xml.Descendants("LogName").Select(l => l.Value).Distinct().Should().Equal("Kaspersky Security");
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

    /// <summary>The registry paths a product's discovery reads: the script's keys, or the registry discovery's paths.</summary>
    private static IReadOnlyList<string> Paths(DocumentElement discovery) =>
        discovery.Xml.Descendants("ScriptBody").SingleOrDefault() is { } script
            ? [.. Regex.Matches(script.Value, @"(?m)^ *(?:key = FirstKey|version = FirstValue|installPath = FirstValue)\(.*$")
                .SelectMany(line => Regex.Matches(line.Value, "\"((?:SOFTWARE|SYSTEM)\\\\[^\"]*)\"").Select(m => m.Groups[1].Value))]
            : [.. discovery.Xml.Descendants("Path").Select(p => p.Value)];

    private DocumentElement DiscoveryOf(SchemaTarget target, string product) =>
        fixture.Documents(target)[FamilyIds.DiscoveryPack(product)].Find(FamilyIds.DiscoveryOf(FamilyIds.ApplicationClassOf(product)))!;

    [Theory]
    [MemberData(nameof(Targets))]
    public void Discovery_keys_follow_the_second_verification(SchemaTarget target)
    {
        string Keys(string product) => string.Join("|", Paths(DiscoveryOf(target, product)));
        Keys("WSEE").Should().Contain(@"SOFTWARE\KasperskyLab\Components\34\Connectors\KAVFSEE\6.0.0.0").And.Contain(@"SOFTWARE\Wow6432Node\KasperskyLab\Components\34\Connectors\KAVFSEE\8.0.0.0")
            .And.NotContain(@"WSEE\6.0\Environment");
        Keys("KSWS").Should().Contain(@"Connectors\WSEE\10.0.0.0").And.Contain(@"WSEE\10.1\Install").And.NotContain(@"WSEE\10.1\Environment");
        Keys("KES").Should().Contain(@"SOFTWARE\KasperskyLab\protected\KES\environment").And.Contain(@"SOFTWARE\Wow6432Node\KasperskyLab\protected\KES\environment");
        Keys("KSSP").Should().Be(@"SYSTEM\CurrentControlSet\Services\KSHSecurityService", "discovery rests on the service's own key, not on an event source that uninstalls leave behind");
        Keys("KSE").Should().Be(@"SYSTEM\CurrentControlSet\Services\KSCM8");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_product_reads_each_key_and_version_in_both_registry_views(SchemaTarget target)
    {
        foreach (var product in fixture.Catalog.Products)
        {
            var paths = Paths(DiscoveryOf(target, product.Key)).ToList();
            foreach (var path in paths.Where(p => p.StartsWith(@"SOFTWARE\", StringComparison.Ordinal) && p.Contains(@"\KasperskyLab\", StringComparison.Ordinal)))
            {
                var rest = path.StartsWith(@"SOFTWARE\Wow6432Node\", StringComparison.Ordinal) ? path[@"SOFTWARE\Wow6432Node\".Length..] : path[@"SOFTWARE\".Length..];
                paths.Should().Contain(@"SOFTWARE\Wow6432Node\" + rest, $"{product.Key} reads {path} in the 64-bit layout too");
                paths.Should().Contain(@"SOFTWARE\" + rest, $"{product.Key} reads {path} on 32-bit Windows too");
                paths.IndexOf(@"SOFTWARE\Wow6432Node\" + rest).Should().BeLessThan(paths.IndexOf(@"SOFTWARE\" + rest), "the layout of 32-bit applications on 64-bit Windows comes first");
            }
        }
        // Network Agent: the version, from both views (it was read from Wow6432Node only: nothing on 32-bit Windows).
        var agent = DiscoveryOf(target, "NetworkAgent").Xml.Descendants("ScriptBody").Single().Value;
        agent.Should().Contain(@"version = FirstValue(Array(""SOFTWARE\Wow6432Node\KasperskyLab\Components\34\1103\1.0.0.0\Statistics\AVState"", ""SOFTWARE\KasperskyLab\Components\34\1103\1.0.0.0\Statistics\AVState""), Array(""Protection_NagentVersion"", ""Protection_NagentVersion""))");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_product_with_a_known_version_value_discovers_ProductVersion(SchemaTarget target)
    {
        string[] Discovered(string product) => [.. DiscoveryOf(target, product).Xml.Descendants("Property").Select(p => p.Attribute("PropertyID")!.Value)];
        foreach (var product in fixture.Catalog.Products)
            Discovered(product.Key).Should().Contain("ProductVersion", $"administrators scope groups and overrides of {product.Key} by version");
        foreach (var product in new[] { "KES", "KSC", "KSE", "KSSP", "KSWS", "WSEE", "NetworkAgent", "ASE" })
            Discovered(product).Should().Contain("InstallPath", $"{product}'s installation folder is known (a registry value or its service's program)");
        string Script(string product) => DiscoveryOf(target, product).Xml.Descendants("ScriptBody").Single().Value;
        // Products found by their service key: the version and folder of the service's program.
        Script("KSC").Should().Contain("ReadProgram \"kladminserver\", version, installPath").And.Contain("fso.GetFileVersion(image)").And.Contain("fso.GetParentFolderName(image)");
        Script("KSSP").Should().Contain("ReadProgram \"KSHSecurityService\", version, installPath");
        // KES: the program of the service found on the computer, after the registry's ProductVersion.
        var kes = Script("KES");
        kes.Should().Contain("ReadProgram serviceName, version, installPath");
        kes.IndexOf("ReadProgram serviceName", StringComparison.Ordinal).Should().BeGreaterThan(kes.IndexOf("version = FirstValue(", StringComparison.Ordinal));
        Script("WSEE").Should().Contain(@"""SOFTWARE\Wow6432Node\KasperskyLab\Components\34\Connectors\KAVFSEE\8.0.0.0""").And.Contain(@"""ProdVersion""");
        var ksws = Script("KSWS");
        ksws.Should().Contain(@"""SOFTWARE\KasperskyLab\WSEE\10.1\Install""").And.Contain(@"""SOFTWARE\Wow6432Node\KasperskyLab\Components\34\Connectors\WSEE\10.0.0.0""");
        // 10.1\Install holds Version, the Connectors keys ProdVersion: both names are read under the key found,
        // never under a key of another generation an older install left behind.
        ksws.Should().Contain("key = FirstKey(").And.Contain("If Len(version) = 0 Then version = FirstValue(Array(key, key), Array(\"ProdVersion\", \"Version\"))");
        kes.Should().Contain("If Len(version) = 0 Then version = FirstValue(Array(key), Array(\"ProductVersion\"))");
        kes.Should().NotContain("FirstValue(Array(\"SOFTWARE", "KES has no fixed version value: the version comes from the key found");
        kes.Should().Contain("4102, 0,", "a product left in the registry without its service is information, not a daily warning");
        foreach (var product in fixture.Catalog.Products) VbsBlocksBalance(Script(product.Key));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void No_two_discoveries_submit_the_same_product_class(SchemaTarget target)
    {
        foreach (var (id, doc) in fixture.Documents(target))
        {
            var submitted = doc.Elements.Where(e => e.Kind == "Discovery").SelectMany(e => e.Xml.Descendants("DiscoveryClass").Select(c => c.Attribute("TypeID")!.Value)).ToList();
            submitted.Should().OnlyHaveUniqueItems($"{id}: one discovery per class, so no two submit one instance with different values");
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void A_released_discovery_keeps_its_ID_and_the_overrideable_Frequency_of_its_module(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var released = Path.Combine(Kmp.Testing.Corpus.RepositoryRoot, "mp-templates", "released", target == SchemaTarget.Scom2007R2 ? "2007R2" : "2012");
        var library = docs[FamilyIds.Library].Find(FamilyIds.ApplicationDiscoveryDataSource)!;
        library.Xml.Descendants("OverrideableParameter").Select(o => o.Attribute("ID")!.Value).Should().Contain("Frequency");
        var checkedCount = 0;
        foreach (var file in Directory.EnumerateFiles(released, "*.Discovery.xml"))
        {
            var old = ManagementPackDocument.Load(file);
            foreach (var discovery in old.Elements.Where(e => e.Kind == "Discovery" && e.Xml.Element("DataSource")!.Element("Frequency") is not null))
            {
                // An administrator's override (Module="DS", Parameter="Frequency") of the released registry discovery must keep applying.
                var now = docs[old.Id].Find(discovery.Id);
                now.Should().NotBeNull($"{discovery.Id} was released: removing it would delete the instances it discovered on upgrade");
                var module = now!.Xml.Element("DataSource")!;
                module.Attribute("ID")!.Value.Should().Be("DS");
                if (module.Element("Frequency") is null)
                    module.Attribute("TypeID")!.Value.Should().Be($"{FamilyIds.LibraryAlias}!{FamilyIds.ApplicationDiscoveryDataSource}");
                checkedCount++;
            }
        }
        checkedCount.Should().BeGreaterThan(5);
    }

    /// <summary>The generated VBScript's blocks close in order (If/End If, For/Next, Function/End Function, Sub/End Sub).</summary>
    private static void VbsBlocksBalance(string script)
    {
        var open = new Stack<string>();
        foreach (var raw in script.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('\'') || line.Length == 0) continue;
            if (line.StartsWith("Function ", StringComparison.Ordinal)) open.Push("Function");
            else if (line.StartsWith("Sub ", StringComparison.Ordinal)) open.Push("Sub");
            else if (line.StartsWith("For ", StringComparison.Ordinal)) open.Push("For");
            else if (line.StartsWith("If ", StringComparison.Ordinal) && line.EndsWith(" Then", StringComparison.Ordinal)) open.Push("If");
            else if (line == "Next") open.Pop().Should().Be("For", script);
            else if (line == "End If") open.Pop().Should().Be("If", script);
            else if (line == "End Function") open.Pop().Should().Be("Function", script);
            else if (line == "End Sub") open.Pop().Should().Be("Sub", script);
            else if (line == "Else") open.Peek().Should().Be("If", script);
        }
        open.Should().BeEmpty(script);
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
                knowledge.Should().Contain("ships disabled").And.Contain(alert.LogName)
                    .And.Contain("Authoring > Management Pack Objects > Rules").And.Contain("Override the Rule").And.Contain("not the Default Management Pack")
                    .And.NotContain("Log log");
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

    /// <summary>
    /// An Events view whose only source is a collection rule shipped disabled is empty after import: its description
    /// (shown in the console and in the guide's Console folders table) says so, and views of enabled rules do not.
    /// </summary>
    [Theory]
    [MemberData(nameof(Targets))]
    public void An_events_view_fed_by_a_disabled_collection_rule_says_it_is_empty_until_the_rule_is_enabled(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var saysEmpty = new List<string>();
        foreach (var product in fixture.Catalog.Products)
        {
            var pack = docs[FamilyIds.ViewsPack(product.Key)];
            var view = pack.Elements.SingleOrDefault(e => e.Kind == "View" && e.Attribute("TypeID") == "SC!Microsoft.SystemCenter.EventViewType");
            if (view is null) continue;
            var description = pack.Xml.Descendants("DisplayString").Single(d => d.Attribute("ElementID")!.Value == view.Id).Element("Description")!.Value;
            var rule = docs[FamilyIds.MonitoringPack(product.Key)].Find(FamilyIds.EventCollectionRuleOf(product.Key))!;
            if (rule.Attribute("Enabled") == "true")
            {
                description.Should().NotContain("Empty until", view.Id);
                continue;
            }
            saysEmpty.Add(view.Id);
            description.Should().Contain($"Empty until the rule \"{product.DisplayName} event collection\" is enabled by override").And.Contain("not confirmed");
        }
        saysEmpty.Should().BeEquivalentTo(["KasperskyLab.WSEE.Events.View", "KasperskyLab.KSC.Events.View"]);
    }

    /// <summary>
    /// A monitor on an unconfirmed log ships disabled like the rules on that log (KSC's license-limit monitor on
    /// "Kaspersky Event Log"): enabled, it would keep the agent opening a log that may not exist.
    /// </summary>
    [Theory]
    [MemberData(nameof(Targets))]
    public void Event_monitors_on_an_unconfirmed_log_ship_disabled_with_knowledge_on_how_to_enable_them(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var disabled = new List<string>();
        foreach (var product in fixture.Catalog.Products)
        {
            var pack = docs[FamilyIds.MonitoringPack(product.Key)];
            foreach (var alert in product.EventAlerts.Where(a => a.ResolvedBy is not null || a.ResetAfterSeconds is not null))
            {
                var monitor = pack.Find(FamilyIds.EventMonitor(product.Key, alert.Key))!;
                var enabled = monitor.Attribute("Enabled");
                enabled.Should().Be(alert.Enabled ? "true" : "false", monitor.Id);
                var knowledge = pack.Xml.Descendants("KnowledgeArticle").Single(k => k.Attribute("ElementID")!.Value == monitor.Id).Value;
                if (enabled == "true")
                {
                    knowledge.Should().NotContain("ships disabled", monitor.Id);
                    continue;
                }
                disabled.Add(monitor.Id);
                knowledge.Should().Contain("This monitor ships disabled").And.Contain(alert.LogName)
                    .And.Contain("Authoring > Management Pack Objects > Monitors").And.Contain("Override the Monitor").And.Contain("not the Default Management Pack");
            }
        }
        disabled.Should().Equal([FamilyIds.EventMonitor("KSC", "LicenseLimitExceeded")], "KSC's other workflows on \"Kaspersky Event Log\" ship disabled too");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Event_collection_on_an_unconfirmed_log_ships_disabled_like_the_alert_rules_on_it_and_says_how_to_enable_it(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var disabled = new List<string>();
        foreach (var product in fixture.Catalog.Products)
        {
            var pack = docs[FamilyIds.MonitoringPack(product.Key)];
            var rule = pack.Find(FamilyIds.EventCollectionRuleOf(product.Key))!;
            var enabled = rule.Attribute("Enabled");
            if (product.EventCollection is not { Confidence: Kmp.Kaspersky.Templates.Confidence.Unsure }) enabled.Should().Be("true", $"{rule.Id} rests on confirmed facts");
            if (enabled == "true") continue;
            disabled.Add(rule.Id);
            var description = pack.Xml.Descendants("DisplayString").Single(d => d.Attribute("ElementID")!.Value == rule.Id).Element("Description")!.Value;
            description.Should().Contain("Ships disabled").And.Contain($"{Kmp.Kaspersky.Templates.LogWording.The(product.EventCollection!.LogName, quoted: true)} is not confirmed")
                .And.Contain("enable the rule with an override").And.Contain("Authoring > Management Pack Objects > Rules")
                .And.Contain("For a group").And.Contain("not the Default Management Pack");
            description.Should().NotContain("Log log", "a log name ending in Log gets no second one");
        }
        disabled.Should().BeEquivalentTo(
            [FamilyIds.EventCollectionRuleOf("WSEE"), FamilyIds.EventCollectionRuleOf("KSC")],
            "WSEE's \"Kaspersky Anti-Virus\" and KSC's \"Kaspersky Event Log\" are unconfirmed, and their alert rules ship disabled too");
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
