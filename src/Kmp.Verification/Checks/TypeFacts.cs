using Kmp.ManagementPacks.Xml;

namespace Kmp.Verification.Checks;

/// <summary>An element together with the pack it belongs to (references in it resolve in that pack).</summary>
internal readonly record struct Owned(PackEntry Pack, DocumentElement Element)
{
    public string Id => Element.Id;
    public string Kind => Element.Kind;
    public string? Attribute(string name) => Element.Xml.Attribute(name)?.Value;
    public bool Flag(string name) => string.Equals(Attribute(name)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Facts about classes and relationships that take their base types into account, across packs.</summary>
internal static class TypeFacts
{
    public static readonly string[] ModuleTypeKinds = ["DataSourceModuleType", "ProbeActionModuleType", "ConditionDetectionModuleType", "WriteActionModuleType"];

    /// <summary>The module type kind a module element (DataSource, ProbeAction, …) must reference.</summary>
    public static string? ModuleTypeKindFor(string moduleElement) => moduleElement switch
    {
        "DataSource" => "DataSourceModuleType",
        "ProbeAction" => "ProbeActionModuleType",
        "ConditionDetection" => "ConditionDetectionModuleType",
        "WriteAction" => "WriteActionModuleType",
        _ => null,
    };

    public static Owned? Resolve(PackSet set, PackEntry from, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference)) return null;
        var r = set.Resolve(from, reference.Trim());
        return r.Found ? new Owned(r.Pack!, r.Element!) : null;
    }

    /// <summary>The class and its bases, most derived first (stops where a base cannot be resolved; cycle-safe).</summary>
    public static IEnumerable<Owned> Hierarchy(PackSet set, Owned type)
    {
        var seen = new HashSet<(string, string)>();
        Owned? current = type;
        while (current is { } c && seen.Add((c.Pack.Id, c.Id)))
        {
            yield return c;
            current = Resolve(set, c.Pack, c.Attribute("Base"));
        }
    }

    /// <summary>True when the hierarchy could be followed up to a type without a base (the root).</summary>
    public static bool HierarchyComplete(PackSet set, Owned type) =>
        set.Memo("complete", type.Element.Xml, null, () => string.IsNullOrWhiteSpace(Hierarchy(set, type).Last().Attribute("Base")));

    /// <summary>The class (or relationship) in the hierarchy that declares the property, if any.</summary>
    public static Owned? DeclaringType(PackSet set, Owned type, string propertyId) =>
        set.Memo("declares", type.Element.Xml, propertyId, () =>
            Hierarchy(set, type).Cast<Owned?>().FirstOrDefault(t => t!.Value.Element.Xml.Elements("Property").Any(p => p.Attribute("ID")?.Value == propertyId)));

    public static bool IsKey(System.Xml.Linq.XElement property) =>
        string.Equals(property.Attribute("Key")?.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the type or one of its bases declares a key property.</summary>
    public static bool HasKey(PackSet set, Owned type) =>
        Hierarchy(set, type).Any(t => t.Element.Xml.Elements("Property").Any(IsKey));

    /// <summary>True when <paramref name="type"/> is <paramref name="ancestor"/> or derives from it.</summary>
    public static bool DerivesFrom(PackSet set, Owned type, Owned ancestor) =>
        Hierarchy(set, type).Any(t => t.Pack.Id == ancestor.Pack.Id && t.Id == ancestor.Id);

    /// <summary>
    /// The hosting of <paramref name="type"/>: whether a concrete hosting relationship targets the class
    /// or a base, and its source class (null when that cannot be resolved). A hosting relationship lives
    /// in the pack of the class it hosts, so the packs of the hierarchy are searched.
    /// </summary>
    public static (bool Found, Owned? Host) Hosting(PackSet set, Owned type) =>
        set.Memo("hosting", type.Element.Xml, null, () => FindHosting(set, type));

    private static (bool Found, Owned? Host) FindHosting(PackSet set, Owned type)
    {
        var hierarchy = Hierarchy(set, type).ToList();
        var classes = hierarchy.Select(t => (t.Pack.Id, t.Id)).ToHashSet();
        foreach (var pack in hierarchy.Select(t => t.Pack).Distinct())
        {
            foreach (var relationship in pack.Document.Elements.Where(e => e.Kind == "RelationshipType"))
            {
                var r = new Owned(pack, relationship);
                if (r.Flag("Abstract") || !IsHosting(set, r)) continue;
                if (Resolve(set, pack, RelationshipEnd(r, "Target")) is { } target && classes.Contains((target.Pack.Id, target.Id)))
                    return (true, Resolve(set, pack, RelationshipEnd(r, "Source")));
            }
        }
        return (false, null);
    }

    /// <summary>True when the class or a base is Hosted="true".</summary>
    public static bool IsHosted(PackSet set, Owned type) => Hierarchy(set, type).Any(t => t.Flag("Hosted"));

    /// <summary>True for a relationship derived from System!System.Hosting.</summary>
    public static bool IsHosting(PackSet set, Owned relationship) =>
        Hierarchy(set, relationship).Any(t => t.Id == "System.Hosting" && t.Pack.Id == "System.Library");

    /// <summary>The type a relationship end refers to (schema 1.0 text or 2.0 Type attribute).</summary>
    public static string? RelationshipEnd(Owned relationship, string end)
    {
        var e = relationship.Element.Xml.Element(end);
        if (e is null) return null;
        return e.Attribute("Type")?.Value ?? (e.Value.Trim() is { Length: > 0 } text ? text : null);
    }
}
