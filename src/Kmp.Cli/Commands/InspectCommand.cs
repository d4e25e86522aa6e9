using System.Text.Json;
using CommandLine;
using Kmp.Packaging;

namespace Kmp.Cli.Commands;

[Verb("inspect", HelpText = "Summarise a sealed .mp: ID, version, key token, signature, assembly attributes, element counts.")]
public sealed class InspectCommand : ICommand
{
    [Value(0, MetaName = "FILE.mp", Min = 1, HelpText = "Sealed management pack(s).")]
    public IEnumerable<string> Files { get; init; } = [];

    [Option("json", HelpText = "Machine-readable output (one JSON object per file).")]
    public bool Json { get; init; }

    public int Run(CommandConsole console)
    {
        var allValid = true;
        foreach (var file in Files)
        {
            var pack = SealedManagementPack.Open(file);
            var counts = ElementCounts.Count(pack.Xml, file);
            allValid &= pack.SignatureStatus is SignatureStatus.Valid or SignatureStatus.DelaySigned;
            if (Json) console.Block(JsonSerializer.Serialize(ToJson(file, pack, counts)));
            else Render(console, file, pack, counts);
        }
        return allValid ? ExitCodes.Success : ExitCodes.Failed;
    }

    internal static string Describe(SignatureStatus status) => status switch
    {
        SignatureStatus.Valid => "valid",
        SignatureStatus.Invalid => "INVALID (the file was changed after signing)",
        SignatureStatus.DelaySigned => "delay-signed (not signed yet: sign with 'kmp key sign' before release)",
        _ => "absent (the assembly has no strong name; SCOM refuses it)",
    };

    private static void Render(CommandConsole console, string file, SealedManagementPack pack, IReadOnlyList<KeyValuePair<string, int>> counts)
    {
        console.Line(file);
        console.Line($"  ID             {pack.Identity.Id}");
        console.Line($"  version        {pack.Identity.Version}");
        if (pack.Identity.Name is { } name) console.Line($"  name           {name}");
        console.Line($"  key token      {pack.PublicKeyToken ?? "(none)"}");
        console.Line($"  signature      {Describe(pack.SignatureStatus)}");
        console.Line($"  company        {pack.Company}");
        console.Line($"  product        {pack.Product}");
        console.Line($"  copyright      {pack.Copyright}");
        console.Line($"  runtime        metadata {pack.MetadataVersion}, mscorlib {pack.MscorlibVersion?.ToString() ?? "(none)"}");
        console.Line($"  XML            {pack.Xml.Length} characters, {pack.CompressedXmlLength} bytes compressed");
        foreach (var remark in pack.Remarks) console.Line($"  note           {remark}");
        console.Line("  elements       " + string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}")));
    }

    private static Dictionary<string, object?> ToJson(string file, SealedManagementPack pack, IReadOnlyList<KeyValuePair<string, int>> counts) => new()
    {
        ["file"] = file,
        ["id"] = pack.Identity.Id,
        ["version"] = pack.Identity.Version.ToString(),
        ["name"] = pack.Identity.Name,
        ["keyToken"] = pack.PublicKeyToken,
        ["signature"] = pack.SignatureStatus switch
        {
            SignatureStatus.Valid => "valid",
            SignatureStatus.Invalid => "invalid",
            SignatureStatus.DelaySigned => "delay-signed",
            _ => "unsigned",
        },
        ["company"] = pack.Company,
        ["product"] = pack.Product,
        ["copyright"] = pack.Copyright,
        ["metadataVersion"] = pack.MetadataVersion,
        ["remarks"] = pack.Remarks,
        ["elements"] = counts.ToDictionary(c => c.Key, c => c.Value),
    };
}
