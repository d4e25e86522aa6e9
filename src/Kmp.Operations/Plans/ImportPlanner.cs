using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Operations.Plans;

/// <summary>
/// Plans <c>kmp import</c> from the group's current state: packs in reference order, packs already
/// installed at the same version skipped, a downgrade, an incompatible upgrade, a conflict or an
/// unresolved reference refused with its reason (then nothing at all is imported), and
/// KAV Administrators created or brought up to date for every Kaspersky class.
/// </summary>
public sealed class ImportPlanner(IUpgradeCompatibility compatibility)
{
    public ImportPlanner() : this(VerifierUpgradeCompatibility.Instance) { }

    /// <exception cref="KmpRefusedException">One or more packs cannot be imported; the message gives every reason.</exception>
    public OperationPlan Plan(IManagementGroup group, IReadOnlyList<ManagementPackFile> packs)
    {
        if (packs.Count == 0) throw new KmpException("no management packs to import");
        var ordered = ReferenceOrder.Sort(packs, p => p.Id, p => p.Document.References.Select(r => r.ManagementPackId));
        var installed = group.GetPacks().ToDictionary(p => p.Id, StringComparer.Ordinal);
        var steps = new List<PlanStep>();
        var notes = new List<string>();
        var refusals = new List<string>();
        // What the group will hold after the plan: installed packs, replaced by the ones imported.
        var after = new Dictionary<string, PackInGroup>(StringComparer.Ordinal);
        foreach (var p in installed.Values) after[p.Id] = PackInGroup.Of(p);

        foreach (var pack in ordered)
        {
            installed.TryGetValue(pack.Id, out var current);
            if (current is not null && current.Version == pack.Version && current.Sealed == pack.Sealed)
            {
                notes.Add($"{pack.Id} {pack.Version} is already installed: skipped");
                continue;
            }
            var refusal = current is null ? null : UpgradeRefusal(group, pack, current);
            if (refusal is not null) { refusals.Add(refusal); continue; }
            foreach (var r in pack.Document.References)
            {
                if (ImportRules.Reference(pack.Id, r, after.TryGetValue(r.ManagementPackId, out var target) ? target : null) is { } unresolved)
                    refusals.Add(unresolved.Message);
            }
            after[pack.Id] = PackInGroup.Of(pack);
            steps.Add(new ImportPackStep(pack, current?.Version));
        }
        if (refusals.Count > 0)
            throw new KmpRefusedException($"nothing imported into {group.Name}: {string.Join("; ", refusals)}");

        var classes = installed.Values.Where(p => !steps.OfType<ImportPackStep>().Any(s => s.Pack.Id == p.Id)).SelectMany(p => KavAdministrators.FamilyClasses([p]))
            .Concat(steps.OfType<ImportPackStep>().Where(s => KasperskyFamily.IsFamily(s.Pack.Id)).SelectMany(s => ClassesOf(s.Pack.Document)));
        var existing = group.GetSubscription(KavAdministrators.Name);
        var wanted = KavAdministrators.For(classes, existing?.Recipients);
        if (wanted.ClassIds.Count > 0 && (existing is null || !existing.SameAs(wanted)))
            steps.Add(new SaveSubscriptionStep(wanted, existing is not null));
        return new OperationPlan("import", group.Name, steps, notes);
    }

    private static IEnumerable<string> ClassesOf(ManagementPackDocument document) =>
        document.Elements.Where(e => e.Kind == "ClassType").Select(e => e.Id);

    /// <summary>Predicts what the group will say to <paramref name="pack"/> over <paramref name="current"/> (<see cref="ImportRules"/>).</summary>
    private string? UpgradeRefusal(IManagementGroup group, ManagementPackFile pack, InstalledPack current)
    {
        var installed = PackInGroup.Of(current);
        if (ImportRules.Upgrade(pack, installed) is { } refusal) return refusal.Message;
        if (!ImportRules.ChecksCompatibility(pack, installed)) return null;
        string installedXml;
        try
        {
            installedXml = group.ExportXml(pack.Id);
        }
        catch (ManagementGroupRefusedException ex) when (ex.Reason == RefusalReason.NotAllowed)
        {
            return null; // nothing to compare with; the group checks what it can at import
        }
        var problems = compatibility.Problems(ManagementPackDocument.Parse(installedXml, $"{pack.Id} {current.Version} (installed)"), pack.Document);
        return ImportRules.Compatibility(pack, current.Version, problems)?.Message;
    }
}
