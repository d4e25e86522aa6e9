using System.Management.Automation.Language;
using Kmp.Application.Operations;
using Kmp.Operations.Local;
using Kmp.Operations.Plans;
using Kmp.Operations.Scripts;
using Kmp.Operations.Tests.Local;
using Kmp.Operations.Tests.Removal;
using Kmp.Operations.Tests.Scripts.Fake;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Scripts;

/// <summary>
/// The defects of the emitted scripts found by reading them against the OperationsManager and SDK
/// documentation (issue 14, and issue 8's notifications script), each run against the fake module.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class ScriptDefectTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ScriptHarness harness;

    public ScriptDefectTests() => harness = new ScriptHarness(temp);

    public void Dispose() => temp.Dispose();

    private static Dictionary<string, object?> Args(params (string Name, object? Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    private static string Notify(IEnumerable<KeyValuePair<string, string>>? classPacks = null) => NotificationScript.Render(classPacks ?? ScriptHarness.ClassPacks);

    /// <summary>The family imported, without KAV Administrators (a group where the notifications script has not run yet).</summary>
    private static void FamilyWithoutSubscription(LocalManagementGroup group)
    {
        new PlanExecutor(group).Execute(new ImportPlanner().Plan(group, RealFamily.Packs)); // the packs are verified elsewhere
        group.DeleteSubscription(KavAdministrators.Name);
    }

    private (LocalManagementGroup Kmp, LocalManagementGroup Scom, string Script) RemovePlan(bool all, bool strict = false, bool customerInPlan = false, bool wait = false, int? groomDays = null)
    {
        var (kmp, scom) = harness.Twins(strict, customerInPlan ? ScriptHarness.FamilyAndCustomer : ScriptHarness.Family);
        var request = ScriptHarness.Request(temp, all, strip: customerInPlan, wait: wait, groomDays: groomDays);
        var plan = RemoveFamily.Plan(kmp, request);
        return (kmp, scom, RemovePlanScript.Render(plan));
    }

    // 1 ------------------------------------------------------------------------------------------

    [Fact]
    public void Defect1_the_email_channel_is_found_by_its_SmtpNotificationAction()
    {
        var (_, scom) = harness.Twins(setup: FamilyWithoutSubscription);
        using (scom)
        {
            var fake = new FakeScom(scom);
            fake.Channels[0].Should().NotBeOfType<Microsoft.EnterpriseManagement.Administration.SmtpNotificationEndpoint>("Get-SCOMNotificationChannel returns a wrapper, not the endpoint");
            var (run, _) = PowerShellHarness.RunText(Notify(), harness.Folder("notify"), fake, Args(("Recipients", new[] { ScriptHarness.Recipient })));

            run.Succeeded.Should().BeTrue(run.ToString());
            fake.Subscription!.Actions.Should().ContainSingle().Which.Should().BeSameAs(fake.Channels[0].Action);
            scom.GetSubscription(KavAdministrators.Name)!.Recipients.Should().Equal(ScriptHarness.Recipient);
        }
    }

    // 2 ------------------------------------------------------------------------------------------

    [Fact]
    public void Defect2_a_customer_pack_kmp_did_not_plan_for_stops_the_remove_before_anything_goes_and_StripOverrides_rewrites_it()
    {
        var (kmp, scom, script) = RemovePlan(all: false);
        using (kmp)
        using (scom)
        {
            scom.Import(ScriptHarness.CustomerPack()); // in the real group only
            var before = ScriptHarness.State(scom);
            var fake = new FakeScom(scom);
            var folder = harness.Folder("remove");

            var (stopped, _) = PowerShellHarness.RunText(script, folder, fake);

            stopped.Succeeded.Should().BeFalse();
            stopped.Failure!.Message.Should().StartWith("Stopped before removing anything: customer management packs in this group reference the packs being removed: Contoso.Overrides (references ")
                .And.Contain("-StripOverrides");
            ScriptHarness.State(scom).Should().Equal(before, "nothing is removed when the group holds a dependent the plan did not know");
            File.Exists(Path.Combine(folder, "KasperskyLab-backup", "Contoso.Overrides-1.0.0.0", "Contoso.Overrides.xml")).Should().BeTrue("the customer pack is backed up beside the script");
            fake.Calls.Should().NotContain(c => c.StartsWith("Remove-SCOMManagementPack", StringComparison.Ordinal));

            var (stripped, _) = PowerShellHarness.RunText(script, folder, fake, Args(("StripOverrides", true)));

            stripped.Succeeded.Should().BeTrue(stripped.ToString());
            scom.GetPacks().Select(p => p.Id).Should().NotContain(id => KasperskyFamily.ProductKey(id) == ScriptHarness.Product);
            var customer = scom.GetPacks().Single(p => p.Id == "Contoso.Overrides");
            customer.Version.Should().Be(new Version(1, 0, 0, 1));
            customer.References.Should().NotContain(r => KasperskyFamily.IsFamily(r.ManagementPackId));
        }
    }

    // 3 ------------------------------------------------------------------------------------------

    [Fact]
    public void Defect3_open_alerts_are_asked_for_by_criteria_and_a_monitors_alert_is_closed_by_resetting_its_monitor()
    {
        var (kmp, scom, script) = RemovePlan(all: false);
        using (kmp)
        using (scom)
        {
            var fake = new FakeScom(scom, new FakeScomOptions { MonitorAlertsCloseWithTheMonitor = true });
            fake.FailUninstallOnce($"KasperskyLab.{ScriptHarness.Product}.Views"); // stop right after the alerts were handled
            var workflows = scom.GetPacks().Single(p => p.Id == $"KasperskyLab.{ScriptHarness.Product}.Monitoring").WorkflowIds;
            scom.GetAlerts(workflows).Should().HaveCount(2).And.OnlyContain(a => a.IsOpen);

            var (run, _) = PowerShellHarness.RunText(script, harness.Folder("remove"), fake);

            run.Failure!.Message.Should().Contain("The server disconnected");
            scom.GetAlerts(workflows).Should().HaveCount(2).And.OnlyContain(a => !a.IsOpen, "the rule's alert is resolved, the monitor's closed by the monitor");
            fake.Calls.Where(c => c.StartsWith("Get-SCOMAlert", StringComparison.Ordinal)).Should().NotBeEmpty().And.OnlyContain(c => c == "Get-SCOMAlert -Criteria", "alerts are read by criteria, never all of them");
        }
    }

    // 4 ------------------------------------------------------------------------------------------

    [Fact]
    public void Defect4_KAV_Administrators_is_created_disabled_and_enabled_only_once_scoped()
    {
        var (_, scom) = harness.Twins(setup: FamilyWithoutSubscription);
        using (scom)
        {
            var fake = new FakeScom(scom);
            var (run, _) = PowerShellHarness.RunText(Notify(), harness.Folder("notify"), fake, Args(("Recipients", new[] { ScriptHarness.Recipient })));

            run.Succeeded.Should().BeTrue(run.ToString());
            var classes = KavAdministrators.FamilyClasses(scom.GetPacks()).Count();
            fake.SubscriptionWrites.Should().NotContain(w => w.Enabled && w.Classes == 0, "an enabled, unscoped subscription mails every alert of the group");
            fake.SubscriptionWrites[0].Should().Be((false, 0));
            fake.SubscriptionWrites[^1].Should().Be((true, classes));
        }
    }

    [Fact]
    public void Defect4_a_Kaspersky_class_missing_while_its_pack_is_installed_stops_the_script_before_anything_is_created()
    {
        var (_, scom) = harness.Twins(setup: FamilyWithoutSubscription);
        using (scom)
        {
            var fake = new FakeScom(scom);
            var discovery = $"KasperskyLab.{ScriptHarness.Product}.Discovery";
            var (run, _) = PowerShellHarness.RunText(Notify([.. ScriptHarness.ClassPacks, KeyValuePair.Create($"KasperskyLab.{ScriptHarness.Product}.Missing", discovery)]),
                harness.Folder("notify"), fake, Args(("Recipients", new[] { ScriptHarness.Recipient })));

            run.Failure!.Message.Should().Contain($"Kaspersky Lab classes are missing from this management group although their packs are installed: KasperskyLab.{ScriptHarness.Product}.Missing");
            fake.Subscription.Should().BeNull();
            fake.Subscribers.Should().BeEmpty();
            fake.SubscriptionWrites.Should().BeEmpty();
        }
    }

    // 5 ------------------------------------------------------------------------------------------

    [Fact]
    public void Defect5_an_existing_KAV_Administrators_is_updated_in_place_and_keeps_an_administrators_edits()
    {
        var (_, scom) = harness.Twins(setup: ScriptHarness.Family);
        using (scom)
        {
            var fake = new FakeScom(scom);
            var subscription = fake.Subscription!;
            subscription.Enabled = false; // an administrator's edits
            subscription.Configuration.Criteria = "<And><Expression><SimpleExpression><ValueExpression><Property>Severity</Property></ValueExpression><Operator>Equal</Operator><ValueExpression><Value>2</Value></ValueExpression></SimpleExpression></Expression></And>";
            var id = subscription.Id;

            var (run, _) = PowerShellHarness.RunText(Notify(), harness.Folder("notify"), fake, Args(("Recipients", new[] { "second@contoso.com" })));

            run.Succeeded.Should().BeTrue(run.ToString());
            fake.Subscription!.Id.Should().Be(id, "the subscription is updated, not deleted and created again");
            fake.Subscription.Enabled.Should().BeFalse();
            fake.Subscription.Configuration.Criteria.Should().Contain("<Value>2</Value>");
            scom.GetSubscription(KavAdministrators.Name)!.Recipients.Should().Equal(ScriptHarness.Recipient, "second@contoso.com");
            fake.Calls.Should().NotContain(c => c.StartsWith("Remove-SCOMNotificationSubscription", StringComparison.Ordinal));
        }
    }

    // 6 ------------------------------------------------------------------------------------------

    [Fact]
    public void Defect6_KAV_Administrators_is_saved_on_the_server_beside_the_script_before_it_is_deleted()
    {
        var (kmp, scom, script) = RemovePlan(all: true);
        using (kmp)
        using (scom)
        {
            var fake = new FakeScom(scom);
            var folder = harness.Folder("remove");
            var saved = Path.Combine(folder, "KasperskyLab-backup", "KAV Administrators.json");
            bool? savedFirst = null;
            fake.OnRemoveSubscription = () => savedFirst = File.Exists(saved);

            var (run, _) = PowerShellHarness.RunText(script, folder, fake);

            run.Succeeded.Should().BeTrue(run.ToString());
            savedFirst.Should().BeTrue("the subscription is saved before it is deleted");
            var json = File.ReadAllText(saved);
            json.Should().Contain(ScriptHarness.Recipient).And.Contain($"KasperskyLab.{ScriptHarness.Product}.").And.Contain("\"Criteria\"").And.Contain("SMTP Channel");
            script.Should().NotContain(temp.File("kmp-backup"), "kmp's own folder means nothing on the management server");
            scom.GetSubscription(KavAdministrators.Name).Should().BeNull();
        }
    }

    // 7 ------------------------------------------------------------------------------------------

    [Fact]
    public void Defect7_a_strict_rehearsal_group_puts_no_grooming_wait_into_a_script_for_a_2012_or_later_group()
    {
        var (kmp, strictTwin, script) = RemovePlan(all: false, strict: true);
        using (kmp)
        using (strictTwin)
        using (var scom = LocalManagementGroup.Create(temp.File("scom2019.db"), new LocalManagementGroupOptions { StartTime = LocalGroups.Start }))
        {
            ScriptHarness.Family(scom);
            var fake = new FakeScom(scom);
            var start = fake.Now;

            var (run, _) = PowerShellHarness.RunText(script, harness.Folder("remove"), fake);

            run.Succeeded.Should().BeTrue(run.ToString());
            fake.Now.Should().Be(start, "nothing waits");
            fake.Calls.Should().NotContain(c => c.Contains("DatabaseGroomingSetting", StringComparison.Ordinal));
            scom.GetPacks().Should().NotContain(p => KasperskyFamily.ProductKey(p.Id) == ScriptHarness.Product);
        }
    }

    [Fact]
    public void Defect7_the_original_AlertDaysToKeep_is_saved_on_the_server_before_it_is_lowered_and_restored_after()
    {
        var (kmp, scom, script) = RemovePlan(all: false, strict: true, wait: true, groomDays: 1);
        using (kmp)
        using (scom)
        {
            var fake = new FakeScom(scom);
            var folder = harness.Folder("remove");
            var stateFile = Path.Combine(folder, "KasperskyLab-backup", "AlertDaysToKeep.original");
            var watch = $$"""
                function global:Start-Sleep { param([int] $Seconds) $global:KmpFakeScom.Log("sleep: AlertDaysToKeep $((Get-SCOMDatabaseGroomingSetting).AlertDaysToKeep), saved $(Get-Content -Raw -LiteralPath '{{stateFile}}')".Trim()); $global:KmpFakeScom.Sleep($Seconds) }
                """;
            File.WriteAllText(Path.Combine(folder + "-probe.ps1"), "");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "script.ps1"), script);
            var run = PowerShellHarness.Run(Path.Combine(folder, "script.ps1"), fake, Args(("PollSeconds", 6 * 3600)), before: watch);

            run.Succeeded.Should().BeTrue(run.ToString());
            fake.Calls.Where(c => c.StartsWith("sleep:", StringComparison.Ordinal)).Should().NotBeEmpty()
                .And.OnlyContain(c => c == "sleep: AlertDaysToKeep 1, saved 7", "the original is on the server while the setting is lowered");
            scom.GetAlertDaysToKeep().Should().Be(7);
            File.Exists(stateFile).Should().BeFalse();
        }
    }

    [Fact]
    public void Defect7_a_rerun_after_a_killed_wait_restores_the_saved_original_not_the_lowered_value()
    {
        var (kmp, scom, script) = RemovePlan(all: false, strict: true, wait: true, groomDays: 1);
        using (kmp)
        using (scom)
        {
            var fake = new FakeScom(scom);
            var folder = harness.Folder("remove");
            // What a run killed during its wait leaves: the setting lowered, the original saved beside the script.
            scom.SetAlertDaysToKeep(1);
            Directory.CreateDirectory(Path.Combine(folder, "KasperskyLab-backup"));
            File.WriteAllText(Path.Combine(folder, "KasperskyLab-backup", "AlertDaysToKeep.original"), "7\n");

            var (run, _) = PowerShellHarness.RunText(script, folder, fake, Args(("PollSeconds", 6 * 3600)));

            run.Succeeded.Should().BeTrue(run.ToString());
            scom.GetAlertDaysToKeep().Should().Be(7);
            run.Messages.Should().Contain(m => m.StartsWith("AlertDaysToKeep restored to 7", StringComparison.Ordinal));
        }
    }

    // 8 ------------------------------------------------------------------------------------------

    [Fact]
    public void Defect8_WhatIf_runs_the_checks_and_changes_nothing()
    {
        var (kmp, scom, script) = RemovePlan(all: true, customerInPlan: true);
        using (kmp)
        using (scom)
        {
            var before = ScriptHarness.State(scom);
            var fake = new FakeScom(scom);
            var folder = harness.Folder("remove");

            var (run, _) = PowerShellHarness.RunText(script, folder, fake, Args(("WhatIf", true)));

            run.Succeeded.Should().BeTrue(run.ToString());
            ScriptHarness.State(scom).Should().Equal(before);
            Directory.Exists(Path.Combine(folder, "KasperskyLab-backup")).Should().BeFalse("-WhatIf writes no backup either");
            fake.Calls.Should().NotContain(c => c.StartsWith("Remove-", StringComparison.Ordinal) || c.StartsWith("Import-", StringComparison.Ordinal)
                || c.StartsWith("Resolve-", StringComparison.Ordinal) || c.StartsWith("Set-", StringComparison.Ordinal) || c.StartsWith("Export-", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Defect8_WhatIf_on_the_notifications_script_creates_no_subscriber()
    {
        var (_, scom) = harness.Twins(setup: FamilyWithoutSubscription);
        using (scom)
        {
            var fake = new FakeScom(scom);
            var (run, _) = PowerShellHarness.RunText(Notify(), harness.Folder("notify"), fake, Args(("Recipients", new[] { ScriptHarness.Recipient }), ("WhatIf", true)));

            run.Succeeded.Should().BeTrue(run.ToString());
            fake.Subscribers.Should().BeEmpty();
            fake.Subscription.Should().BeNull();
        }
    }

    [Fact]
    public void Defect8_with_several_email_channels_the_script_asks_which_one()
    {
        var (_, scom) = harness.Twins(setup: FamilyWithoutSubscription);
        using (scom)
        {
            var fake = new FakeScom(scom);
            var second = fake.AddEmailChannel("Kaspersky mail", "mail2.contoso.com");

            var (ambiguous, _) = PowerShellHarness.RunText(Notify(), harness.Folder("notify"), fake, Args(("Recipients", new[] { ScriptHarness.Recipient })));
            ambiguous.Failure!.Message.Should().Be("Several e-mail (SMTP) notification channels exist (SMTP Channel, Kaspersky mail): name the one to use with -ChannelName.");
            fake.Subscription.Should().BeNull();

            var (chosen, _) = PowerShellHarness.RunText(Notify(), harness.Folder("notify"), fake, Args(("Recipients", new[] { ScriptHarness.Recipient }), ("ChannelName", "Kaspersky mail")));
            chosen.Succeeded.Should().BeTrue(chosen.ToString());
            fake.Subscription!.Actions.Should().ContainSingle().Which.Should().BeSameAs(second.Action);
        }
    }

    public static TheoryData<string> Scripts() => new() { "notify", "remove one", "remove all", "refusal", "import" };

    private string ScriptOf(string which)
    {
        if (which == "notify") return Notify();
        var (kmp, scom) = harness.Twins(setup: which switch { "import" => null, "refusal" => ScriptHarness.FamilyAndCustomer, _ => ScriptHarness.Family });
        using (kmp)
        using (scom)
        {
            var plan = which == "import" ? ImportFamily.Plan(kmp, RealFamily.Packs) : RemoveFamily.Plan(kmp, ScriptHarness.Request(temp, which == "remove all"));
            return RemovePlanScript.Render(plan);
        }
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Defect8_a_script_defines_only_functions_it_calls_and_passes_Confirm_false_to_every_cmdlet_that_prompts(string which)
    {
        var script = ScriptOf(which);
        var ast = Parser.ParseInput(script, out _, out var errors);
        errors.Should().BeEmpty();
        var commands = ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().ToList();
        var called = commands.Select(c => c.GetCommandName()).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var defined = ast.FindAll(a => a is FunctionDefinitionAst, true).Cast<FunctionDefinitionAst>().Select(f => f.Name).ToList();
        defined.Should().OnlyContain(f => called.Contains(f), "unused functions are not emitted");
        foreach (var command in commands.Where(c => c.GetCommandName() is "Remove-SCOMManagementPack" or "Remove-SCOMNotificationSubscription" or "Resolve-SCOMAlert"
                     or "Set-SCOMDatabaseGroomingSetting" or "Import-SCOMManagementPack" or "Add-SCOMNotificationSubscription" or "Add-SCOMNotificationSubscriber"))
            command.Extent.Text.Should().Contain("-Confirm:$false");
        ast.ParamBlock.Attributes.Should().Contain(a => a.Extent.Text.Contains("SupportsShouldProcess = $true", StringComparison.Ordinal));
    }

    [Fact]
    public void Defect8_the_criteria_comment_says_what_the_criteria_match()
    {
        var script = Notify();
        script.Should().NotContain("new or changed")
            .And.Contain("# New alerts (resolution state 0) of warning (1) or error (2) severity.\n$Criteria = '<And><Expression><SimpleExpression><ValueExpression><Property>ResolutionState</Property></ValueExpression><Operator>Equal</Operator><ValueExpression><Value>0</Value>");
    }

    // version awareness, reruns ------------------------------------------------------------------

    [Fact]
    public void On_SCOM_2007_R2_the_scripts_stop_before_doing_anything_and_say_what_to_do_instead()
    {
        var (kmp, scom, script) = RemovePlan(all: true);
        using (kmp)
        using (scom)
        {
            var fake = new FakeScom(scom);
            var (remove, _) = PowerShellHarness.RunText(script, harness.Folder("remove"), fake, withModule: false);
            var (notify, _) = PowerShellHarness.RunText(Notify(), harness.Folder("notify"), fake, Args(("Recipients", new[] { ScriptHarness.Recipient })), withModule: false);

            remove.Failure!.Message.Should().StartWith("This script needs the OperationsManager PowerShell module of SCOM 2012 or later")
                .And.Contain("SCOM 2007 R2 has only its command shell snap-in").And.Contain("in this order: KasperskyLab.");
            notify.Failure!.Message.Should().Contain("On SCOM 2007 R2: create the subscription in the Operations console (Administration > Notifications > Subscriptions)");
            fake.Calls.Should().BeEmpty();
        }
    }

    [Fact]
    public void A_remove_that_failed_halfway_is_finished_by_running_the_script_again()
    {
        var (kmp, scom) = harness.Twins(setup: ScriptHarness.FamilyAndCustomer);
        using (kmp)
        using (scom)
        {
            var request = ScriptHarness.Request(temp, all: true, strip: true);
            var plan = RemoveFamily.Plan(kmp, request);
            var script = RemovePlanScript.Render(plan);
            RemoveFamily.Execute(kmp, plan, request, progress: null);
            var order = plan.Steps.OfType<UninstallPackStep>().Select(u => u.PackId).ToList();
            var fake = new FakeScom(scom);
            fake.FailUninstallOnce(order[order.Count / 2]);
            var folder = harness.Folder("remove");

            var (first, _) = PowerShellHarness.RunText(script, folder, fake);
            first.Failure!.Message.Should().Contain("The server disconnected while " + order[order.Count / 2]);
            scom.GetPacks().Select(p => p.Id).Should().NotContain(order[0]).And.Contain(order[^1], "it stopped halfway");

            var (second, _) = PowerShellHarness.RunText(script, folder, fake);
            second.Succeeded.Should().BeTrue(second.ToString());
            second.Messages.Should().Contain($"{order[0]}: not installed here (already removed)");
            ScriptHarness.State(scom).Should().Equal(ScriptHarness.State(kmp));
        }
    }

    [Fact]
    public void A_pack_at_another_version_than_planned_stops_the_remove_before_anything_goes()
    {
        var (kmp, scom, script) = RemovePlan(all: false);
        using (kmp)
        using (scom)
        {
            var fake = new FakeScom(scom);
            var views = $"KasperskyLab.{ScriptHarness.Product}.Views";
            var (run, _) = PowerShellHarness.RunText(script.Replace($"@{{ Id = '{views}'; Version = '1.0.0.0' }}", $"@{{ Id = '{views}'; Version = '0.9.0.0' }}", StringComparison.Ordinal),
                harness.Folder("remove"), fake);

            run.Failure!.Message.Should().Be($"Stopped before removing anything: {views} is version 1.0.0.0 in this management group, kmp planned for version 0.9.0.0. The group differs from the plan: plan again with kmp remove --emit-script.");
            scom.GetPacks().Should().Contain(p => p.Id == views);
        }
    }
}
