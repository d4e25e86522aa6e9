using Kmp.Testing;

namespace Kmp.Cli.Tests;

/// <summary>kmp docs: the guide of the family or of pack files; refusals in one line, nothing half written.</summary>
public sealed class DocsCommandTests
{
    [Fact]
    public void Docs_for_the_family_writes_the_site_and_says_where()
    {
        using var temp = new TempDirectory();
        var key = Cli.NewKeyPair(temp.File("k.snk"));
        var result = Cli.Run("docs", "--product", "KES,KSE", "--out", temp.File("site"), "--key", temp.File("k.snk"));
        result.Code.Should().Be(ExitCodes.Success, result.Err);
        result.OutLines.Should().ContainSingle().Which.Should().Be($"wrote the guide (5 pages) into {Path.Combine(temp.File("site"), "index.html")}");
        Cli.FilesIn(temp.File("site")).Should().Equal("index.html", "install.html", "library.html", "product-KES.html", "product-KSE.html");
        File.ReadAllText(temp.File("site/index.html")).Should().Contain(key.PublicKeyToken, "the guide gives the token of the key the packs are sealed with");
        result.Err.Trim().Should().Be($"the guide gives the token {key.PublicKeyToken} of the key {temp.File("k.snk")}");
    }

    [Fact]
    public void A_new_guide_in_the_same_folder_removes_the_pages_of_the_last_that_it_does_not_have_and_nothing_else()
    {
        using var temp = new TempDirectory();
        Cli.Run("docs", "--product", "KES,KSC", "--out", temp.Path).Code.Should().Be(ExitCodes.Success);
        File.WriteAllText(temp.File("notes.html"), "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>mine</body></html>");
        File.WriteAllText(temp.File("product-OLD.txt"), "mine too");
        if (!OperatingSystem.IsWindows())
        {
            File.CreateSymbolicLink(temp.File("link.html"), temp.File("product-KSC.html"));
            System.Diagnostics.Process.Start("mkfifo", temp.File("fifo.html"))!.WaitForExit(); // never read: a FIFO would block the reader
        }
        var second = Cli.Run("docs", "--product", "KES", "--out", temp.Path);
        second.Code.Should().Be(ExitCodes.Success, second.Err);
        Cli.FilesIn(temp.Path).Where(f => f is not ("link.html" or "fifo.html")).Should().Equal("index.html", "install.html", "library.html", "notes.html", "product-KES.html", "product-OLD.txt");
        if (!OperatingSystem.IsWindows())
        {
            new FileInfo(temp.File("link.html")).LinkTarget.Should().NotBeNull("a link is not a page kmp wrote: it stays");
            File.Exists(temp.File("fifo.html")).Should().BeTrue();
        }
    }

    [Fact]
    public void Docs_of_a_pack_file_writes_a_page_for_it()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var result = Cli.Run("docs", family.Sealed("KasperskyLab.KES.Monitoring"), family.Xml("KasperskyLab.Library"), "--out", temp.Path);
        result.Code.Should().Be(ExitCodes.Success, result.Err);
        Cli.FilesIn(temp.Path).Should().Equal("index.html", "pack-KasperskyLab.KES.Monitoring.html", "pack-KasperskyLab.Library.html");
        File.ReadAllText(temp.File("pack-KasperskyLab.KES.Monitoring.html")).Should().Contain("Malicious object detected");
    }

    [Fact]
    public void Build_writes_the_guide_of_what_it_built_into_docs()
    {
        using var temp = new TempDirectory();
        var result = Cli.Run("build", "--product", "KSC", "--out", temp.Path, "--templates", Cli.Templates, "--xml-only");
        result.Code.Should().Be(ExitCodes.Success, result.Err);
        result.OutLines.Last().Should().Be($"the guide: {Path.Combine(temp.Path, "docs", "index.html")}");
        Cli.FilesIn(temp.File("docs")).Should().Equal("index.html", "install.html", "library.html", "product-KSC.html");
        File.ReadAllText(temp.File("docs/product-KSC.html")).Should().Contain("KasperskyLab.KSC.Monitoring");
    }

    [Fact]
    public void Templates_with_a_product_kmp_remove_does_not_know_still_build_and_the_guide_says_there_is_no_plan_for_it()
    {
        using var temp = new TempDirectory();
        foreach (var file in Directory.EnumerateFiles(Cli.Templates, "*.json", SearchOption.AllDirectories))
        {
            var to = Path.Combine(temp.File("templates"), Path.GetRelativePath(Cli.Templates, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        File.WriteAllText(temp.File("templates/products/kesx.json"), File.ReadAllText(Path.Combine(Cli.Templates, "products", "kes.json"))
            .Replace("\"key\": \"KES\"", "\"key\": \"KESX\"", StringComparison.Ordinal));
        var result = Cli.Run("build", "--product", "KESX,KSC", "--templates", temp.File("templates"), "--xml-only", "--out", temp.File("out"));
        result.Code.Should().Be(ExitCodes.Success, result.Err);
        var install = File.ReadAllText(temp.File("out/docs/install.html"));
        install.Should().Contain("No plan: kmp remove removes the family kmp ships, and these templates add packs it does not know (KasperskyLab.KESX.Discovery");
    }

    [Fact]
    public void A_broken_pack_file_is_one_line_naming_the_file_and_place_and_nothing_is_written()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("broken.xml"), "<ManagementPack>\n  <Manifest>\n</ManagementPack>\n");
        Cli.Run("docs", temp.File("broken.xml"), "--out", temp.File("site"))
            .ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(temp.File("broken.xml"))}:3:\\d+: ");
        Cli.Run("docs", temp.File("absent.mp"), "--out", temp.File("site"))
            .ShouldBeOneLineError(ExitCodes.BadInput, $"^{Cli.Literal(temp.File("absent.mp"))}: ");
        Directory.Exists(temp.File("site")).Should().BeFalse("a refused input writes nothing");
    }

    [Fact]
    public void A_folder_where_a_page_goes_stops_the_guide_before_any_page_is_written()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("site/install.html"));
        Cli.Run("docs", "--product", "KSC", "--out", temp.File("site"))
            .ShouldBeOneLineError(ExitCodes.CannotWrite, $"^{Cli.Literal(Path.Combine(temp.File("site"), "install.html"))}: a folder where a page of the guide goes; .*nothing was written$");
        Cli.FilesIn(temp.File("site")).Should().BeEmpty("no page was written, index.html neither");

        Directory.CreateDirectory(temp.File("out/docs/index.html"));
        Cli.Run("build", "--product", "KSC", "--xml-only", "--out", temp.File("out"))
            .ShouldBeOneLineError(ExitCodes.CannotWrite, $"^{Cli.Literal(Path.Combine(temp.File("out"), "docs", "index.html"))}: a folder where a page of the guide goes");
        Directory.GetFiles(temp.File("out")).Should().BeEmpty("kmp build writes no pack when its guide cannot be written");
    }

    [Fact]
    public void A_users_own_file_where_a_page_goes_is_refused_not_replaced()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("site"));
        File.WriteAllText(temp.File("site/product-KSC.html"), "my own handwritten product page");
        Cli.Run("docs", "--product", "KSC", "--out", temp.File("site"))
            .ShouldBeOneLineError(ExitCodes.CannotWrite, $"^{Cli.Literal(Path.Combine(temp.File("site"), "product-KSC.html"))}: a file kmp did not write \\(it does not name kmp docs as its generator\\) where a page of the guide goes; .*nothing was written");
        Cli.FilesIn(temp.File("site")).Should().Equal("product-KSC.html");
        File.ReadAllText(temp.File("site/product-KSC.html")).Should().Be("my own handwritten product page");

        Directory.CreateDirectory(temp.File("out/docs"));
        File.WriteAllText(temp.File("out/docs/index.html"), "my index");
        Cli.Run("build", "--product", "KSC", "--xml-only", "--out", temp.File("out"))
            .ShouldBeOneLineError(ExitCodes.CannotWrite, $"^{Cli.Literal(Path.Combine(temp.File("out"), "docs", "index.html"))}: a file kmp did not write");
        Directory.GetFiles(temp.File("out")).Should().BeEmpty("kmp build writes no pack when its guide cannot be written");
        Cli.FilesIn(temp.File("out/docs")).Should().Equal("index.html");
        File.ReadAllText(temp.File("out/docs/index.html")).Should().Be("my index");
    }

    [Fact]
    public void A_file_where_the_guides_folder_goes_is_refused_in_those_words()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("out"));
        File.WriteAllText(temp.File("out/docs"), "mine");
        Cli.Run("build", "--product", "KSC", "--xml-only", "--out", temp.File("out"))
            .ShouldBeOneLineError(ExitCodes.CannotWrite, $"^{Cli.Literal(Path.Combine(temp.File("out"), "docs"))}: a file where kmp writes a folder; ");
        Cli.Run("docs", "--product", "KSC", "--out", temp.File("out/docs"))
            .ShouldBeOneLineError(ExitCodes.CannotWrite, $"^{Cli.Literal(temp.File("out/docs"))}: a file where kmp writes a folder; ");
        Cli.FilesIn(temp.File("out")).Should().Equal("docs");
    }

    [Theory]
    [InlineData(new[] { "docs", "x.mp", "--product", "KES" }, "^kmp docs: give either pack files or the family's options")]
    [InlineData(new[] { "docs", "--references", "libs" }, "^kmp docs: --references resolves the references of pack files: give the files too$")]
    [InlineData(new[] { "docs", "--all", "--product", "KES" }, "^kmp docs: give either --all or --product, not both$")]
    [InlineData(new[] { "docs", "--out", "-" }, "^kmp docs: --out -: docs writes files into a folder, not to standard output$")]
    public void Options_that_exclude_each_other_are_usage_errors(string[] args, string pattern)
    {
        Cli.Run(args).ShouldBeOneLineError(ExitCodes.Usage, pattern);
    }

    [Fact]
    public void An_unknown_product_is_refused_in_one_line()
    {
        using var temp = new TempDirectory();
        Cli.Run("docs", "--product", "NOPE", "--out", temp.File("site"))
            .ShouldBeOneLineError(ExitCodes.BadInput, "^unknown product 'NOPE': the catalog has .*KSWS");
        Directory.Exists(temp.File("site")).Should().BeFalse();
    }

    [Fact]
    public void A_folder_another_kmp_command_is_writing_into_is_refused()
    {
        using var temp = new TempDirectory();
        using (new FileStream(temp.File(".kmp-build.lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            var busy = Cli.Run("docs", "--product", "KSC", "--out", temp.Path);
            busy.Code.Should().Be(ExitCodes.GroupBusy, busy.Err);
            busy.Err.Should().Contain("another kmp command is writing into this folder");
        }
        Cli.FilesIn(temp.Path).Should().Equal(".kmp-build.lock");
    }

    [Fact]
    public void A_build_does_not_write_its_guide_while_kmp_docs_writes_into_its_docs_folder()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("out/docs"));
        using (new FileStream(temp.File("out/docs/.kmp-build.lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            var busy = Cli.Run("build", "--product", "KSC", "--xml-only", "--out", temp.File("out"));
            busy.Code.Should().Be(ExitCodes.GroupBusy, busy.Err);
            busy.Err.Should().Contain($"{Path.Combine(temp.File("out"), "docs")}: another kmp command is writing into this folder");
        }
        Directory.GetFiles(temp.File("out")).Should().BeEmpty("the build waits for nothing: it refuses before writing a pack");
        Cli.FilesIn(temp.File("out/docs")).Should().Equal(".kmp-build.lock");
    }

    [Fact]
    public void A_build_refuses_a_link_where_its_guide_folder_goes_and_writes_nothing()
    {
        if (OperatingSystem.IsWindows()) return; // symbolic links need a privilege there
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("elsewhere"));
        Directory.CreateDirectory(temp.File("out"));
        File.CreateSymbolicLink(temp.File("out/docs"), temp.File("elsewhere"));
        Cli.Run("build", "--product", "KSC", "--xml-only", "--out", temp.File("out"))
            .ShouldBeOneLineError(ExitCodes.CannotWrite, $"^{Cli.Literal(Path.Combine(temp.File("out"), "docs"))}: a symbolic link where the guide's folder goes; .*nothing was written");
        Directory.GetFiles(temp.File("out")).Should().BeEmpty("no pack is written when the guide cannot be");
        Directory.GetFileSystemEntries(temp.File("elsewhere")).Should().BeEmpty("the link is not followed");
    }
}
