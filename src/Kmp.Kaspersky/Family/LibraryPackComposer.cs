using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using static Kmp.ManagementPacks.ConfigElement;

namespace Kmp.Kaspersky.Family;

/// <summary>What the library gives the product packs: its types, monitor type and root folder.</summary>
internal sealed record LibraryPackOutputs(
    Ref<Kinds.Class> ApplicationClass,
    Ref<Kinds.Relationship> UsesSharedComponent,
    Ref<Kinds.ModuleType> SharedComponentUseDiscoveryProvider,
    Ref<Kinds.MonitorType> ServiceMonitoringMonitorType,
    Ref<Kinds.ModuleType> ServiceMonitoringPerformanceDataSource,
    Ref<Kinds.Folder> RootFolder,
    IReadOnlyDictionary<string, Ref<Kinds.Class>> SharedComponentClasses,
    Ref<Kinds.ModuleType> ApplicationDiscoveryDataSource);

/// <summary>
/// What KasperskyLab.Library.Discovery gives the Discovery packs: the seed class their script discoveries
/// target. Targeting it makes each of them reference the pack, so SCOM refuses to import one without it.
/// </summary>
internal sealed record LibraryDiscoveryOutputs(Ref<Kinds.Class> Computer)
{
    /// <summary>The seed class in a Discovery pack whose script discovery targets it, through the pack's reference to KasperskyLab.Library.Discovery (declared here, so only a pack that uses it has it).</summary>
    public Ref<Kinds.Class> In(ManagementPackBuilder pack, FamilyOptions options) =>
        pack.Reference(options.ReferenceTo(FamilyIds.LibraryDiscoveryAlias, FamilyIds.LibraryDiscoveryPack)).Element(Computer);
}

/// <summary>
/// KasperskyLab.Library, types only: the root folder "Kaspersky Lab" with its Active Alerts view, the
/// abstract base class of every Kaspersky application, the shared "Kaspersky Lab: Service Monitoring"
/// script as a data source and a monitor type, the classes of the shared components (their discoveries
/// and monitors are in their own packs, installed while a product uses them) and the relationship
/// from a product to the shared component it uses.
/// </summary>
internal static class LibraryPackComposer
{
    /// <summary>The states of the shared monitor type: unreadable when the Network Agent state was found but a value could not be read (-1).</summary>
    public const string Healthy = "Healthy";
    public const string Unhealthy = "Unhealthy";
    public const string Unreadable = "Unreadable";

    public static (ManagementPack Pack, LibraryPackOutputs Outputs) Compose(LibraryTemplate t, FamilyOptions options)
    {
        var pack = new ManagementPackBuilder(FamilyIds.Library, options.Version, "Kaspersky Lab Library") { Description = ConsoleText.Of(t.Description) };
        var system = pack.Reference(Libraries.System);
        var windows = pack.Reference(Libraries.Windows);
        pack.Reference(Libraries.Health);
        var sc = pack.Reference(Libraries.SystemCenter);
        pack.Add(new DisplayString(FamilyIds.Library, "Kaspersky Lab Library", ConsoleText.Of(t.Description)));

        var application = new ClassType(FamilyIds.ApplicationClass, windows.Class("Microsoft.Windows.LocalApplication"),
            Abstract: true, Hosted: true,
            Properties: [new ClassProperty("ProductVersion", PropertyType.String, Length: 256), new ClassProperty("InstallPath", PropertyType.String, Length: 1024)]);
        pack.Add(application);
        pack.Add(new DisplayString(application.Id, t.ApplicationClassName,
            "A Kaspersky Lab application on a Windows computer; every Kaspersky product class derives from it."));
        pack.Add(new DisplayString(application.Id, "Product version", SubElementId: "ProductVersion"));
        pack.Add(new DisplayString(application.Id, "Installation folder", SubElementId: "InstallPath"));

        var (monitorType, performance) = AddServiceMonitoringScript(pack, t.ServiceMonitoring, system, windows);
        var (uses, useDiscovery) = AddSharedComponentUse(pack, application.Ref, system, windows);
        var applicationDiscovery = AddApplicationDiscoveryDataSource(pack, system, windows);

        var root = new Folder(FamilyIds.RootFolder, sc.Folder("Microsoft.SystemCenter.Monitoring.ViewFolder.Root"));
        pack.Add(root);
        pack.Add(new DisplayString(root.Id, t.RootFolderName));
        // One view of every open alert of every Kaspersky Lab application, in the root folder.
        var activeAlerts = new View(FamilyIds.ActiveAlertsView, application.Ref, sc.ViewType("Microsoft.SystemCenter.AlertViewType"),
            [Node("Criteria", Node("ResolutionState", Value("StateRange", "255").WithAttribute("Operator", "NotEquals")))]);
        pack.Add(activeAlerts);
        pack.Add(new FolderItem(FamilyIds.FolderItemOf(activeAlerts.Id), activeAlerts.Ref.AsFolderContent(), root.Ref));
        pack.Add(new DisplayString(activeAlerts.Id, "Active Alerts", "Open alerts of every Kaspersky Lab application."));

        var components = new Dictionary<string, Ref<Kinds.Class>>(StringComparer.Ordinal);
        foreach (var component in t.SharedComponents.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var type = new ClassType(FamilyIds.SharedComponentClass(component.Key), application.Ref, Hosted: true);
            pack.Add(type);
            pack.Add(new DisplayString(type.Id, component.DisplayName, ConsoleText.Of(component.Description)));
            components[component.Key] = type.Ref;
        }
        return (pack.Build(), new LibraryPackOutputs(application.Ref, uses, useDiscovery, monitorType, performance, root.Ref, components, applicationDiscovery));
    }

    /// <summary>
    /// KasperskyLab.Library.Discovery: the seed class "Kaspersky Lab computer" and its registry discovery
    /// (FilteredRegistryDiscoveryProvider, in the agent, no script) on the existence of the library template's
    /// computer discovery keys in both registry views. The class lives here with its discovery, not in the
    /// library: the products' and shared components' script discoveries target it, so their Discovery packs
    /// reference this pack for an element they use, and SCOM refuses to import one of them without it. (A
    /// reference nothing uses is enforced at import too, but it is the kind authoring tools flag and people
    /// remove.) The pack is installed with the first product and removed with the last.
    /// </summary>
    public static (ManagementPack Pack, LibraryDiscoveryOutputs Outputs) Discovery(LibraryTemplate t, FamilyOptions options)
    {
        var pack = new ManagementPackBuilder(FamilyIds.LibraryDiscoveryPack, options.Version, "Kaspersky Lab Library Discovery")
        {
            Description = "Finds the Windows computers with Kaspersky Lab software, on which the Kaspersky Lab products are then looked for.",
        };
        pack.Reference(Libraries.System);
        var windows = pack.Reference(Libraries.Windows);
        pack.Add(new DisplayString(FamilyIds.LibraryDiscoveryPack, "Kaspersky Lab Library Discovery",
            "Finds the Windows computers with Kaspersky Lab software, on which the Kaspersky Lab products are then looked for."));
        // The seed: a computer with Kaspersky Lab software. The products' script discoveries target it, so only
        // those computers run them, not every computer of the management group.
        var seed = new ClassType(FamilyIds.ComputerClass, windows.Class("Microsoft.Windows.LocalApplication"), Hosted: true);
        pack.Add(seed);
        pack.Add(new DisplayString(seed.Id, "Kaspersky Lab computer",
            "A Windows computer with Kaspersky Lab software (its registry keys exist); the Kaspersky Lab products are looked for only on these computers."));
        var definition = SeedOf(t);
        var keys = RegistryViews.All(definition.Keys);
        new RegistryDiscovery(seed.Ref, null, definition with { Keys = keys }, "Kaspersky Lab computer discovery",
            $"Finds the Windows computers where any of these registry keys exists ({string.Join(", ", keys)}), from the registry in the agent, once every {definition.FrequencySeconds} seconds (overrideable: Frequency). " +
            "Runs only on an agent, for its own computer (the products' discoveries run only there): not for agentless computers nor a failover cluster's virtual computers, which are managed through other computers' agents.",
            "Kaspersky Lab computer", OnAgentOnly: true).Add(pack);
        return (pack.Build(), new LibraryDiscoveryOutputs(seed.Ref));
    }

    /// <summary>The keys and frequency of the seed discovery: the template's, or SOFTWARE\KasperskyLab once a day.</summary>
    internal static RegistryDiscoveryDefinition SeedOf(LibraryTemplate t) => t.ComputerDiscovery ?? new RegistryDiscoveryDefinition([@"SOFTWARE\KasperskyLab"]);

    /// <summary>
    /// The data source of the products' script discoveries: TimedScript.DiscoveryProvider whose interval is
    /// the overrideable parameter Frequency, the name the registry discovery it replaced gave it, so an
    /// administrator's override of a discovery's frequency keeps applying after an upgrade.
    /// </summary>
    private static Ref<Kinds.ModuleType> AddApplicationDiscoveryDataSource(ManagementPackBuilder pack, PackAlias system, PackAlias windows)
    {
        var dataSource = new DataSourceModuleType(FamilyIds.ApplicationDiscoveryDataSource,
            [
                new ConfigurationParameter("Frequency", "xsd:integer"),
                new ConfigurationParameter("ScriptName", "xsd:string"),
                new ConfigurationParameter("Arguments", "xsd:string"),
                new ConfigurationParameter("ScriptBody", "xsd:string"),
                new ConfigurationParameter("TimeoutSeconds", "xsd:integer"),
            ],
            [new OverrideableParameter("Frequency", "$Config/Frequency$", "int"), new OverrideableParameter("TimeoutSeconds", "$Config/TimeoutSeconds$", "int")],
            [Module.DataSource("Script", windows.ModuleType("Microsoft.Windows.TimedScript.DiscoveryProvider"),
                new TimedScriptDiscoveryConfiguration("$Config/Frequency$", "$Config/ScriptName$", "$Config/Arguments$", "$Config/ScriptBody$", "$Config/TimeoutSeconds$"))],
            new CompositionNode("Script"),
            system.DataType("System.Discovery.Data"));
        pack.Add(dataSource);
        pack.Add(new DisplayString(dataSource.Id, "Kaspersky Lab: application discovery",
            "Runs a Kaspersky Lab product's discovery script (registry in both views, service and event log) once every Frequency seconds."));
        return dataSource.Ref;
    }

    /// <summary>
    /// The relationship from a product's class to a shared component it uses on the same computer, and
    /// the discovery data source that relates them (both hosted by the computer, matched by its name),
    /// so a dependency monitor can roll the component's health up to the product.
    /// </summary>
    private static (Ref<Kinds.Relationship>, Ref<Kinds.ModuleType>) AddSharedComponentUse(ManagementPackBuilder pack, Ref<Kinds.Class> application, PackAlias system, PackAlias windows)
    {
        var uses = new RelationshipType(FamilyIds.UsesSharedComponentRelationship, system.Relationship("System.Reference"), application, application);
        pack.Add(uses);
        pack.Add(new DisplayString(uses.Id, "Kaspersky Lab application uses a shared component",
            "A Kaspersky Lab product uses a shared component on the same computer; the product's health includes the component's availability."));
        var computer = windows.Class("Microsoft.Windows.Computer");
        var hostKey = new[] { (Context.PropertyOf(computer, "PrincipalName"), Context.HostPrincipalName(computer)) };
        var provider = new DataSourceModuleType(FamilyIds.SharedComponentUseDiscoveryProvider,
            [new ConfigurationParameter("IntervalSeconds", "xsd:integer"), new ConfigurationParameter("SourceTypeId", "xsd:string"), new ConfigurationParameter("TargetTypeId", "xsd:string")],
            [new OverrideableParameter("IntervalSeconds", "$Config/IntervalSeconds$", "int")],
            [
                Module.DataSource("Scheduler", system.ModuleType("System.Discovery.Scheduler"), new DiscoverySchedulerConfiguration("$Config/IntervalSeconds$")),
                Module.Condition("Mapper", system.ModuleType("System.Discovery.RelationshipSnapshotDataMapper"),
                    new RelationshipSnapshotDataMapperConfiguration(uses.Ref, "$Config/SourceTypeId$", "$Config/TargetTypeId$", hostKey, hostKey)),
            ],
            CompositionNode.Chain("Scheduler", "Mapper"),
            system.DataType("System.Discovery.Data"));
        pack.Add(provider);
        pack.Add(new DisplayString(provider.Id, "Kaspersky Lab: shared component use discovery",
            "Relates a Kaspersky Lab product to a shared component on the same computer."));
        return (uses.Ref, provider.Ref);
    }

    private static (Ref<Kinds.MonitorType>, Ref<Kinds.ModuleType>) AddServiceMonitoringScript(ManagementPackBuilder pack, ServiceMonitoringDefinition s, PackAlias system, PackAlias windows)
    {
        var arguments = "\"" + string.Join('|', s.AvStateKeys) + "\"";
        var dataSource = new DataSourceModuleType(FamilyIds.ServiceMonitoringDataSource,
            [new ConfigurationParameter("IntervalSeconds", "xsd:integer"), new ConfigurationParameter("TimeoutSeconds", "xsd:integer")],
            [new OverrideableParameter("IntervalSeconds", "$Config/IntervalSeconds$", "int"), new OverrideableParameter("TimeoutSeconds", "$Config/TimeoutSeconds$", "int")],
            [Module.DataSource("Script", windows.ModuleType("Microsoft.Windows.TimedScript.PropertyBagProvider"),
                new TimedScriptPropertyBagConfiguration("$Config/IntervalSeconds$", "KasperskyLab.ServiceMonitoring.vbs",
                    arguments, ScriptBody(), "$Config/TimeoutSeconds$"))],
            new CompositionNode("Script"),
            system.DataType("System.PropertyBagData"));
        pack.Add(dataSource);
        pack.Add(new DisplayString(dataSource.Id, "Kaspersky Lab: Service Monitoring",
            "Runs the Kaspersky Lab: Service Monitoring script, which reads the anti-virus state kept by the Kaspersky Security Center Network Agent " +
            "(real-time protection, anti-virus database date, last connection to the Administration Server)."));

        var value = "Property[@Name='$Config/PropertyName$']";
        var found = "Property[@Name='Found']";
        ConfigElement Filter(params ConfigElement[] conditions) => Node("Expression", Expressions.And(conditions));
        var filter = system.ModuleType("System.ExpressionFilter");
        var monitorType = new UnitMonitorType(FamilyIds.ServiceMonitoringMonitorType,
            [Healthy, Unhealthy, Unreadable],
            [
                new ConfigurationParameter("IntervalSeconds", "xsd:integer"),
                new ConfigurationParameter("TimeoutSeconds", "xsd:integer"),
                new ConfigurationParameter("PropertyName", "xsd:string"),
                new ConfigurationParameter("Threshold", "xsd:double"),
            ],
            [
                new OverrideableParameter("IntervalSeconds", "$Config/IntervalSeconds$", "int"),
                new OverrideableParameter("TimeoutSeconds", "$Config/TimeoutSeconds$", "int"),
                new OverrideableParameter("Threshold", "$Config/Threshold$", "double"),
            ],
            [
                Module.DataSource("DS", dataSource.Ref,
                    Value("IntervalSeconds", "$Config/IntervalSeconds$"), Value("TimeoutSeconds", "$Config/TimeoutSeconds$")),
                // On-demand detection (Recalculate Health in the console) starts with a trigger-only probe that
                // feeds the same script as a probe, as Microsoft.Windows.Library's own on-demand chains do.
                Module.Probe("PassThru", system.ModuleType("System.PassThroughProbe")),
                Module.Probe("Probe", windows.ModuleType("Microsoft.Windows.ScriptPropertyBagProbe"),
                    new ScriptPropertyBagProbeConfiguration("KasperskyLab.ServiceMonitoring.vbs", arguments, ScriptBody(), "$Config/TimeoutSeconds$")),
                // Found = 0: no Network Agent anti-virus state on this computer (a standalone install, not
                // managed by Kaspersky Security Center). Nothing to check there: healthy, not a warning.
                Module.Condition("HealthyFilter", filter, Node("Expression", Expressions.Or(
                    Expressions.Simple(found, "Integer", "Equal", "0"),
                    Expressions.And(
                        Expressions.Simple(value, "Double", "LessEqual", "$Config/Threshold$"),
                        Expressions.Simple(value, "Double", "GreaterEqual", "0"))))),
                Module.Condition("UnhealthyFilter", filter, Filter(
                    Expressions.Simple(found, "Integer", "Equal", "1"),
                    Expressions.Simple(value, "Double", "Greater", "$Config/Threshold$"),
                    Expressions.Simple(value, "Double", "GreaterEqual", "0"))),
                // Found = 1 and -1: the Network Agent keeps a value the script could not read or parse; the
                // monitor shows it instead of keeping its last state, so an open alert does not hang.
                Module.Condition("UnreadableFilter", filter, Filter(
                    Expressions.Simple(found, "Integer", "Equal", "1"),
                    Expressions.Simple(value, "Double", "Less", "0"))),
            ],
            [
                new RegularDetection(Healthy, CompositionNode.Chain("DS", "HealthyFilter")),
                new RegularDetection(Unhealthy, CompositionNode.Chain("DS", "UnhealthyFilter")),
                new RegularDetection(Unreadable, CompositionNode.Chain("DS", "UnreadableFilter")),
            ],
            OnDemandDetections:
            [
                new RegularDetection(Healthy, CompositionNode.Chain("PassThru", "Probe", "HealthyFilter")),
                new RegularDetection(Unhealthy, CompositionNode.Chain("PassThru", "Probe", "UnhealthyFilter")),
                new RegularDetection(Unreadable, CompositionNode.Chain("PassThru", "Probe", "UnreadableFilter")),
            ]);
        pack.Add(monitorType);
        pack.Add(new DisplayString(monitorType.Id, "Kaspersky Lab: Service Monitoring threshold",
            "Unhealthy when a value of the Service Monitoring script is above the threshold; healthy when it is at or below it, or when the computer has no Network Agent anti-virus state (not applicable); unreadable when the Network Agent keeps a value the script could not read."));
        return (monitorType.Ref, AddPerformanceDataSource(pack, dataSource.Ref, system).Ref);
    }

    /// <summary>
    /// One value of the Service Monitoring script as performance data, for collection rules. Its first
    /// member is the script's data source with the configuration passed through unchanged, exactly as
    /// in the monitor type: a rule and a monitor on the same instance with the same interval and timeout
    /// share one run of the script on the agent (cookdown). Only values the script could read (0 or
    /// more) are collected; "unknown" (-1) would draw a false point on the chart.
    /// </summary>
    private static DataSourceModuleType AddPerformanceDataSource(ManagementPackBuilder pack, Ref<Kinds.ModuleType> script, PackAlias system)
    {
        var perf = pack.Reference(Libraries.Performance);
        var value = "Property[@Name='$Config/PropertyName$']";
        var type = new DataSourceModuleType(FamilyIds.ServiceMonitoringPerformanceDataSource,
            [
                new ConfigurationParameter("IntervalSeconds", "xsd:integer"),
                new ConfigurationParameter("TimeoutSeconds", "xsd:integer"),
                new ConfigurationParameter("PropertyName", "xsd:string"),
                new ConfigurationParameter("ObjectName", "xsd:string"),
                new ConfigurationParameter("CounterName", "xsd:string"),
                new ConfigurationParameter("InstanceName", "xsd:string"),
            ],
            [new OverrideableParameter("IntervalSeconds", "$Config/IntervalSeconds$", "int"), new OverrideableParameter("TimeoutSeconds", "$Config/TimeoutSeconds$", "int")],
            [
                Module.DataSource("DS", script, Value("IntervalSeconds", "$Config/IntervalSeconds$"), Value("TimeoutSeconds", "$Config/TimeoutSeconds$")),
                Module.Condition("Readable", system.ModuleType("System.ExpressionFilter"), Node("Expression", Expressions.And(
                    Expressions.Simple("Property[@Name='Found']", "Integer", "Equal", "1"),
                    Expressions.Simple(value, "Double", "GreaterEqual", "0")))),
                Module.Condition("Mapper", perf.ModuleType("System.Performance.DataGenericMapper"),
                    new DataGenericMapperConfiguration("$Config/ObjectName$", "$Config/CounterName$", "$Config/InstanceName$", "$Data/" + value + "$")),
            ],
            CompositionNode.Chain("DS", "Readable", "Mapper"),
            perf.DataType("System.Performance.Data"));
        pack.Add(type);
        pack.Add(new DisplayString(type.Id, "Kaspersky Lab: Service Monitoring performance data",
            "One value of the Kaspersky Lab: Service Monitoring script (such as the anti-virus database age in hours) as performance data, when the script could read it."));
        return type;
    }

    /// <summary>The VBScript of "Kaspersky Lab: Service Monitoring", with LF line ends whatever the checkout did.</summary>
    internal static string ScriptBody()
    {
        using var stream = typeof(LibraryPackComposer).Assembly.GetManifestResourceStream("Kmp.Kaspersky.ServiceMonitoring.vbs")
            ?? throw new InvalidOperationException("embedded ServiceMonitoring.vbs is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
