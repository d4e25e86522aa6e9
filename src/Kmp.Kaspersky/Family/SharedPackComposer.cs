using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;

namespace Kmp.Kaspersky.Family;

/// <summary>
/// KasperskyLab.Shared.&lt;Component&gt;.Discovery and .Monitoring: the discovery and the service monitors
/// of a component several products share (the guide's "shared attributes"). They are imported with the
/// first product that uses the component and removed with the last, so the library stays types only
/// and a computer is not monitored for a component no installed product needs.
/// </summary>
internal static class SharedPackComposer
{
    public static ManagementPack Discovery(SharedComponentTemplate c, FamilyOptions options, LibraryPackOutputs library, LibraryDiscoveryOutputs seed)
    {
        var id = FamilyIds.SharedDiscoveryPack(c.Key);
        var pack = new ManagementPackBuilder(id, options.Version, $"{c.DisplayName} Discovery") { Description = ConsoleText.Of(c.Description) };
        pack.Reference(Libraries.System);
        pack.Reference(Libraries.Windows);
        var kl = pack.Reference(options.ReferenceTo(FamilyIds.LibraryAlias, FamilyIds.Library));
        pack.Add(new DisplayString(id, $"{c.DisplayName} Discovery", $"Discovers the computers that have {c.DisplayName}, for the Kaspersky Lab products that use it."));
        var component = kl.Element(library.SharedComponentClasses[c.Key]);
        var baseClass = kl.Element(library.ApplicationClass);
        if (ApplicationDiscovery.IsNeeded(c.Discovery, null, null))
            new ApplicationDiscovery(component, baseClass, kl.Element(library.ApplicationDiscoveryDataSource), seed.In(pack, options), c.Discovery, $"{c.DisplayName} discovery",
                $"Finds the Windows computers where {c.DisplayName} is installed, once every {c.Discovery.FrequencySeconds} seconds.", c.DisplayName,
                Id: FamilyIds.SharedComponentDiscovery(c.Key)).Add(pack);
        else
            new RegistryDiscovery(component, baseClass, c.Discovery, $"{c.DisplayName} discovery",
                $"Finds the Windows computers where {c.DisplayName} is installed, from the registry, once every {c.Discovery.FrequencySeconds} seconds.", c.DisplayName,
                FamilyIds.SharedComponentDiscovery(c.Key)).Add(pack);
        return pack.Build();
    }

    public static ManagementPack Monitoring(SharedComponentTemplate c, FamilyOptions options, LibraryPackOutputs library)
    {
        var id = FamilyIds.SharedMonitoringPack(c.Key);
        var pack = new ManagementPackBuilder(id, options.Version, $"{c.DisplayName} Monitoring") { Description = ConsoleText.Of(c.Description) };
        var kl = pack.Reference(options.ReferenceTo(FamilyIds.LibraryAlias, FamilyIds.Library));
        pack.Add(new DisplayString(id, $"{c.DisplayName} Monitoring", $"Monitors {c.DisplayName}: {c.Services.Count} Windows service(s)."));
        var component = kl.Element(library.SharedComponentClasses[c.Key]);
        foreach (var service in c.Services)
            new ServiceMonitor(FamilyIds.SharedPrefix(c.Key), component, c.DisplayName, service).Add(pack);
        return pack.Build();
    }
}
