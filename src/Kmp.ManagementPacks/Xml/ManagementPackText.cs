using System.Text;
using System.Text.RegularExpressions;

namespace Kmp.ManagementPacks.Xml;

/// <summary>
/// The one reader of MP XML files, shared by every command that reads one (verify, seal, import,
/// diff): the bytes become text only when they are exactly what the file says they are. The
/// encoding comes from the byte order mark, else from the declaration, else UTF-8, and then:
/// invalid bytes (overlong or truncated UTF-8 forms, encoded surrogates, a lone UTF-16 surrogate),
/// a declaration that contradicts the byte order mark, an encoding .NET does not know (EBCDIC) or
/// one that is not ASCII-compatible without a byte order mark are refused, never replaced by U+FFFD.
/// </summary>
public static partial class ManagementPackText
{
    /// <summary>Largest MP XML file kmp reads, in bytes (UTF-16 of <see cref="SafeXml.MaxCharacters"/>).</summary>
    public const long MaxFileBytes = SafeXml.MaxCharacters * 2;

    [GeneratedRegex(@"\A<\?xml\s[^>]*?\bencoding\s*=\s*[""']([^""']*)[""']", RegexOptions.CultureInvariant)]
    private static partial Regex EncodingDeclaration();

    /// <summary>Reads an MP XML file (a regular file, at most <see cref="MaxFileBytes"/>) as text, without the byte order mark.</summary>
    /// <exception cref="KmpException">The file cannot be read, or its bytes are not text in the encoding it states (one line naming the file and the place).</exception>
    public static string ReadFile(string path) => Decode(InputFile.ReadAllBytes(path, MaxFileBytes, "one management pack"), path);

    /// <summary>Decodes the bytes of an MP XML file strictly (see the class summary).</summary>
    /// <exception cref="KmpException">The bytes are not text in the encoding they state.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes, string? fileName)
    {
        var (encoding, bom, family) = Detect(bytes);
        if (family is null)
        {
            // ASCII-compatible without a byte order mark: the declaration, if any, names the encoding.
            var head = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 256)]);
            var declared = EncodingDeclaration().Match(head) is { Success: true } m ? m.Groups[1].Value : null;
            encoding = Strict(new UTF8Encoding(false, throwOnInvalidBytes: true));
            if (declared is not null && !IsUtf8(declared))
            {
                if (IsUtf16(declared))
                    throw KmpException.At(fileName, 1, 0, $"the declaration says encoding '{declared}' but the file has no UTF-16 byte order mark and is not UTF-16");
                Encoding named;
                try
                {
                    named = Encoding.GetEncoding(declared);
                }
                catch (Exception ex) when (ex is ArgumentException or NotSupportedException) // utf-7 is named but no longer supported
                {
                    throw KmpException.At(fileName, 1, 0, $"the declaration names encoding '{declared}', which kmp cannot read (use UTF-8 or UTF-16)");
                }
                if (!Encoding.ASCII.GetBytes("<?xml version").AsSpan().SequenceEqual(named.GetBytes("<?xml version")))
                    throw KmpException.At(fileName, 1, 0, $"the declaration names encoding '{declared}', which is not ASCII-compatible and has no byte order mark");
                encoding = Strict(named);
            }
        }
        else
        {
            var text = Decode(bytes[bom..], encoding, fileName, bom);
            var declared = EncodingDeclaration().Match(text) is { Success: true } m ? m.Groups[1].Value : null;
            var agrees = family switch { "UTF-8" => IsUtf8(declared ?? "utf-8"), "UTF-16" => IsUtf16(declared ?? "utf-16"), _ => declared is null || declared.StartsWith("utf-32", StringComparison.OrdinalIgnoreCase) || declared.Equals("ucs-4", StringComparison.OrdinalIgnoreCase) };
            if (declared is not null && !agrees)
                throw KmpException.At(fileName, 1, 0, bom > 0
                    ? $"the byte order mark says {family} but the declaration says encoding '{declared}'"
                    : $"the file is {family} (without a byte order mark) but the declaration says encoding '{declared}'");
            return text;
        }
        return Decode(bytes, encoding, fileName, 0);
    }

    private static (Encoding Encoding, int Bom, string? Family) Detect(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return (Strict(new UTF8Encoding(false, true)), 3, "UTF-8");
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00])) return (Strict(new UTF32Encoding(false, false, true)), 4, "UTF-32");
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return (Strict(new UnicodeEncoding(false, false, true)), 2, "UTF-16");
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return (Strict(new UnicodeEncoding(true, false, true)), 2, "UTF-16");
        // Without a mark, '<' as UTF-16 (as XmlReader detects it).
        if (b.Length >= 4 && b[0] == 0x3C && b[1] == 0x00 && b[3] == 0x00) return (Strict(new UnicodeEncoding(false, false, true)), 0, "UTF-16");
        if (b.Length >= 4 && b[0] == 0x00 && b[1] == 0x3C && b[2] == 0x00) return (Strict(new UnicodeEncoding(true, false, true)), 0, "UTF-16");
        return (Encoding.UTF8, 0, null);
    }

    private static string Decode(ReadOnlySpan<byte> bytes, Encoding encoding, string? fileName, int offset)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var index = Math.Max(ex.Index, 0);
            var line = 1 + bytes[..Math.Min(index, bytes.Length)].Count((byte)'\n');
            var bad = ex.BytesUnknown is { Length: > 0 } unknown ? string.Join(" ", unknown.Select(x => $"0x{x:X2}")) : "?";
            throw KmpException.At(fileName, line, 0, $"not valid {encoding.WebName.ToUpperInvariant()}: byte(s) {bad} at byte offset {offset + index}");
        }
    }

    private static Encoding Strict(Encoding encoding)
    {
        var strict = (Encoding)encoding.Clone();
        strict.DecoderFallback = DecoderFallback.ExceptionFallback;
        return strict;
    }

    private static bool IsUtf8(string name) => name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase);

    private static bool IsUtf16(string name) =>
        name.ToLowerInvariant() is "utf-16" or "utf16" or "utf-16le" or "utf-16be" or "unicode" or "ucs-2" or "iso-10646-ucs-2";
}
