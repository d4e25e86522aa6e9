namespace Kmp.Documentation;

/// <summary>
/// The file names of a site's pages, one map for the whole site: every name differs from every other ignoring case,
/// so that two pages never become one file on a file system that ignores case (NTFS, APFS). A page is named after
/// what it documents (<see cref="SiteLayout.FileName"/>, e.g. <c>pack-Foo.Bar.html</c>); where several names differ
/// only in case (packs <c>Foo.Bar</c> and <c>foo.bar</c>), the first in ordinal order keeps it and the next get
/// <c>_c2</c>, <c>_c3</c>… before <c>.html</c>, a suffix no name of <see cref="SiteLayout.Anchor"/> can end with
/// ('_' there always starts four hex digits).
/// </summary>
internal sealed class PageNames
{
    private readonly Dictionary<(string Prefix, string Id), string> names = [];

    /// <param name="reserved">Names of pages not named after an element (index.html…), which keep their names.</param>
    public PageNames(IEnumerable<string> reserved, IEnumerable<(string Prefix, string Id)> pages)
    {
        var taken = new HashSet<string>(reserved, StringComparer.OrdinalIgnoreCase);
        var byName = pages.Distinct().GroupBy(p => SiteLayout.FileName(p.Prefix, p.Id), StringComparer.OrdinalIgnoreCase);
        foreach (var group in byName.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var count = 1;
            foreach (var page in group.OrderBy(p => SiteLayout.FileName(p.Prefix, p.Id), StringComparer.Ordinal))
            {
                var name = SiteLayout.FileName(page.Prefix, page.Id);
                while (!taken.Add(name)) name = $"{SiteLayout.Anchor(page.Prefix, page.Id)}_c{++count}.html";
                names.Add(page, name);
            }
        }
    }

    /// <summary>The file name of the page about <paramref name="id"/>.</summary>
    public string this[string prefix, string id] => names.TryGetValue((prefix, id), out var name) ? name : SiteLayout.FileName(prefix, id);
}
