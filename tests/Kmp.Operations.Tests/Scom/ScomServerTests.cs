using System.Reflection;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Operations.Scom;

namespace Kmp.Operations.Tests.Scom;

/// <summary>
/// The real host against a real management group, when KMP_TEST_SCOM_SERVER names one (Windows, the SDK
/// installed, an account in the Administrators role: KMP_SCOM_USER/KMP_SCOM_PASSWORD or the current
/// one). Only what leaves the group as it was: listing, exporting the unsealed Notifications Internal
/// Library every group has, AlertDaysToKeep set to what it already is, a read of alerts. Elsewhere these
/// tests skip and say why; the contract itself runs against the fake host.
/// </summary>
public sealed class ScomServerTests : IDisposable
{
    private const string ServerVariable = "KMP_TEST_SCOM_SERVER";
    private readonly ScomManagementGroup? group;

    public ScomServerTests()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        var host = typeof(ScomServerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ScomHost").Value!;
        if (string.IsNullOrEmpty(server) || !OperatingSystem.IsWindows() || !File.Exists(host)) return;
        group = new ScomManagementGroup(server, new ScomHostOptions { Command = new ScomHostCommand(host, []), Credentials = ScomCredentials.FromEnvironment(null) });
    }

    private ScomManagementGroup Group
    {
        get
        {
            Skip.If(group is null, $"{ServerVariable} does not name a management server (or this is not Windows, or the host is not built): the real-SDK checks need one");
            return group!;
        }
    }

    public void Dispose() => group?.Dispose();

    [SkippableFact]
    public void The_group_lists_System_Library_sealed_with_Microsofts_key_at_7_or_later()
    {
        var library = Group.GetPacks().Should().ContainSingle(p => p.Id == "System.Library").Subject;
        library.Sealed.Should().BeTrue();
        library.KeyToken.Should().Be(LibraryPack.MicrosoftKeyToken);
        library.Version.Major.Should().BeGreaterThanOrEqualTo(7);
    }

    [SkippableFact]
    public void An_unsealed_pack_exports_as_XML_that_kmp_reads()
    {
        var xml = Group.ExportXml("Microsoft.SystemCenter.Notifications.Internal");
        ManagementPackDocument.Parse(xml).Id.Should().Be("Microsoft.SystemCenter.Notifications.Internal");
    }

    [SkippableFact]
    public void AlertDaysToKeep_is_read_and_set_to_the_same_value()
    {
        var days = Group.GetAlertDaysToKeep();
        days.Should().BeInRange(1, 255);
        Group.SetAlertDaysToKeep(days);
        Group.GetAlertDaysToKeep().Should().Be(days);
    }

    [SkippableFact]
    public void Alerts_of_a_workflow_that_does_not_exist_are_none()
    {
        Group.GetAlerts(["Kmp.Test.NoSuchRule"]).Should().BeEmpty();
    }

    [SkippableFact]
    public void Uninstalling_a_pack_that_is_not_installed_is_refused()
    {
        var scom = Group;
        var act = () => scom.Uninstall("Kmp.Test.NotInstalled");
        act.Should().Throw<ManagementGroupRefusedException>().Where(e => e.Reason == RefusalReason.NotInstalled);
    }
}
