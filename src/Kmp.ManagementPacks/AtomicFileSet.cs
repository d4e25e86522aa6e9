using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kmp.ManagementPacks;

/// <summary>
/// Replaces a set of files in a folder (the guide's pages) as a whole, without ever renaming the folder or touching
/// anything in it that is not one of the set's files. Under the folder's hold (<see cref="FolderHold"/>):
/// <list type="number">
/// <item><see cref="Stage"/> writes every new file as a temporary file in the folder, named only as kmp names them
/// (<c>.kmp-new.NAME.RANDOM.tmp</c>); a failure deletes them, and nothing has changed.</item>
/// <item><see cref="StagedFileSet.Commit"/> writes the journal <see cref="JournalName"/>, which lists the renames
/// (temporary → file) and the deletions (files of the last set the new one lacks); its atomic creation (a temporary
/// renamed to its name) is the commit point. Then the renames, the deletions, and the journal is deleted.</item>
/// </list>
/// A run killed before the journal exists leaves the last set whole, plus temporaries; one killed after it leaves a
/// journal. <see cref="Recover"/>, which every writer runs first under the hold, rolls a journal forward and then
/// deletes the temporaries: regular files named as kmp names them, nothing else. Nothing beside the folder is
/// written, so its parent's permissions, a mount point at the folder, and the folder's owner, ACLs and other
/// extended attributes do not matter and are kept.
/// </summary>
public static partial class AtomicFileSet
{
    /// <summary>The journal of a commit in progress (see the class).</summary>
    public const string JournalName = ".kmp-journal";

    /// <summary>How every temporary file of a set starts.</summary>
    public const string TemporaryStart = ".kmp-new.";

    private const string JournalFormat = "kmp file set journal 1";

    /// <summary>
    /// Writes <paramref name="files"/> (names without folders, in the order they are to be put in place) as
    /// temporary files in <paramref name="folder"/>, whose hold the caller has, and whose places the caller has
    /// checked. A file replacing a regular one gets its permission bits, and its owner where the process may set it.
    /// </summary>
    /// <exception cref="KmpException"><see cref="ErrorKind.CannotWrite"/>: a file cannot be written (its temporaries are deleted; nothing changed).</exception>
    public static StagedFileSet Stage(string folder, IReadOnlyList<KeyValuePair<string, byte[]>> files)
    {
        folder = Path.GetFullPath(folder);
        var written = new List<(string Temporary, string Name)>(files.Count);
        try
        {
            Directory.CreateDirectory(folder);
            foreach (var (name, bytes) in files)
            {
                var temporary = TemporaryName(name);
                var path = Path.Combine(folder, temporary);
                var existing = FileNode.Of(Path.Combine(folder, name), followLinks: false);
                written.Add((temporary, name)); // before it is written: one cut short by a full disk goes too
                WriteNew(path, bytes);
                AtomicFile.KeepModeAndOwner(existing, path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            foreach (var (temporary, _) in written) TryDelete(Path.Combine(folder, temporary));
            throw new KmpException(ErrorKind.CannotWrite, $"{folder}: cannot write the new files ({Reason(ex)}); nothing was changed", ex);
        }
        TestStop.At("files-written");
        return new StagedFileSet(folder, written);
    }

    /// <summary>
    /// Finishes what a run killed in <paramref name="folder"/> left, under the folder's hold, before anything else is
    /// written there: a journal is rolled forward (its renames that are not done yet, its deletions of files that
    /// <paramref name="isOwn"/> still recognises), then every temporary file of a set (a regular file whose name is one
    /// <see cref="Stage"/> makes) is deleted.
    /// </summary>
    /// <exception cref="KmpException"><see cref="ErrorKind.CannotWrite"/>: the journal is not kmp's, or a step of it fails (the next run tries again).</exception>
    public static void Recover(string folder, Func<string, bool> isOwn)
    {
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder)) return;
        var journal = Path.Combine(folder, JournalName);
        try
        {
            switch (FileNode.Of(journal, followLinks: false).Kind)
            {
                case FileNodeKind.None:
                    break;
                case FileNodeKind.Regular:
                    var (renames, deletions) = ReadJournal(journal);
                    Apply(folder, renames, deletions, isOwn);
                    File.Delete(journal);
                    break;
                default:
                    throw new KmpException(ErrorKind.CannotWrite, $"{journal}: not a regular file, where kmp keeps the journal of the files it puts in place; kmp does not touch it: delete it");
            }
            foreach (var path in Directory.EnumerateFiles(folder, TemporaryStart + "*").ToList())
                if (TemporaryPattern().IsMatch(Path.GetFileName(path)) && FileNode.Of(path, followLinks: false).Kind == FileNodeKind.Regular)
                    File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KmpException(ErrorKind.CannotWrite, $"{folder}: cannot finish putting in place the files an interrupted kmp run wrote ({Reason(ex)}); the next kmp run writing here tries again", ex);
        }
    }

    /// <summary>A new temporary name for <paramref name="name"/>: <c>.kmp-new.NAME.RANDOM.tmp</c>, or with a hash of NAME where it would not fit in 255 bytes.</summary>
    internal static string TemporaryName(string name)
    {
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var plain = TemporaryStart + name + "." + random + ".tmp";
        if (Encoding.UTF8.GetByteCount(plain) <= 255) return plain;
        return TemporaryStart + AtomicFile.NameHash(name) + "." + random + ".tmp";
    }

    [GeneratedRegex("^\\.kmp-new\\..+\\.[0-9a-f]{16}\\.tmp$")]
    private static partial Regex TemporaryPattern();

    internal static void Apply(string folder, IReadOnlyList<(string Temporary, string Name)> renames, IReadOnlyList<string> deletions, Func<string, bool> isOwn)
    {
        var first = true;
        foreach (var (temporary, name) in renames)
        {
            var from = Path.Combine(folder, temporary);
            if (FileNode.Of(from, followLinks: false).Kind != FileNodeKind.Regular) continue; // renamed before the kill
            var to = Path.Combine(folder, name);
            // Replaced only if absent or recognised as the caller's: a journal is never trusted to overwrite someone's file.
            if (FileNode.Of(to, followLinks: false).Kind is var kind && kind != FileNodeKind.None && !(kind == FileNodeKind.Regular && isOwn(to)))
                throw new KmpException(ErrorKind.CannotWrite, $"{to}: not a file kmp wrote, where the journal {Path.Combine(folder, JournalName)} puts one; kmp does not overwrite it: move it away, or delete the journal");
            File.Move(from, to, overwrite: true);
            if (first) TestStop.At("between-renames");
            first = false;
        }
        TestStop.At("renamed");
        foreach (var name in deletions)
        {
            var path = Path.Combine(folder, name);
            if (FileNode.Of(path, followLinks: false).Kind == FileNodeKind.Regular && isOwn(path)) File.Delete(path);
        }
    }

    internal static void WriteJournal(string folder, IReadOnlyList<(string Temporary, string Name)> renames, IReadOnlyList<string> deletions)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", JournalFormat);
            json.WriteStartArray("renames");
            foreach (var (from, name) in renames)
            {
                json.WriteStartObject();
                json.WriteString("from", from);
                json.WriteString("to", name);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("deletions");
            foreach (var name in deletions) json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        var temporary = Path.Combine(folder, TemporaryName(JournalName));
        WriteNew(temporary, buffer.ToArray());
        try
        {
            File.Move(temporary, Path.Combine(folder, JournalName), overwrite: false); // the commit point
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>The journal's steps; only names of entries in the folder itself, temporaries named as kmp names them.</summary>
    private static (List<(string, string)> Renames, List<string> Deletions) ReadJournal(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("format").GetString() != JournalFormat) throw new FormatException("an unknown format");
            var renames = root.GetProperty("renames").EnumerateArray()
                .Select(r => (Plain(r.GetProperty("from").GetString()), Plain(r.GetProperty("to").GetString()))).ToList();
            var deletions = root.GetProperty("deletions").EnumerateArray().Select(d => Plain(d.GetString())).ToList();
            if (renames.Any(r => !TemporaryPattern().IsMatch(r.Item1) || r.Item2.StartsWith(".kmp-", StringComparison.Ordinal)) || deletions.Any(d => d.StartsWith(".kmp-", StringComparison.Ordinal)))
                throw new FormatException("a step kmp does not write");
            return (renames, deletions);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new KmpException(ErrorKind.CannotWrite, $"{path}: not a journal kmp wrote ({ex.Message.ReplaceLineEndings(" ")}); kmp does not act on it: delete it if it is yours");
        }
    }

    /// <summary>A name of an entry in the folder itself (no folder part, not . or ..).</summary>
    private static string Plain(string? name) =>
        name is { Length: > 0 } && name is not ("." or "..") && name.IndexOfAny(['/', '\\', '\0']) < 0 ? name : throw new FormatException($"the name '{name}' is not a file of the folder");

    private static void WriteNew(string path, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    internal static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    internal static string Reason(Exception ex) => ex.Message.ReplaceLineEndings(" ");
}

/// <summary>
/// The files <see cref="AtomicFileSet.Stage"/> wrote as temporaries: <see cref="Commit"/> puts them in place;
/// disposed before that, it deletes them and nothing has changed.
/// </summary>
public sealed class StagedFileSet : IDisposable
{
    private readonly string folder;
    private readonly IReadOnlyList<(string Temporary, string Name)> files;
    private bool done;

    internal StagedFileSet(string folder, IReadOnlyList<(string Temporary, string Name)> files)
    {
        this.folder = folder;
        this.files = files;
    }

    /// <summary>
    /// Puts the files in place (see <see cref="AtomicFileSet"/>), and deletes the files of the last set that
    /// <paramref name="isOwn"/> recognises and this one does not have.
    /// </summary>
    /// <exception cref="KmpException">
    /// <see cref="ErrorKind.CannotWrite"/>: the journal cannot be written (nothing changed), or a step after it fails
    /// (the next run writing here finishes it: the message says which).
    /// </exception>
    public void Commit(Func<string, bool> isOwn)
    {
        if (done) throw new InvalidOperationException("the set was put in place or dropped already");
        var names = files.Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        List<string> deletions;
        try
        {
            // A file of the set named like a stale one but for case has replaced it where names ignore case: it is not deleted.
            deletions = [.. Directory.EnumerateFiles(folder).Select(p => Path.GetFileName(p)!)
                .Where(n => !names.Contains(n) && !n.StartsWith(".kmp-", StringComparison.Ordinal) && isOwn(Path.Combine(folder, n)))
                .Order(StringComparer.Ordinal)];
            AtomicFileSet.WriteJournal(folder, files, deletions);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw new KmpException(ErrorKind.CannotWrite, $"{folder}: cannot write the journal that puts the new files in place ({AtomicFileSet.Reason(ex)}); nothing was changed", ex);
        }
        done = true;
        TestStop.At("journal-written");
        try
        {
            AtomicFileSet.Apply(folder, files, deletions, isOwn);
            File.Delete(Path.Combine(folder, AtomicFileSet.JournalName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KmpException(ErrorKind.CannotWrite, $"{folder}: cannot put every new file in place ({AtomicFileSet.Reason(ex)}); the next kmp run writing here finishes it from {AtomicFileSet.JournalName}", ex);
        }
    }

    /// <summary>Deletes the temporaries unless they were committed.</summary>
    public void Dispose()
    {
        if (done) return;
        done = true;
        foreach (var (temporary, _) in files) AtomicFileSet.TryDelete(Path.Combine(folder, temporary));
    }
}
