namespace Kmp.ManagementPacks;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content, never half a
/// file: the bytes go to a temporary file in the same folder, which then replaces the target.
/// Only a regular file (or nothing) is replaced: a folder, a symbolic link, a device, a FIFO or a
/// socket at the path is refused, never turned into a regular file. A replaced file keeps its
/// permission bits, and its owner where the process may set it (as root).
/// </summary>
public static class AtomicFile
{
    /// <exception cref="KmpException">
    /// <see cref="ErrorKind.CannotWrite"/>: the path is a folder or not a regular file, or the file cannot
    /// be written (the message names it).
    /// </exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        if (Path.EndsInDirectorySeparator(path)) throw CannotWrite(path, "is a folder, not a file name");
        var existing = FileNode.Of(full, followLinks: false);
        switch (existing.Kind)
        {
            case FileNodeKind.Directory:
                throw CannotWrite(path, "is a folder, not a file name");
            case FileNodeKind.SymbolicLink:
                throw CannotWrite(path, "is a symbolic link; kmp replaces only regular files (give the file it points to)");
            case FileNodeKind.Special:
                throw CannotWrite(path, "is not a regular file (a device, pipe or socket); kmp replaces only regular files");
        }
        var folder = Path.GetDirectoryName(full)!;
        var temp = TemporaryPath(folder, Path.GetFileName(full), ".tmp");
        try
        {
            Directory.CreateDirectory(folder);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            KeepModeAndOwner(existing, temp);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw CannotWrite(path, "cannot write: " + ex.Message.ReplaceLineEndings(" "), ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// A new temporary file's path beside <paramref name="fileName"/>: <c>.NAME.RANDOM.SUFFIX</c>, or, when
    /// that would not fit in a file name (255 bytes, less <paramref name="reserve"/> for names SQLite adds
    /// such as <c>-journal</c>), <c>.kmp-HASH.RANDOM.SUFFIX</c> with HASH taken from the name: any target
    /// name that fits can be written. <see cref="TemporaryPrefix"/> gives the part before RANDOM.
    /// </summary>
    public static string TemporaryPath(string folder, string fileName, string suffix, int reserve = 0) =>
        Path.Combine(folder, TemporaryPrefix(fileName, suffix, reserve) + Guid.NewGuid().ToString("N")[..8] + suffix);

    /// <summary>The part of <see cref="TemporaryPath"/>'s name before its random part (for finding what an earlier run left).</summary>
    public static string TemporaryPrefix(string fileName, string suffix, int reserve = 0)
    {
        var plain = "." + fileName + ".";
        if (System.Text.Encoding.UTF8.GetByteCount(plain) + 8 + System.Text.Encoding.UTF8.GetByteCount(suffix) + reserve <= 255) return plain;
        return $".kmp-{NameHash(fileName)}.";
    }

    /// <summary>What stands for a file name too long to fit in a temporary's name: 16 hex digits of its SHA-256.</summary>
    internal static string NameHash(string fileName) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fileName)))[..16];

    /// <summary>
    /// Deletes the temporary files a killed write of one of <paramref name="fileNames"/> left in <paramref name="folder"/>:
    /// regular files named exactly as <see cref="TemporaryPath"/> names a temporary of one of them (<c>.NAME.RANDOM.tmp</c>,
    /// or <c>.kmp-HASH.RANDOM.tmp</c> with HASH of NAME). Any other name, and anything that is not a regular file, is
    /// not kmp's to delete. Run under the folder's hold (<see cref="FolderHold"/>), before writing there.
    /// </summary>
    public static void SweepTemporaries(string folder, IEnumerable<string> fileNames)
    {
        if (!Directory.Exists(folder)) return;
        var prefixes = fileNames.Select(n => TemporaryPrefix(n, ".tmp")).ToHashSet(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder, ".*.tmp").ToList())
        {
            var name = Path.GetFileName(path);
            if (name.Length > 12 && prefixes.Contains(name[..^12]) && name[^12..^4].All(char.IsAsciiHexDigitLower)
                && FileNode.Of(path, followLinks: false).Kind == FileNodeKind.Regular)
                TryDelete(path);
        }
    }

    /// <summary>Gives a new file <paramref name="path"/> that replaces <paramref name="existing"/> (a regular file) its permission bits, and its owner where the process may.</summary>
    internal static void KeepModeAndOwner(FileNode existing, string path)
    {
        if (existing.Kind != FileNodeKind.Regular || OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(path, existing.Mode);
        var created = FileNode.Of(path, followLinks: false);
        if (created.OwnerId != existing.OwnerId || created.GroupId != existing.GroupId) existing.TryGiveOwnerTo(path);
    }

    private static KmpException CannotWrite(string path, string reason, Exception? inner = null) =>
        new(ErrorKind.CannotWrite, $"{path}: {reason}", inner);

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));
}
