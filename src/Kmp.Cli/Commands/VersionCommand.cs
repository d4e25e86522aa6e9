using CommandLine;

namespace Kmp.Cli.Commands;

[Verb("version", HelpText = "Print kmp's own version (as 'kmp --version' does). The packs' version is 'kmp build --version V'.")]
public sealed class VersionCommand : ICommand
{
    public int Run(CommandConsole console)
    {
        console.Line($"kmp {Program.ToolVersion}");
        return ExitCodes.Success;
    }
}
