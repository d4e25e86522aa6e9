namespace Kmp.ManagementPacks;

/// <summary>
/// Which SCOM schema a pack is written for. The target drives every difference between
/// the schemas: the SchemaVersion attribute, property length attribute, relationship
/// ends, FolderItem IDs and library reference versions.
/// </summary>
public enum SchemaTarget
{
    /// <summary>Schema 1.0 with 6.1.7221.0 library references: imports into SCOM 2007 R2 through 2025 (the default).</summary>
    Scom2007R2,
    /// <summary>Schema 2.0 with 7.x library references: SCOM 2012 and later only.</summary>
    Scom2012,
}

public static class SchemaTargets
{
    /// <summary>Parses the command-line and template spelling: <c>2007R2</c> or <c>2012</c>.</summary>
    public static SchemaTarget Parse(string text) => text.Trim().ToUpperInvariant() switch
    {
        "2007R2" or "2007" or "SCOM2007R2" => SchemaTarget.Scom2007R2,
        "2012" or "SCOM2012" => SchemaTarget.Scom2012,
        _ => throw new KmpException($"unknown target '{text}': use 2007R2 or 2012"),
    };

    public static string Name(this SchemaTarget target) => target switch
    {
        SchemaTarget.Scom2007R2 => "2007R2",
        SchemaTarget.Scom2012 => "2012",
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    /// <summary>The value of the SchemaVersion attribute, or null where the schema does not declare it.</summary>
    public static string? SchemaVersion(this SchemaTarget target) => target == SchemaTarget.Scom2012 ? "2.0" : null;
}
