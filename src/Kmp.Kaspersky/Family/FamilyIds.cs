namespace Kmp.Kaspersky.Family;

/// <summary>
/// Every ID of the Kaspersky Lab pack family, in one place (docs/architecture.md). Released IDs never
/// change: renaming an element of a sealed pack makes the next version upgrade-incompatible, which the
/// committed snapshots (tests/Kmp.Kaspersky.Tests/Snapshots) and CI's baseline check (mp-templates/released/) catch.
/// </summary>
public static class FamilyIds
{
    public const string Prefix = "KasperskyLab";
    public const string Library = Prefix + ".Library";
    public const string RootFolder = Library + ".RootFolder";
    public const string ActiveAlertsView = Library + ".ActiveAlerts.View";
    public const string ApplicationClass = Library + ".Application";
    public const string ServiceMonitoringDataSource = Library + ".ServiceMonitoring.DataSource";
    public const string ServiceMonitoringMonitorType = Library + ".ServiceMonitoring.MonitorType";
    public const string ServiceMonitoringPerformanceDataSource = Library + ".ServiceMonitoring.PerformanceDataSource";
    public const string UsesSharedComponentRelationship = Library + ".ApplicationUsesSharedComponent";
    public const string SharedComponentUseDiscoveryProvider = Library + ".SharedComponentUse.DiscoveryProvider";
    public const string ApplicationDiscoveryDataSource = Library + ".ApplicationDiscovery.DataSource";

    /// <summary>
    /// The seed class: a Windows computer with Kaspersky Lab software, the target of the products' script discoveries.
    /// Named under the pack that defines it (KasperskyLab.Library.Discovery), as an element ID should be, so its name says where it lives.
    /// </summary>
    public const string ComputerClass = LibraryDiscoveryPack + ".Computer";

    /// <summary>The pack of the seed class and its registry discovery, which every Discovery pack with a script discovery references; installed while any product is.</summary>
    public const string LibraryDiscoveryPack = Library + ".Discovery";

    /// <summary>Aliases the family uses for its own packs.</summary>
    public const string LibraryAlias = "KL";
    /// <summary>KasperskyLab.Library.Discovery, from the Discovery packs whose script discoveries target its seed class.</summary>
    public const string LibraryDiscoveryAlias = "KLC";
    public const string DiscoveryAlias = "KLD";
    public const string MonitoringAlias = "KLM";

    public static string SharedComponentClass(string key) => $"{Library}.{key}";

    /// <summary>
    /// The prefix of the elements of a shared component's own packs (<c>KasperskyLab.Shared.&lt;Component&gt;</c>):
    /// its class is a type of the library, its discovery, monitors and tasks live in the shared packs.
    /// </summary>
    public static string SharedPrefix(string component) => $"{Prefix}.Shared.{component}";

    /// <summary>The registry discovery of a shared component (in its Discovery pack; the pack's own ID is taken).</summary>
    public static string SharedComponentDiscovery(string component) => $"{SharedPrefix(component)}.Component.Discovery";

    /// <summary>The discovery pack of a shared component (imported with the first product that uses it).</summary>
    public static string SharedDiscoveryPack(string component) => $"{SharedPrefix(component)}.Discovery";

    /// <summary>The monitoring pack of a shared component.</summary>
    public static string SharedMonitoringPack(string component) => $"{SharedPrefix(component)}.Monitoring";

    public static string DiscoveryPack(string product) => $"{Prefix}.{product}.Discovery";

    public static string MonitoringPack(string product) => $"{Prefix}.{product}.Monitoring";

    public static string ViewsPack(string product) => $"{Prefix}.{product}.Views";

    /// <summary>The prefix of a product's element IDs (<c>KasperskyLab.&lt;Key&gt;</c>).</summary>
    public static string ProductPrefix(string product) => $"{Prefix}.{product}";

    public static string ApplicationClassOf(string product) => $"{Prefix}.{product}.Application";

    public static string ComputerGroupOf(string product) => $"{Prefix}.{product}.ComputerGroup";

    public static string EventCollectionRuleOf(string product) => $"{Prefix}.{product}.Events.Collection.Rule";

    /// <summary>The discovery of a class or group (<c>&lt;class&gt;.Discovery</c>).</summary>
    public static string DiscoveryOf(string classId) => classId + ".Discovery";

    /// <summary>A service monitor of a product or shared component (<paramref name="owner"/> is its ID prefix).</summary>
    public static string ServiceMonitor(string owner, string serviceKey) => $"{owner}.Service.{serviceKey}.Monitor";

    /// <summary>The console task that starts a monitored service.</summary>
    public static string ServiceStartTask(string owner, string serviceKey) => $"{owner}.Service.{serviceKey}.Start.Task";

    /// <summary>The console task that runs the Network Agent connection check (klnagchk).</summary>
    public static string ConnectionCheckTask(string product) => $"{ProductPrefix(product)}.ConnectionCheck.Task";

    /// <summary>The monitor of a lasting condition reported by events (closes its alert on the healthy event or a timer).</summary>
    public static string EventMonitor(string product, string alertKey) => $"{ProductPrefix(product)}.{alertKey}.Monitor";

    public static string EventAlertRule(string product, string alertKey) => $"{ProductPrefix(product)}.{alertKey}.Alert.Rule";

    /// <summary>The property of a product's class that holds the discovered service name.</summary>
    public const string ServiceNameProperty = "ServiceName";

    /// <summary>The property of a product's class that holds the event log found on the computer (where the log differs by version).</summary>
    public const string EventLogNameProperty = "EventLogName";

    /// <summary>The discovery of the relationships from a product's class to the shared components it uses.</summary>
    public static string SharedComponentUseDiscovery(string product) => $"{ProductPrefix(product)}.SharedComponentUse.Discovery";

    /// <summary>The dependency monitor that rolls the shared components' availability up to the product.</summary>
    public static string SharedComponentsDependencyMonitor(string product) => $"{ProductPrefix(product)}.SharedComponents.Availability.Monitor";

    public static string HealthCheckMonitor(string product, string check) => $"{ProductPrefix(product)}.{check}.Monitor";

    /// <summary>The rule that collects a value of the Service Monitoring script as performance data.</summary>
    public static string PerformanceCollectionRule(string product, string check) => $"{ProductPrefix(product)}.{check}.Performance.Collection.Rule";

    /// <summary>The string resource that carries the alert of a monitor or rule.</summary>
    public static string AlertMessageOf(string workflowId) => workflowId + ".AlertMessage";

    public static string ProductFolder(string product) => $"{ProductPrefix(product)}.Folder";

    public static string ProductView(string product, string viewKey) => $"{ProductPrefix(product)}.{viewKey}.View";

    public static string FolderItemOf(string elementId) => elementId + ".FolderItem";
}

/// <summary>What a pack of the family holds, in the words of the MOM 2005 guide.</summary>
public enum FamilyRole
{
    /// <summary>KasperskyLab.Library: types only — classes, relationships, module and monitor types, the Service Monitoring script, the root folder.</summary>
    Library,
    /// <summary>KasperskyLab.Library.Discovery: the Kaspersky Lab computers (the seed class the products' script discoveries target, so their Discovery packs reference it) and their registry discovery, installed while any product is.</summary>
    LibraryDiscovery,
    /// <summary>KasperskyLab.Shared.&lt;Component&gt;.Discovery: a shared component's discovery (shared attributes), installed while a product uses it.</summary>
    SharedDiscovery,
    /// <summary>KasperskyLab.Shared.&lt;Component&gt;.Monitoring: a shared component's monitors, installed while a product uses it.</summary>
    SharedMonitoring,
    /// <summary>&lt;Product&gt;.Discovery: attributes (classes) and computer groups.</summary>
    Discovery,
    /// <summary>&lt;Product&gt;.Monitoring: the rule group.</summary>
    Monitoring,
    /// <summary>&lt;Product&gt;.Views: the public views folder.</summary>
    Views,
}
