using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Cli.Tests;

/// <summary>
/// The guide's folder after kmp is killed (SIGKILL) while writing it: kmp runs as a process of its own, stops at a
/// named step (<see cref="TestStop"/>) and is killed there. Before the journal exists the folder holds the last guide
/// (plus kmp's temporaries); after it, the next run rolls the journal forward before it does anything else. Either way
/// the next run leaves one guide's pages, every link leading somewhere, every file kmp did not write where it was,
/// and no temporary. The folder itself is never renamed, and nothing is written beside it.
/// </summary>
public sealed class GuideCrashTests
{
    /// <summary>The user's own entries in the guide's folder, names like kmp's temporaries among them.</summary>
    private static readonly string[] Foreign =
    [
        "notes.txt", "notes.html", Path.Combine("images", "shot.png"), ".backup.20261201.tmp", Path.Combine(".photos.0000beef.tmp", "a.jpg"),
        ".notes.html.12345678.tmp", ".index.html.backup.tmp", ".kmp-new.mine",
    ];

    [Theory]
    [InlineData("files-written")]
    [InlineData("journal-written")]
    [InlineData("between-renames")]
    [InlineData("renamed")]
    public void Docs_killed_at_any_step_leaves_what_the_next_run_finishes_first(string step)
    {
        using var temp = new TempDirectory();
        Cli.NewKeyPair(temp.File("k.snk"));
        var site = temp.File("site");
        string[] Docs(string products, string folder) => ["docs", "--product", products, "--out", folder, "--key", temp.File("k.snk")];
        foreach (var (products, folder) in new[] { ("KES,KSC", site), ("KES", temp.File("ref-new")), ("KSE", temp.File("ref-next")) })
            Cli.Run(Docs(products, folder)).Code.Should().Be(ExitCodes.Success);
        var last = GeneratedPages(site);
        AddForeignFiles(site);
        var parentWritten = Directory.GetLastWriteTimeUtc(temp.Path);

        RunAndKill(step, Docs("KES", site));

        var journal = Path.Combine(site, AtomicFileSet.JournalName);
        var temporaries = Directory.GetFiles(site, AtomicFileSet.TemporaryStart + "*.tmp");
        switch (step)
        {
            case "files-written":
                GeneratedPages(site).Should().Equal(last, "until the journal exists the folder holds the last guide, whole");
                File.Exists(journal).Should().BeFalse();
                temporaries.Should().HaveCount(GeneratedPages(temp.File("ref-new")).Count);
                break;
            case "journal-written":
                GeneratedPages(site).Should().Equal(last, "the journal is written before the first rename");
                File.Exists(journal).Should().BeTrue();
                break;
            case "between-renames":
                File.Exists(journal).Should().BeTrue();
                temporaries.Should().HaveCount(GeneratedPages(temp.File("ref-new")).Count - 1, "one page was put in place");
                break;
            default:
                File.Exists(journal).Should().BeTrue();
                temporaries.Should().BeEmpty("every page was put in place");
                GeneratedPages(site).Should().ContainKey("product-KSC.html", "the stale page goes after the renames");
                break;
        }

        // A run refused after its repair (a folder where one of its pages goes) shows what the repair alone makes of it.
        Directory.CreateDirectory(Path.Combine(site, "product-KSE.html"));
        Cli.Run(Docs("KSE", site)).Code.Should().Be(ExitCodes.CannotWrite);
        GeneratedPages(site).Should().Equal(step == "files-written" ? last : GeneratedPages(temp.File("ref-new")),
            step == "files-written" ? "the temporaries of a run killed before its journal are deleted, the last guide stays" : "a run killed after its journal is rolled forward");
        Directory.Delete(Path.Combine(site, "product-KSE.html"));

        var next = Cli.Run(Docs("KSE", site));
        next.Code.Should().Be(ExitCodes.Success, next.Err);
        GeneratedPages(site).Should().Equal(GeneratedPages(temp.File("ref-next")), "one guide's pages only, exactly those a clean run writes");
        BrokenLinks(site).Should().BeEmpty();
        foreach (var file in Foreign) File.ReadAllText(Path.Combine(site, file)).Should().Be("mine: " + file, "a file kmp did not write is kept");
        Cli.FilesIn(site).Where(f => Path.GetFileName(f).StartsWith('.') && !Foreign.Contains(f)).Should().BeEmpty("no lock, journal or temporary file is left in it");
        Directory.GetLastWriteTimeUtc(temp.Path).Should().Be(parentWritten, "nothing is written, renamed or left beside the guide's folder");
    }

    [Fact]
    public void Build_killed_after_its_journal_is_finished_by_the_next_build_and_killed_before_it_wrote_no_pack()
    {
        using var temp = new TempDirectory();
        var output = temp.File("out");
        string[] Build(string product) => ["build", "--product", product, "--xml-only", "--templates", Cli.Templates, "--out", output];
        Cli.Run(Build("KES")).Code.Should().Be(ExitCodes.Success);
        var docs = Path.Combine(output, "docs");
        AddForeignFiles(docs);

        RunAndKill("journal-written", Build("KSC"));
        RunAndKill("files-written", Build("KSE"));
        File.Exists(Path.Combine(output, "KasperskyLab.KSE.Monitoring.xml")).Should().BeFalse("the guide is staged before the first pack is written");

        var next = Cli.Run(Build("KSWS"));
        next.Code.Should().Be(ExitCodes.Success, next.Err);
        GeneratedPages(docs).Keys.Should().Equal("index.html", "install.html", "library.html", "product-KSWS.html");
        BrokenLinks(docs).Should().BeEmpty();
        foreach (var file in Foreign) File.ReadAllText(Path.Combine(docs, file)).Should().Be("mine: " + file);
        Cli.FilesIn(output).Where(f => Path.GetFileName(f).StartsWith('.') && !Foreign.Contains(Path.GetRelativePath("docs", f)))
            .Should().BeEmpty("no lock, journal or temporary file is left");
    }

    [Fact]
    public void Stale_temporaries_of_a_killed_run_are_swept_by_the_next_run_and_nothing_else()
    {
        using var temp = new TempDirectory();
        var output = temp.File("out");
        var docs = Path.Combine(output, "docs");
        Directory.CreateDirectory(docs);
        // What a killed run leaves: a half-written pack and script of this build, half-written pages (of this version and of
        // the page-by-page writes of earlier versions).
        string[] stale = [".KasperskyLab.KSC.Monitoring.xml.0123abcd.tmp", ".KasperskyLab.Library.xml.89abcdef.tmp", ".KasperskyLab.Notifications.ps1.00000000.tmp"];
        foreach (var name in stale) File.WriteAllText(Path.Combine(output, name), "<ManagementPack");
        string[] stalePages = [".index.html.0123abcd.tmp", ".kmp-new.index.html.0123456789abcdef.tmp", ".kmp-new.product-KES.html.fedcba9876543210.tmp"];
        foreach (var name in stalePages) File.WriteAllText(Path.Combine(docs, name), "<!DOCTYPE html>");
        // Names kmp does not make, makes for files this build does not write, or that are not regular files: not its to delete.
        string[] kept = [".notes.txt.0123abcd.tmp", ".x.xml.0123abcd.tmp.bak", ".KasperskyLab.KSC.Monitoring.xml.NOTHEX00.tmp", ".KasperskyLab.KES.Monitoring.xml.0123abcd.tmp",
            ".kmp-0123456789abcdef.fedcba98.tmp", ".backup.20261201.tmp", ".foo.xml.12345678.tmp"];
        foreach (var name in kept) File.WriteAllText(Path.Combine(output, name), "mine");
        string[] keptPages = [".notes.html.12345678.tmp", ".backup.20261201.tmp", ".kmp-new.index.html.0123456789abcdef", ".kmp-new.x.0123456789ABCDEF.tmp"];
        foreach (var name in keptPages) File.WriteAllText(Path.Combine(docs, name), "mine");
        Directory.CreateDirectory(Path.Combine(docs, ".kmp-new.folder.html.0123456789abcdef.tmp"));
        Directory.CreateDirectory(Path.Combine(output, ".KasperskyLab.Library.xml.01234567.tmp"));

        var result = Cli.Run("build", "--product", "KSC", "--xml-only", "--templates", Cli.Templates, "--out", output);
        result.Code.Should().Be(ExitCodes.Success, result.Err);

        Directory.GetFileSystemEntries(output).Select(Path.GetFileName).Where(n => n!.StartsWith('.')).Order(StringComparer.Ordinal)
            .Should().Equal([.. kept.Append(".KasperskyLab.Library.xml.01234567.tmp").Order(StringComparer.Ordinal)]);
        Directory.GetFileSystemEntries(docs).Select(Path.GetFileName).Where(n => n!.StartsWith('.')).Order(StringComparer.Ordinal)
            .Should().Equal([.. keptPages.Append(".kmp-new.folder.html.0123456789abcdef.tmp").Order(StringComparer.Ordinal)]);
        Cli.FilesIn(docs).Where(f => !f.StartsWith('.')).Should().Equal("index.html", "install.html", "library.html", "product-KSC.html");
    }

    [Fact]
    public void The_guide_folder_and_the_users_entries_in_it_are_never_moved_or_replaced()
    {
        if (OperatingSystem.IsWindows()) return; // modes, owners and read-only folders are Unix's here
        using var temp = new TempDirectory();
        Cli.NewKeyPair(temp.File("k.snk"));
        var parent = temp.File("parent");
        var site = Path.Combine(parent, "site");
        string[] Docs(string products) => ["docs", "--product", products, "--out", site, "--key", temp.File("k.snk")];
        Cli.Run(Docs("KES,KSC")).Code.Should().Be(ExitCodes.Success);
        // A read-only sub-folder of the user's (a non-root user could not move it to another parent), the folder setgid
        // with its own mode, and, as root, another owner: all of it stays as it is.
        Directory.CreateDirectory(Path.Combine(site, "archive"));
        File.WriteAllText(Path.Combine(site, "archive", "old.pdf"), "mine");
        File.SetUnixFileMode(Path.Combine(site, "archive"), UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var asRoot = FileNode.Of(site, followLinks: false).OwnerId == 0 && new FileNode(FileNodeKind.Directory, 0, 4321, 4321).TryGiveOwnerTo(site);
        var mode = UnixFileMode.SetGroup | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
        File.SetUnixFileMode(site, mode);
        var before = FileNode.Of(site, followLinks: false);
        var archiveWritten = Directory.GetLastWriteTimeUtc(Path.Combine(site, "archive"));
        // The parent read-only: kmp writes nothing beside the guide's folder, so it does not need to (root ignores the bits; the times still tell).
        File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var parentWritten = Directory.GetLastWriteTimeUtc(parent);
        try
        {
            var result = Cli.Run(Docs("KES,KSE"));
            result.Code.Should().Be(ExitCodes.Success, result.Err);
        }
        finally
        {
            File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(Path.Combine(site, "archive"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        GeneratedPages(site).Keys.Should().Equal("index.html", "install.html", "library.html", "product-KES.html", "product-KSE.html");
        File.ReadAllText(Path.Combine(site, "archive", "old.pdf")).Should().Be("mine");
        Directory.GetLastWriteTimeUtc(Path.Combine(site, "archive")).Should().Be(archiveWritten, "the user's folder is not touched");
        Directory.GetLastWriteTimeUtc(parent).Should().Be(parentWritten, "nothing is written, renamed or left beside the guide's folder");
        var after = FileNode.Of(site, followLinks: false);
        after.Mode.Should().Be(mode);
        (after.OwnerId, after.GroupId).Should().Be((before.OwnerId, before.GroupId), asRoot ? "the folder keeps another user's owner and group" : "the folder keeps its owner");
        if (asRoot) FileNode.Of(Path.Combine(site, "product-KSE.html"), followLinks: false).GroupId.Should().Be(4321u, "a new page written into a setgid folder takes its group");
    }

    [Fact]
    public void Docs_and_build_run_from_inside_the_guide_folder_succeed_and_leave_no_hold()
    {
        using var temp = new TempDirectory();
        Cli.NewKeyPair(temp.File("k.snk"));
        var site = temp.File("site");
        Directory.CreateDirectory(site);
        var docs = Run(site, "docs", "--product", "KES", "--out", ".", "--key", temp.File("k.snk"));
        docs.Code.Should().Be(ExitCodes.Success, docs.Err);
        docs.Out.Trim().Should().Be($"wrote the guide (4 pages) into {Path.Combine(site, "index.html")}");
        Run(site, "docs", "--product", "KES,KSC", "--out", ".", "--key", temp.File("k.snk")).Code.Should().Be(ExitCodes.Success, "and again, over its own guide");
        GeneratedPages(site).Keys.Should().Contain("product-KSC.html");

        var output = temp.File("out");
        Cli.Run("build", "--product", "KSC", "--xml-only", "--templates", Cli.Templates, "--out", output, "--key", temp.File("k.snk")).Code.Should().Be(ExitCodes.Success);
        var build = Run(Path.Combine(output, "docs"), "build", "--product", "KES", "--xml-only", "--templates", Cli.Templates, "--out", "..", "--key", temp.File("k.snk"));
        build.Code.Should().Be(ExitCodes.Success, build.Err);
        Cli.FilesIn(output).Where(f => Path.GetFileName(f).StartsWith('.')).Should().BeEmpty("the holds are released");
        GeneratedPages(Path.Combine(output, "docs")).Keys.Should().Contain("product-KES.html").And.NotContain("product-KSC.html");
    }

    private static void AddForeignFiles(string folder)
    {
        foreach (var file in Foreign)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, file))!);
            File.WriteAllText(Path.Combine(folder, file), "mine: " + file);
        }
    }

    private static ProcessStartInfo KmpProcess(string[] args, string? workingFolder = null)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingFolder is not null) start.WorkingDirectory = workingFolder;
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kmp.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>Runs kmp.dll in a process of its own, in <paramref name="workingFolder"/>.</summary>
    private static CliResult Run(string workingFolder, params string[] args)
    {
        using var process = Process.Start(KmpProcess(args, workingFolder))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new CliResult(process.ExitCode, output.GetAwaiter().GetResult(), error);
    }

    /// <summary>Runs kmp.dll in a process of its own told to stop at <paramref name="step"/>, and kills it (SIGKILL) there.</summary>
    private static void RunAndKill(string step, string[] args)
    {
        var start = KmpProcess(args);
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
