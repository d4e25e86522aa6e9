using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Operations;

namespace Kmp.Operations.Tests.Contract;

/// <summary>
/// What every <see cref="IManagementGroup"/> must do, whatever is behind it (the local SQLite group,
/// the SCOM SDK host). An implementation's test class derives from this and supplies a fresh group
/// holding the standard libraries, and a way to raise alerts in it.
/// </summary>
public abstract class ManagementGroupContract : IDisposable
{
    private IManagementGroup? group;

    /// <summary>A new, empty group with the standard libraries (System.Library 6.1.7221.0 or later, Microsoft's key).</summary>
    protected abstract IManagementGroup CreateGroup();

    /// <summary>Raises new alerts of a rule or monitor of an installed pack.</summary>
    protected abstract IReadOnlyList<Guid> RaiseAlerts(IManagementGroup group, string workflowId, int count);

    protected IManagementGroup Group => group ??= CreateGroup();

    public virtual void Dispose()
    {
        group?.Dispose();
        GC.SuppressFinalize(this);
    }

    private void ImportFamily(string product = "KSWS")
    {
        Group.Import(TestPacks.Library());
        foreach (var pack in TestPacks.Product(product)) Group.Import(pack);
    }

    private InstalledPack? Find(string id) => Group.GetPacks().FirstOrDefault(p => p.Id == id);

    [Fact]
    public void A_new_group_has_the_standard_libraries_sealed_with_Microsofts_key()
    {
        var packs = Group.GetPacks();
        foreach (var id in new[] { "System.Library", "Microsoft.Windows.Library", "System.Health.Library", "Microsoft.SystemCenter.Library" })
        {
            var library = packs.Should().ContainSingle(p => p.Id == id).Subject;
            library.Sealed.Should().BeTrue();
            library.KeyToken.Should().Be(LibraryPack.MicrosoftKeyToken);
            library.Version.Should().BeGreaterThanOrEqualTo(new Version(6, 1, 7221, 0));
        }
    }

    [Fact]
    public void An_imported_pack_is_listed_with_version_sealing_token_references_classes_and_workflows()
    {
        ImportFamily();
        var monitoring = Find("KasperskyLab.KSWS.Monitoring")!;
        monitoring.Version.Should().Be(new Version(1, 0, 0, 0));
        monitoring.Sealed.Should().BeTrue();
        monitoring.KeyToken.Should().Be(TestPacks.Token);
        monitoring.References.Select(r => r.ManagementPackId).Should().Contain(["KasperskyLab.Library", "KasperskyLab.KSWS.Discovery"]);
        monitoring.WorkflowIds.Should().BeEquivalentTo(["KasperskyLab.KSWS.Event1001.Rule", "KasperskyLab.KSWS.Service.Monitor"]);
        Find("KasperskyLab.KSWS.Discovery")!.ClassIds.Should().BeEquivalentTo(["KasperskyLab.KSWS.Application", "KasperskyLab.KSWS.ComputerGroup"]);
    }

    [Fact]
    public void An_unsealed_pack_is_listed_unsealed_without_token_and_exports_its_xml()
    {
        ImportFamily();
        Group.Import(TestPacks.CustomerOverrides("KSWS"));
        var customer = Find("Contoso.Overrides")!;
        customer.Sealed.Should().BeFalse();
        customer.KeyToken.Should().BeNull();
        var exported = ManagementPackDocument.Parse(Group.ExportXml("Contoso.Overrides"));
        exported.Id.Should().Be("Contoso.Overrides");
        exported.Elements.Select(e => e.Id).Should().Contain("Contoso.Override.KasperskyService");
    }

    [Fact]
    public void A_reference_that_is_not_installed_is_refused_and_nothing_changes()
    {
        var before = Group.GetPacks();
        var act = () => Group.Import(TestPacks.Discovery("KSWS"));
        act.Should().Throw<ManagementGroupRefusedException>()
            .Where(e => e.Reason == RefusalReason.UnresolvedReference && e.Names.Contains("KasperskyLab.Library"))
            .WithMessage("*KasperskyLab.Library*not found*");
        Group.GetPacks().Should().BeEquivalentTo(before);
    }

    [Fact]
    public void A_reference_to_a_newer_version_than_installed_is_refused()
    {
        Group.Import(TestPacks.Library());
        var needsNewer = TestPacks.Sealed(TestPacks.Xml("KasperskyLab.X.Discovery", "1.0.0.0", [new TestReference("KL", "KasperskyLab.Library", "2.0.0.0")]));
        var act = () => Group.Import(needsNewer);
        act.Should().Throw<ManagementGroupRefusedException>().Where(e => e.Reason == RefusalReason.UnresolvedReference).WithMessage("*2.0.0.0*1.0.0.0*");
    }

    [Fact]
    public void A_reference_with_another_key_token_is_refused()
    {
        Group.Import(TestPacks.Library());
        var otherKey = TestPacks.Sealed(TestPacks.Xml("KasperskyLab.X.Discovery", "1.0.0.0", [new TestReference("KL", "KasperskyLab.Library", "1.0.0.0", "fedcba9876543210")]));
        var act = () => Group.Import(otherKey);
        act.Should().Throw<ManagementGroupRefusedException>().Where(e => e.Reason == RefusalReason.UnresolvedReference).WithMessage("*fedcba9876543210*");
    }

    [Fact]
    public void A_reference_to_an_unsealed_pack_is_refused()
    {
        Group.Import(TestPacks.Unsealed(TestPacks.Xml("Contoso.Base", "1.0.0.0", [TestPacks.System])));
        var act = () => Group.Import(TestPacks.Unsealed(TestPacks.Xml("Contoso.User", "1.0.0.0", [new TestReference("B", "Contoso.Base", "1.0.0.0")])));
        act.Should().Throw<ManagementGroupRefusedException>().Where(e => e.Reason == RefusalReason.UnresolvedReference).WithMessage("*not sealed*");
    }

    [Fact]
    public void A_sealed_pack_installs_again_only_with_a_higher_version()
    {
        Group.Import(TestPacks.Library("1.0.0.1"));
        var same = () => Group.Import(TestPacks.Library("1.0.0.1"));
        same.Should().Throw<ManagementGroupRefusedException>().Where(e => e.Reason == RefusalReason.VersionNotHigher);
        var older = () => Group.Import(TestPacks.Library("1.0.0.0"));
        older.Should().Throw<ManagementGroupRefusedException>().Where(e => e.Reason == RefusalReason.VersionNotHigher);
        Group.Import(TestPacks.Library("1.0.0.2"));
        Find("KasperskyLab.Library")!.Version.Should().Be(new Version(1, 0, 0, 2));
    }

    [Fact]
    public void A_sealed_upgrade_that_drops_a_public_class_is_not_upgrade_compatible()
    {
        Group.Import(TestPacks.Library("1.0.0.0"));
        var act = () => Group.Import(TestPacks.Library("1.0.0.1", withSharedClass: false));
        act.Should().Throw<ManagementGroupRefusedException>().Where(e => e.Reason == RefusalReason.NotUpgradeCompatible)
            .WithMessage("*not upgrade compatible*KasperskyLab.Library.AntiSpam*");
        Find("KasperskyLab.Library")!.Version.Should().Be(new Version(1, 0, 0, 0));
    }

    [Fact]
    public void Sealed_and_unsealed_packs_of_one_id_conflict()
    {
        Group.Import(TestPacks.Library());
        var act = () => Group.Import(TestPacks.Unsealed(TestPacks.Xml("KasperskyLab.Library", "1.0.0.5", [TestPacks.System])));
        act.Should().Throw<ManagementGroupRefusedException>().Where(e => e.Reason == RefusalReason.SealedUnsealedConflict);
    }

    [Fact]
    public void An_unsealed_pack_installs_a_new_version_whatever_it_drops()
    {
        Group.Import(TestPacks.Unsealed(TestPacks.Xml("Contoso.Custom", "1.0.0.0", [TestPacks.System], classes: [TestPacks.Class("Contoso.A", "System!System.Entity")])));
        Group.Import(TestPacks.Unsealed(TestPacks.Xml("Contoso.Custom", "1.0.0.1", [TestPacks.System])));
        Find("Contoso.Custom")!.ClassIds.Should().BeEmpty();
    }

    [Fact]
    public void A_pack_with_dependents_cannot_be_uninstalled_and_the_error_names_them()
    {
        ImportFamily();
        var act = () => Group.Uninstall("KasperskyLab.KSWS.Discovery");
        act.Should().Throw<ManagementGroupRefusedException>()
            .Where(e => e.Reason == RefusalReason.HasDependents && e.Names.SequenceEqual(new[] { "KasperskyLab.KSWS.Monitoring", "KasperskyLab.KSWS.Views" }))
            .WithMessage("*KasperskyLab.KSWS.Monitoring*KasperskyLab.KSWS.Views*");
        Find("KasperskyLab.KSWS.Discovery").Should().NotBeNull();
    }

    [Fact]
    public void Uninstalling_leaves_first_removes_the_family()
    {
        ImportFamily();
        foreach (var id in new[] { "KasperskyLab.KSWS.Views", "KasperskyLab.KSWS.Monitoring", "KasperskyLab.KSWS.Discovery", "KasperskyLab.Library" })
            Group.Uninstall(id);
        Group.GetPacks().Should().NotContain(p => p.Id.StartsWith("KasperskyLab.", StringComparison.Ordinal));
        var again = () => Group.Uninstall("KasperskyLab.Library");
        again.Should().Throw<ManagementGroupRefusedException>().Where(e => e.Reason == RefusalReason.NotInstalled);
    }

    [Fact]
    public void Alerts_are_found_by_workflow_and_resolved_with_a_comment()
    {
        ImportFamily();
        var raised = RaiseAlerts(Group, "KasperskyLab.KSWS.Event1001.Rule", 3);
        RaiseAlerts(Group, "KasperskyLab.KSWS.Service.Monitor", 1);
        var alerts = Group.GetAlerts(["KasperskyLab.KSWS.Event1001.Rule"]);
        alerts.Select(a => a.Id).Should().BeEquivalentTo(raised);
        alerts.Should().OnlyContain(a => a.IsOpen && a.ResolutionState == ResolutionStates.New && a.TimeResolved == null);

        Group.ResolveAlerts([raised[0], raised[1]], "closed by the contract test").Should().Be(2);
        Group.ResolveAlerts([raised[0]], "again").Should().Be(0, "a closed alert is not closed twice");
        var after = Group.GetAlerts(["KasperskyLab.KSWS.Event1001.Rule", "KasperskyLab.KSWS.Service.Monitor"]);
        after.Should().HaveCount(4);
        after.Count(a => a.ResolutionState == ResolutionStates.Closed && a.TimeResolved != null).Should().Be(2);
    }

    [Fact]
    public void AlertDaysToKeep_is_read_and_set()
    {
        var original = Group.GetAlertDaysToKeep();
        original.Should().BeInRange(1, 255);
        Group.SetAlertDaysToKeep(1);
        Group.GetAlertDaysToKeep().Should().Be(1);
        Group.SetAlertDaysToKeep(original);
        Group.GetAlertDaysToKeep().Should().Be(original);
    }

    [Fact]
    public void A_subscription_is_created_updated_and_deleted()
    {
        Group.GetSubscription("KAV Administrators").Should().BeNull();
        var subscription = new NotificationSubscription("KAV Administrators", "test", ["KasperskyLab.KSWS.Application"], ["Warning", "Error"], "E-mail (SMTP)", ["ops@contoso.com"]);
        Group.SaveSubscription(subscription);
        Group.GetSubscription("KAV Administrators")!.SameAs(subscription).Should().BeTrue();
        var updated = subscription with { Recipients = ["ops@contoso.com", "secops@contoso.com"], ClassIds = ["KasperskyLab.KSWS.Application", "KasperskyLab.WSEE.Application"] };
        Group.SaveSubscription(updated);
        Group.GetSubscription("KAV Administrators")!.SameAs(updated).Should().BeTrue();
        Group.DeleteSubscription("KAV Administrators");
        Group.GetSubscription("KAV Administrators").Should().BeNull();
    }
}
