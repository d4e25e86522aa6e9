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
        var after = new Dictionary<string, (Version Version, bool Sealed, string? KeyToken)>(StringComparer.Ordinal);
        foreach (var p in installed.Values) after[p.Id] = (p.Version, p.Sealed, p.KeyToken);

        foreach (var pack in ordered)
        {
            installed.TryGetValue(pack.Id, out var current);
            var refusal = current is null ? null : UpgradeRefusal(group, pack, current);
            if (refusal is not null) { refusals.Add(refusal); continue; }
            if (current is not null && current.Version == pack.Version && current.Sealed == pack.Sealed)
            {
                notes.Add($"{pack.Id} {pack.Version} is already installed: skipped");
                continue;
            }
            foreach (var r in pack.Document.References)
            {
                var problem = !after.TryGetValue(r.ManagementPackId, out var target) ? "which is neither installed nor being imported"
                    : !target.Sealed ? "which is not sealed"
                    : !string.Equals(target.KeyToken, r.PublicKeyToken, StringComparison.OrdinalIgnoreCase) ? $"signed with key token {r.PublicKeyToken}, but the group's is signed with {target.KeyToken}"
                    : target.Version < r.Version ? $"but the group has version {target.Version}"
                    : null;
                if (problem is not null) refusals.Add($"{pack.Id} references {r.ManagementPackId} {r.Version} ({r.Alias}), {problem}");
            }
            after[pack.Id] = (pack.Version, pack.Sealed, pack.KeyToken);
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

    private string? UpgradeRefusal(IManagementGroup group, ManagementPackFile pack, InstalledPack current)
    {
        if (current.Sealed != pack.Sealed)
            return $"{pack.Id}: the group has a {(current.Sealed ? "sealed" : "unsealed")} version {current.Version}, this pack is {(pack.Sealed ? "sealed" : "unsealed")}; both cannot be installed";
        if (pack.Version < current.Version)
            return $"{pack.Id}: version {current.Version} is installed, {pack.Version} would be a downgrade";
        if (!pack.Sealed || pack.Version == current.Version) return null;
        if (!string.Equals(current.KeyToken, pack.KeyToken, StringComparison.OrdinalIgnoreCase))
            return $"{pack.Id}: the installed version is signed with key token {current.KeyToken}, this one with {pack.KeyToken}";
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
        return problems.Count == 0 ? null
            : $"{pack.Id}: version {pack.Version} is not upgrade compatible with the installed {current.Version}: {string.Join("; ", problems)}. Uninstall the installed version first (kmp remove), then import";
    }
}
