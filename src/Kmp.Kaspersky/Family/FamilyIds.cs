namespace Kmp.Kaspersky.Family;

/// <summary>
/// The IDs of the Kaspersky Lab pack family (DESIGN.md §2). Released IDs never change: renaming an
/// element of a sealed pack makes the next version upgrade-incompatible.
/// </summary>
public static class FamilyIds
{
    public const string Prefix = "KasperskyLab";
    public const string Library = Prefix + ".Library";
    public const string RootFolder = Library + ".RootFolder";
    public const string ApplicationClass = Library + ".Application";
    public const string ServiceMonitoringDataSource = Library + ".ServiceMonitoring.DataSource";
    public const string ServiceMonitoringMonitorType = Library + ".ServiceMonitoring.MonitorType";

    /// <summary>Aliases the family uses for its own packs.</summary>
    public const string LibraryAlias = "KL";
    public const string DiscoveryAlias = "KLD";
    public const string MonitoringAlias = "KLM";

    public static string SharedComponentClass(string key) => $"{Library}.{key}";

    public static string DiscoveryPack(string product) => $"{Prefix}.{product}.Discovery";

    public static string MonitoringPack(string product) => $"{Prefix}.{product}.Monitoring";

    public static string ViewsPack(string product) => $"{Prefix}.{product}.Views";

    public static string ApplicationClassOf(string product) => $"{Prefix}.{product}.Application";

    public static string ComputerGroupOf(string product) => $"{Prefix}.{product}.ComputerGroup";

    public static string EventCollectionRuleOf(string product) => $"{Prefix}.{product}.Events.Collection.Rule";

    /// <summary>True for any pack of the family (the library or a product pack).</summary>
    public static bool IsFamilyPack(string managementPackId) =>
        managementPackId.StartsWith(Prefix + ".", StringComparison.Ordinal);

    /// <summary>The product key of a product pack (KasperskyLab.KSWS.Views → KSWS), or null for the library and foreign packs.</summary>
    public static string? ProductOf(string managementPackId) =>
        RoleOf(managementPackId) is { } role && role != FamilyRole.Library ? managementPackId.Split('.')[1] : null;

    /// <summary>What a pack of the family holds, from its ID; null for a pack outside the family.</summary>
    public static FamilyRole? RoleOf(string managementPackId)
    {
        if (managementPackId == Library) return FamilyRole.Library;
        if (!IsFamilyPack(managementPackId)) return null;
        var parts = managementPackId.Split('.');
        if (parts.Length != 3 || parts[1].Length == 0) return null;
        return parts[2] switch
        {
            "Discovery" => FamilyRole.Discovery,
            "Monitoring" => FamilyRole.Monitoring,
            "Views" => FamilyRole.Views,
            _ => null,
        };
    }
}

/// <summary>What a pack of the family holds, in the words of the MOM 2005 guide.</summary>
public enum FamilyRole
{
    /// <summary>KasperskyLab.Library: shared attributes, the Service Monitoring script, the root folder.</summary>
    Library,
    /// <summary>&lt;Product&gt;.Discovery: attributes (classes) and computer groups.</summary>
    Discovery,
    /// <summary>&lt;Product&gt;.Monitoring: the rule group.</summary>
    Monitoring,
    /// <summary>&lt;Product&gt;.Views: the public views folder.</summary>
    Views,
}
