using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Cli.Tests;

/// <summary>
/// The guide's folder after kmp is killed (SIGKILL) while writing it: kmp runs as a process of its own, stops at a
/// named step (<see cref="TestStop"/>) and is killed there. The folder must then hold the last guide or the new one
/// (or, between the two renames where a system cannot exchange folders, be missing with both beside it); the next run
/// finishes or undoes what was left before it writes, and leaves one guide's pages, every link leading somewhere,
/// every file kmp did not write, and no temporary.
/// </summary>
public sealed class GuideCrashTests
{
    private static readonly string[] Foreign = ["notes.txt", "notes.html", Path.Combine("images", "shot.png")];

    [Theory]
    [InlineData("folder-written")]
    [InlineData("folder-ready")]
    [InlineData("folder-between-renames")]
    [InlineData("folder-swapped")]
    [InlineData("folder-moving")]
    public void Docs_killed_at_any_step_leaves_a_whole_guide_and_the_next_run_repairs_it_first(string step)
    {
        using var temp = new TempDirectory();
        Cli.NewKeyPair(temp.File("k.snk"));
        var site = temp.File("site");
        string[] Docs(string products, string folder) => ["docs", "--product", products, "--out", folder, "--key", temp.File("k.snk")];
        foreach (var (products, folder) in new[] { ("KES,KSC", site), ("KES", temp.File("ref-new")), ("KSE", temp.File("ref-next")) })
            Cli.Run(Docs(products, folder)).Code.Should().Be(ExitCodes.Success);
        var last = GeneratedPages(site);
        AddForeignFiles(site);

        RunAndKill(step, Docs("KES", site));

        var beside = Beside(temp.Path, "site");
        switch (step)
        {
            case "folder-written" or "folder-ready":
                GeneratedPages(site).Should().Equal(last, "until the swap the folder holds the last guide, whole");
                beside.Should().ContainSingle().Which.Should().MatchRegex(step == "folder-written" ? @"^\.site\.kmp-new\.[0-9a-f]{8}$" : @"^\.site\.kmp-site\.[0-9a-f]{8}$");
                break;
            case "folder-between-renames":
                Directory.Exists(site).Should().BeFalse("killed between the two renames, the folder is missing");
                beside.Should().HaveCount(2).And.Contain(n => n.StartsWith(".site.kmp-old.", StringComparison.Ordinal)).And.Contain(n => n.StartsWith(".site.kmp-site.", StringComparison.Ordinal));
                break;
            default:
                GeneratedPages(site).Should().Equal(GeneratedPages(temp.File("ref-new")), "after the swap the folder holds the new guide, whole");
                beside.Should().ContainSingle().Which.Should().MatchRegex(@"^\.site\.kmp-site\.[0-9a-f]{8}$", "the old folder, with the files kmp did not write still to move");
                break;
        }

        var next = Cli.Run(Docs("KSE", site));
        next.Code.Should().Be(ExitCodes.Success, next.Err);
        GeneratedPages(site).Should().Equal(GeneratedPages(temp.File("ref-next")), "one guide's pages only, exactly those a clean run writes");
        BrokenLinks(site).Should().BeEmpty();
        foreach (var file in Foreign) File.ReadAllText(Path.Combine(site, file)).Should().Be("mine: " + file, "a file kmp did not write is kept");
        Beside(temp.Path, "site").Should().BeEmpty("no temporary folder is left beside the guide");
        Cli.FilesIn(site).Where(f => f.StartsWith('.')).Should().BeEmpty("no lock, marker or temporary file is left in it");
    }

    [Fact]
    public void Build_killed_after_the_swap_is_finished_by_the_next_build()
    {
        using var temp = new TempDirectory();
        var output = temp.File("out");
        string[] Build(string product) => ["build", "--product", product, "--xml-only", "--templates", Cli.Templates, "--out", output];
        Cli.Run(Build("KES")).Code.Should().Be(ExitCodes.Success);
        AddForeignFiles(Path.Combine(output, "docs"));

        RunAndKill("folder-swapped", Build("KSC"));
        RunAndKill("folder-written", Build("KSE"));

        var next = Cli.Run(Build("KSWS"));
        next.Code.Should().Be(ExitCodes.Success, next.Err);
        var docs = Path.Combine(output, "docs");
        GeneratedPages(docs).Keys.Should().Equal("index.html", "install.html", "library.html", "product-KSWS.html");
        BrokenLinks(docs).Should().BeEmpty();
        foreach (var file in Foreign) File.Exists(Path.Combine(docs, file)).Should().BeTrue(file);
        Cli.FilesIn(output).Where(f => Path.GetFileName(f).StartsWith('.')).Should().BeEmpty("no lock, marker or temporary file is left");
    }

    [Fact]
    public void Stale_temporaries_of_a_killed_run_are_swept_by_the_next_run_and_nothing_else()
    {
        using var temp = new TempDirectory();
        var output = temp.File("out");
        var docs = Path.Combine(output, "docs");
        Directory.CreateDirectory(docs);
        // What a killed run leaves: a half-written pack and script, a half-written guide beside its folder, and a page of the
        // page-by-page writes of earlier versions.
        string[] stale = [".KasperskyLab.KES.Monitoring.xml.0123abcd.tmp", ".KasperskyLab.KES.Monitoring.mp.89abcdef.tmp", ".KasperskyLab.Notifications.ps1.00000000.tmp", ".kmp-0123456789abcdef.fedcba98.tmp"];
        foreach (var name in stale) File.WriteAllText(Path.Combine(output, name), "<ManagementPack");
        Directory.CreateDirectory(Path.Combine(output, ".docs.kmp-new.0123abcd"));
        File.WriteAllText(Path.Combine(output, ".docs.kmp-new.0123abcd", "index.html"), "<!DOCTYPE html><html><he");
        File.WriteAllText(Path.Combine(docs, ".index.html.0123abcd.tmp"), "<!DOCTYPE html>");
        // Names kmp does not make (or makes for another folder) are not its to delete.
        string[] kept = [".notes.txt.0123abcd.tmp", ".x.xml.0123abcd.tmp.bak", ".KasperskyLab.KES.Monitoring.xml.NOTHEX00.tmp"];
        foreach (var name in kept) File.WriteAllText(Path.Combine(output, name), "mine");
        Directory.CreateDirectory(Path.Combine(output, ".docs2.kmp-new.0123abcd"));
        Directory.CreateDirectory(Path.Combine(output, ".docs.kmp-new.mine"));

        var result = Cli.Run("build", "--product", "KSC", "--xml-only", "--templates", Cli.Templates, "--out", output);
        result.Code.Should().Be(ExitCodes.Success, result.Err);

        Directory.GetFileSystemEntries(output).Select(Path.GetFileName).Where(n => n!.StartsWith('.')).Order(StringComparer.Ordinal)
            .Should().Equal([.. kept.Append(".docs2.kmp-new.0123abcd").Append(".docs.kmp-new.mine").Order(StringComparer.Ordinal)]);
        Cli.FilesIn(docs).Should().Equal("index.html", "install.html", "library.html", "product-KSC.html");
    }

    private static void AddForeignFiles(string folder)
    {
        foreach (var file in Foreign)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, file))!);
            File.WriteAllText(Path.Combine(folder, file), "mine: " + file);
        }
    }

    /// <summary>Runs kmp.dll in a process of its own told to stop at <paramref name="step"/>, and kills it (SIGKILL) there.</summary>
    private static void RunAndKill(string step, string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kmp.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment[TestStop.Variable] = step;
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var line = process.StandardError.ReadLine(); // the first line: kmp says where it stopped, then waits
        process.Kill(entireProcessTree: true); // SIGKILL: nothing of kmp runs after it
        process.WaitForExit();
        line.Should().Be($"kmp: stopped at {step} ({TestStop.Variable})", "kmp must reach the step (it said: " + process.StandardError.ReadToEnd() + ")");
    }

    /// <summary>The pages kmp wrote (they name it as their generator) in <paramref name="folder"/>, with their text.</summary>
    private static SortedDictionary<string, string> GeneratedPages(string folder) =>
        new(Directory.GetFiles(folder, "*.html").Where(f => Kmp.Documentation.DocumentationSite.IsGeneratedPage(f))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllText), StringComparer.Ordinal);

    /// <summary>What lies beside <paramref name="name"/> in <paramref name="parent"/> with a name kmp makes for it.</summary>
    private static List<string> Beside(string parent, string name) =>
        [.. Directory.GetFileSystemEntries(parent, "." + name + ".*").Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal)];

    /// <summary>Every link between the pages that leads to no page, or to no element id on it.</summary>
    private static List<string> BrokenLinks(string folder)
    {
        var pages = Directory.GetFiles(folder, "*.html").Where(f => Kmp.Documentation.DocumentationSite.IsGeneratedPage(f))
            .ToDictionary(f => Path.GetFileName(f), f => XDocument.Parse(File.ReadAllText(f)), StringComparer.Ordinal);
        var ids = pages.ToDictionary(p => p.Key, p => p.Value.Descendants().Select(e => e.Attribute("id")?.Value).OfType<string>().ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var broken = new List<string>();
        foreach (var (name, page) in pages)
            foreach (var href in page.Descendants().Where(e => e.Name.LocalName == "a").Select(a => a.Attribute("href")?.Value).OfType<string>())
            {
                if (Regex.IsMatch(href, "^[a-zA-Z][a-zA-Z0-9+.-]*:")) { broken.Add($"{name}: external link {href}"); continue; }
                var hash = href.IndexOf('#');
                var target = hash == 0 ? name : hash < 0 ? href : href[..hash];
                var fragment = hash < 0 ? null : Uri.UnescapeDataString(href[(hash + 1)..]);
                if (!ids.TryGetValue(target, out var targetIds)) broken.Add($"{name}: {href} (no page {target})");
                else if (fragment is not null && !targetIds.Contains(fragment)) broken.Add($"{name}: {href} (no id '{fragment}' on {target})");
            }
        return broken;
    }
}
