using Kmp.ManagementPacks;

namespace Kmp.Operations.Local;

/// <summary>A library pack every SCOM management group has, with its version in a 2007 R2 and a 2012+ group.</summary>
public sealed record StandardLibrary(string Id, string Name, Version Version2007R2, Version Version2012)
{
    public Version VersionFor(SchemaTarget target) => target == SchemaTarget.Scom2012 ? Version2012 : Version2007R2;
}

/// <summary>
/// The sealed Microsoft libraries a new local group starts with when no folder of real packs is
/// given (reference/mp-xml.md §1, "Standard libraries"): enough for the reference checks of an
/// import. Versions are those of SCOM 2007 R2 (6.1.7221.0) or 2012 R2 (the 7.x set in corpus/),
/// all signed with Microsoft's key 31bf3856ad364e35.
/// </summary>
public static class StandardLibraries
{
    private static readonly Version R2 = new(6, 1, 7221, 0);

    public static IReadOnlyList<StandardLibrary> All { get; } =
    [
        .. Libraries.All.Select(l => new StandardLibrary(l.Id, l.Id, l.Version2007R2, l.Version2012)),
        new("Microsoft.SystemCenter.InstanceGroup.Library", "Microsoft.SystemCenter.InstanceGroup.Library", R2, new Version(7, 5, 8501, 0)),
        new("Microsoft.SystemCenter.DataWarehouse.Library", "Microsoft.SystemCenter.DataWarehouse.Library", R2, new Version(7, 1, 10226, 0)),
        new("System.Performance.Library", "System.Performance.Library", R2, new Version(7, 0, 8433, 0)),
    ];
}
