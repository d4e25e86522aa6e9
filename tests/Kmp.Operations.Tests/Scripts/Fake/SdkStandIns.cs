// Stand-ins for the Operations Manager SDK types that the OperationsManager cmdlets take and return,
// under the SDK's own namespaces and names, so that the fake module's parameters carry the documented
// types ([Microsoft.EnterpriseManagement.Configuration.ManagementPack[]] and so on) and the emitted
// scripts use the same members they would use on a management server. Only the members the scripts
// (and the fake module) use are here; each behaves as the SDK documents it, backed by a FakeScom.
#pragma warning disable CA1711, CA1716, CA1720, CA1724, CA1819, CA2227, CA1002, CA1024, IDE0130
using System.Collections.ObjectModel;
using Kmp.Operations;
using Kmp.Operations.Tests.Scripts.Fake;
using Microsoft.EnterpriseManagement.Common;
using Microsoft.EnterpriseManagement.Configuration;

namespace Microsoft.SystemCenter.Core.Connection
{
    /// <summary>The -SCSession parameter's type (Connection[]); the scripts never pass one.</summary>
    public sealed class Connection
    {
    }
}

namespace Microsoft.EnterpriseManagement.ConnectorFramework
{
    /// <summary>Resolve-SCOMAlert -Connector's type; the scripts never pass one.</summary>
    public sealed class MonitoringConnector
    {
    }
}

namespace Microsoft.EnterpriseManagement.Common
{
    /// <summary>A class instance (Get-SCOMClassInstance, Get-SCOMAlert -Instance).</summary>
    public class EnterpriseManagementObject(Guid id, string name)
    {
        public Guid Id { get; } = id;

        public string Name { get; } = name;

        public string DisplayName => Name;
    }
}

namespace Microsoft.EnterpriseManagement.Configuration
{
    /// <summary>A class of an installed pack (Get-SCOMClass).</summary>
    public sealed class ManagementPackClass(Guid id, string name)
    {
        public Guid Id { get; } = id;

        public string Name { get; } = name;

        public override string ToString() => Name;
    }

    /// <summary>A rule of a pack (ManagementPack.GetRules()).</summary>
    public sealed class ManagementPackRule(Guid id, string name)
    {
        public Guid Id { get; } = id;

        public string Name { get; } = name;
    }

    /// <summary>A monitor of a pack (ManagementPack.GetMonitors()).</summary>
    public sealed class ManagementPackMonitor(Guid id, string name)
    {
        public Guid Id { get; } = id;

        public string Name { get; } = name;
    }

    /// <summary>An installed management pack, as Get-SCOMManagementPack returns it.</summary>
    public sealed class ManagementPack
    {
        private readonly FakeScom scom;

        internal ManagementPack(FakeScom scom, InstalledPack pack)
        {
            this.scom = scom;
            Name = pack.Id;
            DisplayName = pack.Name;
            Version = pack.Version;
            Sealed = pack.Sealed;
            KeyToken = pack.KeyToken;
            Id = FakeScom.IdOf("pack:" + pack.Id);
        }

        public Guid Id { get; }

        public string Name { get; }

        public string DisplayName { get; }

        public Version Version { get; }

        public bool Sealed { get; }

        public string? KeyToken { get; }

        public ReadOnlyCollection<ManagementPackRule> GetRules() => new([.. scom.Workflows(Name).Where(w => !w.IsMonitor).Select(w => new ManagementPackRule(w.Guid, w.Id))]);

        public ReadOnlyCollection<ManagementPackMonitor> GetMonitors() => new([.. scom.Workflows(Name).Where(w => w.IsMonitor).Select(w => new ManagementPackMonitor(w.Guid, w.Id))]);

        public override string ToString() => Name;
    }
}

namespace Microsoft.EnterpriseManagement
{
    /// <summary>The management group (Get-SCOMManagementGroup); the scripts use its ManagementPacks.</summary>
    public sealed class ManagementGroup
    {
        internal ManagementGroup(FakeScom scom, string name)
        {
            Name = name;
            ManagementPacks = new ManagementPackManagement(scom);
        }

        public string Name { get; }

        /// <summary>IManagementPackManagement in the SDK.</summary>
        public ManagementPackManagement ManagementPacks { get; }
    }

    /// <summary>The part of IManagementPackManagement the scripts call.</summary>
    public sealed class ManagementPackManagement
    {
        private readonly FakeScom scom;

        internal ManagementPackManagement(FakeScom scom) => this.scom = scom;

        /// <summary>"Gets all the management packs that depend on (reference) the specified management pack" (direct dependents).</summary>
        public IList<ManagementPack> GetDependentManagementPacks(ManagementPack managementPack) => scom.Dependents(managementPack);
    }
}

namespace Microsoft.EnterpriseManagement.Monitoring
{
    /// <summary>An instance of a class; ResetMonitoringState recalculates a monitor on it.</summary>
    public sealed class MonitoringObject : EnterpriseManagementObject
    {
        private readonly FakeScom scom;

        internal MonitoringObject(FakeScom scom, Guid id, string name) : base(id, name) => this.scom = scom;

        /// <summary>Resets the monitor to healthy on this object; its open alert is closed by the monitor itself.</summary>
        public object ResetMonitoringState(ManagementPackMonitor monitor) => scom.ResetMonitor(this, monitor.Id);

        /// <summary>The same, by the monitor's ID (the ProblemId of its alerts).</summary>
        public object ResetMonitoringState(Guid monitorId) => scom.ResetMonitor(this, monitorId);
    }

    /// <summary>An alert (Get-SCOMAlert). ResolutionState and Update(comment) close it, as the SDK's samples do.</summary>
    public sealed class MonitoringAlert
    {
        private readonly FakeScom scom;

        internal MonitoringAlert(FakeScom scom, Alert alert, FakeScom.Workflow workflow)
        {
            this.scom = scom;
            Id = alert.Id;
            Name = alert.Name;
            ResolutionState = (byte)alert.ResolutionState;
            RuleId = workflow.Guid;
            IsMonitorAlert = workflow.IsMonitor;
            ProblemId = workflow.Guid;
            MonitoringObjectId = FakeScom.IdOf("object:" + alert.Id.ToString("D"));
            TimeResolved = alert.TimeResolved?.UtcDateTime;
            WorkflowId = workflow.Id;
        }

        public Guid Id { get; }

        public string Name { get; }

        public byte ResolutionState { get; set; }

        /// <summary>The rule or monitor that raised the alert.</summary>
        public Guid RuleId { get; }

        /// <summary>Obsolete in the 2012 SDK ("Use this.RuleId"); present for old scripts.</summary>
        [Obsolete("Use this.RuleId")]
        public Guid MonitoringRuleId => RuleId;

        /// <summary>The monitor, when IsMonitorAlert; the rule otherwise.</summary>
        public Guid ProblemId { get; }

        public bool IsMonitorAlert { get; }

        public Guid MonitoringObjectId { get; }

        public DateTime? TimeResolved { get; }

        internal string WorkflowId { get; }

        /// <summary>Makes the changes permanent, with the comment in the alert's history.</summary>
        public void Update(string comment) => scom.UpdateAlert(this, comment);
    }
}

namespace Microsoft.EnterpriseManagement.Administration
{
    /// <summary>An address of a subscriber: protocol ("Smtp", "Sms", "Sip") and address.</summary>
    public sealed class NotificationRecipientDevice(string protocol, string address)
    {
        public string Name { get; set; } = protocol + " " + address;

        public string Protocol { get; } = protocol;

        public string Address { get; } = address;
    }

    /// <summary>A subscriber (Get-/Add-SCOMNotificationSubscriber).</summary>
    public sealed class NotificationRecipient(string name)
    {
        public Guid Id { get; } = Guid.NewGuid();

        public string Name { get; } = name;

        public IList<NotificationRecipientDevice> Devices { get; } = new List<NotificationRecipientDevice>();
    }

    public abstract class NotificationAction(string name)
    {
        public Guid Id { get; } = Guid.NewGuid();

        public string Name { get; } = name;

        public string DisplayName { get; set; } = name;
    }

    /// <summary>The SMTP server side of an e-mail channel.</summary>
    public sealed class SmtpNotificationEndpoint(string name, string protocol, string primaryServer)
    {
        public string Name { get; } = name;

        public string Protocol { get; } = protocol;

        public string PrimaryServer { get; } = primaryServer;
    }

    /// <summary>An e-mail channel's action: the documented way to tell an e-mail channel (its Endpoint is the SMTP endpoint).</summary>
    public sealed class SmtpNotificationAction(string name) : NotificationAction(name)
    {
        public SmtpNotificationEndpoint? Endpoint { get; set; }

        public string? From { get; set; }
    }

    /// <summary>A command channel's action.</summary>
    public sealed class CommandNotificationAction(string name, string recipientProtocol) : NotificationAction(name)
    {
        public string RecipientProtocol { get; } = recipientProtocol;
    }

    public abstract class AlertSubscriptionConfiguration
    {
        /// <summary>The criteria XML (resolution state, severity...).</summary>
        public string? Criteria { get; set; }

        /// <summary>The classes whose instances' alerts the subscription covers (none: every alert).</summary>
        public Collection<Guid> MonitoringClassIds { get; } = [];

        public Collection<Guid> MonitoringObjectGroupIds { get; } = [];
    }

    public sealed class AlertChangedSubscriptionConfiguration : AlertSubscriptionConfiguration
    {
    }

    public abstract class NotificationSubscription
    {
        private protected NotificationSubscription(string name) => Name = name;

        public Guid Id { get; } = Guid.NewGuid();

        public string Name { get; }

        public string? DisplayName { get; set; }

        public string? Description { get; set; }

        public bool Enabled { get; set; }

        public IList<NotificationAction> Actions { get; } = new List<NotificationAction>();

        public IList<NotificationRecipient> ToRecipients { get; } = new List<NotificationRecipient>();

        public IList<NotificationRecipient> CcRecipients { get; } = new List<NotificationRecipient>();

        public IList<NotificationRecipient> BccRecipients { get; } = new List<NotificationRecipient>();

        public abstract void Update();
    }

    /// <summary>An alert subscription (Add-/Get-SCOMNotificationSubscription); Update() saves it in the group.</summary>
    public sealed class AlertNotificationSubscription : NotificationSubscription
    {
        private readonly FakeScom scom;

        internal AlertNotificationSubscription(FakeScom scom, string name) : base(name) => this.scom = scom;

        public AlertChangedSubscriptionConfiguration Configuration { get; } = new();

        public override void Update() => scom.SaveSubscription(this);
    }
}
