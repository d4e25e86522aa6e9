using CommandLine;
using Kmp.Application.Docs;
using Kmp.ManagementPacks;

namespace Kmp.Cli.Commands;

[Verb("docs", HelpText = "Write the management pack guide: a self-contained HTML site of the family (or of the packs given) that reads without a network or JavaScript.")]
public sealed class DocsCommand : ICommand
{
    [Value(0, MetaName = "FILE", HelpText = "Packs to document instead of the family (.mp or .xml, sealed or not, or folders of them): a vendor's pack before it is imported.")]
    public IEnumerable<string> Files { get; init; } = [];

    [Option('p', "product", Separator = ',', HelpText = "Product keys to document (e.g. KSWS,KES). Default: all.")]
    public IEnumerable<string> Products { get; init; } = [];

    [Option("all", HelpText = "Document every product of the catalog (the default when no --product is given).")]
    public bool All { get; init; }

    [Option('t', "target", Default = "2007R2", HelpText = "Schema target of the packs described: 2007R2 or 2012.")]
    public string Target { get; init; } = "2007R2";

    [Option("version", Default = "1.0.0.0", HelpText = "Version of the packs described (four parts).")]
    public string Version { get; init; } = "1.0.0.0";

    [Option('o', "out", Default = "out/docs", HelpText = "Folder of the site (index.html and its pages).")]
    public string Out { get; init; } = "out/docs";

    [Option("templates", HelpText = "A folder of templates (library.json, products/*.json) instead of the embedded ones.")]
    public string? Templates { get; init; }

    [Option('k', "key", HelpText = "Strong-name key (.snk) whose token the guide gives for the family. Default: KMP_SIGNING_KEY, else the development key.")]
    public string? Key { get; init; }

    [Option('r', "references", HelpText = "Folders of library packs (.mp or .xml) that the FILEs' references resolve into, as for kmp verify. Without it, elements of packs not given are named by ID (a few of Microsoft's that kmp knows, by name).")]
    public IEnumerable<string> References { get; init; } = [];

    public int Run(CommandConsole console)
    {
        var files = Files.ToList();
        CommandLineValues.CheckProductSelection("docs", All, Products);
        CommandLineValues.OutputFolder("docs", Out);
        if (files.Count > 0 && (All || Products.Any() || Templates is not null || Key is not null))
            throw new KmpException(ErrorKind.Usage, "kmp docs: give either pack files or the family's options (--all, --product, --templates, --key), not both");
        if (files.Count == 0 && References.Any())
            throw new KmpException(ErrorKind.Usage, "kmp docs: --references resolves the references of pack files: give the files too");
        var result = GenerateDocs.Run(new DocsRequest
        {
            Products = [.. Products],
            Target = SchemaTargets.Parse(Target),
            Version = CommandLineValues.PackVersion("docs", Version),
            OutputFolder = Out,
            TemplatesFolder = Templates,
            KeyFile = Key,
            KeyFromEnvironment = CommandLineValues.KeyFromEnvironment,
            DevelopmentKeyFolder = CommandLineValues.DevelopmentKeyFolder,
            Files = files,
            References = [.. References],
        });
        foreach (var warning in result.Warnings) console.Warning(warning);
        if (result.KeyNotice is not null) console.Error(result.KeyNotice);
        console.Line($"wrote the guide ({result.Pages.Count} pages) into {Path.GetFullPath(Path.Combine(result.OutputFolder, "index.html"))}");
        return ExitCodes.Success;
    }
}
