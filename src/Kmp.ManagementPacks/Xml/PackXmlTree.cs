using System.Runtime.CompilerServices;
using System.Xml;
using System.Xml.Linq;

namespace Kmp.ManagementPacks.Xml;

/// <summary>
/// Builds a pack's <see cref="XDocument"/> from a reader: node for node the tree that
/// <c>XDocument.Load(reader, LoadOptions.SetLineInfo)</c> builds (every text and whitespace run of the
/// reader its own <see cref="XText"/>, an element written <c>&lt;a&gt;&lt;/a&gt;</c> not empty, the same
/// names, values and declaration), but without the line information: the line and column of a node
/// are found when something asks for one (<see cref="PositionOf"/>), by reading the same text again
/// once. A pack that verifies cleanly never needs them, and a tree with a position on every node is
/// half as big again and much slower to build (each element gets two annotations, every attribute and
/// text one). Whitespace runs (indentation) are shared strings.
/// </summary>
internal static class PackXmlTree
{
    /// <summary>Reads a whole document; <paramref name="reopen"/> gives a new reader over the same text, for positions.</summary>
    /// <exception cref="XmlException">The text is not well-formed (from the reader).</exception>
    public static XDocument Load(XmlReader reader, Func<XmlReader> reopen)
    {
        var document = Build(reader, positions: null);
        document.AddAnnotation(new SourcePositions(document, reopen));
        return document;
    }

    /// <summary>
    /// The line and column of <paramref name="node"/> (1-based), or (0, 0) when it has none: a node
    /// added after loading, or of a tree loaded some other way without line information.
    /// </summary>
    public static (int Line, int Column) PositionOf(XObject node)
    {
        if (node.Annotation<Position>() is { } known) return (known.Line, known.Column);
        if (node.Document?.Annotation<SourcePositions>() is { } source && source.Fill())
            return node.Annotation<Position>() is { } found ? (found.Line, found.Column) : (0, 0);
        return node is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);
    }

    /// <summary>
    /// One pass of the reader: a new tree when <paramref name="positions"/> is null, else a walk of the
    /// tree that pass built, in the same order, giving each node its position.
    /// </summary>
    private static XDocument Build(XmlReader r, PositionWalk? positions)
    {
        if (r.ReadState == ReadState.Initial) r.Read();
        var document = positions?.Document ?? new XDocument();
        positions?.Mark(document, r);
        if (r.NodeType == XmlNodeType.XmlDeclaration)
        {
            if (positions is null) document.Declaration = new XDeclaration(r.GetAttribute("version"), r.GetAttribute("encoding"), r.GetAttribute("standalone"));
            r.Read();
        }
        if (r.ReadState != ReadState.Interactive) throw new InvalidOperationException("The XmlReader state should be Interactive.");

        var names = new NameCache();
        var whitespace = new WhitespaceCache();
        // Elements are attached to their parent when they end, so that a node is always added to a
        // container not yet in the tree (adding to an attached one walks up to the root each time).
        var open = new List<XElement>();
        XContainer Current() => open.Count > 0 ? open[^1] : document;
        do
        {
            switch (r.NodeType)
            {
                case XmlNodeType.Element:
                {
                    var element = positions?.NextElement() ?? new XElement(names.Element(r));
                    positions?.Mark(element, r);
                    if (r.MoveToFirstAttribute())
                    {
                        var attribute = positions is null ? null : element.FirstAttribute;
                        do
                        {
                            if (positions is null) element.Add(new XAttribute(names.Attribute(r), r.Value));
                            else
                            {
                                positions.Mark(attribute!, r);
                                attribute = attribute!.NextAttribute;
                            }
                        }
                        while (r.MoveToNextAttribute());
                        r.MoveToElement();
                    }
                    if (r.IsEmptyElement)
                    {
                        if (positions is null) Current().Add(element);
                    }
                    else open.Add(element);
                    break;
                }
                case XmlNodeType.EndElement:
                {
                    var element = open[^1];
                    open.RemoveAt(open.Count - 1);
                    if (positions is null)
                    {
                        if (element.IsEmpty) element.Add(string.Empty); // <a></a>: not empty, as XDocument.Load reads it
                        Current().Add(element);
                    }
                    break;
                }
                case XmlNodeType.Whitespace:
                    if (positions is null) Current().Add(new XText(whitespace.Read(r)));
                    else positions.MarkNext(r);
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.SignificantWhitespace:
                    if (positions is null) Current().Add(new XText(r.Value));
                    else positions.MarkNext(r);
                    break;
                case XmlNodeType.CDATA:
                    if (positions is null) Current().Add(new XCData(r.Value));
                    else positions.MarkNext(r);
                    break;
                case XmlNodeType.Comment:
                    if (positions is null) Current().Add(new XComment(r.Value));
                    else positions.MarkNext(r);
                    break;
                case XmlNodeType.ProcessingInstruction:
                    if (positions is null) Current().Add(new XProcessingInstruction(r.Name, r.Value));
                    else positions.MarkNext(r);
                    break;
                case XmlNodeType.DocumentType:
                    if (positions is null) Current().Add(new XDocumentType(r.LocalName, r.GetAttribute("PUBLIC"), r.GetAttribute("SYSTEM"), r.Value));
                    else positions.MarkNext(r);
                    break;
                case XmlNodeType.EntityReference:
                    if (!r.CanResolveEntity) throw new InvalidOperationException("The XmlReader should not be on a node of type EntityReference.");
                    r.ResolveEntity();
                    break;
                case XmlNodeType.EndEntity:
                    break;
                default:
                    throw new InvalidOperationException($"The XmlReader should not be on a node of type {r.NodeType}.");
            }
        }
        while (r.Read());
        if (!r.EOF) throw new InvalidOperationException("The XmlReader state should be EndOfFile after this operation.");
        if (document.Root is null) throw new InvalidOperationException("The root element is missing.");
        return document;
    }

    /// <summary>A node's place in the text it was read from.</summary>
    private sealed class Position(int line, int column)
    {
        public int Line { get; } = line;
        public int Column { get; } = column;
    }

    /// <summary>The text of a loaded tree, read again for positions the first time one is asked for.</summary>
    private sealed class SourcePositions
    {
        private readonly Lock gate = new();
        private XDocument? document;
        private Func<XmlReader>? reopen;

        public SourcePositions(XDocument document, Func<XmlReader> reopen)
        {
            this.document = document;
            this.reopen = reopen;
            // A change to the tree would put it out of step with the text: take the positions first.
            document.Changing += BeforeChange;
        }

        private void BeforeChange(object? sender, XObjectChangeEventArgs e) => Fill();

        /// <summary>Gives every node of the tree as loaded its position, once. False if the text could not be read again.</summary>
        public bool Fill()
        {
            lock (gate)
            {
                if (document is not { } tree) return true;
                document = null;
                tree.Changing -= BeforeChange;
                var read = reopen!;
                reopen = null;
                using var reader = read();
                try
                {
                    Build(reader, new PositionWalk(tree));
                }
                catch (Exception ex) when (ex is XmlException or InvalidOperationException)
                {
                    return false; // the same text read cleanly the first time; nothing to mark if it does not now
                }
                return true;
            }
        }
    }

    /// <summary>Walks a loaded tree in document order (nodes, not attributes) beside a second read of its text.</summary>
    private sealed class PositionWalk(XDocument document)
    {
        private XNode? last;

        public XDocument Document { get; } = document;

        public XElement NextElement() => NextNode() as XElement ?? throw new InvalidOperationException("the tree does not match its text");

        /// <summary>Marks the next node (a text, comment, …) with the reader's position.</summary>
        public void MarkNext(XmlReader r) => Mark(NextNode(), r);

        private XNode NextNode()
        {
            last = last is null ? Document.FirstNode : After(last);
            return last ?? throw new InvalidOperationException("the tree does not match its text");
        }

        public void Mark(XObject node, XmlReader r)
        {
            if (r is IXmlLineInfo info && info.HasLineInfo()) node.AddAnnotation(new Position(info.LineNumber, info.LinePosition));
        }

        /// <summary>The next node in document order: the first child, else the next sibling of the node or of its nearest ancestor that has one.</summary>
        private static XNode? After(XNode node)
        {
            if (node is XElement { FirstNode: { } child }) return child;
            for (XNode? n = node; n is not null; n = n.Parent)
            {
                if (n.NextNode is { } next) return next;
            }
            return null;
        }
    }

    /// <summary>Element and attribute names by the reader's atomized strings, so that each is looked up in XLinq's table once.</summary>
    private sealed class NameCache
    {
        private readonly Dictionary<(string Namespace, string Local), XName> names = new(new AtomComparer());

        public XName Element(XmlReader r) => Get(r.NamespaceURI, r.LocalName);

        public XName Attribute(XmlReader r) => Get(r.Prefix.Length == 0 ? string.Empty : r.NamespaceURI, r.LocalName);

        private XName Get(string ns, string local)
        {
            if (!names.TryGetValue((ns, local), out var name))
            {
                name = XNamespace.Get(ns).GetName(local);
                names[(ns, local)] = name;
            }
            return name;
        }

        /// <summary>Names from one reader's name table are the same string objects: compare by reference.</summary>
        private sealed class AtomComparer : IEqualityComparer<(string Namespace, string Local)>
        {
            public bool Equals((string Namespace, string Local) x, (string Namespace, string Local) y) =>
                ReferenceEquals(x.Namespace, y.Namespace) && ReferenceEquals(x.Local, y.Local);

            public int GetHashCode((string Namespace, string Local) key) =>
                HashCode.Combine(RuntimeHelpers.GetHashCode(key.Namespace), RuntimeHelpers.GetHashCode(key.Local));
        }
    }

    /// <summary>Whitespace runs read without a new string each: indentation repeats on nearly every line.</summary>
    private sealed class WhitespaceCache
    {
        private readonly char[] buffer = new char[256];
        private readonly Dictionary<string, string> known = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup;

        public WhitespaceCache() => lookup = known.GetAlternateLookup<ReadOnlySpan<char>>();

        public string Read(XmlReader r)
        {
            if (!r.CanReadValueChunk) return r.Value;
            var length = r.ReadValueChunk(buffer, 0, buffer.Length);
            if (length == buffer.Length) // a longer run: the rest, then the whole as one new string
            {
                var text = new System.Text.StringBuilder().Append(buffer, 0, length);
                int more;
                while ((more = r.ReadValueChunk(buffer, 0, buffer.Length)) > 0) text.Append(buffer, 0, more);
                return text.ToString();
            }
            var run = buffer.AsSpan(0, length);
            if (lookup.TryGetValue(run, out var shared)) return shared;
            var value = run.ToString();
            if (known.Count < 4096) known[value] = value;
            return value;
        }
    }
}
