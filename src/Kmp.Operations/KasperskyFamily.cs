using Kmp.Kaspersky.Family;

namespace Kmp.Operations;

/// <summary>
/// How the Kaspersky family appears in a management group: which packs belong to it and what each is
/// come from the <see cref="FamilyManifest"/> the family composition declares (not from the pack IDs);
/// this adds what each pack is in the words of the MOM 2005 administrator guide, and the notification group.
/// </summary>
public static class KasperskyFamily
{
    public const string LibraryId = FamilyIds.Library;

    /// <summary>The notification group of the family ("KAV Administrators"), as the library template names it.</summary>
    public static string NotificationGroup => Manifest.NotificationGroupName;

    /// <summary>The family as kmp ships it.</summary>
    public static FamilyManifest Manifest => FamilyManifest.Default;

    public static bool IsFamily(string packId) => Manifest.Contains(packId);

    /// <summary>The role of a family pack (its place in the import order), null for foreign packs.</summary>
    public static FamilyRole? Layer(string packId) => Manifest.Find(packId)?.Role;

    /// <summary>The product of a product pack, null for the library, shared packs and foreign packs.</summary>
    public static string? ProductKey(string packId) => Manifest.Find(packId)?.ProductKey;

    /// <summary>What uninstalling the pack removes, in the guide's words.</summary>
    public static string WhatItHolds(string packId, string? productName = null)
    {
        var product = productName ?? ProductKey(packId) ?? "";
        var component = Manifest.Find(packId)?.SharedComponent;
        return Layer(packId) switch
        {
            FamilyRole.SharedDiscovery => $"shared attributes: discovery of the shared component {component}",
            FamilyRole.SharedMonitoring => $"monitors of the shared component {component}",
            FamilyRole.Views => $"views (public views folder Kaspersky Lab/{product})",
            FamilyRole.Monitoring => $"rule groups of {product}",
            FamilyRole.Discovery => $"computer groups and attributes of {product}",
            FamilyRole.LibraryDiscovery => "the Kaspersky Lab computers (class and discovery), on which the products are looked for",
            FamilyRole.Library => "the family's types, the Kaspersky Lab: Service Monitoring script and the Kaspersky Lab folder",
            _ => "customer pack",
        };
    }

    /// <summary>The products that keep a pack installed (for a shared pack: the products that use its component).</summary>
    public static IReadOnlyList<string> UsedBy(string packId) => Manifest.Find(packId)?.UsedBy ?? [];

    /// <summary>True for a class of the family, which KAV Administrators covers.</summary>
    public static bool IsFamilyClass(string classId) => classId.StartsWith(FamilyIds.Prefix + ".", StringComparison.Ordinal);
}
