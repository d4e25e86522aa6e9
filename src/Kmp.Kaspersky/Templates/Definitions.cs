using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Kmp.Kaspersky.Templates;

// The typed definitions that mp-templates/*.json are read into. The JSON Schema committed at
// mp-templates/schema/ is exported from these types (TemplateSchema), so the C# types are the
// single source of truth for what a template may say.

/// <summary>How sure the team is of a product fact.</summary>
[Description("How sure the team is of the fact: Confirmed (official document or real working file) or Unsure (community notes, inference: verify on a real installation; give a note).")]
[JsonConverter(typeof(JsonStringEnumConverter<Confidence>))]
public enum Confidence
{
    /// <summary>Stated by an official Kaspersky or Microsoft document, or read from a real working file.</summary>
    Confirmed,
    /// <summary>Community notes or inference: verify on a real installation.</summary>
    Unsure,
}

/// <summary>Severity of the alert an event raises.</summary>
[Description("Severity of the alert: Information, Warning or Critical.")]
[JsonConverter(typeof(JsonStringEnumConverter<EventAlertSeverity>))]
public enum EventAlertSeverity { Information, Warning, Critical }

/// <summary>Priority of the alert an event raises.</summary>
[Description("Priority of the alert: Low, Medium or High.")]
[JsonConverter(typeof(JsonStringEnumConverter<EventAlertPriority>))]
public enum EventAlertPriority { Low, Medium, High }

/// <summary>The aggregate health state a monitor made from events rolls up to.</summary>
[Description("The health state an event monitor rolls up to: Configuration (licence, settings) or Security (protection, anti-virus databases).")]
[JsonConverter(typeof(JsonStringEnumConverter<HealthAspect>))]
public enum HealthAspect { Configuration, Security }

/// <summary>A check of the shared "Kaspersky Lab: Service Monitoring" script (Network Agent AVState values).</summary>
[Description("Check of the shared Service Monitoring script: RealTimeProtection, DatabaseAge or AdministrationServerConnection.")]
[JsonConverter(typeof(JsonStringEnumConverter<HealthCheckKind>))]
public enum HealthCheckKind
{
    /// <summary>Real-time protection is not running (Protection_AvRunning = 0 or RtpState 1, 2, 9).</summary>
    RealTimeProtection,
    /// <summary>The anti-virus databases are older than the threshold (Protection_BasesDate).</summary>
    DatabaseAge,
    /// <summary>The computer has not connected to the Administration Server for longer than the threshold (Protection_LastConnected).</summary>
    AdministrationServerConnection,
}

/// <summary>Knowledge for an alert: what it means, why it happens, what to do.</summary>
[Description("Knowledge for the alert (shown in the console's knowledge pane): what it means, why it happens, what to do.")]
public sealed record Knowledge(
    [property: Description("One or two sentences: what the alert means.")] string Summary,
    [property: Description("Likely causes, one per item.")] IReadOnlyList<string> Causes,
    [property: Description("What the operator should do, one step per item.")] IReadOnlyList<string> Resolutions);

/// <summary>A Windows service of the product, monitored by a basic service monitor.</summary>
[Description("A Windows service of the product, monitored by a basic service monitor.")]
public sealed record ServiceDefinition(
    [property: Description("Short service name as under HKLM\\SYSTEM\\CurrentControlSet\\Services.")] string Name,
    [property: Description("Display name of the service.")] string DisplayName,
    [property: Description("Identifier used in element IDs: a letter, then letters and digits.")] string Key,
    Knowledge Knowledge,
    [property: Description("The short recommendation carried in the alert description (reaches e-mail); at most 1000 characters.")] string Recommendation,
    Confidence Confidence = Confidence.Confirmed,
    [property: Description("Where the fact comes from, or why it is unsure (required when confidence is Unsure).")] string? Note = null,
    [property: Description("For a service whose name differs by version (AVP.KES.14.1): WMI LIKE patterns tried in order (AVP.KES.%, then AVP); the name found on the computer is discovered into the product class's ServiceName property and the monitor watches it. At most one such service per product.")] IReadOnlyList<string>? DiscoveredNames = null);

/// <summary>An event that raises an alert.</summary>
[Description("An event that raises an alert.")]
public sealed record EventAlertDefinition(
    [property: Description("Identifier used in element IDs: a letter, then letters and digits.")] string Key,
    [property: Description("Name of the rule as shown in the console.")] string DisplayName,
    [property: Description("Windows event log name, e.g. Application.")] string LogName,
    [property: Description("Event source (publisher name).")] string Source,
    [property: Description("Event IDs that raise the alert.")] IReadOnlyList<int> EventIds,
    EventAlertSeverity Severity,
    EventAlertPriority Priority,
    [property: Description("Alert name (title). The console shows it after the product name (\"<product>: <alert name>\"), so do not repeat the product.")] string AlertName,
    [property: Description("The short recommendation carried in the alert description (reaches e-mail); at most 1000 characters.")] string Recommendation,
    Knowledge Knowledge,
    [property: Description("Windows event level to match (1 error, 2 warning, 4 information) where one ID is logged at several levels.")] int? EventLevel = null,
    Confidence Confidence = Confidence.Confirmed,
    [property: Description("Where the fact comes from, or why it is unsure (required when confidence is Unsure).")] string? Note = null,
    [property: Description("For a condition that lasts (licence expired, component disabled): the event that says it is over. The alert then comes from a monitor that turns healthy on this event and closes its alert.")] HealthyEventDefinition? ResolvedBy = null,
    [property: Description("For a condition that lasts but has no known healthy event: seconds after which the monitor turns healthy again and closes its alert (at least 300).")] int? ResetAfterSeconds = null,
    [property: Description("For a monitor (resolvedBy or resetAfterSeconds): the health state it rolls up to, Configuration (default) or Security (protection, anti-virus databases, like the Network Agent database-age checks).")] HealthAspect HealthAspect = HealthAspect.Configuration,
    [property: Description("false: the alert rule or monitor ships disabled because a fact it rests on (the log, the source) is unconfirmed; its knowledge says how to enable it by override once the fact is checked. Only for confidence Unsure; every workflow on the same log ships disabled too.")] bool Enabled = true);

/// <summary>The event (same log and source) that ends a lasting condition.</summary>
[Description("The event (same log and source as the alert) that ends the condition.")]
public sealed record HealthyEventDefinition(
    [property: Description("Event IDs that end the condition.")] IReadOnlyList<int> EventIds,
    [property: Description("Windows event level to match (1 error, 2 warning, 4 information).")] int? EventLevel = null);

/// <summary>Which events are collected for the Events view.</summary>
[Description("Which events are collected for the Events view.")]
public sealed record EventCollectionDefinition(
    [property: Description("Windows event log name, e.g. Application.")] string LogName,
    [property: Description("Event sources whose events are collected.")] IReadOnlyList<string> Sources,
    [property: Description("Windows event levels collected: 1 error, 2 warning (default both).")] IReadOnlyList<int>? Levels = null,
    Confidence Confidence = Confidence.Confirmed,
    [property: Description("Where the fact comes from, or why it is unsure (required when confidence is Unsure).")] string? Note = null,
    [property: Description("false: the collection rule ships disabled because a fact it rests on (the log, a source) is unconfirmed, as the alert rules and monitors on the same log must then do; its description says how to enable it by override once the fact is checked. Only for confidence Unsure.")] bool Enabled = true);

/// <summary>A monitor on the shared Service Monitoring script.</summary>
[Description("A monitor on the shared Service Monitoring script (for products managed by Network Agent).")]
public sealed record HealthCheckDefinition(
    HealthCheckKind Check,
    [property: Description("Threshold: hours for DatabaseAge and AdministrationServerConnection; ignored for RealTimeProtection.")] int? ThresholdHours = null);

/// <summary>How computers running the product are found in the registry.</summary>
[Description("How computers running the product are found in the registry. Keys and values under SOFTWARE\\ are read in both registry views: SOFTWARE\\Wow6432Node\\… (32-bit applications on 64-bit Windows) first, then SOFTWARE\\… (32-bit Windows, 64-bit applications); write them in either form.")]
public sealed record RegistryDiscoveryDefinition(
    [property: Description("Registry keys (under HKLM, no hive prefix); the product is present when any of them exists.")] IReadOnlyList<string> Keys,
    [property: Description("Registry value (path under HKLM) holding the product version, where known.")] string? VersionValue = null,
    [property: Description("Registry value (path under HKLM) holding the installation folder, where known.")] string? InstallPathValue = null,
    [property: Description("Names of registry values holding the product version under the keys themselves (ProdVersion under Components\\34\\Connectors\\<product>\\<version>), tried in order under each key that exists after versionValue.")] IReadOnlyList<string>? VersionValueNames = null,
    [property: Description("Short name of the product's service whose program (ImagePath under SYSTEM\\CurrentControlSet\\Services\\<name>) gives the installation folder (the program's folder) and, where no registry value gives it, the version (the program's file version). A service with discoveredNames is used so without this field.")] string? ServiceProgram = null,
    [property: Description("Seconds between discovery runs (default one day).")] int FrequencySeconds = 86400,
    Confidence Confidence = Confidence.Confirmed,
    [property: Description("Where the fact comes from, or why it is unsure (required when confidence is Unsure).")] string? Note = null);

/// <summary>One Kaspersky Lab application: mp-templates/products/&lt;key&gt;.json.</summary>
[Description("One Kaspersky Lab application: mp-templates/products/<key>.json.")]
public sealed record ProductTemplate(
    [property: Description("Short key; the packs are KasperskyLab.<Key>.Discovery/.Monitoring/.Views.")] string Key,
    [property: Description("Product name as shown in the console.")] string DisplayName,
    [property: Description("What the product is and what the packs monitor; says which facts are UNSURE.")] string Description,
    RegistryDiscoveryDefinition Discovery,
    [property: Description("Windows services of the product, each monitored by a service monitor.")] IReadOnlyList<ServiceDefinition> Services,
    [property: Description("Events that raise alerts.")] IReadOnlyList<EventAlertDefinition> EventAlerts,
    EventCollectionDefinition? EventCollection = null,
    [property: Description("Monitors on the shared Service Monitoring script (Network Agent AVState); none for the Administration Server itself.")] IReadOnlyList<HealthCheckDefinition>? HealthChecks = null,
    [property: Description("Keys of shared components (library) this product uses.")] IReadOnlyList<string>? SharedComponents = null,
    [property: Description("True when every product-specific fact is unconfirmed: the packs are built, and the console and the guide call them a preview.")] bool Preview = false,
    [property: Description("Where the product's event log differs by version (KES 11+: \"Kaspersky Endpoint Security\"; KES 8/10: \"Kaspersky Event Log\"): the logs, newest first. The discovery stores the first that exists on the computer in the class's EventLogName property; rules on one of these logs read the discovered log (and match the event's channel), so no rule opens a log the computer lacks. The product is then found by a script discovery.")] IReadOnlyList<EventLogDefinition>? EventLogs = null);

/// <summary>An event log that exists only with some versions of a product.</summary>
[Description("An event log that exists only with some versions of the product.")]
public sealed record EventLogDefinition(
    [property: Description("Windows event log (channel) name, e.g. Kaspersky Endpoint Security.")] string LogName,
    [property: Description("The versions that write to it, e.g. \"KES 11 and later\".")] string Versions,
    Confidence Confidence = Confidence.Confirmed,
    [property: Description("Where the fact comes from, or why it is unsure (required when confidence is Unsure).")] string? Note = null);

/// <summary>A component several products share (e.g. the Anti-Spam service for Exchange): a class and its discovery in the library.</summary>
[Description("A component several products share: a class and its discovery in the library.")]
public sealed record SharedComponentTemplate(
    [property: Description("Short key; the class is KasperskyLab.Library.<Key>; products name it in sharedComponents.")] string Key,
    [property: Description("Name of the component as shown in the console.")] string DisplayName,
    [property: Description("What the component is and which products use it; says which facts are UNSURE.")] string Description,
    RegistryDiscoveryDefinition Discovery,
    [property: Description("Windows services of the component, each monitored by a service monitor.")] IReadOnlyList<ServiceDefinition> Services);

/// <summary>Settings of the shared "Kaspersky Lab: Service Monitoring" script.</summary>
[Description("Settings of the shared \"Kaspersky Lab: Service Monitoring\" script.")]
public sealed record ServiceMonitoringDefinition(
    [property: Description("Seconds between script runs.")] int IntervalSeconds,
    [property: Description("Seconds before the script is stopped.")] int TimeoutSeconds,
    [property: Description("Network Agent AVState keys, tried in order (64-bit view first).")] IReadOnlyList<string> AvStateKeys,
    [property: Description("Default threshold for DatabaseAge, hours.")] int DatabaseMaxAgeHours,
    [property: Description("Default threshold for AdministrationServerConnection, hours.")] int MaxDisconnectedHours,
    [property: Description("The texts of each check (one per check): monitor name, alert and knowledge.")] IReadOnlyList<HealthCheckText> Checks);

/// <summary>What operators read about one check of the Service Monitoring script.</summary>
[Description("What operators read about one check of the Service Monitoring script.")]
public sealed record HealthCheckText(
    HealthCheckKind Check,
    [property: Description("Name of the monitor as shown in the console.")] string DisplayName,
    [property: Description("Alert name (title); the console shows the product name before it.")] string AlertName,
    [property: Description("The alert description (reaches e-mail): {0} is the computer; {1} the hours measured (not for RealTimeProtection).")] string Recommendation,
    Knowledge Knowledge);

/// <summary>The shared library: mp-templates/library.json.</summary>
[Description("The shared library: mp-templates/library.json.")]
public sealed record LibraryTemplate(
    [property: Description("Name of the root console folder.")] string RootFolderName,
    [property: Description("Display name of the abstract base class of every Kaspersky application.")] string ApplicationClassName,
    [property: Description("What the library pack holds.")] string Description,
    ServiceMonitoringDefinition ServiceMonitoring,
    [property: Description("Components several products share (classes and discoveries in the library).")] IReadOnlyList<SharedComponentTemplate> SharedComponents,
    [property: Description("Name of the notification subscription for Kaspersky alerts.")] string NotificationGroupName = "KAV Administrators",
    [property: Description("Keys whose existence makes a computer a Kaspersky Lab computer (the seed class KasperskyLab.Library.Discovery.Computer, discovered from the registry in the agent, no script; under SOFTWARE read in both registry views). Every product's and shared component's discovery keys must lie under one of them: the products' script discoveries run only on Kaspersky Lab computers. Default: SOFTWARE\\KasperskyLab once a day.")] RegistryDiscoveryDefinition? ComputerDiscovery = null);
