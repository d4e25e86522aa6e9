using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using static Kmp.ManagementPacks.ConfigElement;

namespace Kmp.Kaspersky.Family;

/// <summary>
/// KasperskyLab.&lt;Product&gt;.Views: the public views folder "Kaspersky Lab/&lt;Product&gt;" with the
/// Computers, Warnings, Events and Status views of the MOM 2005 guide, a Performance view where the product collects performance data, plus a state view per shared
/// component the product uses.
/// </summary>
internal static class ViewsPackComposer
{
    public static ManagementPack Compose(ProductTemplate p, IReadOnlyList<SharedComponentTemplate> components, FamilyOptions options,
        LibraryPackOutputs library, DiscoveryPackOutputs discovery, MonitoringPackOutputs monitoring)
    {
        var id = FamilyIds.ViewsPack(p.Key);
        var pack = new ManagementPackBuilder(id, options.Version, $"{p.DisplayName} Views") { Description = ConsoleText.Of(p) };
        var sc = pack.Reference(Libraries.SystemCenter);
        var kl = pack.Reference(options.ReferenceTo(FamilyIds.LibraryAlias, FamilyIds.Library));
        var kld = pack.Reference(options.ReferenceTo(FamilyIds.DiscoveryAlias, FamilyIds.DiscoveryPack(p.Key)));
        pack.Add(new DisplayString(id, $"{p.DisplayName} Views", $"{(p.Preview ? ConsoleText.PreviewNote : "")}The Kaspersky Lab/{p.DisplayName} folder of the Monitoring workspace."));

        var folder = ViewFolder.Add(pack, p.Key, kl.Element(library.RootFolder), p.DisplayName);
        var application = kld.Element(discovery.Application);
        var stateView = sc.ViewType("Microsoft.SystemCenter.StateViewType");
        folder.View("Computers", "Computers", $"The computers that have {p.DisplayName}, with their health.", application, stateView, Empty("Criteria"));
        var alertView = sc.ViewType("Microsoft.SystemCenter.AlertViewType");
        var openWarningsAndErrors = Node("Criteria",
            Node("SeverityList", Value("Severity", "Warning"), Value("Severity", "Error")),
            Node("ResolutionState", Value("StateRange", "255").WithAttribute("Operator", "NotEquals")));
        folder.View("Warnings", "Warnings", $"Open warning and error alerts of {p.DisplayName}.", application, alertView, openWarningsAndErrors);
        if (monitoring.EventCollectionRule is { } collection)
        {
            var klm = pack.Reference(options.ReferenceTo(FamilyIds.MonitoringAlias, FamilyIds.MonitoringPack(p.Key)));
            // Its only source ships disabled where the log is unconfirmed: the view says why it is empty.
            var empty = p.EventCollection is { Enabled: false }
                ? $" Empty until the rule \"{p.DisplayName} event collection\" is enabled by override: its log is not confirmed (the rule's description says how to check and enable it)."
                : "";
            folder.View("Events", "Events", $"Important events of {p.DisplayName} collected from the computers.{empty}", application, sc.ViewType("Microsoft.SystemCenter.EventViewType"),
                Node("Criteria", Node("RuleList", Value("Rule", klm.Element(collection).MPElement))));
        }
        // The values collected as performance data (database age, hours since the last connection), charted.
        if (monitoring.PerformanceCollectionRules.Count > 0)
        {
            var klm = pack.Reference(options.ReferenceTo(FamilyIds.MonitoringAlias, FamilyIds.MonitoringPack(p.Key)));
            folder.View("Performance", "Performance", $"Anti-virus database age and hours since the last connection to the Administration Server of {p.DisplayName}, collected from the computers.",
                application, sc.ViewType("Microsoft.SystemCenter.PerformanceViewType"), "PerformanceCollection",
                Node("Criteria", Node("RuleList", [.. monitoring.PerformanceCollectionRules.Select(r => Value("Rule", klm.Element(r).MPElement))])));
        }
        // MOM 2005's Status: one row per computer that runs the product (a state view of Windows computers
        // scoped to the product's group), with a column per Kaspersky class: not the group's roll-up.
        var computer = pack.Reference(Libraries.Windows).Class("Microsoft.Windows.Computer");
        var columns = new List<(string Name, string Id)> { (p.DisplayName, discovery.Application.Id) };
        columns.AddRange(components.Select(c => (c.DisplayName, library.SharedComponentClasses[c.Key].Id)));
        folder.View("Status", "Status", $"The computers of the {p.DisplayName} Computers group, with the state of each Kaspersky Lab application on them.", computer, stateView,
            StateViewColumns([.. columns, ("Computer", computer.Id)]),
            Value("Target", kld.Element(discovery.ComputerGroup).MPElement));
        // Shared components are monitored in the library; their state and alerts still belong in the product's folder.
        foreach (var component in components)
        {
            var shared = kl.Element(library.SharedComponentClasses[component.Key]);
            folder.View(component.Key, component.DisplayName, $"Health of {component.DisplayName} on the computers that have it.", shared, stateView, Empty("Criteria"));
            folder.View(component.Key + ".Warnings", $"{component.DisplayName} warnings", $"Open warning and error alerts of {component.DisplayName}.", shared, alertView, openWarningsAndErrors);
        }
        return pack.Build();
    }

    /// <summary>
    /// The Presentation of a state view: a state column per class (the Kaspersky states first), then
    /// maintenance mode and the computer's name.
    /// </summary>
    internal static ConfigElement StateViewColumns(IReadOnlyList<(string Name, string ClassId)> states)
    {
        var columns = new List<ConfigElement>();
        ConfigElement Column(int index, string name, string id, int width, bool sorted) =>
            Node("ColumnInfo", Value("Name", name), Value("Id", id))
                .WithAttribute("Index", index.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithAttribute("SortIndex", sorted ? "0" : "-1")
                .WithAttribute("Width", width.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithAttribute("Grouped", "false")
                .WithAttribute("Sorted", sorted ? "true" : "false")
                .WithAttribute("IsSortable", "true")
                .WithAttribute("Visible", "true")
                .WithAttribute("SortOrder", "Ascending");
        foreach (var (name, id) in states) columns.Add(Column(columns.Count, name, id, 100, sorted: false));
        columns.Add(Column(columns.Count, "Maintenance Mode", "InMaintenanceMode", 22, sorted: false));
        columns.Add(Column(columns.Count, "Name", "Name", 150, sorted: true));
        return Node("Presentation", [.. columns]);
    }
}
