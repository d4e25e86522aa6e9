using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using static Kmp.ManagementPacks.ConfigElement;

namespace Kmp.Kaspersky.Family;

/// <summary>
/// KasperskyLab.Library: the root folder "Kaspersky Lab", the abstract base class of every Kaspersky
/// application, the shared "Kaspersky Lab: Service Monitoring" script as a data source and a monitor
/// type, and the shared components (attributes used by several products) with their discoveries and
/// service monitors.
/// </summary>
internal static class LibraryPackComposer
{
    /// <summary>The states of the shared monitor type.</summary>
    public const string Healthy = "Healthy";
    public const string Unhealthy = "Unhealthy";

    public static ManagementPack Compose(LibraryTemplate t, FamilyOptions options)
    {
        var pack = new ManagementPackBuilder(FamilyIds.Library, options.Version, "Kaspersky Lab Library") { Description = t.Description };
        pack.Reference(Libraries.System);
        pack.Reference(Libraries.Windows);
        pack.Reference(Libraries.Health);
        pack.Reference(Libraries.SystemCenter);
        pack.Add(new DisplayString(FamilyIds.Library, "Kaspersky Lab Library", t.Description));

        pack.Add(new ClassType(FamilyIds.ApplicationClass, Libraries.Windows.Element("Microsoft.Windows.LocalApplication"),
            Abstract: true, Hosted: true,
            Properties: [new ClassProperty("ProductVersion", PropertyType.String, Length: 256), new ClassProperty("InstallPath", PropertyType.String, Length: 1024)]));
        pack.Add(new DisplayString(FamilyIds.ApplicationClass, t.ApplicationClassName,
            "A Kaspersky Lab application on a Windows computer; every Kaspersky product class derives from it."));
        pack.Add(new DisplayString(FamilyIds.ApplicationClass, "Product version", SubElementId: "ProductVersion"));
        pack.Add(new DisplayString(FamilyIds.ApplicationClass, "Installation folder", SubElementId: "InstallPath"));

        AddServiceMonitoringScript(pack, t.ServiceMonitoring);

        pack.Add(new Folder(FamilyIds.RootFolder, Libraries.SystemCenter.Element("Microsoft.SystemCenter.Monitoring.ViewFolder.Root")));
        pack.Add(new DisplayString(FamilyIds.RootFolder, t.RootFolderName));

        foreach (var component in t.SharedComponents.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var classId = FamilyIds.SharedComponentClass(component.Key);
            pack.Add(new ClassType(classId, FamilyIds.ApplicationClass, Hosted: true));
            pack.Add(new DisplayString(classId, component.DisplayName, component.Description));
            var discovery = Workflows.RegistryDiscovery(classId + ".Discovery", classId, FamilyIds.ApplicationClass, component.Discovery);
            pack.Add(discovery);
            pack.Add(new DisplayString(discovery.Id, $"{component.DisplayName} discovery",
                $"Finds the Windows computers where {component.DisplayName} is installed (registry)."));
            foreach (var service in component.Services)
                Workflows.ServiceMonitor(pack, classId, classId, component.DisplayName, service);
        }
        return pack.Build();
    }

    private static void AddServiceMonitoringScript(ManagementPackBuilder pack, ServiceMonitoringDefinition s)
    {
        var windows = Libraries.Windows;
        var system = Libraries.System;
        pack.Add(new DataSourceModuleType(FamilyIds.ServiceMonitoringDataSource,
            [new ConfigurationParameter("IntervalSeconds", "xsd:integer"), new ConfigurationParameter("TimeoutSeconds", "xsd:integer")],
            [new OverrideableParameter("IntervalSeconds", "$Config/IntervalSeconds$", "int"), new OverrideableParameter("TimeoutSeconds", "$Config/TimeoutSeconds$", "int")],
            [Module.DataSource("Script", windows.Element("Microsoft.Windows.TimedScript.PropertyBagProvider"),
                Value("IntervalSeconds", "$Config/IntervalSeconds$"),
                Empty("SyncTime"),
                Value("ScriptName", "KasperskyLab.ServiceMonitoring.vbs"),
                Value("Arguments", "\"" + string.Join('|', s.AvStateKeys) + "\""),
                Script("ScriptBody", ScriptBody()),
                Value("TimeoutSeconds", "$Config/TimeoutSeconds$"))],
            new CompositionNode("Script"),
            system.Element("System.PropertyBagData")));
        pack.Add(new DisplayString(FamilyIds.ServiceMonitoringDataSource, "Kaspersky Lab: Service Monitoring",
            "Runs the Kaspersky Lab: Service Monitoring script, which reads the anti-virus state kept by the Kaspersky Security Center Network Agent " +
            "(real-time protection, anti-virus database date, last connection to the Administration Server)."));

        ConfigElement Filter(string op) => Node("Expression", Expressions.And(
            Expressions.Simple("Property[@Name='$Config/PropertyName$']", "Double", op, "$Config/Threshold$"),
            Expressions.Simple("Property[@Name='$Config/PropertyName$']", "Double", "GreaterEqual", "0")));
        var filter = system.Element("System.ExpressionFilter");
        pack.Add(new UnitMonitorType(FamilyIds.ServiceMonitoringMonitorType,
            [Healthy, Unhealthy],
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
                Module.DataSource("DS", FamilyIds.ServiceMonitoringDataSource,
                    Value("IntervalSeconds", "$Config/IntervalSeconds$"), Value("TimeoutSeconds", "$Config/TimeoutSeconds$")),
                Module.Condition("HealthyFilter", filter, Filter("LessEqual")),
                Module.Condition("UnhealthyFilter", filter, Filter("Greater")),
            ],
            [
                new RegularDetection(Healthy, CompositionNode.Chain("DS", "HealthyFilter")),
                new RegularDetection(Unhealthy, CompositionNode.Chain("DS", "UnhealthyFilter")),
            ]));
        pack.Add(new DisplayString(FamilyIds.ServiceMonitoringMonitorType, "Kaspersky Lab: Service Monitoring threshold",
            "Unhealthy when a value of the Service Monitoring script is above the threshold; healthy when it is at or below it."));
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
