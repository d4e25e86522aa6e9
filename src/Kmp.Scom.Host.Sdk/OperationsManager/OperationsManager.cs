// Reference-only declarations of the members of Microsoft.EnterpriseManagement.OperationsManager
// 7.0.5000.0 that Kmp.Scom.Host uses, with the signatures of Microsoft's SDK documentation (the table
// in src/Kmp.Scom.Host/README.md). Bodies are never run: the host binds to the real SDK.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using Microsoft.EnterpriseManagement.Administration;
using Microsoft.EnterpriseManagement.Common;
using Microsoft.EnterpriseManagement.Monitoring;

namespace Microsoft.EnterpriseManagement
{
    public class ManagementGroupConnectionSettings : ConnectionSettings
    {
        public ManagementGroupConnectionSettings(string serverName) => throw null;
    }

    public class ManagementGroup : EnterpriseManagementGroup
    {
        private ManagementGroup() { }

        public static ManagementGroup Connect(ManagementGroupConnectionSettings settings) => throw null;

        public IOperationalDataManagement OperationalData => throw null;

        public ManagementGroupAdministration Administration => throw null;

        [Obsolete("Please use Notifications.GetNotificationSubscriptions()")]
        public ReadOnlyCollection<NotificationSubscription> GetNotificationSubscriptions() => throw null;

        [Obsolete("Please use Notifications.InsertNotificationSubscription()")]
        public void InsertNotificationSubscription(NotificationSubscription notificationSubscription) => throw null;

        public void DeleteNotificationSubscription(NotificationSubscription notificationSubscription) => throw null;

        [Obsolete("Please use Notifications.GetNotificationRecipient()")]
        public NotificationRecipient GetNotificationRecipient(string name) => throw null;

        [Obsolete("Please use Notifications.InsertNotificationRecipient()")]
        public void InsertNotificationRecipient(NotificationRecipient notificationRecipient) => throw null;

        [Obsolete("Please use Notifications.GetNotificationAction()")]
        public NotificationAction GetNotificationAction(string name) => throw null;
    }

    public interface IOperationalDataManagement
    {
        IList<MonitoringAlert> GetMonitoringAlerts(MonitoringAlertCriteria criteria, DateTime? lastModified);
    }
}

namespace Microsoft.EnterpriseManagement.Monitoring
{
    public class MonitoringAlertCriteria
    {
        public MonitoringAlertCriteria(string criteria) => throw null;
    }

    [Serializable]
    public class MonitoringAlert
    {
        private MonitoringAlert() { }

        public Guid Id => throw null;

        public string Name => throw null;

        public byte ResolutionState { get => throw null; set => throw null; }

        public DateTime TimeRaised => throw null;

        public DateTime? TimeResolved => throw null;

        public DateTime LastModified => throw null;

        public void Update(string comments) => throw null;
    }
}

namespace Microsoft.EnterpriseManagement.Administration
{
    public class ManagementGroupAdministration
    {
        private ManagementGroupAdministration() { }

        public Settings Settings => throw null;
    }

    public class Setting<T>
    {
        private Setting() { }
    }

    public class Settings
    {
        private Settings() { }

        public byte GetDefaultValue(Setting<byte> setting) => throw null;

        public void SetDefaultValue<T>(Setting<T> setting, T settingValue) => throw null;

        public void ApplyChanges() => throw null;

        public struct ManagementGroup
        {
            public struct PartitioningAndGroomingSettings
            {
                public static readonly Setting<byte> AlertDaysToKeep;
            }
        }
    }

    public enum AlertSubscriptionConfigurationType
    {
        Any = 0,
        ResolutionState = 1,
    }

    [Serializable]
    public abstract class AlertSubscriptionConfiguration
    {
        protected AlertSubscriptionConfiguration() { }

        public string Criteria { get => throw null; set => throw null; }

        public IList<Guid> MonitoringClassIds => throw null;
    }

    [Serializable]
    public class AlertChangedSubscriptionConfiguration : AlertSubscriptionConfiguration
    {
        public AlertChangedSubscriptionConfiguration(AlertSubscriptionConfigurationType configurationType) => throw null;
    }

    [Serializable]
    public abstract class NotificationSubscription
    {
        protected NotificationSubscription() { }

        public string Name { get => throw null; set => throw null; }

        public string DisplayName { get => throw null; set => throw null; }

        public string Description { get => throw null; set => throw null; }

        public bool Enabled { get => throw null; set => throw null; }

        public IList<NotificationRecipient> ToRecipients => throw null;

        public IList<NotificationAction> Actions => throw null;
    }

    [Serializable]
    public class AlertNotificationSubscription : NotificationSubscription
    {
        public AlertNotificationSubscription(string name, AlertSubscriptionConfiguration configuration) => throw null;

        public AlertSubscriptionConfiguration Configuration { get => throw null; set => throw null; }
    }

    [Serializable]
    public class NotificationRecipient
    {
        public NotificationRecipient(string name) => throw null;

        public IList<NotificationRecipientDevice> Devices => throw null;
    }

    [Serializable]
    public class NotificationRecipientDevice
    {
        public NotificationRecipientDevice(string protocol, string address) => throw null;

        public string Address { get => throw null; set => throw null; }
    }

    [Serializable]
    public abstract class NotificationAction
    {
        protected NotificationAction() { }

        public string Name { get => throw null; set => throw null; }

        public string DisplayName { get => throw null; set => throw null; }
    }
}
