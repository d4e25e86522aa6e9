using Kmp.Operations;

namespace Kmp.Operations.Tests.Removal;

/// <summary>The process dies: thrown by <see cref="FailingGroup"/> where a kill would stop kmp.</summary>
public sealed class SimulatedCrash : Exception
{
    public SimulatedCrash(string message) : base(message) { }
}

/// <summary>
/// A management group that "kills kmp" at a chosen call: the Nth uninstall, or the Nth wait on the
/// clock. Everything before it happened; nothing after it.
/// </summary>
public sealed class FailingGroup(IManagementGroup inner, int failOnUninstall = int.MaxValue, int failOnSleep = int.MaxValue) : IManagementGroup
{
    private int uninstalls;

    public string Name => inner.Name;
    public IClock Clock { get; } = new FailingClock(inner.Clock, failOnSleep);
    public bool UninstallWaitsForAlertGrooming => inner.UninstallWaitsForAlertGrooming;
    public IReadOnlyList<InstalledPack> GetPacks() => inner.GetPacks();
    public void Import(ManagementPackFile pack) => inner.Import(pack);

    public void Uninstall(string packId)
    {
        if (++uninstalls == failOnUninstall) throw new SimulatedCrash($"killed before uninstalling {packId}");
        inner.Uninstall(packId);
    }

    public string ExportXml(string packId) => inner.ExportXml(packId);
    public IReadOnlyList<Alert> GetAlerts(IReadOnlyCollection<string> workflowIds) => inner.GetAlerts(workflowIds);
    public int ResolveAlerts(IReadOnlyCollection<Guid> alertIds, string comment) => inner.ResolveAlerts(alertIds, comment);
    public int GetAlertDaysToKeep() => inner.GetAlertDaysToKeep();
    public void SetAlertDaysToKeep(int days) => inner.SetAlertDaysToKeep(days);
    public NotificationSubscription? GetSubscription(string name) => inner.GetSubscription(name);
    public void SaveSubscription(NotificationSubscription subscription) => inner.SaveSubscription(subscription);
    public void DeleteSubscription(string name) => inner.DeleteSubscription(name);
    public void Dispose() { }

    private sealed class FailingClock(IClock inner, int failOn) : IClock
    {
        private int sleeps;
        public DateTimeOffset UtcNow => inner.UtcNow;
        public bool IsSimulated => inner.IsSimulated;

        public void Sleep(TimeSpan duration, CancellationToken cancellation)
        {
            if (++sleeps == failOn) throw new SimulatedCrash("killed while waiting for grooming");
            inner.Sleep(duration, cancellation);
        }
    }
}
