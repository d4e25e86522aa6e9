using Kmp.Kaspersky.Family;

namespace Kmp.Operations;

/// <summary>
/// How the Kaspersky family appears in a management group: the IDs come from
/// <see cref="FamilyIds"/>; this adds what each pack is in the words of the MOM 2005 administrator
/// guide, and the notification group.
/// </summary>
public static class KasperskyFamily
{
    public const string LibraryId = FamilyIds.Library;
    public const string NotificationGroup = "KAV Administrators";

    public static bool IsFamily(string packId) => FamilyIds.RoleOf(packId) is not null;

    /// <summary>The role of a family pack (its place in the import order), null for foreign packs.</summary>
    public static FamilyRole? Layer(string packId) => FamilyIds.RoleOf(packId);

    /// <summary>The product key of a product pack (<c>KasperskyLab.&lt;Key&gt;.Layer</c>), null for the library and foreign packs.</summary>
    public static string? ProductKey(string packId) => FamilyIds.ProductOf(packId);

    /// <summary>What uninstalling the pack removes, in the guide's words.</summary>
    public static string WhatItHolds(string packId, string? productName = null)
    {
        var product = productName ?? ProductKey(packId) ?? "";
        return Layer(packId) switch
        {
            FamilyRole.Views => $"views (public views folder Kaspersky Lab/{product})",
            FamilyRole.Monitoring => $"rule groups of {product}",
            FamilyRole.Discovery => $"computer groups and attributes of {product}",
            FamilyRole.Library => "shared attributes and the Kaspersky Lab: Service Monitoring script",
            _ => "customer pack",
        };
    }

    /// <summary>True for a class of the family, which KAV Administrators covers.</summary>
    public static bool IsFamilyClass(string classId) => classId.StartsWith(FamilyIds.Prefix + ".", StringComparison.Ordinal);
}
