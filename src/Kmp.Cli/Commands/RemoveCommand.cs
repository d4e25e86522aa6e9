using CommandLine;
using Kmp.Application.Operations;
using Kmp.Operations.Plans;

namespace Kmp.Cli.Commands;

[Verb("remove", HelpText = "Remove Kaspersky Lab packs from a management group in dependency order, losing nothing: customer packs that reference them are backed up first.")]
public sealed class RemoveCommand : ICommand
{
    [Option('p', "product", Separator = ',', HelpText = "Products to remove, e.g. KSWS. The library and KAV Administrators stay while another product remains.")]
    public IEnumerable<string> Products { get; init; } = [];

    [Option("all", HelpText = "Remove every Kaspersky Lab product, the library and KAV Administrators.")]
    public bool All { get; init; }

    [Option("mg", Required = true, HelpText = "Management group: local:PATH (an existing group, made by kmp mg init PATH) or scom://SERVER.")]
    public string? ManagementGroup { get; init; }

    [Option("strip-overrides", HelpText = "Rewrite customer packs that reference the family without those overrides (after a backup), version bumped, and import them again.")]
    public bool StripOverrides { get; init; }

    [Option("backup", Default = "kmp-backup", HelpText = "Folder for backups of customer packs and of KAV Administrators.")]
    public string Backup { get; init; } = "kmp-backup";

    [Option("wait-for-grooming", HelpText = "Wait until grooming has deleted the family's alerts before uninstalling; optional timeout, e.g. --wait-for-grooming=3d (default 10d).")]
    public string? WaitForGrooming { get; init; }

    [Option("groom-days", HelpText = "Lower AlertDaysToKeep to N days while waiting for grooming; restored afterwards.")]
    public int? GroomDays { get; init; }

    [Option("state-file", HelpText = "Where the original AlertDaysToKeep is saved while lowered (default beside a local group, or in the user profile).")]
    public string? StateFile { get; init; }

    [Option("what-if", HelpText = "Print the plan and change nothing.")]
    public bool WhatIf { get; init; }

    [Option("emit-script", HelpText = "Write the plan as a PowerShell script (OperationsManager cmdlets) to this file ('-' or /dev/stdout: standard output).")]
    public string? EmitScript { get; init; }

    public int Run(CommandConsole console)
    {
        CommandLineValues.CheckProductSelection("remove", All, Products);
        var timeout = TimeSpan.FromDays(10);
        if (WaitForGrooming is not null && WaitForGrooming != OptionalValues.Default) timeout = Durations.Parse(WaitForGrooming);
        var groupFile = CommandLineValues.LocalGroupFile(ManagementGroup);
        CommandLineValues.RefuseOverwriting("remove", "--emit-script", EmitScript, ("the management group", groupFile), ("the state file", StateFile));
        CommandLineValues.RefuseOverwriting("remove", "--state-file", StateFile, ("the management group", groupFile));
        using var group = ManagementGroups.Open(ManagementGroup);
        var request = new RemoveRequest
        {
            Products = [.. Products],
            All = All,
            StripOverrides = StripOverrides,
            BackupFolder = Path.GetFullPath(Backup),
            WaitForGrooming = WaitForGrooming is not null,
            GroomingTimeout = timeout,
            GroomDays = GroomDays,
            StateFile = StateFile ?? ManagementGroups.DefaultStateFile(group),
        };
        using var hold = ManagementGroups.HoldForChanges(group); // from plan to last step
        var plan = RemoveFamily.Plan(group, request);
        if (EmitScript is not null && CommandLineValues.IsStandardOutput(EmitScript))
        {
            console.Out.Write(RemoveFamily.Script(plan)); // the script alone, as unseal --out - writes the XML alone
            return plan.IsEmpty ? ExitCodes.NothingToDo : plan.Refusal is null ? ExitCodes.Success : ExitCodes.Refused;
        }
        PlanConsole.Print(console, plan);
        if (EmitScript is not null)
        {
            RemoveFamily.EmitScript(plan, EmitScript);
            console.Line($"plan written to {EmitScript}");
        }
        if (plan.IsEmpty)
        {
            console.Line($"nothing to remove from {group.Name}");
            return ExitCodes.NothingToDo;
        }
        if (WhatIf || EmitScript is not null)
        {
            if (WhatIf) console.Line("--what-if: nothing was changed");
            return plan.Refusal is null ? ExitCodes.Success : ExitCodes.Refused;
        }
        PlanConsole.Execute(console, group, plan, new GroomingPolicy(request.GroomDays, request.GroomingTimeout, request.StateFile));
        console.Line($"removed from {group.Name}: {plan.Steps.OfType<UninstallPackStep>().Count()} pack(s)");
        return ExitCodes.Success;
    }
}

/// <summary>
/// Options whose value is optional (<c>--wait-for-grooming[=TIMEOUT]</c>): CommandLineParser needs a
/// value, so a bare option gets <see cref="Default"/> before parsing.
/// </summary>
public static class OptionalValues
{
    public const string Default = "default";

    private static readonly string[] Options = ["--wait-for-grooming"];

    public static string[] Apply(string[] args) =>
        [.. args.Select(a => Options.Contains(a, StringComparer.Ordinal) ? a + "=" + Default : a)];
}
