namespace Kmp.ManagementPacks;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content, never half a
/// file: the bytes go to a temporary file in the same folder, which then replaces the target.
/// </summary>
public static class AtomicFile
{
    /// <exception cref="KmpException">The path is a folder, or the file cannot be written (the message names it).</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full) || Path.EndsInDirectorySeparator(path))
            throw new KmpException($"{path}: is a folder, not a file name");
        var folder = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            Directory.CreateDirectory(folder);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new KmpException($"{path}: cannot write: {ex.Message}", ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));
}
