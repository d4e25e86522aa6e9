using System.Globalization;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;

namespace Kmp.Kaspersky.Family;

// Constructs: each record is one monitoring idea of the family (a service monitor, an alert rule with its
// knowledge, a view folder, ...). It owns its element IDs (from FamilyIds), its display strings, knowledge
// and string resources, declares the references it needs, and returns a typed output the next composer
// consumes. docs/architecture.md says how to add one.

/// <summary>
/// A registry discovery (FilteredRegistryDiscoveryProvider) of a class on every Windows computer where
/// one of the template's keys exists, with the version and install path (properties of
/// <see cref="PropertyClass"/>) where the template names them.
/// </summary>
/// <param name="InstanceName">What the instances are called before the computer's name: "Kaspersky Endpoint Security (SERVER01)", so alerts of different products on one computer can be told apart.</param>
/// <param name="Id">The discovery's ID where it is not the class's (<c>&lt;class&gt;.Discovery</c>): a shared pack names its own elements.</param>
/// <param name="OnAgentOnly">Not remotable: the discovery feeds workflows that run only on an agent (the products' script discoveries), so on
/// an agentless computer, read through a proxy agent, it would discover an instance nothing could use. A failover cluster's virtual
/// computer is managed through its nodes like an agentless computer, so a discovery that is not remotable skips it too.</param>
internal sealed record RegistryDiscovery(Ref<Kinds.Class> Class, Ref<Kinds.Class>? PropertyClass, RegistryDiscoveryDefinition Definition,
    string DisplayName, string Description, string InstanceName, string? Id = null, bool OnAgentOnly = false)
{
    public Ref<Kinds.Discovery> Add(ManagementPackBuilder pack)
    {
        var computer = Context.Computer(pack);
        var entity = pack.Reference(Libraries.System).Class("System.Entity");
        var d = Definition;
        var attributes = new List<RegistryAttribute>();
        var exists = new List<ConfigElement>();
        for (var i = 0; i < d.Keys.Count; i++)
        {
            var name = $"Key{i + 1}Exists";
            attributes.Add(new RegistryAttribute(name, d.Keys[i], PathType: 0, AttributeType: 0));
            exists.Add(Expressions.Simple($"Values/{name}", "Boolean", "Equal", "true"));
        }
        var settings = new List<(string, string)>
        {
            (Context.PropertyOf(computer, "PrincipalName"), Context.ComputerPrincipalName(computer)),
            (Context.PropertyOf(entity, "DisplayName"), $"{InstanceName} ({Context.ComputerNetworkName(computer)})"),
        };
        var properties = new List<(Ref<Kinds.Class>, string)>();
        if (PropertyClass is { } owner)
        {
            foreach (var (property, path) in new[] { ("ProductVersion", d.VersionValue), ("InstallPath", d.InstallPathValue) })
            {
                if (path is null) continue;
                attributes.Add(new RegistryAttribute(property, path, PathType: 1, AttributeType: 1));
                settings.Add((Context.PropertyOf(owner, property), $"$Data/Values/{property}$"));
                properties.Add((owner, property));
            }
        }
        var provider = pack.Reference(Libraries.Windows).ModuleType("Microsoft.Windows.FilteredRegistryDiscoveryProvider");
        var discovery = new Discovery(Id ?? FamilyIds.DiscoveryOf(Class.Id), computer, [new DiscoveryClass(Class, properties)],
            Module.DataSource("DS", provider, new FilteredRegistryDiscoveryConfiguration(Context.ComputerPrincipalName(computer), attributes, d.FrequencySeconds,
                Class, settings, Expressions.Or([.. exists]))),
            Remotable: !OnAgentOnly);
        pack.Add(discovery);
        pack.Add(new DisplayString(discovery.Id, DisplayName, Description));
        return discovery.Ref;
    }
}

/// <summary>
/// Registry paths in both views: a path under <c>SOFTWARE\</c> is read as <c>SOFTWARE\Wow6432Node\…</c>
/// (a 32-bit application on 64-bit Windows, where Kaspersky's applications and the Network Agent write)
/// and as <c>SOFTWARE\…</c> (32-bit Windows, or a 64-bit application); other paths are read as they are.
/// </summary>
internal static class RegistryViews
{
    private const string Software = @"SOFTWARE\";
    private const string Wow = @"SOFTWARE\Wow6432Node\";

    public static bool IsViewDependent(string path) => path.StartsWith(Software, StringComparison.OrdinalIgnoreCase);

    /// <summary>The path in each view, the Wow6432Node view first.</summary>
    public static IReadOnlyList<string> Of(string path)
    {
        if (!IsViewDependent(path)) return [path];
        var rest = path.StartsWith(Wow, StringComparison.OrdinalIgnoreCase) ? path[Wow.Length..] : path[Software.Length..];
        return [Wow + rest, Software + rest];
    }

    /// <summary>Every path in both views, in order, each once.</summary>
    public static IReadOnlyList<string> All(IEnumerable<string> paths) =>
        [.. paths.SelectMany(Of).Distinct(StringComparer.OrdinalIgnoreCase)];
}

/// <summary>
/// The discovery of a product that a registry discovery cannot express: keys and values in both
/// registry views (a FilteredRegistryDiscoveryProvider reads one path per property, so it cannot take
/// the version from whichever view holds it), the name of a service that differs by version (AVP.KES.14.1,
/// found by WMI) and the event log that differs by version. One script (the library's data source over
/// TimedScript.DiscoveryProvider, on the computer; module DS with the overrideable Frequency, as the
/// registry discovery it replaces) submits the instance with all its properties at once, so no instance ever exists
/// without them and no two discoveries submit the same instance with different values.
/// </summary>
/// <param name="Id">The discovery's ID where it is not the class's (<c>&lt;class&gt;.Discovery</c>).</param>
/// <param name="DataSource">The library's script discovery data source (its run interval is the overrideable Frequency).</param>
/// <param name="Seed">The library's Kaspersky Lab computer class, the discovery's target: only computers with Kaspersky Lab software
/// (found by a registry discovery in the agent) run the script, not every computer of the management group. The instance the
/// script submits is still hosted by the Windows computer, named through <c>$Target/Host/…$</c>.</param>
internal sealed record ApplicationDiscovery(Ref<Kinds.Class> Class, Ref<Kinds.Class> PropertyClass, Ref<Kinds.ModuleType> DataSource, Ref<Kinds.Class> Seed, RegistryDiscoveryDefinition Definition,
    string DisplayName, string Description, string InstanceName, ServiceDefinition? Service = null, IReadOnlyList<EventLogDefinition>? EventLogs = null, string? Id = null)
{
    /// <summary>Whether a product needs this discovery rather than a registry discovery.</summary>
    public static bool IsNeeded(RegistryDiscoveryDefinition d, ServiceDefinition? service, IReadOnlyList<EventLogDefinition>? logs) =>
        service is not null || logs is { Count: > 0 } || d.VersionValueNames is { Count: > 0 } || d.ServiceProgram is not null
        || d.Keys.Any(RegistryViews.IsViewDependent)
        || (d.VersionValue is { } v && RegistryViews.IsViewDependent(v)) || (d.InstallPathValue is { } i && RegistryViews.IsViewDependent(i));

    public Ref<Kinds.Discovery> Add(ManagementPackBuilder pack)
    {
        var windows = pack.Reference(Libraries.Windows);
        var computer = windows.Class("Microsoft.Windows.Computer");
        var entity = pack.Reference(Libraries.System).Class("System.Entity");
        var d = Definition;
        var properties = new List<(Ref<Kinds.Class>, string)>();
        if (HasVersion) properties.Add((PropertyClass, "ProductVersion"));
        if (HasInstallPath) properties.Add((PropertyClass, "InstallPath"));
        if (Service is not null) properties.Add((Class, FamilyIds.ServiceNameProperty));
        if (EventLogs is { Count: > 0 }) properties.Add((Class, FamilyIds.EventLogNameProperty));
        // The script is named after its discovery, so its events (4103) name the discovery that logged them.
        var discoveryId = Id ?? FamilyIds.DiscoveryOf(Class.Id);
        var scriptName = $"{discoveryId}.vbs";
        var discovery = new Discovery(discoveryId, Seed, [new DiscoveryClass(Class, properties)],
            Module.DataSource("DS", DataSource,
                new ApplicationDiscoveryConfiguration(d.FrequencySeconds, scriptName,
                    $"$MPElement$ $Target/Id$ {Context.HostPrincipalName(computer)} {Context.HostNetworkName(computer)}",
                    Script(scriptName, computer, entity), 120)),
            // The script reads the registry, services and files of the computer it runs on: on an agentless
            // computer it would run on the proxy agent and describe the proxy.
            Remotable: false);
        pack.Add(discovery);
        var found = new List<string> { "the registry, in both registry views" };
        if (Service?.DiscoveredNames is { } names) found.Add($"the name of its service ({string.Join(", then ", names)})");
        if (FromProgram) found.Add($"the folder and version of the {(Definition.ServiceProgram ?? "found")} service's program");
        if (EventLogs is { Count: > 0 } logs) found.Add($"its event log ({string.Join(", then ", logs.Select(l => l.LogName))})");
        pack.Add(new DisplayString(discovery.Id, DisplayName, $"{Description} Reads {string.Join(", ", found)}."));
        return discovery.Ref;
    }

    /// <summary>The program of a service gives the version (its file version) and the installation folder.</summary>
    private bool FromProgram => Definition.ServiceProgram is not null || Service is not null;

    private bool HasVersion => Definition.VersionValue is not null || Definition.VersionValueNames is { Count: > 0 } || FromProgram;

    private bool HasInstallPath => Definition.InstallPathValue is not null || FromProgram;

    private static string Vbs(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string List(IEnumerable<string> items) => "Array(" + string.Join(", ", items.Select(Vbs)) + ")";

    /// <summary>(key, value name) pairs of a full value path in both views.</summary>
    private static IEnumerable<(string Key, string Name)> Values(string? path) =>
        path is null ? [] : RegistryViews.Of(path).Select(p => (p[..p.LastIndexOf('\\')], p[(p.LastIndexOf('\\') + 1)..]));

    private string Script(string scriptName, Ref<Kinds.Class> computer, Ref<Kinds.Class> entity)
    {
        var d = Definition;
        var keys = RegistryViews.All(d.Keys);
        var versions = Values(d.VersionValue).ToList();
        var versionNames = d.VersionValueNames ?? [];
        var installs = Values(d.InstallPathValue).ToList();
        var body = new List<string>
        {
            $"' Discovers {InstanceName} on this computer from the registry (keys under SOFTWARE in both registry views, SOFTWARE\\Wow6432Node first)" +
                (Service is null ? "" : ", with the name of its service") + (EventLogs is { Count: > 0 } ? " and its event log" : "") + ".",
            "' Arguments: discovery source ID, ID of the Kaspersky Lab computer (the target), computer principal name, computer network name (its DNS name, NetworkName).",
            "' A failure to read returns no discovery data, so the instances already discovered stay.",
            "Option Explicit",
            "Const HKLM = &H80000002",
            "Dim api, data, reg, wmi, key, version, installPath, serviceName, logName, instance",
            "Set api = CreateObject(\"MOM.ScriptAPI\")",
            "version = \"\" : installPath = \"\" : serviceName = \"\" : logName = \"\"",
            "On Error Resume Next",
            "Set reg = GetObject(\"winmgmts:{impersonationLevel=impersonate}!\\\\.\\root\\default:StdRegProv\")",
            "If Err.Number <> 0 Then Fail \"cannot read the registry (WMI StdRegProv): \" & Err.Description",
            "On Error GoTo 0",
            "Set data = api.CreateDiscoveryData(0, WScript.Arguments(0), WScript.Arguments(1))",
            $"key = FirstKey({List(keys)})",
            "If Len(key) > 0 Then",
        };
        if (versions.Count > 0) body.Add($"  version = FirstValue({List(versions.Select(v => v.Key))}, {List(versions.Select(v => v.Name))})");
        // The version names are read under the key found (the newest generation present), never under another
        // generation's key an older install left behind.
        if (versionNames.Count > 0)
            body.Add($"  If Len(version) = 0 Then version = FirstValue(Array({string.Join(", ", versionNames.Select(_ => "key"))}), {List(versionNames)})");
        if (installs.Count > 0) body.Add($"  installPath = FirstValue({List(installs.Select(v => v.Key))}, {List(installs.Select(v => v.Name))})");
        var indent = "  ";
        if (Service?.DiscoveredNames is { } patterns)
        {
            body.Add($"  serviceName = FindService({List(patterns)})");
            body.Add("  If Len(serviceName) = 0 Then");
            // Information, not a warning: leftovers of an uninstalled product are no problem to look at every day.
            body.Add($"    api.LogScriptEvent {Vbs(scriptName)}, 4102, 0, \"{InstanceName.Replace("\"", "\"\"", StringComparison.Ordinal)} is in the registry (\" & key & \") but no service matches {string.Join(" or ", patterns)}: it is discovered when its service exists.\"");
            body.Add("  Else");
            indent = "    ";
        }
        if (FromProgram)
        {
            // Where no registry value gives them: the folder and file version of the service's program.
            body.Add($"{indent}ReadProgram {(Service is not null ? "serviceName" : Vbs(d.ServiceProgram!))}, version, installPath");
        }
        if (EventLogs is { Count: > 0 } logs)
        {
            // No log of the list: the Application log, which every computer has, so no rule opens a missing log.
            body.Add($"{indent}logName = FirstLog({List(logs.Select(l => l.LogName))})");
        }
        body.Add($"{indent}Set instance = data.CreateClassInstance(\"$MPElement[Name='{Class}']$\")");
        body.Add($"{indent}instance.AddProperty \"$MPElement[Name='{computer}']/PrincipalName$\", WScript.Arguments(2)");
        body.Add($"{indent}instance.AddProperty \"$MPElement[Name='{entity}']/DisplayName$\", {Vbs(InstanceName + " (")} & WScript.Arguments(3) & \")\"");
        if (HasVersion) body.Add($"{indent}instance.AddProperty \"$MPElement[Name='{PropertyClass}']/ProductVersion$\", version");
        if (HasInstallPath) body.Add($"{indent}instance.AddProperty \"$MPElement[Name='{PropertyClass}']/InstallPath$\", installPath");
        if (Service is not null) body.Add($"{indent}instance.AddProperty \"$MPElement[Name='{Class}']/{FamilyIds.ServiceNameProperty}$\", serviceName");
        if (EventLogs is { Count: > 0 }) body.Add($"{indent}instance.AddProperty \"$MPElement[Name='{Class}']/{FamilyIds.EventLogNameProperty}$\", logName");
        body.Add($"{indent}data.AddInstance instance");
        if (Service is not null) body.Add("  End If");
        body.Add("End If");
        body.Add("api.Return data");
        body.Add("");
        body.Add("Sub Fail(message)");
        body.Add($"  api.LogScriptEvent {Vbs(scriptName)}, 4103, 1, \"Discovery of {InstanceName.Replace("\"", "\"\"", StringComparison.Ordinal)} stopped: \" & message");
        body.Add("  WScript.Quit");
        body.Add("End Sub");
        body.Add("");
        body.Add("Function KeyExists(path)");
        body.Add("  Dim names");
        body.Add("  KeyExists = (reg.EnumKey(HKLM, path, names) = 0)");
        body.Add("End Function");
        body.Add("");
        body.Add("Function FirstKey(paths)");
        body.Add("  Dim path");
        body.Add("  FirstKey = \"\"");
        body.Add("  For Each path In paths");
        body.Add("    If Len(FirstKey) = 0 And KeyExists(path) Then FirstKey = path");
        body.Add("  Next");
        body.Add("End Function");
        body.Add("");
        body.Add("Function FirstValue(paths, names)");
        body.Add("  Dim i, value");
        body.Add("  FirstValue = \"\"");
        body.Add("  For i = 0 To UBound(paths)");
        body.Add("    If Len(FirstValue) = 0 Then");
        body.Add("      If reg.GetStringValue(HKLM, paths(i), names(i), value) = 0 Then");
        body.Add("        If Not IsNull(value) Then FirstValue = Trim(value)");
        body.Add("      End If");
        body.Add("    End If");
        body.Add("  Next");
        body.Add("End Function");
        if (FromProgram)
        {
            body.Add("");
            body.Add("' The service's program (ImagePath, quoted or not, with or without arguments): the installation folder is");
            body.Add("' its folder and, where no registry value gave one, the version is its file version.");
            body.Add("Sub ReadProgram(service, version, installPath)");
            body.Add("  Dim path, image, fso, q");
            body.Add("  path = \"SYSTEM\\CurrentControlSet\\Services\\\" & service");
            body.Add("  If reg.GetExpandedStringValue(HKLM, path, \"ImagePath\", image) <> 0 Then");
            body.Add("    If reg.GetStringValue(HKLM, path, \"ImagePath\", image) <> 0 Then Exit Sub");
            body.Add("  End If");
            body.Add("  If IsNull(image) Then Exit Sub");
            body.Add("  image = Trim(image)");
            body.Add("  If Left(image, 4) = \"\\??\\\" Then image = Mid(image, 5)");
            body.Add("  If Left(image, 1) = \"\"\"\" Then");
            body.Add("    q = InStr(2, image, \"\"\"\")");
            body.Add("    If q > 0 Then image = Mid(image, 2, q - 2) Else image = Mid(image, 2)");
            body.Add("  Else");
            body.Add("    q = InStr(1, LCase(image), \".exe\")");
            body.Add("    If q > 0 Then image = Left(image, q + 3)");
            body.Add("  End If");
            body.Add("  Set fso = CreateObject(\"Scripting.FileSystemObject\")");
            body.Add("  If Not fso.FileExists(image) Then Exit Sub");
            body.Add("  On Error Resume Next");
            body.Add("  If Len(version) = 0 Then version = fso.GetFileVersion(image)");
            body.Add("  If Len(installPath) = 0 Then installPath = fso.GetParentFolderName(image)");
            body.Add("  On Error GoTo 0");
            body.Add("End Sub");
        }
        if (Service is not null)
        {
            body.Add("");
            body.Add("Function FindService(patterns)");
            body.Add("  Dim pattern, services, service");
            body.Add("  FindService = \"\"");
            body.Add("  On Error Resume Next");
            body.Add("  Set wmi = GetObject(\"winmgmts:{impersonationLevel=impersonate}!\\\\.\\root\\cimv2\")");
            body.Add("  If Err.Number <> 0 Then Fail \"cannot query the services (WMI): \" & Err.Description");
            body.Add("  For Each pattern In patterns");
            body.Add("    If Len(FindService) = 0 Then");
            body.Add("      Set services = wmi.ExecQuery(\"SELECT Name FROM Win32_Service WHERE Name LIKE '\" & pattern & \"'\")");
            body.Add("      For Each service In services");
            body.Add("        If Len(FindService) = 0 Then FindService = service.Name");
            body.Add("      Next");
            body.Add("      If Err.Number <> 0 Then Fail \"cannot query the services (WMI): \" & Err.Description");
            body.Add("    End If");
            body.Add("  Next");
            body.Add("  On Error GoTo 0");
            body.Add("End Function");
        }
        if (EventLogs is { Count: > 0 })
        {
            body.Add("");
            body.Add("' An event log exists when it is registered as a classic log or as a channel.");
            body.Add("Function FirstLog(names)");
            body.Add("  Dim name");
            body.Add("  FirstLog = \"\"");
            body.Add("  For Each name In names");
            body.Add("    If Len(FirstLog) = 0 Then");
            body.Add("      If KeyExists(\"SYSTEM\\CurrentControlSet\\Services\\EventLog\\\" & name) Or KeyExists(\"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WINEVT\\Channels\\\" & name) Then FirstLog = name");
            body.Add("    End If");
            body.Add("  Next");
            body.Add("  If Len(FirstLog) = 0 Then FirstLog = \"Application\"");
            body.Add("End Function");
        }
        return string.Join("\n", body) + "\n";
    }
}

/// <summary>A basic service monitor (CheckNTServiceStateMonitorType) with its alert, message and knowledge.</summary>
/// <param name="ServiceNameExpression">Where the service name comes from when it is discovered (<c>$Target/Property[…]/ServiceName$</c>); the template's name otherwise.</param>
internal sealed record ServiceMonitor(string Owner, Ref<Kinds.Class> Target, string ProductName, ServiceDefinition Service, string? ServiceNameExpression = null)
{
    public string Id => FamilyIds.ServiceMonitor(Owner, Service.Key);

    public Ref<Kinds.Monitor> Add(ManagementPackBuilder pack)
    {
        var windows = pack.Reference(Libraries.Windows);
        var health = pack.Reference(Libraries.Health);
        var s = Service;
        // Display names often end in "Service" already ("Kaspersky Security Service").
        var service = s.DisplayName.EndsWith("service", StringComparison.OrdinalIgnoreCase) ? s.DisplayName : s.DisplayName + " service";
        var message = new StringResource(FamilyIds.AlertMessageOf(Id));
        var computer = windows.Class("Microsoft.Windows.Computer");
        var monitor = new UnitMonitor(Id, Target,
            health.Monitor("System.Health.AvailabilityState"),
            windows.MonitorType("Microsoft.Windows.CheckNTServiceStateMonitorType"),
            MonitoringCategory.AvailabilityHealth,
            [
                new OperationalState("Running", "Running", HealthState.Success),
                new OperationalState("NotRunning", "NotRunning", HealthState.Error),
            ],
            // CheckStartupType true: only a service set to start automatically is unhealthy when stopped,
            // so a service that is absent, disabled by an administrator or started on demand (the
            // Exchange security service starts with the first message) raises no alert.
            new CheckNTServiceStateConfiguration(Context.HostNetworkName(computer), ServiceNameExpression ?? s.Name, CheckStartupType: true).ToConfiguration(),
            new MonitorAlertSettings(message.Ref, HealthState.Error, AutoResolve: true, WorkflowPriority.Normal,
                MonitorAlertSeverity.MatchMonitorHealth, ["$Data/Context/Property[@Name='Name']$", Context.HostPrincipalName(computer)]));
        pack.Add(monitor);
        pack.Add(message);
        var named = s.DiscoveredNames is { } found ? $"{string.Join(" or ", found.Select(n => n.Replace("%", "<version>", StringComparison.Ordinal)))}, as found on the computer" : s.Name;
        pack.Add(new DisplayString(Id, service, $"Checks that the {service} ({named}) of {ProductName} is running, if it is set to start automatically."));
        pack.Add(new DisplayString(Id, "Running", SubElementId: "Running"));
        pack.Add(new DisplayString(Id, "Not running", SubElementId: "NotRunning"));
        pack.Add(new DisplayString(message.Id, $"{ProductName}: {service} is not running",
            $"The {service} ({{0}}) is not running on {{1}}. {s.Recommendation}"));
        // The console task that starts the service, which the knowledge points to.
        var system = pack.Reference(Libraries.System);
        var task = new AgentTask(FamilyIds.ServiceStartTask(Owner, s.Key), Target,
            Module.WriteAction("Start", system.ModuleType("System.CommandExecuter"),
                new CommandExecuterConfiguration("", "", $"net start \"{ServiceNameExpression ?? s.Name}\"", 120, RequireOutput: true)),
            // net start acts where the agent runs: for an agentless computer that would be the proxy agent's computer.
            Remotable: false);
        pack.Add(task);
        var taskName = $"Start {service}";
        pack.Add(new DisplayString(task.Id, taskName, $"Starts the {service} on the selected computer (net start)."));
        // The task is not remotable: SCOM runs it only on the computer's own agent. Instances on agentless computers are
        // only leftovers of version 1.0.0.0 (the discoveries are not remotable now): the guide's upgrade page covers them,
        // not every service monitor's knowledge.
        pack.Add(KnowledgeArticles.For(Id, s.Knowledge with
        {
            Resolutions =
            [
                .. s.Knowledge.Resolutions,
                $"From the console: select the instance and run the task \"{taskName}\" in the Tasks pane. The task runs on the agent of the computer itself (it is not remotable).",
            ],
        }));
        return monitor.Ref;
    }
}

/// <summary>An alert rule on significant events of a Windows event log, with its message and knowledge.</summary>
/// <param name="DiscoveredLog">Where the log differs by version: the discovered log (<c>$Target/Property[…]/EventLogName$</c>) read instead of the template's, whose channel the event must then come from.</param>
internal sealed record EventAlertRule(string Product, Ref<Kinds.Class> Target, string ProductName, EventAlertDefinition Alert, string? DiscoveredLog = null)
{
    public string Id => FamilyIds.EventAlertRule(Product, Alert.Key);

    public Ref<Kinds.Rule> Add(ManagementPackBuilder pack)
    {
        var windows = pack.Reference(Libraries.Windows);
        var health = pack.Reference(Libraries.Health);
        var a = Alert;
        var id = Id; // made once: a product may have thousands of alert rules
        var message = new StringResource(FamilyIds.AlertMessageOf(id));
        var conditions = new List<ConfigElement>
        {
            Expressions.Or([.. a.EventIds.Order().Select(n => Expressions.Simple("EventDisplayNumber", "UnsignedInteger", "Equal", n.ToString(CultureInfo.InvariantCulture)))]),
            EventLog.Publisher(a.Source),
        };
        if (a.EventLevel is { } level)
            conditions.Add(Expressions.Simple("EventLevel", "Integer", "Equal", level.ToString(CultureInfo.InvariantCulture)));
        if (DiscoveredLog is not null) conditions.Add(EventLog.Channel(a.LogName));
        var rule = new Rule(id, Target, MonitoringCategory.Alert,
            [EventLog.DataSource(windows, DiscoveredLog ?? a.LogName, Expressions.And([.. conditions]))],
            [Module.WriteAction("Alert", health.ModuleType("System.Health.GenerateAlert"),
                new GenerateAlertConfiguration((AlertPriority)(int)a.Priority, (AlertSeverity)(int)a.Severity, message.Ref,
                    ["$Data/EventDescription$", "$Data/LoggingComputer$", "$Data/EventDisplayNumber$"],
                    ["$Data/EventDisplayNumber$", "$Data/LoggingComputer$"]))],
            Enabled: a.Enabled);
        pack.Add(rule);
        pack.Add(message);
        pack.Add(new DisplayString(id, a.DisplayName,
            $"Raises an alert when {a.Source} writes event {string.Join(" or ", a.EventIds)} to {LogWording.The(a.LogName)}.{ShippedDisabled.Note(a, Workflow.Rule, ProductName)}"));
        pack.Add(new DisplayString(message.Id, $"{ProductName}: {a.AlertName}",
            $"{a.Recommendation}\n\nEvent {{2}} on {{1}}:\n{{0}}"));
        // A rule resting on an unconfirmed fact ships disabled; its knowledge says how to turn it on.
        pack.Add(KnowledgeArticles.For(id, a.Enabled ? a.Knowledge : a.Knowledge with
        {
            Resolutions =
            [
                .. a.Knowledge.Resolutions,
                $"This rule ships disabled: {ShippedDisabled.Unconfirmed(a)} " +
                ShippedDisabled.HowToEnable(Workflow.Rule, a.DisplayName, ProductName),
            ],
        }));
        return rule.Ref;
    }
}

/// <summary>
/// A lasting condition reported by events (licence expired, component disabled) as a unit monitor: the
/// event makes it unhealthy and raises the alert; the healthy event (2SingleEventLog2StateMonitorType)
/// or a timer (SingleEventLogTimer2StateMonitorType) makes it healthy again and closes the alert.
/// </summary>
internal sealed record EventMonitor(string Product, Ref<Kinds.Class> Target, string ProductName, EventAlertDefinition Alert, string? DiscoveredLog = null)
{
    public string Id => FamilyIds.EventMonitor(Product, Alert.Key);

    private ConfigElement Match(EventAlertDefinition a, IReadOnlyList<int> ids, int? level)
    {
        var conditions = new List<ConfigElement>
        {
            Expressions.Or([.. ids.Order().Select(n => Expressions.Simple("EventDisplayNumber", "UnsignedInteger", "Equal", n.ToString(CultureInfo.InvariantCulture)))]),
            EventLog.Publisher(a.Source),
        };
        if (level is { } l) conditions.Add(Expressions.Simple("EventLevel", "Integer", "Equal", l.ToString(CultureInfo.InvariantCulture)));
        if (DiscoveredLog is not null) conditions.Add(EventLog.Channel(a.LogName));
        return Expressions.And([.. conditions]);
    }

    public Ref<Kinds.Monitor> Add(ManagementPackBuilder pack)
    {
        var windows = pack.Reference(Libraries.Windows);
        var health = pack.Reference(Libraries.Health);
        var a = Alert;
        var computer = Context.HostNetworkName(windows.Class("Microsoft.Windows.Computer"));
        var message = new StringResource(FamilyIds.AlertMessageOf(Id));
        var unhealthy = a.Severity == EventAlertSeverity.Critical ? HealthState.Error : HealthState.Warning;
        var (type, states, configuration, cleared) = a.ResolvedBy is { } healthy
            ? (windows.MonitorType("Microsoft.Windows.2SingleEventLog2StateMonitorType"), ("FirstEventRaised", "SecondEventRaised"),
                new TwoEventsConfiguration(computer, DiscoveredLog ?? a.LogName, Match(a, a.EventIds, a.EventLevel), Match(a, healthy.EventIds, healthy.EventLevel)).ToConfiguration(),
                $"event {string.Join(" or ", healthy.EventIds)}")
            : (windows.MonitorType("Microsoft.Windows.SingleEventLogTimer2StateMonitorType"), ("EventRaised", "TimerEventRaised"),
                new EventTimerConfiguration(computer, DiscoveredLog ?? a.LogName, Match(a, a.EventIds, a.EventLevel), a.ResetAfterSeconds ?? 86400).ToConfiguration(),
                $"{(a.ResetAfterSeconds ?? 86400) / 3600.0:0.#} hours without the event");
        var (parent, category) = a.HealthAspect == HealthAspect.Security
            ? ("System.Health.SecurityState", MonitoringCategory.SecurityHealth)
            : ("System.Health.ConfigurationState", MonitoringCategory.ConfigurationHealth);
        var monitor = new UnitMonitor(Id, Target, health.Monitor(parent), type, category,
            [
                new OperationalState("Raised", states.Item1, unhealthy),
                new OperationalState("Cleared", states.Item2, HealthState.Success),
            ],
            configuration,
            new MonitorAlertSettings(message.Ref, unhealthy, AutoResolve: true, a.Priority switch
            {
                EventAlertPriority.High => WorkflowPriority.High,
                EventAlertPriority.Low => WorkflowPriority.Low,
                _ => WorkflowPriority.Normal,
            }, MonitorAlertSeverity.MatchMonitorHealth,
                ["$Data/Context/EventDescription$", "$Data/Context/LoggingComputer$", "$Data/Context/EventDisplayNumber$"]),
            Enabled: a.Enabled);
        pack.Add(monitor);
        pack.Add(message);
        pack.Add(new DisplayString(Id, a.DisplayName,
            $"Unhealthy when {a.Source} writes event {string.Join(" or ", a.EventIds)} to {LogWording.The(a.LogName)}; healthy again after {cleared}.{ShippedDisabled.Note(a, Workflow.Monitor, ProductName)}"));
        pack.Add(new DisplayString(Id, "Raised", SubElementId: "Raised"));
        pack.Add(new DisplayString(Id, "Cleared", SubElementId: "Cleared"));
        pack.Add(new DisplayString(message.Id, $"{ProductName}: {a.AlertName}", $"{a.Recommendation}\n\nEvent {{2}} on {{1}}:\n{{0}}"));
        // The operator must know the monitor clears by itself and when, so a healthy state is not mistaken for a fix.
        pack.Add(KnowledgeArticles.For(Id, a.Knowledge with
        {
            Resolutions =
            [
                .. a.Knowledge.Resolutions,
                $"This monitor turns healthy again, and closes its alert, after {cleared}.",
                // On an unconfirmed log it ships disabled like the rules on that log: reading a missing log makes the agent warn.
                .. a.Enabled ? Array.Empty<string>() :
                [
                    $"This monitor ships disabled: {ShippedDisabled.Unconfirmed(a)} " +
                    ShippedDisabled.HowToEnable(Workflow.Monitor, a.DisplayName, ProductName),
                ],
            ],
        }));
        return monitor.Ref;
    }
}

/// <summary>The rule that collects a product's error and warning events for its Events view.</summary>
/// <param name="DiscoveredLog">Where the log differs by version: the discovered log, so every version's events are collected.</param>
internal sealed record EventCollectionRule(string Product, Ref<Kinds.Class> Target, string ProductName, EventCollectionDefinition Collection, string? DiscoveredLog = null)
{
    public string Id => FamilyIds.EventCollectionRuleOf(Product);

    public Ref<Kinds.Rule> Add(ManagementPackBuilder pack)
    {
        var windows = pack.Reference(Libraries.Windows);
        var c = Collection;
        var levels = c.Levels is { Count: > 0 } l ? l : [1, 2];
        var expression = Expressions.And(
            Expressions.Or([.. c.Sources.Select(EventLog.Publisher)]),
            Expressions.Or([.. levels.Order().Select(n => Expressions.Simple("EventLevel", "Integer", "Equal", n.ToString(CultureInfo.InvariantCulture)))]));
        var rule = new Rule(Id, Target, MonitoringCategory.EventCollection,
            [EventLog.DataSource(windows, DiscoveredLog ?? c.LogName, expression)],
            EventLog.WriteActions(pack),
            Enabled: c.Enabled);
        pack.Add(rule);
        var description = $"Collects the {LevelNames(levels)} events of {JoinAnd([.. c.Sources])} from {(DiscoveredLog is null ? LogWording.The(c.LogName) : "the event log found on the computer")} for the Events view and the data warehouse (reports).";
        // A collection resting on an unconfirmed log or source ships disabled, like the alert rules on that log: an agent
        // asked to read a log its computer lacks warns about it on every computer. A rule has knowledge only for alerts,
        // so its description says how to turn it on.
        if (!c.Enabled)
            description += $" Ships disabled: that {string.Join(" and ", c.Sources)} {(c.Sources.Count == 1 ? "writes" : "write")} to {LogWording.The(c.LogName, quoted: true)} is not confirmed. " +
                ShippedDisabled.HowToEnable(Workflow.Rule, $"{ProductName} event collection", ProductName);
        pack.Add(new DisplayString(Id, $"{ProductName} event collection", description));
        return rule.Ref;
    }

    private static string LevelNames(IReadOnlyList<int> levels)
    {
        var names = levels.Order().Select(l => l switch { 1 => "error", 2 => "warning", 4 => "information", 8 => "audit success", 16 => "audit failure", _ => $"level {l}" }).ToList();
        return JoinAnd(names);
    }

    private static string JoinAnd(List<string> items) => items.Count == 1 ? items[0] : string.Join(", ", items[..^1]) + " and " + items[^1];
}

/// <summary>
/// Where a product has no event of its own to collect: the Service Control Manager's events about its
/// services (System log, 7031 and 7034 crashes, 7036 start and stop, the service's display name as the
/// first parameter), so its Events view shows the services' history.
/// </summary>
internal sealed record ServiceEventsCollectionRule(string Product, Ref<Kinds.Class> Target, string ProductName, IReadOnlyList<string> ServiceDisplayNames)
{
    public static readonly int[] EventIds = [7031, 7034, 7036];

    public string Id => FamilyIds.EventCollectionRuleOf(Product);

    public Ref<Kinds.Rule> Add(ManagementPackBuilder pack)
    {
        var windows = pack.Reference(Libraries.Windows);
        var expression = Expressions.And(
            EventLog.Publisher("Service Control Manager"),
            Expressions.Or([.. EventIds.Select(n => Expressions.Simple("EventDisplayNumber", "UnsignedInteger", "Equal", n.ToString(CultureInfo.InvariantCulture)))]),
            Expressions.Or([.. ServiceDisplayNames.Select(n => Expressions.Simple("Params/Param[1]", "String", "Equal", n))]));
        var rule = new Rule(Id, Target, MonitoringCategory.EventCollection,
            [EventLog.DataSource(windows, "System", expression)],
            EventLog.WriteActions(pack));
        pack.Add(rule);
        pack.Add(new DisplayString(Id, $"{ProductName} service events",
            $"Collects the Service Control Manager's events about {string.Join(", ", ServiceDisplayNames)} (started, stopped, terminated unexpectedly) from the System log for the Events view and the data warehouse (reports)."));
        return rule.Ref;
    }
}

/// <summary>A monitor on one value of the library's Service Monitoring script, with its alert and knowledge.</summary>
internal sealed record HealthCheckMonitor(string Product, Ref<Kinds.Class> Target, string ProductName, HealthCheckDefinition Check,
    ServiceMonitoringDefinition Script, Ref<Kinds.MonitorType> MonitorType)
{
    public string Id => FamilyIds.HealthCheckMonitor(Product, Check.Check.ToString());

    public Ref<Kinds.Monitor> Add(ManagementPackBuilder pack)
    {
        var windows = pack.Reference(Libraries.Windows);
        var health = pack.Reference(Libraries.Health);
        var (property, threshold, parent, category) = Check.Check switch
        {
            HealthCheckKind.RealTimeProtection => ("RtpProblem", 0, "System.Health.SecurityState", MonitoringCategory.SecurityHealth),
            HealthCheckKind.DatabaseAge => ("DatabaseAgeHours", Check.ThresholdHours ?? Script.DatabaseMaxAgeHours, "System.Health.SecurityState", MonitoringCategory.SecurityHealth),
            HealthCheckKind.AdministrationServerConnection => ("DisconnectedHours", Check.ThresholdHours ?? Script.MaxDisconnectedHours, "System.Health.AvailabilityState", MonitoringCategory.AvailabilityHealth),
            _ => throw new KmpException($"unknown health check {Check.Check}"),
        };
        var text = Script.Checks.FirstOrDefault(t => t.Check == Check.Check)
            ?? throw new KmpException($"the library template has no text for the {Check.Check} check");
        var message = new StringResource(FamilyIds.AlertMessageOf(Id));
        var computer = windows.Class("Microsoft.Windows.Computer");
        var monitor = new UnitMonitor(Id, Target, health.Monitor(parent), MonitorType, category,
            [
                new OperationalState("Healthy", LibraryPackComposer.Healthy, HealthState.Success),
                new OperationalState("Unhealthy", LibraryPackComposer.Unhealthy, HealthState.Error),
                new OperationalState("Unreadable", LibraryPackComposer.Unreadable, HealthState.Warning),
            ],
            new ServiceMonitoringThresholdConfiguration(Script.IntervalSeconds, Script.TimeoutSeconds, property, threshold).ToConfiguration(),
            new MonitorAlertSettings(message.Ref, HealthState.Error, AutoResolve: true, WorkflowPriority.Normal, MonitorAlertSeverity.MatchMonitorHealth,
                // The real-time protection value is a flag: the message needs only the computer.
                Check.Check == HealthCheckKind.RealTimeProtection
                    ? [Context.HostPrincipalName(computer)]
                    : [Context.HostPrincipalName(computer), $"$Data/Context/Property[@Name='{property}']$"]),
            // The script reads the local registry: on an agentless computer it would report the proxy agent's state.
            Remotable: false);
        pack.Add(monitor);
        pack.Add(message);
        pack.Add(new DisplayString(Id, text.DisplayName, $"Kaspersky Lab: Service Monitoring check of {ProductName}: {text.DisplayName.ToLowerInvariant()}. " +
            ServiceMonitoringRun.OverrideNote(ProductName, Script)));
        pack.Add(new DisplayString(Id, "Healthy", SubElementId: "Healthy"));
        pack.Add(new DisplayString(Id, "Unhealthy", SubElementId: "Unhealthy"));
        pack.Add(new DisplayString(Id, "State unreadable", "The Network Agent's anti-virus state could not be read (see the Operations Manager event log for the script's event).", SubElementId: "Unreadable"));
        pack.Add(new DisplayString(message.Id, $"{ProductName}: {text.AlertName}", text.Recommendation));
        pack.Add(KnowledgeArticles.For(Id, text.Knowledge, ServiceMonitoringRun.OverrideNote(ProductName, Script)));
        return monitor.Ref;
    }
}

/// <summary>
/// A value of the library's Service Monitoring script collected as performance data, into the operational
/// database (the Performance view) and the data warehouse (reports and trends). Its data source passes
/// the monitors' interval and timeout to the same script data source the monitor type runs, so the agent
/// runs the script once for the monitors and the rules of an instance (cookdown).
/// </summary>
internal sealed record PerformanceCollectionRule(string Product, Ref<Kinds.Class> Target, string ProductName, HealthCheckKind Check,
    ServiceMonitoringDefinition Script, Ref<Kinds.ModuleType> DataSource)
{
    /// <summary>The performance object of every counter the family collects.</summary>
    public const string ObjectName = "Kaspersky Lab";

    public string Id => FamilyIds.PerformanceCollectionRule(Product, Check.ToString());

    /// <summary>
    /// The script's value and the counter it is collected as, for the checks whose value is a measure (real-time
    /// protection is a flag). Counter names key the collected data in the warehouse: renaming one splits its history.
    /// </summary>
    public static (string Property, string Counter, string RuleName)? CounterOf(HealthCheckKind check) => check switch
    {
        HealthCheckKind.DatabaseAge => ("DatabaseAgeHours", "Anti-virus database age (hours)", "Anti-virus database age collection"),
        HealthCheckKind.AdministrationServerConnection => ("DisconnectedHours", "Hours since last connection to the Administration Server", "Administration Server connection collection"),
        _ => null,
    };

    public Ref<Kinds.Rule> Add(ManagementPackBuilder pack)
    {
        var (property, counter, name) = CounterOf(Check) ?? throw new KmpException($"the {Check} check has no value to collect as performance data");
        var sc = pack.Reference(Libraries.SystemCenter);
        var dw = pack.Reference(Libraries.DataWarehouse);
        var rule = new Rule(Id, Target, MonitoringCategory.PerformanceCollection,
            [Module.DataSource("DS", DataSource,
                new ServiceMonitoringPerformanceConfiguration(Script.IntervalSeconds, Script.TimeoutSeconds, property, ObjectName, counter, ProductName))],
            [
                Module.WriteAction("WriteToDB", sc.ModuleType("Microsoft.SystemCenter.CollectPerformanceData")),
                Module.WriteAction("WriteToDW", dw.ModuleType("Microsoft.SystemCenter.DataWarehouse.PublishPerformanceData")),
            ],
            // As Microsoft's performance rules: a sample lost on the way is one point of a series, not worth delivery confirmation.
            ConfirmDelivery: false,
            // The script reads the local registry: on an agentless computer it would collect the proxy agent's values.
            Remotable: false);
        pack.Add(rule);
        pack.Add(new DisplayString(Id, $"{ProductName}: {name}",
            $"Collects \"{ObjectName}\\{counter}\" every {Script.IntervalSeconds} seconds from the Kaspersky Lab: Service Monitoring script, which the monitors of {ProductName} run too, once for both: " +
            "override the interval or timeout on this rule and on those monitors alike, or the script runs twice. For the Performance view and the data warehouse (reports)."));
        pack.Add(new KnowledgeArticle(Id,
        [
            new KnowledgeSection("Summary",
            [
                $"Collects \"{ObjectName}\\{counter}\" of {ProductName}, a value of the Kaspersky Lab: Service Monitoring script, into the operational database (Performance view) and the data warehouse (reports). Values the script could not read are not collected.",
                ServiceMonitoringRun.OverrideNote(ProductName, Script),
            ]),
        ]));
        return rule.Ref;
    }
}

/// <summary>
/// The one run of the Service Monitoring script that a product's monitors and performance collection rules
/// share (cookdown), and what operators must know to keep it one run.
/// </summary>
internal static class ServiceMonitoringRun
{
    public static string OverrideNote(string productName, ServiceMonitoringDefinition script) =>
        $"Overrides: the agent runs the Kaspersky Lab: Service Monitoring script once (every {script.IntervalSeconds} seconds, timeout {script.TimeoutSeconds} seconds) " +
        $"for all the Service Monitoring monitors and performance collection rules of {productName}. Override IntervalSeconds or TimeoutSeconds on all of them alike: " +
        "an override on one of them alone breaks the shared run, and the script then runs a second time for that workflow.";
}

/// <summary>
/// The dependency monitor that rolls the availability of the shared components a product uses up to
/// the product (WorstOf), so a product without monitors of its own still carries health.
/// </summary>
internal sealed record SharedComponentsDependency(string Product, Ref<Kinds.Class> Target, string ProductName, Ref<Kinds.Relationship> Uses)
{
    public string Id => FamilyIds.SharedComponentsDependencyMonitor(Product);

    public Ref<Kinds.Monitor> Add(ManagementPackBuilder pack)
    {
        var health = pack.Reference(Libraries.Health);
        var availability = health.Monitor("System.Health.AvailabilityState");
        var monitor = new DependencyMonitor(Id, Target, availability, Uses, availability, MonitoringCategory.AvailabilityHealth);
        pack.Add(monitor);
        pack.Add(new DisplayString(Id, "Shared components availability",
            $"The worst availability state of the shared components (such as a Kaspersky service) that {ProductName} uses on the computer."));
        pack.Add(KnowledgeArticles.For(Id, new Templates.Knowledge(
            $"{ProductName} depends on components it shares with other Kaspersky Lab products on this computer (such as the Exchange security service). " +
            "This monitor shows the worst availability state of those components; it raises no alert of its own, the component's own monitor does.",
            [
                "A service of a shared component is stopped or failed (see the component's service monitor and its alert).",
                "The shared component's monitoring pack (KasperskyLab.Shared.*.Monitoring) is not imported, so the component shows no state.",
            ],
            [
                "In Health Explorer, expand this monitor to find the shared component that is not healthy, and follow the knowledge of its monitor.",
                "Start the stopped service (the component's Start task in the Tasks pane) and check the Application and System logs for why it stopped.",
            ])));
        return monitor.Ref;
    }
}

/// <summary>
/// The console task that runs the Network Agent's connection check (klnagchk.exe) on the selected
/// computer and shows its report: the Administration Server it uses and whether it can reach it.
/// </summary>
internal sealed record ConnectionCheckTask(string Product, Ref<Kinds.Class> Target)
{
    public string Id => FamilyIds.ConnectionCheckTask(Product);

    public void Add(ManagementPackBuilder pack)
    {
        var system = pack.Reference(Libraries.System);
        // klnagchk.exe is in the Network Agent folder (Program Files (x86) on 64-bit Windows, Program Files on 32-bit).
        var task = new AgentTask(Id, Target,
            Module.WriteAction("Check", system.ModuleType("System.CommandExecuter"),
                new CommandExecuterConfiguration("", "",
                    "cmd.exe /c \"if exist \"%ProgramFiles(x86)%\\Kaspersky Lab\\NetworkAgent\\klnagchk.exe\" (\"%ProgramFiles(x86)%\\Kaspersky Lab\\NetworkAgent\\klnagchk.exe\") else (\"%ProgramFiles%\\Kaspersky Lab\\NetworkAgent\\klnagchk.exe\")\"",
                    120, RequireOutput: true)),
            MonitoringCategory.Operations,
            // klnagchk runs where the agent is: for an agentless computer that would be the proxy agent's Network Agent.
            Remotable: false);
        pack.Add(task);
        pack.Add(new DisplayString(Id, "Check the connection to the Administration Server (klnagchk)",
            "Runs the Network Agent's connection check utility on the selected computer and shows its report."));
    }
}

/// <summary>A console folder with its views: each view is placed in the folder and named.</summary>
internal sealed class ViewFolder(ManagementPackBuilder pack, string product, Ref<Kinds.Folder> folder)
{
    public Ref<Kinds.Folder> Folder => folder;

    /// <summary>Adds the folder itself under <paramref name="parent"/>.</summary>
    public static ViewFolder Add(ManagementPackBuilder pack, string product, Ref<Kinds.Folder> parent, string displayName)
    {
        var f = new Folder(FamilyIds.ProductFolder(product), parent);
        pack.Add(f);
        pack.Add(new DisplayString(f.Id, displayName));
        return new ViewFolder(pack, product, f.Ref);
    }

    public Ref<Kinds.View> View(string key, string name, string description, Ref<Kinds.Class> target, Ref<Kinds.ViewType> type, params ConfigElement[] configuration) =>
        View(key, name, description, target, type, "Operations", configuration);

    /// <summary>A view whose console category is not Operations (a performance view is PerformanceCollection, as in Microsoft's packs).</summary>
    public Ref<Kinds.View> View(string key, string name, string description, Ref<Kinds.Class> target, Ref<Kinds.ViewType> type, string category, params ConfigElement[] configuration)
    {
        var view = new View(FamilyIds.ProductView(product, key), target, type, configuration, category);
        pack.Add(view);
        pack.Add(new FolderItem(FamilyIds.FolderItemOf(view.Id), view.Ref.AsFolderContent(), folder));
        pack.Add(new DisplayString(view.Id, name, description));
        return view.Ref;
    }
}

/// <summary>A rule or a monitor, as the console names them.</summary>
internal enum Workflow { Rule, Monitor }

/// <summary>How an administrator turns on a workflow that ships disabled until a fact about its log is checked.</summary>
internal static class ShippedDisabled
{
    /// <summary>The fact a disabled alert rule or monitor rests on, as one sentence: "that S writes event N to "L" is not confirmed."</summary>
    public static string Unconfirmed(EventAlertDefinition a) =>
        $"that {a.Source} writes event {string.Join(" or ", a.EventIds)} to {LogWording.The(a.LogName, quoted: true)} is not confirmed.";

    /// <summary>
    /// What a disabled alert rule's or monitor's description ends with (empty when it is enabled): the fact that is
    /// not confirmed, and who checks it. The Authoring pane shows the description, not the knowledge.
    /// </summary>
    public static string Note(EventAlertDefinition a, Workflow kind, string productName) =>
        a.Enabled ? "" :
        $" Ships disabled: {Unconfirmed(a)} " +
        $"Check it on a computer with {productName} and, if it is so, enable the {(kind == Workflow.Monitor ? "monitor" : "rule")} with an override; " +
        "its Product Knowledge says how.";

    /// <summary>
    /// The check, then the override in full: where it is in the console (the same path in 2007 R2 and 2012 and later),
    /// the scopes (a group of the checked computers first: the fact was checked on those), and the pack it goes to.
    /// </summary>
    public static string HowToEnable(Workflow kind, string displayName, string productName)
    {
        var (plural, title) = kind == Workflow.Monitor ? ("Monitors", "Monitor") : ("Rules", "Rule");
        var what = kind == Workflow.Monitor ? "monitor" : "rule";
        return $"Check it in Event Viewer on a computer with {productName}: the log must be listed under Applications and Services Logs with exactly that name " +
            "(the name Operations Manager reads, not a display name) and hold events of that source (the event itself may be rare: its source writing to the log is enough). " +
            $"If the log or the source is named otherwise, leave the {what} disabled (the log and the source cannot be overridden) and collect the events with a rule of your own. " +
            $"If it is so, enable the {what} with an override: in the Operations console, " +
            $"Authoring > Management Pack Objects > {plural}, find \"{displayName}\", right-click it, Overrides > Override the {title} > " +
            "For a group (a group of the computers where you checked it), For a specific object of class (one computer) or For all objects of class (every computer with the product); " +
            "set Enabled to True, and save the override in an unsealed management pack of your own (create one there if needed), not the Default Management Pack.";
    }
}

/// <summary>The Windows event log data source the rules share.</summary>
internal static class EventLog
{
    /// <summary>
    /// The event's provider, matched without regard to case: Windows treats provider names so, and real
    /// logs spell one provider in two ways ("Real-Time File Protection", "Real-time file protection").
    /// </summary>
    public static ConfigElement Publisher(string source) =>
        Expressions.RegEx("PublisherName", "String", "MatchesRegularExpression", "^(?i)" + System.Text.RegularExpressions.Regex.Escape(source) + "$");

    /// <summary>
    /// Where a collected event goes: the operational database (the Events view) and the data warehouse
    /// (reports, and history beyond the operational database's grooming).
    /// </summary>
    public static IReadOnlyList<Module> WriteActions(ManagementPackBuilder pack) =>
    [
        Module.WriteAction("WriteToDB", pack.Reference(Libraries.SystemCenter).ModuleType("Microsoft.SystemCenter.CollectEvent")),
        Module.WriteAction("WriteToDW", pack.Reference(Libraries.DataWarehouse).ModuleType("Microsoft.SystemCenter.DataWarehouse.PublishEventData")),
    ];

    /// <summary>The event comes from this log (channel): where a rule reads the log discovered on the computer, only the events of the log the rule is for.</summary>
    public static ConfigElement Channel(string logName) => Expressions.Simple("Channel", "String", "Equal", logName);

    public static Module DataSource(PackAlias windows, string logName, ConfigElement expression) =>
        Module.DataSource("DS", windows.ModuleType("Microsoft.Windows.EventProvider"),
            new EventProviderConfiguration(Context.HostNetworkName(windows.Class("Microsoft.Windows.Computer")), logName, expression));
}
