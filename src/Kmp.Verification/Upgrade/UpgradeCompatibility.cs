using System.Text;
using System.Xml.Linq;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Verification.Upgrade;

public enum ChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>An element (or manifest reference) added, removed or changed between two versions of a pack.</summary>
public sealed record ElementChange(ChangeKind Change, string Kind, string Id, string? Detail = null)
{
    public override string ToString() =>
        $"{(Change switch { ChangeKind.Added => "+", ChangeKind.Removed => "-", _ => "~" })} {Kind} {Id}{(Detail is null ? "" : ": " + Detail)}";
}

/// <summary>Why a new version cannot be imported over the old one.</summary>
public sealed record Incompatibility(FindingCode Code, string? ElementId, string Reason)
{
    public override string ToString() => $"{Code.Code}: {(ElementId is null ? "" : ElementId + ": ")}{Reason}";
}

/// <summary>
/// The difference between two versions of one pack and the upgrade verdict: SCOM imports a new
/// version of a sealed pack over the old one only when it is upgrade compatible.
/// For unsealed packs SCOM does not enforce it
/// (<see cref="Enforced"/> is false), but the verdict still says what would break.
/// </summary>
public sealed record DiffResult(
    string ManagementPackId,
    Version OldVersion,
    Version NewVersion,
    string? OldKeyToken,
    string? NewKeyToken,
    IReadOnlyList<ElementChange> Changes,
    IReadOnlyList<Incompatibility> Incompatibilities,
    IReadOnlyList<string> Notes)
{
    public bool IsCompatible => Incompatibilities.Count == 0;

    /// <summary>True when SCOM enforces the verdict: the installed (old) pack is sealed.</summary>
    public bool Enforced => OldKeyToken is not null;
}

/// <summary>The upgrade check of a whole family against the packs of a baseline folder.</summary>
public sealed record FamilyUpgradeCheck(IReadOnlyList<DiffResult> Packs, IReadOnlyList<string> NewPacks, IReadOnlyList<string> DroppedPacks)
{
    public bool IsCompatible => Packs.All(p => p.IsCompatible);
}

/// <summary>
/// Element-level comparison of two versions of a pack and the upgrade-compatibility rules: the version
/// must be higher and the key token the same; a public element must not disappear, change kind or
/// become internal; a public class keeps its base, its hosted, abstract and singleton flags, its key
/// properties and every property (new non-key properties are fine); a public relationship keeps its
/// base and ends; a public unit monitor type keeps its states.
/// </summary>
public static class UpgradeCompatibility
{
    /// <summary>
    /// Compares two versions of a pack. Base classes in other packs are resolved in
    /// <paramref name="references"/> (default: the built-in catalog) to tell an inserted base class
    /// (compatible: the old base is still an ancestor) from a replaced one.
    /// </summary>
    public static DiffResult Compare(ManagementPackDocument old, ManagementPackDocument @new, string? oldKeyToken = null, string? newKeyToken = null,
        ReferenceLibrary? references = null)
    {
        var library = references ?? ReferenceLibrary.BuiltIn;
        return Compare(old, @new, oldKeyToken, newKeyToken, Set(old, library), Set(@new, library));
    }

    private static PackSet Set(ManagementPackDocument pack, ReferenceLibrary library) =>
        new([new PackEntry(pack, pack.FileName, PackOrigin.Input, isSealed: true, keyToken: null)], library);

    private static DiffResult Compare(ManagementPackDocument old, ManagementPackDocument @new, string? oldKeyToken, string? newKeyToken, PackSet oldSet, PackSet newSet)
    {
        if (!string.Equals(old.Id, @new.Id, StringComparison.Ordinal))
            throw new KmpException($"kmp diff: {old.FileName ?? old.Id} is {old.Id} and {@new.FileName ?? @new.Id} is {@new.Id}; compare two versions of one pack");
        var changes = new List<ElementChange>();
        var problems = new List<Incompatibility>();
        var notes = new List<string>();
        var sides = new Sides(oldSet, oldSet.Input(old.Id)!, newSet, newSet.Input(@new.Id)!, notes);

        if (@new.Version <= old.Version)
            problems.Add(new(Codes.VersionNotHigher, null, $"version {@new.Version} is not higher than {old.Version}; SCOM does not install a sealed pack over the same or a newer version"));
        if (oldKeyToken is not null && newKeyToken is not null && !string.Equals(oldKeyToken, newKeyToken, StringComparison.OrdinalIgnoreCase))
            problems.Add(new(Codes.KeyTokenChanged, null, $"key token changed from {oldKeyToken} to {newKeyToken}: it is another pack to SCOM, and packs that reference the old token no longer resolve"));

        CompareReferences(old, @new, changes);

        var oldElements = Index(old);
        var newElements = Index(@new);
        foreach (var (id, o) in oldElements)
        {
            if (!newElements.TryGetValue(id, out var n))
            {
                changes.Add(new(ChangeKind.Removed, o.Kind, id));
                if (IsPublic(o)) problems.Add(new(Codes.PublicElementRemoved, id, $"public {o.Kind} removed"));
                continue;
            }
            var before = problems.Count;
            if (IsPublic(o)) CompareEnforced(o, n, problems, sides);
            if (!Canonical(o.Xml).Equals(Canonical(n.Xml), StringComparison.Ordinal))
            {
                var reasons = problems.Skip(before).Select(p => p.Reason).ToList();
                changes.Add(new(ChangeKind.Changed, n.Kind, id, reasons.Count > 0 ? string.Join("; ", reasons) : null));
            }
        }
        foreach (var (id, n) in newElements)
        {
            if (!oldElements.ContainsKey(id)) changes.Add(new(ChangeKind.Added, n.Kind, id));
        }
        return new DiffResult(old.Id, old.Version, @new.Version, oldKeyToken, newKeyToken, changes, problems, notes);
    }

    /// <summary>Compares two pack files' inputs (XML or sealed); the key tokens of sealed inputs take part.</summary>
    public static DiffResult Compare(PackInput old, PackInput @new, ReferenceLibrary? references = null) =>
        Compare(old.Document, @new.Document, old.KeyToken, @new.KeyToken, references);

    /// <summary>Both sides of a comparison, to resolve base types in their own context.</summary>
    private sealed record Sides(PackSet OldSet, PackEntry OldPack, PackSet NewSet, PackEntry NewPack, List<string> Notes);

    /// <summary>
    /// Checks a new family (sealed with <paramref name="newKeyToken"/>) against the packs in a baseline
    /// folder (the released <c>.mp</c> files, or their XML): every pack with a baseline must be upgrade
    /// compatible with it.
    /// </summary>
    /// <exception cref="KmpException">The folder does not exist or holds a file that is not a pack.</exception>
    public static FamilyUpgradeCheck CheckFamily(IEnumerable<ManagementPackDocument> newPacks, string newKeyToken, string baselineDirectory)
    {
        if (!Directory.Exists(baselineDirectory)) throw new KmpException(SourceLocation.Format(baselineDirectory) + "baseline folder not found");
        var baseline = new Dictionary<string, PackInput>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(baselineDirectory).Where(f => Path.GetExtension(f).ToLowerInvariant() is ".mp" or ".xml").Order(StringComparer.Ordinal))
        {
            var input = PackInput.Load(file);
            // the sealed file carries the key token: it wins over the XML of the same pack
            if (!baseline.TryGetValue(input.Id, out var existing) || (!existing.IsSealed && input.IsSealed)) baseline[input.Id] = input;
        }
        var family = newPacks.ToList();
        var library = ReferenceLibrary.BuiltIn;
        var newSet = new PackSet(family.Select(p => new PackEntry(p, p.FileName, PackOrigin.Input, isSealed: true, newKeyToken)), library);
        var oldSet = new PackSet(baseline.Values.Select(p => new PackEntry(p.Document, p.File, PackOrigin.Input, isSealed: true, p.KeyToken)), library);
        var results = new List<DiffResult>();
        var added = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pack in family)
        {
            seen.Add(pack.Id);
            if (baseline.TryGetValue(pack.Id, out var old)) results.Add(Compare(old.Document, pack, old.KeyToken, newKeyToken, oldSet, newSet));
            else added.Add(pack.Id);
        }
        return new FamilyUpgradeCheck(results, added, [.. baseline.Keys.Where(id => !seen.Contains(id)).Order(StringComparer.Ordinal)]);
    }

    private static Dictionary<string, DocumentElement> Index(ManagementPackDocument doc)
    {
        var index = new Dictionary<string, DocumentElement>(StringComparer.Ordinal);
        foreach (var e in doc.Elements) index.TryAdd(e.Id, e);
        return index;
    }

    /// <summary>Only elements the pack makes public are bound by compatibility (internal ones may change freely).</summary>
    private static bool IsPublic(DocumentElement e) => string.Equals(e.Accessibility, "Public", StringComparison.Ordinal);

    private static void CompareEnforced(DocumentElement o, DocumentElement n, List<Incompatibility> problems, Sides sides)
    {
        var id = o.Id;
        if (o.Kind != n.Kind)
        {
            problems.Add(new(Codes.KindChanged, id, $"was a {o.Kind}, is a {n.Kind}"));
            return;
        }
        if (!string.Equals(n.Accessibility, "Public", StringComparison.Ordinal))
            problems.Add(new(Codes.MadeInternal, id, $"public {o.Kind} made {n.Accessibility ?? "non-public"}"));
        switch (o.Kind)
        {
            case "ClassType":
                SameBase(o, n, "base class", problems, sides);
                foreach (var flag in new[] { "Hosted", "Abstract", "Singleton" })
                {
                    if (Flag(o, flag) != Flag(n, flag))
                        problems.Add(new(Codes.HostingChanged, id, $"{flag} changed from {Flag(o, flag).ToString().ToLowerInvariant()} to {Flag(n, flag).ToString().ToLowerInvariant()}"));
                }
                CompareProperties(o, n, problems);
                break;
            case "RelationshipType":
                SameBase(o, n, "base relationship", problems, sides);
                foreach (var end in new[] { "Source", "Target" })
                {
                    var before = End(o, end);
                    var after = End(n, end);
                    if (!string.Equals(before, after, StringComparison.Ordinal))
                        problems.Add(new(Codes.RelationshipEndChanged, id, $"{end} changed from {before} to {after}"));
                }
                CompareProperties(o, n, problems);
                break;
            case "UnitMonitorType":
                var newStates = States(n).ToHashSet(StringComparer.Ordinal);
                foreach (var state in States(o).Where(s => !newStates.Contains(s)))
                    problems.Add(new(Codes.MonitorTypeStateRemoved, id, $"monitor type state '{state}' removed; monitors of other packs map their states to it"));
                break;
        }
    }

    private static void CompareProperties(DocumentElement o, DocumentElement n, List<Incompatibility> problems)
    {
        var newProperties = n.Xml.Elements("Property").ToDictionary(p => p.Attribute("ID")?.Value ?? "", StringComparer.Ordinal);
        var oldIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in o.Xml.Elements("Property"))
        {
            var pid = p.Attribute("ID")?.Value ?? "";
            oldIds.Add(pid);
            if (!newProperties.TryGetValue(pid, out var q))
            {
                problems.Add(new(Codes.ClassPropertyRemoved, o.Id, $"property '{pid}' removed"));
                continue;
            }
            if (IsKey(p) != IsKey(q))
                problems.Add(new(Codes.KeyPropertyChanged, o.Id, $"property '{pid}': Key changed from {IsKey(p).ToString().ToLowerInvariant()} to {IsKey(q).ToString().ToLowerInvariant()}"));
            var before = p.Attribute("Type")?.Value;
            var after = q.Attribute("Type")?.Value;
            if (!string.Equals(before, after, StringComparison.OrdinalIgnoreCase))
                problems.Add(new(Codes.PropertyTypeChanged, o.Id, $"property '{pid}': type changed from {before} to {after}"));
        }
        foreach (var (pid, q) in newProperties)
        {
            if (!oldIds.Contains(pid) && IsKey(q)) problems.Add(new(Codes.KeyPropertyChanged, o.Id, $"key property '{pid}' added"));
        }
    }

    private static void CompareReferences(ManagementPackDocument old, ManagementPackDocument @new, List<ElementChange> changes)
    {
        var before = old.References.GroupBy(r => r.ManagementPackId).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var after = @new.References.GroupBy(r => r.ManagementPackId).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var (id, r) in before)
        {
            if (!after.TryGetValue(id, out var s)) changes.Add(new(ChangeKind.Removed, "Reference", id));
            else if (r.Version != s.Version || !string.Equals(r.PublicKeyToken, s.PublicKeyToken, StringComparison.OrdinalIgnoreCase))
                changes.Add(new(ChangeKind.Changed, "Reference", id, $"{r.Version} {r.PublicKeyToken} -> {s.Version} {s.PublicKeyToken}"));
        }
        foreach (var id in after.Keys.Where(id => !before.ContainsKey(id))) changes.Add(new(ChangeKind.Added, "Reference", id));
    }

    /// <summary>
    /// A new base is fine when the old base is still an ancestor (a class inserted into the hierarchy,
    /// as Microsoft's own library upgrades do); otherwise the type changed.
    /// </summary>
    private static void SameBase(DocumentElement o, DocumentElement n, string what, List<Incompatibility> problems, Sides sides)
    {
        var before = o.Attribute("Base");
        var after = n.Attribute("Base");
        if (string.Equals(before, after, StringComparison.Ordinal)) return;
        var changed = $"{what} changed from {before ?? "(none)"} to {after ?? "(none)"}";
        if (before is null || after is null)
        {
            problems.Add(new(Codes.BaseChanged, o.Id, changed));
            return;
        }
        var oldBase = sides.OldSet.Resolve(sides.OldPack, before);
        var newBase = Checks.TypeFacts.Resolve(sides.NewSet, sides.NewPack, after);
        if (newBase is { } nb)
        {
            var ancestors = Checks.TypeFacts.Hierarchy(sides.NewSet, nb).ToList();
            var oldKey = oldBase.Found ? (oldBase.Pack!.Id, oldBase.Element!.Id) : (PackOf(sides.OldSet, sides.OldPack, before), IdOf(before));
            if (ancestors.Any(a => a.Pack.Id == oldKey.Item1 && a.Id == oldKey.Item2)) return;
            if (Checks.TypeFacts.HierarchyComplete(sides.NewSet, nb))
            {
                problems.Add(new(Codes.BaseChanged, o.Id, changed + $" ({before} is not an ancestor of {after})"));
                return;
            }
        }
        sides.Notes.Add($"{o.Id}: {changed}; whether {before} is still an ancestor cannot be told (a pack of its hierarchy is not available)");
    }

    private static string PackOf(PackSet set, PackEntry pack, string reference)
    {
        var bang = reference.IndexOf('!', StringComparison.Ordinal);
        if (bang < 0) return pack.Id;
        return set.Aliases(pack).TryGetValue(reference[..bang], out var target) ? target.Reference.ManagementPackId : reference[..bang];
    }

    private static string IdOf(string reference) => reference[(reference.IndexOf('!', StringComparison.Ordinal) + 1)..];

    private static bool Flag(DocumentElement e, string name) => string.Equals(e.Attribute(name)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static bool IsKey(XElement property) => string.Equals(property.Attribute("Key")?.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static string? End(DocumentElement relationship, string end)
    {
        var e = relationship.Xml.Element(end);
        return e?.Attribute("Type")?.Value ?? e?.Value.Trim();
    }

    private static IEnumerable<string> States(DocumentElement type) =>
        type.Xml.Element("MonitorTypeStates")?.Elements("MonitorTypeState").Select(s => s.Attribute("ID")?.Value).OfType<string>() ?? [];

    /// <summary>A text form that ignores attribute order, comments and layout whitespace.</summary>
    private static string Canonical(XElement element)
    {
        var text = new StringBuilder();
        Write(element, text);
        return text.ToString();

        static void Write(XElement e, StringBuilder text)
        {
            text.Append('<').Append(e.Name.ToString());
            foreach (var a in e.Attributes().Where(a => !a.IsNamespaceDeclaration).OrderBy(a => a.Name.ToString(), StringComparer.Ordinal))
                text.Append(' ').Append(a.Name.ToString()).Append("=\"").Append(a.Value).Append('"');
            text.Append('>');
            foreach (var node in e.Nodes())
            {
                switch (node)
                {
                    case XElement child:
                        Write(child, text);
                        break;
                    case XText t when !string.IsNullOrWhiteSpace(t.Value) || t is XCData:
                        text.Append(t.Value.Trim());
                        break;
                }
            }
            text.Append("</>");
        }
    }
}
