using Kmp.ManagementPacks.Xml;

namespace Kmp.Operations;

/// <summary>What the import rules need to know of a pack in the group: its version, whether it is sealed, its key token.</summary>
public readonly record struct PackInGroup(Version Version, bool Sealed, string? KeyToken)
{
    public static PackInGroup Of(InstalledPack pack) => new(pack.Version, pack.Sealed, pack.KeyToken);

    public static PackInGroup Of(ManagementPackFile pack) => new(pack.Version, pack.Sealed, pack.KeyToken);
}

/// <summary>A broken import rule: SCOM's reason, the message (in SCOM's terms, with its error name where it has one) and the pack it names.</summary>
public sealed record ImportRefusal(RefusalReason Reason, string Message, string PackId)
{
    public ManagementGroupRefusedException ToException() => new(Reason, Message, [PackId]);
}

/// <summary>
/// SCOM's rules for importing a pack into a management group, in one place: the import planner
/// uses them to predict a refusal (and then imports nothing), the local group to enforce them. Each
/// rule returns null when the import is allowed.
/// </summary>
public static class ImportRules
{
    /// <summary>
    /// A pack over the one of the same ID in the group: a sealed and an unsealed one cannot both be
    /// there; no downgrade; a sealed pack only over its own key and at a higher version (an unsealed
    /// pack always installs a new version). The upgrade compatibility comes after, see <see cref="Compatibility"/>.
    /// </summary>
    public static ImportRefusal? Upgrade(ManagementPackFile pack, PackInGroup installed)
    {
        if (installed.Sealed != pack.Sealed)
        {
            return new(RefusalReason.SealedUnsealedConflict, installed.Sealed
                ? $"{pack.Id}: a sealed version {installed.Version} is installed; an unsealed one cannot be imported beside it (ImportCannotProcessUnsealedMPConflictingSealedMPExists)"
                : $"{pack.Id}: an unsealed version {installed.Version} is installed; a sealed one cannot be imported beside it (ImportCannotProcessSealedMPConflictingUnsealedMPExists)",
                pack.Id);
        }
        if (pack.Version < installed.Version)
            return new(RefusalReason.VersionNotHigher, $"{pack.Id}: version {installed.Version} is installed, {pack.Version} would be a downgrade (ManagementPackNewerVersionAlreadyImported)", pack.Id);
        if (!pack.Sealed) return null;
        if (!string.Equals(installed.KeyToken, pack.KeyToken, StringComparison.OrdinalIgnoreCase))
            return new(RefusalReason.KeyTokenMismatch, $"{pack.Id}: the installed version is signed with key token {installed.KeyToken}, this one with {pack.KeyToken}; uninstall the installed one first", pack.Id);
        if (pack.Version == installed.Version)
            return new(RefusalReason.VersionNotHigher, $"{pack.Id}: version {pack.Version} is already installed; a sealed pack installs only with a higher version (ManagementPackAlreadyImported)", pack.Id);
        return null;
    }

    /// <summary>True when SCOM compares the installed pack's XML with the new one: a sealed pack over an older sealed version.</summary>
    public static bool ChecksCompatibility(ManagementPackFile pack, PackInGroup installed) =>
        pack.Sealed && installed.Sealed && pack.Version > installed.Version;

    /// <summary>A sealed upgrade whose elements are not upgrade compatible with the installed version (<paramref name="problems"/>).</summary>
    public static ImportRefusal? Compatibility(ManagementPackFile pack, Version installed, IReadOnlyList<string> problems) =>
        problems.Count == 0 ? null
            : new(RefusalReason.NotUpgradeCompatible,
                $"{pack.Id}: version {pack.Version} is not upgrade compatible with the installed {installed}: {string.Join("; ", problems)}. Uninstall the installed version first (kmp remove), then import",
                pack.Id);

    /// <summary>
    /// A manifest reference must resolve in the group (<paramref name="target"/>: the pack of that ID the
    /// group has, or will have when the import gets there): present, sealed, with the declared key token
    /// and at least the declared version.
    /// </summary>
    public static ImportRefusal? Reference(string packId, DocumentReference reference, PackInGroup? target)
    {
        var problem = target is not { } t ? "The management pack was not found in the store."
            : !t.Sealed ? "It is not sealed; only sealed management packs can be referenced (ManagementPackCollectionUnsealedMPCannotBeReferenced)."
            : !string.Equals(t.KeyToken, reference.PublicKeyToken, StringComparison.OrdinalIgnoreCase) ? $"The one in the group has key token {t.KeyToken}."
            : t.Version < reference.Version ? $"Version mismatch: version {reference.Version} was requested but the version in the group is {t.Version}."
            : null;
        return problem is null ? null
            : new(RefusalReason.UnresolvedReference,
                $"{packId}: could not load management pack [ID={reference.ManagementPackId}, KeyToken={reference.PublicKeyToken}, Version={reference.Version}] (alias {reference.Alias}). {problem}",
                reference.ManagementPackId);
    }
}
