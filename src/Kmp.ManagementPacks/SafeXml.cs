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
    public static KmpException NotWellFormed(string? fileName, XmlException ex)
    {
        // the place leads the message (file:line:column); the parser's " Line 3, position 7." would say it twice
        var message = ex.LineNumber > 0 ? ex.Message.Replace($" Line {ex.LineNumber}, position {ex.LinePosition}.", "", StringComparison.Ordinal) : ex.Message;
        return KmpException.At(fileName, ex.LineNumber, ex.LinePosition, "not well-formed XML: " + MessageText.OneLine(message));
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
