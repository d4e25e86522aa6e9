using Kmp.ManagementPacks;

namespace Kmp.Operations;

/// <summary>Why a management group refused an import or an uninstall.</summary>
public enum RefusalReason
{
    /// <summary>A reference is not installed, not sealed, has another key token or a lower version.</summary>
    UnresolvedReference,
    /// <summary>The same or a newer version of the sealed pack is installed.</summary>
    VersionNotHigher,
    /// <summary>The newer sealed version is not upgrade compatible with the installed one.</summary>
    NotUpgradeCompatible,
    /// <summary>A sealed and an unsealed pack of one ID cannot both exist.</summary>
    SealedUnsealedConflict,
    /// <summary>The installed pack was signed with another key.</summary>
    KeyTokenMismatch,
    /// <summary>Other packs reference the pack.</summary>
    HasDependents,
    /// <summary>Alerts still reference the pack's rules or monitors (MOM 2005 behaviour, strict local groups).</summary>
    AlertsReferenceWorkflows,
    /// <summary>The pack (or element) is not installed.</summary>
    NotInstalled,
    /// <summary>The operation is not allowed on this pack (e.g. exporting a sealed pack where it is not supported).</summary>
    NotAllowed,
}

/// <summary>
/// A management group refused an operation; nothing was changed. <see cref="Names"/> are the packs
/// (or elements) that caused it, e.g. the dependents blocking an uninstall.
/// </summary>
public sealed class ManagementGroupRefusedException(RefusalReason reason, string message, IReadOnlyList<string>? names = null)
    : KmpRefusedException(message)
{
    public RefusalReason Reason { get; } = reason;

    public IReadOnlyList<string> Names { get; } = names ?? [];
}
