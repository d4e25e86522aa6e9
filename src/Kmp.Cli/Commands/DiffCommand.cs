using System.Text.Json;
using CommandLine;
using Kmp.Verification;
using Kmp.Verification.Upgrade;

namespace Kmp.Cli.Commands;

[Verb("diff", HelpText = "Compare two versions of a pack (.xml or .mp, any mix): added, removed and changed elements, and whether the new version is upgrade compatible.")]
public sealed class DiffCommand : ICommand
{
    [Value(0, MetaName = "OLD", Required = true, HelpText = "The old version (.xml or .mp).")]
    public string Old { get; init; } = "";

    [Value(1, MetaName = "NEW", Required = true, HelpText = "The new version (.xml or .mp).")]
    public string New { get; init; } = "";

    [Option('r', "references", HelpText = "Folders of library packs to resolve base classes in other packs (default: the built-in catalog).")]
    public IEnumerable<string> References { get; init; } = [];

    [Option("json", HelpText = "Print the result as JSON.")]
    public bool Json { get; init; }

    public int Run(CommandConsole console)
    {
        var references = References.Any() ? ReferenceLibrary.Load(References) : ReferenceLibrary.BuiltIn;
        var result = UpgradeCompatibility.Compare(PackInput.Load(Old), PackInput.Load(New), references);
        if (Json)
        {
            console.Block(JsonSerializer.Serialize(new
            {
                managementPack = result.ManagementPackId,
                oldVersion = result.OldVersion.ToString(),
                newVersion = result.NewVersion.ToString(),
                oldKeyToken = result.OldKeyToken,
                newKeyToken = result.NewKeyToken,
                compatible = result.IsCompatible,
                enforced = result.Enforced,
                changes = result.Changes.Select(c => new { change = c.Change.ToString().ToLowerInvariant(), kind = c.Kind, id = c.Id, detail = c.Detail }),
                incompatibilities = result.Incompatibilities.Select(i => new { code = i.Code.Code, element = i.ElementId, reason = i.Reason }),
                notes = result.Notes,
            }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        else
        {
            console.Line($"{result.ManagementPackId} {result.OldVersion} -> {result.NewVersion}");
            foreach (var change in result.Changes) console.Line("  " + change);
            foreach (var remark in result.Notes) console.Line("  note: " + remark);
            var counts = $"{result.Changes.Count(c => c.Change == ChangeKind.Added)} added, {result.Changes.Count(c => c.Change == ChangeKind.Removed)} removed, {result.Changes.Count(c => c.Change == ChangeKind.Changed)} changed";
            var note = result.Enforced ? "" : " (the old pack is unsealed: SCOM does not enforce this for unsealed packs)";
            if (result.IsCompatible)
            {
                console.Line($"{counts}; upgrade compatible{note}");
            }
            else
            {
                console.Line($"{counts}; NOT upgrade compatible{note}:");
                foreach (var problem in result.Incompatibilities) console.Line("  " + problem);
            }
        }
        return result.IsCompatible ? ExitCodes.Success : ExitCodes.Failed;
    }
}
