using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Packaging;
using Kmp.Verification.Catalog;

namespace Kmp.Verification;

/// <summary>
/// The packs references resolve into besides the packs being verified: the library packs of
/// <c>--references</c> folders (like MPSeal's <c>/I</c>; searched recursively, sealed <c>.mp</c> and
/// the XML of sealed libraries) and the built-in catalog. For a reference, the oldest pack with the
/// ID, a matching key token and at least the declared version is used, so a pack is checked against
/// the oldest library it claims to work with. Load once and reuse across verifications.
/// </summary>
public sealed class ReferenceLibrary
{
    private ReferenceLibrary(IReadOnlyList<PackEntry> packs, bool hasFolders)
    {
        Packs = packs;
        HasFolders = hasFolders;
    }

    internal IReadOnlyList<PackEntry> Packs { get; }

    /// <summary>True when packs from reference folders are loaded (reference checks are then complete for them).</summary>
    public bool HasFolders { get; }

    /// <summary>Every library pack's XML (the folders' first, then the built-in catalog's), for readers that only name elements (kmp docs).</summary>
    public IEnumerable<ManagementPackDocument> Documents => Packs.Select(p => p.Document);

    /// <summary>ID and version of every pack available, for messages.</summary>
    public IEnumerable<(string Id, Version Version, bool BuiltIn)> Contents =>
        Packs.Select(p => (p.Id, p.Version, p.Origin == PackOrigin.BuiltIn));

    private static readonly Lazy<ReferenceLibrary> BuiltInOnly = new(() => new ReferenceLibrary(CatalogEntries(), false));

    /// <summary>Only the built-in catalog.</summary>
    public static ReferenceLibrary BuiltIn => BuiltInOnly.Value;

    /// <summary>No references at all: every reference to another pack is reported as not checked.</summary>
    public static ReferenceLibrary None { get; } = new([], false);

    /// <summary>
    /// Loads every <c>.mp</c> and <c>.xml</c> below the folders; the built-in catalog stays available
    /// for libraries the folders do not hold.
    /// </summary>
    /// <exception cref="KmpException">A folder does not exist, or a file in it is not a readable pack.</exception>
    public static ReferenceLibrary Load(IEnumerable<string> directories, bool includeBuiltIn = true)
    {
        var files = new List<string>();
        foreach (var dir in directories)
        {
            if (!Directory.Exists(dir)) throw new KmpException(SourceLocation.Format(dir) + "references folder not found");
            files.AddRange(PackFiles(dir).Order(StringComparer.Ordinal));
        }
        // A file reached twice (the same folder given twice, or a file link beside its target) is loaded once.
        files = [.. files.DistinctBy(f => new FileInfo(f).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(f), StringComparer.Ordinal)];
        var entries = new PackEntry[files.Count];
        try
        {
            Parallel.For(0, files.Count, i => entries[i] = LoadReference(files[i]));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.FirstOrDefault(e => e is KmpException) is KmpException first)
        {
            throw new KmpException("references folder: " + first.Message, first);
        }
        var all = new List<PackEntry>(entries);
        if (includeBuiltIn) all.AddRange(CatalogEntries());
        return new ReferenceLibrary(all, files.Count > 0);
    }

    /// <summary>
    /// The .mp and .xml files below <paramref name="dir"/>. A link to a folder is not followed (a link to
    /// its own parent would load the folder again and again, or never end).
    /// </summary>
    private static IEnumerable<string> PackFiles(string dir)
    {
        var pending = new Stack<string>([dir]);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(folder))
                if (Path.GetExtension(file).ToLowerInvariant() is ".mp" or ".xml") yield return file;
            foreach (var sub in Directory.EnumerateDirectories(folder))
                if (new DirectoryInfo(sub).LinkTarget is null) pending.Push(sub);
        }
    }

    private static PackEntry LoadReference(string file)
    {
        if (string.Equals(Path.GetExtension(file), ".mp", StringComparison.OrdinalIgnoreCase))
        {
            var input = PackInput.FromSealed(SealedManagementPack.Open(file), file);
            return new PackEntry(input.Document, file, PackOrigin.ReferenceFolder, isSealed: true, input.KeyToken);
        }
        // The XML of a library in a references folder is taken as the export of a sealed pack whose
        // key token cannot be known from the file.
        return new PackEntry(ManagementPackDocument.Load(file), file, PackOrigin.ReferenceFolder, isSealed: true, keyToken: null);
    }

    private static List<PackEntry> CatalogEntries() =>
        [.. BuiltInCatalog.Documents.Select(d => new PackEntry(d, null, PackOrigin.BuiltIn, isSealed: true, BuiltInCatalog.KeyToken))];
}
