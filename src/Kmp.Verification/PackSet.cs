using Kmp.ManagementPacks.Xml;

namespace Kmp.Verification;

/// <summary>Where a pack known to the verifier comes from.</summary>
internal enum PackOrigin
{
    /// <summary>A pack being verified.</summary>
    Input,
    /// <summary>A pack from a --references folder.</summary>
    ReferenceFolder,
    /// <summary>A trimmed library description from the built-in catalog.</summary>
    BuiltIn,
}

/// <summary>A pack the verifier can resolve references into.</summary>
internal sealed class PackEntry(ManagementPackDocument document, string? file, PackOrigin origin, bool isSealed, string? keyToken, PackInput? input = null)
{
    public ManagementPackDocument Document { get; } = document;
    public string? File { get; } = file;
    public PackOrigin Origin { get; } = origin;
    /// <summary>Sealed, or will be sealed by the build (inputs), or a library (reference folders, catalog).</summary>
    public bool IsSealed { get; } = isSealed;
    /// <summary>The key token, or null when it is not known (XML of a sealed library, pack to be sealed with an unknown key).</summary>
    public string? KeyToken { get; } = keyToken;
    public PackInput? Input { get; } = input;

    /// <summary>The one-pass index of the pack's XML, built once, when a check first needs it (checks of other threads wait for it).</summary>
    public PackIndex Index
    {
        get
        {
            if (Volatile.Read(ref index) is { } built) return built;
            lock (indexGate) return index ??= new PackIndex(Document);
        }
    }

    private PackIndex? index;
    private readonly Lock indexGate = new();
    public string Id => Document.Id;
    public Version Version => Document.Version;

    public DocumentElement? Find(string id) => Document.Find(id);

    public override string ToString() => $"{Id} {Version}";
}

/// <summary>What a manifest reference of a pack resolves to.</summary>
internal sealed record AliasTarget(DocumentReference Reference, PackEntry? Pack);

/// <summary>The result of resolving <c>Alias!ID</c> or a local ID.</summary>
internal readonly record struct Resolution(ResolutionStatus Status, PackEntry? Pack, DocumentElement? Element)
{
    public bool Found => Status == ResolutionStatus.Found;
    public static Resolution NotChecked => new(ResolutionStatus.NotChecked, null, null);
}

internal enum ResolutionStatus
{
    Found,
    /// <summary>The alias is not declared by the pack.</summary>
    UnknownAlias,
    /// <summary>The pack is known and the element is not in it.</summary>
    NotFound,
    /// <summary>The referenced pack is not available: nothing can be said.</summary>
    NotChecked,
}

/// <summary>
/// The packs of one verification: the inputs (verified together, so family packs resolve into each
/// other) and the reference library (folders and built-in catalog). Resolves manifest references and
/// element references for any of them; linear-time lookups throughout.
/// </summary>
internal sealed class PackSet
{
    private readonly Dictionary<string, PackEntry> inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PackEntry>> library = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<PackEntry, Dictionary<string, AliasTarget>> aliasMaps = new(ReferenceEqualityComparer.Instance);

    public PackSet(IEnumerable<PackEntry> inputEntries, ReferenceLibrary references)
    {
        foreach (var entry in inputEntries) inputs.TryAdd(entry.Id, entry);
        foreach (var entry in references.Packs)
        {
            if (!library.TryGetValue(entry.Id, out var list)) library[entry.Id] = list = [];
            list.Add(entry);
        }
        foreach (var id in library.Keys.ToList())
            library[id] = [.. library[id].OrderBy(p => p.Version).ThenBy(p => p.Origin)]; // folders before the catalog
        HasReferenceFolders = references.HasFolders;
    }

    public bool HasReferenceFolders { get; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, object, string?), object?> memo = new();

    /// <summary>
    /// Remembers a fact about an element (hierarchies, hosts, declared properties) for this verification.
    /// Facts are the same whoever computes them: two threads asking at once may both compute it, and one answer stays.
    /// </summary>
    public T Memo<T>(string fact, object element, string? argument, Func<T> compute)
    {
        if (memo.TryGetValue((fact, element, argument), out var known)) return (T)known!;
        var value = compute();
        return (T)memo.GetOrAdd((fact, element, argument), value)!;
    }

    /// <summary>The configuration schemas of module, monitor and view types used in this verification (see <see cref="Checks.ConfigurationSchema.For"/>).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<System.Xml.Linq.XElement, Checks.ConfigurationSchema> ConfigurationSchemas { get; } = new(ReferenceEqualityComparer.Instance);

    public PackEntry? Input(string id) => inputs.GetValueOrDefault(id);

    /// <summary>
    /// The pack a manifest reference resolves to: an input with that ID, else the oldest library pack
    /// with that ID, a matching (or unknown) key token and at least the declared version. Null when
    /// none qualifies; the reference check reports why.
    /// </summary>
    public PackEntry? ResolvePack(DocumentReference reference)
    {
        if (inputs.TryGetValue(reference.ManagementPackId, out var input)) return input;
        if (!library.TryGetValue(reference.ManagementPackId, out var candidates)) return null;
        foreach (var c in candidates)
        {
            if (c.Version < reference.Version) continue;
            if (c.KeyToken is not null && !TokenEquals(c.KeyToken, reference.PublicKeyToken)) continue;
            return c;
        }
        return null;
    }

    /// <summary>A newer library version of <paramref name="pack"/> that has the element, if any.</summary>
    public PackEntry? InNewerVersion(PackEntry pack, string elementId)
    {
        if (pack.Origin == PackOrigin.Input || !library.TryGetValue(pack.Id, out var versions)) return null;
        return versions.FirstOrDefault(v => v.Version > pack.Version && (v.KeyToken is null || pack.KeyToken is null || TokenEquals(v.KeyToken, pack.KeyToken)) && v.Find(elementId) is not null);
    }

    /// <summary>Library packs with the ID, oldest first (to explain why a reference did not resolve).</summary>
    public IReadOnlyList<PackEntry> LibraryCandidates(string id) => library.GetValueOrDefault(id) ?? [];

    public static bool TokenEquals(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The manifest references of a pack, by alias (the first of duplicates wins).</summary>
    public IReadOnlyDictionary<string, AliasTarget> Aliases(PackEntry pack)
    {
        if (aliasMaps.TryGetValue(pack, out var map)) return map;
        map = new Dictionary<string, AliasTarget>(StringComparer.Ordinal);
        foreach (var r in pack.Document.References)
        {
            if (map.ContainsKey(r.Alias)) continue;
            var target = string.Equals(r.ManagementPackId, pack.Id, StringComparison.Ordinal) ? null : ResolvePack(r);
            map[r.Alias] = new AliasTarget(r, target);
        }
        return aliasMaps.GetOrAdd(pack, map);
    }

    /// <summary>Resolves <c>Alias!ID</c> (or a local ID) as written in <paramref name="from"/>.</summary>
    public Resolution Resolve(PackEntry from, string reference)
    {
        var bang = reference.IndexOf('!', StringComparison.Ordinal);
        if (bang < 0)
        {
            var local = from.Find(reference);
            return local is null ? new Resolution(ResolutionStatus.NotFound, from, null) : new Resolution(ResolutionStatus.Found, from, local);
        }
        var alias = reference[..bang];
        var id = reference[(bang + 1)..];
        if (!Aliases(from).TryGetValue(alias, out var target)) return new Resolution(ResolutionStatus.UnknownAlias, null, null);
        if (target.Pack is null) return Resolution.NotChecked;
        var element = target.Pack.Find(id);
        return element is null ? new Resolution(ResolutionStatus.NotFound, target.Pack, null) : new Resolution(ResolutionStatus.Found, target.Pack, element);
    }
}
