using Kmp.Testing;

namespace Kmp.Cli.Tests;

/// <summary>A command line kmp does not understand: exit code 2, one line naming the problem and the help to read, no stack trace.</summary>
public class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "frobnicate" }, "^kmp: Verb 'frobnicate' is not recognized. See 'kmp --help'.$")]
    [InlineData(new[] { "seal", "--bogus", "a.xml" }, "^kmp seal: Option 'bogus' is unknown. See 'kmp seal --help'.$")]
    [InlineData(new[] { "unseal", "a.mp", "--bogus" }, "^kmp unseal: Option 'bogus' is unknown. See 'kmp unseal --help'.$")]
    [InlineData(new[] { "inspect", "--bogus", "a.mp" }, "^kmp inspect: Option 'bogus' is unknown.")]
    [InlineData(new[] { "verify", "a.xml", "--schema", "xsd" }, "^kmp verify: Option 'schema' is unknown.")]
    [InlineData(new[] { "diff", "a.xml", "b.xml", "--bogus" }, "^kmp diff: Option 'bogus' is unknown.")]
    [InlineData(new[] { "templates", "--bogus" }, "^kmp templates: Option 'bogus' is unknown.")]
    [InlineData(new[] { "key", "new", "a.snk", "--bits", "many" }, "^kmp key: Option 'bits' is defined with a bad format.")]
    [InlineData(new[] { "unseal" }, "^kmp unseal: missing FILE.mp. See 'kmp unseal --help'.$")]
    [InlineData(new[] { "diff", "a.xml" }, "^kmp diff: missing NEW. See 'kmp diff --help'.$")]
    [InlineData(new[] { "diff", "--json", "a.xml" }, "^kmp diff: missing NEW.")]
    [InlineData(new[] { "seal" }, "^kmp seal: missing FILE.xml.")]
    [InlineData(new string[0], "^kmp: No verb selected. See 'kmp --help'.$")]
    [InlineData(new[] { "unseal", "a.mp", "b.mp" }, @"^kmp unseal: unexpected argument 'b.mp' \(it takes 1\); see 'kmp unseal --help'$")]
    [InlineData(new[] { "diff", "a.xml", "b.xml", "c.xml" }, @"^kmp diff: unexpected argument 'c.xml' \(it takes 2\)")]
    [InlineData(new[] { "build", "--out", "a", "--out", "b" }, "^kmp build: --out is given more than once; see 'kmp build --help'$")]
    [InlineData(new[] { "--version", "extra" }, @"^kmp: --version takes no arguments \(given 'extra'\); see 'kmp --help'$")]
    [InlineData(new[] { "--version", "--help", "--bogus" }, @"^kmp: --version takes no arguments \(given '--bogus'\); see 'kmp --help'$")]
    [InlineData(new[] { "version", "extra" }, @"^kmp version: unexpected argument 'extra' \(it takes 0\); see 'kmp version --help'$")]
    public void A_bad_command_line_is_one_line_with_exit_code_2(string[] args, string pattern)
    {
        Cli.Run(args).ShouldBeOneLineError(ExitCodes.Usage, pattern);
    }

    [Theory]
    [InlineData(new[] { "build", "--all", "--out", "" }, "^kmp build: --out is given an empty value")]
    [InlineData(new[] { "build", "--all", "--out=" }, "^kmp build: --out is given an empty value")]
    [InlineData(new[] { "seal", "" }, @"^kmp seal: an argument is empty \(''\)")]
    [InlineData(new[] { "mg", "init", "" }, @"^kmp mg: an argument is empty \(''\)")]
    [InlineData(new[] { "key", "new", "" }, @"^kmp key: an argument is empty \(''\)")]
    [InlineData(new[] { "build", "--all", "--templates", "" }, "^kmp build: --templates is given an empty value")]
    [InlineData(new[] { "build", "--all", "--key", "" }, "^kmp build: --key is given an empty value")]
    [InlineData(new[] { "seal", "a.xml", "--delay-sign", "" }, "^kmp seal: --delay-sign is given an empty value")]
    [InlineData(new[] { "remove", "--all", "--mg", "local:x", "--backup", "" }, "^kmp remove: --backup is given an empty value")]
    [InlineData(new[] { "remove", "--all", "--mg", "local:x", "--emit-script", "" }, "^kmp remove: --emit-script is given an empty value")]
    [InlineData(new[] { "build", "--all", "-o=out" }, "^kmp build: '-o=out' is not a value for -o")]
    public void An_empty_value_or_argument_is_a_usage_error_never_an_internal_error_or_ignored(string[] args, string pattern)
    {
        Cli.Run(args).ShouldBeOneLineError(ExitCodes.Usage, pattern);
    }

    [Fact]
    public void Help_asked_for_goes_to_standard_output_and_dash_dash_ends_the_options()
    {
        var version = Cli.Run("--version", "--help");
        version.Code.Should().Be(ExitCodes.Success);
        version.Out.Should().StartWith("kmp ");
        using var dir = new TempDirectory();
        var result = Cli.Run("verify", "--", dir.File("-x.mp"));
        result.Err.Should().NotContain("is unknown").And.Contain("-x.mp");
        result.Code.Should().Be(ExitCodes.BadInput);
    }

    [Theory]
    [InlineData("build", "--target")]
    [InlineData("build", "--out")]
    [InlineData("build", "--version")]
    [InlineData("build", "-o")]
    [InlineData("unseal", "--out")]
    [InlineData("seal", "--out")]
    [InlineData("verify", "--references")]
    [InlineData("import", "--mg")]
    [InlineData("docs", "--out")]
    [InlineData("docs", "--references")]
    public void An_option_without_its_value_is_a_usage_error_and_nothing_is_written(string verb, string option)
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var name = option == "-o" ? "--out" : option;
        string[] before = verb switch
        {
            "build" when name == "--out" => ["build", "--product", "KSWS", "--key", family.KeyPair, "--xml-only"],
            "build" => ["build", "--product", "KSWS", "--key", family.KeyPair, "--xml-only", "--out", temp.File("out")],
            "unseal" => ["unseal", family.Sealed("KasperskyLab.Library")],
            "seal" => ["seal", family.Xml("KasperskyLab.Library"), "--key", family.KeyPair],
            "verify" => ["verify", family.Xml("KasperskyLab.Library")],
            "docs" when name == "--out" => ["docs", "--product", "KSWS", "--key", family.KeyPair],
            "docs" => ["docs", family.Xml("KasperskyLab.Library"), "--out", temp.File("out")],
            _ => ["import", "--all"],
        };
        // At the end, and before another option: both are a missing value, never the option's default.
        Cli.Run([.. before, option]).ShouldBeOneLineError(ExitCodes.Usage, $"^kmp {verb}: {name} needs a value; see 'kmp {verb} --help'$");
        Cli.Run([.. before, option, "--help-me-not"]).ShouldBeOneLineError(ExitCodes.Usage, $"^kmp {verb}: {name} needs a value");
        Cli.FilesIn(temp.Path).Should().BeEmpty();
        Directory.Exists("out").Should().BeFalse("no build fell back to ./out");
    }

    [Fact]
    public void List_options_may_be_repeated_as_mpseal_repeats_I()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var first = temp.File("a");
        var second = temp.File("b");
        Directory.CreateDirectory(first);
        Directory.CreateDirectory(second);
        File.Copy(family.Sealed("KasperskyLab.Library"), Path.Combine(first, "KasperskyLab.Library.mp"));
        File.Copy(family.Sealed("KasperskyLab.KSWS.Discovery"), Path.Combine(second, "KasperskyLab.KSWS.Discovery.mp"));

        var result = Cli.Run("verify", family.Xml("KasperskyLab.KSWS.Monitoring"), "--references", first, "--references", second, "--key-token", family.KeyToken);

        result.Code.Should().Be(ExitCodes.Success, result.Out + result.Err);
        result.OutLines.Last().Should().Be("1 pack verified: 0 errors, 0 warnings");

        // The second folder is read too: a broken pack in it is named.
        var broken = Path.Combine(second, "KasperskyLab.Broken.mp");
        File.WriteAllText(broken, "not a pack");
        Cli.Run("verify", family.Xml("KasperskyLab.KSWS.Monitoring"), "--references", first, "--references", second)
            .ShouldBeOneLineError(ExitCodes.BadInput, $"^references folder: {Cli.Literal(broken)}: not a sealed management pack");
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("version")]
    public void The_tool_version_is_kmp_version_only(string how)
    {
        var result = Cli.Run(how);
        result.Code.Should().Be(ExitCodes.Success);
        result.OutLines.Should().ContainSingle().Which.Should().MatchRegex(@"^kmp \d+\.\d+\.\d+");
    }

    [Fact]
    public void Version_after_a_verb_is_the_packs_version_not_the_tools()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var build = Cli.Run("build", "--version", "2.0.0.0", "-p", "KSWS", "--key", family.KeyPair, "--out", temp.Path);
        build.Code.Should().Be(ExitCodes.Success, build.Err);
        build.Out.Should().NotMatchRegex(@"^kmp \d");
        Kmp.Packaging.SealedManagementPack.Open(temp.File("KasperskyLab.KSWS.Discovery.mp")).Identity.Version.Should().Be(new Version(2, 0, 0, 0));

        var import = Cli.Run("import", "--version", "2.0.0.0", "--all");
        import.ShouldBeOneLineError(ExitCodes.Usage, "Required option 'mg' is missing");
    }

    [Theory]
    [InlineData("build")]
    [InlineData("import")]
    [InlineData("seal")]
    [InlineData("verify")]
    public void Help_lists_version_at_most_once_and_only_where_it_is_the_packs(string verb)
    {
        var result = Cli.Run(verb, "--help");
        result.Code.Should().Be(ExitCodes.Success);
        var lines = result.OutLines.Where(l => l.StartsWith("--version", StringComparison.Ordinal)).ToList();
        lines.Should().HaveCount(verb is "build" or "import" ? 1 : 0, result.Out);
        if (lines.Count > 0) lines.Single().Should().MatchRegex("Version of (every pack|the packs)");
    }

    [Fact]
    public void The_verb_list_names_every_verb_class_by_its_verb_name_in_order()
    {
        // Program.Verbs replaces a scan of the assembly at start-up; a verb class left out of it would be unreachable.
        var declared = typeof(Program).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(CommandLine.VerbAttribute), false).Length > 0 && typeof(ICommand).IsAssignableFrom(t))
            .Select(t => (((CommandLine.VerbAttribute)t.GetCustomAttributes(typeof(CommandLine.VerbAttribute), false)[0]).Name, t))
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .ToList();
        declared.Should().NotBeEmpty();
        Program.Verbs.Should().Equal(declared);
    }

    [Fact]
    public void Help_is_success_and_lists_the_verbs_and_never_points_at_files_users_do_not_have()
    {
        var result = Cli.Run("--help");
        result.Code.Should().Be(ExitCodes.Success);
        foreach (var verb in new[] { "seal", "unseal", "inspect", "key", "verify", "diff", "docs", "templates", "version" })
            result.Out.Should().MatchRegex($@"(?m)^\s+{verb}\s+\S", $"'{verb}' is a verb");
        result.Err.Should().BeEmpty("help asked for is output (kmp --help | less)");
        foreach (var verb in new[] { "build", "seal", "unseal", "inspect", "key", "verify", "diff", "docs", "templates", "import", "remove", "notify", "list", "mg" })
        {
            var help = Cli.Run(verb, "--help");
            help.Code.Should().Be(ExitCodes.Success);
            (help.Out + help.Err).Should().NotMatchRegex(@"DESIGN\.md|reference/|§", $"kmp {verb} --help");
            help.Err.Should().BeEmpty();
            Cli.Run("help", verb).Out.Should().Be(help.Out, $"kmp help {verb} is kmp {verb} --help");
        }
    }

    [Fact]
    public void A_template_key_with_a_line_break_is_still_one_line()
    {
        using var temp = new TempDirectory();
        var templates = temp.File("templates");
        foreach (var file in Directory.EnumerateFiles(Cli.Templates, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(templates, Path.GetRelativePath(Cli.Templates, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var product = Path.Combine(templates, "products", "ksws.json");
        File.WriteAllText(product, File.ReadAllText(product).Replace("\"key\": \"KSWS\"", "\"key\": \"KS\\nWS\""));

        Cli.Run("templates", "--templates", templates).ShouldBeOneLineError(ExitCodes.BadInput, $@"^{Cli.Literal(product)}:\d+:\d+: .*KS\\nWS");
    }

    [Fact]
    public void Every_exit_code_and_every_error_kind_is_in_one_table_that_README_documents()
    {
        var codes = typeof(ExitCodes).GetFields().Where(f => f.IsLiteral).Select(f => (int)f.GetRawConstantValue()!).Order().ToList();
        var readme = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "README.md"));
        var table = readme[readme.IndexOf("## Exit codes", StringComparison.Ordinal)..];
        var documented = System.Text.RegularExpressions.Regex.Matches(table, @"(?m)^\| (\d+) \|").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        documented.Should().Equal(codes, "README's table lists every exit code once, in order");
        foreach (var kind in Enum.GetValues<Kmp.ManagementPacks.ErrorKind>())
            codes.Should().Contain(ExitCodes.For(kind), $"{kind} has a code");
        Enum.GetValues<Kmp.ManagementPacks.ErrorKind>().Select(ExitCodes.For).Where(c => c != ExitCodes.Failed).Should().OnlyHaveUniqueItems("a kind is told apart by its code");
    }
}
