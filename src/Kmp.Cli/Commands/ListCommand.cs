using System.Text.Json;
using CommandLine;
using Kmp.Application.Operations;
using Kmp.Operations;
using Spectre.Console;

namespace Kmp.Cli.Commands;

[Verb("list", HelpText = "List the packs installed in a management group (Kaspersky Lab first) and the KAV Administrators recipients.")]
public sealed class ListCommand : ICommand
{
    [Option("mg", Required = true, HelpText = "Management group: local:PATH (an existing group, made by kmp mg init PATH) or scom://SERVER.")]
    public string? ManagementGroup { get; init; }

    [Option("json", HelpText = "Machine-readable output.")]
    public bool Json { get; init; }

    public int Run(CommandConsole console)
    {
        using var group = ManagementGroups.Open(ManagementGroup);
        var listing = ListPacks.Run(group);
        if (Json)
        {
            console.Block(JsonSerializer.Serialize(listing, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            return ExitCodes.Success;
        }
        string[] header = ["ID", "Version", "Sealed", "Key token", "Dependents"];
        var rows = listing.Packs.Select(pack => new[]
        {
            pack.Id, pack.Version, pack.Sealed ? "yes" : "no", pack.KeyToken ?? "-", pack.Dependents.Count switch
            {
                0 => "-",
                <= 2 => string.Join(", ", pack.Dependents),
                _ => $"{pack.Dependents[0]}, {pack.Dependents[1]} and {pack.Dependents.Count - 2} more",
            },
        }).ToList();
        if (console.IsTerminal)
        {
            var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Out), Ansi = AnsiSupport.Detect, ColorSystem = ColorSystemSupport.Detect });
            var table = new Table().Title(Markup.Escape(listing.ManagementGroup)).AddColumns(header);
            foreach (var (pack, row) in listing.Packs.Zip(rows))
                table.AddRow([.. row.Select((cell, i) => i == 0 && pack.Kaspersky ? $"[bold]{Markup.Escape(cell)}[/]" : Markup.Escape(cell))]);
            ansi.Write(table);
        }
        else
        {
            // A pipe or a file: plain lines, one per pack, columns padded but never wrapped (`--json` is the machine format).
            console.Line(listing.ManagementGroup);
            var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
            string Format(string[] cells) => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i])));
            console.Line(Format(header));
            foreach (var row in rows) console.Line(Format(row));
        }
        console.Line(listing.HasNotificationGroup
            ? $"{KavAdministrators.Name}: {(listing.Recipients.Count == 0 ? "no recipients (kmp notify add EMAIL)" : string.Join(", ", listing.Recipients))}"
            : $"{KavAdministrators.Name}: not created (kmp import creates it)");
        return ExitCodes.Success;
    }
}
