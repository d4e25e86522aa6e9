using CommandLine;
using Kmp.Application.Build;
using Kmp.Application.Operations;
using Kmp.ManagementPacks;
using Kmp.Operations;
using Kmp.Operations.Plans;
using Spectre.Console;

namespace Kmp.Cli.Commands;

[Verb("import", HelpText = "Import the Kaspersky Lab packs into a management group in reference order, then create or update KAV Administrators.")]
public sealed class ImportCommand : ICommand
{
    [Value(0, MetaName = "FILE", HelpText = "Pack files (.mp, .xml) or folders of them. Without files, the family is built first.")]
    public IEnumerable<string> Files { get; init; } = [];

    [Option('p', "product", Separator = ',', HelpText = "Products to import (with the library), e.g. KSWS.")]
    public IEnumerable<string> Products { get; init; } = [];

    [Option("all", HelpText = "Import every product.")]
    public bool All { get; init; }

    [Option("mg", Required = true, HelpText = "Management group: local:PATH (an existing group, made by kmp mg init PATH) or scom://SERVER.")]
    public string? ManagementGroup { get; init; }

    [Option('t', "target", Default = "2007R2", HelpText = "Schema target when building: 2007R2 or 2012.")]
    public string Target { get; init; } = "2007R2";

    [Option("version", Default = "1.0.0.0", HelpText = "Version of the packs when building.")]
    public string Version { get; init; } = "1.0.0.0";

    [Option('k', "key", HelpText = "Strong-name key pair (.snk) when building.")]
    public string? Key { get; init; }

    [Option('o', "out", HelpText = "Where the built packs are written (default: a temporary folder).")]
    public string? Out { get; init; }

    [Option("what-if", HelpText = "Print the plan and change nothing.")]
    public bool WhatIf { get; init; }

    [Option("emit-script", HelpText = "Write the plan as a PowerShell script (OperationsManager cmdlets; the packs go beside it) to this file, and change nothing.")]
    public string? EmitScript { get; init; }

    public int Run(CommandConsole console)
    {
        CommandLineValues.CheckProductSelection("import", All, Products);
        if (!Files.Any() && !All && !Products.Any()) throw new KmpException(ErrorKind.Usage, "kmp import: give pack files or folders, --product KEY or --all");
        var version = CommandLineValues.PackVersion("import", Version);
        var temporary = Out is null && !Files.Any() ? Path.Combine(Path.GetTempPath(), "kmp-import-" + Guid.NewGuid().ToString("N")) : null;
        using var group = ManagementGroups.Open(ManagementGroup); // first: a wrong --mg stops before anything is built
        try
        {
            var packs = ImportFamily.LoadPacks(new ImportRequest
            {
                Files = [.. Files],
                Products = [.. Products],
                All = All,
                Build = Files.Any() ? null : new BuildRequest
                {
                    OutputFolder = Out ?? temporary!,
                    Target = SchemaTargets.Parse(Target),
                    Version = version,
                    KeyFile = Key,
                    KeyFromEnvironment = CommandLineValues.KeyFromEnvironment,
                    DevelopmentKeyFolder = CommandLineValues.DevelopmentKeyFolder,
                },
            });
            using var hold = ManagementGroups.HoldForChanges(group); // from plan to last step
            var plan = ImportFamily.Plan(group, packs);
            PlanConsole.Print(console, plan);
            if (EmitScript is not null)
            {
                ImportFamily.EmitScript(plan, EmitScript);
                console.Line($"plan written to {EmitScript}");
            }
            if (plan.IsEmpty)
            {
                console.Line($"nothing to do: every pack is already installed in {group.Name} at the same version");
                return ExitCodes.NothingToDo;
            }
            if (WhatIf || EmitScript is not null) return ExitCodes.Success;
            PlanConsole.Execute(console, group, plan, policy: null);
            console.Line($"imported into {group.Name}: {plan.Steps.OfType<ImportPackStep>().Count()} pack(s){(plan.Steps.OfType<SaveSubscriptionStep>().Any() ? $", {KavAdministrators.Name} up to date" : "")}");
            return ExitCodes.Success;
        }
        finally
        {
            if (temporary is not null && Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        }
    }
}

/// <summary>How the management-group verbs print plans and show progress.</summary>
internal static class PlanConsole
{
    public static void Print(CommandConsole console, OperationPlan plan)
    {
        foreach (var note in plan.Notes) console.Line("  " + note);
        if (plan.Steps.Count > 0) console.Line($"plan for {plan.ManagementGroup}:");
        for (var i = 0; i < plan.Steps.Count; i++) console.Line($"  {i + 1,2}. {plan.Steps[i].Description}");
        if (plan.Refusal is not null) console.Line("  then stop: " + plan.Refusal);
    }

    public static ExecutionResult Execute(CommandConsole console, IManagementGroup group, OperationPlan plan, GroomingPolicy? policy)
    {
        var ansi = console.IsErrorTerminal
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Err), Ansi = AnsiSupport.Detect, ColorSystem = ColorSystemSupport.Detect })
            : null; // a pipe or a file: plain lines that never wrap
        var progress = new Reporter(p =>
        {
            if (ansi is null) console.Error(p.Detail is null ? $"[{p.Step}/{p.Steps}] {p.Description}" : "      " + p.Detail);
            else if (p.Detail is null) ansi.MarkupLine($"[grey][[{p.Step}/{p.Steps}]][/] {Markup.Escape(p.Description)}");
            else ansi.MarkupLine($"      [grey]{Markup.Escape(p.Detail)}[/]");
        });
        var result = new PlanExecutor(group, policy, progress).Execute(plan);
        foreach (var message in result.Messages) console.Line("  " + message);
        if (result.GroomingWait > TimeSpan.Zero)
        {
            console.Line(result.SimulatedClock
                ? $"waited for grooming: {Durations.Format(result.GroomingWait)} on the local group's simulated clock (done at once here; a real management group would take that long)"
                : $"waited for grooming: {Durations.Format(result.GroomingWait)}");
        }
        return result;
    }

    /// <summary>Reports on the executor's thread (Progress&lt;T&gt; would post to another one).</summary>
    private sealed class Reporter(Action<OperationProgress> report) : IProgress<OperationProgress>
    {
        public void Report(OperationProgress value) => report(value);
    }
}
