using System.Runtime.InteropServices;

namespace Kmp.ManagementPacks;

/// <summary>What a path names, for the checks before kmp reads or replaces it.</summary>
public enum FileNodeKind
{
    /// <summary>Nothing is there.</summary>
    None,
    /// <summary>A regular file.</summary>
    Regular,
    /// <summary>A folder.</summary>
    Directory,
    /// <summary>A symbolic link (only when the link itself is asked about).</summary>
    SymbolicLink,
    /// <summary>A character or block device, a FIFO or a socket.</summary>
    Special,
}

/// <summary>
/// The kind, permission bits and owner of a path. .NET does not tell a device or a FIFO from a regular
/// file (both are "Normal"), so on Unix this asks <c>stat</c>/<c>lstat</c> through the runtime's own
/// native shim (System.Native, whose file status record starts with flags, mode, uid and gid).
/// </summary>
public readonly record struct FileNode(FileNodeKind Kind, UnixFileMode Mode, uint OwnerId, uint GroupId)
{
    private const int TypeMask = 0xF000, Fifo = 0x1000, CharacterDevice = 0x2000, Directory = 0x4000,
        BlockDevice = 0x6000, RegularFile = 0x8000, Link = 0xA000, Socket = 0xC000;

    /// <summary>The node at <paramref name="path"/>; a symbolic link is followed when <paramref name="followLinks"/>.</summary>
    public static FileNode Of(string path, bool followLinks)
    {
        if (OperatingSystem.IsWindows())
        {
            var info = new FileInfo(path);
            if (!info.Exists && !System.IO.Directory.Exists(path)) return new FileNode(FileNodeKind.None, 0, 0, 0);
            var attributes = File.GetAttributes(path);
            if (!followLinks && attributes.HasFlag(FileAttributes.ReparsePoint)) return new FileNode(FileNodeKind.SymbolicLink, 0, 0, 0);
            if (attributes.HasFlag(FileAttributes.Directory)) return new FileNode(FileNodeKind.Directory, 0, 0, 0);
            return new FileNode(attributes.HasFlag(FileAttributes.Device) ? FileNodeKind.Special : FileNodeKind.Regular, 0, 0, 0);
        }
        var status = new byte[512]; // larger than the shim's record in any runtime version
        var result = followLinks ? SystemNative_Stat(path, status) : SystemNative_LStat(path, status);
        if (result != 0) return new FileNode(FileNodeKind.None, 0, 0, 0);
        var mode = BitConverter.ToInt32(status, 4);
        var kind = (mode & TypeMask) switch
        {
            RegularFile => FileNodeKind.Regular,
            Directory => FileNodeKind.Directory,
            Link => FileNodeKind.SymbolicLink,
            Fifo or CharacterDevice or BlockDevice or Socket => FileNodeKind.Special,
            _ => FileNodeKind.Special,
        };
        return new FileNode(kind, (UnixFileMode)(mode & 0xFFF), BitConverter.ToUInt32(status, 8), BitConverter.ToUInt32(status, 12));
    }

    /// <summary>Gives <paramref name="path"/> this owner, where the process may (as root); false when it could not.</summary>
    public bool TryGiveOwnerTo(string path)
    {
        if (OperatingSystem.IsWindows()) return false;
        try
        {
            return chown(path, OwnerId, GroupId) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libSystem.Native", CharSet = CharSet.Ansi)]
    private static extern int SystemNative_Stat(string path, byte[] output);

    [DllImport("libSystem.Native", CharSet = CharSet.Ansi)]
    private static extern int SystemNative_LStat(string path, byte[] output);

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int chown(string path, uint owner, uint group);
}
