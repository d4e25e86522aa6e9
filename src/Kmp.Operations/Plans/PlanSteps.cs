namespace Kmp.Operations.Plans;

/// <summary>One step of an import or remove plan, described in words an administrator reads in the guide.</summary>
public abstract record PlanStep
{
    public abstract string Description { get; }
}

/// <summary>Imports a pack, or upgrades the installed version.</summary>
public sealed record ImportPackStep(ManagementPackFile Pack, Version? InstalledVersion) : PlanStep
{
    public override string Description =>
        (InstalledVersion is null ? $"import {Pack.Id} {Pack.Version}" : $"upgrade {Pack.Id} {InstalledVersion} -> {Pack.Version}")
        + (KasperskyFamily.IsFamily(Pack.Id) ? $": {KasperskyFamily.WhatItHolds(Pack.Id)}" : "");
}

/// <summary>Creates or updates an alert notification subscription (KAV Administrators: the notification group).</summary>
public sealed record SaveSubscriptionStep(NotificationSubscription Subscription, bool Exists) : PlanStep
{
    public override string Description =>
        $"{(Exists ? "update" : "create")} notification group {Subscription.Name}: alerts of {Subscription.Severities.Count switch { 0 => "any", _ => string.Join(" and ", Subscription.Severities).ToLowerInvariant() }} severity from {Subscription.ClassIds.Count} Kaspersky classes by {Subscription.Channel}, {Subscription.Recipients.Count} recipient(s)";
}

/// <summary>Deletes the notification group after saving its definition (with recipients) to the backup folder.</summary>
public sealed record DeleteSubscriptionStep(NotificationSubscription Subscription, string BackupFolder) : PlanStep
{
    public override string Description =>
        $"delete notification group {Subscription.Name} ({Subscription.Recipients.Count} recipient(s) saved to {BackupFolder} first)";
}

/// <summary>Puts AlertDaysToKeep back to the value an interrupted run saved in its state file.</summary>
public sealed record RestoreGroomingStep(int AlertDaysToKeep, string StateFile) : PlanStep
{
    public override string Description =>
        $"restore AlertDaysToKeep to {AlertDaysToKeep} (an interrupted run left it lowered; saved in {StateFile})";
}

/// <summary>Exports a customer's unsealed pack that references the family to the backup folder.</summary>
public sealed record BackupPackStep(string PackId, Version Version, string BackupFolder) : PlanStep
{
    public override string Description => $"back up customer pack {PackId} {Version} (unsealed, references the family) to {BackupFolder}";
}

/// <summary>
/// Rewrites a customer's unsealed pack without the overrides and references that touch the packs
/// being removed, with its version bumped, and imports it again; its other content stays.
/// </summary>
public sealed record StripOverridesStep(string PackId, Version Version, IReadOnlyList<string> FamilyPackIds, IReadOnlyList<string> OverrideIds, string BackupFolder) : PlanStep
{
    public override string Description =>
        $"rewrite customer pack {PackId} without {OverrideIds.Count} override(s) and the references to {string.Join(", ", FamilyPackIds)}, as version {OverrideStripper.Bump(Version)}, and import it again";
}

/// <summary>Closes the open alerts raised by a pack's rules and monitors before the pack goes.</summary>
public sealed record ResolveAlertsStep(string PackId, IReadOnlyList<string> WorkflowIds, int OpenAlerts) : PlanStep
{
    public override string Description => $"close {OpenAlerts} open alert(s) of {KasperskyFamily.WhatItHolds(PackId)} ({PackId})";
}

/// <summary>
/// Waits until grooming has deleted every alert of the workflows; AlertDaysToKeep is lowered to
/// <see cref="GroomDays"/> for the wait and restored afterwards whatever happens. <see cref="Requested"/>
/// is false when the wait is there only because the group demands it (a strict rehearsal group), not
/// because the administrator asked for it: a script for another group then leaves it off by default.
/// </summary>
public sealed record WaitForGroomingStep(IReadOnlyList<string> WorkflowIds, int Alerts, int? GroomDays, TimeSpan Timeout, string StateFile, bool Requested = true) : PlanStep
{
    public override string Description =>
        $"wait (at most {Durations.Format(Timeout)}) until grooming has deleted the {Alerts} alert(s) of the packs being removed"
        + (GroomDays is { } days ? $", with AlertDaysToKeep lowered to {days} for the wait and restored afterwards" : "");
}

/// <summary>Uninstalls a pack (and with it its discovered instances).</summary>
public sealed record UninstallPackStep(string PackId, Version Version, string What) : PlanStep
{
    public override string Description => $"remove {PackId} {Version}: {What}";
}

/// <summary>An ordered plan computed from the group's current state, with what it leaves alone.</summary>
public sealed record OperationPlan(string Operation, string ManagementGroup, IReadOnlyList<PlanStep> Steps, IReadOnlyList<string> Notes, string? Refusal = null)
{
    public bool IsEmpty => Steps.Count == 0 && Refusal is null;
}

/// <summary>Durations the way an administrator reads them: "1 d 3 h", "15 min", "40 s".</summary>
public static class Durations
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span.TotalDays >= 1) return span.Hours == 0 ? $"{(int)span.TotalDays} d" : $"{(int)span.TotalDays} d {span.Hours} h";
        if (span.TotalHours >= 1) return span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min";
        if (span.TotalMinutes >= 1) return $"{(int)span.TotalMinutes} min";
        if (span.TotalSeconds >= 1) return $"{(int)span.TotalSeconds} s";
        return $"{(int)span.TotalMilliseconds} ms";
    }

    /// <summary>Parses "90s", "30m", "12h", "3d", or a TimeSpan ("1.12:00:00").</summary>
    public static TimeSpan Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.Length >= 2 && char.IsAsciiDigit(t[0]))
        {
            var unit = t[^1];
            if (double.TryParse(t[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                switch (unit)
                {
                    case 's': return TimeSpan.FromSeconds(n);
                    case 'm': return TimeSpan.FromMinutes(n);
                    case 'h': return TimeSpan.FromHours(n);
                    case 'd': return TimeSpan.FromDays(n);
                }
            }
        }
        if (TimeSpan.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero) return span;
        throw new Kmp.ManagementPacks.KmpException($"'{text}' is not a duration: use e.g. 90s, 30m, 12h or 3d");
    }
}
