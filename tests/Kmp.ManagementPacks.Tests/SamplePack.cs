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
        var app = new ClassType("Test.Sample.App", windows.Class("Microsoft.Windows.LocalApplication"), Hosted: true,
            Properties: [new ClassProperty("Version", PropertyType.String, Length: 64)]);
        var component = new ClassType("Test.Sample.Component", system.Class("System.LogicalEntity"), Hosted: true,
            Properties: [new ClassProperty("Name", PropertyType.String, Key: true)]);
        b.Add(app);
        b.Add(component);
        b.Add(new RelationshipType("Test.Sample.AppHostsComponent", system.Relationship("System.Hosting"), app.Ref, component.Ref));
        var message = new StringResource("Test.Sample.Rule.AlertMessage");
        b.Add(new Rule("Test.Sample.Rule", app.Ref, MonitoringCategory.Alert,
            [Module.DataSource("DS", windows.ModuleType("Microsoft.Windows.EventProvider"),
                Value("ComputerName", "$Target/Host/Property[Type=\"Windows!Microsoft.Windows.Computer\"]/NetworkName$"),
                Value("LogName", "Application"),
                Node("Expression", Expressions.Simple("EventDisplayNumber", "UnsignedInteger", "Equal", "1")))],
            [Module.WriteAction("Alert", health.ModuleType("System.Health.GenerateAlert"),
                Value("Priority", 1), Value("Severity", 2),
                Value("AlertMessageId", message.Ref.MPElement))]));
        var monitor = new UnitMonitor("Test.Sample.Monitor", app.Ref, health.Monitor("System.Health.AvailabilityState"),
            windows.MonitorType("Microsoft.Windows.CheckNTServiceStateMonitorType"), MonitoringCategory.AvailabilityHealth,
            [new OperationalState("Running", "Running", HealthState.Success), new OperationalState("NotRunning", "NotRunning", HealthState.Error)],
            [Value("ComputerName", "x"), Value("ServiceName", "svc"), Script("Note", "a ]]> b")]);
        b.Add(monitor);
        var folder = new Folder("Test.Sample.Folder", sc.Folder("Microsoft.SystemCenter.Monitoring.ViewFolder.Root"));
        b.Add(folder);
        var view = new View("Test.Sample.View", app.Ref, sc.ViewType("Microsoft.SystemCenter.StateViewType"), [Empty("Criteria")]);
        b.Add(view);
        b.Add(new FolderItem("Test.Sample.View.Item", view.Ref.AsFolderContent(), folder.Ref));
        b.Add(message);
        b.Add(new DisplayString("Test.Sample", "Sample pack"));
        b.Add(new DisplayString("Test.Sample.App", "Sample application", "An application."));
        b.Add(new DisplayString("Test.Sample.App", "Version", SubElementId: "Version"));
        b.Add(new KnowledgeArticle("Test.Sample.Rule", [new KnowledgeSection("Summary", ["Something happened."], ["first", "second"])]));
        return b;
    }

    /// <summary>A local folder reference of the sample pack, for elements added by tests.</summary>
    public static Ref<Kinds.Folder> SampleFolder => new Folder("Test.Sample.Folder", SampleRoot).Ref;

    private static Ref<Kinds.Folder> SampleRoot => new ManagementPackBuilder("Test.Other", new Version(1, 0, 0, 0), "other")
        .Reference(Libraries.SystemCenter).Folder("Microsoft.SystemCenter.Monitoring.ViewFolder.Root");
}
