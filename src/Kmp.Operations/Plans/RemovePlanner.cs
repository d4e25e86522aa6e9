using Kmp.Kaspersky.Family;
using Kmp.ManagementPacks;

namespace Kmp.Operations.Plans;

/// <summary>What <c>kmp remove</c> was asked to do.</summary>
public sealed record RemoveRequest
{
    /// <summary>Product keys to remove (the <c>&lt;Key&gt;</c> of <c>KasperskyLab.&lt;Key&gt;.*</c>); ignored with <see cref="All"/>.</summary>
    public IReadOnlyList<string> Products { get; init; } = [];

    /// <summary>Remove every Kaspersky product, then the library and KAV Administrators.</summary>
    public bool All { get; init; }

    /// <summary>Rewrite customer override packs without what touches the family (after a backup) instead of stopping.</summary>
    public bool StripOverrides { get; init; }

    /// <summary>Where customer packs and the notification group are saved before they change.</summary>
    public required string BackupFolder { get; init; }

    /// <summary>Wait until grooming has deleted the family's alerts before uninstalling.</summary>
    public bool WaitForGrooming { get; init; }

    /// <summary>How long a wait for grooming may take before the remove fails.</summary>
    public TimeSpan GroomingTimeout { get; init; } = TimeSpan.FromDays(10);

    /// <summary>AlertDaysToKeep during a wait (restored afterwards); null keeps the group's setting.</summary>
    public int? GroomDays { get; init; }

    /// <summary>Where the original AlertDaysToKeep is saved while it is lowered.</summary>
    public required string StateFile { get; init; }

    /// <summary>Product names for the plan's wording, by key; the key is used where a name is missing.</summary>
    public IReadOnlyDictionary<string, string> ProductNames { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Plans <c>kmp remove</c> from the group's current state, so a run that was
/// interrupted is finished by running it again and a run after success has nothing to do.
/// </summary>
public static class RemovePlanner
{
    public const string AlertComment = "Closed by kmp: the Kaspersky Lab management pack that raised it is being removed";

    /// <exception cref="KmpRefusedException">Sealed packs of others depend on the family, or a product is unknown.</exception>
    public static OperationPlan Plan(IManagementGroup group, RemoveRequest request)
    {
        if (!request.All && request.Products.Count == 0) throw new KmpException(ErrorKind.Usage, "kmp remove: name the products (--product KEY ...) or use --all");
        if (request.GroomDays is < 1 or > 255) throw new KmpException($"--groom-days {request.GroomDays}: must be 1 to 255");
        var steps = new List<PlanStep>();
        var notes = new List<string>();

        if (GroomingState.Read(request.StateFile, group.Name) is { } saved)
            steps.Add(new RestoreGroomingStep(saved, request.StateFile));

        var packs = group.GetPacks().ToDictionary(p => p.Id, StringComparer.Ordinal);
        var installedProducts = packs.Keys.Select(KasperskyFamily.ProductKey).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var chosen = request.All ? installedProducts : request.Products.ToHashSet(StringComparer.Ordinal);
        foreach (var product in chosen.Where(p => !installedProducts.Contains(p)).Order(StringComparer.Ordinal))
            notes.Add($"{product}: no pack of this product is installed");
        var remaining = installedProducts.Except(chosen).Order(StringComparer.Ordinal).ToList();

        var scope = packs.Values.Where(p => KasperskyFamily.ProductKey(p.Id) is { } key && chosen.Contains(key)).ToList();
        // Shared components' packs go with the last installed product that uses them.
        foreach (var shared in packs.Values.Where(p => KasperskyFamily.Layer(p.Id) is FamilyRole.SharedDiscovery or FamilyRole.SharedMonitoring).OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            var users = KasperskyFamily.UsedBy(shared.Id).Where(installedProducts.Contains).ToList();
            var keeping = users.Where(u => !chosen.Contains(u)).ToList();
            if (keeping.Count == 0) scope.Add(shared);
            else if (users.Any(chosen.Contains))
                notes.Add($"{shared.Id} ({KasperskyFamily.WhatItHolds(shared.Id)}) stays: {string.Join(", ", keeping)} still uses it");
        }
        var removesLibrary = remaining.Count == 0;
        if (removesLibrary && packs.TryGetValue(KasperskyFamily.LibraryId, out var library)) scope.Add(library);
        // The library's discovery pack (the Kaspersky Lab computers every product's discovery targets) goes with the library.
        if (removesLibrary) scope.AddRange(packs.Values.Where(p => KasperskyFamily.Layer(p.Id) is FamilyRole.LibraryDiscovery));
        else if (packs.ContainsKey(KasperskyFamily.LibraryId))
        {
            // The Kaspersky Lab computers stay with the library: the remaining products' discoveries target them.
            var staying = packs.Values.Where(p => p.Id == KasperskyFamily.LibraryId || KasperskyFamily.Layer(p.Id) is FamilyRole.LibraryDiscovery)
                .OrderBy(p => KasperskyFamily.Layer(p.Id)).Select(p => $"{p.Id} ({KasperskyFamily.WhatItHolds(p.Id)})");
            notes.Add($"{string.Join(", ", staying)} and {KavAdministrators.Name} stay: {string.Join(", ", remaining)} still installed");
        }
        var scopeIds = scope.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);

        // Dependents outside the scope.
        var outside = packs.Values.Where(p => !scopeIds.Contains(p.Id) && p.References.Any(r => scopeIds.Contains(r.ManagementPackId)))
            .OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        string Uses(InstalledPack p) => string.Join(", ", p.References.Where(r => scopeIds.Contains(r.ManagementPackId)).Select(r => r.ManagementPackId));
        var blocking = outside.Where(p => p.Sealed || KasperskyFamily.IsFamily(p.Id)).ToList();
        if (blocking.Count > 0)
        {
            throw new KmpRefusedException(
                $"cannot remove from {group.Name}: sealed management packs depend on the packs being removed: "
                + string.Join("; ", blocking.Select(p => $"{p.Id} {p.Version} (references {Uses(p)})"))
                + ". Remove them first; kmp does not uninstall packs it did not install");
        }
        string? refusal = null;
        foreach (var customer in outside)
        {
            steps.Add(new BackupPackStep(customer.Id, customer.Version, request.BackupFolder));
            if (!request.StripOverrides) continue;
            var stripped = OverrideStripper.Strip(group.ExportXml(customer.Id), scopeIds, customer.Id);
            steps.Add(new StripOverridesStep(customer.Id, customer.Version, [.. customer.References.Where(r => scopeIds.Contains(r.ManagementPackId)).Select(r => r.ManagementPackId)],
                stripped.RemovedOverrides, request.BackupFolder));
        }
        if (outside.Count > 0 && !request.StripOverrides)
        {
            refusal = $"customer management packs reference the packs being removed: {string.Join("; ", outside.Select(p => $"{p.Id} {p.Version} (references {Uses(p)})"))}. "
                + $"They are backed up to {request.BackupFolder}; rerun with --strip-overrides to rewrite them without the overrides that touch the family and import them again, or remove those references by hand";
            return new OperationPlan("remove", group.Name, steps, notes, refusal);
        }

        // Uninstall order: dependents first (reverse reference order), Views -> Monitoring -> Discovery -> Library.
        var byProduct = scope.OrderBy(p => KasperskyFamily.ProductKey(p.Id) is null ? 1 : 0)
            .ThenBy(p => KasperskyFamily.ProductKey(p.Id) ?? "", StringComparer.Ordinal)
            .ThenBy(p => KasperskyFamily.Layer(p.Id));
        var order = ReferenceOrder.Sort(byProduct, p => p.Id, p => p.References.Select(r => r.ManagementPackId)).Reverse().ToList();

        var workflows = order.SelectMany(p => p.WorkflowIds).ToList();
        var alerts = workflows.Count == 0 ? [] : group.GetAlerts(workflows);
        foreach (var pack in order)
        {
            var own = pack.WorkflowIds.ToHashSet(StringComparer.Ordinal);
            var open = alerts.Count(a => a.IsOpen && own.Contains(a.WorkflowId));
            if (open > 0) steps.Add(new ResolveAlertsStep(pack.Id, pack.WorkflowIds, open));
        }
        if (alerts.Count > 0 && (request.WaitForGrooming || group.UninstallWaitsForAlertGrooming))
            steps.Add(new WaitForGroomingStep(workflows, alerts.Count, request.GroomDays, request.GroomingTimeout, request.StateFile, Requested: request.WaitForGrooming));
        foreach (var pack in order)
        {
            var product = KasperskyFamily.ProductKey(pack.Id);
            var name = product is null ? null : request.ProductNames.GetValueOrDefault(product) ?? product;
            steps.Add(new UninstallPackStep(pack.Id, pack.Version, KasperskyFamily.WhatItHolds(pack.Id, name)));
        }

        var subscription = group.GetSubscription(KavAdministrators.Name);
        if (subscription is not null && removesLibrary)
            steps.Add(new DeleteSubscriptionStep(subscription, request.BackupFolder));
        else if (subscription is not null && scope.Count > 0)
        {
            var updated = KavAdministrators.For(KavAdministrators.FamilyClasses(packs.Values.Where(p => !scopeIds.Contains(p.Id))), subscription.Recipients);
            if (!updated.SameAs(subscription)) steps.Add(new SaveSubscriptionStep(updated, Exists: true));
        }
        if (scope.Count == 0 && steps.Count == 0)
            notes.Add($"nothing to remove: no pack of {(request.All ? "the Kaspersky family" : string.Join(", ", chosen.Order(StringComparer.Ordinal)))} is installed in {group.Name}");
        return new OperationPlan("remove", group.Name, steps, notes, refusal);
    }
}
