namespace Kmp.ManagementPacks;

/// <summary>
/// The pack files named on a command line: files as given, and folders as the packs in them, the
/// way <c>kmp build</c> writes them: every <c>.mp</c>, and an <c>.xml</c> only where no <c>.mp</c> of
/// the same name is beside it (that XML is the sealed pack's source, not another pack).
/// </summary>
public static class PackFiles
{
    /// <summary>The files of <paramref name="paths"/>, folders expanded (not recursively), in ordinal order within a folder.</summary>
    /// <exception cref="KmpException">A path does not exist, or a folder holds no pack.</exception>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) { files.Add(path); continue; }
            if (!Directory.Exists(path)) throw new KmpException($"{path}: no such file or folder");
            var inFolder = Directory.EnumerateFiles(path).Order(StringComparer.Ordinal).ToList();
            var sealedPacks = inFolder.Where(f => f.EndsWith(".mp", StringComparison.OrdinalIgnoreCase)).ToList();
            var sealedIds = sealedPacks.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var unsealedPacks = inFolder.Where(f => f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && !sealedIds.Contains(Path.GetFileNameWithoutExtension(f))).ToList();
            if (sealedPacks.Count + unsealedPacks.Count == 0) throw new KmpException($"{path}: no .mp or .xml management packs in this folder");
            files.AddRange(sealedPacks);
            files.AddRange(unsealedPacks);
        }
        return files;
    }
}
