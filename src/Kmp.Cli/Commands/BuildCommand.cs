using CommandLine;
using Kmp.Application.Build;
using Kmp.ManagementPacks;

namespace Kmp.Cli.Commands;

[Verb("build", HelpText = "Build the Kaspersky Lab pack family: templates -> XML -> sealed .mp files.")]
public sealed class BuildCommand : ICommand
{
    [Option('p', "product", Separator = ',', HelpText = "Product keys to build (e.g. KSWS,KES). Default: all.")]
    public IEnumerable<string> Products { get; init; } = [];

    [Option("all", HelpText = "Build every product of the catalog (the default when no --product is given).")]
    public bool All { get; init; }

    [Option('t', "target", Default = "2007R2", HelpText = "Schema target: 2007R2 (schema 1.0, imports into 2007 R2 through 2025) or 2012 (schema 2.0).")]
    public string Target { get; init; } = "2007R2";

    [Option("version", Default = "1.0.0.0", HelpText = "Version of every pack of the family (four parts).")]
    public string Version { get; init; } = "1.0.0.0";

    [Option('o', "out", Default = "out", HelpText = "Output folder.")]
    public string Out { get; init; } = "out";

    [Option("templates", HelpText = "A folder of templates (library.json, products/*.json) instead of the embedded ones.")]
    public string? Templates { get; init; }

    [Option('k', "key", HelpText = "Strong-name key pair (.snk) to seal with. Default: KMP_SIGNING_KEY, else a development key.")]
    public string? Key { get; init; }

    [Option("delay-sign", HelpText = "Public key (.snk) to delay-sign with; sign for release later.")]
    public string? DelaySign { get; init; }

    [Option("xml-only", HelpText = "Write the XML only, do not seal.")]
    public bool XmlOnly { get; init; }

    [Option("baseline", HelpText = "Folder of the released packs (.mp or .xml): fail unless the new family is upgrade compatible with them.")]
    public string? Baseline { get; init; }

    [Option("warnings-as-errors", HelpText = "Verification warnings fail the build.")]
    public bool WarningsAsErrors { get; init; }

    public int Run(CommandConsole console)
    {
        CommandLineValues.CheckProductSelection("build", All, Products);
        CommandLineValues.OutputFolder("build", Out);
        var version = CommandLineValues.PackVersion("build", Version);
        var result = BuildCatalog.Run(new BuildRequest
        {
            Products = [.. Products],
            Target = SchemaTargets.Parse(Target),
            Version = version,
            OutputFolder = Out,
            TemplatesFolder = Templates,
            KeyFile = Key,
            DelaySignKeyFile = DelaySign,
            KeyFromEnvironment = CommandLineValues.KeyFromEnvironment,
            DevelopmentKeyFolder = CommandLineValues.DevelopmentKeyFolder,
            XmlOnly = XmlOnly,
            BaselineFolder = Baseline,
            WarningsAsErrors = WarningsAsErrors,
        });
        foreach (var warning in result.Warnings) console.Warning(warning);
        foreach (var finding in result.Verification.Findings) console.Error(MessageText.OneLine(finding.ToString()));
        foreach (var pack in result.Baseline?.Packs.Where(p => !p.IsCompatible) ?? [])
            foreach (var reason in pack.Incompatibilities)
                console.Error($"{pack.ManagementPackId}: not upgrade compatible with {pack.OldVersion}: {reason}");
        if (!result.Succeeded)
        {
            console.Error($"kmp build: {result.Verification.Errors} verification error(s), {result.Verification.Warnings} warning(s)"
                + (result.Baseline is { IsCompatible: false } ? ", not upgrade compatible with the baseline" : "") + "; nothing was written");
            return ExitCodes.Failed;
        }
        if (!XmlOnly) console.Error(result.KeyNotice);
        foreach (var pack in result.Packs)
            console.Line($"{pack.Id,-40} {Path.GetFileName(pack.XmlPath)}{(pack.SealedPath is null ? "" : "  " + Path.GetFileName(pack.SealedPath))}");
        console.Line($"built {result.Packs.Count} packs for target {SchemaTargets.Parse(Target).Name()} into {Path.GetFullPath(Out)}");
        console.Line($"the guide: {Path.GetFullPath(Path.Combine(Out, BuildCatalog.DocsFolder, "index.html"))}");
        return ExitCodes.Success;
    }
}
