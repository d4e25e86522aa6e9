using System.Xml;
using System.Xml.Linq;

namespace Kmp.ManagementPacks.Xml;

/// <summary>A manifest reference as read from a pack.</summary>
public sealed record DocumentReference(string Alias, string ManagementPackId, Version Version, string PublicKeyToken)
{
    private readonly XElement? source;

    internal DocumentReference(string alias, string managementPackId, Version version, string publicKeyToken, XElement source)
        : this(alias, managementPackId, version, publicKeyToken) => this.source = source;

    /// <summary>The line of the reference in the pack's XML (0 when unknown); looked up when asked for.</summary>
    public int Line => source is null ? 0 : ManagementPackDocument.LineOf(source);

    public bool Equals(DocumentReference? other) =>
        other is not null && Alias == other.Alias && ManagementPackId == other.ManagementPackId && Version == other.Version
        && PublicKeyToken == other.PublicKeyToken && Line == other.Line;

    public override int GetHashCode() => HashCode.Combine(Alias, ManagementPackId, Version, PublicKeyToken);
}

/// <summary>
/// An element of a pack as read from its XML: its kind (the XML element name: ClassType, Rule,
/// UnitMonitor, View, …), ID, accessibility and the XML itself, with its line.
/// </summary>
public sealed record DocumentElement(string Kind, string Id, string? Accessibility, XElement Xml)
{
    /// <summary>The line of the element in the pack's XML (0 when unknown); looked up when asked for.</summary>
    public int Line => ManagementPackDocument.LineOf(Xml);

    /// <summary>
    /// True when other packs may reference the element: its Accessibility is Public, or the element
    /// kind has no accessibility at all (rules, discoveries, tasks: always referenceable).
    /// </summary>
    public bool IsPublic => Accessibility is null || string.Equals(Accessibility, "Public", StringComparison.Ordinal);

    public string? Attribute(string name) => Xml.Attribute(name)?.Value;
}

/// <summary>
/// A management pack read from XML (any real pack, schema 1.0, 1.1 or 2.0) in a light form that the
/// later stages use: identity, references, every element by ID, display strings. The XML tree is
/// kept for checks that look deeper; the line of any of its nodes is <see cref="LineOf"/> (found
/// when first asked for, by reading the text again: most packs are read without ever needing one).
/// </summary>
public sealed class ManagementPackDocument
{
    /// <summary>Sections whose ID-bearing descendants are not elements of the pack's ID space.</summary>
    private static readonly HashSet<string> NotElementSections = ["Manifest", "LanguagePacks"];

    private readonly Dictionary<string, DocumentElement> byId;

    private ManagementPackDocument(XDocument xml, string? fileName, string? text = null)
    {
        Xml = xml;
        FileName = fileName;
        Text = text;
        var root = xml.Root!;
        if (root.Name.LocalName != "ManagementPack" || root.Name.NamespaceName.Length != 0)
            throw At(root, $"root element is <{root.Name.LocalName}>, not <ManagementPack>");
        var manifest = root.Element("Manifest") ?? throw At(root, "no <Manifest>");
        var identity = manifest.Element("Identity") ?? throw At(manifest, "no <Manifest><Identity>");
        Id = Required(identity, "ID");
        var versionText = Required(identity, "Version");
        Version = ManagementPackIdentity.TryParseVersion(versionText, out var version)
            ? version
            : throw At(identity.Element("Version")!, $"version '{versionText}' is not a four-part version");
        Name = manifest.Element("Name")?.Value;
        SchemaVersion = root.Attribute("SchemaVersion")?.Value;
        References = [.. manifest.Element("References")?.Elements("Reference").Select(ReadReference) ?? []];

        var elements = new List<DocumentElement>();
        foreach (var section in root.Elements().Where(s => !NotElementSections.Contains(s.Name.LocalName)))
            CollectElements(section, elements);
        Elements = elements;
        byId = new Dictionary<string, DocumentElement>(StringComparer.Ordinal);
        foreach (var e in elements) byId.TryAdd(e.Id, e);
    }

    public XDocument Xml { get; }

    public string? FileName { get; }

    /// <summary>
    /// The text the pack was read from, when it was read from text (<see cref="Parse"/>, <see cref="Load(string)"/>):
    /// well-formed, as the reader proved, so that sealing it needs no second reading.
    /// </summary>
    public string? Text { get; }

    public string Id { get; }

    public Version Version { get; }

    public string? Name { get; }

    /// <summary>The root's SchemaVersion attribute ("2.0", "1.1"), or null for schema 1.0.</summary>
    public string? SchemaVersion { get; }

    public IReadOnlyList<DocumentReference> References { get; }

    /// <summary>Every element of the pack's ID space, in document order (duplicates included).</summary>
    public IReadOnlyList<DocumentElement> Elements { get; }

    public DocumentElement? Find(string id) => byId.GetValueOrDefault(id);

    public DocumentReference? Reference(string alias) => References.FirstOrDefault(r => r.Alias == alias);

    /// <summary>DisplayString elements of every language pack.</summary>
    public IEnumerable<XElement> DisplayStrings =>
        Xml.Root!.Element("LanguagePacks")?.Elements("LanguagePack").SelectMany(lp => lp.Element("DisplayStrings")?.Elements("DisplayString") ?? []) ?? [];

    /// <summary>The display name of an element in the default language, if any.</summary>
    public string? DisplayName(string elementId) =>
        DisplayStrings.FirstOrDefault(d => d.Attribute("ElementID")?.Value == elementId && d.Attribute("SubElementID") is null)?.Element("Name")?.Value;

    public static ManagementPackDocument Load(string path)
    {
        return Parse(ManagementPackText.ReadFile(path), path); // the one reader: see ManagementPackText
    }

    /// <summary>Reads a pack from a stream (to its end); the encoding comes from the BOM or declaration (UTF-8 or UTF-16).</summary>
    public static ManagementPackDocument Load(Stream stream, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var copy = new MemoryStream();
        stream.CopyTo(copy); // kept: lines are found by reading the text again
        var bytes = copy.GetBuffer();
        var length = (int)copy.Length;
        return Load(() => SafeXml.CreateReader(new MemoryStream(bytes, 0, length, writable: false)), fileName, null, length, () => TextOf(bytes.AsSpan(0, length)));
    }

    public static ManagementPackDocument Parse(string xml, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return Load(() => SafeXml.CreateReader(new StringReader(xml)), fileName, xml, xml.Length);
    }

    /// <summary>
    /// A pack over a tree loaded elsewhere (lines are its own line information, if it has any): how packs
    /// were read before <see cref="PackXmlTree"/>, kept for the tests and benchmarks that compare the two.
    /// </summary>
    internal static ManagementPackDocument FromTree(XDocument xml, string? fileName) => new(xml, fileName);

    /// <summary>
    /// Packs of at least this many characters (or bytes, read from a stream) are read on two threads when there is a second core:
    /// the parsing on one, the building of the tree on the other (<see cref="PackXmlTree.Load"/>). Below it, the
    /// hand-over costs more than it saves.
    /// </summary>
    internal const int TwoThreadsFrom = 1 << 20;

    /// <summary>The text of a pack's bytes, for finding the place of a refusal the parser gives without one (a DTD); null when they are not text.</summary>
    private static string? TextOf(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return ManagementPackText.Decode(bytes, null);
        }
        catch (KmpException)
        {
            return null;
        }
    }

    private static ManagementPackDocument Load(Func<XmlReader> open, string? fileName, string? text, long size, Func<string?>? decode = null)
    {
        XDocument xml;
        try
        {
            using var reader = open();
            var twoThreads = size >= TwoThreadsFrom && Environment.ProcessorCount > 1;
            xml = PackXmlTree.Load(reader, open, twoThreads ? PackXmlTree.Batch : 0);
        }
        catch (XmlException ex)
        {
            throw SafeXml.NotWellFormed(fileName, ex, text ?? (ex.LineNumber == 0 ? decode?.Invoke() : null));
        }
        return new ManagementPackDocument(xml, fileName, text);
    }

    /// <summary>
    /// The top-most elements with an ID attribute below a section are the pack's elements. Walked
    /// with an explicit stack (in document order), not by recursion; children are taken forwards
    /// (<see cref="XNode.PreviousNode"/> walks the whole sibling list, so going backwards through a
    /// section of 10,000 rules would be quadratic).
    /// </summary>
    private static void CollectElements(XElement container, List<DocumentElement> into)
    {
        var pending = new List<XElement> { container };
        while (pending.Count > 0)
        {
            var element = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            if (element != container && element.Attribute("ID") is { } id)
            {
                into.Add(new DocumentElement(element.Name.LocalName, id.Value, element.Attribute("Accessibility")?.Value, element));
                continue;
            }
            var first = pending.Count;
            for (var child = element.FirstNode; child is not null; child = child.NextNode)
                if (child is XElement e) pending.Add(e);
            pending.Reverse(first, pending.Count - first); // the first child on top
        }
    }

    private DocumentReference ReadReference(XElement r)
    {
        var alias = r.Attribute("Alias")?.Value ?? throw At(r, "a reference has no Alias");
        var id = Required(r, "ID");
        var versionText = Required(r, "Version");
        if (!ManagementPackIdentity.TryParseVersion(versionText, out var version))
            throw At(r, $"reference '{alias}' has version '{versionText}', not a four-part version");
        return new DocumentReference(alias, id, version, r.Element("PublicKeyToken")?.Value.Trim() ?? "", r);
    }

    private string Required(XElement parent, string name) =>
        parent.Element(name)?.Value.Trim() is { Length: > 0 } value ? value : throw At(parent, $"<{parent.Name.LocalName}> has no <{name}>");

    /// <summary>The line of a node of a pack's tree in its text (1-based), or 0 when it has none (a node added since, or of a tree without line information).</summary>
    public static int LineOf(XObject node) => PackXmlTree.PositionOf(node).Line;

    /// <summary>The line and column of a node of a pack's tree in its text (1-based), or (0, 0) as <see cref="LineOf"/> says.</summary>
    public static (int Line, int Column) PositionOf(XObject node) => PackXmlTree.PositionOf(node);

    private KmpException At(XObject node, string message)
    {
        var (line, column) = PackXmlTree.PositionOf(node);
        return KmpException.At(FileName, line, column, MessageText.OneLine(message)); // values quoted may hold line breaks
    }
}
