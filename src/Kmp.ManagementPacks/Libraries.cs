namespace Kmp.ManagementPacks;

/// <summary>
/// A sealed Microsoft library pack that generated packs reference, with its usual alias and the
/// version to reference for each target (reference/mp-xml.md §1: the oldest version of the oldest
/// supported release, since referencing a newer version than the installed one fails).
/// </summary>
public sealed record LibraryPack(string Id, string Alias, Version Version2007R2, Version Version2012)
{
    public const string MicrosoftKeyToken = "31bf3856ad364e35";

    public Version VersionFor(SchemaTarget target) => target == SchemaTarget.Scom2012 ? Version2012 : Version2007R2;

    public ManagementPackReference Reference() => new(Alias, Id, MicrosoftKeyToken, PerTarget: this);

    /// <summary>A reference to an element of this library, e.g. <c>Windows!Microsoft.Windows.Computer</c>.</summary>
    public ElementReference Element(string id) => new(Alias, id);
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

    public static LibraryPack? Find(string managementPackId) =>
        All.FirstOrDefault(l => string.Equals(l.Id, managementPackId, StringComparison.Ordinal));
}
