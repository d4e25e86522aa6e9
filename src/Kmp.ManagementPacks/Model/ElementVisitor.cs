namespace Kmp.ManagementPacks;

/// <summary>
/// One method per element kind. The writer, the kind names (<see cref="ElementKindNames"/>), the
/// builder's reference check and the documentation generator each implement it, so a new kind is
/// one record plus one method per visitor, and the compiler lists the visitors to extend.
/// </summary>
public interface IElementVisitor<out TResult>
{
    TResult Visit(ClassType e);
    TResult Visit(RelationshipType e);
    TResult Visit(DataSourceModuleType e);
    TResult Visit(UnitMonitorType e);
    TResult Visit(Discovery e);
    TResult Visit(Rule e);
    TResult Visit(AgentTask e);
    TResult Visit(UnitMonitor e);
    TResult Visit(DependencyMonitor e);
    TResult Visit(MonitorPropertyOverride e);
    TResult Visit(RulePropertyOverride e);
    TResult Visit(MonitorConfigurationOverride e);
    TResult Visit(View e);
    TResult Visit(Folder e);
    TResult Visit(FolderItem e);
    TResult Visit(StringResource e);
}

/// <summary>The name of each element kind in messages ("unit monitor").</summary>
public sealed class ElementKindNames : IElementVisitor<string>
{
    public static ElementKindNames Instance { get; } = new();

    public static string Of(IManagementPackElement e) => e.Accept(Instance);

    public string Visit(ClassType e) => "class";
    public string Visit(RelationshipType e) => "relationship type";
    public string Visit(DataSourceModuleType e) => "data source module type";
    public string Visit(UnitMonitorType e) => "unit monitor type";
    public string Visit(Discovery e) => "discovery";
    public string Visit(Rule e) => "rule";
    public string Visit(AgentTask e) => "task";
    public string Visit(UnitMonitor e) => "unit monitor";
    public string Visit(DependencyMonitor e) => "dependency monitor";
    public string Visit(MonitorPropertyOverride e) => "monitor property override";
    public string Visit(RulePropertyOverride e) => "rule property override";
    public string Visit(MonitorConfigurationOverride e) => "monitor configuration override";
    public string Visit(View e) => "view";
    public string Visit(Folder e) => "folder";
    public string Visit(FolderItem e) => "folder item";
    public string Visit(StringResource e) => "string resource";
}

/// <summary>Every typed reference an element holds (its attributes and its modules' types).</summary>
internal sealed class ElementReferences : IElementVisitor<IEnumerable<TypedReference>>
{
    public static ElementReferences Instance { get; } = new();

    private static IEnumerable<TypedReference> Modules(IEnumerable<Module> modules) => modules.Select(m => m.TypeId.Typed);

    public IEnumerable<TypedReference> Visit(ClassType e) => [e.Base.Typed];
    public IEnumerable<TypedReference> Visit(RelationshipType e) => [e.Base.Typed, e.Source.Typed, e.Target.Typed];
    public IEnumerable<TypedReference> Visit(DataSourceModuleType e) => [.. Modules(e.MemberModules), e.OutputType.Typed];
    public IEnumerable<TypedReference> Visit(UnitMonitorType e) => Modules(e.MemberModules);

    public IEnumerable<TypedReference> Visit(Discovery e) =>
    [
        e.Target.Typed,
        .. e.DiscoveryTypes.SelectMany(t => t switch
        {
            DiscoveryClass c => [c.TypeId.Typed, .. c.Properties.Select(p => p.TypeId.Typed)],
            DiscoveryRelationship r => new[] { r.TypeId.Typed },
            _ => [],
        }),
        e.DataSource.TypeId.Typed,
    ];

    public IEnumerable<TypedReference> Visit(Rule e) =>
        [e.Target.Typed, .. Modules(e.DataSources), .. Modules(e.ConditionDetection is { } c ? [c] : []), .. Modules(e.WriteActions)];

    public IEnumerable<TypedReference> Visit(AgentTask e) => [e.Target.Typed, e.Action.TypeId.Typed];

    public IEnumerable<TypedReference> Visit(UnitMonitor e) =>
        [e.Target.Typed, e.ParentMonitorId.Typed, e.TypeId.Typed, .. e.AlertSettings is { } a ? [a.AlertMessage.Typed] : Array.Empty<TypedReference>()];

    public IEnumerable<TypedReference> Visit(DependencyMonitor e) => [e.Target.Typed, e.ParentMonitorId.Typed, e.RelationshipType.Typed, e.MemberMonitor.Typed];
    public IEnumerable<TypedReference> Visit(MonitorPropertyOverride e) => [e.Context.Typed, e.Monitor.Typed];
    public IEnumerable<TypedReference> Visit(RulePropertyOverride e) => [e.Context.Typed, e.Rule.Typed];
    public IEnumerable<TypedReference> Visit(MonitorConfigurationOverride e) => [e.Context.Typed, e.Monitor.Typed];
    public IEnumerable<TypedReference> Visit(View e) => [e.Target.Typed, e.TypeId.Typed];
    public IEnumerable<TypedReference> Visit(Folder e) => [e.ParentFolder.Typed];
    public IEnumerable<TypedReference> Visit(FolderItem e) => [e.ElementId.Typed, e.Folder.Typed];
    public IEnumerable<TypedReference> Visit(StringResource e) => [];
}

/// <summary>The aliases that configuration texts of an element name ($MPElement[Name="A!…"]$, [Type="A!…"]).</summary>
internal static partial class ConfigurationAliases
{
    [System.Text.RegularExpressions.GeneratedRegex("""(?:Name|Type)="([A-Za-z_][A-Za-z0-9_]*)!""")]
    private static partial System.Text.RegularExpressions.Regex Alias();

    public static IEnumerable<string> In(IManagementPackElement e) => e switch
    {
        DataSourceModuleType m => Texts(m.MemberModules.SelectMany(x => x.Configuration)),
        UnitMonitorType m => Texts(m.MemberModules.SelectMany(x => x.Configuration)),
        Discovery d => Texts(d.DataSource.Configuration),
        Rule r => Texts(r.DataSources.Concat(r.WriteActions).Concat(r.ConditionDetection is { } c ? [c] : []).SelectMany(x => x.Configuration)),
        UnitMonitor m => Texts(m.Configuration).Concat(m.AlertSettings?.AlertParameters.SelectMany(p => Alias().Matches(p).Select(x => x.Groups[1].Value)) ?? []),
        View v => Texts(v.Configuration),
        AgentTask t => Texts(t.Action.Configuration),
        _ => [],
    };

    private static IEnumerable<string> Texts(IEnumerable<ConfigElement> elements)
    {
        foreach (var e in elements)
        {
            if (e.Text is { } text)
                foreach (System.Text.RegularExpressions.Match m in Alias().Matches(text)) yield return m.Groups[1].Value;
            foreach (var a in Texts(e.Children)) yield return a;
        }
    }
}
