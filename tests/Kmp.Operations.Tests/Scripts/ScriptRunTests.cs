using Kmp.Application.Operations;
using Kmp.Operations.Plans;
using Kmp.Operations.Scripts;
using Kmp.Operations.Tests.Removal;
using Kmp.Operations.Tests.Scripts.Fake;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Scripts;

/// <summary>
/// The emitted scripts for every plan kmp makes, run in-process against the fake OperationsManager
/// module, leave the fake group in the state kmp's own commands leave the local group in.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class ScriptRunTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ScriptHarness harness;

    public ScriptRunTests() => harness = new ScriptHarness(temp);

    public void Dispose() => temp.Dispose();

    private string PackFolder()
    {
        var folder = harness.Folder("packs");
        Directory.CreateDirectory(folder);
        foreach (var pack in RealFamily.Packs) File.WriteAllBytes(Path.Combine(folder, pack.Id + ".mp"), pack.Content);
        return folder;
    }

    [Fact]
    public void Import_then_notify_leave_the_fake_group_as_kmp_import_and_kmp_notify_leave_the_local_one()
    {
        var (kmp, scom) = harness.Twins();
        using (kmp)
        using (scom)
        {
            var plan = ImportFamily.Plan(kmp, RealFamily.Packs);
            var importScript = RemovePlanScript.Render(plan);
            new PlanExecutor(kmp).Execute(plan);
            NotificationRecipients.Add(kmp, ScriptHarness.Recipient);

            var fake = new FakeScom(scom);
            var (import, _) = PowerShellHarness.RunText(importScript, harness.Folder("import"), fake, new Dictionary<string, object?> { ["PackFolder"] = PackFolder() });
            import.Succeeded.Should().BeTrue(import.ToString());
            import.Warnings.Should().ContainSingle().Which.Should().Contain("needs at least one recipient");
            var (notify, _) = PowerShellHarness.RunText(NotificationScript.Render(ScriptHarness.ClassPacks), harness.Folder("notify"), fake,
                new Dictionary<string, object?> { ["Recipients"] = new[] { ScriptHarness.Recipient } });
            notify.Succeeded.Should().BeTrue(notify.ToString());

            ScriptHarness.State(scom).Should().Equal(ScriptHarness.State(kmp));
            fake.Subscription!.Enabled.Should().BeTrue();

            var (again, _) = PowerShellHarness.RunText(importScript, harness.Folder("import"), fake, new Dictionary<string, object?> { ["PackFolder"] = PackFolder() });
            again.Succeeded.Should().BeTrue(again.ToString());
            again.Messages.Where(m => m.EndsWith("is already installed: skipped", StringComparison.Ordinal)).Should().HaveCount(RealFamily.Packs.Count);
            ScriptHarness.State(scom).Should().Equal(ScriptHarness.State(kmp));
        }
    }

    public static TheoryData<bool, bool, bool> RemovePlans()
    {
        var data = new TheoryData<bool, bool, bool>();
        foreach (var all in new[] { false, true })
            foreach (var customer in new[] { false, true })
                foreach (var strict in new[] { false, true })
                    data.Add(all, customer, strict);
        return data;
    }

    [Theory]
    [MemberData(nameof(RemovePlans))]
    public void The_remove_script_leaves_the_fake_group_as_kmp_remove_leaves_the_local_one(bool all, bool customerPack, bool strict)
    {
        var (kmp, scom) = harness.Twins(strict, customerPack ? ScriptHarness.FamilyAndCustomer : ScriptHarness.Family);
        using (kmp)
        using (scom)
        {
            var request = ScriptHarness.Request(temp, all, strip: customerPack);
            var plan = RemoveFamily.Plan(kmp, request);
            var script = RemovePlanScript.Render(plan);
            RemoveFamily.Execute(kmp, plan, request, progress: null);

            var fake = new FakeScom(scom);
            // A strict group stands for one that keeps a pack while alerts reference it: the administrator asks for the wait.
            var parameters = strict ? new Dictionary<string, object?> { ["WaitForGrooming"] = true, ["PollSeconds"] = 6 * 3600 } : null;
            var (run, _) = PowerShellHarness.RunText(script, harness.Folder("remove"), fake, parameters);

            run.Succeeded.Should().BeTrue(run.ToString());
            ScriptHarness.State(scom).Should().Equal(ScriptHarness.State(kmp));
            if (customerPack) scom.GetPacks().Single(p => p.Id == "Contoso.Overrides").Version.Should().Be(new Version(1, 0, 0, 1));
        }
    }
}
