using CommandLine;
using Kmp.ManagementPacks;
using Kmp.Packaging;

namespace Kmp.Cli.Commands;

[Verb("unseal", HelpText = "Extract the management pack XML from a sealed .mp (to standard output, or --out FILE).")]
public sealed class UnsealCommand : ICommand
{
    [Value(0, MetaName = "FILE.mp", Required = true, HelpText = "Sealed management pack.")]
    public string File { get; init; } = "";

    [Option('o', "out", HelpText = "Write the XML to this file (UTF-8) instead of standard output ('-' or /dev/stdout: standard output).")]
    public string? Out { get; init; }

    public int Run(CommandConsole console)
    {
        CommandLineValues.RefuseOverwriting("unseal", "--out", Out, ("the pack being unsealed", File));
        var pack = SealedManagementPack.Open(File);
        if (pack.SignatureStatus != SignatureStatus.Valid)
            console.Warning($"{File}: strong-name signature is {InspectCommand.Describe(pack.SignatureStatus)}");
        if (Out is null || CommandLineValues.IsStandardOutput(Out))
        {
            console.Out.Write(pack.Xml); // exactly the stored text: `kmp unseal X.mp > X.xml` round-trips
            return ExitCodes.Success;
        }
        AtomicFile.WriteAllText(Out, pack.Xml);
        console.Error($"{pack.Identity.Id} {pack.Identity.Version} -> {Out}");
        return ExitCodes.Success;
    }
}
