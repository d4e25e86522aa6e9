using System.Xml;
using System.Xml.Linq;

namespace Kmp.ManagementPacks.Xml;

/// <summary>A manifest reference as read from a pack.</summary>
public sealed record DocumentReference(string Alias, string ManagementPackId, Version Version, string PublicKeyToken, int Line);

/// <summary>
/// An element of a pack as read from its XML: its kind (the XML element name: ClassType, Rule,
/// UnitMonitor, View, …), ID, accessibility and the XML itself, with its line.
/// </summary>
public sealed record DocumentElement(string Kind, string Id, string? Accessibility, XElement Xml, int Line)
{
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
/// kept, with line numbers, for checks that look deeper.
/// </summary>
public sealed class ManagementPackDocument
{
    /// <summary>Sections whose ID-bearing descendants are not elements of the pack's ID space.</summary>
    private static readonly HashSet<string> NotElementSections = ["Manifest", "LanguagePacks"];

    private readonly Dictionary<string, DocumentElement> byId;

    private ManagementPackDocument(XDocument xml, string? fileName)
    {
        Xml = xml;
        FileName = fileName;
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

    /// <summary>Reads a pack from a stream; the encoding comes from the BOM or declaration (UTF-8 or UTF-16).</summary>
    public static ManagementPackDocument Load(Stream stream, string? fileName)
    {
        using var reader = SafeXml.CreateReader(stream);
        return Load(reader, fileName, null);
    }

    public static ManagementPackDocument Parse(string xml, string? fileName = null)
    {
        using var text = new StringReader(xml);
        using var reader = SafeXml.CreateReader(text);
        return Load(reader, fileName, xml);
    }

    private static ManagementPackDocument Load(XmlReader reader, string? fileName, string? text)
    {
        XDocument xml;
        try
        {
            xml = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw SafeXml.NotWellFormed(fileName, ex, text);
        }
        return new ManagementPackDocument(xml, fileName);
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
                into.Add(new DocumentElement(element.Name.LocalName, id.Value, element.Attribute("Accessibility")?.Value, element, LineOf(element)));
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
        return new DocumentReference(alias, id, version, r.Element("PublicKeyToken")?.Value.Trim() ?? "", LineOf(r));
    }

    private string Required(XElement parent, string name) =>
        parent.Element(name)?.Value.Trim() is { Length: > 0 } value ? value : throw At(parent, $"<{parent.Name.LocalName}> has no <{name}>");

    public static int LineOf(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    private KmpException At(XObject node, string message) =>
        KmpException.At(FileName, LineOf(node), node is IXmlLineInfo i ? i.LinePosition : 0, MessageText.OneLine(message)); // values quoted may hold line breaks
}
