using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
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
/// text one). Indentation and repeated short values are shared strings; a big pack can be parsed on one thread
/// while the tree is built on another (<see cref="Load"/>).
/// </summary>
internal static class PackXmlTree
{
    /// <summary>Nodes handed from the reading thread to the building one at a time, when reading on two threads.</summary>
    public const int Batch = 1024;

    /// <summary>Reads a whole document; <paramref name="reopen"/> gives a new reader over the same text, for positions.</summary>
    /// <param name="overlapBatch">
    /// 0: read and build on this thread. Else the reader runs on a thread of its own and hands its nodes to this
    /// one in batches of this many, which builds the tree meanwhile (for a big pack on a machine with a second core:
    /// the parsing and the building each take about half the time). The tree, the refusals and the positions are
    /// the same either way.
    /// </param>
    /// <exception cref="XmlException">The text is not well-formed (from the reader).</exception>
    public static XDocument Load(XmlReader reader, Func<XmlReader> reopen, int overlapBatch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(overlapBatch);
        var document = new XDocument();
        if (reader.ReadState == ReadState.Initial) reader.Read();
        if (reader.NodeType == XmlNodeType.XmlDeclaration)
        {
            document.Declaration = new XDeclaration(reader.GetAttribute("version"), reader.GetAttribute("encoding"), reader.GetAttribute("standalone"));
            reader.Read();
        }
        if (reader.ReadState != ReadState.Interactive) throw new InvalidOperationException("The XmlReader state should be Interactive.");
        var builder = new TreeBuilder(document);
        if (overlapBatch == 0) new NodeReader(reader, Batch, (batch, count) => { builder.Take(batch, count); return batch; }).ReadAll();
        else ReadOnTwoThreads(reader, builder, overlapBatch);
        if (document.Root is null) throw new InvalidOperationException("The root element is missing.");
        document.AddAnnotation(new SourcePositions(document, reopen));
        return document;
    }

    /// <summary>
    /// The reader on a thread of its own (not the pool's, where it could wait behind sealing), this thread building
    /// the tree from its batches as they come. A refusal of the reader reaches the caller after the nodes read before
    /// it were built, as it would on one thread; a failure of the building stops the reader. Either way the reader
    /// is no longer used when this returns (the caller disposes it).
    /// </summary>
    private static void ReadOnTwoThreads(XmlReader reader, TreeBuilder builder, int batchSize)
    {
        using var ready = new BlockingCollection<(Node[] Batch, int Count)>(boundedCapacity: 64);
        var free = new ConcurrentQueue<Node[]>();
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? failure = null;
        var reading = Task.Factory.StartNew(() =>
        {
            try
            {
                new NodeReader(reader, batchSize, (batch, count) =>
                {
                    ready.Add((batch, count), stop.Token);
                    return free.TryDequeue(out var next) ? next : new Node[batchSize];
                }).ReadAll();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // the building failed: its exception is the one thrown
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                ready.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var (batch, count) in ready.GetConsumingEnumerable())
            {
                builder.Take(batch, count);
                free.Enqueue(batch); // filled again from the start: what it still holds is in the tree anyway
            }
        }
        finally
        {
            stop.Cancel();
            reading.Wait();
        }
        failure?.Throw();
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
    /// A node of the reader as the builder needs it. Element: A namespace, B local name, then its attributes
    /// (A namespace, B local name, C value) and, when it is written empty (&lt;a/&gt;), an EndElement with
    /// <see cref="Empty"/> set. Text, whitespace, CDATA, comment: C value. Processing instruction: B target,
    /// C data. Document type: B name, A public ID, D system ID, C internal subset.
    /// </summary>
    private struct Node
    {
        public XmlNodeType Type;
        public bool Empty;
        public string? A, B, C, D;
    }

    /// <summary>
    /// Reads the nodes after the prolog (resolving entities as XDocument.Load does) into batches handed to
    /// <c>flush</c>, which returns the array to fill next. Repeated values are shared strings (<see cref="SharedValues"/>).
    /// </summary>
    private sealed class NodeReader(XmlReader r, int batchSize, Func<Node[], int, Node[]> flush)
    {
        private readonly SharedValues values = new();
        private Node[] batch = new Node[batchSize];
        private int count;

        public void ReadAll()
        {
            do
            {
                switch (r.NodeType)
                {
                    case XmlNodeType.Element:
                    {
                        var empty = r.IsEmptyElement;
                        Add(new Node { Type = XmlNodeType.Element, A = r.NamespaceURI, B = r.LocalName });
                        if (r.MoveToFirstAttribute())
                        {
                            do Add(new Node { Type = XmlNodeType.Attribute, A = r.Prefix.Length == 0 ? string.Empty : r.NamespaceURI, B = r.LocalName, C = values.Read(r) });
                            while (r.MoveToNextAttribute());
                            r.MoveToElement();
                        }
                        if (empty) Add(new Node { Type = XmlNodeType.EndElement, Empty = true });
                        break;
                    }
                    case XmlNodeType.EndElement:
                        Add(new Node { Type = XmlNodeType.EndElement });
                        break;
                    case XmlNodeType.Whitespace:
                        Add(new Node { Type = XmlNodeType.Text, C = values.Read(r, shareUpTo: 256) });
                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.SignificantWhitespace:
                        Add(new Node { Type = XmlNodeType.Text, C = values.Read(r) });
                        break;
                    case XmlNodeType.CDATA:
                    case XmlNodeType.Comment:
                        Add(new Node { Type = r.NodeType, C = r.Value });
                        break;
                    case XmlNodeType.ProcessingInstruction:
                        Add(new Node { Type = XmlNodeType.ProcessingInstruction, B = r.Name, C = r.Value });
                        break;
                    case XmlNodeType.DocumentType:
                        Add(new Node { Type = XmlNodeType.DocumentType, B = r.LocalName, A = r.GetAttribute("PUBLIC"), D = r.GetAttribute("SYSTEM"), C = r.Value });
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
            if (count > 0) flush(batch, count);
        }

        private void Add(Node node)
        {
            batch[count++] = node;
            if (count < batch.Length) return;
            batch = flush(batch, count);
            count = 0;
        }
    }

    /// <summary>
    /// Builds the tree from the reader's nodes in order, node for node as XDocument.Load does. Elements are
    /// attached to their parent when they end, so that a node is always added to a container not yet in the
    /// tree (adding to an attached one walks up to the root each time).
    /// </summary>
    private sealed class TreeBuilder(XDocument document)
    {
        private readonly NameCache names = new();
        private readonly List<XElement> open = [];

        private XContainer Current => open.Count > 0 ? open[^1] : document;

        public void Take(Node[] batch, int count)
        {
            for (var i = 0; i < count; i++)
            {
                ref readonly var node = ref batch[i];
                switch (node.Type)
                {
                    case XmlNodeType.Element:
                        open.Add(new XElement(names.Get(node.A!, node.B!)));
                        break;
                    case XmlNodeType.Attribute:
                        open[^1].Add(new XAttribute(names.Get(node.A!, node.B!), node.C!));
                        break;
                    case XmlNodeType.EndElement:
                    {
                        var element = open[^1];
                        open.RemoveAt(open.Count - 1);
                        if (!node.Empty && element.IsEmpty) element.Add(string.Empty); // <a></a>: not empty, as XDocument.Load reads it
                        Current.Add(element);
                        break;
                    }
                    case XmlNodeType.Text:
                        Current.Add(new XText(node.C!));
                        break;
                    case XmlNodeType.CDATA:
                        Current.Add(new XCData(node.C!));
                        break;
                    case XmlNodeType.Comment:
                        Current.Add(new XComment(node.C!));
                        break;
                    case XmlNodeType.ProcessingInstruction:
                        Current.Add(new XProcessingInstruction(node.B!, node.C!));
                        break;
                    case XmlNodeType.DocumentType:
                        Current.Add(new XDocumentType(node.B!, node.A, node.D, node.C));
                        break;
                }
            }
        }
    }

    /// <summary>
    /// One pass of the reader beside the tree the first pass built, in the same order, giving each node its
    /// position (the same nodes of the same text: see <see cref="NodeReader"/>).
    /// </summary>
    private static void MarkPositions(XmlReader r, PositionWalk positions)
    {
        if (r.ReadState == ReadState.Initial) r.Read();
        positions.Mark(positions.Document, r);
        if (r.NodeType == XmlNodeType.XmlDeclaration) r.Read();
        if (r.ReadState != ReadState.Interactive) throw new InvalidOperationException("The XmlReader state should be Interactive.");
        do
        {
            switch (r.NodeType)
            {
                case XmlNodeType.Element:
                {
                    var element = positions.NextElement();
                    positions.Mark(element, r);
                    if (r.MoveToFirstAttribute())
                    {
                        var attribute = element.FirstAttribute;
                        do
                        {
                            positions.Mark(attribute!, r);
                            attribute = attribute!.NextAttribute;
                        }
                        while (r.MoveToNextAttribute());
                        r.MoveToElement();
                    }
                    break;
                }
                case XmlNodeType.Whitespace:
                case XmlNodeType.Text:
                case XmlNodeType.SignificantWhitespace:
                case XmlNodeType.CDATA:
                case XmlNodeType.Comment:
                case XmlNodeType.ProcessingInstruction:
                case XmlNodeType.DocumentType:
                    positions.MarkNext(r);
                    break;
                case XmlNodeType.EntityReference:
                    if (!r.CanResolveEntity) throw new InvalidOperationException("The XmlReader should not be on a node of type EntityReference.");
                    r.ResolveEntity();
                    break;
                case XmlNodeType.EndElement:
                case XmlNodeType.EndEntity:
                    break;
                default:
                    throw new InvalidOperationException($"The XmlReader should not be on a node of type {r.NodeType}.");
            }
        }
        while (r.Read());
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
                    MarkPositions(reader, new PositionWalk(tree));
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

        public XName Get(string ns, string local)
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

    /// <summary>
    /// Values read without a new string each when they repeat: indentation on nearly every line, and the attribute
    /// values and texts a pack repeats (Enabled="true", Priority="Normal", &lt;Category&gt;Alert&lt;/Category&gt;, its
    /// aliases and property paths). A shared string is one object fewer for the garbage collector to copy while
    /// the tree it belongs to is built. Only short values are looked up, and only the first ones met are kept.
    /// </summary>
    private sealed class SharedValues
    {
        private const int MaxShared = 64;
        private const int MaxKept = 16384;
        private readonly char[] buffer = new char[1024];
        private readonly Dictionary<string, string> known = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup;

        public SharedValues() => lookup = known.GetAlternateLookup<ReadOnlySpan<char>>();

        /// <summary>The value of the reader's node (an attribute, a text, whitespace), shared when it is short; <paramref name="shareUpTo"/> characters at most.</summary>
        public string Read(XmlReader r, int shareUpTo = MaxShared)
        {
            if (!r.CanReadValueChunk) return r.Value;
            var length = r.ReadValueChunk(buffer, 0, buffer.Length);
            // A full buffer, or one short of full: ReadValueChunk never splits a surrogate pair, so a pair that would
            // end the buffer comes with the next call. Either way there may be more: the rest, then the whole string.
            if (length >= buffer.Length - 1)
            {
                var text = new System.Text.StringBuilder(2 * buffer.Length).Append(buffer, 0, length);
                int more;
                while ((more = r.ReadValueChunk(buffer, 0, buffer.Length)) > 0) text.Append(buffer, 0, more);
                return text.ToString();
            }
            if (length == 0) return string.Empty;
            var value = buffer.AsSpan(0, length);
            if (length > shareUpTo) return value.ToString();
            if (lookup.TryGetValue(value, out var shared)) return shared;
            var made = value.ToString();
            if (known.Count < MaxKept) known[made] = made;
            return made;
        }
    }
}
