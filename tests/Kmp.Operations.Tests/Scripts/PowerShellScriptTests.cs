using System.Management.Automation.Language;
using Kmp.Application.Build;
using Kmp.Application.Operations;
using Kmp.Operations;
using Kmp.Operations.Plans;
using Kmp.Operations.Scripts;
using Kmp.Operations.Tests.Local;
using Kmp.Operations.Tests.Removal;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Scripts;

/// <summary>The PowerShell kmp writes parses with the real PowerShell parser and does what the plan says.</summary>
public sealed class PowerShellScriptTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static ScriptBlockAst Parse(string script)
    {
        var ast = Parser.ParseInput(script, out _, out var errors);
        errors.Select(e => $"{e.Extent.StartLineNumber}:{e.Extent.StartColumnNumber}: {e.Message}").Should().BeEmpty();
        return ast;
    }

    private static IEnumerable<string> Commands(Ast ast) =>
        ast.FindAll(a => a is CommandAst, searchNestedScriptBlocks: true).Cast<CommandAst>().Select(c => c.GetCommandName()).OfType<string>();

    [Fact]
    public void The_remove_plan_script_parses_and_removes_the_packs_in_the_plans_order()
    {
        using var group = LocalGroups.Create(temp, strict: true);
        new PlanExecutor(group).Execute(ImportFamily.Plan(group, RealFamily.Packs));
        group.Import(TestPacks.Unsealed(TestPacks.Xml("Contoso.Overrides", "1.0.0.0",
            [new TestReference("KLD", "KasperskyLab.KSWS.Discovery", "1.0.0.0", RealFamily.Packs[0].KeyToken!)],
            overrides: [TestPacks.Override("Contoso.O1", "KLD!KasperskyLab.KSWS.Application", "KLD!KasperskyLab.KSWS.Application")])));
        group.SimulateAlerts(group.GetPacks().Single(p => p.Id == "KasperskyLab.KSWS.Monitoring").WorkflowIds[0], 1);
        var plan = RemoveFamily.Plan(group, new RemoveRequest
        {
            All = true, StripOverrides = true, GroomDays = 1, WaitForGrooming = true,
            BackupFolder = temp.File("it's a backup"), StateFile = temp.File("state.json"),
        });

        var script = RemovePlanScript.Render(plan);
        var ast = Parse(script);

        var commands = Commands(ast).ToList();
        commands.Should().Contain(["Export-SCOMManagementPack", "Import-SCOMManagementPack", "Resolve-SCOMAlert", "Set-SCOMDatabaseGroomingSetting", "Remove-SCOMManagementPack", "Remove-SCOMNotificationSubscription"]);
        var packs = ast.FindAll(a => a is AssignmentStatementAst { Left: VariableExpressionAst { VariablePath.UserPath: "Packs" } }, true).Single();
        var removals = packs.FindAll(a => a is HashtableAst, true).Cast<HashtableAst>()
            .Select(h => h.KeyValuePairs.Single(kv => kv.Item1.Extent.Text == "Id").Item2.Extent.Text.Trim('\'')).ToList();
        var order = plan.Steps.OfType<UninstallPackStep>().Select(s => s.PackId).ToList();
        removals.Should().Equal(order, "the script removes the packs in the plan's order");
        script.Should().NotContain("it's a backup").And.NotContain("it''s a backup", "backups go beside the script on the server, not to kmp's folder");
    }

    [Fact]
    public void An_empty_plan_gives_a_script_that_says_so()
    {
        var script = RemovePlanScript.Render(new OperationPlan("remove", "local:x", [], []));
        Parse(script);
        script.Should().Contain("Nothing to remove");
    }

    [Fact]
    public void The_notifications_script_parses_and_creates_KAV_Administrators_for_every_Kaspersky_class()
    {
        var script = NotificationScript.Render([KeyValuePair.Create("KasperskyLab.KSWS.Application", "KasperskyLab.KSWS.Discovery"), KeyValuePair.Create("KasperskyLab.WSEE.Application", "KasperskyLab.WSEE.Discovery"), KeyValuePair.Create("Microsoft.Windows.Computer", "Microsoft.Windows.Library")], ["ops@contoso.com"]);
        var ast = Parse(script);
        Commands(ast).Should().Contain(["Get-SCOMNotificationChannel", "Add-SCOMNotificationSubscriber", "Add-SCOMNotificationSubscription", "Get-SCOMClass"]);
        ast.ParamBlock.Parameters.Select(p => p.Name.VariablePath.UserPath).Should().Equal("ManagementServer", "Recipients", "ChannelName");
        script.Should().Contain("$ClassPacks = @{\n    'KasperskyLab.KSWS.Application' = 'KasperskyLab.KSWS.Discovery'\n    'KasperskyLab.WSEE.Application' = 'KasperskyLab.WSEE.Discovery'\n}")
            .And.Contain("[string[]] $Recipients = @('ops@contoso.com')")
            .And.NotContain("Microsoft.Windows.Computer'");
    }

    [Fact]
    public void A_recipient_that_is_not_an_address_is_refused_before_it_reaches_a_script()
    {
        var act = () => NotificationScript.Render([KeyValuePair.Create("KasperskyLab.KSWS.Application", "KasperskyLab.KSWS.Discovery")], ["ops@contoso.com'; Remove-Item C:\\ -Recurse; '"]);
        act.Should().Throw<Kmp.ManagementPacks.KmpException>().WithMessage("*is not an e-mail address*");
    }

    [Fact]
    public void Kmp_build_writes_the_notifications_script_beside_the_packs()
    {
        var output = temp.File("out");
        BuildCatalog.Run(new BuildRequest
        {
            OutputFolder = output,
            TemplatesFolder = Path.Combine(Corpus.RepositoryRoot, "mp-templates"),
            DevelopmentKeyFolder = temp.File("keys"),
            XmlOnly = true,
        });
        var script = File.ReadAllText(Path.Combine(output, NotificationScript.FileName));
        Parse(script);
        script.Should().Contain("'KasperskyLab.KSWS.Application'").And.Contain("'KasperskyLab.Library.Application'");
    }
}
