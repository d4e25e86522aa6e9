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
    /// A service monitor's start task is not remotable, so SCOM runs it only on the computer's own agent, and the
    /// knowledge says so. Since the discoveries are not remotable, an instance on an agentless computer can only be a
    /// leftover of version 1.0.0.0, which the guide's upgrade page covers: no service monitor repeats it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Targets))]
    public void Service_monitor_knowledge_says_the_start_task_runs_on_the_computers_own_agent(SchemaTarget target)
    {
        var monitors = 0;
        foreach (var doc in fixture.Documents(target).Values)
        {
            foreach (var monitor in doc.Elements.Where(e => e.Kind == "UnitMonitor" && e.Attribute("TypeID") == "Windows!Microsoft.Windows.CheckNTServiceStateMonitorType"))
            {
                monitors++;
                var task = doc.Elements.Single(e => e.Kind == "Task" && e.Id == monitor.Id[..^".Monitor".Length] + ".Start.Task");
                task.Attribute("Remotable").Should().Be("false");
                var taskName = doc.DisplayName(task.Id)!;
                var resolutions = doc.Xml.Descendants("KnowledgeArticle").Single(k => k.Attribute("ElementID")!.Value == monitor.Id)
                    .Descendants().Where(d => d.Name.LocalName == "para").Select(p => p.Value).ToList();
                resolutions.Should().Contain($"From the console: select the instance and run the task \"{taskName}\" in the Tasks pane. The task runs on the agent of the computer itself (it is not remotable).", monitor.Id);
                resolutions.Should().NotContain(r => r.Contains("agentless", StringComparison.OrdinalIgnoreCase),
                    "only instances left by version 1.0.0.0 can be on an agentless computer: the guide's upgrade page covers them, not every service monitor");
            }
        }
        monitors.Should().Be(fixture.Catalog.Products.Sum(p => p.Services.Count) + fixture.Catalog.Library.SharedComponents.Sum(c => c.Services.Count),
            "every service of a product or shared component has a monitor");
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
