namespace Kmp.ManagementPacks;

/// <summary>
/// A management pack, independent of the schema target: the writer turns it into schema 1.0 or 2.0
/// XML. Build one with <see cref="ManagementPackBuilder"/>, which enforces the ID rules.
/// </summary>
public sealed record ManagementPack
{
    public required string Id { get; init; }
    public required Version Version { get; init; }
    /// <summary>The manifest's Name (also the display name of the pack).</summary>
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<ManagementPackReference> References { get; init; } = [];
    public IReadOnlyList<ClassType> ClassTypes { get; init; } = [];
    public IReadOnlyList<RelationshipType> RelationshipTypes { get; init; } = [];
    public IReadOnlyList<DataSourceModuleType> DataSourceModuleTypes { get; init; } = [];
    public IReadOnlyList<UnitMonitorType> UnitMonitorTypes { get; init; } = [];
    public IReadOnlyList<Discovery> Discoveries { get; init; } = [];
    public IReadOnlyList<Rule> Rules { get; init; } = [];
    public IReadOnlyList<UnitMonitor> UnitMonitors { get; init; } = [];
    public IReadOnlyList<View> Views { get; init; } = [];
    public IReadOnlyList<Folder> Folders { get; init; } = [];
    public IReadOnlyList<FolderItem> FolderItems { get; init; } = [];
    public IReadOnlyList<StringResource> StringResources { get; init; } = [];
    public IReadOnlyList<LanguagePack> LanguagePacks { get; init; } = [];

    /// <summary>Every element of the pack, in the order the writer emits them.</summary>
    public IEnumerable<IManagementPackElement> Elements =>
        ClassTypes.Cast<IManagementPackElement>()
            .Concat(RelationshipTypes).Concat(DataSourceModuleTypes).Concat(UnitMonitorTypes)
            .Concat(Discoveries).Concat(Rules).Concat(UnitMonitors)
            .Concat(Views).Concat(Folders).Concat(FolderItems).Concat(StringResources);
}
