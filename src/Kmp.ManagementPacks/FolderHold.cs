namespace Kmp.ManagementPacks;

/// <summary>
/// An exclusive hold on an output folder while a command writes a set of files into it (<c>build</c>'s
/// .xml/.mp pairs): a second writer into the same folder is refused in one line instead of mixing its
/// files with the first's. The hold is a lock on <c>.kmp-build.lock</c> in the folder, deleted when released.
/// </summary>
public static class FolderHold
{
    public const string FileName = ".kmp-build.lock";

    /// <exception cref="KmpException"><see cref="ErrorKind.GroupBusy"/> when another process holds the folder; <see cref="ErrorKind.CannotWrite"/> when the lock cannot be made.</exception>
    public static FolderLock Take(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            Directory.CreateDirectory(folder);
            if (FileNode.Of(path, followLinks: false).Kind is not (FileNodeKind.None or FileNodeKind.Regular))
                throw new KmpException(ErrorKind.CannotWrite, $"{path}: not a regular file; kmp does not follow or replace it: delete it");
            return new FolderLock(Open(path), path);
        }
        catch (IOException ex) when (IsHeldByAnother(ex))
        {
            throw new KmpException(ErrorKind.GroupBusy, $"{folder}: another kmp command is writing into this folder; try again when it has finished, or use another --out");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KmpException(ErrorKind.CannotWrite, $"{folder}: cannot write into this folder ({FileName}: {ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }

    /// <summary>
    /// The lock file opened exclusively. On Windows the share mode is the lock, and it allows delete so that the
    /// folder holding it can be renamed (<see cref="AtomicFolder"/> swaps a held folder); on Unix .NET takes an
    /// exclusive flock for <see cref="FileShare.None"/> (any other share mode would be a shared one).
    /// </summary>
    internal static FileStream Open(string path) =>
        new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, OperatingSystem.IsWindows() ? FileShare.Delete : FileShare.None, 1);

    /// <summary>
    /// Another process holds the file: ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION on Windows; on Unix .NET
    /// reports a held flock as an IOException whose HResult is the raw errno EWOULDBLOCK (11 on Linux, 35 on macOS).
    /// </summary>
    public static bool IsHeldByAnother(IOException ex) =>
        ex.GetType() == typeof(IOException)
        && (OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) is 32 or 33 : ex.HResult == (OperatingSystem.IsLinux() ? 11 : 35));
}

/// <summary>
/// A held <see cref="FolderHold.FileName"/>: released (the file deleted, then unlocked) when disposed. It knows
/// where its file is when the folder holding it is renamed, and can take over the lock of the folder that
/// replaced its own (<see cref="AtomicFolder"/>), so that the folder's name stays held throughout a swap.
/// </summary>
public sealed class FolderLock : IDisposable
{
    private FileStream? stream;

    internal FolderLock(FileStream stream, string path)
    {
        this.stream = stream;
        Path = path;
    }

    /// <summary>Where the lock file is now.</summary>
    public string Path { get; private set; }

    /// <summary>The folder holding the lock file was renamed to <paramref name="folder"/>.</summary>
    internal void FolderMoved(string folder) => Path = System.IO.Path.Combine(folder, FolderHold.FileName);

    /// <summary>
    /// This lock's folder has been replaced by <paramref name="other"/>'s: this one's file (now in the folder that
    /// was swapped out, which goes) is unlocked and left there; this hold goes on as <paramref name="other"/>'s lock.
    /// </summary>
    internal void TakeOver(FolderLock other)
    {
        stream?.Dispose();
        stream = other.stream;
        Path = other.Path;
        other.stream = null;
    }

    public void Dispose()
    {
        if (stream is null) return;
        // Deleted before it is unlocked (as FileOptions.DeleteOnClose does), so a waiting writer never locks a file on its way out.
        try { File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        stream.Dispose();
        stream = null;
    }
}
