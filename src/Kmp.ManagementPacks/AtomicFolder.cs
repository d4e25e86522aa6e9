using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Kmp.ManagementPacks;

/// <summary>
/// Replaces the files kmp writes into a folder (the guide's site) as a whole. The new files are written into a
/// folder beside it (same parent, <c>.NAME.kmp-new.RANDOM</c>), which is renamed <c>.NAME.kmp-site.RANDOM</c> once
/// complete, then swapped with the folder: in one step where the system can exchange two folders (Linux, macOS),
/// else by two renames (the folder goes to <c>.NAME.kmp-old.RANDOM</c>, the new one takes its name). The entries of
/// the old folder that kmp did not write (any file, folder or link that is not one of its own) are then moved into the
/// new one, and the old folder is deleted. The folder's hold (<see cref="FolderLock"/>) stays taken throughout.
/// <para>
/// After a kill at any point the folder is the old set of files or the new one, with the marker
/// <see cref="NewMarker"/> in the new one until the swap is done, and what is left beside it says how far the run
/// got: <see cref="Repair"/>, which every writer runs first under the hold, deletes an incomplete new folder, puts
/// a complete one in place, and finishes moving the entries of an old one (so after two renames cut in the middle,
/// the folder is missing until the next run).
/// </para>
/// </summary>
public static partial class AtomicFolder
{
    /// <summary>In a new folder from its start until it has been swapped in: tells the new set of files from the old.</summary>
    public const string NewMarker = ".kmp-new-folder";

    private const string Writing = "kmp-new.", Ready = "kmp-site.", Old = "kmp-old.";

    /// <summary>
    /// Writes <paramref name="files"/> (names without folders) as the new content of <paramref name="folder"/>, whose
    /// hold the caller has: the files of the last set that <paramref name="isOwn"/> recognises and the new set does not
    /// have go; every other entry stays.
    /// </summary>
    /// <param name="place">What one file is, for refusals ("a page of the guide").</param>
    /// <exception cref="KmpException"><see cref="ErrorKind.CannotWrite"/>: the new folder cannot be written or swapped in (nothing changed).</exception>
    public static void Replace(string folder, FolderLock hold, IReadOnlyList<KeyValuePair<string, byte[]>> files, Func<string, bool> isOwn, string place)
    {
        var names = Names(folder);
        var random = Guid.NewGuid().ToString("N")[..8];
        var staging = Path.Combine(names.Parent, names.Prefix + Writing + random);
        FolderLock? stagingLock = null;
        try
        {
            Directory.CreateDirectory(staging);
            stagingLock = new FolderLock(FolderHold.Open(Path.Combine(staging, FolderHold.FileName)), Path.Combine(staging, FolderHold.FileName));
            WriteNew(Path.Combine(staging, NewMarker), []);
            foreach (var (name, bytes) in files) WriteNew(Path.Combine(staging, name), bytes);
            CopyModeAndOwner(names.Real, staging);
            TestStop.At("folder-written");
            var ready = Path.Combine(names.Parent, names.Prefix + Ready + random);
            Directory.Move(staging, ready);
            staging = ready;
            stagingLock.FolderMoved(ready);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stagingLock?.Dispose();
            TryDeleteFolder(staging);
            throw new KmpException(ErrorKind.CannotWrite, $"{folder}: cannot write the new files into a folder beside it, in {names.Parent} ({ex.Message.ReplaceLineEndings(" ")}); nothing was changed", ex);
        }
        TestStop.At("folder-ready");
        Install(folder, names, staging, stagingLock, random, hold, isOwn, place);
    }

    /// <summary>
    /// Finishes or undoes what a run killed while replacing <paramref name="folder"/> left (see the class), and deletes
    /// the temporary files of single writes there (<see cref="AtomicFile"/>) whose target <paramref name="isOwnName"/>
    /// recognises. Run under the folder's hold, before anything else is written there.
    /// </summary>
    public static void Repair(string folder, FolderLock hold, Func<string, bool> isOwn, Func<string, bool> isOwnName, string place)
    {
        var names = Names(folder);
        try
        {
            var left = Leftovers(names);
            foreach (var (path, _, _) in left.Where(l => l.Stage == Writing)) DeleteFolder(path);
            var marker = Path.Combine(names.Real, NewMarker);
            if (File.Exists(marker)) File.Delete(marker); // swapped in, then killed
            foreach (var (path, _, random) in left.Where(l => l.Stage == Ready && File.Exists(Path.Combine(l.Path, NewMarker))))
            {
                var lockPath = Path.Combine(path, FolderHold.FileName);
                Install(folder, names, path, new FolderLock(FolderHold.Open(lockPath), lockPath), random, hold, isOwn, place);
            }
            // Old folders: swapped out by an exchange (no marker) or by two renames; one a repair above installed is gone already.
            foreach (var (path, _, _) in left.Where(l => l.Stage != Writing && Directory.Exists(l.Path) && !File.Exists(Path.Combine(l.Path, NewMarker))).ToList())
                Finish(path, names.Real, isOwn);
            AtomicFile.SweepTemporaries(names.Real, isOwnName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KmpException(ErrorKind.CannotWrite, $"{folder}: cannot finish what an interrupted kmp run left beside it, in {names.Parent} ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }

    private static void Install(string folder, FolderNames names, string ready, FolderLock readyLock, string random, FolderLock hold, Func<string, bool> isOwn, string place)
    {
        // A folder, link or device where a new file goes would be lost with the old folder: refused, and the new folder goes.
        foreach (var entry in Directory.EnumerateFileSystemEntries(ready).Select(Path.GetFileName))
        {
            if (entry is FolderHold.FileName or NewMarker) continue;
            var at = Path.Combine(names.Real, entry!);
            var kind = FileNode.Of(at, followLinks: false).Kind;
            if (kind is FileNodeKind.None or FileNodeKind.Regular) continue;
            readyLock.Dispose();
            TryDeleteFolder(ready);
            throw new KmpException(ErrorKind.CannotWrite, $"{Path.Combine(folder, entry!)}: {(kind == FileNodeKind.Directory ? "a folder" : kind == FileNodeKind.SymbolicLink ? "a symbolic link" : "not a regular file")} where {place} goes; kmp replaces only regular files, so nothing was written");
        }
        string old;
        if (!TestStop.Requested("folder-between-renames") && TryExchange(ready, names.Real))
        {
            old = ready;
            hold.FolderMoved(old);
            readyLock.FolderMoved(names.Real);
        }
        else
        {
            old = Path.Combine(names.Parent, names.Prefix + Old + random);
            try
            {
                Directory.Move(names.Real, old);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                readyLock.Dispose();
                TryDeleteFolder(ready);
                throw new KmpException(ErrorKind.CannotWrite, $"{folder}: cannot put the new files in place ({ex.Message.ReplaceLineEndings(" ")}); nothing was changed", ex);
            }
            hold.FolderMoved(old);
            TestStop.At("folder-between-renames");
            try
            {
                Directory.Move(ready, names.Real);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new KmpException(ErrorKind.CannotWrite, $"{folder}: cannot put the new files in place ({ex.Message.ReplaceLineEndings(" ")}); the last ones are in {old}: the next kmp run writing here puts the new ones in place", ex);
            }
            readyLock.FolderMoved(names.Real);
        }
        hold.TakeOver(readyLock);
        TestStop.At("folder-swapped");
        File.Delete(Path.Combine(names.Real, NewMarker));
        Finish(old, names.Real, isOwn);
    }

    /// <summary>Moves what kmp did not write from the old folder into the new one, then deletes the old folder.</summary>
    private static void Finish(string old, string real, Func<string, bool> isOwn)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(old).ToList())
        {
            var name = Path.GetFileName(entry);
            if (name is FolderHold.FileName or NewMarker || AtomicFile.IsTemporaryName(name, _ => true) || isOwn(entry)) continue;
            var to = Path.Combine(real, name);
            if (FileNode.Of(to, followLinks: false).Kind != FileNodeKind.None) continue; // a new file took its place, as it would have replaced it
            Rename(entry, to);
            TestStop.At("folder-moving");
        }
        DeleteFolder(old);
    }

    private sealed record FolderNames(string Real, string Parent, string Prefix);

    /// <summary>The folder with a link at its name followed (the link stays, naming the new folder), its parent, and the prefix of the names beside it.</summary>
    private static FolderNames Names(string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (FileNode.Of(full, followLinks: false).Kind == FileNodeKind.SymbolicLink)
            full = Path.TrimEndingDirectorySeparator(Directory.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full);
        var parent = Path.GetDirectoryName(full)
            ?? throw new KmpException(ErrorKind.CannotWrite, $"{folder}: kmp writes the new files into a folder beside this one and swaps the two, which a file system's root cannot be: give a folder inside it");
        return new FolderNames(full, parent, AtomicFile.TemporaryPrefix(Path.GetFileName(full), "", reserve: Ready.Length));
    }

    /// <summary>The folders an earlier run left beside the folder: only names kmp makes for it, and only folders (never a link).</summary>
    private static List<(string Path, string Stage, string Random)> Leftovers(FolderNames names)
    {
        var found = new List<(string, string, string)>();
        foreach (var path in Directory.EnumerateFileSystemEntries(names.Parent))
        {
            var name = Path.GetFileName(path);
            if (!name.StartsWith(names.Prefix, StringComparison.Ordinal)) continue;
            var match = LeftoverName().Match(name[names.Prefix.Length..]);
            if (!match.Success || FileNode.Of(path, followLinks: false).Kind != FileNodeKind.Directory) continue;
            found.Add((path, match.Groups[1].Value + ".", match.Groups[2].Value));
        }
        return [.. found.OrderBy(f => f.Item1, StringComparer.Ordinal)];
    }

    [GeneratedRegex("^(kmp-new|kmp-site|kmp-old)\\.([0-9a-f]{8})$")]
    private static partial Regex LeftoverName();

    private static void WriteNew(string path, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static void CopyModeAndOwner(string from, string to)
    {
        if (OperatingSystem.IsWindows()) return;
        var existing = FileNode.Of(from, followLinks: false);
        if (existing.Kind != FileNodeKind.Directory) return;
        File.SetUnixFileMode(to, existing.Mode);
        var created = FileNode.Of(to, followLinks: false);
        if (created.OwnerId != existing.OwnerId || created.GroupId != existing.GroupId) existing.TryGiveOwnerTo(to);
    }

    /// <summary>Deletes a folder kmp made and what is in it; a link in it is removed, never followed.</summary>
    private static void DeleteFolder(string path) => Directory.Delete(path, recursive: true);

    private static void TryDeleteFolder(string path)
    {
        try { if (Directory.Exists(path)) DeleteFolder(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Renames any entry (file, folder, link, FIFO) without following it.</summary>
    private static void Rename(string from, string to)
    {
        if (OperatingSystem.IsWindows())
        {
            if (File.GetAttributes(from).HasFlag(FileAttributes.Directory)) Directory.Move(from, to);
            else File.Move(from, to);
            return;
        }
        if (rename(from, to) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{from}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    /// <summary>Exchanges two folders in one step where the system can (Linux renameat2, macOS renamex_np); false where it cannot.</summary>
    private static bool TryExchange(string a, string b)
    {
        try
        {
            if (OperatingSystem.IsLinux()) return renameat2(AtCurrentFolder, a, AtCurrentFolder, b, RenameExchange) == 0;
            if (OperatingSystem.IsMacOS()) return renamex_np(a, b, RenameSwap) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        return false;
    }

    private const int AtCurrentFolder = -100;
    private const uint RenameExchange = 2, RenameSwap = 2;

    [DllImport("libc", CharSet = CharSet.Ansi, SetLastError = true)]
    private static extern int renameat2(int oldFolder, string oldPath, int newFolder, string newPath, uint flags);

    [DllImport("libc", CharSet = CharSet.Ansi, SetLastError = true)]
    private static extern int renamex_np(string from, string to, uint flags);

    [DllImport("libc", CharSet = CharSet.Ansi, SetLastError = true)]
    private static extern int rename(string from, string to);
}
