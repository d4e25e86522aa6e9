using System.Xml;

namespace Kmp.ManagementPacks;

/// <summary>
/// How kmp reads XML: no DTDs or external entities, a size limit and a nesting limit. Every XML
/// kmp reads goes through <see cref="CreateReader(TextReader)"/> or <see cref="CreateReader(Stream)"/>.
/// </summary>
public static class SafeXml
{
    /// <summary>Largest document kmp reads, in characters (64 Mi); real packs are below 10 MB.</summary>
    public const long MaxCharacters = 64L * 1024 * 1024;

    /// <summary>
    /// Deepest element nesting kmp reads. Real packs nest about 20 levels (Microsoft's report schemas
    /// 21); deeper input is refused while it is read, before a tree is built, so that no later walk
    /// (checks, writers) can exhaust the stack on it.
    /// </summary>
    public const int MaxDepth = 1000;

    public static XmlReaderSettings ReaderSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreComments = false,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <summary>
    /// The refusal of XML that is not well-formed: "file:line:column: not well-formed XML: …" on one
    /// line (the parser's message quotes the offending character, which may be a line break).
    /// </summary>
    /// <param name="fileName">The file named in the message.</param>
    /// <param name="ex">The parser's error.</param>
    /// <param name="text">
    /// The XML that was read, when the caller has it: the parser refuses a DTD without saying where, and
    /// the place is then found in it (the declaration's "&lt;!DOCTYPE").
    /// </param>
    public static KmpException NotWellFormed(string? fileName, XmlException ex, string? text = null)
    {
        // The parser refuses a DTD without a place and with advice for programmers (set DtdProcessing…): kmp says it its own way, at the "<!DOCTYPE".
        if (ex.LineNumber == 0)
        {
            var (line, column) = text is null ? (0, 0) : UnplacedDoctype(text);
            if (line > 0 || ex.Message.Contains("DTD", StringComparison.Ordinal)) return KmpException.At(fileName, line, column, DtdRefused);
        }
        // the place leads the message (file:line:column); the parser's " Line 3, position 7." would say it twice
        var message = ex.LineNumber > 0 ? ex.Message.Replace($" Line {ex.LineNumber}, position {ex.LinePosition}.", "", StringComparison.Ordinal) : ex.Message;
        return KmpException.At(fileName, ex.LineNumber, ex.LinePosition, "not well-formed XML: " + MessageText.OneLine(message));
    }

    /// <summary>The refusal of a DTD, after its place.</summary>
    public const string DtdRefused = "a DTD (<!DOCTYPE …>): kmp reads no DTD or entity declarations, and a management pack has none";

    /// <summary>
    /// Line and column of the DOCTYPE the parser refused without a place, or (0, 0) when it is not found.
    /// The text is read again up to the refusal; the declaration is the first markup after the last node
    /// read (a DTD is refused before anything else is checked, in the prolog and after the root alike), past
    /// the whitespace, comments and processing instructions (which the reader skips) between them.
    /// </summary>
    private static (int Line, int Column) UnplacedDoctype(string text)
    {
        var (kind, line, column) = (XmlNodeType.None, 0, 0);
        using (var reader = CreateReader(new StringReader(text)))
        {
            var info = (IXmlLineInfo)reader;
            try
            {
                while (reader.Read()) (kind, line, column) = (reader.NodeType, info.LineNumber, info.LinePosition);
            }
            catch (XmlException ex) when (ex.LineNumber == 0)
            {
                // the same refusal: the reader stopped just after the last node it read
            }
            catch (XmlException)
            {
                return (0, 0); // a different error this time: not the refusal being placed
            }
        }
        var at = kind == XmlNodeType.None ? 0 : Offset(text, line, column);
        // Past the end of the last node read (its place is at or just inside its opening "<?", "<!--", "<" or "</").
        at = kind switch
        {
            XmlNodeType.XmlDeclaration => End(text, at, "?>"),
            XmlNodeType.Comment => End(text, at, "-->"),
            XmlNodeType.Element or XmlNodeType.EndElement => EndOfTag(text, at),
            _ => at,
        };
        while (at >= 0 && at < text.Length)
        {
            if (XmlConvert.IsWhitespaceChar(text[at])) at++;
            else if (string.CompareOrdinal(text, at, "<!--", 0, 4) == 0) at = End(text, at + 4, "-->");
            else if (string.CompareOrdinal(text, at, "<?", 0, 2) == 0) at = End(text, at + 2, "?>");
            else if (string.CompareOrdinal(text, at, "<!D", 0, 3) == 0) return Place(text, at); // refused as soon as "<!D" is seen
            else break;
        }
        return (0, 0);

        static int End(string text, int from, string end) => text.IndexOf(end, from, StringComparison.Ordinal) is var i and >= 0 ? i + end.Length : -1;
    }

    /// <summary>The offset just past the '&gt;' that ends the tag whose name starts at <paramref name="at"/> (quoted attribute values may hold '&gt;').</summary>
    private static int EndOfTag(string text, int at)
    {
        for (char quote = '\0'; at < text.Length; at++)
        {
            var c = text[at];
            if (quote != '\0') { if (c == quote) quote = '\0'; }
            else if (c is '"' or '\'') quote = c;
            else if (c == '>') return at + 1;
        }
        return -1;
    }

    /// <summary>The offset of a line and column as the reader counts them (from 1; "\r\n", "\r" and "\n" each end a line).</summary>
    private static int Offset(string text, int line, int column)
    {
        var at = 0;
        for (var current = 1; current < line && at < text.Length; at++)
        {
            if (text[at] == '\r' && at + 1 < text.Length && text[at + 1] == '\n') at++;
            if (text[at] is '\r' or '\n') current++;
        }
        return Math.Min(at + column - 1, text.Length);
    }

    /// <summary>The line and column (from 1) of <paramref name="offset"/>.</summary>
    private static (int Line, int Column) Place(string text, int offset)
    {
        var (line, start) = (1, 0);
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\r' && i + 1 < offset && text[i + 1] == '\n') i++;
            if (text[i] is '\r' or '\n') (line, start) = (line + 1, i + 1);
        }
        return (line, offset - start + 1);
    }

    /// <summary>A reader with <see cref="ReaderSettings"/> that throws <see cref="XmlException"/> (with the line) past <see cref="MaxDepth"/>.</summary>
    public static XmlReader CreateReader(TextReader input) => new DepthLimitedReader(XmlReader.Create(input, ReaderSettings()), MaxDepth);

    /// <inheritdoc cref="CreateReader(TextReader)"/>
    public static XmlReader CreateReader(Stream input) => new DepthLimitedReader(XmlReader.Create(input, ReaderSettings()), MaxDepth);

    /// <summary>Passes every call to the inner reader; <see cref="Read"/> refuses an element nested deeper than the limit.</summary>
    private sealed class DepthLimitedReader(XmlReader inner, int maxDepth) : XmlReader, IXmlLineInfo
    {
        public override bool Read()
        {
            if (!inner.Read()) return false;
            if (inner.NodeType == XmlNodeType.Element && inner.Depth >= maxDepth)
            {
                var line = (IXmlLineInfo)inner;
                throw new XmlException($"elements are nested more than {maxDepth} levels deep.", null, line.LineNumber, line.LinePosition);
            }
            return true;
        }

        public override XmlReaderSettings? Settings => inner.Settings;
        public override int AttributeCount => inner.AttributeCount;
        public override string BaseURI => inner.BaseURI;
        public override int Depth => inner.Depth;
        public override bool EOF => inner.EOF;
        public override bool IsEmptyElement => inner.IsEmptyElement;
        public override bool HasValue => inner.HasValue;
        public override bool IsDefault => inner.IsDefault;
        public override string LocalName => inner.LocalName;
        public override string Name => inner.Name;
        public override string NamespaceURI => inner.NamespaceURI;
        public override XmlNameTable NameTable => inner.NameTable;
        public override XmlNodeType NodeType => inner.NodeType;
        public override string Prefix => inner.Prefix;
        public override ReadState ReadState => inner.ReadState;
        public override string Value => inner.Value;
        public override string XmlLang => inner.XmlLang;
        public override XmlSpace XmlSpace => inner.XmlSpace;
        public override char QuoteChar => inner.QuoteChar;
        public override string GetAttribute(int i) => inner.GetAttribute(i);
        public override string? GetAttribute(string name) => inner.GetAttribute(name);
        public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);
        public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);
        public override void MoveToAttribute(int i) => inner.MoveToAttribute(i);
        public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);
        public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);
        public override bool MoveToElement() => inner.MoveToElement();
        public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();
        public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();
        public override bool ReadAttributeValue() => inner.ReadAttributeValue();
        public override void ResolveEntity() => inner.ResolveEntity();
        public override bool CanReadValueChunk => inner.CanReadValueChunk;
        public override int ReadValueChunk(char[] buffer, int index, int count) => inner.ReadValueChunk(buffer, index, count);
        public bool HasLineInfo() => ((IXmlLineInfo)inner).HasLineInfo();
        public int LineNumber => ((IXmlLineInfo)inner).LineNumber;
        public int LinePosition => ((IXmlLineInfo)inner).LinePosition;

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
