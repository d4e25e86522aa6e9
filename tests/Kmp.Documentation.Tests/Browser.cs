using System.Collections.Concurrent;
using System.Text.Json;
using Kmp.Testing;
using PuppeteerSharp;

namespace Kmp.Documentation.Tests;

/// <summary>
/// Debian's chromium, started headless by PuppeteerSharp (never a downloaded browser) once for the tests of a
/// class and closed with it. Tests call <see cref="Require"/>, which skips them with the reason where chromium
/// is not installed.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    /// <summary>The browser kmp's CI installs (apt-get install chromium); KMP_CHROMIUM names another.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("KMP_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IBrowser? browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath)) return;
        browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Browser = SupportedBrowser.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"],
            Timeout = 60_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is null) return;
        await browser.CloseAsync(); // the chromium processes end with the tests
        await browser.DisposeAsync();
    }

    /// <summary>The browser; skips the calling test when chromium is not installed.</summary>
    public IBrowser Require()
    {
        Skip.If(browser is null, $"chromium is not installed at {ExecutablePath} (apt-get install chromium; .ci/run installs it): the browser tests are skipped");
        return browser!;
    }

    /// <summary>Where the tests leave their screenshots (ignored by git).</summary>
    public static string Artifacts
    {
        get
        {
            var folder = Path.Combine(Corpus.RepositoryRoot, "tests", "Kmp.Documentation.Tests", "TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }
}

/// <summary>One page of a site as the browser shows it.</summary>
internal sealed record ShownPage(string FileName, string VisibleText, IReadOnlyList<string> Links, IReadOnlySet<string> Ids);

/// <summary>Reads a site in a real browser: every page's visible text, links and element IDs; requests that leave the site and script errors are collected.</summary>
internal sealed class SiteReader(IBrowser browser, string folder) : IAsyncDisposable
{
    private IPage? page;

    /// <summary>Requests for anything but the site's own files (there must be none).</summary>
    public ConcurrentBag<string> Outside { get; } = [];

    /// <summary>Script errors and dialogs opened by a page (there must be none).</summary>
    public ConcurrentBag<string> Errors { get; } = [];

    public async Task<IPage> Page()
    {
        if (page is not null) return page;
        page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
        await page.SetRequestInterceptionAsync(true);
        page.Request += async (_, e) =>
        {
            if (e.Request.Url.StartsWith("file://", StringComparison.Ordinal)) await e.Request.ContinueAsync();
            else
            {
                Outside.Add(e.Request.Url);
                await e.Request.AbortAsync();
            }
        };
        page.PageError += (_, e) => Errors.Add("script error: " + e.Message);
        page.Dialog += async (_, e) =>
        {
            Errors.Add("dialog: " + e.Dialog.Message);
            await e.Dialog.Dismiss();
        };
        return page;
    }

    public static string Url(string file) => new Uri(Path.GetFullPath(file)).AbsoluteUri;

    public async Task<ShownPage> Show(string fileName)
    {
        var p = await Page();
        await p.GoToAsync(Url(Path.Combine(folder, fileName)), WaitUntilNavigation.Load);
        var json = await p.EvaluateExpressionAsync<string>("""
            JSON.stringify({
              text: document.body.innerText,
              links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
              ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id)
            })
            """);
        using var shown = JsonDocument.Parse(json);
        var root = shown.RootElement;
        return new ShownPage(fileName, Sites.Collapse(root.GetProperty("text").GetString()!),
            [.. root.GetProperty("links").EnumerateArray().Select(l => l.GetString()!)],
            root.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Every page of the site as shown.</summary>
    public async Task<IReadOnlyDictionary<string, ShownPage>> ShowAll()
    {
        var pages = new Dictionary<string, ShownPage>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder, "*.html").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal))
            pages[file] = await Show(file);
        return pages;
    }

    /// <summary>Links of the shown pages that lead to no page, or to no element on it.</summary>
    public static IReadOnlyList<string> Broken(IReadOnlyDictionary<string, ShownPage> pages)
    {
        var broken = new List<string>();
        foreach (var (name, shown) in pages)
            foreach (var href in shown.Links)
            {
                var hash = href.IndexOf('#');
                var file = hash < 0 ? href : href[..hash];
                var target = file.Length == 0 ? name : file;
                var fragment = hash < 0 ? null : Uri.UnescapeDataString(href[(hash + 1)..]);
                if (!pages.TryGetValue(target, out var targetPage)) broken.Add($"{name}: {href} (no page {target})");
                else if (fragment is not null && !targetPage.Ids.Contains(fragment)) broken.Add($"{name}: {href} (no element '{fragment}' on {target})");
            }
        return broken;
    }

    /// <summary>
    /// The expected names that the page does not show in the element documenting them: the element (its anchor)
    /// missing, not rendered, or without the name in its visible text.
    /// </summary>
    public async Task<IReadOnlyList<string>> NotShown(string fileName, IEnumerable<ExpectedName> names)
    {
        var p = await Page();
        await p.GoToAsync(Url(Path.Combine(folder, fileName)), WaitUntilNavigation.Load);
        var items = names.Select(n => new[] { SiteLayout.Anchor(Prefix(n.Kind), n.ElementId), Sites.Collapse(n.Name) }).ToArray();
        return await p.EvaluateFunctionAsync<string[]>("""
            items => items.filter(([id, name]) => {
              const e = document.getElementById(id);
              return !e || e.getClientRects().length === 0 || !e.innerText.replace(/\s+/g, ' ').includes(name);
            }).map(([id, name]) => id + ': ' + name)
            """, [items]);
    }

    private static string Prefix(string kind) => kind switch
    {
        "alert" => PackSections.Alert,
        "monitor" => PackSections.Monitor,
        "rule" => PackSections.Rule,
        "discovery" => PackSections.Discovery,
        "view" => PackSections.View,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public async Task Screenshot(string name)
    {
        var p = await Page();
        await p.ScreenshotAsync(Path.Combine(Browser.Artifacts, name), new ScreenshotOptions { FullPage = false });
    }

    public async ValueTask DisposeAsync()
    {
        if (page is not null) await page.CloseAsync();
    }
}
