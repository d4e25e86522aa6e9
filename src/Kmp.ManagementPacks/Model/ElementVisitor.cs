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

/// <summary>
/// Every typed reference an element holds (its attributes and its modules' types), gathered into one list
/// that the caller clears between elements: the builder checks every element of a pack of 10,000 rules,
/// so nothing is allocated per element.
/// </summary>
internal sealed class ElementReferences(List<TypedReference> into) : IElementVisitor<List<TypedReference>>
{
    private List<TypedReference> Add<T>(Ref<T> r) where T : IElementKind { into.Add(r.Typed); return into; }

    private List<TypedReference> Modules(IReadOnlyList<Module> modules)
    {
        for (var i = 0; i < modules.Count; i++) Add(modules[i].TypeId);
        return into;
    }

    public List<TypedReference> Visit(ClassType e) => Add(e.Base);
    public List<TypedReference> Visit(RelationshipType e) { Add(e.Base); Add(e.Source); return Add(e.Target); }
    public List<TypedReference> Visit(DataSourceModuleType e) { Modules(e.MemberModules); return Add(e.OutputType); }
    public List<TypedReference> Visit(UnitMonitorType e) => Modules(e.MemberModules);

    public List<TypedReference> Visit(Discovery e)
    {
        Add(e.Target);
        foreach (var t in e.DiscoveryTypes)
        {
            switch (t)
            {
                case DiscoveryClass c:
                    Add(c.TypeId);
                    foreach (var p in c.Properties) Add(p.TypeId);
                    break;
                case DiscoveryRelationship r:
                    Add(r.TypeId);
                    break;
            }
        }
        return Add(e.DataSource.TypeId);
    }

    public List<TypedReference> Visit(Rule e)
    {
        Add(e.Target);
        Modules(e.DataSources);
        if (e.ConditionDetection is { } c) Add(c.TypeId);
        return Modules(e.WriteActions);
    }

    public List<TypedReference> Visit(AgentTask e) { Add(e.Target); return Add(e.Action.TypeId); }

    public List<TypedReference> Visit(UnitMonitor e)
    {
        Add(e.Target); Add(e.ParentMonitorId); Add(e.TypeId);
        return e.AlertSettings is { } a ? Add(a.AlertMessage) : into;
    }

    public List<TypedReference> Visit(DependencyMonitor e) { Add(e.Target); Add(e.ParentMonitorId); Add(e.RelationshipType); return Add(e.MemberMonitor); }
    public List<TypedReference> Visit(MonitorPropertyOverride e) { Add(e.Context); return Add(e.Monitor); }
    public List<TypedReference> Visit(RulePropertyOverride e) { Add(e.Context); return Add(e.Rule); }
    public List<TypedReference> Visit(MonitorConfigurationOverride e) { Add(e.Context); return Add(e.Monitor); }
    public List<TypedReference> Visit(View e) { Add(e.Target); return Add(e.TypeId); }
    public List<TypedReference> Visit(Folder e) => Add(e.ParentFolder);
    public List<TypedReference> Visit(FolderItem e) { Add(e.ElementId); return Add(e.Folder); }
    public List<TypedReference> Visit(StringResource e) => into;
}

/// <summary>
/// The aliases that configuration texts of an element name ($MPElement[Name="A!…"]$, [Type="A!…"]), gathered
/// into one list the caller clears between elements. Only a text with a '!' can name one, so the others are
/// not searched (most texts of a pack of 10,000 rules have none).
/// </summary>
internal static partial class ConfigurationAliases
{
    [System.Text.RegularExpressions.GeneratedRegex("""(?:Name|Type)="([A-Za-z_][A-Za-z0-9_]*)!""")]
    private static partial System.Text.RegularExpressions.Regex Alias();

    public static void In(IManagementPackElement e, List<string> into)
    {
        switch (e)
        {
            case DataSourceModuleType m: Modules(m.MemberModules, into); break;
            case UnitMonitorType m: Modules(m.MemberModules, into); break;
            case Discovery d: Texts(d.DataSource.Configuration, into); break;
            case Rule r:
                Modules(r.DataSources, into);
                Modules(r.WriteActions, into);
                if (r.ConditionDetection is { } c) Texts(c.Configuration, into);
                break;
            case UnitMonitor m:
                Texts(m.Configuration, into);
                if (m.AlertSettings is { } a)
                    foreach (var p in a.AlertParameters) Text(p, into);
                break;
            case View v: Texts(v.Configuration, into); break;
            case AgentTask t: Texts(t.Action.Configuration, into); break;
        }
    }

    // Indexed loops: a foreach over an IReadOnlyList allocates an enumerator, once per configuration element here.
    private static void Modules(IReadOnlyList<Module> modules, List<string> into)
    {
        for (var i = 0; i < modules.Count; i++) Texts(modules[i].Configuration, into);
    }

    private static void Texts(IReadOnlyList<ConfigElement> elements, List<string> into)
    {
        for (var i = 0; i < elements.Count; i++)
        {
            var e = elements[i];
            if (e.Text is { } text) Text(text, into);
            if (e.Children.Count > 0) Texts(e.Children, into);
        }
    }

    private static void Text(string text, List<string> into)
    {
        if (!text.Contains('!')) return;
        // The match is Name="alias! or Type="alias!: the alias is what lies between the six characters before it and the '!'.
        foreach (var m in Alias().EnumerateMatches(text)) into.Add(text.Substring(m.Index + 6, m.Length - 7));
    }
}
