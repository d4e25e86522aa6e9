namespace Kmp.Documentation;

// What the guide says about one pack, in SCOM's vocabulary, independent of where it was read from:
// the family's typed model (TypedPackReader) or any pack's XML (XmlPackReader). The site renders only these.

/// <summary>A name/value line of a workflow's settings ("Frequency: every day", "Registry key: SOFTWARE\…").</summary>
public sealed record Setting(string Name, string Value);

/// <summary>A section of a knowledge article (Summary, Causes, Resolutions, …).</summary>
public sealed record KnowledgeSectionDoc(string Title, IReadOnlyList<string> Paragraphs, IReadOnlyList<string> Items);

/// <summary>An element named as the console shows it, with its ID (the anchor) and where it lives.</summary>
/// <param name="Id">The element ID.</param>
/// <param name="Name">The display name, or the ID when the pack gives none.</param>
/// <param name="PackId">The pack that declares it, when known (null for a reference that could not be resolved).</param>
public sealed record ElementName(string Id, string Name, string? PackId)
{
    public override string ToString() => Name;
}

public sealed record ClassDoc(string Id, string Name, string? Description, ElementName Base, bool Abstract, bool Hosted, IReadOnlyList<string> Properties);

public sealed record DiscoveryDoc(string Id, string Name, string? Description, ElementName Target, bool Enabled,
    IReadOnlyList<string> Discovers, string DataSourceType, IReadOnlyList<Setting> Settings)
{
    public IReadOnlyList<ParameterDoc> Parameters { get; init; } = [];
}

/// <param name="TypeState">The monitor type's state it maps (FirstEventRaised, Running, …).</param>
public sealed record StateDoc(string Id, string Health, string Name, string? Description, string TypeState = "");

/// <summary>An overrideable parameter of a workflow and its value in the pack (its default for an override).</summary>
public sealed record ParameterDoc(string Name, string Type, string Default);

public sealed record MonitorDoc(string Id, string Name, string? Description, string Kind, ElementName Target, ElementName Parent, string Category,
    ElementName Type, bool Enabled, IReadOnlyList<StateDoc> States, IReadOnlyList<Setting> Settings, string Resets,
    IReadOnlyList<ParameterDoc> Parameters, IReadOnlyList<KnowledgeSectionDoc> Knowledge, string? AlertId);

/// <param name="AlertId">The anchor of the alert it raises (<see cref="AlertDoc.Anchor"/>), if any.</param>
public sealed record RuleDoc(string Id, string Name, string? Description, ElementName Target, string Category, bool Enabled,
    IReadOnlyList<string> DataSourceTypes, IReadOnlyList<Setting> Settings, IReadOnlyList<string> Actions,
    IReadOnlyList<ParameterDoc> Parameters, IReadOnlyList<KnowledgeSectionDoc> Knowledge, string? AlertId);

/// <summary>An alert a rule or monitor raises: the name and description the console shows, its severity and priority.</summary>
public sealed record AlertDoc(string Id, string Name, string? Description, string Severity, string Priority, ElementName RaisedBy, string RaisedByKind,
    string Closes, IReadOnlyList<KnowledgeSectionDoc> Knowledge)
{
    /// <summary>What links to the alert use: its message's ID, or with the workflow's ID when several workflows of the pack share the message.</summary>
    public string Anchor { get; init; } = Id;

    /// <summary>The alert with an anchor that no alert of <paramref name="others"/> has.</summary>
    public AlertDoc UniqueAmong(IEnumerable<AlertDoc> others) =>
        others.Any(o => o.Anchor == Anchor) ? this with { Anchor = Id + "." + RaisedBy.Id } : this;
}

public sealed record TaskDoc(string Id, string Name, string? Description, ElementName Target, string Action, IReadOnlyList<Setting> Settings);

public sealed record ViewDoc(string Id, string Name, string? Description, ElementName Type, ElementName Target, bool Visible);

public sealed record FolderDoc(string Id, string Name, ElementName Parent);

/// <summary>A folder item: a view or folder placed in a folder.</summary>
public sealed record FolderPlacement(string ElementId, string FolderId);

public sealed record OverrideDoc(string Id, string Name, string Kind, ElementName Workflow, ElementName Context, string Parameter, string Value, bool Enforced);

public sealed record ReferenceDoc(string Alias, string PackId, string Version, string KeyToken, bool Resolved);

/// <summary>Every element kind the guide does not describe in detail (module and monitor types, relationships, resources, …): kind, ID, name.</summary>
public sealed record OtherElementDoc(string Kind, string Id, string Name, string? Description);

/// <summary>One management pack as the guide describes it.</summary>
public sealed record PackGuide
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Version { get; init; }
    public string? Description { get; init; }
    /// <summary>The key token of a sealed pack (or the one the family is sealed with); null for an unsealed pack.</summary>
    public string? KeyToken { get; init; }
    /// <summary>Where it was read from (a file name), null for a pack composed in memory.</summary>
    public string? Source { get; init; }
    public IReadOnlyList<ReferenceDoc> References { get; init; } = [];
    public IReadOnlyList<ClassDoc> Classes { get; init; } = [];
    public IReadOnlyList<DiscoveryDoc> Discoveries { get; init; } = [];
    public IReadOnlyList<MonitorDoc> Monitors { get; init; } = [];
    public IReadOnlyList<RuleDoc> Rules { get; init; } = [];
    public IReadOnlyList<AlertDoc> Alerts { get; init; } = [];
    public IReadOnlyList<TaskDoc> Tasks { get; init; } = [];
    public IReadOnlyList<ViewDoc> Views { get; init; } = [];
    public IReadOnlyList<FolderDoc> Folders { get; init; } = [];
    public IReadOnlyList<FolderPlacement> FolderItems { get; init; } = [];
    public IReadOnlyList<OverrideDoc> Overrides { get; init; } = [];
    public IReadOnlyList<OtherElementDoc> Others { get; init; } = [];
}
