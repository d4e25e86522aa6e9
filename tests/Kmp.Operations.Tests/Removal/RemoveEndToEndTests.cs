using Kmp.Application.Operations;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Operations;
using Kmp.Operations.Local;
using Kmp.Operations.Plans;
using Kmp.Operations.Tests.Local;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Removal;

/// <summary>Import and remove of the real, sealed Kaspersky family on a local management group, end to end.</summary>
public sealed class RemoveEndToEndTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string Backup => temp.File("backup");

    private string StateFile => temp.File("grooming.json");

    private LocalManagementGroup NewGroup(bool strict = false) => LocalGroups.Create(temp, strict);

    private RemoveRequest Request(params string[] products) => new()
    {
        Products = products,
        All = products.Length == 0,
        BackupFolder = Backup,
        StateFile = StateFile,
    };

    private static ExecutionResult ImportAll(IManagementGroup group)
    {
        var plan = ImportFamily.Plan(group, RealFamily.Packs);
        return new PlanExecutor(group).Execute(plan);
    }

    private static ExecutionResult Remove(IManagementGroup group, RemoveRequest request) =>
        RemoveFamily.Execute(group, RemoveFamily.Plan(group, request), request, progress: null);

    private static IEnumerable<InstalledPack> Family(IManagementGroup group) => group.GetPacks().Where(p => KasperskyFamily.IsFamily(p.Id));

    [Fact]
    public void Importing_the_family_twice_does_nothing_the_second_time()
    {
        using var group = NewGroup();
        ImportAll(group);
        Family(group).Should().HaveCount(RealFamily.Packs.Count).And.OnlyContain(p => p.Sealed && p.KeyToken == RealFamily.Packs[0].KeyToken);
        var subscription = group.GetSubscription(KavAdministrators.Name)!;
        subscription.ClassIds.Should().BeEquivalentTo(Family(group).SelectMany(p => p.ClassIds).Where(KasperskyFamily.IsFamilyClass));
        subscription.Severities.Should().Equal("Warning", "Error");

        var again = ImportFamily.Plan(group, RealFamily.Packs);
        again.IsEmpty.Should().BeTrue();
        again.Notes.Should().HaveCount(RealFamily.Packs.Count).And.OnlyContain(n => n.EndsWith("is already installed: skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_downgrade_or_an_incompatible_upgrade_imports_nothing_and_says_why()
    {
        using var group = NewGroup();
        ImportAll(group);
        var before = LocalGroups.Dump(group.Path);
        var library = RealFamily.Packs.Single(p => p.Id == KasperskyFamily.LibraryId);
        var xml = library.Xml();
        var older = ManagementPackFile.DeclaredSealed(xml.Replace("<Version>1.0.0.0</Version>", "<Version>0.9.0.0</Version>", StringComparison.Ordinal), library.KeyToken!);
        var downgrade = () => ImportFamily.Plan(group, [older]);
        downgrade.Should().Throw<KmpRefusedException>().WithMessage("nothing imported into local:*: KasperskyLab.Library: version 1.0.0.0 is installed, 0.9.0.0 would be a downgrade (ManagementPackNewerVersionAlreadyImported)");

        var firstClass = ManagementPackDocument.Parse(xml).Elements.First(e => e.Kind == "ClassType" && e.IsPublic);
        var withoutClass = System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(xml, @"(<ID>KasperskyLab\.Library</ID>\s*<Version>)1\.0\.0\.0(</Version>)", "${1}1.0.0.1${2}"),
            $"<ClassType ID=\"{firstClass.Id}\"[^>]*?(/>|>.*?</ClassType>)", "", System.Text.RegularExpressions.RegexOptions.Singleline);
        var incompatible = ManagementPackFile.DeclaredSealed(withoutClass, library.KeyToken!);
        incompatible.Version.Should().Be(new Version(1, 0, 0, 1));
        var upgrade = () => new ImportPlanner().Plan(group, [incompatible]); // the planner alone: the pack also fails verification (its elements use the class)
        upgrade.Should().Throw<KmpRefusedException>().WithMessage($"*not upgrade compatible with the installed 1.0.0.0: *{firstClass.Id}: public ClassType removed. Uninstall the installed version first*");
        LocalGroups.Dump(group.Path).Should().Equal(before);
    }

    [Fact]
    public void A_shared_components_packs_stay_while_a_product_uses_them_and_go_with_the_last()
    {
        using var group = NewGroup();
        new PlanExecutor(group).Execute(ImportFamily.Plan(group, [.. RealFamily.Of("KSE").Union(RealFamily.Of("ASE"))]));
        var shared = new[] { "KasperskyLab.Shared.ExchangeSecurity.Discovery", "KasperskyLab.Shared.ExchangeSecurity.Monitoring" };
        group.GetPacks().Select(p => p.Id).Should().Contain(shared, "they come with the products that use the component");

        var first = RemoveFamily.Plan(group, Request("KSE"));
        first.Steps.OfType<UninstallPackStep>().Select(s => s.PackId).Should().NotContain(shared);
        first.Notes.Should().Contain(n => n.StartsWith("KasperskyLab.Shared.ExchangeSecurity.Discovery (shared attributes: discovery of the shared component ExchangeSecurity) stays: ASE still uses it", StringComparison.Ordinal));
        RemoveFamily.Execute(group, first, Request("KSE"), null);
        group.GetPacks().Select(p => p.Id).Should().Contain(shared);

        var last = RemoveFamily.Plan(group, Request("ASE"));
        var uninstalled = last.Steps.OfType<UninstallPackStep>().Select(s => s.PackId).ToList();
        uninstalled.Should().Contain(shared).And.Contain(KasperskyFamily.LibraryId);
        uninstalled.IndexOf(KasperskyFamily.LibraryId).Should().BeGreaterThan(uninstalled.IndexOf(shared[0]), "the library goes after the packs that reference it");
        last.Steps.OfType<UninstallPackStep>().Single(s => s.PackId == shared[1]).Description.Should().Contain("monitors of the shared component ExchangeSecurity");
        RemoveFamily.Execute(group, last, Request("ASE"), null);
        Family(group).Should().BeEmpty();
    }

    [Fact]
    public void Removing_one_product_keeps_the_library_and_KAV_Administrators_and_takes_the_products_instances_and_alerts()
    {
        using var group = NewGroup();
        ImportAll(group);
        NotificationRecipients.Add(group, "ops@contoso.com");
        var removed = "KSWS";
        var kept = "WSEE";
        var removedDiscovery = group.GetPacks().Single(p => p.Id == $"KasperskyLab.{removed}.Discovery");
        var removedMonitoring = group.GetPacks().Single(p => p.Id == $"KasperskyLab.{removed}.Monitoring");
        group.SimulateInstances(removedDiscovery.ClassIds[0], 4);
        group.SimulateInstances(group.GetPacks().Single(p => p.Id == $"KasperskyLab.{kept}.Discovery").ClassIds[0], 3);
        group.SimulateAlerts(removedMonitoring.WorkflowIds[0], 2);

        var plan = RemoveFamily.Plan(group, Request(removed));
        plan.Steps.OfType<UninstallPackStep>().Select(s => s.PackId).Should().Equal($"KasperskyLab.{removed}.Views", $"KasperskyLab.{removed}.Monitoring", $"KasperskyLab.{removed}.Discovery");
        plan.Steps.OfType<UninstallPackStep>().First().Description.Should().Contain($"views (public views folder Kaspersky Lab/{removed})");
        plan.Steps.OfType<ResolveAlertsStep>().Should().ContainSingle().Which.OpenAlerts.Should().Be(2);
        plan.Notes.Should().Contain(n => n.StartsWith("KasperskyLab.Library (the family's types, the Kaspersky Lab: Service Monitoring script and the Kaspersky Lab folder), "
            + "KasperskyLab.Library.Discovery (the Kaspersky Lab computers (class and discovery), on which the products are looked for) and KAV Administrators stay: ASE, KAVISA, KES, KSC, KSE, KSSP, NetworkAgent, WSEE still installed", StringComparison.Ordinal));
        RemoveFamily.Execute(group, plan, Request(removed), null);

        group.GetPacks().Should().NotContain(p => KasperskyFamily.ProductKey(p.Id) == removed);
        group.GetPacks().Should().Contain(p => p.Id == KasperskyFamily.LibraryId);
        group.GetPacks().Should().Contain(p => p.Id == $"KasperskyLab.{kept}.Views");
        group.CountInstances().Should().Be(3);
        group.GetAlerts(removedMonitoring.WorkflowIds).Should().BeEmpty();
        var subscription = group.GetSubscription(KavAdministrators.Name)!;
        subscription.Recipients.Should().Equal("ops@contoso.com");
        subscription.ClassIds.Should().NotContain(removedDiscovery.ClassIds).And.Contain(group.GetPacks().Single(p => p.Id == $"KasperskyLab.{kept}.Discovery").ClassIds);

        var second = RemoveFamily.Plan(group, Request(removed));
        second.IsEmpty.Should().BeTrue();
        second.Notes.Should().Contain($"{removed}: no pack of this product is installed");
    }

    [Fact]
    public void Removing_everything_leaves_nothing_Kaspersky_and_puts_the_grooming_setting_back()
    {
        using var group = NewGroup();
        ImportAll(group);
        NotificationRecipients.Add(group, "ops@contoso.com");
        var monitoring = Family(group).First(p => p.Id.EndsWith(".Monitoring", StringComparison.Ordinal) && p.WorkflowIds.Count > 0);
        group.SimulateAlerts(monitoring.WorkflowIds[0], 3);
        var request = Request() with { WaitForGrooming = true, GroomDays = 1 };

        var result = Remove(group, request);

        Family(group).Should().BeEmpty();
        group.GetSubscription(KavAdministrators.Name).Should().BeNull();
        File.ReadAllText(Path.Combine(Backup, "KAV Administrators.json")).Should().Contain("ops@contoso.com");
        group.GetAlertDaysToKeep().Should().Be(LocalManagementGroup.DefaultAlertDaysToKeep);
        File.Exists(StateFile).Should().BeFalse();
        result.SimulatedClock.Should().BeTrue();
        result.GroomingWait.Should().BeGreaterThan(TimeSpan.FromHours(14)).And.BeLessThan(TimeSpan.FromDays(2),
            "alerts closed Monday 10:00 with one day to keep are groomed at Wednesday's midnight run");
        group.GroomingHistory().Should().Contain(r => r.AlertsGroomed == 3);

        var again = RemoveFamily.Plan(group, request);
        again.IsEmpty.Should().BeTrue();
        again.Notes.Should().ContainSingle().Which.Should().StartWith("nothing to remove");
    }

    [Fact]
    public void A_customer_override_pack_stops_the_remove_and_is_backed_up_first()
    {
        using var group = NewGroup();
        ImportAll(group);
        var product = "KSWS";
        group.Import(CustomerOverrides(group, product));
        var request = Request(product);

        var plan = RemoveFamily.Plan(group, request);
        plan.Refusal.Should().Contain("Contoso.Overrides 1.0.0.0").And.Contain("--strip-overrides");
        plan.Steps.Should().ContainSingle().Which.Should().BeOfType<BackupPackStep>();
        var before = LocalGroups.Dump(group.Path);
        var act = () => RemoveFamily.Execute(group, plan, request, null);
        act.Should().Throw<KmpRefusedException>().WithMessage("customer management packs reference the packs being removed: Contoso.Overrides*");
        LocalGroups.Dump(group.Path).Should().Equal(before);
        File.Exists(Path.Combine(Backup, "Contoso.Overrides-1.0.0.0", "Contoso.Overrides.xml")).Should().BeTrue();
    }

    [SkippableFact]
    public void A_fifo_or_device_in_the_backup_folder_or_as_the_state_file_is_refused_in_one_line_not_read()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "a FIFO and /dev/null stand for inputs that are not regular files");
        using var group = NewGroup();
        ImportAll(group);
        group.Import(CustomerOverrides(group, "KSWS"));
        var folder = Path.Combine(Backup, "Contoso.Overrides-1.0.0.0");
        Directory.CreateDirectory(folder);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [Path.Combine(folder, "Contoso.Overrides.xml")])) mkfifo.WaitForExit();
        var request = Request("KSWS") with { StripOverrides = true };
        var act = () => Remove(group, request);
        act.Should().Throw<KmpException>().WithMessage("*Contoso.Overrides.xml*not a regular file*");

        var state = () => GroomingState.Read("/dev/null", group.Name);
        state.Should().Throw<KmpException>().WithMessage("/dev/null*not a regular file*");
    }

    [Theory]
    [InlineData("file")]
    [InlineData("link")]
    public void A_backup_folder_that_cannot_take_the_subscription_stops_the_remove_before_its_first_change(string what)
    {
        using var group = NewGroup();
        ImportAll(group);
        var packs = group.GetPacks().Select(p => p.Id).ToList();
        if (what == "file") File.WriteAllText(Backup, "a file where the backup folder should be");
        else
        {
            Directory.CreateDirectory(Backup);
            File.CreateSymbolicLink(Path.Combine(Backup, KavAdministrators.Name + ".json"), temp.File("elsewhere.json"));
        }
        var act = () => Remove(group, Request());
        act.Should().Throw<KmpException>().Which.Kind.Should().Be(ErrorKind.CannotWrite);
        group.GetPacks().Select(p => p.Id).Should().Equal(packs, "nothing is removed when the backup cannot be written");
        group.GetSubscription(KavAdministrators.Name).Should().NotBeNull();
    }

    [Fact]
    public void With_strip_overrides_the_customer_pack_is_reimported_without_the_family_and_keeps_its_other_overrides()
    {
        using var group = NewGroup();
        ImportAll(group);
        var product = "KSWS";
        group.Import(CustomerOverrides(group, product));
        var request = Request(product) with { StripOverrides = true };

        Remove(group, request);

        var backup = ManagementPackDocument.Load(Path.Combine(Backup, "Contoso.Overrides-1.0.0.0", "Contoso.Overrides.xml"));
        backup.References.Should().Contain(r => r.ManagementPackId == $"KasperskyLab.{product}.Monitoring");
        var customer = group.GetPacks().Single(p => p.Id == "Contoso.Overrides");
        customer.Version.Should().Be(new Version(1, 0, 0, 1));
        customer.References.Should().NotContain(r => KasperskyFamily.IsFamily(r.ManagementPackId));
        var stripped = ManagementPackDocument.Parse(group.ExportXml("Contoso.Overrides"));
        stripped.Elements.Select(e => e.Id).Should().Equal("Contoso.Override.WindowsDisk");
        stripped.DisplayName("Contoso.Override.WindowsDisk").Should().Be("Quieter disk monitor");
        stripped.DisplayName("Contoso.Override.KasperskyService").Should().BeNull();
        group.GetPacks().Should().NotContain(p => KasperskyFamily.ProductKey(p.Id) == product);
    }

    [Fact]
    public void A_sealed_pack_of_another_vendor_that_depends_on_the_family_stops_the_remove_with_its_name()
    {
        using var group = NewGroup();
        ImportAll(group);
        var product = "KSWS";
        var discovery = group.GetPacks().Single(p => p.Id == $"KasperskyLab.{product}.Discovery");
        group.Import(ManagementPackFile.DeclaredSealed(TestPacks.Xml("Fabrikam.Kaspersky.Extension", "2.0.0.0",
            [new TestReference("KLD", discovery.Id, "1.0.0.0", discovery.KeyToken!)]), "fedcba9876543210"));
        var act = () => RemoveFamily.Plan(group, Request(product));
        act.Should().Throw<KmpRefusedException>().WithMessage($"*sealed management packs depend on the packs being removed: Fabrikam.Kaspersky.Extension 2.0.0.0 (references {discovery.Id})*");
    }

    [Fact]
    public void In_strict_mode_the_remove_resolves_the_alerts_waits_for_grooming_on_the_simulated_clock_and_completes()
    {
        using var group = NewGroup(strict: true);
        ImportAll(group);
        var monitoring = Family(group).Where(p => p.Id.EndsWith(".Monitoring", StringComparison.Ordinal) && p.WorkflowIds.Count > 0).ToList();
        foreach (var pack in monitoring) group.SimulateAlerts(pack.WorkflowIds[0], 2);
        var request = Request() with { GroomDays = 2 };

        var plan = RemoveFamily.Plan(group, request);
        plan.Steps.OfType<WaitForGroomingStep>().Should().ContainSingle("the group refuses to uninstall while alerts reference the rules");
        var progress = new List<OperationProgress>();
        var result = RemoveFamily.Execute(group, plan, request, new Collect(progress));

        Family(group).Should().BeEmpty();
        result.GroomingWait.Should().BeGreaterThan(TimeSpan.FromDays(2)).And.BeLessThan(TimeSpan.FromDays(3));
        progress.Should().Contain(p => p.Detail != null && p.Detail.Contains("alert(s) left", StringComparison.Ordinal));
        group.GetAlertDaysToKeep().Should().Be(7);
        File.Exists(StateFile).Should().BeFalse();
    }

    [Fact]
    public void When_grooming_does_not_finish_in_time_the_remove_fails_with_only_the_alerts_resolved_and_the_setting_restored()
    {
        using var group = NewGroup(strict: true);
        ImportAll(group);
        var monitoring = Family(group).First(p => p.Id.EndsWith(".Monitoring", StringComparison.Ordinal) && p.WorkflowIds.Count > 0);
        var alerts = group.SimulateAlerts(monitoring.WorkflowIds[0], 2);
        var packsBefore = group.GetPacks();
        var request = Request() with { GroomDays = 3, GroomingTimeout = TimeSpan.FromDays(1) };

        var act = () => Remove(group, request);

        act.Should().Throw<GroomingTimeoutException>().WithMessage("*2 alert(s) of the packs being removed were still not groomed after 1 d*");
        group.GetPacks().Should().BeEquivalentTo(packsBefore);
        group.GetAlerts(monitoring.WorkflowIds).Should().OnlyContain(a => a.ResolutionState == ResolutionStates.Closed && alerts.Contains(a.Id));
        group.GetAlertDaysToKeep().Should().Be(7);
        File.Exists(StateFile).Should().BeFalse();
        group.GetSubscription(KavAdministrators.Name).Should().NotBeNull();
    }

    [Fact]
    public void A_remove_killed_between_two_uninstalls_completes_when_run_again_with_nothing_lost()
    {
        using var group = NewGroup();
        ImportAll(group);
        NotificationRecipients.Add(group, "ops@contoso.com");
        var product = "KSWS";
        group.Import(CustomerOverrides(group, product));
        var request = Request() with { StripOverrides = true };

        var crashing = new FailingGroup(group, failOnUninstall: 5);
        var first = () => Remove(crashing, request);
        first.Should().Throw<SimulatedCrash>();
        Family(group).Should().NotBeEmpty().And.HaveCount(RealFamily.Packs.Count - 4);

        var rerun = RemoveFamily.Plan(group, request);
        rerun.Steps.OfType<StripOverridesStep>().Should().BeEmpty("the customer pack was already rewritten before the crash");
        RemoveFamily.Execute(group, rerun, request, null);

        Family(group).Should().BeEmpty();
        group.GetPacks().Single(p => p.Id == "Contoso.Overrides").Version.Should().Be(new Version(1, 0, 0, 1));
        ManagementPackDocument.Parse(group.ExportXml("Contoso.Overrides")).Elements.Select(e => e.Id).Should().Equal("Contoso.Override.WindowsDisk");
        File.Exists(Path.Combine(Backup, "Contoso.Overrides-1.0.0.0", "Contoso.Overrides.xml")).Should().BeTrue();
        File.ReadAllText(Path.Combine(Backup, "KAV Administrators.json")).Should().Contain("ops@contoso.com");
        RemoveFamily.Plan(group, request).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void A_setting_left_lowered_by_a_killed_run_is_restored_first_by_the_next_run()
    {
        using var group = NewGroup();
        ImportAll(group);
        // What a run killed during its wait leaves behind: the state file, and AlertDaysToKeep lowered.
        GroomingState.Save(StateFile, group.Name, 7, 1, group.Clock.UtcNow);
        group.SetAlertDaysToKeep(1);

        var plan = RemoveFamily.Plan(group, Request("KSWS"));
        plan.Steps[0].Should().BeOfType<RestoreGroomingStep>().Which.AlertDaysToKeep.Should().Be(7);
        RemoveFamily.Execute(group, plan, Request("KSWS"), null);
        group.GetAlertDaysToKeep().Should().Be(7);
        File.Exists(StateFile).Should().BeFalse();
    }

    [Fact]
    public void An_error_during_the_wait_still_restores_the_setting()
    {
        using var group = NewGroup(strict: true);
        ImportAll(group);
        var monitoring = Family(group).First(p => p.Id.EndsWith(".Monitoring", StringComparison.Ordinal) && p.WorkflowIds.Count > 0);
        group.SimulateAlerts(monitoring.WorkflowIds[0], 1);
        var request = Request() with { GroomDays = 1 };
        var act = () => Remove(new FailingGroup(group, failOnSleep: 1), request);
        act.Should().Throw<SimulatedCrash>();
        group.GetAlertDaysToKeep().Should().Be(7);
        File.Exists(StateFile).Should().BeFalse();
    }

    [Fact]
    public void What_if_leaves_every_table_unchanged()
    {
        string path;
        using (var group = NewGroup(strict: true))
        {
            ImportAll(group);
            group.Import(CustomerOverrides(group, "KSWS"));
            group.SimulateAlerts(Family(group).First(p => p.Id.EndsWith(".Monitoring", StringComparison.Ordinal) && p.WorkflowIds.Count > 0).WorkflowIds[0], 2);
            path = group.Path;
        }
        var before = LocalGroups.Dump(path);
        var output = new StringWriter();
        var code = Kmp.Cli.Program.Run(["remove", "--all", "--mg", "local:" + path, "--what-if", "--strip-overrides", "--wait-for-grooming", "--groom-days", "1",
            "--backup", Backup, "--state-file", StateFile], output, new StringWriter());
        code.Should().Be(0);
        output.ToString().Should().Contain("--what-if: nothing was changed").And.Contain("rewrite customer pack Contoso.Overrides");
        LocalGroups.Dump(path).Should().Equal(before);
        Directory.Exists(Backup).Should().BeFalse();
        File.Exists(StateFile).Should().BeFalse();
    }

    private static ManagementPackFile CustomerOverrides(IManagementGroup group, string product)
    {
        var discovery = group.GetPacks().Single(p => p.Id == $"KasperskyLab.{product}.Discovery");
        var monitoring = group.GetPacks().Single(p => p.Id == $"KasperskyLab.{product}.Monitoring");
        var monitor = monitoring.WorkflowIds.First(w => w.Contains("Monitor", StringComparison.Ordinal) || w.Contains("Service", StringComparison.Ordinal));
        return TestPacks.Unsealed(TestPacks.Xml("Contoso.Overrides", "1.0.0.0",
            [TestPacks.System, TestPacks.Windows, new TestReference("KLM", monitoring.Id, "1.0.0.0", monitoring.KeyToken!), new TestReference("KLD", discovery.Id, "1.0.0.0", discovery.KeyToken!)],
            overrides:
            [
                TestPacks.Override("Contoso.Override.KasperskyService", $"KLD!{discovery.ClassIds[0]}", $"KLM!{monitor}"),
                TestPacks.Override("Contoso.Override.WindowsDisk", "Windows!Microsoft.Windows.Computer", "Windows!Microsoft.Windows.LogicalDisk.FreeSpace.Monitor"),
            ],
            displayStrings: [("Contoso.Override.KasperskyService", "Disable Kaspersky service monitor"), ("Contoso.Override.WindowsDisk", "Quieter disk monitor")]));
    }

    private sealed class Collect(List<OperationProgress> into) : IProgress<OperationProgress>
    {
        public void Report(OperationProgress value) => into.Add(value);
    }
}
