namespace Kmp.Documentation;

/// <summary>
/// Which page of the site documents each element of the guides, and the link to its anchor there: the first
/// page that documents an element keeps it. Both sites (the family's and any packs') fill it the same way.
/// </summary>
internal sealed class SiteLinks
{
    private readonly Dictionary<(string Prefix, string Id), string> pages = [];

    /// <summary>Every element the guide documents, on <paramref name="page"/>.</summary>
    public void Add(PackGuide g, string page)
    {
        void Add(string prefix, IEnumerable<string> ids) { foreach (var id in ids) pages.TryAdd((prefix, id), page); }
        Add(PackSections.Pack, [g.Id]);
        Add(PackSections.Class, g.Classes.Select(x => x.Id));
        Add(PackSections.Discovery, g.Discoveries.Select(x => x.Id));
        Add(PackSections.Monitor, g.Monitors.Select(x => x.Id));
        Add(PackSections.Rule, g.Rules.Select(x => x.Id));
        Add(PackSections.Alert, g.Alerts.Select(x => x.Anchor));
        Add(PackSections.Task, g.Tasks.Select(x => x.Id));
        Add(PackSections.View, g.Views.Select(x => x.Id));
    }

    /// <summary>The link to the element's anchor, or null where no page of the site documents it.</summary>
    public string? Link(ElementName e, string prefix) =>
        pages.TryGetValue((prefix, e.Id), out var page) ? page + "#" + SiteLayout.Anchor(prefix, e.Id) : null;
}
