using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Kmp.ManagementPacks;

namespace Kmp.Packaging;

/// <summary>
/// The <c>ManagementPack</c> entry of a sealed pack: gzip of the MP XML as UTF-16LE without BOM or XML
/// declaration (sealed-mp-format.md §5). Decompression is capped, so a gzip bomb is refused after at
/// most <c>maxXmlBytes</c> of output and memory stays bounded.
/// </summary>
public static class ManagementPackPayload
{
    /// <summary>Default cap on the decompressed XML: as many UTF-16 bytes as the XML reader accepts characters.</summary>
    public const long DefaultMaxXmlBytes = SafeXml.MaxCharacters * 2;

    /// <summary>
    /// The text a sealed pack stores: the XML without a leading byte-order mark or <c>&lt;?xml ...?&gt;</c>
    /// declaration (and the line break after it). Everything else is kept exactly.
    /// </summary>
    public static ReadOnlySpan<char> StoredText(ReadOnlySpan<char> xml)
    {
        if (xml.Length > 0 && xml[0] == '\uFEFF') xml = xml[1..];
        if (xml.StartsWith("<?xml", StringComparison.Ordinal) && xml.Length > 5 && char.IsWhiteSpace(xml[5]))
        {
            var end = xml.IndexOf("?>", StringComparison.Ordinal);
            if (end > 0) xml = xml[(end + 2)..].TrimStart();
        }
        return xml;
    }

    /// <summary>Gzips the stored text of <paramref name="xml"/> (see <see cref="StoredText"/>) as UTF-16LE.</summary>
    public static byte[] Compress(ReadOnlySpan<char> xml, CompressionLevel level = CompressionLevel.Optimal)
    {
        var text = StoredText(xml);
        var utf16 = MemoryMarshal.AsBytes(text); // UTF-16LE on every platform .NET runs on
        if (!BitConverter.IsLittleEndian) utf16 = Encoding.Unicode.GetBytes(text.ToArray());
        using var output = new MemoryStream(utf16.Length / 6 + 256);
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            gzip.Write(utf16);
        }
        return output.ToArray();
    }

    /// <summary>Decompresses and decodes a <c>ManagementPack</c> entry.</summary>
    /// <exception cref="KmpException">Not gzip, damaged, larger than the cap, or not valid UTF-16.</exception>
    public static string Decompress(ReadOnlyMemory<byte> gzip, string? fileName = null, long maxXmlBytes = DefaultMaxXmlBytes)
    {
        var where = SourceLocation.Format(fileName) + "the embedded management pack ";
        var span = gzip.Span;
        if (span.Length < 18 || span[0] != 0x1F || span[1] != 0x8B)
            throw new KmpException(where + "is not gzip data (no gzip header)");
        if (span[2] != 8)
            throw new KmpException(where + $"uses gzip compression method {span[2]}, not deflate");
        // ISIZE (the last 4 bytes) is the size mod 2^32: a good first buffer size, never trusted as a limit.
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(span[^4..]);
        var initial = (int)Math.Min(Math.Min(declared, (ulong)maxXmlBytes), 16 * 1024 * 1024);
        // Grow by doubling, never past the cap + 1 byte: memory stays below about three times the cap.
        var buffer = GC.AllocateUninitializedArray<byte>(Math.Max(initial + 1, 4096));
        var length = 0;
        try
        {
            using (var stream = new GZipStream(new ReadOnlyMemoryStream(gzip), CompressionMode.Decompress))
            {
                while (length <= maxXmlBytes)
                {
                    if (length == buffer.Length)
                    {
                        var bigger = GC.AllocateUninitializedArray<byte>((int)Math.Min((long)buffer.Length * 2, maxXmlBytes + 1));
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        buffer = bigger;
                    }
                    var read = stream.Read(buffer, length, buffer.Length - length);
                    if (read == 0) break;
                    length += read;
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new KmpException(where + "is damaged gzip data: " + ex.Message, ex);
        }
        if (length > maxXmlBytes)
            throw new KmpException(where + $"decompresses to more than {FormatSize(maxXmlBytes)}; refused (a gzip bomb, or not a management pack)");
        return Decode(buffer.AsSpan(0, length), where);
    }

    private static string FormatSize(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes} bytes";

    private static string Decode(ReadOnlySpan<byte> bytes, string where)
    {
        // The SDK reads with StreamReader(Encoding.Unicode), which honours a byte-order mark: do the same.
        Encoding encoding = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) bytes = bytes[2..];
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) { bytes = bytes[2..]; encoding = new UnicodeEncoding(true, false, true); }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) { bytes = bytes[3..]; encoding = new UTF8Encoding(false, true); }
        else if (bytes.Length % 2 != 0)
            throw new KmpException(where + $"is not UTF-16 text (odd length {bytes.Length})");
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new KmpException(where + $"is not valid {(encoding is UTF8Encoding ? "UTF-8" : "UTF-16")} text (bad code unit at byte {ex.Index})", ex);
        }
    }

    /// <summary>A read-only stream over memory, so that decompression needs no copy of the input.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => memory.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
