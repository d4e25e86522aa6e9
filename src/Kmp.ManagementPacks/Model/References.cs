namespace Kmp.ManagementPacks;

/// <summary>
/// A reference to a management pack element: local (<c>Id</c>) or in a referenced pack
/// (<c>Alias!Id</c>), exactly as SCOM writes it.
/// </summary>
public readonly record struct ElementReference(string? Alias, string Id)
{
    /// <summary>A reference to an element of the same pack.</summary>
    public static ElementReference Local(string id) => new(null, id);

    /// <summary>Parses <c>Alias!Id</c> or <c>Id</c>.</summary>
    public static ElementReference Parse(string text)
    {
        var bang = text.IndexOf('!', StringComparison.Ordinal);
        return bang < 0 ? new ElementReference(null, text) : new ElementReference(text[..bang], text[(bang + 1)..]);
    }

    public bool IsLocal => Alias is null;

    public override string ToString() => Alias is null ? Id : Alias + "!" + Id;

    /// <summary>The <c>$MPElement[Name="…"]$</c> expression that names this element in module configuration.</summary>
    public string MPElement => $"$MPElement[Name=\"{this}\"]$";

    public static implicit operator ElementReference(string localId) => Local(localId);
}

/// <summary>
/// A manifest reference to a sealed pack. A library reference (<see cref="PerTarget"/>) takes its
/// version from the schema target when written; a family reference carries its own version.
/// </summary>
public sealed record ManagementPackReference(
    string Alias,
    string ManagementPackId,
    string PublicKeyToken,
    Version? Version = null,
    LibraryPack? PerTarget = null)
{
    public Version VersionFor(SchemaTarget target) =>
        PerTarget?.VersionFor(target) ?? Version ?? throw new KmpException($"reference '{Alias}' to {ManagementPackId} has no version");
}
