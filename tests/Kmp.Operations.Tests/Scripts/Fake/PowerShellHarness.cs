using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Kmp.Operations.Tests.Scripts.Fake;

/// <summary>Tests that run PowerShell in-process share the process's PSModulePath, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PowerShellCollection
{
    public const string Name = "PowerShell runspaces";
}

/// <summary>What a script run printed and how it ended.</summary>
public sealed record ScriptRun(IReadOnlyList<string> Output, IReadOnlyList<string> Messages, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors, Exception? Failure)
{
    public bool Succeeded => Failure is null && Errors.Count == 0;

    /// <summary>Everything, for an assertion message.</summary>
    public override string ToString() =>
        string.Join("\n", Messages.Select(m => "host: " + m).Concat(Warnings.Select(w => "warning: " + w)).Concat(Errors.Select(e => "error: " + e))
            .Append(Failure is null ? "" : "failed: " + Failure.Message));
}

/// <summary>
/// Runs an emitted script in-process (System.Management.Automation, with the PowerShell SDK's
/// cmdlets) as a file, so that $PSScriptRoot is its folder, against the fake OperationsManager module
/// (the only one on PSModulePath) backed by a <see cref="FakeScom"/>. The group's simulated clock stands
/// in for Start-Sleep and Get-Date, so a wait for grooming takes no real time.
/// </summary>
public static class PowerShellHarness
{
    public static string ModuleRoot => Path.Combine(AppContext.BaseDirectory, "Scripts", "FakeOperationsManager");

    private static readonly Lazy<InitialSessionState> SessionState = new(InitialSessionState.CreateDefault);

    private static readonly string NoModules = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "kmp-no-modules")).FullName;

    private const string Clock = """
        function global:Start-Sleep { param([int] $Seconds, [int] $Milliseconds) $global:KmpFakeScom.Sleep($Seconds) }
        function global:Get-Date { $global:KmpFakeScom.Now }
        """;

    public static ScriptRun Run(string scriptPath, FakeScom fake, IDictionary<string, object?>? parameters = null, bool withModule = true, string? before = null)
    {
        Environment.SetEnvironmentVariable("PSModulePath", withModule ? ModuleRoot : NoModules);
        using var runspace = RunspaceFactory.CreateRunspace(SessionState.Value);
        runspace.Open();
        runspace.SessionStateProxy.SetVariable("KmpFakeScom", fake);
        using var ps = System.Management.Automation.PowerShell.Create(runspace);
        ps.AddScript(Clock + (before ?? "")).Invoke();
        ps.Commands.Clear();
        ps.AddCommand(scriptPath);
        foreach (var (name, value) in parameters ?? new Dictionary<string, object?>()) ps.AddParameter(name, value);
        Collection<PSObject> output = [];
        Exception? failure = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            failure = ex;
        }
        return new ScriptRun(
            [.. output.Where(o => o is not null).Select(o => o.ToString())],
            [.. ps.Streams.Information.Select(i => i.MessageData?.ToString() ?? "")],
            [.. ps.Streams.Warning.Select(w => w.Message)],
            [.. ps.Streams.Error.Select(e => e.ToString())],
            failure);
    }

    /// <summary>Writes the script into a folder of its own (its backups go beside it) and runs it.</summary>
    public static (ScriptRun Run, string Folder) RunText(string script, string folder, FakeScom fake, IDictionary<string, object?>? parameters = null, bool withModule = true, string name = "script.ps1")
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, script);
        return (Run(path, fake, parameters, withModule), folder);
    }
}
