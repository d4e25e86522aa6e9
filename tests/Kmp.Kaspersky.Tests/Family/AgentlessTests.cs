using System.Xml.Linq;
using Kmp.Kaspersky.Family;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Kaspersky.Tests.Family;

/// <summary>
/// Agentless-monitored computers: a remotable workflow runs on the proxy agent for them. Workflows that
/// read the computer through its name (the event log and service state modules, with ComputerName) give
/// the agentless computer's data there; workflows that run a script or a command on the agent read the
/// agent's own computer, so they must not be remotable, or they would report (and write to the data
/// warehouse) the proxy's Kaspersky state as the agentless computer's.
/// </summary>
public sealed class AgentlessTests(FamilyFixture fixture) : IClassFixture<FamilyFixture>
{
    public static TheoryData<SchemaTarget> Targets => [SchemaTarget.Scom2007R2, SchemaTarget.Scom2012];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Workflows_that_run_a_script_or_command_on_the_agent_are_not_remotable_and_the_others_are(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var local = new List<string>();
        var remote = new List<string>();
        foreach (var doc in docs.Values.Where(d => d.Id.EndsWith(".Monitoring", StringComparison.Ordinal)))
        {
            foreach (var workflow in doc.Elements.Where(e => e.Kind is "Rule" or "UnitMonitor" or "Task"))
            {
                var runsOnAgent = RunsOnTheAgent(docs, doc, workflow.Xml, []);
                (runsOnAgent ? local : remote).Add(workflow.Id);
                workflow.Attribute("Remotable").Should().Be(runsOnAgent ? "false" : "true",
                    runsOnAgent ? $"{workflow.Id} reads the agent's own computer" : $"{workflow.Id} reads the target computer by name, so it works through a proxy agent");
            }
        }
        // The script monitors, the performance rules and the tasks are the local ones; event and service-state workflows stay remotable.
        local.Should().Contain(id => id.EndsWith(".DatabaseAge.Monitor", StringComparison.Ordinal))
            .And.Contain(id => id.EndsWith(".RealTimeProtection.Monitor", StringComparison.Ordinal))
            .And.Contain(id => id.EndsWith(".AdministrationServerConnection.Monitor", StringComparison.Ordinal))
            .And.Contain(id => id.EndsWith(".Performance.Collection.Rule", StringComparison.Ordinal))
            .And.Contain(id => id.EndsWith(".Start.Task", StringComparison.Ordinal));
        remote.Should().Contain(id => id.EndsWith(".Events.Collection.Rule", StringComparison.Ordinal))
            .And.Contain(id => id.EndsWith(".Service.ApplicationService.Monitor", StringComparison.Ordinal));
    }

    /// <summary>
    /// Whether a workflow or module type runs a script (ScriptName/ScriptBody) or a command line on the
    /// agent: in its own configuration, or through the types it uses, expanded down to the modules.
    /// </summary>
    private static bool RunsOnTheAgent(IReadOnlyDictionary<string, ManagementPackDocument> docs, ManagementPackDocument owner, XElement element, HashSet<string> seen)
    {
        if (element.Descendants().Any(d => d.Name.LocalName is "ScriptName" or "ScriptBody" or "CommandLine")) return true;
        var types = element.Attributes("TypeID").Concat(element.Descendants().Attributes("TypeID")).Select(a => a.Value);
        foreach (var reference in types)
        {
            var bang = reference.IndexOf('!', StringComparison.Ordinal);
            var packId = bang < 0 ? owner.Id : owner.Reference(reference[..bang])!.ManagementPackId;
            // Microsoft's library types are the leaves: what they do is in the configuration the family gives them.
            if (!docs.TryGetValue(packId, out var pack)) continue;
            var id = bang < 0 ? reference : reference[(bang + 1)..];
            if (!seen.Add(packId + "!" + id)) continue;
            var type = pack.Find(id);
            if (type is not null && RunsOnTheAgent(docs, pack, type.Xml, seen)) return true;
        }
        return false;
    }
}
