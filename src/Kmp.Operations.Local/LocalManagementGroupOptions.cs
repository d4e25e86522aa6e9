using Kmp.ManagementPacks;

namespace Kmp.Operations.Local;

/// <summary>How a new local management group is created, and how it is opened.</summary>
public sealed record LocalManagementGroupOptions
{
    /// <summary>Refuse to uninstall a pack while alerts still reference its workflows, as MOM 2005 did (creation only).</summary>
    public bool StrictAlerts { get; init; }

    /// <summary>
    /// A folder of real library packs (.mp, and .xml as unsealed) to start with instead of the
    /// built-in standard library records (creation only).
    /// </summary>
    public string? LibrariesDirectory { get; init; }

    /// <summary>Which versions of the standard libraries a new group starts with (creation only).</summary>
    public SchemaTarget LibraryVersions { get; init; } = SchemaTarget.Scom2012;

    /// <summary>The simulated time a new group starts at (creation only); the wall clock when null.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>How long an operation waits for another process that holds the database.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a command that changes the group waits for another kmp command holding it (plan to
    /// last step, see <see cref="LocalManagementGroup.HoldForChanges"/>).
    /// </summary>
    public TimeSpan HoldTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The upgrade-compatibility check for sealed upgrades.</summary>
    public IUpgradeCompatibility UpgradeCompatibility { get; init; } = VerifierUpgradeCompatibility.Instance;
}
