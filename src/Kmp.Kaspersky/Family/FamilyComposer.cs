using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;

namespace Kmp.Kaspersky.Family;

/// <summary>Version and signing key token of the family being built.</summary>
/// <param name="Version">Version of every pack of the family.</param>
/// <param name="PublicKeyToken">Token of the key that seals the family; the packs reference each other with it.</param>
public sealed record FamilyOptions(Version Version, string PublicKeyToken)
{
    public string PublicKeyToken { get; init; } = Identifiers.IsPublicKeyToken(PublicKeyToken)
        ? PublicKeyToken
        : throw new KmpException($"public key token '{PublicKeyToken}' is not 16 lower-case hex digits");

    /// <summary>A reference from one pack of the family to another: same version, the family's key token.</summary>
    public ManagementPackReference ReferenceTo(string alias, string managementPackId) => new(alias, managementPackId, PublicKeyToken, Version);
}

/// <summary>A pack of the family with its role and, for product packs, the product key.</summary>
public sealed record FamilyPack(FamilyRole Role, string? ProductKey, ManagementPack Pack)
{
    public string Id => Pack.Id;
}

/// <summary>The composed family, in reference order: the library first, then per product Discovery, Monitoring, Views.</summary>
public sealed record ManagementPackFamily(IReadOnlyList<FamilyPack> Packs)
{
    public IEnumerable<string> ProductKeys => Packs.Where(p => p.ProductKey is not null).Select(p => p.ProductKey!).Distinct();
}

/// <summary>
/// Composes the Kaspersky Lab pack family (DESIGN.md §2) from the templates: the library with the
/// shared elements, and for each product its Discovery, Monitoring and Views packs. A pure function
/// of the templates and options.
/// </summary>
public static class FamilyComposer
{
    public static ManagementPackFamily Compose(LibraryTemplate library, IReadOnlyList<ProductTemplate> products, FamilyOptions options)
    {
        var known = library.SharedComponents.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var packs = new List<FamilyPack> { new(FamilyRole.Library, null, LibraryPackComposer.Compose(library, options)) };
        foreach (var product in products.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var shared in product.SharedComponents ?? [])
            {
                if (!known.Contains(shared))
                    throw new KmpException($"product {product.Key} uses shared component '{shared}', which the library does not define");
            }
            var components = library.SharedComponents.Where(c => product.SharedComponents?.Contains(c.Key) == true).ToList();
            packs.Add(new(FamilyRole.Discovery, product.Key, DiscoveryPackComposer.Compose(product, options)));
            packs.Add(new(FamilyRole.Monitoring, product.Key, MonitoringPackComposer.Compose(product, library, options)));
            packs.Add(new(FamilyRole.Views, product.Key, ViewsPackComposer.Compose(product, components, options)));
        }
        return new ManagementPackFamily(packs);
    }
}
