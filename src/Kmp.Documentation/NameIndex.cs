namespace Kmp.Documentation;

/// <summary>
/// The display names of the elements of a set of packs (the family, or the packs given with their
/// libraries): what the console shows for an element ID, which pack declares it, and its sub-elements'
/// names (monitor states). An element no pack of the set names is shown by its ID.
/// </summary>
public sealed class NameIndex
{
    private readonly Dictionary<string, (string PackId, string? Name, string? Description)> elements = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Element, string Sub), (string Name, string? Description)> subElements = [];

    /// <summary>The console's root of the Monitoring workspace, parent of every top-level folder.</summary>
    public const string MonitoringRoot = "Microsoft.SystemCenter.Monitoring.ViewFolder.Root";

    /// <summary>Declares that <paramref name="packId"/> holds the element (its name may come later, or never).</summary>
    public void Declare(string packId, string elementId)
    {
        if (!elements.ContainsKey(elementId)) elements[elementId] = (packId, null, null);
    }

    /// <summary>A display string of the default language.</summary>
    public void Name(string packId, string elementId, string? subElementId, string name, string? description)
    {
        if (subElementId is not null)
        {
            subElements.TryAdd((elementId, subElementId), (name, description));
            return;
        }
        if (elements.TryGetValue(elementId, out var known) && known.Name is not null) return; // the first pack that names it wins
        elements[elementId] = (known.PackId ?? packId, name, description);
    }

    /// <summary>The element with the ID (no alias); <paramref name="packOfAlias"/> is the pack the reference's alias names, when known.</summary>
    public ElementName Resolve(string id, string? packOfAlias = null)
    {
        if (elements.TryGetValue(id, out var e)) return new ElementName(id, e.Name ?? id, e.PackId);
        if (id == MonitoringRoot) return new ElementName(id, "Monitoring", packOfAlias);
        return new ElementName(id, id, packOfAlias);
    }

    public string? Description(string id) => elements.TryGetValue(id, out var e) ? e.Description : null;

    public (string Name, string? Description)? Sub(string elementId, string subElementId) =>
        subElements.TryGetValue((elementId, subElementId), out var s) ? s : null;

    /// <summary>True when a pack of the set declares the element (a link to it can be made).</summary>
    public bool Knows(string id) => elements.ContainsKey(id);
}
