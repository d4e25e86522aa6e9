namespace Kmp.Operations;

/// <summary>The layers of the Kaspersky family (DESIGN.md §2), in import order.</summary>
public enum FamilyLayer { Library, Discovery, Monitoring, Views }

/// <summary>
/// How the Kaspersky family is named in a management group: <c>KasperskyLab.Library</c> and, per
/// product, <c>KasperskyLab.&lt;Key&gt;.Discovery</c>, <c>.Monitoring</c> and <c>.Views</c>; and
/// what each layer is in the words of the MOM 2005 administrator guide.
/// </summary>
public static class KasperskyFamily
{
    public const string Prefix = "KasperskyLab.";
    public const string LibraryId = "KasperskyLab.Library";
    public const string NotificationGroup = "KAV Administrators";

    public static bool IsFamily(string packId) => Layer(packId) is not null;

    public static FamilyLayer? Layer(string packId)
    {
        if (packId == LibraryId) return FamilyLayer.Library;
        if (!packId.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var parts = packId.Split('.');
        if (parts.Length != 3 || parts[1].Length == 0) return null;
        return parts[2] switch
        {
            "Discovery" => FamilyLayer.Discovery,
            "Monitoring" => FamilyLayer.Monitoring,
            "Views" => FamilyLayer.Views,
            _ => null,
        };
    }

    /// <summary>The product key of a product pack (<c>KasperskyLab.&lt;Key&gt;.Layer</c>), null for the library and foreign packs.</summary>
    public static string? ProductKey(string packId) =>
        Layer(packId) is { } layer && layer != FamilyLayer.Library ? packId.Split('.')[1] : null;

    public static string PackId(string productKey, FamilyLayer layer) =>
        layer == FamilyLayer.Library ? LibraryId : $"{Prefix}{productKey}.{layer}";

    /// <summary>What uninstalling the pack removes, in the guide's words.</summary>
    public static string WhatItHolds(string packId, string? productName = null)
    {
        var product = productName ?? ProductKey(packId) ?? "";
        return Layer(packId) switch
        {
            FamilyLayer.Views => $"views (public views folder Kaspersky Lab/{product})",
            FamilyLayer.Monitoring => $"rule groups of {product}",
            FamilyLayer.Discovery => $"computer groups and attributes of {product}",
            FamilyLayer.Library => "shared attributes and the Kaspersky Lab: Service Monitoring script",
            _ => "customer pack",
        };
    }

    /// <summary>True for a class of the family, which KAV Administrators covers.</summary>
    public static bool IsFamilyClass(string classId) => classId.StartsWith(Prefix, StringComparison.Ordinal);
}
