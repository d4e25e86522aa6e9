using System.Buffers;
using System.Text;
using System.Xml;

namespace Kmp.ManagementPacks.Xml;

/// <summary>
/// The XML that <see cref="XmlWriter"/> writes with the pack writer's settings (UTF-8 without a byte order
/// mark, the declaration, two-space indentation, LF line ends, new lines in text replaced, characters
/// checked) — the same bytes, call for call — written straight into pooled UTF-8 blocks. The general
/// writer's state machine, name tables and per-character encoding cost more than the whole of the rest
/// of writing a pack of 10,000 rules; this one does only what the pack writer asks, and plain ASCII runs
/// are copied at once. Its rules follow XmlWriter's indenting writer: an element starts on a new line
/// indented by its depth unless its parent holds text (mixed content, inherited by the children); an
/// element closes on a new line when it holds elements and no text was written last; an empty element
/// is written <c>&lt;Name /&gt;</c>; a namespace an element's prefix needs is declared after its attributes.
/// The property tests drive both writers with the same calls and compare the bytes.
/// </summary>
internal sealed class Utf8PackXmlWriter : IDisposable
{
    private const int BlockSize = 1 << 20;
    private const string NewLine = "\n";
    private const string IndentChars = "  ";

    // Characters copied as they are: printable ASCII (DEL included, as XmlWriter does) but the ones each
    // context escapes; a tab is written as it is in text and in CDATA, as &#x9; in an attribute.
    private static readonly SearchValues<char> TextPlain = SearchValues.Create(Plain("&<>", tab: true));
    private static readonly SearchValues<char> AttributePlain = SearchValues.Create(Plain("&<>\"", tab: false));
    private static readonly SearchValues<char> CDataPlain = SearchValues.Create(Plain("]", tab: true));

    private static string Plain(string except, bool tab)
    {
        var chars = new StringBuilder();
        if (tab) chars.Append('\t');
        for (var c = ' '; c <= '\u007f'; c++)
            if (!except.Contains(c)) chars.Append(c);
        return chars.ToString();
    }

    private enum Context { Text, Attribute, CData }

    private readonly List<(byte[] Block, int Used)> blocks = [];
    private byte[] block = [];
    private int pos;

    // The open elements: name, the mixed-content state of the parent when the element started, and the
    // namespace declarations in scope from it on.
    private readonly List<(string? Prefix, string LocalName, bool ParentMixed, int NamespaceTop)> open = [];
    private readonly List<(string Prefix, string Namespace)> namespaces = [];
    private readonly List<(string Prefix, string Namespace)> pending = [];
    private readonly List<string> attributes = [];

    private bool startTagOpen;   // '<name attr="…"' written, its '>' not yet
    private bool contentEmpty;   // nothing written since the '>' of the innermost open element
    private bool textLast = true; // the last thing written was text or CDATA (true at first: the first node is not indented)
    private bool mixed;          // the innermost element holds text: its children are not indented

    public long Length => blocks.Sum(b => (long)b.Used) + pos;

    public void WriteStartDocument()
    {
        Raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        textLast = false;
    }

    public void WriteEndDocument()
    {
        while (open.Count > 0) WriteEndElement();
    }

    public void WriteStartElement(string localName) => WriteStartElement(null, localName, null);

    public void WriteStartElement(string? prefix, string localName, string? ns)
    {
        CheckName(localName);
        if (!string.IsNullOrEmpty(prefix)) CheckName(prefix);
        CloseStartTag();
        if (!mixed && !textLast) Indent(open.Count);
        open.Add((prefix, localName, mixed, namespaces.Count));
        if (!string.IsNullOrEmpty(prefix) && ns is not null && LookupNamespace(prefix) != ns)
        {
            namespaces.Add((prefix, ns));
            pending.Add((prefix, ns));
        }
        attributes.Clear();
        Byte((byte)'<');
        if (!string.IsNullOrEmpty(prefix))
        {
            Raw(prefix);
            Byte((byte)':');
        }
        Raw(localName);
        startTagOpen = true;
        textLast = false;
    }

    /// <summary>An attribute; <c>("xmlns", prefix, null, namespace)</c> declares a namespace.</summary>
    public void WriteAttributeString(string prefix, string localName, string? ns, string value)
    {
        if (prefix != "xmlns") throw new NotSupportedException("only namespace declarations take a prefix here");
        CheckName(localName);
        if (!startTagOpen) throw new InvalidOperationException("an attribute must follow a start tag");
        CheckDuplicate("xmlns:" + localName);
        namespaces.Add((localName, value));
        Raw(" xmlns:"u8);
        Raw(localName);
        Raw("=\""u8);
        Escaped(value, Context.Attribute);
        Byte((byte)'"');
    }

    public void WriteAttributeString(string localName, string? value)
    {
        StartAttribute(localName);
        if (value is not null) Escaped(value, Context.Attribute);
        Byte((byte)'"');
    }

    /// <summary>An attribute's name and the opening quote of its value, in the start tag still open.</summary>
    private void StartAttribute(string localName)
    {
        CheckName(localName);
        if (!startTagOpen) throw new InvalidOperationException("an attribute must follow a start tag");
        CheckDuplicate(localName);
        Byte((byte)' ');
        Raw(localName);
        Raw("=\""u8);
    }

    /// <summary>An attribute whose value is a reference (<c>Alias!Id</c>), written without making its text.</summary>
    public void WriteAttributeString(string localName, ElementReference value)
    {
        StartAttribute(localName);
        if (value.Alias is { } alias)
        {
            Escaped(alias, Context.Attribute);
            Byte((byte)'!');
        }
        Escaped(value.Id, Context.Attribute);
        Byte((byte)'"');
    }

    public void WriteElementString(string localName, string? value) => WriteElementString(null, localName, null, value);

    public void WriteElementString(string? prefix, string localName, string? ns, string? value)
    {
        WriteStartElement(prefix, localName, ns);
        if (!string.IsNullOrEmpty(value)) WriteString(value);
        WriteEndElement();
    }

    public void WriteString(string? text)
    {
        if (text is null) return;
        if (open.Count == 0) throw new InvalidOperationException("text must be inside an element");
        CloseStartTag();
        mixed = true;
        if (text.Length == 0) return;
        Escaped(text, Context.Text);
        textLast = true;
        contentEmpty = false;
    }

    public void WriteCData(string? text)
    {
        if (open.Count == 0) throw new InvalidOperationException("CDATA must be inside an element");
        CloseStartTag();
        mixed = true;
        Raw("<![CDATA["u8);
        Escaped(text ?? "", Context.CData);
        Raw("]]>"u8);
        textLast = true;
        contentEmpty = false;
    }

    public void WriteEndElement()
    {
        if (open.Count == 0) throw new InvalidOperationException("no element is open");
        var (prefix, localName, parentMixed, namespaceTop) = open[^1];
        open.RemoveAt(open.Count - 1);
        if (startTagOpen)
        {
            WritePendingNamespaces();
            startTagOpen = false;
            Raw(" />"u8);
        }
        else
        {
            if (!mixed && !contentEmpty && !textLast) Indent(open.Count);
            Raw("</"u8);
            if (!string.IsNullOrEmpty(prefix))
            {
                Raw(prefix);
                Byte((byte)':');
            }
            Raw(localName);
            Byte((byte)'>');
        }
        mixed = parentMixed;
        namespaces.RemoveRange(namespaceTop, namespaces.Count - namespaceTop);
        textLast = false;
        contentEmpty = false;
    }

    /// <summary>The bytes written, in one array.</summary>
    public byte[] ToArray()
    {
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)Length));
        var at = 0;
        foreach (var (b, used) in blocks)
        {
            b.AsSpan(0, used).CopyTo(bytes.AsSpan(at));
            at += used;
        }
        block.AsSpan(0, pos).CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    /// <summary>The bytes written, decoded (they are valid UTF-8: every character was checked).</summary>
    public string ToUtf8String()
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = 0;
        foreach (var (b, used) in blocks) chars += decoder.GetCharCount(b.AsSpan(0, used), flush: false);
        chars += decoder.GetCharCount(block.AsSpan(0, pos), flush: true);
        return string.Create(chars, this, static (span, output) =>
        {
            var decoder = Encoding.UTF8.GetDecoder();
            var at = 0;
            foreach (var (b, used) in output.blocks) at += decoder.GetChars(b.AsSpan(0, used), span[at..], flush: false);
            decoder.GetChars(output.block.AsSpan(0, output.pos), span[at..], flush: true);
        });
    }

    public void Dispose()
    {
        foreach (var (b, _) in blocks) ArrayPool<byte>.Shared.Return(b);
        blocks.Clear();
        if (block.Length > 0) ArrayPool<byte>.Shared.Return(block);
        block = [];
        pos = 0;
    }

    // ------------------------------------------------------------------ state

    /// <summary>Ends the start tag of the innermost element ('>' after its namespace declarations), as content follows.</summary>
    private void CloseStartTag()
    {
        if (!startTagOpen) return;
        WritePendingNamespaces();
        Byte((byte)'>');
        startTagOpen = false;
        contentEmpty = true;
        textLast = false;
        // The root never holds mixed content; every other element starts as its parent's content is.
        mixed = open.Count != 1 && open[^1].ParentMixed;
    }

    private void WritePendingNamespaces()
    {
        for (var i = pending.Count - 1; i >= 0; i--)
        {
            Raw(" xmlns:"u8);
            Raw(pending[i].Prefix);
            Raw("=\""u8);
            Escaped(pending[i].Namespace, Context.Attribute);
            Byte((byte)'"');
        }
        pending.Clear();
    }

    private string? LookupNamespace(string prefix)
    {
        if (prefix == "xml") return "http://www.w3.org/XML/1998/namespace";
        for (var i = namespaces.Count - 1; i >= 0; i--)
            if (namespaces[i].Prefix == prefix) return namespaces[i].Namespace;
        return null;
    }

    private void CheckDuplicate(string name)
    {
        foreach (var a in attributes)
            if (a == name) throw new XmlException($"'{name}' is a duplicate attribute name.");
        attributes.Add(name);
    }

    private static readonly SearchValues<char> SimpleNameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.");

    /// <summary>A name as XmlWriter accepts it (an NCName); the names the pack writer uses pass the quick test.</summary>
    private static void CheckName(string name)
    {
        if (name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && !name.AsSpan().ContainsAnyExcept(SimpleNameChars)) return;
        try
        {
            XmlConvert.VerifyNCName(name);
        }
        catch (XmlException ex)
        {
            throw new ArgumentException(ex.Message, nameof(name), ex);
        }
    }

    /// <summary>A new line and the indentation of each depth, made once.</summary>
    private static readonly byte[][] Indents = [.. Enumerable.Range(0, 32).Select(level => Encoding.ASCII.GetBytes(NewLine + string.Concat(Enumerable.Repeat(IndentChars, level))))];

    private void Indent(int level)
    {
        if (level < Indents.Length)
        {
            Raw(Indents[level]);
            return;
        }
        Raw(NewLine);
        for (var i = 0; i < level; i++) Raw(IndentChars);
    }

    // ------------------------------------------------------------------ bytes

    private Span<byte> Room(int bytes)
    {
        if (block.Length - pos < bytes)
        {
            if (block.Length > 0) blocks.Add((block, pos));
            block = ArrayPool<byte>.Shared.Rent(Math.Max(BlockSize, bytes));
            pos = 0;
        }
        return block.AsSpan(pos);
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Room(bytes.Length));
        pos += bytes.Length;
    }

    private void Byte(byte b)
    {
        Room(1)[0] = b;
        pos++;
    }

    /// <summary>Text the writer makes itself (names, markup): ASCII except for names XmlConvert accepted.</summary>
    private void Raw(string s)
    {
        var room = Room(s.Length * 3);
        if (Ascii.FromUtf16(s, room, out var written) == OperationStatus.Done)
        {
            pos += written;
            return;
        }
        pos += Encoding.UTF8.GetBytes(s, room);
    }

    /// <summary>
    /// Text escaped for its context, as XmlWriter escapes it: &amp;, &lt;, &gt; in text and attributes, &quot;,
    /// tab, CR and LF as character references in attributes; CR LF and CR written as LF in text and CDATA;
    /// "]]&gt;" in CDATA split into two sections; a character XML does not allow refused.
    /// </summary>
    private void Escaped(string text, Context context)
    {
        var plain = context switch { Context.Text => TextPlain, Context.Attribute => AttributePlain, _ => CDataPlain };
        var s = text.AsSpan();
        while (s.Length > 0)
        {
            var run = s.IndexOfAnyExcept(plain);
            if (run < 0) run = s.Length;
            if (run > 0)
            {
                // Worst case ahead: every character of the run, then one escape (at most 15 bytes, "]]]]><![CDATA[>").
                var room = Room(run + 16);
                Ascii.FromUtf16(s[..run], room, out var written);
                pos += written;
                s = s[run..];
                if (s.Length == 0) break;
            }
            var c = s[0];
            var used = 1;
            switch (c)
            {
                case '&': Raw("&amp;"u8); break;
                case '<': Raw("&lt;"u8); break;
                case '>': Raw(context == Context.CData ? ">"u8 : "&gt;"u8); break;
                case '"': Raw(context == Context.Attribute ? "&quot;"u8 : "\""u8); break;
                case '\t': Raw(context == Context.Attribute ? "&#x9;"u8 : "\t"u8); break;
                case '\n': Raw(context == Context.Attribute ? "&#xA;"u8 : "\n"u8); break;
                case '\r':
                    if (context == Context.Attribute) Raw("&#xD;"u8);
                    else
                    {
                        if (s.Length > 1 && s[1] == '\n') used = 2;
                        Raw("\n"u8);
                    }
                    break;
                case ']':
                    // Only CDATA stops at ']': "]]>" inside it closes the section and opens another before the '>'.
                    if (s.StartsWith("]]>")) { Raw("]]]]><![CDATA[>"u8); used = 3; }
                    else Byte((byte)']');
                    break;
                default:
                    used = NonAscii(s);
                    break;
            }
            s = s[used..];
        }
    }

    /// <summary>A character outside printable ASCII that needs no escape: encoded, or refused as XmlWriter refuses it.</summary>
    private int NonAscii(ReadOnlySpan<char> s)
    {
        var c = s[0];
        if (char.IsHighSurrogate(c))
        {
            if (s.Length < 2) throw new ArgumentException("The surrogate pair is invalid. Missing a low surrogate character.");
            if (!char.IsLowSurrogate(s[1]))
                throw new ArgumentException($"The surrogate pair (0x{(int)c:X}, 0x{(int)s[1]:X}) is invalid. A high surrogate character (0xD800 - 0xDBFF) must always be paired with a low surrogate character (0xDC00 - 0xDFFF).");
            var room = Room(4);
            var scalar = char.ConvertToUtf32(c, s[1]);
            room[0] = (byte)(0xF0 | (scalar >> 18));
            room[1] = (byte)(0x80 | ((scalar >> 12) & 0x3F));
            room[2] = (byte)(0x80 | ((scalar >> 6) & 0x3F));
            room[3] = (byte)(0x80 | (scalar & 0x3F));
            pos += 4;
            return 2;
        }
        if (char.IsLowSurrogate(c))
            throw new ArgumentException($"Invalid high surrogate character (0x{(int)c:X}). A high surrogate character must have a value from range (0xD800 - 0xDBFF).");
        if (c < 0x80 || c >= 0xFFFE)
            throw new ArgumentException($"'{(c == 0 ? "." : c.ToString())}', hexadecimal value 0x{(int)c:X2}, is an invalid character."); // as XmlWriter words it (NUL shown as '.')
        var bytes = Room(3);
        if (c < 0x800)
        {
            bytes[0] = (byte)(0xC0 | (c >> 6));
            bytes[1] = (byte)(0x80 | (c & 0x3F));
            pos += 2;
        }
        else
        {
            bytes[0] = (byte)(0xE0 | (c >> 12));
            bytes[1] = (byte)(0x80 | ((c >> 6) & 0x3F));
            bytes[2] = (byte)(0x80 | (c & 0x3F));
            pos += 3;
        }
        return 1;
    }
}
