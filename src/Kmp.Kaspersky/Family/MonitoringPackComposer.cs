using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;

namespace Kmp.Kaspersky.Family;

/// <summary>What the Monitoring pack of a product gives the Views pack.</summary>
/// <param name="PerformanceCollectionRules">The rules behind the Performance view (none: the product collects no performance data).</param>
internal sealed record MonitoringPackOutputs(Ref<Kinds.Rule>? EventCollectionRule, IReadOnlyList<Ref<Kinds.Rule>> PerformanceCollectionRules);

/// <summary>
/// KasperskyLab.&lt;Product&gt;.Monitoring: the product's "rule group" — a service monitor per Windows
/// service, an alert rule per significant event with knowledge, the event collection rule behind the
/// Events view, and monitors on the shared Service Monitoring script.
/// </summary>
internal static class MonitoringPackComposer
{
    public static (ManagementPack Pack, MonitoringPackOutputs Outputs) Compose(ProductTemplate p, LibraryTemplate library, FamilyOptions options,
        LibraryPackOutputs libraryOutputs, DiscoveryPackOutputs discovery)
    {
        var id = FamilyIds.MonitoringPack(p.Key);
        var sharedServices = library.SharedComponents.Where(c => p.SharedComponents?.Contains(c.Key) == true).SelectMany(c => c.Services).ToList();
        var pack = new ManagementPackBuilder(id, options.Version, $"{p.DisplayName} Monitoring") { Description = ConsoleText.Of(p) };
        pack.Add(new DisplayString(id, $"{p.DisplayName} Monitoring", (p.Preview ? ConsoleText.PreviewNote : "") + Describe(p)));
        if (p.Services.Count + p.EventAlerts.Count + (p.HealthChecks?.Count ?? 0) + (p.SharedComponents?.Count ?? 0) == 0 && p.EventCollection is null)
            return (pack.Build(), new MonitoringPackOutputs(null, []));

        // The constructs declare the library references they use; the family's own come first.
        var kl = pack.Reference(options.ReferenceTo(FamilyIds.LibraryAlias, FamilyIds.Library));
        var kld = pack.Reference(options.ReferenceTo(FamilyIds.DiscoveryAlias, FamilyIds.DiscoveryPack(p.Key)));

        var target = kld.Element(discovery.Application);
        var owner = FamilyIds.ProductPrefix(p.Key);
        foreach (var service in p.Services)
        {
            // A service whose name differs by version is watched under the name discovered on the computer.
            var discovered = service.DiscoveredNames is null ? null : $"$Target/Property[Type=\"{target}\"]/{FamilyIds.ServiceNameProperty}$";
            new ServiceMonitor(owner, target, p.DisplayName, service, discovered).Add(pack);
        }
        if (p.Services.Any(s => string.Equals(s.Name, "klnagent", StringComparison.OrdinalIgnoreCase))) new ConnectionCheckTask(p.Key, target).Add(pack);
        // A log that differs by version is read as discovered on the computer: a rule never opens a log the
        // computer lacks (the agent warns about every missing log it is asked to read).
        var discoveredLog = $"$Target/Property[Type=\"{target}\"]/{FamilyIds.EventLogNameProperty}$";
        string? LogOf(string logName) => DiscoveredLog.Reads(p, logName) ? discoveredLog : null;
        // Each alert is its own element: thousands are composed on every core, in order (ParallelParts).
        ParallelParts.Add(pack, p.EventAlerts, (part, alert) =>
        {
            if (DiscoveredLog.IsMonitor(alert)) new EventMonitor(p.Key, target, p.DisplayName, alert, LogOf(alert.LogName)).Add(part);
            else new EventAlertRule(p.Key, target, p.DisplayName, alert, LogOf(alert.LogName)).Add(part);
        });
        var serviceNames = p.Services.Concat(sharedServices).Select(s => s.DisplayName).Distinct(StringComparer.Ordinal).ToList();
        var collection = p.EventCollection is { } c ? new EventCollectionRule(p.Key, target, p.DisplayName, c, LogOf(c.LogName)).Add(pack)
            : serviceNames.Count > 0 ? new ServiceEventsCollectionRule(p.Key, target, p.DisplayName, serviceNames).Add(pack)
            : (Ref<Kinds.Rule>?)null;
        var monitorType = kl.Element(libraryOutputs.ServiceMonitoringMonitorType);
        foreach (var check in p.HealthChecks ?? []) new HealthCheckMonitor(p.Key, target, p.DisplayName, check, library.ServiceMonitoring, monitorType).Add(pack);
        // The values the monitors' script already returns, as performance data from the same script run.
        var performance = (p.HealthChecks ?? []).Where(c => PerformanceCollectionRule.CounterOf(c.Check) is not null)
            .Select(c => new PerformanceCollectionRule(p.Key, target, p.DisplayName, c.Check, library.ServiceMonitoring,
                kl.Element(libraryOutputs.ServiceMonitoringPerformanceDataSource)).Add(pack))
            .ToList();
        if (p.SharedComponents is { Count: > 0 })
            new SharedComponentsDependency(p.Key, target, p.DisplayName, kl.Element(libraryOutputs.UsesSharedComponent)).Add(pack);
        return (pack.Build(), new MonitoringPackOutputs(collection, performance));
    }

    /// <summary>What the pack monitors, from what the template gives it (an empty rule group says where the product is monitored instead).</summary>
    private static string Describe(ProductTemplate p)
    {
        var parts = new List<string>();
        if (p.Services.Count > 0) parts.Add($"{p.Services.Count} Windows service(s)");
        if (p.EventAlerts.Count > 0) parts.Add($"{p.EventAlerts.Count} significant event(s) with recommendations");
        if (p.EventCollection is not null) parts.Add("event collection for the Events view");
        else if (p.Services.Count > 0 || p.SharedComponents is { Count: > 0 }) parts.Add("the service events of the Service Control Manager for the Events view");
        if (p.HealthChecks is { Count: > 0 } checks)
            parts.Add(checks.Any(c => PerformanceCollectionRule.CounterOf(c.Check) is not null)
                ? "the anti-virus state reported by the Network Agent, with performance collection of its database age and connection hours"
                : "the anti-virus state reported by the Network Agent");
        if (p.SharedComponents is { Count: > 0 } used) parts.Add($"the availability of the shared component it uses ({string.Join(", ", used)})");
        var disabled = p.EventAlerts.Count(e => !e.Enabled) + (p.EventCollection is { Enabled: false } ? 1 : 0);
        if (parts.Count > 0 && disabled > 0)
            return $"Monitors {p.DisplayName}: {string.Join(", ", parts)}. {disabled} of these workflows ship disabled until their event log is checked on a computer with the product; each one's description says which and how.";
        if (parts.Count > 0) return $"Monitors {p.DisplayName}: {string.Join(", ", parts)}.";
        var shared = p.SharedComponents is { Count: > 0 } c ? $" through the shared components ({string.Join(", ", c)}) of the Kaspersky Lab Library" : "";
        return $"The rule group of {p.DisplayName}. It holds no workflows of its own: the product is monitored{shared}.";
    }
}
