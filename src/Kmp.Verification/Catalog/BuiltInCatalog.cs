using System.Xml;
using System.Xml.Linq;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Verification.Catalog;

/// <summary>
/// The built-in catalog: a compact description of the Microsoft library packs kmp's packs reference
/// (System.Library, Microsoft.Windows.Library, System.Health.Library, Microsoft.SystemCenter.Library at
/// the 2007 R2 and 2012 versions; Microsoft.SystemCenter.DataWarehouse.Library and System.Performance.Library
/// at the 2012 versions only), so that <c>kmp verify</c> resolves references with no extra files.
/// Each library is kept as a trimmed pack: every element's ID, kind and accessibility; class and
/// relationship facts (base, flags, properties, ends); unit monitor type states; and, for the module,
/// monitor and view types the templates use (<see cref="DetailedTypes"/>), their configuration schema
/// with the schema types it includes. Implementations, scripts and texts are left out.
/// The committed file (Catalog/BuiltInCatalog.xml) is generated from the real library packs by
/// <see cref="Generate"/>; a test regenerates it from the corpus and compares.
/// </summary>
public static class BuiltInCatalog
{
    /// <summary>The key token of every pack in the catalog (Microsoft's).</summary>
    public const string KeyToken = LibraryPack.MicrosoftKeyToken;

    /// <summary>Attribute set on a module, monitor or view type whose configuration schema the catalog leaves out.</summary>
    internal const string OmittedAttribute = "CatalogOmitted";

    private const string ResourceName = "Kmp.Verification.Catalog.BuiltInCatalog.xml";

    /// <summary>
    /// Types whose configuration schema the catalog keeps (pack ID, type ID): what the templates and
    /// the family use, and their close relatives.
    /// </summary>
    public static IReadOnlyList<(string Pack, string Id)> DetailedTypes { get; } =
    [
        ("System.Library", "System.ExpressionFilter"),
        ("System.Library", "System.Scheduler"),
        ("System.Library", "System.SimpleScheduler"),
        ("System.Library", "System.Discovery.Scheduler"),
        ("System.Library", "System.Discovery.ClassSnapshotDataMapper"),
        ("System.Library", "System.Discovery.FilteredClassSnapshotDataMapper"),
        ("System.Library", "System.Discovery.RelationshipSnapshotDataMapper"),
        ("System.Library", "System.Event.GenericDataMapper"),
        ("System.Library", "System.ConsolidatorCondition"),
        ("System.Library", "System.PassThroughProbe"),
        ("System.Library", "System.CommandExecuter"),
        ("System.Library", "System.CommandExecuterProbe"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.FilteredRegistryDiscoveryProvider"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.RegistryDiscoveryProvider"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.RegistryProvider"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.RegistryProbe"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.EventProvider"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.BaseEventProvider"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.EventCollector"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.CheckNTServiceStateMonitorType"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.NTServiceStateProvider"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.Win32ServiceInformationProvider"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.Win32ServiceInformationProbe"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.TimedScript.PropertyBagProvider"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.TimedScript.EventProvider"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.TimedScript.DiscoveryProvider"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.TimedScript.TwoStateMonitorType"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.TimedScript.ThreeStateMonitorType"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.ScriptPropertyBagProbe"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.ScriptDiscoveryProbe"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.SingleEventLogManualReset2StateMonitorType"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.SingleEventLogTimer2StateMonitorType"),
        ("Microsoft.Windows.Library", "Microsoft.Windows.2SingleEventLog2StateMonitorType"),
        ("System.Health.Library", "System.Health.GenerateAlert"),
        ("Microsoft.SystemCenter.Library", "Microsoft.SystemCenter.CollectEvent"),
        ("Microsoft.SystemCenter.Library", "Microsoft.SystemCenter.CollectPerformanceData"),
        ("Microsoft.SystemCenter.Library", "Microsoft.SystemCenter.GroupPopulator"),
        ("Microsoft.SystemCenter.Library", "Microsoft.SystemCenter.AlertViewType"),
        ("Microsoft.SystemCenter.Library", "Microsoft.SystemCenter.StateViewType"),
        ("Microsoft.SystemCenter.Library", "Microsoft.SystemCenter.EventViewType"),
        ("Microsoft.SystemCenter.Library", "Microsoft.SystemCenter.PerformanceViewType"),
        ("Microsoft.SystemCenter.DataWarehouse.Library", "Microsoft.SystemCenter.DataWarehouse.PublishEventData"),
        ("Microsoft.SystemCenter.DataWarehouse.Library", "Microsoft.SystemCenter.DataWarehouse.PublishPerformanceData"),
        ("System.Performance.Library", "System.Performance.DataGenericMapper"),
    ];

    /// <summary>The library packs the catalog describes, by their path below the corpus folder.</summary>
    public static IReadOnlyList<string> SourceFiles { get; } =
    [
        "microsoft/System.Library.mp",
        "microsoft/Microsoft.Windows.Library.mp",
        "microsoft/System.Health.Library.mp",
        "microsoft/Microsoft.SystemCenter.Library.mp",
        "microsoft/7.x/System.Library.mp",
        "microsoft/7.x/Microsoft.Windows.Library.mp",
        "microsoft/7.x/System.Health.Library.mp",
        "microsoft/7.x/Microsoft.SystemCenter.Library.mp",
        // The data warehouse and performance libraries of 2012 R2 and 2012. Their 2007 R2 builds
        // (6.1.7221.0) are not available to generate from: a 2007 R2 reference resolves to these, the
        // oldest version at or above it. The elements the family uses from them (the publish write
        // actions, the generic performance mapper) are used by 2007-era packs at 6.x references too.
        "microsoft/7.x/Microsoft.SystemCenter.DataWarehouse.Library.mp",
        "microsoft/7.x/System.Performance.Library.mp",
    ];

    private static readonly Lazy<IReadOnlyList<ManagementPackDocument>> Packs = new(LoadEmbedded);

    /// <summary>The catalog's trimmed library packs.</summary>
    public static IReadOnlyList<ManagementPackDocument> Documents => Packs.Value;

    /// <summary>The text of the committed catalog (the embedded resource).</summary>
    public static string Text()
    {
        using var stream = typeof(BuiltInCatalog).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"resource {ResourceName} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IReadOnlyList<ManagementPackDocument> LoadEmbedded()
    {
        var catalog = XDocument.Parse(Text());
        return [.. catalog.Root!.Elements("ManagementPack").Select(p => ManagementPackDocument.Parse(p.ToString(SaveOptions.DisableFormatting), "built-in catalog"))];
    }

    /// <summary>
    /// Builds the catalog text from real library packs (all sealed with Microsoft's key). Deterministic:
    /// the same packs give the same text.
    /// </summary>
    public static string Generate(IEnumerable<ManagementPackDocument> libraries)
    {
        var packs = libraries.OrderBy(p => p.Id, StringComparer.Ordinal).ThenBy(p => p.Version).ToList();
        var detailed = Closure(packs);
        var root = new XElement("Catalog",
            new XComment(" Generated by kmp from the sealed Microsoft library packs (BuiltInCatalog.Generate); do not edit. "));
        foreach (var pack in packs) root.Add(Trim(pack, detailed));
        var settings = new XmlWriterSettings { Indent = true, IndentChars = " ", NewLineChars = "\n", OmitXmlDeclaration = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var text = new StringWriter();
        using (var writer = XmlWriter.Create(text, settings)) new XDocument(root).Save(writer);
        return text.ToString().ReplaceLineEndings("\n") + "\n";
    }

    internal const string XmlSchemaNamespace = "http://www.w3.org/2001/XMLSchema";

    /// <summary>The detailed types plus the schema types their configurations include, as (pack ID, element ID).</summary>
    private static HashSet<(string, string)> Closure(IReadOnlyList<ManagementPackDocument> packs)
    {
        var result = new HashSet<(string, string)>(DetailedTypes);
        var queue = new Queue<(string, string)>(DetailedTypes);
        while (queue.Count > 0)
        {
            var (packId, id) = queue.Dequeue();
            foreach (var pack in packs.Where(p => p.Id == packId))
            {
                var element = pack.Find(id);
                if (element is null) continue;
                foreach (var include in element.Xml.Element("Configuration")?.Element("IncludeSchemaTypes")?.Elements("SchemaType") ?? [])
                {
                    var reference = ElementReference.Parse(include.Value.Trim());
                    var owner = reference.IsLocal ? packId : pack.Reference(reference.Alias!)?.ManagementPackId;
                    if (owner is not null && result.Add((owner, reference.Id))) queue.Enqueue((owner, reference.Id));
                }
            }
        }
        return result;
    }

    private static XElement Trim(ManagementPackDocument pack, HashSet<(string, string)> detailed)
    {
        var source = pack.Xml.Root!;
        var result = new XElement("ManagementPack", new XAttribute("KeyToken", KeyToken), new XAttribute(XNamespace.Xmlns + "xsd", XmlSchemaNamespace));
        if (pack.SchemaVersion is { } schemaVersion) result.Add(new XAttribute("SchemaVersion", schemaVersion));
        result.Add(new XElement("Manifest",
            new XElement("Identity", new XElement("ID", pack.Id), new XElement("Version", pack.Version.ToString(4))),
            new XElement("References", pack.References.Select(r => new XElement("Reference", new XAttribute("Alias", r.Alias),
                new XElement("ID", r.ManagementPackId), new XElement("Version", r.Version.ToString(4)), new XElement("PublicKeyToken", r.PublicKeyToken))))));
        foreach (var section in source.Elements())
        {
            if (section.Name.LocalName is "Manifest" or "LanguagePacks") continue;
            var trimmed = TrimContainer(section, pack, detailed);
            if (trimmed is not null) result.Add(trimmed);
        }
        return result;
    }

    /// <summary>Keeps the containers down to the pack's elements, and each element trimmed.</summary>
    private static XElement? TrimContainer(XElement container, ManagementPackDocument pack, HashSet<(string, string)> detailed)
    {
        var copy = new XElement(container.Name.LocalName);
        foreach (var child in container.Elements())
        {
            if (child.Attribute("ID") is not null)
                copy.Add(TrimElement(child, pack, detailed));
            else if (TrimContainer(child, pack, detailed) is { } inner)
                copy.Add(inner);
        }
        return copy.HasElements ? copy : null;
    }

    private static readonly string[] KeptAttributes =
        ["ID", "Accessibility", "Abstract", "Base", "Hosted", "Singleton", "Target", "TypeID", "ParentMonitorID", "ParentFolder"];

    private static XElement TrimElement(XElement element, ManagementPackDocument pack, HashSet<(string, string)> detailed)
    {
        var kind = element.Name.LocalName;
        var id = element.Attribute("ID")!.Value;
        var copy = new XElement(kind, element.Attributes().Where(a => KeptAttributes.Contains(a.Name.LocalName)).Select(a => new XAttribute(a.Name.LocalName, a.Value)));
        switch (kind)
        {
            case "ClassType":
                foreach (var p in element.Elements("Property"))
                    copy.Add(new XElement("Property", p.Attributes().Where(a => a.Name.LocalName is "ID" or "Key").Select(a => new XAttribute(a))));
                break;
            case "RelationshipType":
                foreach (var end in element.Elements().Where(e => e.Name.LocalName is "Source" or "Target"))
                    copy.Add(new XElement(end.Name.LocalName, end.Attributes().Select(a => new XAttribute(a)), end.HasElements ? null : end.Value.Trim()));
                break;
            case "UnitMonitorType":
                copy.Add(new XElement("MonitorTypeStates", element.Element("MonitorTypeStates")?.Elements("MonitorTypeState")
                    .Select(s => new XElement("MonitorTypeState", new XAttribute("ID", s.Attribute("ID")?.Value ?? ""))) ?? []));
                AddConfiguration(element, copy, pack, detailed);
                break;
            case "DataSourceModuleType" or "ProbeActionModuleType" or "ConditionDetectionModuleType" or "WriteActionModuleType" or "ViewType":
                AddConfiguration(element, copy, pack, detailed);
                break;
            case "SchemaType":
                if (detailed.Contains((pack.Id, id)))
                {
                    foreach (var node in element.Nodes().OfType<XElement>()) copy.Add(WithNamespaces(node));
                }
                else
                {
                    copy.Add(new XAttribute(OmittedAttribute, "true"));
                }
                break;
        }
        return copy;
    }

    private static void AddConfiguration(XElement element, XElement copy, ManagementPackDocument pack, HashSet<(string, string)> detailed)
    {
        if (!detailed.Contains((pack.Id, element.Attribute("ID")!.Value)))
        {
            copy.Add(new XAttribute(OmittedAttribute, "true"));
            return;
        }
        if (element.Element("Configuration") is { } configuration) copy.Add(WithNamespaces(configuration));
        if (element.Element("OverrideableParameters") is { } overrideable)
            copy.Add(new XElement("OverrideableParameters", overrideable.Elements().Select(p => new XElement(p.Name.LocalName, p.Attributes().Select(a => new XAttribute(a))))));
    }

    /// <summary>A copy of an XSD fragment that declares every namespace prefix in scope where it stood (QName values use them).</summary>
    private static XElement WithNamespaces(XElement element)
    {
        var copy = new XElement(element);
        foreach (var comment in copy.DescendantNodes().OfType<XComment>().ToList()) comment.Remove();
        foreach (var annotation in copy.Descendants(XName.Get("annotation", XmlSchemaNamespace)).ToList()) annotation.Remove();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        for (var e = element; e is not null; e = e.Parent)
        {
            foreach (var a in e.Attributes().Where(a => a.IsNamespaceDeclaration))
            {
                var prefix = a.Name.Namespace == XNamespace.None ? "" : a.Name.LocalName;
                if (prefix.Length == 0 || !declared.Add(prefix)) continue;
                if (prefix == "xsd" && a.Value == XmlSchemaNamespace) continue; // declared on every catalog pack
                if (copy.Attribute(XNamespace.Xmlns + prefix) is null) copy.Add(new XAttribute(XNamespace.Xmlns + prefix, a.Value));
            }
        }
        return copy;
    }
}
