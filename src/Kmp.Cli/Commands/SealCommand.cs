using CommandLine;
using Kmp.Packaging;

namespace Kmp.Cli.Commands;

[Verb("seal", HelpText = "Seal management pack XML into a signed <ID>.mp (strong-named assembly, written in-process).")]
public sealed class SealCommand : ICommand
{
    [Value(0, MetaName = "FILE.xml", Min = 1, HelpText = "Management pack XML file(s) to seal.")]
    public IEnumerable<string> Files { get; init; } = [];

    [Option('k', "key", HelpText = "Strong-name key pair (.snk) to sign with. Default: KMP_SIGNING_KEY (base64 of an .snk), else the development key in .kmp/.")]
    public string? Key { get; init; }

    [Option("delay-sign", HelpText = "Public key (.snk, as 'sn -p' or 'kmp key public' writes it) to delay-sign with; sign later with 'kmp key sign'.")]
    public string? DelaySign { get; init; }

    [Option("company", Default = "", HelpText = "AssemblyCompany of the .mp.")]
    public string Company { get; init; } = "";

    [Option("copyright", Default = "", HelpText = "AssemblyCopyright of the .mp.")]
    public string Copyright { get; init; } = "";

    [Option("product", HelpText = "AssemblyProduct of the .mp. Default: the MP ID (as the SCOM SDK writes it).")]
    public string? Product { get; init; }

    [Option('o', "out", HelpText = "Output folder. Default: the folder of each XML file.")]
    public string? Out { get; init; }

    public int Run(CommandConsole console)
    {
        CommandLineValues.OutputFolder("seal", Out);
        var signing = SigningKeys.Resolve(Key, DelaySign, CommandLineValues.KeyFromEnvironment, CommandLineValues.DevelopmentKeyFolder);
        foreach (var warning in signing.Warnings) console.Warning(warning);

        var options = new SealOptions { Company = Company, Copyright = Copyright, Product = Product };
        foreach (var file in Files)
        {
            var folder = Out ?? Path.GetDirectoryName(Path.GetFullPath(file))!;
            var result = ManagementPackSealer.SealFile(file, signing.Key, options, folder);
            console.Line($"{result.Identity.Id} {result.Identity.Version} -> {result.Path} ({result.Length} bytes, key token {result.PublicKeyToken}, {(result.DelaySigned ? "DELAY-SIGNED" : "signed")})");
        }
        // After sealing, as kmp build does: an input error stays the only line on standard error.
        if (signing.Source is SigningKeySource.Development or SigningKeySource.DelaySign) console.Warning(signing.Notice);
        else console.Error(signing.Notice);
        return ExitCodes.Success;
    }
}
