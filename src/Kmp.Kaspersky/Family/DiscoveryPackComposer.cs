using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;

namespace Kmp.Kaspersky.Family;

/// <summary>What the Discovery pack of a product gives the packs that reference it.</summary>
internal sealed record DiscoveryPackOutputs(Ref<Kinds.Class> Application, Ref<Kinds.Class> ComputerGroup);

/// <summary>
/// KasperskyLab.&lt;Product&gt;.Discovery: the product's class (the MOM "computer attribute"), its
/// registry discovery, and the computer group of the Windows computers that run the product.
/// </summary>
internal static class DiscoveryPackComposer
{
    public static (ManagementPack Pack, DiscoveryPackOutputs Outputs) Compose(ProductTemplate p, FamilyOptions options, LibraryPackOutputs library, LibraryDiscoveryOutputs seed)
    {
        var id = FamilyIds.DiscoveryPack(p.Key);
        var pack = new ManagementPackBuilder(id, options.Version, $"{p.DisplayName} Discovery") { Description = ConsoleText.Of(p) };
        pack.Reference(Libraries.System);
        var windows = pack.Reference(Libraries.Windows);
        var sc = pack.Reference(Libraries.SystemCenter);
        var kl = pack.Reference(options.ReferenceTo(FamilyIds.LibraryAlias, FamilyIds.Library));
        pack.Add(new DisplayString(id, $"{p.DisplayName} Discovery", $"Discovers the computers that run {p.DisplayName}. {ConsoleText.Of(p)}"));

        var baseClass = kl.Element(library.ApplicationClass);
        var versioned = p.Services.FirstOrDefault(s => s.DiscoveredNames is not null);
        var logs = p.EventLogs is { Count: > 0 } l ? l : null;
        var properties = new List<ClassProperty>();
        if (versioned is not null) properties.Add(new ClassProperty(FamilyIds.ServiceNameProperty, PropertyType.String, Length: 256));
        if (logs is not null) properties.Add(new ClassProperty(FamilyIds.EventLogNameProperty, PropertyType.String, Length: 256));
        var application = new ClassType(FamilyIds.ApplicationClassOf(p.Key), baseClass, Hosted: true, Properties: properties.Count > 0 ? properties : null);
        pack.Add(application);
        pack.Add(new DisplayString(application.Id, p.DisplayName, $"{p.DisplayName} on a Windows computer.{(p.Preview ? " Preview: its facts are not yet confirmed on a real installation." : "")}"));
        if (versioned is not null) pack.Add(new DisplayString(application.Id, "Service name", SubElementId: FamilyIds.ServiceNameProperty));
        if (logs is not null) pack.Add(new DisplayString(application.Id, "Event log", SubElementId: FamilyIds.EventLogNameProperty));

        var description = $"Finds the Windows computers where {p.DisplayName} is installed, once every {p.Discovery.FrequencySeconds} seconds.";
        // One discovery submits the instance with every property: a script where the registry discovery
        // cannot read both views or find the service and log, the registry discovery otherwise.
        if (ApplicationDiscovery.IsNeeded(p.Discovery, versioned, logs))
            new ApplicationDiscovery(application.Ref, baseClass, kl.Element(library.ApplicationDiscoveryDataSource), seed.In(pack, options), p.Discovery, $"{p.DisplayName} discovery", description, p.DisplayName, versioned, logs).Add(pack);
        else
            new RegistryDiscovery(application.Ref, baseClass, p.Discovery, $"{p.DisplayName} discovery", description.Replace("installed,", "installed, from the registry,", StringComparison.Ordinal), p.DisplayName).Add(pack);

        var contains = sc.Relationship("Microsoft.SystemCenter.ComputerGroupContainsComputer");
        var group = new ClassType(FamilyIds.ComputerGroupOf(p.Key), sc.Class("Microsoft.SystemCenter.ComputerGroup"), Singleton: true);
        pack.Add(group);
        pack.Add(new DisplayString(group.Id, $"{p.DisplayName} Computers", $"The Windows computers that run {p.DisplayName}."));
        var population = new Discovery(FamilyIds.DiscoveryOf(group.Id), group.Ref, [new DiscoveryRelationship(contains)],
            Module.DataSource("GroupPopulationDataSource", sc.ModuleType("Microsoft.SystemCenter.GroupPopulator"),
                new GroupPopulatorConfiguration(group.Ref, windows.Class("Microsoft.Windows.Computer"), contains, application.Ref)));
        pack.Add(population);
        pack.Add(new DisplayString(population.Id, $"{p.DisplayName} Computers group population",
            $"Puts every Windows computer that hosts {p.DisplayName} into the group {p.DisplayName} Computers."));
        if (p.SharedComponents is { Count: > 0 } shared)
        {
            // Relate the product to the shared component it uses on the same computer (for the dependency monitor).
            if (shared.Count != 1) throw new KmpException($"product {p.Key}: one shared component per product is supported, not {shared.Count}");
            var use = new Discovery(FamilyIds.SharedComponentUseDiscovery(p.Key), application.Ref,
                [new DiscoveryRelationship(kl.Element(library.UsesSharedComponent))],
                Module.DataSource("DS", kl.Element(library.SharedComponentUseDiscoveryProvider),
                    new SharedComponentUseDiscoveryConfiguration(p.Discovery.FrequencySeconds, application.Ref, kl.Element(library.SharedComponentClasses[shared[0]]))));
            pack.Add(use);
            pack.Add(new DisplayString(use.Id, $"{p.DisplayName} shared component discovery",
                $"Relates {p.DisplayName} to the shared component it uses on the same computer, so the product's health includes the component's."));
        }
        return (pack.Build(), new DiscoveryPackOutputs(application.Ref, group.Ref));
    }
}
