namespace Kmp.Documentation;

/// <summary>
/// The display names of the elements of a set of packs (the family, or the packs given with their
/// libraries): what the console shows for an element ID, which pack declares it, and its sub-elements'
/// names (monitor states). An element no pack of the set names is shown by its ID.
/// </summary>
public sealed class NameIndex
{
    private readonly Dictionary<string, (string PackId, string? Name, string? Description)> elements = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Element, string Sub), (string Name, string? Description)> subElements = [];

    /// <summary>The console's root of the Monitoring workspace, parent of every top-level folder.</summary>
    public const string MonitoringRoot = "Microsoft.SystemCenter.Monitoring.ViewFolder.Root";

    /// <summary>Declares that <paramref name="packId"/> holds the element (its name may come later, or never).</summary>
    public void Declare(string packId, string elementId)
    {
        if (!elements.ContainsKey(elementId)) elements[elementId] = (packId, null, null);
    }

    /// <summary>A display string of the default language.</summary>
    public void Name(string packId, string elementId, string? subElementId, string name, string? description)
    {
        if (subElementId is not null)
        {
            subElements.TryAdd((elementId, subElementId), (name, description));
            return;
        }
        if (elements.TryGetValue(elementId, out var known) && known.Name is not null) return; // the first pack that names it wins
        elements[elementId] = (known.PackId ?? packId, name, description);
    }

    /// <summary>The element with the ID (no alias); <paramref name="packOfAlias"/> is the pack the reference's alias names, when known.</summary>
    public ElementName Resolve(string id, string? packOfAlias = null)
    {
        if (elements.TryGetValue(id, out var e)) return new ElementName(id, e.Name ?? id, e.PackId);
        if (id == MonitoringRoot) return new ElementName(id, "Monitoring", packOfAlias);
        return new ElementName(id, WellKnown.GetValueOrDefault(id) ?? id, packOfAlias);
    }

    /// <summary>
    /// Microsoft's elements the family uses, for when their libraries are not given: the console's name of a
    /// class or aggregate monitor; for a module or monitor type, what it does with its ID (they have no console name).
    /// </summary>
    private static readonly Dictionary<string, string> WellKnown = new(StringComparer.Ordinal)
    {
        ["Microsoft.Windows.Computer"] = "Windows Computer",
        ["Microsoft.Windows.LocalApplication"] = "Windows Local Application",
        ["Microsoft.SystemCenter.ComputerGroup"] = "Computer Group",
        ["System.Health.AvailabilityState"] = "Availability",
        ["System.Health.SecurityState"] = "Security",
        ["System.Health.ConfigurationState"] = "Configuration",
        ["System.Health.PerformanceState"] = "Performance",
        ["System.Health.EntityState"] = "Entity Health",
        ["Microsoft.Windows.EventProvider"] = "Windows event log reader (Microsoft.Windows.EventProvider)",
        ["Microsoft.Windows.FilteredRegistryDiscoveryProvider"] = "registry discovery (Microsoft.Windows.FilteredRegistryDiscoveryProvider)",
        ["Microsoft.SystemCenter.GroupPopulator"] = "group membership (Microsoft.SystemCenter.GroupPopulator)",
        ["Microsoft.Windows.CheckNTServiceStateMonitorType"] = "Windows service state (Microsoft.Windows.CheckNTServiceStateMonitorType)",
        ["Microsoft.Windows.SingleEventLogTimer2StateMonitorType"] = "event, then healthy after a time (Microsoft.Windows.SingleEventLogTimer2StateMonitorType)",
        ["Microsoft.Windows.2SingleEventLog2StateMonitorType"] = "unhealthy event, healthy event (Microsoft.Windows.2SingleEventLog2StateMonitorType)",
        ["Microsoft.Windows.SingleEventLog2StateMonitorType"] = "event, reset by hand (Microsoft.Windows.SingleEventLog2StateMonitorType)",
        ["Microsoft.Windows.TimedScript.PropertyBagProvider"] = "timed script (Microsoft.Windows.TimedScript.PropertyBagProvider)",
        ["Microsoft.Windows.TimedScript.DiscoveryProvider"] = "timed discovery script (Microsoft.Windows.TimedScript.DiscoveryProvider)",
        ["System.CommandExecuter"] = "command line (System.CommandExecuter)",
        ["Microsoft.SystemCenter.ComputerGroupContainsComputer"] = "group contains computer (Microsoft.SystemCenter.ComputerGroupContainsComputer)",
    };

    public string? Description(string id) => elements.TryGetValue(id, out var e) ? e.Description : null;

    public (string Name, string? Description)? Sub(string elementId, string subElementId) =>
        subElements.TryGetValue((elementId, subElementId), out var s) ? s : null;

    /// <summary>True when a pack of the set declares the element (a link to it can be made).</summary>
    public bool Knows(string id) => elements.ContainsKey(id);
}
