using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kmp.Application.Docs;
using Kmp.Documentation;
using Kmp.Kaspersky.Family;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Documentation.Tests;

/// <summary>A name the guide must show: which pack it comes from, what kind of element, and the name.</summary>
internal sealed record ExpectedName(string PackId, string Kind, string ElementId, string Name);

/// <summary>Sites generated for the tests, and what they must show, computed from the model (never from the site).</summary>
internal static partial class Sites
{
    public const string Token = "0123456789abcdef";

    public static ManagementPackFamily Family(params string[] products)
    {
        var catalog = DefaultTemplates.Load();
        var chosen = products.Length == 0 ? catalog.Products : catalog.Products.Where(p => products.Contains(p.Key)).ToList();
        return FamilyComposer.Compose(catalog.Library, chosen, new FamilyOptions(new Version(1, 0, 0, 0), Token));
    }

    public static DocumentationSite FamilySite(ManagementPackFamily family, SchemaTarget target = SchemaTarget.Scom2007R2)
    {
        var catalog = DefaultTemplates.Load();
        var products = catalog.Products.Where(p => family.Manifest.ProductKeys.Contains(p.Key)).ToList();
        return GenerateDocs.ForFamily(family, catalog.Library, products, Token, target);
    }

    public static void Write(DocumentationSite site, string folder) => GenerateDocs.Write(site, folder);

    [GeneratedRegex("""\$MPElement\[Name="(?:[^"!]+!)?([^"]+)"\]\$""")]
    private static partial Regex MessageReference();

    /// <summary>Every alert, monitor, rule, discovery and view of the family's packs with its display name, from the typed model.</summary>
    public static IReadOnlyList<ExpectedName> Expected(ManagementPackFamily family)
    {
        var names = new List<ExpectedName>();
        foreach (var p in family.Packs)
        {
            var strings = p.Pack.LanguagePacks.Single(l => l.IsDefault).DisplayStrings.Where(s => s.SubElementId is null)
                .ToDictionary(s => s.ElementId, s => s.Name, StringComparer.Ordinal);
            string Name(string id) => strings.GetValueOrDefault(id) ?? id;
            foreach (var e in p.Pack.Elements)
            {
                switch (e)
                {
                    case Rule r:
                        names.Add(new(p.Id, "rule", r.Id, Name(r.Id)));
                        foreach (var w in r.WriteActions.Where(w => w.TypeId.Id == "System.Health.GenerateAlert"))
                        {
                            var message = MessageReference().Match(w.Configuration.Single(c => c.Name == "AlertMessageId").Text!).Groups[1].Value;
                            names.Add(new(p.Id, "alert", message, Name(message)));
                        }
                        break;
                    case UnitMonitor m:
                        names.Add(new(p.Id, "monitor", m.Id, Name(m.Id)));
                        if (m.AlertSettings is { } a) names.Add(new(p.Id, "alert", a.AlertMessage.Id, Name(a.AlertMessage.Id)));
                        break;
                    case DependencyMonitor d:
                        names.Add(new(p.Id, "monitor", d.Id, Name(d.Id)));
                        break;
                    case Discovery d:
                        names.Add(new(p.Id, "discovery", d.Id, Name(d.Id)));
                        break;
                    case View v:
                        names.Add(new(p.Id, "view", v.Id, Name(v.Id)));
                        break;
                }
            }
        }
        return names;
    }

    /// <summary>Every alert, monitor, rule, discovery and view of a pack read from XML, with its display name.</summary>
    public static IReadOnlyList<ExpectedName> Expected(ManagementPackDocument pack)
    {
        var language = pack.Xml.Root!.Element("LanguagePacks")?.Elements("LanguagePack").ToList() ?? [];
        var chosen = language.FirstOrDefault(l => l.Attribute("IsDefault")?.Value is "true" or "1") ?? language.FirstOrDefault(l => l.Attribute("ID")?.Value == "ENU") ?? language.FirstOrDefault();
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in chosen?.Element("DisplayStrings")?.Elements("DisplayString") ?? [])
            if (s.Attribute("SubElementID") is null && s.Element("Name") is { } n) strings.TryAdd(s.Attribute("ElementID")!.Value, n.Value);
        string Name(string id) => strings.GetValueOrDefault(id) ?? id;
        var names = new List<ExpectedName>();
        foreach (var e in pack.Elements)
        {
            var kind = e.Kind switch
            {
                "Rule" => "rule",
                "UnitMonitor" or "AggregateMonitor" or "DependencyMonitor" => "monitor",
                "Discovery" => "discovery",
                "View" => "view",
                _ => null,
            };
            if (kind is null) continue;
            names.Add(new(pack.Id, kind, e.Id, Name(e.Id)));
            if (e.Xml.Element("AlertSettings")?.Attribute("AlertMessage")?.Value is { } message)
            {
                var id = ElementReference.Parse(message).Id;
                names.Add(new(pack.Id, "alert", id, Name(id)));
            }
            foreach (var w in e.Xml.Element("WriteActions")?.Elements("WriteAction") ?? [])
                if (w.Attribute("TypeID")?.Value.EndsWith("System.Health.GenerateAlert", StringComparison.Ordinal) == true
                    && MessageReference().Match(w.Element("AlertMessageId")?.Value ?? "") is { Success: true } m)
                    names.Add(new(pack.Id, "alert", m.Groups[1].Value, Name(m.Groups[1].Value)));
        }
        return names;
    }

    /// <summary>Runs of white space as one space, as a browser shows text.</summary>
    public static string Collapse(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    /// <summary>A page read as XML (kmp writes well-formed pages); for checks that need no browser.</summary>
    public static XDocument Read(string path) => XDocument.Parse(File.ReadAllText(path));

    /// <summary>The text a reader sees on a page (body without style and script).</summary>
    public static string Text(XDocument page) =>
        Collapse(string.Join(" ", page.Descendants("body").Single().DescendantNodes().OfType<XText>()
            .Where(t => t.Parent!.Name.LocalName is not ("script" or "style")).Select(t => t.Value)));

    /// <summary>
    /// Every internal link of the site that leads nowhere: a page that does not exist, or a fragment that is no
    /// element's id on its page; and every id given twice on a page. Links with a scheme (http:, mailto:) are reported too: the site makes none.
    /// </summary>
    public static IReadOnlyList<string> BrokenLinks(string folder)
    {
        var pages = Directory.GetFiles(folder, "*.html").ToDictionary(f => Path.GetFileName(f), Read, StringComparer.Ordinal);
        var ids = pages.ToDictionary(p => p.Key, p => p.Value.Descendants().Select(e => e.Attribute("id")?.Value).OfType<string>().ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var broken = new List<string>();
        foreach (var (name, page) in pages)
            foreach (var duplicate in page.Descendants().Select(e => e.Attribute("id")?.Value).OfType<string>().GroupBy(i => i).Where(g => g.Count() > 1))
                broken.Add($"{name}: id '{duplicate.Key}' is given to {duplicate.Count()} elements (a link to it is ambiguous)");
        foreach (var (name, page) in pages)
        {
            foreach (var a in page.Descendants().Where(e => e.Name.LocalName == "a"))
            {
                var href = a.Attribute("href")?.Value;
                if (href is null) continue;
                if (Regex.IsMatch(href, "^[a-zA-Z][a-zA-Z0-9+.-]*:")) { broken.Add($"{name}: external link {href}"); continue; }
                var hash = href.IndexOf('#');
                var file = hash < 0 ? href : href[..hash];
                var fragment = hash < 0 ? null : Uri.UnescapeDataString(href[(hash + 1)..]);
                var target = file.Length == 0 ? name : file;
                if (!ids.TryGetValue(target!, out var targetIds)) broken.Add($"{name}: {href} (no page {target})");
                else if (fragment is not null && (fragment.Length == 0 || !targetIds.Contains(fragment))) broken.Add($"{name}: {href} (no id '{fragment}' on {target})");
            }
        }
        return broken;
    }
}
