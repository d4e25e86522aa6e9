using CommandLine;
using Kmp.Kaspersky.Templates;

namespace Kmp.Cli.Commands;

[Verb("templates", HelpText = "Check the Kaspersky templates (library.json, products/*.json) and list the products, or export their JSON Schemas.")]
public sealed class TemplatesCommand : ICommand
{
    [Option("templates", HelpText = "A folder of templates (library.json, products/*.json) instead of the embedded ones.")]
    public string? Templates { get; init; }

    [Option("export-schema", HelpText = "Write library.schema.json and product.schema.json, exported from the definition types, into this folder (e.g. mp-templates/schema) instead of checking.")]
    public string? ExportSchema { get; init; }

    public int Run(CommandConsole console)
    {
        if (ExportSchema is not null)
        {
            foreach (var file in TemplateSchema.WriteAll(ExportSchema)) console.Line($"wrote {file}");
            return ExitCodes.Success;
        }

        var folder = Templates ?? DefaultTemplates.Folder;
        var catalog = TemplateCatalog.Load(folder);
        foreach (var component in catalog.Library.SharedComponents)
        {
            var users = catalog.Products.Where(p => p.SharedComponents?.Contains(component.Key) == true).Select(p => p.Key);
            console.Line($"{"library",-8} {component.Key}: {component.DisplayName} (used by {string.Join(", ", users)})");
        }
        foreach (var product in catalog.Products)
        {
            var unsure = CountUnsure(product);
            console.Line($"{product.Key,-8} {product.DisplayName}: {Count(product.Services.Count, "service")}, {Count(product.EventAlerts.Count, "event alert")}, "
                + $"{Count(product.HealthChecks?.Count ?? 0, "health check")}{(unsure > 0 ? $", {Count(unsure, "UNSURE fact")}" : "")}");
        }
        var schemaFolder = Path.Combine(folder, TemplateSchema.FolderName);
        var stale = TemplateSchema.StaleFiles(schemaFolder);
        if (stale.Count > 0)
        {
            console.Warning($"{schemaFolder}: {string.Join(", ", stale)} missing or not the schema of this kmp; run: kmp templates --export-schema {schemaFolder}");
        }
        console.Line($"{catalog.Products.Count} product templates and the library in {folder} are valid");
        return ExitCodes.Success;
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    private static int CountUnsure(ProductTemplate product) =>
        (product.Discovery.Confidence == Confidence.Unsure ? 1 : 0)
        + product.Services.Count(s => s.Confidence == Confidence.Unsure)
        + product.EventAlerts.Count(a => a.Confidence == Confidence.Unsure)
        + (product.EventCollection?.Confidence == Confidence.Unsure ? 1 : 0)
        + (product.EventLogs?.Count(l => l.Confidence == Confidence.Unsure) ?? 0);
}
