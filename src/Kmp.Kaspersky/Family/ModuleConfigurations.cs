using Kmp.ManagementPacks;
using static Kmp.ManagementPacks.ConfigElement;

namespace Kmp.Kaspersky.Family;

// Typed configurations of the library module and monitor types the family uses: each record's members
// are the elements of the type's configuration schema, in schema order.

/// <summary>Microsoft.Windows.CheckNTServiceStateMonitorType.</summary>
internal sealed record CheckNTServiceStateConfiguration(string ComputerName, string ServiceName, bool CheckStartupType) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
        [Value("ComputerName", ComputerName), Value("ServiceName", ServiceName), Value("CheckStartupType", CheckStartupType)];
}

/// <summary>Microsoft.Windows.2SingleEventLog2StateMonitorType: the first event makes the monitor unhealthy, the second healthy.</summary>
internal sealed record TwoEventsConfiguration(string ComputerName, string LogName, ConfigElement FirstExpression, ConfigElement SecondExpression) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
    [
        Value("FirstComputerName", ComputerName), Value("FirstLogName", LogName), Node("FirstExpression", FirstExpression),
        Value("SecondComputerName", ComputerName), Value("SecondLogName", LogName), Node("SecondExpression", SecondExpression),
    ];
}

/// <summary>Microsoft.Windows.SingleEventLogTimer2StateMonitorType: the event makes the monitor unhealthy, a timer healthy again.</summary>
internal sealed record EventTimerConfiguration(string ComputerName, string LogName, ConfigElement Expression, int TimerWaitInSeconds) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
        [Value("ComputerName", ComputerName), Value("LogName", LogName), Node("Expression", Expression), Value("TimerWaitInSeconds", TimerWaitInSeconds)];
}

/// <summary>System.CommandExecuter (a console task's command line).</summary>
internal sealed record CommandExecuterConfiguration(string ApplicationName, string WorkingDirectory, string CommandLine, int TimeoutSeconds, bool RequireOutput) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
    [
        ApplicationName.Length == 0 ? Empty("ApplicationName") : Value("ApplicationName", ApplicationName),
        WorkingDirectory.Length == 0 ? Empty("WorkingDirectory") : Value("WorkingDirectory", WorkingDirectory),
        Value("CommandLine", CommandLine),
        Value("TimeoutSeconds", TimeoutSeconds),
        Value("RequireOutput", RequireOutput),
    ];
}

/// <summary>KasperskyLab.Library.ServiceMonitoring.MonitorType (the library's own monitor type).</summary>
internal sealed record ServiceMonitoringThresholdConfiguration(int IntervalSeconds, int TimeoutSeconds, string PropertyName, int Threshold) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
        [Value("IntervalSeconds", IntervalSeconds), Value("TimeoutSeconds", TimeoutSeconds), Value("PropertyName", PropertyName), Value("Threshold", Threshold)];
}

/// <summary>
/// KasperskyLab.Library.ServiceMonitoring.PerformanceDataSource (the library's own data source): the
/// Service Monitoring script's run (IntervalSeconds, TimeoutSeconds: the monitors' values, so the agent
/// runs the script once for both) and the counter one of its values is collected as.
/// </summary>
internal sealed record ServiceMonitoringPerformanceConfiguration(int IntervalSeconds, int TimeoutSeconds, string PropertyName,
    string ObjectName, string CounterName, string InstanceName) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
    [
        Value("IntervalSeconds", IntervalSeconds), Value("TimeoutSeconds", TimeoutSeconds), Value("PropertyName", PropertyName),
        Value("ObjectName", ObjectName), Value("CounterName", CounterName), Value("InstanceName", InstanceName),
    ];
}

/// <summary>System.Performance.DataGenericMapper.</summary>
internal sealed record DataGenericMapperConfiguration(string ObjectName, string CounterName, string InstanceName, string Value) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
        [ConfigElement.Value("ObjectName", ObjectName), ConfigElement.Value("CounterName", CounterName), ConfigElement.Value("InstanceName", InstanceName), ConfigElement.Value("Value", Value)];
}

/// <summary>Microsoft.Windows.EventProvider.</summary>
internal sealed record EventProviderConfiguration(string ComputerName, string LogName, ConfigElement Expression) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() => [Value("ComputerName", ComputerName), Value("LogName", LogName), Node("Expression", Expression)];
}

/// <summary>System.Health.GenerateAlert.</summary>
internal sealed record GenerateAlertConfiguration(AlertPriority Priority, AlertSeverity Severity, Ref<Kinds.StringResource> AlertMessageId,
    IReadOnlyList<string> AlertParameters, IReadOnlyList<string> Suppression) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration()
    {
        // Loops rather than LINQ with an index: every alert rule of the family makes one (10,000 in the benchmark pack).
        var parameters = new ConfigElement[AlertParameters.Count];
        for (var i = 0; i < parameters.Length; i++) parameters[i] = Value(ParameterName(i + 1), AlertParameters[i]);
        var suppression = new ConfigElement[Suppression.Count];
        for (var i = 0; i < suppression.Length; i++) suppression[i] = Value("SuppressionValue", Suppression[i]);
        return
        [
            Value("Priority", (int)Priority),
            Value("Severity", (int)Severity),
            Value("AlertMessageId", AlertMessageId.MPElement),
            Node("AlertParameters", parameters),
            Node("Suppression", suppression),
        ];
    }

    private static readonly string[] ParameterNames = [.. Enumerable.Range(1, 10).Select(n => $"AlertParameter{n}")];

    private static string ParameterName(int n) => n <= ParameterNames.Length ? ParameterNames[n - 1] : $"AlertParameter{n}";
}

/// <summary>One RegistryAttributeDefinition of Microsoft.Windows.FilteredRegistryDiscoveryProvider.</summary>
internal sealed record RegistryAttribute(string AttributeName, string Path, int PathType, int AttributeType)
{
    public ConfigElement ToConfiguration() => Node("RegistryAttributeDefinition",
        Value("AttributeName", AttributeName), Value("Path", Path), Value("PathType", PathType), Value("AttributeType", AttributeType));
}

/// <summary>Microsoft.Windows.FilteredRegistryDiscoveryProvider.</summary>
internal sealed record FilteredRegistryDiscoveryConfiguration(string ComputerName, IReadOnlyList<RegistryAttribute> RegistryAttributeDefinitions, int Frequency,
    Ref<Kinds.Class> ClassId, IReadOnlyList<(string Name, string Value)> InstanceSettings, ConfigElement Expression) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
    [
        Value("ComputerName", ComputerName),
        Node("RegistryAttributeDefinitions", [.. RegistryAttributeDefinitions.Select(a => a.ToConfiguration())]),
        Value("Frequency", Frequency),
        Value("ClassId", ClassId.MPElement),
        Node("InstanceSettings", Node("Settings", [.. InstanceSettings.Select(s => Node("Setting", Value("Name", s.Name), Value("Value", s.Value)))])),
        Node("Expression", Expression),
    ];
}

/// <summary>Microsoft.SystemCenter.GroupPopulator with one membership rule: the computers that contain an instance of a class.</summary>
internal sealed record GroupPopulatorConfiguration(Ref<Kinds.Class> GroupInstanceId, Ref<Kinds.Class> MonitoringClass, Ref<Kinds.Relationship> RelationshipClass,
    Ref<Kinds.Class> Contains) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
    [
        Value("RuleId", "$MPElement$"),
        Value("GroupInstanceId", GroupInstanceId.MPElement),
        Node("MembershipRules", Node("MembershipRule",
            Value("MonitoringClass", MonitoringClass.MPElement),
            Value("RelationshipClass", RelationshipClass.MPElement),
            Node("Expression", Node("Contains", Value("MonitoringClass", Contains.MPElement))))),
    ];
}

/// <summary>Microsoft.Windows.TimedScript.PropertyBagProvider.</summary>
internal sealed record TimedScriptPropertyBagConfiguration(string IntervalSeconds, string ScriptName, string Arguments, string ScriptBody, string TimeoutSeconds)
    : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
    [
        Value("IntervalSeconds", IntervalSeconds),
        Empty("SyncTime"),
        Value("ScriptName", ScriptName),
        Value("Arguments", Arguments),
        Script("ScriptBody", ScriptBody),
        Value("TimeoutSeconds", TimeoutSeconds),
    ];
}

/// <summary>Microsoft.Windows.ScriptPropertyBagProbe.</summary>
internal sealed record ScriptPropertyBagProbeConfiguration(string ScriptName, string Arguments, string ScriptBody, string TimeoutSeconds) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
        [Value("ScriptName", ScriptName), Value("Arguments", Arguments), Script("ScriptBody", ScriptBody), Value("TimeoutSeconds", TimeoutSeconds)];
}

/// <summary>System.Discovery.Scheduler with a simple recurring schedule.</summary>
internal sealed record DiscoverySchedulerConfiguration(string IntervalSeconds) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
    [
        Node("Scheduler",
            Node("SimpleReccuringSchedule", Value("Interval", IntervalSeconds).WithAttribute("Unit", "Seconds")),
            Empty("ExcludeDates")),
    ];
}

/// <summary>System.Discovery.RelationshipSnapshotDataMapper.</summary>
internal sealed record RelationshipSnapshotDataMapperConfiguration(Ref<Kinds.Relationship> RelationshipId, string SourceTypeId, string TargetTypeId,
    IReadOnlyList<(string Name, string Value)> SourceRoleSettings, IReadOnlyList<(string Name, string Value)> TargetRoleSettings) : IModuleConfiguration
{
    private static ConfigElement Settings(string name, IReadOnlyList<(string Name, string Value)> settings) =>
        Node(name, Node("Settings", [.. settings.Select(s => Node("Setting", Value("Name", s.Name), Value("Value", s.Value)))]));

    public IReadOnlyList<ConfigElement> ToConfiguration() =>
    [
        Value("RelationshipId", RelationshipId.MPElement),
        Value("SourceTypeId", SourceTypeId),
        Value("TargetTypeId", TargetTypeId),
        Settings("SourceRoleSettings", SourceRoleSettings),
        Settings("TargetRoleSettings", TargetRoleSettings),
    ];
}

/// <summary>KasperskyLab.Library.SharedComponentUse.DiscoveryProvider (the library's own data source).</summary>
internal sealed record SharedComponentUseDiscoveryConfiguration(int IntervalSeconds, Ref<Kinds.Class> SourceTypeId, Ref<Kinds.Class> TargetTypeId) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
        [Value("IntervalSeconds", IntervalSeconds), Value("SourceTypeId", SourceTypeId.MPElement), Value("TargetTypeId", TargetTypeId.MPElement)];
}

/// <summary>Microsoft.Windows.TimedScript.DiscoveryProvider.</summary>
internal sealed record TimedScriptDiscoveryConfiguration(string IntervalSeconds, string ScriptName, string Arguments, string ScriptBody, string TimeoutSeconds) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
    [
        Value("IntervalSeconds", IntervalSeconds),
        Empty("SyncTime"),
        Value("ScriptName", ScriptName),
        Value("Arguments", Arguments),
        Value("ScriptBody", ScriptBody),
        Value("TimeoutSeconds", TimeoutSeconds),
    ];
}

/// <summary>
/// KasperskyLab.Library.ApplicationDiscovery.DataSource: a script discovery whose run interval is the
/// overrideable parameter <c>Frequency</c>, as the registry discovery's it replaces, so an override of a
/// product discovery's frequency keeps applying after an upgrade.
/// </summary>
internal sealed record ApplicationDiscoveryConfiguration(int Frequency, string ScriptName, string Arguments, string ScriptBody, int TimeoutSeconds) : IModuleConfiguration
{
    public IReadOnlyList<ConfigElement> ToConfiguration() =>
    [
        Value("Frequency", Frequency),
        Value("ScriptName", ScriptName),
        Value("Arguments", Arguments),
        Script("ScriptBody", ScriptBody),
        Value("TimeoutSeconds", TimeoutSeconds),
    ];
}
