namespace Kmp.Operations;

/// <summary>
/// A SCOM management group as kmp sees it: its installed packs, import and
/// uninstall, export of a pack's XML, alerts by workflow, grooming settings, notification
/// subscriptions. Two implementations: the local SQLite group and the SCOM SDK host. Every type
/// crossing this port is a plain record, so it can be carried over a line protocol.
/// Operations that the group refuses throw <see cref="ManagementGroupRefusedException"/> and change nothing.
/// </summary>
public interface IManagementGroup : IDisposable
{
    /// <summary>How the user named the group, e.g. <c>local:/tmp/mg.db</c> or <c>scom://server</c>.</summary>
    string Name { get; }

    /// <summary>The group's time; waiting for grooming happens on it.</summary>
    IClock Clock { get; }

    /// <summary>
    /// True when the group refuses to uninstall a pack while alerts (of any resolution state)
    /// still reference its rules or monitors, as MOM 2005 did; then the alerts must be groomed first.
    /// </summary>
    bool UninstallWaitsForAlertGrooming { get; }

    IReadOnlyList<InstalledPack> GetPacks();

    /// <summary>Imports a new pack or a new version of an installed one.</summary>
    void Import(ManagementPackFile pack);

    /// <summary>Uninstalls a pack with its discovered instances.</summary>
    void Uninstall(string packId);

    /// <summary>The XML of an installed pack (as the SDK's ManagementPackXmlWriter writes it).</summary>
    string ExportXml(string packId);

    /// <summary>Alerts of any resolution state raised by the given rules or monitors.</summary>
    IReadOnlyList<Alert> GetAlerts(IReadOnlyCollection<string> workflowIds);

    /// <summary>Closes the alerts (resolution state 255) with a comment; returns how many changed.</summary>
    int ResolveAlerts(IReadOnlyCollection<Guid> alertIds, string comment);

    /// <summary>Days a closed alert is kept before grooming deletes it (SCOM's AlertDaysToKeep).</summary>
    int GetAlertDaysToKeep();

    void SetAlertDaysToKeep(int days);

    NotificationSubscription? GetSubscription(string name);

    /// <summary>Creates the subscription, or replaces the one of the same name.</summary>
    void SaveSubscription(NotificationSubscription subscription);

    void DeleteSubscription(string name);
}
