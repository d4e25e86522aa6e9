namespace Kmp.Cli.Tests;

/// <summary>A command line kmp does not understand: exit code 2, help on standard error, no stack trace.</summary>
public class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "frobnicate" }, "Verb 'frobnicate' is not recognized.")]
    [InlineData(new[] { "seal", "--bogus", "a.xml" }, "Option 'bogus' is unknown.")]
    [InlineData(new[] { "unseal", "a.mp", "--bogus" }, "Option 'bogus' is unknown.")]
    [InlineData(new[] { "inspect", "--bogus", "a.mp" }, "Option 'bogus' is unknown.")]
    [InlineData(new[] { "verify", "a.xml", "--schema", "xsd" }, "Option 'schema' is unknown.")]
    [InlineData(new[] { "diff", "a.xml", "b.xml", "--bogus" }, "Option 'bogus' is unknown.")]
    [InlineData(new[] { "templates", "--bogus" }, "Option 'bogus' is unknown.")]
    [InlineData(new[] { "key", "new", "a.snk", "--bits", "many" }, "Option 'bits' is defined with a bad format.")]
    [InlineData(new[] { "unseal" }, "A required value not bound to option name is missing.")]
    [InlineData(new[] { "diff", "a.xml" }, "A required value not bound to option name is missing.")]
    [InlineData(new[] { "seal" }, "A sequence value not bound to option name is defined with few items than")]
    [InlineData(new string[0], "No verb selected.")]
    public void A_bad_command_line_is_exit_code_2_with_the_reason_and_no_stack_trace(string[] args, string reason)
    {
        var result = Cli.Run(args);
        result.Code.Should().Be(ExitCodes.Usage, result.Err);
        result.Out.Should().BeEmpty();
        result.Err.Should().Contain(reason);
        result.Err.Should().NotContain("   at ").And.NotContain("Exception");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("--version")]
    public void Help_and_version_are_success(string option)
    {
        var result = Cli.Run(option);
        result.Code.Should().Be(ExitCodes.Success);
    }

    [Fact]
    public void Help_lists_the_verbs_under_test()
    {
        var result = Cli.Run("--help");
        foreach (var verb in new[] { "seal", "unseal", "inspect", "key", "verify", "diff", "templates" })
            result.Err.Should().MatchRegex($@"(?m)^\s+{verb}\s+\S", $"'{verb}' is a verb");
    }
}
