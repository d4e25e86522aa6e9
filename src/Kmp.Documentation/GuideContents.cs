namespace Kmp.Documentation;

/// <summary>
/// What a reader collects of one pack's elements, whichever form it reads (the typed model or a pack's XML),
/// and how the collected lists complete the pack's guide.
/// </summary>
internal abstract class GuideContents
{
    public List<ClassDoc> Classes { get; } = [];
    public List<DiscoveryDoc> Discoveries { get; } = [];
    public List<MonitorDoc> Monitors { get; } = [];
    public List<RuleDoc> Rules { get; } = [];
    public List<AlertDoc> Alerts { get; } = [];
    public List<TaskDoc> Tasks { get; } = [];
    public List<ViewDoc> Views { get; } = [];
    public List<FolderDoc> Folders { get; } = [];
    public List<FolderPlacement> FolderItems { get; } = [];
    public List<OverrideDoc> Overrides { get; } = [];
    public List<OtherElementDoc> Others { get; } = [];

    /// <summary>The pack's guide: its header (identity, references) with the collected elements.</summary>
    public PackGuide Into(PackGuide header) => header with
    {
        Classes = Classes,
        Discoveries = Discoveries,
        Monitors = Monitors,
        Rules = Rules,
        Alerts = Alerts,
        Tasks = Tasks,
        Views = Views,
        Folders = Folders,
        FolderItems = FolderItems,
        Overrides = Overrides,
        Others = Others,
    };
}
