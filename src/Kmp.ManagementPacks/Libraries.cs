namespace Kmp.ManagementPacks;

/// <summary>
/// A sealed Microsoft library pack that generated packs reference, with its usual alias and the
/// version to reference for each target (the oldest version of the oldest
/// supported release, since referencing a newer version than the installed one fails).
/// </summary>
/// <param name="InGroup2012">The build a 2012 R2 group holds, where the reference is older (a rehearsal group has it); else <paramref name="Version2012"/>.</param>
public sealed record LibraryPack(string Id, string Alias, Version Version2007R2, Version Version2012, Version? InGroup2012 = null)
{
    public const string MicrosoftKeyToken = "31bf3856ad364e35";

    public Version VersionFor(SchemaTarget target) => target == SchemaTarget.Scom2012 ? Version2012 : Version2007R2;

    /// <summary>The version a management group of the target's libraries holds (at or above <see cref="VersionFor"/>).</summary>
    public Version InGroupFor(SchemaTarget target) => target == SchemaTarget.Scom2012 ? InGroup2012 ?? Version2012 : Version2007R2;

    public ManagementPackReference Reference() => new(Alias, Id, MicrosoftKeyToken, PerTarget: this);
}

/// <summary>The libraries kmp's packs use.</summary>
public static class Libraries
{
    private static readonly Version R2 = new(6, 1, 7221, 0);

    public static readonly LibraryPack System = new("System.Library", "System", R2, new Version(7, 5, 8501, 0));
    public static readonly LibraryPack Windows = new("Microsoft.Windows.Library", "Windows", R2, new Version(7, 5, 8501, 0));
    public static readonly LibraryPack Health = new("System.Health.Library", "Health", R2, new Version(7, 0, 8433, 0));
    public static readonly LibraryPack SystemCenter = new("Microsoft.SystemCenter.Library", "SC", R2, new Version(7, 0, 8433, 0));

    public static IReadOnlyList<LibraryPack> All { get; } = [System, Windows, Health, SystemCenter];

    public static readonly LibraryPack InstanceGroup = new("Microsoft.SystemCenter.InstanceGroup.Library", "InstanceGroup", R2, new Version(7, 5, 8501, 0));
    // 6.1.7221.0 for both targets: the oldest build known to have the publish write actions the family uses
    // (real packs use them at that reference), and below every 2012-and-later group's build, so a 2012 RTM/SP1
    // group imports the packs (its 2012 R2 build, 7.1.10226.0, would be refused there).
    public static readonly LibraryPack DataWarehouse = new("Microsoft.SystemCenter.DataWarehouse.Library", "SCDW", R2, R2, InGroup2012: new Version(7, 1, 10226, 0));
    public static readonly LibraryPack Performance = new("System.Performance.Library", "Perf", R2, new Version(7, 0, 8433, 0));

    /// <summary>
    /// The one list of sealed Microsoft libraries every management group has from setup (SCOM 2007 R2
    /// or 2012 R2 versions): the ones kmp's packs use, and others a group always holds. A new local
    /// group starts with these.
    /// </summary>
    public static IReadOnlyList<LibraryPack> Standard { get; } = [.. All, InstanceGroup, DataWarehouse, Performance];

    /// <summary>
    /// Unsealed packs every management group has (the notification settings, the default pack for
    /// overrides, secure reference overrides). They can never be referenced: SCOM refuses a reference
    /// to an unsealed pack.
    /// </summary>
    public static IReadOnlyList<string> AlwaysUnsealed { get; } =
        ["Microsoft.SystemCenter.Notifications.Internal", "Microsoft.SystemCenter.OperationsManager.DefaultUser", "Microsoft.SystemCenter.SecureReferenceOverride"];

    public static LibraryPack? Find(string managementPackId) =>
        All.FirstOrDefault(l => string.Equals(l.Id, managementPackId, StringComparison.Ordinal));
}
