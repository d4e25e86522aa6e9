namespace Kmp.ManagementPacks;

/// <summary>
/// Reads an input file named on a command line: only a regular file (a device such as /dev/zero, a
/// FIFO or a socket is refused at once, before it is opened), and never more than a limit, even when
/// the file grows while it is read. Every refusal is one line naming the file.
/// </summary>
public static class InputFile
{
    /// <exception cref="KmpException">Missing, not a regular file, larger than <paramref name="maxBytes"/>, or unreadable.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes, string what = "this file")
    {
        var where = SourceLocation.Format(path);
        var node = FileNode.Of(path, followLinks: true);
        switch (node.Kind)
        {
            case FileNodeKind.None: throw new KmpException(where + "file not found");
            case FileNodeKind.Directory: throw new KmpException(where + "a folder, not a file");
            case FileNodeKind.Special: throw new KmpException(where + "not a regular file (a device, pipe or socket); kmp reads only regular files");
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            var length = stream.Length;
            if (length > maxBytes) throw new KmpException(where + $"{length} bytes, more than kmp reads for {what} ({maxBytes} bytes)");
            var buffer = new byte[length];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = stream.Read(buffer, read, buffer.Length - read);
                if (n == 0) return buffer[..read]; // shrank while read
                read += n;
            }
            if (stream.ReadByte() != -1) throw new KmpException(where + "the file grew while kmp read it; read it again when it is complete");
            return buffer;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KmpException(where + "cannot read: " + ex.Message.ReplaceLineEndings(" "), ex);
        }
    }

    /// <summary><see cref="ReadAllBytes"/>, decoded as UTF-8 (a byte order mark is dropped).</summary>
    public static string ReadAllText(string path, long maxBytes, string what = "this file")
    {
        var bytes = ReadAllBytes(path, maxBytes, what);
        var bom = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        return System.Text.Encoding.UTF8.GetString(bytes, bom, bytes.Length - bom);
    }

    /// <summary>Whether anything (a file, folder, link or device) is at <paramref name="path"/>; unlike File.Exists, a FIFO or a dangling link counts.</summary>
    public static bool Exists(string path) => FileNode.Of(path, followLinks: false).Kind != FileNodeKind.None;
}
