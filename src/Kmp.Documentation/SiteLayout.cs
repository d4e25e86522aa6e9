using System.Text;

namespace Kmp.Documentation;

/// <summary>One page of the site: its file name (no folders) and its HTML.</summary>
public sealed record SitePage(string FileName, string Content);

/// <summary>A generated site: every page, written by the caller into one folder (nothing else is needed to read it).</summary>
public sealed record DocumentationSite(IReadOnlyList<SitePage> Pages)
{
    public const string IndexPage = "index.html";

    /// <summary>True for a page an earlier guide wrote (it names kmp docs as its generator near its start).</summary>
    public static bool IsGeneratedPage(string path)
    {
        // Only a regular file is read: never a link, and never a FIFO or device (reading one could wait for ever).
        if (!path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || Kmp.ManagementPacks.FileNode.Of(Path.GetFullPath(path), followLinks: false).Kind != Kmp.ManagementPacks.FileNodeKind.Regular)
            return false;
        var start = new char[1024];
        using var reader = new StreamReader(path);
        var read = reader.ReadBlock(start);
        return new string(start, 0, read).Contains($"<meta name=\"generator\" content=\"{SiteLayout.Generator}\"", StringComparison.Ordinal);
    }
}

/// <summary>
/// The frame of every page: inline CSS (screen and print), a navigation bar, and a small inline script
/// that adds search and filtering to a page that is complete and readable without it.
/// </summary>
internal static class SiteLayout
{
    public static string Page(string title, IReadOnlyList<(string File, string Label)> navigation, Action<Html> body)
    {
        using var h = new Html();
        h.Open("html", ("lang", "en"));
        h.Open("head");
        h.Open("meta", ("charset", "utf-8"));
        h.Open("meta", ("name", "generator"), ("content", Generator));
        h.Open("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"));
        // Nothing is fetched: no external style, script, font or image (default-src 'none').
        h.Open("meta", ("http-equiv", "Content-Security-Policy"), ("content", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"));
        h.Element("title", title);
        h.Open("style").Raw(Css).Close();
        h.Close();
        h.Open("body");
        h.Open("nav", ("class", "site"));
        foreach (var (file, label) in navigation) h.Link(file, label);
        h.Open("span", ("class", "filter"), ("id", "filter-box"), ("hidden", "hidden"));
        h.Open("input", ("type", "search"), ("id", "filter"), ("placeholder", "Filter this page (names, IDs, text)"), ("aria-label", "Filter this page"));
        h.Open("select", ("id", "filter-kind"), ("aria-label", "Kind of element"));
        foreach (var (value, label) in Kinds) h.Element("option", label, ("value", value));
        h.Close();
        h.Close();
        h.Close();
        h.Open("main");
        body(h);
        h.Close();
        h.Open("script").Raw(Script).Close();
        h.Close();
        h.Close();
        return h.ToString();
    }

    /// <summary>The generator every page names: a page kmp wrote is known by it (and replaced or removed by the next guide).</summary>
    public const string Generator = "kmp docs";

    private static readonly (string Value, string Label)[] Kinds =
    [
        ("", "all kinds"), ("alert", "alerts"), ("monitor", "monitors"), ("rule", "rules"), ("discovery", "discoveries"),
        ("view", "views"), ("task", "tasks"), ("class", "classes"), ("fact", "product facts"), ("pack", "packs"),
    ];

    /// <summary>
    /// An anchor for an element: a prefix by kind and the ID with anything but letters, digits, '.' and '-' escaped as
    /// '_' and four hex digits (so a link never needs escaping); '_' itself is escaped, so <c>x y</c> and <c>x_0020y</c> differ.
    /// </summary>
    public static string Anchor(string prefix, string id)
    {
        var b = new StringBuilder(prefix).Append('-');
        foreach (var c in id)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-') b.Append(c);
            else b.Append('_').Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
        }
        return b.ToString();
    }

    /// <summary>A file name for a page about <paramref name="id"/> (a pack or product), safe on every file system.</summary>
    public static string FileName(string prefix, string id) => Anchor(prefix, id) + ".html";

    private const string Css = """
        :root{--fg:#1b1f23;--muted:#57606a;--line:#d0d7de;--bg:#fff;--head:#0b5394;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--card:#f6f8fa}
        *{box-sizing:border-box}
        [id]{scroll-margin-top:4.5rem}
        body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--fg);background:var(--bg)}
        main{max-width:1180px;margin:0 auto;padding:1rem 1.5rem 4rem}
        nav.site{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:center;padding:.5rem 1.5rem;background:var(--head)}
        nav.site a{color:#fff;text-decoration:none;font-weight:600}
        nav.site a:hover,nav.site a:focus{text-decoration:underline}
        nav.site .filter{margin-left:auto;display:flex;gap:.4rem}
        nav.site .filter[hidden]{display:none}
        nav.site input,nav.site select{font:inherit;padding:.15rem .4rem;border-radius:4px;border:1px solid var(--line)}
        h1{font-size:1.7rem;margin:.6rem 0 .2rem}
        h2{font-size:1.3rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--line)}
        h3{font-size:1.1rem;margin:1.4rem 0 .4rem}
        h4{font-size:1rem;margin:0 0 .3rem}
        a{color:#0969da}
        code,.id{font:12.5px/1.4 ui-monospace,SFMono-Regular,Consolas,monospace;overflow-wrap:anywhere}
        .id{color:var(--muted)}
        .lead{color:var(--muted);margin-top:0}
        table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
        th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:var(--card);font-weight:600}
        td.k{width:15rem;color:var(--muted)}
        .card{border:1px solid var(--line);border-radius:6px;padding:.7rem 1rem;margin:.7rem 0;background:var(--bg);break-inside:avoid}
        .card[hidden],tr[hidden],li[hidden]{display:none}
        .badge{display:inline-block;font-size:12px;font-weight:600;padding:0 .45rem;border-radius:10px;border:1px solid currentColor;margin-left:.3rem;vertical-align:middle}
        .sev-Critical,.h-Critical,.unsure{color:var(--bad)}
        .sev-Warning,.h-Warning,.preview{color:var(--warn)}
        .sev-Information,.h-Healthy,.confirmed{color:var(--ok)}
        .knowledge{background:var(--card);border-left:4px solid var(--head);padding:.4rem .8rem;margin:.5rem 0}
        .knowledge h5{margin:.4rem 0 .1rem;font-size:.95rem}
        .knowledge p{margin:.2rem 0}
        ul.tree,ul.tree ul{list-style:none;padding-left:1.3rem;margin:.2rem 0}
        ul.tree{padding-left:0}
        ul.tree li{margin:.15rem 0}
        .folder{font-weight:600}
        .folder::before{content:"\25B8\00a0";color:var(--head)}
        .view::before{content:"\25AB\00a0";color:var(--muted)}
        .note{color:var(--muted);font-size:.93rem}
        .check{font:12.5px ui-monospace,SFMono-Regular,Consolas,monospace;background:#eef1f4;padding:.1rem .3rem;display:block;margin:.2rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
        svg.graph{width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:#fbfcfd}
        svg.graph a rect{fill:#fff;stroke:var(--head);stroke-width:1.2}
        svg.graph a:hover rect,svg.graph a:focus rect{fill:#e8f0fb}
        svg.graph text{font:12px system-ui,sans-serif;fill:var(--fg)}
        svg.graph line{stroke:#8c959f;stroke-width:1}
        .toc{columns:2 18rem;padding-left:1.2rem}
        @media print{
          nav.site{display:none}
          main{max-width:none;padding:0}
          body{font-size:10.5pt}
          a{color:inherit;text-decoration:none}
          .card,.knowledge,table{break-inside:avoid}
          h2{break-after:avoid}
          .card[hidden]{display:block}
          tr[hidden]{display:table-row}
          li[hidden]{display:list-item}
          svg.graph{border:none}
        }
        """;

    // Progressive enhancement only: the page is complete without it. No "<" / "&" / "</" in it.
    private const string Script = """
        (function(){
          var box=document.getElementById('filter-box'),q=document.getElementById('filter'),k=document.getElementById('filter-kind');
          if(!box||!q||!k)return;
          box.hidden=false;
          var items=document.querySelectorAll('[data-kind]');
          function apply(){
            var text=q.value.toLowerCase(),kind=k.value;
            items.forEach(function(e){
              var show=(kind===''||e.getAttribute('data-kind')===kind)?(text===''||e.textContent.toLowerCase().indexOf(text)!==-1):false;
              e.hidden=!show;
            });
          }
          q.addEventListener('input',apply);k.addEventListener('change',apply);
        })();
        """;
}
