using Kmp.Kaspersky.Templates;

namespace Kmp.Kaspersky.Family;

/// <summary>One pack of the family as the family declares it: its role and, for product packs, the product.</summary>
/// <param name="PackId">The management pack ID.</param>
/// <param name="Role">What the pack holds.</param>
/// <param name="ProductKey">The product of a product pack; null for packs the products share.</param>
/// <param name="UsedBy">The products that need the pack: every product for the library, the products that use a shared component for its packs, the product itself for its own packs.</param>
/// <param name="SharedComponent">The shared component of a shared pack.</param>
public sealed record FamilyMember(string PackId, FamilyRole Role, string? ProductKey, IReadOnlyList<string> UsedBy, string? SharedComponent = null);

/// <summary>
/// The packs the family is made of and what each is, declared by the family composition from the
/// templates (not parsed from pack IDs): the composer builds exactly these packs, and the management
/// group side (import, remove, list) learns from it which installed packs belong to the family, which
/// product each belongs to, and which products keep a shared pack installed.
/// </summary>
public sealed class FamilyManifest
{
    private static readonly Lazy<FamilyManifest> DefaultManifest = new(() =>
    {
        var catalog = DefaultTemplates.Load();
        return Of(catalog.Library, catalog.Products);
    });

    private readonly Dictionary<string, FamilyMember> byId;

    public FamilyManifest(IEnumerable<FamilyMember> members, string notificationGroupName)
    {
        NotificationGroupName = notificationGroupName;
        Members = [.. members];
        byId = Members.ToDictionary(m => m.PackId, StringComparer.Ordinal);
    }

    /// <summary>The members in reference order: the library and its discovery pack first, then the shared components' Discovery and Monitoring packs, then per product Discovery, Monitoring, Views.</summary>
    public IReadOnlyList<FamilyMember> Members { get; }

    /// <summary>The notification subscription for the family's alerts (the library template's notificationGroupName).</summary>
    public string NotificationGroupName { get; }

    /// <summary>The family of the templates that ship with kmp.</summary>
    public static FamilyManifest Default => DefaultManifest.Value;

    /// <summary>The packs a family composed from these templates is made of.</summary>
    public static FamilyManifest Of(LibraryTemplate library, IEnumerable<ProductTemplate> products)
    {
        var chosen = products.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var keys = chosen.Select(p => p.Key).ToList();
        var members = new List<FamilyMember>
        {
            new(FamilyIds.Library, FamilyRole.Library, null, keys),
            new(FamilyIds.LibraryDiscoveryPack, FamilyRole.LibraryDiscovery, null, keys),
        };
        foreach (var component in library.SharedComponents.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var users = chosen.Where(p => p.SharedComponents?.Contains(component.Key) == true).Select(p => p.Key).ToList();
            if (users.Count == 0) continue;
            members.Add(new(FamilyIds.SharedDiscoveryPack(component.Key), FamilyRole.SharedDiscovery, null, users, component.Key));
            members.Add(new(FamilyIds.SharedMonitoringPack(component.Key), FamilyRole.SharedMonitoring, null, users, component.Key));
        }
        foreach (var key in keys)
        {
            members.Add(new(FamilyIds.DiscoveryPack(key), FamilyRole.Discovery, key, [key]));
            members.Add(new(FamilyIds.MonitoringPack(key), FamilyRole.Monitoring, key, [key]));
            members.Add(new(FamilyIds.ViewsPack(key), FamilyRole.Views, key, [key]));
        }
        return new FamilyManifest(members, library.NotificationGroupName);
    }

    /// <summary>The member with this pack ID; null for a pack outside the family.</summary>
    public FamilyMember? Find(string packId) => byId.GetValueOrDefault(packId);

    public bool Contains(string packId) => byId.ContainsKey(packId);

    /// <summary>The product keys of the family, sorted.</summary>
    public IEnumerable<string> ProductKeys => Members.Select(m => m.ProductKey).OfType<string>().Distinct(StringComparer.Ordinal);
}
