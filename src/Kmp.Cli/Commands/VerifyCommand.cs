using System.Text.Json;
using CommandLine;
using Kmp.ManagementPacks;
using Kmp.Verification;

namespace Kmp.Cli.Commands;

[Verb("verify", HelpText = "Verify management packs (.xml or .mp) the way SCOM's import does: structure, MP schema, references, module configuration, import rules, best practice, signatures.")]
public sealed class VerifyCommand : ICommand
{
    [Value(0, MetaName = "FILE", Min = 1, HelpText = "Packs to verify together (.xml or .mp, or folders of them as kmp build writes them); packs of one family resolve their references into each other.")]
    public IEnumerable<string> Files { get; init; } = [];

    [Option('r', "references", HelpText = "Folders of library packs (.mp or the XML of sealed packs, searched recursively) that references resolve into, like MPSeal's /I. Without it the built-in catalog is used.")]
    public IEnumerable<string> References { get; init; } = [];

    [Option('s', "schemas", HelpText = "Folder with Microsoft's MP schemas (ManagementPackSchema.v1.0.xsd, v1.1, v2.0 and maml/): also validate against them.")]
    public string? Schemas { get; init; }

    [Option("unsealed", Separator = ',', HelpText = "IDs of XML inputs that stay unsealed. Other XML inputs are verified as the packs a build seals (they may be referenced).")]
    public IEnumerable<string> Unsealed { get; init; } = [];

    [Option("key-token", HelpText = "Key token the XML inputs will be sealed with: references to them must carry it.")]
    public string? KeyToken { get; init; }

    [Option("strict-references", HelpText = "The packs given and the --references folders are the whole management group, as at SCOM's import: a reference to a pack that is absent, only older, or unsealed in every group (Microsoft.SystemCenter.Notifications.Internal, …) is an error (KMP3017), not 'not checked'. Without --references, the built-in catalog's libraries stand for the group.")]
    public bool StrictReferences { get; init; }

    [Option("json", HelpText = "Print the findings as JSON.")]
    public bool Json { get; init; }

    [Option("allow-delay-signed", HelpText = "A delay-signed pack is a warning (KMP7005), not an error (KMP7002): for a CI step that verifies before the release key signs.")]
    public bool AllowDelaySigned { get; init; }

    [Option("warnings-as-errors", HelpText = "Fail (exit code 1) on warnings too.")]
    public bool WarningsAsErrors { get; init; }

    public int Run(CommandConsole console)
    {
        if (KeyToken is not null && !Identifiers.IsPublicKeyToken(KeyToken.ToLowerInvariant()))
            throw new KmpException($"kmp verify: --key-token '{KeyToken}' is not a key token (16 hex digits)");
        var inputs = PackInput.LoadAll(Files);
        var unsealed = Unsealed.ToHashSet(StringComparer.Ordinal);
        var options = new VerificationOptions
        {
            References = References.Any() ? ReferenceLibrary.Load(References, includeBuiltIn: !StrictReferences) : ReferenceLibrary.BuiltIn,
            StrictReferences = StrictReferences,
            SchemaDirectory = Schemas,
            WillBeSealed = inputs.Where(i => !i.IsSealed && !unsealed.Contains(i.Id)).Select(i => i.Id).ToHashSet(StringComparer.Ordinal),
            SealingKeyToken = KeyToken?.ToLowerInvariant(),
            AllowDelaySigned = AllowDelaySigned,
        };
        var report = Verifier.Verify(inputs, options);
        if (Json)
        {
            console.Block(JsonSerializer.Serialize(new
            {
                packs = report.PackIds,
                errors = report.Errors,
                warnings = report.Warnings,
                findings = report.Findings.Select(f => new
                {
                    code = f.Code,
                    severity = f.Severity == Severity.Error ? "error" : "warning",
                    managementPack = f.ManagementPackId,
                    element = f.ElementId,
                    file = f.File,
                    line = f.Line,
                    message = f.Message,
                }),
            }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        else
        {
            foreach (var finding in report.Findings) console.Line(finding.ToString());
            console.Line($"{report.PackIds.Count} pack{(report.PackIds.Count == 1 ? "" : "s")} verified: {report.Errors} error{(report.Errors == 1 ? "" : "s")}, {report.Warnings} warning{(report.Warnings == 1 ? "" : "s")}");
        }
        return report.Failed(WarningsAsErrors) ? ExitCodes.Failed : ExitCodes.Success;
    }
}
