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
    public static IDisposable Take(string folder)
    {
        var path = Path.Combine(folder, FileName);
        // Something other than a folder where the folder goes: said in these words, not as CreateDirectory's "already exists".
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var node = FileNode.Of(full, followLinks: true).Kind;
        if (node is FileNodeKind.Regular or FileNodeKind.Special)
            throw new KmpException(ErrorKind.CannotWrite, $"{folder}: a file where kmp writes a folder; kmp does not replace it: move it away or use another --out");
        if (node is FileNodeKind.None && FileNode.Of(full, followLinks: false).Kind is FileNodeKind.SymbolicLink)
            throw new KmpException(ErrorKind.CannotWrite, $"{folder}: a symbolic link to nothing where kmp writes a folder; kmp does not follow it: delete it or use another --out");
        try
        {
            Directory.CreateDirectory(folder);
            if (FileNode.Of(path, followLinks: false).Kind is not (FileNodeKind.None or FileNodeKind.Regular))
                throw new KmpException(ErrorKind.CannotWrite, $"{path}: not a regular file; kmp does not follow or replace it: delete it");
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
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
    /// Another process holds the file: ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION on Windows; on Unix .NET
    /// reports a held flock as an IOException whose HResult is the raw errno EWOULDBLOCK (11 on Linux, 35 on macOS).
    /// </summary>
    public static bool IsHeldByAnother(IOException ex) =>
        ex.GetType() == typeof(IOException)
        && (OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) is 32 or 33 : ex.HResult == (OperatingSystem.IsLinux() ? 11 : 35));
}
