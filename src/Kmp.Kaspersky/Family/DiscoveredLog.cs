using Kmp.Kaspersky.Templates;

namespace Kmp.Kaspersky.Family;

/// <summary>
/// Which event workflows of a product read the event log discovered on the computer (the product lists its logs by
/// version in <c>eventLogs</c>) rather than a fixed log: the one decision the composer and the guide both need.
/// </summary>
public static class DiscoveredLog
{
    /// <summary>True when workflows on <paramref name="logName"/> read the log discovered on the computer.</summary>
    public static bool Reads(ProductTemplate product, string logName) =>
        product.EventLogs?.Any(l => string.Equals(l.LogName, logName, StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>A lasting condition is a monitor whose alert closes; a one-off detection stays an alert rule.</summary>
    public static bool IsMonitor(EventAlertDefinition alert) => alert.ResolvedBy is not null || alert.ResetAfterSeconds is not null;

    /// <summary>The IDs of the product's workflows that read the discovered log: its event collection, alert rules and event monitors.</summary>
    public static IEnumerable<string> Workflows(ProductTemplate product) =>
    [
        .. product.EventCollection is { } c && Reads(product, c.LogName) ? [FamilyIds.EventCollectionRuleOf(product.Key)] : Array.Empty<string>(),
        .. product.EventAlerts.Where(a => Reads(product, a.LogName))
            .Select(a => IsMonitor(a) ? FamilyIds.EventMonitor(product.Key, a.Key) : FamilyIds.EventAlertRule(product.Key, a.Key)),
    ];
}
