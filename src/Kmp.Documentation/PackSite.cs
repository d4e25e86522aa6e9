using Kmp.ManagementPacks.Xml;

namespace Kmp.Documentation;

/// <summary>A pack file to document: its XML, the file and, for a sealed pack, its key token.</summary>
public sealed record PackFile(ManagementPackDocument Document, string? File, string? KeyToken, bool Sealed);

/// <summary>
/// The guide of any packs given as files (a vendor's pack before it is imported): an index and a page per
/// pack with its display strings, knowledge and structure; references resolved into the libraries given.
/// </summary>
public static class PackSite
{
    /// <summary>The page of pack <paramref name="id"/> where no other pack's ID differs from it only in case (<see cref="PageNames"/>).</summary>
    public static string PackPage(string id) => SiteLayout.FileName(PagePrefix, id);

    private const string PagePrefix = "pack";

    public static DocumentationSite Render(IReadOnlyList<PackFile> packs, IReadOnlyList<ManagementPackDocument> libraries)
    {
        var names = new NameIndex();
        foreach (var p in packs) XmlPackReader.Index(p.Document, names);
        foreach (var l in libraries) XmlPackReader.Index(l, names);
        var parameters = new ParameterCatalog();
        foreach (var d in packs.Select(p => p.Document).Concat(libraries)) parameters.Add(d);
        var guides = packs.DistinctBy(p => p.Document.Id).Select(p => XmlPackReader.Read(p.Document, names, parameters, p.File, p.KeyToken)).ToList();

        var pageNames = new PageNames([DocumentationSite.IndexPage], guides.Select(g => (PagePrefix, g.Id)));
        string PackPage(string id) => pageNames[PagePrefix, id];
        var links = new SiteLinks();
        foreach (var g in guides) links.Add(g, PackPage(g.Id));

        var navigation = new List<(string, string)> { (DocumentationSite.IndexPage, "Management packs") };
        navigation.AddRange(guides.Select(g => (PackPage(g.Id), g.Id)));
        var facts = new Dictionary<string, FactNote>();
        var pages = new List<SitePage>
        {
            new(DocumentationSite.IndexPage, SiteLayout.Page("Management pack guide", navigation, h =>
            {
                h.Element("h1", "Management pack guide");
                h.Element("p", "What each pack discovers, monitors, alerts on and shows in the console, read from the pack itself by kmp docs.", ("class", "lead"));
                h.Open("table").Open("thead").Open("tr").Element("th", "Pack").Element("th", "Version").Element("th", "Sealed").Element("th", "Discoveries")
                    .Element("th", "Monitors").Element("th", "Rules").Element("th", "Alerts").Element("th", "Views").Close().Close().Open("tbody");
                foreach (var g in guides)
                {
                    string N(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    h.Open("tr", ("data-kind", "pack")).Open("td").Link(PackPage(g.Id), g.Name).Element("div", g.Id, ("class", "id")).Close()
                        .Element("td", g.Version).Element("td", g.KeyToken is null ? "no" : "key token " + g.KeyToken)
                        .Element("td", N(g.Discoveries.Count)).Element("td", N(g.Monitors.Count)).Element("td", N(g.Rules.Count))
                        .Element("td", N(g.Alerts.Count)).Element("td", N(g.Views.Count)).Close();
                }
                h.Close().Close();
                var unresolved = guides.SelectMany(g => g.References).Where(r => !r.Resolved).Select(r => r.PackId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                if (unresolved.Count > 0)
                    h.Element("p", $"Not given (their elements are shown by ID; give their folder with --references): {string.Join(", ", unresolved)}.", ("class", "note"));
            })),
        };
        foreach (var g in guides)
        {
            pages.Add(new(PackPage(g.Id), SiteLayout.Page($"{g.Name} — management pack guide", navigation, h =>
            {
                h.Element("h1", g.Name);
                if (g.Source is not null) h.Element("p", "Read from " + Path.GetFileName(g.Source), ("class", "note"));
                var s = new PackSections(h, links.Link, facts);
                h.Element("h2", "Console folders");
                s.FolderTree(g.Folders, g.FolderItems, g.Views, rootParent: null);
                FamilySite.Contents(h, [g], s, folders: false); // the folders are above
            })));
        }
        return new DocumentationSite(pages);
    }
}
