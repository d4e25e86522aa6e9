using Kmp.ManagementPacks;
using Kmp.Operations.Local;
using Kmp.Operations.Plans;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Local;

/// <summary>
/// One set of import rules (issue 13 item 5): for every way an import breaks SCOM's rules, the
/// planner's prediction is the group's own refusal, word for word, and a pack the group accepts is
/// one the planner plans.
/// </summary>
public sealed class ImportRulesTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private const string OtherToken = "fedcba9876543210";

    private static ManagementPackFile Pack(string id, string version, bool isSealed = true, string token = TestPacks.Token, params TestReference[] references)
    {
        var xml = TestPacks.Xml(id, version, [TestPacks.System, .. references]);
        return isSealed ? ManagementPackFile.DeclaredSealed(xml, token) : TestPacks.Unsealed(xml);
    }

    public static TheoryData<string> Scenarios() => new()
    {
        "downgrade", "same sealed version", "sealed over unsealed", "unsealed over sealed", "other key",
        "reference missing", "reference unsealed", "reference too old", "reference other key", "allowed upgrade", "unsealed same version",
    };

    /// <summary>What is installed first, and what is imported then.</summary>
    private static (ManagementPackFile[] Installed, ManagementPackFile Imported) Scenario(string name) => name switch
    {
        "downgrade" => ([Pack("Test.A", "2.0.0.0")], Pack("Test.A", "1.0.0.0")),
        "same sealed version" => ([Pack("Test.A", "1.0.0.0")], Pack("Test.A", "1.0.0.0", token: OtherToken)),
        "sealed over unsealed" => ([Pack("Test.A", "1.0.0.0", isSealed: false)], Pack("Test.A", "2.0.0.0")),
        "unsealed over sealed" => ([Pack("Test.A", "1.0.0.0")], Pack("Test.A", "2.0.0.0", isSealed: false)),
        "other key" => ([Pack("Test.A", "1.0.0.0")], Pack("Test.A", "2.0.0.0", token: OtherToken)),
        "reference missing" => ([], Pack("Test.B", "1.0.0.0", references: new TestReference("A", "Test.A", "1.0.0.0"))),
        "reference unsealed" => ([Pack("Test.A", "1.0.0.0", isSealed: false)], Pack("Test.B", "1.0.0.0", references: new TestReference("A", "Test.A", "1.0.0.0"))),
        "reference too old" => ([Pack("Test.A", "1.0.0.0")], Pack("Test.B", "1.0.0.0", references: new TestReference("A", "Test.A", "1.5.0.0"))),
        "reference other key" => ([Pack("Test.A", "1.0.0.0")], Pack("Test.B", "1.0.0.0", references: new TestReference("A", "Test.A", "1.0.0.0", OtherToken))),
        "allowed upgrade" => ([Pack("Test.A", "1.0.0.0")], Pack("Test.A", "1.1.0.0")),
        "unsealed same version" => ([Pack("Test.A", "1.0.0.0", isSealed: false)], Pack("Test.A", "1.0.0.0", isSealed: false)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void The_planner_predicts_what_the_group_enforces_in_the_same_words(string scenario)
    {
        var (installed, imported) = Scenario(scenario);
        using var group = LocalGroups.Create(temp, name: scenario.Replace(' ', '-') + ".db");
        foreach (var pack in installed) group.Import(pack);

        string? predicted = null;
        try
        {
            var plan = new ImportPlanner().Plan(group, [imported]);
            if (plan.Steps.OfType<ImportPackStep>().Any()) predicted = null;
            else predicted = "skipped";
        }
        catch (KmpRefusedException ex)
        {
            predicted = ex.Message;
        }

        string? enforced = null;
        try
        {
            group.Import(imported);
        }
        catch (ManagementGroupRefusedException ex)
        {
            enforced = ex.Message;
        }

        if (enforced is null)
            predicted.Should().BeOneOf([null, "skipped"], $"the group accepts it ({scenario}), so the planner must not refuse it");
        else if (predicted == "skipped")
            installed.Should().Contain(p => p.Id == imported.Id && p.Version == imported.Version, $"the planner skips only a version already installed ({scenario})");
        else
            predicted.Should().Be($"nothing imported into {group.Name}: {enforced}", $"the planner predicts the group's refusal ({scenario})");
    }
}
