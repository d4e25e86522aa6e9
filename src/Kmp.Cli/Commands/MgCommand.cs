using CommandLine;
using Kmp.Application.Operations;
using Kmp.ManagementPacks;
using Kmp.Operations.Local;

namespace Kmp.Cli.Commands;

[Verb("mg", HelpText = "Local management groups for rehearsal: mg init PATH [--libraries DIR] [--strict-alerts] creates one (the only command that does); mg check --mg local:PATH checks one; mg simulate alert|instance --mg local:PATH.")]
public sealed class MgCommand : ICommand
{
    [Value(0, MetaName = "ACTION", Required = true, HelpText = "init PATH, check, or simulate alert|instance.")]
    public IEnumerable<string> Arguments { get; init; } = [];

    [Option("libraries", HelpText = "init: start with the real library packs (.mp) of this folder instead of the built-in records.")]
    public string? Libraries { get; init; }

    [Option("strict-alerts", HelpText = "init: refuse to uninstall a pack while alerts reference its rules, as MOM 2005 did.")]
    public bool StrictAlerts { get; init; }

    [Option('t', "target", Default = "2012", HelpText = "init: versions of the built-in libraries, 2007R2 (6.1.7221.0) or 2012 (7.x).")]
    public string Target { get; init; } = "2012";

    [Option("mg", HelpText = "check, simulate: the existing local management group (local:PATH).")]
    public string? ManagementGroup { get; init; }

    [Option("workflow", HelpText = "simulate alert: the rule or monitor ID that raises the alerts.")]
    public string? Workflow { get; init; }

    [Option("class", HelpText = "simulate instance: the class ID of the discovered instances.")]
    public string? Class { get; init; }

    [Option("count", Default = 1, HelpText = "simulate: how many.")]
    public int Count { get; init; } = 1;

    public int Run(CommandConsole console)
    {
        var args = Arguments.ToList();
        switch (args)
        {
            case ["init", var path]:
            {
                using var group = LocalManagementGroup.Create(path, new LocalManagementGroupOptions
                {
                    LibrariesDirectory = Libraries,
                    StrictAlerts = StrictAlerts,
                    LibraryVersions = SchemaTargets.Parse(Target),
                });
                foreach (var note in group.Notes) console.Warning(note);
                var packs = group.GetPacks();
                console.Line($"created {group.Name}{(StrictAlerts ? " (strict: uninstall waits for alert grooming)" : "")} with {packs.Count} library pack(s): {string.Join(", ", packs.Select(p => $"{p.Id} {p.Version}"))}");
                return ExitCodes.Success;
            }
            case ["check"]:
            {
                using var group = ManagementGroups.OpenLocal(ManagementGroup);
                var problems = group.Check();
                if (problems.Count == 0)
                {
                    console.Line($"{group.Name}: healthy (SQLite integrity check ok; {group.GetPacks().Count} pack(s), every stored version, time and pack XML as kmp wrote them)");
                    return ExitCodes.Success;
                }
                foreach (var problem in problems) console.Error($"{group.Name}: {problem}");
                console.Error($"{group.Name}: damaged ({problems.Count} problem(s)); kmp refuses to change it: restore the file from a backup, or create a new group with kmp mg init and import again");
                return ExitCodes.Failed;
            }
            case ["simulate", "alert"]:
            {
                if (Workflow is null) throw new KmpException(ErrorKind.Usage, "kmp mg simulate alert: give --workflow RULE_OR_MONITOR_ID");
                CheckCount("alert");
                using var group = ManagementGroups.OpenLocal(ManagementGroup);
                var ids = group.SimulateAlerts(Workflow, Count);
                console.Line($"raised {ids.Count} alert(s) of {Workflow} in {group.Name}");
                return ExitCodes.Success;
            }
            case ["simulate", "instance"]:
            {
                if (Class is null) throw new KmpException(ErrorKind.Usage, "kmp mg simulate instance: give --class CLASS_ID");
                CheckCount("instance");
                using var group = ManagementGroups.OpenLocal(ManagementGroup);
                group.SimulateInstances(Class, Count);
                console.Line($"discovered {Count} instance(s) of {Class} in {group.Name}");
                return ExitCodes.Success;
            }
            default:
                throw new KmpException(ErrorKind.Usage, $"kmp mg {string.Join(' ', args)}: use mg init PATH, mg check --mg local:PATH, mg simulate alert --workflow ID, or mg simulate instance --class ID");
        }
    }

    /// <summary>The most one simulate writes: it is one transaction, and a rehearsal never needs more.</summary>
    public const int MaxSimulated = 100_000;

    private void CheckCount(string what)
    {
        if (Count is < 1 or > MaxSimulated)
            throw new KmpException(ErrorKind.Usage, $"kmp mg simulate {what}: --count must be 1 to {MaxSimulated}, not {Count}");
    }
}
