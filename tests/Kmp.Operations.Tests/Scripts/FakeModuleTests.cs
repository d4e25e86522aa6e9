using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Text;
using Kmp.Operations.Scripts;
using Kmp.Operations.Tests.Scripts.Fake;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Scripts;

/// <summary>The fake OperationsManager module is what its README says, and holds the scripts to the documented parameters.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class FakeModuleTests : IDisposable
{
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
    };

    private readonly TempDirectory temp = new();
    private readonly ScriptHarness harness;

    public FakeModuleTests() => harness = new ScriptHarness(temp);

    public void Dispose() => temp.Dispose();

    private static string ModuleFolder => Path.Combine(PowerShellHarness.ModuleRoot, "OperationsManager");

    /// <summary>Every parameter of every parameter set of the module's cmdlets, as the README's tables give them.</summary>
    private static IReadOnlyList<string> Rows(IEnumerable<CommandInfo> commands)
    {
        var rows = new List<string>();
        foreach (var command in commands.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            foreach (var set in command.ParameterSets.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                foreach (var p in set.Parameters.Where(p => !Common.Contains(p.Name)))
                {
                    var pipeline = (p.ValueFromPipeline, p.ValueFromPipelineByPropertyName) switch
                    {
                        (true, true) => "ByValue, ByPropertyName",
                        (true, false) => "ByValue",
                        (false, true) => "ByPropertyName",
                        _ => "no",
                    };
                    var position = p.Position == int.MinValue ? "named" : (p.Position + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    rows.Add($"| {command.Name} | {set.Name} | {p.Name} | {p.ParameterType.Name} | {(p.IsMandatory ? "yes" : "no")} | {position} | {pipeline} |");
                }
            }
        }
        return rows;
    }

    [Fact]
    public void The_module_has_exactly_the_parameters_its_README_lists_from_the_cmdlet_documentation()
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault());
        runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create(runspace);
        var commands = ps.AddCommand("Import-Module").AddParameter("Name", Path.Combine(ModuleFolder, "OperationsManager.psm1")).AddParameter("PassThru")
            .Invoke<PSModuleInfo>().Single().ExportedCommands.Values.ToList();
        var readme = File.ReadAllLines(Path.Combine(PowerShellHarness.ModuleRoot, "README.md"));
        var documented = readme.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains("-SCOM", StringComparison.Ordinal) && !l.StartsWith("| cmdlet", StringComparison.Ordinal)).ToList();

        documented.Should().Equal(Rows(commands), "README.md lists every parameter of the fake module, set by set");
        foreach (var command in commands)
            readme.Should().Contain(l => l.StartsWith($"- `{command.Name}`: https://learn.microsoft.com/", StringComparison.Ordinal), $"{command.Name} has its documentation page in the README");
    }

    [Fact]
    public void The_scripts_call_only_cmdlets_of_the_fake_module_or_of_PowerShell_itself()
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault());
        runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create(runspace);
        var fake = ps.AddCommand("Import-Module").AddParameter("Name", Path.Combine(ModuleFolder, "OperationsManager.psm1")).AddParameter("PassThru")
            .Invoke<PSModuleInfo>().Single().ExportedCommands.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var scripts = new[]
        {
            NotificationScript.Render(ScriptHarness.ClassPacks, [ScriptHarness.Recipient]),
            RemovePlanScript.Render(new Plans.OperationPlan("remove", "local:x", [new Plans.UninstallPackStep("KasperskyLab.KES.Views", new Version(1, 0, 0, 0), "views")], [])),
        };
        foreach (var script in scripts)
        {
            var ast = Parser.ParseInput(script, out _, out var errors);
            errors.Should().BeEmpty();
            var defined = ast.FindAll(a => a is FunctionDefinitionAst, true).Cast<FunctionDefinitionAst>().Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var called = ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().Select(c => c.GetCommandName()).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (var name in called.Where(n => n.Contains("-SCOM", StringComparison.OrdinalIgnoreCase)))
                fake.Should().Contain(name, "every OperationsManager cmdlet the scripts call is faked with its documented parameters");
            foreach (var name in called.Where(n => !n.Contains("-SCOM", StringComparison.OrdinalIgnoreCase) && !defined.Contains(n)))
            {
                ps.Commands.Clear();
                ps.AddCommand("Get-Command").AddParameter("Name", name).AddParameter("ErrorAction", "SilentlyContinue").Invoke().Should().NotBeEmpty($"{name} is a PowerShell cmdlet");
            }
        }
    }

    [Fact]
    public void A_parameter_the_real_cmdlet_does_not_have_fails_the_call()
    {
        var (_, scom) = harness.Twins();
        using (scom)
        {
            var fake = new FakeScom(scom);
            var (run, _) = PowerShellHarness.RunText(
                "Import-Module OperationsManager\nNew-SCOMManagementGroupConnection -ComputerName localhost\nGet-SCOMAlert -Criteria 'ResolutionState <> 255' -ResolutionState 0\n",
                harness.Folder("bad"), fake);
            run.Succeeded.Should().BeFalse();
            run.ToString().Should().Contain("Parameter set cannot be resolved");

            var (bogus, _) = PowerShellHarness.RunText(
                "Import-Module OperationsManager\nNew-SCOMManagementGroupConnection -ComputerName localhost\nRemove-SCOMManagementPack -Name KasperskyLab.Library -Confirm:$false\n",
                harness.Folder("bad"), fake);
            bogus.Succeeded.Should().BeFalse();
            bogus.ToString().Should().Contain("A parameter cannot be found that matches parameter name 'Name'");
            fake.Calls.Should().NotContain(c => c.StartsWith("Remove-SCOMManagementPack", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_criteria_property_that_is_not_documented_is_refused_as_SCOM_refuses_it()
    {
        var (_, scom) = harness.Twins(setup: ScriptHarness.Family);
        using (scom)
        {
            var fake = new FakeScom(scom);
            var (run, _) = PowerShellHarness.RunText(
                "Import-Module OperationsManager\nNew-SCOMManagementGroupConnection -ComputerName localhost\nGet-SCOMAlert -Criteria \"RuleId = '00000000-0000-0000-0000-000000000000'\"\n",
                harness.Folder("criteria"), fake);
            run.Succeeded.Should().BeFalse();
            run.ToString().Should().Contain("'RuleId' is not a property of MonitoringAlertCriteria");
        }
    }

    [Fact]
    public void A_destructive_cmdlet_called_without_Confirm_false_prompts_and_so_fails_unattended()
    {
        var (_, scom) = harness.Twins(setup: ScriptHarness.Family);
        using (scom)
        {
            var fake = new FakeScom(scom);
            var (run, _) = PowerShellHarness.RunText(
                "Import-Module OperationsManager\nNew-SCOMManagementGroupConnection -ComputerName localhost\nSet-SCOMDatabaseGroomingSetting -AlertDaysToKeep 1\n",
                harness.Folder("confirm"), fake);
            run.Succeeded.Should().BeFalse();
            scom.GetAlertDaysToKeep().Should().Be(7);
        }
    }

    /// <summary>Prints the README's rows (to refresh README.md after a change to the module).</summary>
    internal static string Table()
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault());
        runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create(runspace);
        var commands = ps.AddCommand("Import-Module").AddParameter("Name", Path.Combine(ModuleFolder, "OperationsManager.psm1")).AddParameter("PassThru")
            .Invoke<PSModuleInfo>().Single().ExportedCommands.Values.ToList();
        return new StringBuilder().AppendJoin('\n', Rows(commands)).ToString();
    }
}
