using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using static Kmp.ManagementPacks.ConfigElement;

namespace Kmp.Kaspersky.Family;

/// <summary>
/// KasperskyLab.&lt;Product&gt;.Monitoring: the product's "rule group" — a service monitor per Windows
/// service, an alert rule per significant event with knowledge, the event collection rule behind the
/// Events view, and monitors on the shared Service Monitoring script.
/// </summary>
internal static class MonitoringPackComposer
{
    public static ManagementPack Compose(ProductTemplate p, LibraryTemplate library, FamilyOptions options)
    {
        var id = FamilyIds.MonitoringPack(p.Key);
        var pack = new ManagementPackBuilder(id, options.Version, $"{p.DisplayName} Monitoring") { Description = p.Description };
        pack.Add(new DisplayString(id, $"{p.DisplayName} Monitoring", Describe(p)));
        if (p.Services.Count + p.EventAlerts.Count + (p.HealthChecks?.Count ?? 0) == 0 && p.EventCollection is null) return pack.Build();

        // References are added only where workflows use them.
        var health = Libraries.Health;
        var sc = Libraries.SystemCenter;
        var kl = pack.Reference(options.ReferenceTo(FamilyIds.LibraryAlias, FamilyIds.Library));
        var kld = pack.Reference(options.ReferenceTo(FamilyIds.DiscoveryAlias, FamilyIds.DiscoveryPack(p.Key)));

        var target = new ElementReference(kld, FamilyIds.ApplicationClassOf(p.Key));
        var prefix = $"{FamilyIds.Prefix}.{p.Key}";
        foreach (var service in p.Services) Workflows.ServiceMonitor(pack, prefix, target, p.DisplayName, service);
        foreach (var alert in p.EventAlerts) AddEventAlertRule(pack, prefix, target, p.DisplayName, alert, health);
        if (p.EventCollection is { } collection) AddEventCollectionRule(pack, p, target, collection, sc);
        foreach (var check in p.HealthChecks ?? []) AddHealthCheck(pack, prefix, target, p.DisplayName, check, library.ServiceMonitoring, kl, health);
        return pack.Build();
    }

    /// <summary>What the pack monitors, from what the template gives it (an empty rule group says where the product is monitored instead).</summary>
    private static string Describe(ProductTemplate p)
    {
        var parts = new List<string>();
        if (p.Services.Count > 0) parts.Add($"{p.Services.Count} Windows service(s)");
        if (p.EventAlerts.Count > 0) parts.Add($"{p.EventAlerts.Count} significant event(s) with recommendations");
        if (p.EventCollection is not null) parts.Add("event collection for the Events view");
        if (p.HealthChecks is { Count: > 0 }) parts.Add("the anti-virus state reported by the Network Agent");
        if (parts.Count > 0) return $"Monitors {p.DisplayName}: {string.Join(", ", parts)}.";
        var shared = p.SharedComponents is { Count: > 0 } c ? $" through the shared components ({string.Join(", ", c)}) of the Kaspersky Lab Library" : "";
        return $"The rule group of {p.DisplayName}. It holds no workflows of its own: the product is monitored{shared}.";
    }

    private static ConfigElement EventProvider(string logName, ConfigElement expression) => Node("_",
        Value("ComputerName", Context.HostNetworkName),
        Value("LogName", logName),
        Node("Expression", expression));

    private static Module EventDataSource(string logName, ConfigElement expression) =>
        Module.DataSource("DS", Libraries.Windows.Element("Microsoft.Windows.EventProvider"), [.. EventProvider(logName, expression).Children]);

    private static void AddEventAlertRule(ManagementPackBuilder pack, string prefix, ElementReference target, string productName, EventAlertDefinition a, LibraryPack health)
    {
        pack.Reference(Libraries.Windows);
        pack.Reference(health);
        var id = $"{prefix}.{a.Key}.Alert.Rule";
        var message = id + ".AlertMessage";
        var conditions = new List<ConfigElement>
        {
            Expressions.Or([.. a.EventIds.Order().Select(n => Expressions.Simple("EventDisplayNumber", "UnsignedInteger", "Equal", n.ToString(System.Globalization.CultureInfo.InvariantCulture)))]),
            Expressions.Simple("PublisherName", "String", "Equal", a.Source),
        };
        if (a.EventLevel is { } level)
            conditions.Add(Expressions.Simple("EventLevel", "Integer", "Equal", level.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        pack.Add(new Rule(id, target, MonitoringCategory.Alert,
            [EventDataSource(a.LogName, Expressions.And([.. conditions]))],
            [Module.WriteAction("Alert", health.Element("System.Health.GenerateAlert"),
                Value("Priority", (int)a.Priority),
                Value("Severity", (int)a.Severity),
                Value("AlertMessageId", ElementReference.Local(message).MPElement),
                Node("AlertParameters",
                    Value("AlertParameter1", "$Data/EventDescription$"),
                    Value("AlertParameter2", "$Data/LoggingComputer$"),
                    Value("AlertParameter3", "$Data/EventDisplayNumber$")),
                Node("Suppression",
                    Value("SuppressionValue", "$Data/EventDisplayNumber$"),
                    Value("SuppressionValue", "$Data/LoggingComputer$")))]));
        pack.Add(new StringResource(message));
        pack.Add(new DisplayString(id, a.DisplayName,
            $"Raises an alert when {a.Source} writes event {string.Join(" or ", a.EventIds)} to the {a.LogName} log."));
        pack.Add(new DisplayString(message, $"{productName}: {a.AlertName}",
            $"{a.Recommendation}\n\nEvent {{2}} on {{1}}:\n{{0}}"));
        pack.Add(KnowledgeArticles.For(id, a.Knowledge));
    }

    private static void AddEventCollectionRule(ManagementPackBuilder pack, ProductTemplate p, ElementReference target, EventCollectionDefinition c, LibraryPack sc)
    {
        pack.Reference(Libraries.Windows);
        pack.Reference(sc);
        var id = FamilyIds.EventCollectionRuleOf(p.Key);
        var levels = c.Levels is { Count: > 0 } l ? l : [1, 2];
        var expression = Expressions.And(
            Expressions.Or([.. c.Sources.Select(s => Expressions.Simple("PublisherName", "String", "Equal", s))]),
            Expressions.Or([.. levels.Order().Select(n => Expressions.Simple("EventLevel", "Integer", "Equal", n.ToString(System.Globalization.CultureInfo.InvariantCulture)))]));
        pack.Add(new Rule(id, target, MonitoringCategory.EventCollection,
            [EventDataSource(c.LogName, expression)],
            [Module.WriteAction("WriteToDB", sc.Element("Microsoft.SystemCenter.CollectEvent"))]));
        pack.Add(new DisplayString(id, $"{p.DisplayName} event collection",
            $"Collects the error and warning events of {string.Join(", ", c.Sources)} from the {c.LogName} log for the Events view."));
    }

    private static void AddHealthCheck(ManagementPackBuilder pack, string prefix, ElementReference target, string productName,
        HealthCheckDefinition check, ServiceMonitoringDefinition script, string kl, LibraryPack health)
    {
        pack.Reference(Libraries.Windows);
        pack.Reference(health);
        var (property, threshold, parent, category) = check.Check switch
        {
            HealthCheckKind.RealTimeProtection => ("RtpProblem", 0, "System.Health.SecurityState", MonitoringCategory.SecurityHealth),
            HealthCheckKind.DatabaseAge => ("DatabaseAgeHours", check.ThresholdHours ?? script.DatabaseMaxAgeHours, "System.Health.SecurityState", MonitoringCategory.SecurityHealth),
            HealthCheckKind.AdministrationServerConnection => ("DisconnectedHours", check.ThresholdHours ?? script.MaxDisconnectedHours, "System.Health.AvailabilityState", MonitoringCategory.AvailabilityHealth),
            _ => throw new KmpException($"unknown health check {check.Check}"),
        };
        var text = script.Checks.FirstOrDefault(t => t.Check == check.Check)
            ?? throw new KmpException($"the library template has no text for the {check.Check} check");
        var id = $"{prefix}.{check.Check}.Monitor";
        var message = id + ".AlertMessage";
        pack.Add(new UnitMonitor(id, target, health.Element(parent), new ElementReference(kl, FamilyIds.ServiceMonitoringMonitorType), category,
            [
                new OperationalState("Healthy", LibraryPackComposer.Healthy, HealthState.Success),
                new OperationalState("Unhealthy", LibraryPackComposer.Unhealthy, HealthState.Error),
            ],
            [
                Value("IntervalSeconds", script.IntervalSeconds),
                Value("TimeoutSeconds", script.TimeoutSeconds),
                Value("PropertyName", property),
                Value("Threshold", threshold),
            ],
            new MonitorAlertSettings(message, HealthState.Error, AutoResolve: true, WorkflowPriority.Normal, MonitorAlertSeverity.MatchMonitorHealth,
                // The real-time protection value is a flag: the message needs only the computer.
                check.Check == HealthCheckKind.RealTimeProtection
                    ? [Context.HostPrincipalName]
                    : [Context.HostPrincipalName, $"$Data/Context/Property[@Name='{property}']$"])));
        pack.Add(new StringResource(message));
        pack.Add(new DisplayString(id, text.DisplayName, $"Kaspersky Lab: Service Monitoring check of {productName}: {text.DisplayName.ToLowerInvariant()}."));
        pack.Add(new DisplayString(id, "Healthy", SubElementId: "Healthy"));
        pack.Add(new DisplayString(id, "Unhealthy", SubElementId: "Unhealthy"));
        pack.Add(new DisplayString(message, $"{productName}: {text.AlertName}", text.Recommendation));
        pack.Add(KnowledgeArticles.For(id, text.Knowledge));
    }
}
