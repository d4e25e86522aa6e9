using System.Text.Json;
using Kmp.ManagementPacks;

namespace Kmp.Operations.Plans;

/// <summary>Where a running plan is: step <see cref="Step"/> of <see cref="Steps"/>, and during long waits a detail line.</summary>
public sealed record OperationProgress(int Step, int Steps, string Description, string? Detail = null);

/// <summary>What a plan did: steps run, time spent waiting for grooming (on the group's clock), notes.</summary>
public sealed record ExecutionResult(int StepsDone, TimeSpan GroomingWait, bool SimulatedClock, IReadOnlyList<string> Messages);

/// <summary>Grooming did not remove the alerts in time; the remove stopped before uninstalling what the alerts reference.</summary>
public sealed class GroomingTimeoutException(string message) : KmpException(ErrorKind.Timeout, message);

/// <summary>How the executor waits for grooming when the group refuses an uninstall because of alerts.</summary>
public sealed record GroomingPolicy(int? GroomDays, TimeSpan Timeout, string StateFile);

/// <summary>
/// Runs a plan step by step against a management group, reporting progress. Each step is
/// idempotent against the group's state (a step whose work is already done does nothing), so a
/// plan interrupted anywhere is finished by planning and running again.
/// </summary>
public sealed class PlanExecutor(IManagementGroup group, GroomingPolicy? policy = null, IProgress<OperationProgress>? progress = null)
{
    private readonly List<string> messages = [];
    private TimeSpan waited;

    /// <exception cref="KmpRefusedException">The plan ends in a refusal (after its backup steps ran).</exception>
    /// <exception cref="GroomingTimeoutException">A wait for grooming timed out.</exception>
    public ExecutionResult Execute(OperationPlan plan, CancellationToken cancellation = default)
    {
        // Subscriptions are deleted late in a plan; their backups are written before its first change, so a
        // backup folder that cannot take them stops the plan before anything is removed.
        foreach (var s in plan.Steps.OfType<DeleteSubscriptionStep>())
            if (group.GetSubscription(s.Subscription.Name) is { } subscription) SaveSubscription(subscription, s.BackupFolder);
        var done = 0;
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var step = plan.Steps[i];
            progress?.Report(new OperationProgress(i + 1, plan.Steps.Count, step.Description));
            Run(step, i + 1, plan.Steps.Count, cancellation);
            done++;
        }
        if (plan.Refusal is not null) throw new KmpRefusedException(plan.Refusal);
        return new ExecutionResult(done, waited, group.Clock.IsSimulated, messages);
    }

    private void Run(PlanStep step, int index, int count, CancellationToken cancellation)
    {
        switch (step)
        {
            case ImportPackStep s:
                group.Import(s.Pack);
                break;
            case SaveSubscriptionStep s:
                // Recipients added since planning stay.
                var current = group.GetSubscription(s.Subscription.Name);
                group.SaveSubscription(s.Subscription with { Recipients = current?.Recipients ?? s.Subscription.Recipients });
                break;
            case DeleteSubscriptionStep s:
                if (group.GetSubscription(s.Subscription.Name) is { } subscription)
                {
                    messages.Add($"{subscription.Name} saved to {SaveSubscription(subscription, s.BackupFolder)}"); // again: recipients may have changed since
                    group.DeleteSubscription(subscription.Name);
                }
                break;
            case RestoreGroomingStep s:
                group.SetAlertDaysToKeep(s.AlertDaysToKeep);
                GroomingState.Clear(s.StateFile);
                break;
            case BackupPackStep s:
                messages.Add($"{s.PackId} backed up to {Backup(s.PackId, s.BackupFolder)}");
                break;
            case StripOverridesStep s:
                var xml = group.ExportXml(s.PackId);
                Backup(s.PackId, s.BackupFolder, xml);
                var stripped = OverrideStripper.Strip(xml, s.FamilyPackIds, s.PackId);
                group.Import(ManagementPackFile.Unsealed(stripped.Xml, s.PackId));
                messages.Add($"{s.PackId} imported again as {stripped.Version} without {stripped.RemovedOverrides.Count} override(s) on the family");
                break;
            case ResolveAlertsStep s:
                ResolveOpen(s.WorkflowIds);
                break;
            case WaitForGroomingStep s:
                Wait(s.WorkflowIds, s.GroomDays, s.Timeout, s.StateFile, index, count, step.Description, cancellation);
                break;
            case UninstallPackStep s:
                Uninstall(s, index, count, cancellation);
                break;
            default:
                throw new InvalidOperationException($"unknown plan step {step.GetType().Name}");
        }
    }

    private string SaveSubscription(NotificationSubscription subscription, string folder)
    {
        if (subscription.Name.Length == 0 || subscription.Name is "." or ".." || subscription.Name.IndexOfAny(['/', '\\', ':', '\0']) >= 0)
            throw new KmpException($"{group.Name}: subscription name '{subscription.Name}' cannot name a backup file; nothing was deleted");
        var file = Path.Combine(folder, subscription.Name + ".json");
        AtomicFile.WriteAllText(file, JsonSerializer.Serialize(subscription, new JsonSerializerOptions { WriteIndented = true }));
        return file;
    }

    private void Uninstall(UninstallPackStep step, int index, int count, CancellationToken cancellation)
    {
        var pack = group.GetPacks().FirstOrDefault(p => p.Id == step.PackId);
        if (pack is null) return; // already gone
        try
        {
            group.Uninstall(step.PackId);
        }
        catch (ManagementGroupRefusedException ex) when (ex.Reason == RefusalReason.AlertsReferenceWorkflows && policy is not null)
        {
            messages.Add($"{group.Name} refused to remove {step.PackId} while alerts reference it; waiting for grooming");
            Wait(pack.WorkflowIds, policy.GroomDays, policy.Timeout, policy.StateFile, index, count, step.Description, cancellation);
            group.Uninstall(step.PackId);
        }
    }

    private int ResolveOpen(IReadOnlyList<string> workflowIds)
    {
        var open = group.GetAlerts(workflowIds).Where(a => a.IsOpen).Select(a => a.Id).ToList();
        return open.Count == 0 ? 0 : group.ResolveAlerts(open, RemovePlanner.AlertComment);
    }

    private void Wait(IReadOnlyList<string> workflowIds, int? groomDays, TimeSpan timeout, string stateFile, int index, int count, string description, CancellationToken cancellation)
    {
        var clock = group.Clock;
        var start = clock.UtcNow;
        ResolveOpen(workflowIds);
        if (group.GetAlerts(workflowIds).Count == 0) return;
        int? original = null;
        if (groomDays is { } days)
        {
            var current = group.GetAlertDaysToKeep();
            if (days < current)
            {
                GroomingState.Save(stateFile, group.Name, current, days, start);
                original = current;
                group.SetAlertDaysToKeep(days);
            }
        }
        try
        {
            var deadline = start + timeout;
            var backoff = TimeSpan.FromMinutes(1);
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                ResolveOpen(workflowIds); // alerts raised since the last look are closed too
                var alerts = group.GetAlerts(workflowIds);
                var now = clock.UtcNow;
                if (alerts.Count == 0) break;
                var keep = group.GetAlertDaysToKeep();
                var expected = alerts.Max(a => GroomingSchedule.RunThatGrooms(a.TimeResolved ?? now, keep));
                if (now >= deadline)
                {
                    throw new GroomingTimeoutException(
                        $"{group.Name}: {alerts.Count} alert(s) of the packs being removed were still not groomed after {Durations.Format(now - start)} (timeout {Durations.Format(timeout)}); "
                        + $"grooming should delete them at {expected:yyyy-MM-dd HH:mm} UTC. Nothing was uninstalled by this wait; run kmp remove again later, or with a longer --wait-for-grooming or a lower --groom-days");
                }
                progress?.Report(new OperationProgress(index, count, description,
                    $"{alerts.Count} alert(s) left; grooming (AlertDaysToKeep {keep}) should delete them at {expected:yyyy-MM-dd HH:mm} UTC, in {Durations.Format(expected - now)}; waited {Durations.Format(now - start)} of {Durations.Format(timeout)}"));
                var target = expected < deadline ? expected : deadline;
                var sleep = target - now;
                if (!clock.IsSimulated)
                {
                    sleep = sleep > backoff ? backoff : sleep;
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(30).Ticks));
                }
                if (sleep <= TimeSpan.Zero) sleep = TimeSpan.FromMinutes(1); // the run is late: look again shortly
                clock.Sleep(sleep, cancellation);
            }
        }
        finally
        {
            if (original is { } value)
            {
                group.SetAlertDaysToKeep(value);
                GroomingState.Clear(stateFile);
            }
            waited += clock.UtcNow - start;
        }
    }

    /// <summary>Writes the pack's XML to <c>FOLDER/ID-VERSION/ID.xml</c> (importable as it is); an identical backup is kept, a different one gets a new folder.</summary>
    private string Backup(string packId, string folder, string? xml = null)
    {
        xml ??= group.ExportXml(packId);
        var version = Kmp.ManagementPacks.Xml.ManagementPackDocument.Parse(xml, packId).Version.ToString(4);
        ManagementPackIdentity.FilePath(folder, packId, ".xml"); // the ID names a folder below too: refused before anything is written
        for (var n = 1; ; n++)
        {
            var directory = Path.Combine(folder, n == 1 ? $"{packId}-{version}" : $"{packId}-{version}-{n}");
            var file = ManagementPackIdentity.FilePath(directory, packId, ".xml");
            if (InputFile.Exists(file))
            {
                // Read as any input: a FIFO or a device there is refused in one line, never waited on or read forever.
                if (InputFile.ReadAllText(file, Kmp.ManagementPacks.Xml.ManagementPackText.MaxFileBytes, "a backed-up pack") == xml) return file;
                continue;
            }
            AtomicFile.WriteAllText(file, xml);
            return file;
        }
    }
}
