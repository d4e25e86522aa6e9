using System.Xml.Linq;
using Kmp.Kaspersky.Family;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Kaspersky.Tests.Family;

/// <summary>The health model of the generated family (both targets): what a real management group does with it.</summary>
public sealed class HealthModelTests(FamilyFixture fixture) : IClassFixture<FamilyFixture>
{
    public static TheoryData<SchemaTarget> Targets => [SchemaTarget.Scom2007R2, SchemaTarget.Scom2012];

    private IReadOnlyDictionary<string, ManagementPackDocument> Docs(SchemaTarget target) => fixture.Documents(target);

    [Theory]
    [MemberData(nameof(Targets))]
    public void An_unreadable_script_value_is_a_state_of_its_own_and_the_monitor_type_recalculates_on_demand(SchemaTarget target)
    {
        var type = Docs(target)[FamilyIds.Library].Find(FamilyIds.ServiceMonitoringMonitorType)!.Xml;
        type.Element("MonitorTypeStates")!.Elements().Select(s => s.Attribute("ID")!.Value).Should().Equal("Healthy", "Unhealthy", "Unreadable");
        var implementation = type.Element("MonitorImplementation")!;
        var filters = implementation.Element("MemberModules")!.Elements("ConditionDetection").ToDictionary(c => c.Attribute("ID")!.Value);
        // Unreadable (-1) is detected, and neither Healthy nor Unhealthy matches it.
        Conditions(filters["UnreadableFilter"]).Should().Equal(("Less", "0"));
        Conditions(filters["HealthyFilter"]).Should().Contain(("GreaterEqual", "0"));
        Conditions(filters["UnhealthyFilter"]).Should().Contain(("GreaterEqual", "0"));
        var onDemand = implementation.Element("OnDemandDetections")!.Elements("OnDemandDetection").ToList();
        onDemand.Select(d => d.Attribute("MonitorTypeStateID")!.Value).Should().Equal("Healthy", "Unhealthy", "Unreadable");
        onDemand.Should().OnlyContain(d => d.Descendants("Node").Any(n => n.Attribute("ID")!.Value == "Probe"));
        implementation.Element("MemberModules")!.Elements("ProbeAction").Single().Attribute("TypeID")!.Value.Should().Be("Windows!Microsoft.Windows.ScriptPropertyBagProbe");

        var monitors = Docs(target).Values.SelectMany(d => d.Elements)
            .Where(e => e.Kind == "UnitMonitor" && e.Attribute("TypeID") == $"{FamilyIds.LibraryAlias}!{FamilyIds.ServiceMonitoringMonitorType}").ToList();
        monitors.Should().NotBeEmpty();
        foreach (var m in monitors)
        {
            m.Xml.Element("OperationalStates")!.Elements().Select(s => (s.Attribute("MonitorTypeStateID")!.Value, s.Attribute("HealthState")!.Value))
                .Should().Equal(("Healthy", "Success"), ("Unhealthy", "Error"), ("Unreadable", "Warning"));
        }
    }

    [Fact]
    public void The_script_reports_what_it_cannot_read_to_the_Operations_Manager_log_and_compares_dates_in_UTC()
    {
        var body = LibraryPackComposer.ScriptBody();
        body.Should().Contain("api.LogScriptEvent ScriptName, 4100").And.Contain("api.LogScriptEvent ScriptName, 4101");
        body.Should().Contain("stamp.SetVarDate Now, True", "the registry dates are UTC; the script converts its own clock to UTC");
    }

    private static IEnumerable<(string Operator, string Value)> Conditions(XElement condition) =>
        condition.Descendants("SimpleExpression").Select(e => (e.Element("Operator")!.Value, e.Elements("ValueExpression").Last().Element("Value")!.Value));
}
