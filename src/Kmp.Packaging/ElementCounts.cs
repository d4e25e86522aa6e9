using System.Xml;
using Kmp.ManagementPacks;

namespace Kmp.Packaging;

/// <summary>
/// How many elements of each kind a management pack defines, for <c>kmp inspect</c>: a plain count by
/// element name in the XML (references, classes, relationships, module types, discoveries, rules,
/// monitors, tasks, views, folders, knowledge articles, reports, display strings).
/// </summary>
public static class ElementCounts
{
    /// <summary>The kinds counted, in the order a pack declares them, with the element names that make each one.</summary>
    private static readonly (string Kind, string[] Elements)[] Kinds =
    [
        ("references", ["Reference"]),
        ("classes", ["ClassType"]),
        ("relationships", ["RelationshipType"]),
        ("module types", ["DataSourceModuleType", "ProbeActionModuleType", "ConditionDetectionModuleType", "WriteActionModuleType"]),
        ("monitor types", ["UnitMonitorType"]),
        ("discoveries", ["Discovery"]),
        ("rules", ["Rule"]),
        ("monitors", ["UnitMonitor", "AggregateMonitor", "DependencyMonitor"]),
        ("overrides", ["MonitorPropertyOverride", "RulePropertyOverride", "DiscoveryPropertyOverride", "MonitorConfigurationOverride", "RuleConfigurationOverride", "DiscoveryConfigurationOverride", "CategoryOverride"]),
        ("tasks", ["Task", "ConsoleTask"]),
        ("views", ["View"]),
        ("folders", ["Folder"]),
        ("knowledge articles", ["KnowledgeArticle"]),
        ("reports", ["Report", "LinkedReport"]),
        ("display strings", ["DisplayString"]),
    ];

    /// <summary>Counts per kind, every kind listed (zero when absent).</summary>
    /// <exception cref="KmpException">The XML is not well-formed.</exception>
    public static IReadOnlyList<KeyValuePair<string, int>> Count(string xml, string? fileName = null)
    {
        var byElement = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, elements) in Kinds)
            foreach (var element in elements) byElement[element] = 0;
        using var text = new StringReader(xml);
        using var reader = SafeXml.CreateReader(text);
        try
        {
            // Count only definitions: elements that carry an ID (Alias for a reference, ElementID for a display string).
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || !byElement.TryGetValue(reader.LocalName, out var count)) continue;
                if (reader.GetAttribute("ID") is not null || reader.GetAttribute("Alias") is not null || reader.GetAttribute("ElementID") is not null) byElement[reader.LocalName] = count + 1;
            }
        }
        catch (XmlException ex)
        {
            throw SafeXml.NotWellFormed(fileName, ex, xml);
        }
        return Kinds.Select(k => new KeyValuePair<string, int>(k.Kind, k.Elements.Sum(e => byElement[e]))).ToList();
    }
}
