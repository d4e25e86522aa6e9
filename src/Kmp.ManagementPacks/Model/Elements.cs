namespace Kmp.ManagementPacks;

/// <summary>
/// An element of a management pack: it has an ID in the pack's one ID space. Every kind is one record
/// that accepts the <see cref="IElementVisitor{TResult}"/> the writer, the kind names and the builder's
/// reference check share; adding a kind is one record and one method per visitor.
/// </summary>
public interface IManagementPackElement
{
    string Id { get; }

    TResult Accept<TResult>(IElementVisitor<TResult> visitor);
}

// ---------------------------------------------------------------- type definitions

/// <summary>A class property. <see cref="Length"/> is written as <c>Length</c> (schema 1.0) or <c>MaxLength</c> (2.0).</summary>
public sealed record ClassProperty(string Id, PropertyType Type, bool Key = false, int? Length = null)
{
    public string Id { get; init; } = Identifiers.Local(Id, "property ID");
}

public sealed record ClassType(
    string Id,
    Ref<Kinds.Class> Base,
    bool Abstract = false,
    bool Hosted = false,
    bool Singleton = false,
    Accessibility Accessibility = Accessibility.Public,
    IReadOnlyList<ClassProperty>? Properties = null) : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "class ID");

    public IReadOnlyList<ClassProperty> Properties { get; init; } = Properties ?? [];

    public Ref<Kinds.Class> Ref => Ref<Kinds.Class>.Local(Id);

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

public sealed record RelationshipType(
    string Id,
    Ref<Kinds.Relationship> Base,
    Ref<Kinds.Class> Source,
    Ref<Kinds.Class> Target,
    bool Abstract = false,
    Accessibility Accessibility = Accessibility.Public) : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "relationship ID");

    public Ref<Kinds.Relationship> Ref => Ref<Kinds.Relationship>.Local(Id);

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>An element of a module type's configuration schema: <c>&lt;xsd:element name="…" type="xsd:…"/&gt;</c>.</summary>
public sealed record ConfigurationParameter(string Name, string XsdType = "xsd:string", bool Optional = false);

/// <summary>A configuration value that overrides may change.</summary>
public sealed record OverrideableParameter(string Id, string Selector, string ParameterType)
{
    public string Id { get; init; } = Identifiers.Local(Id, "overrideable parameter ID");
}

/// <summary>How the member modules of a composite are chained: a node and the nodes feeding it.</summary>
public sealed record CompositionNode(string ModuleId, IReadOnlyList<CompositionNode> Inputs)
{
    public CompositionNode(string moduleId, params CompositionNode[] inputs) : this(moduleId, (IReadOnlyList<CompositionNode>)inputs) { }

    /// <summary>A straight chain: the last module is the root, fed by the one before it, and so on.</summary>
    public static CompositionNode Chain(params string[] moduleIds)
    {
        CompositionNode? node = null;
        foreach (var id in moduleIds) node = node is null ? new CompositionNode(id) : new CompositionNode(id, node);
        return node ?? throw new ArgumentException("a chain needs at least one module", nameof(moduleIds));
    }
}

/// <summary>A data source module type implemented as a composite of other modules.</summary>
public sealed record DataSourceModuleType(
    string Id,
    IReadOnlyList<ConfigurationParameter> Configuration,
    IReadOnlyList<OverrideableParameter> OverrideableParameters,
    IReadOnlyList<Module> MemberModules,
    CompositionNode Composition,
    Ref<Kinds.DataType> OutputType,
    Accessibility Accessibility = Accessibility.Public,
    bool Batching = false) : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "module type ID");

    public Ref<Kinds.ModuleType> Ref => Ref<Kinds.ModuleType>.Local(Id);

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>A detection of a unit monitor type: when the composition yields data, the monitor enters the state.</summary>
public sealed record RegularDetection(string MonitorTypeStateId, CompositionNode Node);

/// <summary>
/// A unit monitor type: states, configuration schema, member modules and one detection per state;
/// on-demand detections (fed by a probe) let the console's Recalculate Health run it at once.
/// </summary>
public sealed record UnitMonitorType(
    string Id,
    IReadOnlyList<string> MonitorTypeStates,
    IReadOnlyList<ConfigurationParameter> Configuration,
    IReadOnlyList<OverrideableParameter> OverrideableParameters,
    IReadOnlyList<Module> MemberModules,
    IReadOnlyList<RegularDetection> RegularDetections,
    Accessibility Accessibility = Accessibility.Public,
    IReadOnlyList<RegularDetection>? OnDemandDetections = null) : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "monitor type ID");

    public IReadOnlyList<RegularDetection> OnDemandDetections { get; init; } = OnDemandDetections ?? [];

    public Ref<Kinds.MonitorType> Ref => Ref<Kinds.MonitorType>.Local(Id);

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

// ---------------------------------------------------------------- monitoring

public abstract record DiscoveryType;

/// <summary>A class a discovery discovers, with the properties it sets (each on the class that declares it).</summary>
public sealed record DiscoveryClass(Ref<Kinds.Class> TypeId, IReadOnlyList<(Ref<Kinds.Class> TypeId, string PropertyId)> Properties) : DiscoveryType;

public sealed record DiscoveryRelationship(Ref<Kinds.Relationship> TypeId) : DiscoveryType;

public sealed record Discovery(
    string Id,
    Ref<Kinds.Class> Target,
    IReadOnlyList<DiscoveryType> DiscoveryTypes,
    Module DataSource,
    bool Enabled = true,
    bool Remotable = true,
    WorkflowPriority Priority = WorkflowPriority.Normal,
    bool ConfirmDelivery = false) : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "discovery ID");

    public Ref<Kinds.Discovery> Ref => Ref<Kinds.Discovery>.Local(Id);

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

public sealed record Rule(
    string Id,
    Ref<Kinds.Class> Target,
    MonitoringCategory Category,
    IReadOnlyList<Module> DataSources,
    IReadOnlyList<Module> WriteActions,
    Module? ConditionDetection = null,
    bool Enabled = true,
    bool Remotable = true,
    WorkflowPriority Priority = WorkflowPriority.Normal,
    bool ConfirmDelivery = true,
    int DiscardLevel = 100) : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "rule ID");

    public Ref<Kinds.Rule> Ref => Ref<Kinds.Rule>.Local(Id);

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>The alert of a unit monitor; the message is a string resource whose display string carries the text.</summary>
public sealed record MonitorAlertSettings(
    Ref<Kinds.StringResource> AlertMessage,
    HealthState AlertOnState,
    bool AutoResolve,
    WorkflowPriority AlertPriority,
    MonitorAlertSeverity AlertSeverity,
    IReadOnlyList<string> AlertParameters);

public sealed record OperationalState(string Id, string MonitorTypeStateId, HealthState HealthState)
{
    public string Id { get; init; } = Identifiers.Local(Id, "operational state ID");
}

public sealed record UnitMonitor(
    string Id,
    Ref<Kinds.Class> Target,
    Ref<Kinds.Monitor> ParentMonitorId,
    Ref<Kinds.MonitorType> TypeId,
    MonitoringCategory Category,
    IReadOnlyList<OperationalState> OperationalStates,
    IReadOnlyList<ConfigElement> Configuration,
    MonitorAlertSettings? AlertSettings = null,
    bool Enabled = true,
    bool Remotable = true,
    WorkflowPriority Priority = WorkflowPriority.Normal,
    bool ConfirmDelivery = false,
    Accessibility Accessibility = Accessibility.Public) : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "monitor ID");

    public Ref<Kinds.Monitor> Ref => Ref<Kinds.Monitor>.Local(Id);

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>
/// A task an operator runs from the console on an instance of <see cref="Target"/>: one write action
/// (System.CommandExecuter and the like) run by the agent.
/// </summary>
public sealed record AgentTask(
    string Id,
    Ref<Kinds.Class> Target,
    Module Action,
    MonitoringCategory Category = MonitoringCategory.Maintenance,
    int TimeoutSeconds = 300,
    bool Enabled = true,
    bool Remotable = true,
    Accessibility Accessibility = Accessibility.Public) : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "task ID");

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>How a dependency monitor rolls its members' states up.</summary>
public enum DependencyAlgorithm { WorstOf, BestOf }

/// <summary>
/// A dependency monitor: rolls the health of the instances that the target reaches through
/// <see cref="RelationshipType"/> (their <see cref="MemberMonitor"/>) up into the target's health.
/// </summary>
public sealed record DependencyMonitor(
    string Id,
    Ref<Kinds.Class> Target,
    Ref<Kinds.Monitor> ParentMonitorId,
    Ref<Kinds.Relationship> RelationshipType,
    Ref<Kinds.Monitor> MemberMonitor,
    MonitoringCategory Category,
    DependencyAlgorithm Algorithm = DependencyAlgorithm.WorstOf,
    HealthState? MemberUnAvailable = null,
    bool Enabled = true,
    bool Remotable = true,
    WorkflowPriority Priority = WorkflowPriority.Normal,
    Accessibility Accessibility = Accessibility.Public) : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "monitor ID");

    public Ref<Kinds.Monitor> Ref => Ref<Kinds.Monitor>.Local(Id);

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

// ---------------------------------------------------------------- presentation

public sealed record View(
    string Id,
    Ref<Kinds.Class> Target,
    Ref<Kinds.ViewType> TypeId,
    IReadOnlyList<ConfigElement> Configuration,
    string Category = "Operations",
    bool Visible = true,
    bool Enabled = true,
    Accessibility Accessibility = Accessibility.Public) : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "view ID");

    public Ref<Kinds.View> Ref => Ref<Kinds.View>.Local(Id);

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

public sealed record Folder(string Id, Ref<Kinds.Folder> ParentFolder, Accessibility Accessibility = Accessibility.Public) : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "folder ID");

    public Ref<Kinds.Folder> Ref => Ref<Kinds.Folder>.Local(Id);

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>Places a view or folder in a folder. Its ID is written only for schema 2.0, where it is required.</summary>
public sealed record FolderItem(string Id, Ref<Kinds.FolderContent> ElementId, Ref<Kinds.Folder> Folder) : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "folder item ID");

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

public sealed record StringResource(string Id) : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "string resource ID");

    public Ref<Kinds.StringResource> Ref => Ref<Kinds.StringResource>.Local(Id);

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

// ---------------------------------------------------------------- overrides

/// <summary>
/// An override of a monitor's property (Enabled, …) for a context class. SCOM writes overrides in
/// the Monitoring section after the monitors.
/// </summary>
public sealed record MonitorPropertyOverride(string Id, Ref<Kinds.Class> Context, Ref<Kinds.Monitor> Monitor, string Property, string Value, bool Enforced = false)
    : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "override ID");

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>An override of a rule's property (Enabled, …) for a context class.</summary>
public sealed record RulePropertyOverride(string Id, Ref<Kinds.Class> Context, Ref<Kinds.Rule> Rule, string Property, string Value, bool Enforced = false)
    : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "override ID");

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>An override of an overrideable parameter of a monitor (its monitor type's parameter ID).</summary>
public sealed record MonitorConfigurationOverride(string Id, Ref<Kinds.Class> Context, Ref<Kinds.Monitor> Monitor, string Parameter, string Value, bool Enforced = false)
    : IManagementPackElement
{
    public string Id { get; init; } = Identifiers.Element(Id, "override ID");

    public TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

// ---------------------------------------------------------------- language packs

public sealed record DisplayString(string ElementId, string Name, string? Description = null, string? SubElementId = null);

/// <summary>A section of a MAML knowledge article: a title, paragraphs and an optional bulleted list.</summary>
public sealed record KnowledgeSection(string Title, IReadOnlyList<string> Paragraphs, IReadOnlyList<string>? ListItems = null);

/// <summary>Knowledge for a rule or monitor: Summary, Causes, Resolutions (MAML).</summary>
public sealed record KnowledgeArticle(string ElementId, IReadOnlyList<KnowledgeSection> Sections, bool Visible = true, string? SubElementId = null);

public sealed record LanguagePack(
    string Id,
    bool IsDefault,
    IReadOnlyList<DisplayString> DisplayStrings,
    IReadOnlyList<KnowledgeArticle> KnowledgeArticles);
