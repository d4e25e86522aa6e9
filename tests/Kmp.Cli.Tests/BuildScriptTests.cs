using System.Management.Automation.Language;
using Kmp.Testing;

namespace Kmp.Cli.Tests;

public class BuildScriptTests
{
    [Fact]
    public void Build_ps1_parses_with_the_real_PowerShell_parser()
    {
        var path = Path.Combine(Corpus.RepositoryRoot, "build.ps1");
        var ast = Parser.ParseFile(path, out _, out var errors);
        errors.Select(e => $"{e.Extent.StartLineNumber}:{e.Extent.StartColumnNumber}: {e.Message}").Should().BeEmpty();
        ast.ParamBlock.Parameters.Select(p => p.Name.VariablePath.UserPath)
            .Should().Contain(["Configuration", "Key", "Output"], "the issue asks for parameters for configuration, key and output folder");
    }

    [Fact]
    public void Build_ps1_runs_the_commands_of_the_readme()
    {
        var script = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "build.ps1"));
        var readme = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "README.md"));
        readme.Should().Contain("dotnet test KasperskyMomPack.sln");
        script.Should().Contain("dotnet test KasperskyMomPack.sln").And.Contain("'build', '--all'");
    }

    [Fact]
    public void Build_ps1_Release_makes_the_bundle_through_the_same_target_as_dotnet()
    {
        var ast = Parser.ParseFile(Path.Combine(Corpus.RepositoryRoot, "build.ps1"), out _, out _);
        ast.ParamBlock.Parameters.Select(p => p.Name.VariablePath.UserPath).Should().Contain(["Release", "BundleOut"]);
        var script = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "build.ps1"));
        script.Should().Contain("'-t:Bundle'").And.Contain("dotnet build src/Kmp.Cli");
        File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "src", "Kmp.Cli", "Bundle.targets")).Should().Contain("<Target Name=\"Bundle\"");
    }

    [Fact]
    public void A_script_with_a_syntax_error_is_caught_by_the_parser()
    {
        Parser.ParseInput("param([string] $x\nWrite-Host 'x'", out _, out var errors);
        errors.Should().NotBeEmpty("otherwise the test above could not fail");
    }
}
