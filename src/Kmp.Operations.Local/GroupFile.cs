using System.Runtime.InteropServices;

namespace Kmp.Operations.Local;

/// <summary>
/// What names one group file: its real path (every symbolic link in it resolved), so that the hold
/// taken through any name of the file is one hold, and its count of hard links (a file with several
/// names cannot be held by name, and SQLite names its journal by the path too).
/// </summary>
internal static class GroupFile
{
    /// <summary>The real path of <paramref name="full"/> (an absolute path); <paramref name="full"/> itself when it cannot be resolved.</summary>
    public static string RealPath(string full)
    {
        if (OperatingSystem.IsWindows())
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        var resolved = realpath(full, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return full;
        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? full;
        }
        finally
        {
            free(resolved);
        }
    }

    /// <summary>How many names (hard links) the file has; null where kmp cannot tell (not Linux x64/arm64).</summary>
    public static long? Links(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        // struct stat: st_dev and st_ino (8 bytes each), then st_nlink (8 bytes) on x86-64, or st_mode
        // and st_nlink (4 bytes each) on the generic layout of arm64.
        var buffer = new byte[256];
        try
        {
            if (stat(path, buffer) != 0) return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library older than glibc 2.33 exports only __xstat
        }
        return RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => BitConverter.ToInt64(buffer, 16),
            Architecture.Arm64 => BitConverter.ToUInt32(buffer, 20),
            _ => null,
        };
    }

    [DllImport("libc", EntryPoint = "realpath")]
    private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void free(IntPtr pointer);

    [DllImport("libc", EntryPoint = "stat")]
    private static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);
}
