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
            console.Line(JsonSerializer.Serialize(listing, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            return ExitCodes.Success;
        }
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Out), Ansi = AnsiSupport.Detect, ColorSystem = ColorSystemSupport.Detect });
        var table = new Table().Title(Markup.Escape(listing.ManagementGroup)).AddColumns("ID", "Version", "Sealed", "Key token", "Dependents");
        foreach (var pack in listing.Packs)
        {
            table.AddRow(pack.Kaspersky ? $"[bold]{Markup.Escape(pack.Id)}[/]" : Markup.Escape(pack.Id), pack.Version, pack.Sealed ? "yes" : "no",
                pack.KeyToken ?? "-", Markup.Escape(pack.Dependents.Count switch
                {
                    0 => "-",
                    <= 2 => string.Join(", ", pack.Dependents),
                    _ => $"{pack.Dependents[0]}, {pack.Dependents[1]} and {pack.Dependents.Count - 2} more",
                }));
        }
        ansi.Write(table);
        console.Line(listing.HasNotificationGroup
            ? $"{KavAdministrators.Name}: {(listing.Recipients.Count == 0 ? "no recipients (kmp notify add EMAIL)" : string.Join(", ", listing.Recipients))}"
            : $"{KavAdministrators.Name}: not created (kmp import creates it)");
        return ExitCodes.Success;
    }
}
