namespace Kmp.ManagementPacks;

/// <summary>
/// A management pack, independent of the schema target: the writer turns it into schema 1.0 or 2.0
/// XML. Build one with <see cref="ManagementPackBuilder"/>, which enforces the ID and reference rules.
/// </summary>
public sealed record ManagementPack
{
    public required string Id { get; init; }
    public required Version Version { get; init; }
    /// <summary>The manifest's Name (also the display name of the pack).</summary>
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<ManagementPackReference> References { get; init; } = [];

    /// <summary>Every element of the pack, in the order it was added (the writer groups them by section).</summary>
    public IReadOnlyList<IManagementPackElement> Elements { get; init; } = [];

    public IReadOnlyList<LanguagePack> LanguagePacks { get; init; } = [];

    /// <summary>The elements of one kind, in the order they were added.</summary>
    public IReadOnlyList<T> OfType<T>() where T : IManagementPackElement => [.. Elements.OfType<T>()];
}
