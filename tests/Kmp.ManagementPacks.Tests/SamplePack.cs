using Kmp.ManagementPacks;
using static Kmp.ManagementPacks.ConfigElement;

namespace Kmp.ManagementPacks.Tests;

/// <summary>A small pack with one of every element kind the model has.</summary>
internal static class SamplePack
{
    public static ManagementPackBuilder Builder(string id = "Test.Sample")
    {
        var b = new ManagementPackBuilder(id, new Version(1, 2, 3, 4), "Sample pack");
        var windows = b.Reference(Libraries.Windows);
        var system = b.Reference(Libraries.System);
        var health = b.Reference(Libraries.Health);
        var sc = b.Reference(Libraries.SystemCenter);
        b.Add(new ClassType("Test.Sample.App", windows.Element("Microsoft.Windows.LocalApplication"), Hosted: true,
            Properties: [new ClassProperty("Version", PropertyType.String, Length: 64)]));
        b.Add(new ClassType("Test.Sample.Component", system.Element("System.LogicalEntity"), Hosted: true,
            Properties: [new ClassProperty("Name", PropertyType.String, Key: true)]));
        b.Add(new RelationshipType("Test.Sample.AppHostsComponent", system.Element("System.Hosting"), "Test.Sample.App", "Test.Sample.Component"));
        b.Add(new Rule("Test.Sample.Rule", "Test.Sample.App", MonitoringCategory.Alert,
            [Module.DataSource("DS", windows.Element("Microsoft.Windows.EventProvider"),
                Value("ComputerName", "$Target/Host/Property[Type=\"Windows!Microsoft.Windows.Computer\"]/NetworkName$"),
                Value("LogName", "Application"),
                Node("Expression", Expressions.Simple("EventDisplayNumber", "UnsignedInteger", "Equal", "1")))],
            [Module.WriteAction("Alert", health.Element("System.Health.GenerateAlert"),
                Value("Priority", 1), Value("Severity", 2),
                Value("AlertMessageId", ElementReference.Local("Test.Sample.Rule.AlertMessage").MPElement))]));
        b.Add(new UnitMonitor("Test.Sample.Monitor", "Test.Sample.App", health.Element("System.Health.AvailabilityState"),
            windows.Element("Microsoft.Windows.CheckNTServiceStateMonitorType"), MonitoringCategory.AvailabilityHealth,
            [new OperationalState("Running", "Running", HealthState.Success), new OperationalState("NotRunning", "NotRunning", HealthState.Error)],
            [Value("ComputerName", "x"), Value("ServiceName", "svc"), Script("Note", "a ]]> b")]));
        b.Add(new Folder("Test.Sample.Folder", sc.Element("Microsoft.SystemCenter.Monitoring.ViewFolder.Root")));
        b.Add(new View("Test.Sample.View", "Test.Sample.App", sc.Element("Microsoft.SystemCenter.StateViewType"), [Empty("Criteria")]));
        b.Add(new FolderItem("Test.Sample.View.Item", "Test.Sample.View", "Test.Sample.Folder"));
        b.Add(new StringResource("Test.Sample.Rule.AlertMessage"));
        b.Add(new DisplayString("Test.Sample", "Sample pack"));
        b.Add(new DisplayString("Test.Sample.App", "Sample application", "An application."));
        b.Add(new DisplayString("Test.Sample.App", "Version", SubElementId: "Version"));
        b.Add(new KnowledgeArticle("Test.Sample.Rule", [new KnowledgeSection("Summary", ["Something happened."], ["first", "second"])]));
        return b;
    }
}
