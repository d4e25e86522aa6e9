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

/// <summary>A pack of the family with its role and, for product packs, the product key (as its <see cref="FamilyManifest"/> declares them).</summary>
public sealed record FamilyPack(FamilyRole Role, string? ProductKey, ManagementPack Pack)
{
    public string Id => Pack.Id;
}

/// <summary>The composed family, in reference order: the library first, then per product Discovery, Monitoring, Views.</summary>
public sealed record ManagementPackFamily(IReadOnlyList<FamilyPack> Packs, FamilyManifest Manifest)
{
    public IEnumerable<string> ProductKeys => Packs.Where(p => p.ProductKey is not null).Select(p => p.ProductKey!).Distinct();
}

/// <summary>
/// Composes the Kaspersky Lab pack family from the templates: the packs its <see cref="FamilyManifest"/>
/// declares — the library (types only), the Discovery and Monitoring packs of each shared component a
/// chosen product uses, and for each product its Discovery, Monitoring and Views packs. A pure function of the templates and options (docs/architecture.md).
/// </summary>
public static class FamilyComposer
{
    public static ManagementPackFamily Compose(LibraryTemplate library, IReadOnlyList<ProductTemplate> products, FamilyOptions options)
    {
        var known = library.SharedComponents.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var product in products)
        {
            foreach (var shared in product.SharedComponents ?? [])
            {
                if (!known.Contains(shared))
                    throw new KmpException($"product {product.Key} uses shared component '{shared}', which the library does not define");
            }
        }
        CheckSeedCovers(library, products);
        var manifest = FamilyManifest.Of(library, products);
        var byKey = products.ToDictionary(p => p.Key, StringComparer.Ordinal);
        var (libraryPack, libraryOutputs) = LibraryPackComposer.Compose(library, options);
        var (seedPack, seed) = LibraryPackComposer.Discovery(library, options);
        var discoveries = new Dictionary<string, DiscoveryPackOutputs>(StringComparer.Ordinal);
        var monitorings = new Dictionary<string, MonitoringPackOutputs>(StringComparer.Ordinal);
        var packs = new List<FamilyPack>();
        foreach (var member in manifest.Members)
        {
            var product = member.ProductKey is { } key ? byKey[key] : null;
            var component = member.SharedComponent is { } shared ? library.SharedComponents.Single(c => c.Key == shared) : null;
            var pack = member.Role switch
            {
                FamilyRole.Library => libraryPack,
                FamilyRole.LibraryDiscovery => seedPack,
                FamilyRole.SharedDiscovery => SharedPackComposer.Discovery(component!, options, libraryOutputs, seed),
                FamilyRole.SharedMonitoring => SharedPackComposer.Monitoring(component!, options, libraryOutputs),
                FamilyRole.Discovery => Keep(DiscoveryPackComposer.Compose(product!, options, libraryOutputs, seed), discoveries, product!.Key),
                FamilyRole.Monitoring => Keep(MonitoringPackComposer.Compose(product!, library, options, libraryOutputs, discoveries[product!.Key]), monitorings, product.Key),
                FamilyRole.Views => ViewsPackComposer.Compose(product!,
                    [.. library.SharedComponents.Where(c => product!.SharedComponents?.Contains(c.Key) == true)], options,
                    libraryOutputs, discoveries[product!.Key], monitorings[product.Key]),
                _ => throw new KmpException($"no composer for the {member.Role} pack {member.PackId}"),
            };
            if (pack.Id != member.PackId) throw new InvalidOperationException($"the {member.Role} composer made {pack.Id}, the manifest declares {member.PackId}");
            packs.Add(new FamilyPack(member.Role, member.ProductKey, pack));
        }
        return new ManagementPackFamily(packs, manifest);
    }

    /// <summary>
    /// A script discovery targets the Kaspersky Lab computer (the seed), so it runs only where a key of the
    /// library's computer discovery exists: every key it looks for must lie under one of them, or the product
    /// would never be found.
    /// </summary>
    private static void CheckSeedCovers(LibraryTemplate library, IReadOnlyList<ProductTemplate> products)
    {
        var seeds = RegistryViews.All(LibraryPackComposer.SeedOf(library).Keys);
        bool Covered(string key) => RegistryViews.Of(key).Any(k => seeds.Any(s => k.Equals(s, StringComparison.OrdinalIgnoreCase) || k.StartsWith(s + "\\", StringComparison.OrdinalIgnoreCase)));
        var discoveries = products.Select(p => (What: $"product {p.Key}", p.Discovery, Service: p.Services.FirstOrDefault(s => s.DiscoveredNames is not null), Logs: p.EventLogs))
            .Concat(library.SharedComponents.Where(c => products.Any(p => p.SharedComponents?.Contains(c.Key) == true)).Select(c => (What: $"shared component {c.Key}", c.Discovery, Service: (ServiceDefinition?)null, Logs: (IReadOnlyList<EventLogDefinition>?)null)));
        foreach (var (what, discovery, service, logs) in discoveries)
        {
            if (!ApplicationDiscovery.IsNeeded(discovery, service, logs)) continue;
            if (discovery.Keys.FirstOrDefault(k => !Covered(k)) is { } key)
                throw new KmpException($"{what}: discovery key '{key}' is not under any key of the library's computerDiscovery ({string.Join(", ", seeds)}), so its discovery would never run");
        }
    }

    private static ManagementPack Keep<TOutputs>((ManagementPack Pack, TOutputs Outputs) composed, Dictionary<string, TOutputs> outputs, string product)
    {
        outputs[product] = composed.Outputs;
        return composed.Pack;
    }
}
