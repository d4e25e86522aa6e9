using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using static Kmp.ManagementPacks.ConfigElement;

namespace Kmp.Kaspersky.Family;

/// <summary>
/// KasperskyLab.&lt;Product&gt;.Views: the public views folder "Kaspersky Lab/&lt;Product&gt;" with the
/// Computers, Warnings, Events and Status views of the MOM 2005 guide, plus a state view per shared
/// component the product uses.
/// </summary>
internal static class ViewsPackComposer
{
    public static ManagementPack Compose(ProductTemplate p, IReadOnlyList<SharedComponentTemplate> components, FamilyOptions options)
    {
        var id = FamilyIds.ViewsPack(p.Key);
        var pack = new ManagementPackBuilder(id, options.Version, $"{p.DisplayName} Views") { Description = p.Description };
        var sc = pack.Reference(Libraries.SystemCenter);
        var kl = pack.Reference(options.ReferenceTo(FamilyIds.LibraryAlias, FamilyIds.Library));
        var kld = pack.Reference(options.ReferenceTo(FamilyIds.DiscoveryAlias, FamilyIds.DiscoveryPack(p.Key)));
        pack.Add(new DisplayString(id, $"{p.DisplayName} Views", $"The Kaspersky Lab/{p.DisplayName} folder of the Monitoring workspace."));

        var prefix = $"{FamilyIds.Prefix}.{p.Key}";
        var folder = prefix + ".Folder";
        pack.Add(new Folder(folder, new ElementReference(kl, FamilyIds.RootFolder)));
        pack.Add(new DisplayString(folder, p.DisplayName));

        var application = new ElementReference(kld, FamilyIds.ApplicationClassOf(p.Key));
        var stateView = sc.Element("Microsoft.SystemCenter.StateViewType");
        void View(string key, string name, string description, ElementReference target, ElementReference type, params ConfigElement[] configuration)
        {
            var viewId = $"{prefix}.{key}.View";
            pack.Add(new View(viewId, target, type, configuration));
            pack.Add(new FolderItem(viewId + ".FolderItem", viewId, folder));
            pack.Add(new DisplayString(viewId, name, description));
        }

        View("Computers", "Computers", $"The computers that have {p.DisplayName}, with their health.", application, stateView, Empty("Criteria"));
        var alertView = sc.Element("Microsoft.SystemCenter.AlertViewType");
        var openWarningsAndErrors = Node("Criteria",
            Node("SeverityList", Value("Severity", "Warning"), Value("Severity", "Error")),
            Node("ResolutionState", Value("StateRange", "255").WithAttribute("Operator", "NotEquals")));
        View("Warnings", "Warnings", $"Open warning and error alerts of {p.DisplayName}.", application, alertView, openWarningsAndErrors);
        if (p.EventCollection is not null)
        {
            var rule = new ElementReference(FamilyIds.MonitoringAlias, FamilyIds.EventCollectionRuleOf(p.Key));
            pack.Reference(options.ReferenceTo(FamilyIds.MonitoringAlias, FamilyIds.MonitoringPack(p.Key)));
            View("Events", "Events", $"Important events of {p.DisplayName} collected from the computers.", application, sc.Element("Microsoft.SystemCenter.EventViewType"),
                Node("Criteria", Node("RuleList", Value("Rule", rule.MPElement))));
        }
        View("Status", "Status", $"Health of the {p.DisplayName} Computers group.", new ElementReference(kld, FamilyIds.ComputerGroupOf(p.Key)), stateView, Empty("Criteria"));
        // Shared components are monitored in the library; their state and alerts still belong in the product's folder.
        foreach (var component in components)
        {
            var shared = new ElementReference(kl, FamilyIds.SharedComponentClass(component.Key));
            View(component.Key, component.DisplayName, $"Health of {component.DisplayName} on the computers that have it.", shared, stateView, Empty("Criteria"));
            View(component.Key + ".Warnings", $"{component.DisplayName} warnings", $"Open warning and error alerts of {component.DisplayName}.", shared, alertView, openWarningsAndErrors);
        }
        return pack.Build();
    }
}
