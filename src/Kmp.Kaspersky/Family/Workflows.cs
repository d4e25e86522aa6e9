using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using static Kmp.ManagementPacks.ConfigElement;

namespace Kmp.Kaspersky.Family;

/// <summary>Workflow shapes that the library and the product packs share.</summary>
internal static class Workflows
{
    private static readonly ElementReference WindowsComputer = Libraries.Windows.Element("Microsoft.Windows.Computer");
    private static readonly ElementReference Entity = Libraries.System.Element("System.Entity");

    /// <summary>
    /// A registry discovery (FilteredRegistryDiscoveryProvider) of <paramref name="classId"/> on every
    /// Windows computer where one of the template's keys exists, with the version and install path
    /// (properties of the library's application class) where the template names them.
    /// </summary>
    public static Discovery RegistryDiscovery(string id, ElementReference classId, ElementReference? propertyClass, RegistryDiscoveryDefinition d)
    {
        var attributes = new List<ConfigElement>();
        var exists = new List<ConfigElement>();
        for (var i = 0; i < d.Keys.Count; i++)
        {
            var name = $"Key{i + 1}Exists";
            attributes.Add(Attribute(name, d.Keys[i], pathType: 0, attributeType: 0));
            exists.Add(Expressions.Simple($"Values/{name}", "Boolean", "Equal", "true"));
        }
        var settings = new List<ConfigElement>
        {
            Setting(Context.PropertyOf(WindowsComputer, "PrincipalName"), Context.ComputerPrincipalName),
            Setting(Context.PropertyOf(Entity, "DisplayName"), Context.ComputerPrincipalName),
        };
        var properties = new List<(ElementReference, string)>();
        if (propertyClass is { } owner)
        {
            foreach (var (property, path) in new[] { ("ProductVersion", d.VersionValue), ("InstallPath", d.InstallPathValue) })
            {
                if (path is null) continue;
                attributes.Add(Attribute(property, path, pathType: 1, attributeType: 1));
                settings.Add(Setting(Context.PropertyOf(owner, property), $"$Data/Values/{property}$"));
                properties.Add((owner, property));
            }
        }
        var dataSource = Module.DataSource("DS", Libraries.Windows.Element("Microsoft.Windows.FilteredRegistryDiscoveryProvider"),
            Value("ComputerName", Context.ComputerPrincipalName),
            Node("RegistryAttributeDefinitions", [.. attributes]),
            Value("Frequency", d.FrequencySeconds),
            Value("ClassId", classId.MPElement),
            Node("InstanceSettings", Node("Settings", [.. settings])),
            Node("Expression", Expressions.Or([.. exists])));
        return new Discovery(id, WindowsComputer,
            [new DiscoveryClass(classId, [.. properties.Select(p => (p.Item1, p.Item2))])],
            dataSource);
    }

    private static ConfigElement Attribute(string name, string path, int pathType, int attributeType) =>
        Node("RegistryAttributeDefinition",
            Value("AttributeName", name),
            Value("Path", path),
            Value("PathType", pathType),
            Value("AttributeType", attributeType));

    private static ConfigElement Setting(string name, string value) => Node("Setting", Value("Name", name), Value("Value", value));

    /// <summary>A basic service monitor (CheckNTServiceStateMonitorType) with its alert, message and knowledge.</summary>
    public static void ServiceMonitor(ManagementPackBuilder pack, string idPrefix, ElementReference target, string productName, ServiceDefinition s)
    {
        pack.Reference(Libraries.Windows);
        pack.Reference(Libraries.Health);
        var id = $"{idPrefix}.Service.{s.Key}.Monitor";
        // Display names often end in "Service" already ("Kaspersky Security Service").
        var service = s.DisplayName.EndsWith("service", StringComparison.OrdinalIgnoreCase) ? s.DisplayName : s.DisplayName + " service";
        var message = id + ".AlertMessage";
        pack.Add(new UnitMonitor(id, target,
            Libraries.Health.Element("System.Health.AvailabilityState"),
            Libraries.Windows.Element("Microsoft.Windows.CheckNTServiceStateMonitorType"),
            MonitoringCategory.AvailabilityHealth,
            [
                new OperationalState("Running", "Running", HealthState.Success),
                new OperationalState("NotRunning", "NotRunning", HealthState.Error),
            ],
            // CheckStartupType false: a stopped service is unhealthy whatever its start type, so an
            // anti-virus service that was set to Disabled or Manual and stopped is still caught.
            [Value("ComputerName", Context.HostNetworkName), Value("ServiceName", s.Name), Value("CheckStartupType", false)],
            new MonitorAlertSettings(message, HealthState.Error, AutoResolve: true, WorkflowPriority.Normal,
                MonitorAlertSeverity.MatchMonitorHealth, ["$Data/Context/Property[@Name='Name']$", Context.HostPrincipalName])));
        pack.Add(new StringResource(message));
        pack.Add(new DisplayString(id, service, $"Checks that the {service} ({s.Name}) of {productName} is running."));
        pack.Add(new DisplayString(id, "Running", SubElementId: "Running"));
        pack.Add(new DisplayString(id, "Not running", SubElementId: "NotRunning"));
        pack.Add(new DisplayString(message, $"{productName}: {service} is not running",
            $"The {service} ({{0}}) is not running on {{1}}. {s.Recommendation}"));
        pack.Add(KnowledgeArticles.For(id, s.Knowledge));
    }
}
