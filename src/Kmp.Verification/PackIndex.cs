using System.Xml.Linq;
using Kmp.ManagementPacks.Xml;
using Kmp.Verification.Checks;

namespace Kmp.Verification;

/// <summary>
/// What several checks look for deep inside a pack, gathered in one pass over its XML (all sections
/// but the language packs) instead of a walk over every element's descendants per check: the IDs
/// used anywhere, and per pack element its modules, XPathQuery elements and texts holding
/// <c>$Target/</c>, each in document order.
/// </summary>
internal sealed class PackIndex
{
    private static readonly ElementContents Empty = new();
    private readonly Dictionary<XElement, ElementContents> byElement = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> ids = new(StringComparer.Ordinal);

    public PackIndex(ManagementPackDocument document)
    {
        foreach (var element in document.Elements) byElement[element.Xml] = new ElementContents();
        foreach (var section in document.Xml.Root!.Elements())
        {
            if (section.Name.LocalName == "LanguagePacks") continue;
            foreach (var child in section.Elements()) Visit(child, byElement.GetValueOrDefault(child));
        }
    }

    /// <summary>Nothing: what a piece of work that only builds the index calls.</summary>
    public void Touch()
    {
    }

    /// <summary>Every ID attribute value below the sections other than LanguagePacks (display strings may name nested IDs).</summary>
    public IReadOnlySet<string> Ids => ids;

    /// <summary>Module elements (DataSource, ProbeAction, ConditionDetection, WriteAction with ID and TypeID) inside a pack element.</summary>
    public IReadOnlyList<XElement> Modules(XElement element) => Of(element).Modules;

    /// <summary>The XPathQuery elements (no namespace) inside a pack element.</summary>
    public IReadOnlyList<XElement> XPathQueries(XElement element) => Of(element).XPathQueries;

    /// <summary>The texts inside a pack element that hold <c>$Target/</c>.</summary>
    public IReadOnlyList<XText> TargetTexts(XElement element) => Of(element).TargetTexts;

    private ElementContents Of(XElement element) => byElement.GetValueOrDefault(element) ?? Empty;

    /// <summary>
    /// Indexes <paramref name="top"/> and its subtree; <paramref name="topOwner"/> collects for the pack
    /// element it is in. An explicit stack in document order, not recursion.
    /// </summary>
    private void Visit(XElement top, ElementContents? topOwner)
    {
        var pending = new List<(XNode Node, ElementContents? Owner)> { (top, topOwner) };
        while (pending.Count > 0)
        {
            var (node, owner) = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            switch (node)
            {
                case XElement element:
                    if (element != top && owner is not null)
                    {
                        if (IsModule(element)) owner.Modules.Add(element);
                        if (element.Name.LocalName == "XPathQuery" && element.Name.Namespace == XNamespace.None) owner.XPathQueries.Add(element);
                    }
                    if (element.Attribute("ID") is { } id) ids.Add(id.Value);
                    // forwards, then reversed so that the first child is on top: PreviousNode walks the
                    // whole sibling list, so going backwards would be quadratic in a section's size
                    var first = pending.Count;
                    for (var child = element.FirstNode; child is not null; child = child.NextNode)
                        pending.Add((child, child is XElement e ? owner ?? byElement.GetValueOrDefault(e) : owner));
                    pending.Reverse(first, pending.Count - first);
                    break;
                case XText text when owner is not null && text.Value.Contains("$Target/", StringComparison.Ordinal):
                    owner.TargetTexts.Add(text);
                    break;
            }
        }
    }

    private static bool IsModule(XElement e) =>
        TypeFacts.ModuleTypeKindFor(e.Name.LocalName) is not null
        && e.Attribute("TypeID") is not null && e.Attribute("ID") is not null
        && e.Parent?.Name.LocalName is "DataSources" or "WriteActions" or "MemberModules" or "Discovery" or "Rule" or "Task" or "Diagnostic" or "Recovery";

    private sealed class ElementContents
    {
        public List<XElement> Modules { get; } = [];
        public List<XElement> XPathQueries { get; } = [];
        public List<XText> TargetTexts { get; } = [];
    }
}
