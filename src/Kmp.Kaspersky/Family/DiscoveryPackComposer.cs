using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using static Kmp.ManagementPacks.ConfigElement;

namespace Kmp.Kaspersky.Family;

/// <summary>
/// KasperskyLab.&lt;Product&gt;.Discovery: the product's class (the MOM "computer attribute"), its
/// registry discovery, and the computer group of the Windows computers that run the product.
/// </summary>
internal static class DiscoveryPackComposer
{
    public static ManagementPack Compose(ProductTemplate p, FamilyOptions options)
    {
        var id = FamilyIds.DiscoveryPack(p.Key);
        var pack = new ManagementPackBuilder(id, options.Version, $"{p.DisplayName} Discovery") { Description = p.Description };
        pack.Reference(Libraries.System);
        var windows = pack.Reference(Libraries.Windows);
        var sc = pack.Reference(Libraries.SystemCenter);
        var kl = pack.Reference(options.ReferenceTo(FamilyIds.LibraryAlias, FamilyIds.Library));
        pack.Add(new DisplayString(id, $"{p.DisplayName} Discovery", $"Discovers the computers that run {p.DisplayName}. {p.Description}"));

        var application = FamilyIds.ApplicationClassOf(p.Key);
        var baseClass = new ElementReference(kl, FamilyIds.ApplicationClass);
        pack.Add(new ClassType(application, baseClass, Hosted: true));
        pack.Add(new DisplayString(application, p.DisplayName, $"{p.DisplayName} on a Windows computer."));

        var discovery = Workflows.RegistryDiscovery(application + ".Discovery", application, baseClass, p.Discovery);
        pack.Add(discovery);
        pack.Add(new DisplayString(discovery.Id, $"{p.DisplayName} discovery",
            $"Finds the Windows computers where {p.DisplayName} is installed, from the registry, once every {p.Discovery.FrequencySeconds} seconds."));

        var group = FamilyIds.ComputerGroupOf(p.Key);
        var contains = sc.Element("Microsoft.SystemCenter.ComputerGroupContainsComputer");
        pack.Add(new ClassType(group, sc.Element("Microsoft.SystemCenter.ComputerGroup"), Singleton: true));
        pack.Add(new DisplayString(group, $"{p.DisplayName} Computers", $"The Windows computers that run {p.DisplayName}."));
        pack.Add(new Discovery(group + ".Discovery", group, [new DiscoveryRelationship(contains)],
            Module.DataSource("GroupPopulationDataSource", sc.Element("Microsoft.SystemCenter.GroupPopulator"),
                Value("RuleId", "$MPElement$"),
                Value("GroupInstanceId", ElementReference.Local(group).MPElement),
                Node("MembershipRules", Node("MembershipRule",
                    Value("MonitoringClass", windows.Element("Microsoft.Windows.Computer").MPElement),
                    Value("RelationshipClass", contains.MPElement),
                    Node("Expression", Node("Contains", Value("MonitoringClass", ElementReference.Local(application).MPElement))))))));
        pack.Add(new DisplayString(group + ".Discovery", $"{p.DisplayName} Computers group population",
            $"Puts every Windows computer that hosts {p.DisplayName} into the group {p.DisplayName} Computers."));
        return pack.Build();
    }
}
