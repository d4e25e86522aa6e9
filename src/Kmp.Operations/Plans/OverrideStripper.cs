using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Operations.Plans;

/// <summary>The result of stripping: the new XML, its version, and the IDs of the overrides taken out.</summary>
public sealed record StrippedPack(string Xml, Version Version, IReadOnlyList<string> RemovedOverrides);

/// <summary>
/// Takes out of a customer's unsealed pack what makes it depend on packs that are being removed:
/// the overrides whose target or context is in those packs, their display strings and knowledge,
/// and the manifest references; bumps the version so that the group accepts it as a new version.
/// Everything else stays. Elements other than overrides that use the packs (a customer rule
/// targeting a Kaspersky class, a view) are not deleted: the strip is refused and names them,
/// because removing them would lose the customer's work.
/// </summary>
public static partial class OverrideStripper
{
    public static Version Bump(Version version) =>
        new(version.Major, Math.Max(version.Minor, 0), Math.Max(version.Build, 0), Math.Max(version.Revision, 0) + 1);

    /// <exception cref="KmpRefusedException">A non-override element uses one of the packs.</exception>
    public static StrippedPack Strip(string xml, IReadOnlyCollection<string> removedPackIds, string? fileName = null)
    {
        var document = ManagementPackDocument.Parse(xml, fileName);
        var aliases = document.References.Where(r => removedPackIds.Contains(r.ManagementPackId)).Select(r => r.Alias).ToList();
        // With line information: a node that still uses the packs once the overrides are out is named by its place in the text.
        var tree = XDocument.Parse(xml, LoadOptions.PreserveWhitespace | LoadOptions.SetLineInfo);
        var root = tree.Root!;
        if (aliases.Count == 0) return new StrippedPack(xml, document.Version, []);

        var usesAlias = new Regex("(?<![A-Za-z0-9_.])(" + string.Join("|", aliases.Select(Regex.Escape)) + ")!", RegexOptions.CultureInvariant);
        bool Uses(XElement e) =>
            e.DescendantsAndSelf().Any(d => d.Attributes().Any(a => usesAlias.IsMatch(a.Value)) || d.Nodes().OfType<XText>().Any(t => usesAlias.IsMatch(t.Value)));

        var removed = new List<string>();
        var blockers = new List<string>();
        foreach (var element in document.Elements)
        {
            if (!Uses(element.Xml)) continue;
            if (element.Kind.EndsWith("Override", StringComparison.Ordinal)) removed.Add(element.Id);
            else blockers.Add($"{element.Kind} {element.Id} ({Place(ManagementPackDocument.PositionOf(element.Xml))})");
        }
        if (blockers.Count > 0)
        {
            throw new KmpRefusedException(
                $"{document.Id}: uses the packs being removed in more than overrides: {string.Join(", ", blockers)}; kmp strips only overrides, so edit this pack by hand or remove it");
        }

        var removedSet = removed.ToHashSet(StringComparer.Ordinal);
        foreach (var element in root.Descendants().Where(e => e.Attribute("ID") is { } id && removedSet.Contains(id.Value) && e.Name.LocalName.EndsWith("Override", StringComparison.Ordinal)).ToList())
            RemoveWithIndentation(element);
        var languagePacks = root.Element("LanguagePacks");
        if (languagePacks is not null)
        {
            foreach (var text in languagePacks.Descendants().Where(e => e.Name.LocalName is "DisplayString" or "KnowledgeArticle"
                         && e.Attribute("ElementID") is { } id && removedSet.Contains(id.Value)).ToList())
                RemoveWithIndentation(text);
        }
        foreach (var reference in root.Element("Manifest")!.Element("References")!.Elements("Reference")
                     .Where(r => aliases.Contains((string?)r.Attribute("Alias") ?? "")).ToList())
            RemoveWithIndentation(reference);
        var stillUsed = root.Descendants().FirstOrDefault(d => d.Attributes().Any(a => usesAlias.IsMatch(a.Value)) || d.Nodes().OfType<XText>().Any(t => usesAlias.IsMatch(t.Value)));
        if (stillUsed is not null)
        {
            throw new KmpRefusedException(
                $"{document.Id}: <{stillUsed.Name.LocalName}> at {Place(ManagementPackDocument.PositionOf(stillUsed))} still uses the packs being removed after their overrides were taken out; edit this pack by hand");
        }

        var version = Bump(document.Version);
        root.Element("Manifest")!.Element("Identity")!.Element("Version")!.Value = version.ToString(4);
        var result = Serialize(tree);
        ManagementPackDocument.Parse(result, fileName); // the result must still be a management pack
        return new StrippedPack(result, version, removed);
    }

    private static string Place((int Line, int Column) at) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {at.Line}, column {at.Column}");

    /// <summary>Containers that are dropped when stripping leaves them empty.</summary>
    private static readonly HashSet<string> Prunable = ["Overrides", "Monitoring", "DisplayStrings", "KnowledgeArticles", "LanguagePack", "LanguagePacks"];

    private static void RemoveWithIndentation(XElement element)
    {
        if (element.PreviousNode is XText { } whitespace && string.IsNullOrWhiteSpace(whitespace.Value)) whitespace.Remove();
        var parent = element.Parent;
        element.Remove();
        if (parent is not null && Prunable.Contains(parent.Name.LocalName) && !parent.HasElements) RemoveWithIndentation(parent);
    }

    private static string Serialize(XDocument tree)
    {
        var settings = new XmlWriterSettings { OmitXmlDeclaration = false, Indent = false, Encoding = new System.Text.UTF8Encoding(false) };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            tree.Save(writer);
        }
        return new System.Text.UTF8Encoding(false).GetString(stream.ToArray());
    }
}
