using System.Globalization;
using Kmp.ManagementPacks;
using static Kmp.ManagementPacks.ConfigElement;

namespace Kmp.Benchmarks;

/// <summary>
/// A monitoring pack with a chosen number of event alert rules, built with the model the way the
/// family composer builds a product's Monitoring pack: a hosted application class, and per rule a
/// Windows event provider with an expression, a System.Health.GenerateAlert write action with alert
/// parameters and suppression, the alert message string resource, display strings and a knowledge article.
/// </summary>
internal static class SyntheticRulePack
{
    public const string Id = "KasperskyLab.Synthetic.Monitoring";

    private const string HostNetworkName = "$Target/Host/Property[Type=\"Windows!Microsoft.Windows.Computer\"]/NetworkName$";

    public static ManagementPack Compose(int rules)
    {
        var pack = new ManagementPackBuilder(Id, new Version(1, 0, 0, 0), "Kaspersky Lab synthetic monitoring") { Description = $"{rules} event alert rules." };
        var windows = pack.Reference(Libraries.Windows);
        var health = pack.Reference(Libraries.Health);
        var application = new ClassType($"{Id}.Application", windows.Class("Microsoft.Windows.LocalApplication"), Hosted: true);
        pack.Add(application);
        pack.Add(new DisplayString(Id, "Kaspersky Lab synthetic monitoring", $"{rules} event alert rules."));
        pack.Add(new DisplayString(application.Id, "Synthetic Kaspersky application"));
        for (var n = 0; n < rules; n++) AddEventAlertRule(pack, application.Ref, windows, health, n);
        return pack.Build();
    }

    private static void AddEventAlertRule(ManagementPackBuilder pack, Ref<Kinds.Class> target, PackAlias windows, PackAlias health, int n)
    {
        var eventId = (1000 + n).ToString(CultureInfo.InvariantCulture);
        var id = $"{Id}.Event{eventId}.Alert.Rule";
        var message = new StringResource(id + ".AlertMessage");
        var expression = Expressions.And(
            Expressions.Or(
                Expressions.Simple("EventDisplayNumber", "UnsignedInteger", "Equal", eventId),
                Expressions.Simple("EventDisplayNumber", "UnsignedInteger", "Equal", (500_000 + n).ToString(CultureInfo.InvariantCulture))),
            Expressions.Simple("PublisherName", "String", "Equal", "Kaspersky Security"),
            Expressions.Simple("EventLevel", "Integer", "Equal", "1"));
        pack.Add(new Rule(id, target, MonitoringCategory.Alert,
            [Module.DataSource("DS", windows.ModuleType("Microsoft.Windows.EventProvider"),
                Value("ComputerName", HostNetworkName),
                Value("LogName", "Kaspersky Event Log"),
                Node("Expression", expression))],
            [Module.WriteAction("Alert", health.ModuleType("System.Health.GenerateAlert"),
                Value("Priority", 1),
                Value("Severity", 2),
                Value("AlertMessageId", message.Ref.MPElement),
                Node("AlertParameters",
                    Value("AlertParameter1", "$Data/EventDescription$"),
                    Value("AlertParameter2", "$Data/LoggingComputer$"),
                    Value("AlertParameter3", "$Data/EventDisplayNumber$")),
                Node("Suppression",
                    Value("SuppressionValue", "$Data/EventDisplayNumber$"),
                    Value("SuppressionValue", "$Data/LoggingComputer$")))]));
        pack.Add(message);
        pack.Add(new DisplayString(id, $"Event {eventId}", $"Raises an alert when Kaspersky Security writes event {eventId} to the Kaspersky Event Log."));
        pack.Add(new DisplayString(message.Id, $"Kaspersky Security: event {eventId}", $"Check the application's report.\n\nEvent {{2}} on {{1}}:\n{{0}}"));
        pack.Add(new KnowledgeArticle(id,
        [
            new KnowledgeSection("Summary", [$"Kaspersky Security reported event {eventId}."]),
            new KnowledgeSection("Causes", [], ["The protection component met a problem."]),
            new KnowledgeSection("Resolutions", [], ["Open the application's report.", "Update the anti-virus databases."]),
        ]));
    }
}
