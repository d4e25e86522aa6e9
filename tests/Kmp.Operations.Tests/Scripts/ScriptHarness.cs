using Kmp.Application.Operations;
using Kmp.ManagementPacks.Xml;
using Kmp.Operations.Local;
using Kmp.Operations.Plans;
using Kmp.Operations.Tests.Local;
using Kmp.Operations.Tests.Removal;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Scripts;

/// <summary>
/// Twin local groups for the script tests: one that kmp changes with its own commands, one behind the
/// fake OperationsManager module that the emitted script changes; the two must end in the same state.
/// The fake is backed by the real local group (not a model of it) so that the rules SCOM enforces on
/// import and uninstall, which the local group implements, hold for the script exactly as for kmp.
/// </summary>
public sealed class ScriptHarness(TempDirectory temp)
{
    public const string Recipient = "ops@contoso.com";

    private int count;

    /// <summary>A product whose Monitoring pack has both a rule and a monitor, so that both kinds of alert are exercised.</summary>
    public static string Product { get; } = RealFamily.Products.First(p =>
    {
        var monitoring = RealFamily.Packs.Single(f => f.Id == $"KasperskyLab.{p}.Monitoring").Document.Elements;
        return monitoring.Any(e => e.Kind == "Rule") && monitoring.Any(e => e.Kind == "UnitMonitor");
    });

    public static string Token => RealFamily.Packs[0].KeyToken!;

    /// <summary>Every Kaspersky class of the family with the pack that defines it (what kmp build gives the notifications script).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ClassPacks { get; } =
        [.. RealFamily.Packs.SelectMany(p => p.Document.Elements.Where(e => e.Kind == "ClassType").Select(e => KeyValuePair.Create(e.Id, p.Id)))];

    public string Folder(string name) => temp.File($"{name}{++count}");

    /// <summary>Groups already set up, by setup and strictness, copied for each test (importing the family takes a while).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, bool), byte[]> Prepared = new();

    /// <summary>Two groups in the same state: what <paramref name="setup"/> made of a new one, copied.</summary>
    public (LocalManagementGroup Kmp, LocalManagementGroup Scom) Twins(bool strict = false, Action<LocalManagementGroup>? setup = null)
    {
        var n = ++count;
        var kmpPath = temp.File($"kmp{n}.db");
        var scomPath = temp.File($"scom{n}.db");
        var key = (setup?.Method is { } m ? m.DeclaringType + "." + m.Name : "", strict);
        if (setup is not null && setup.Target is null && Prepared.TryGetValue(key, out var bytes))
        {
            File.WriteAllBytes(kmpPath, bytes);
        }
        else
        {
            using (var first = LocalManagementGroup.Create(kmpPath, new LocalManagementGroupOptions { StrictAlerts = strict, StartTime = LocalGroups.Start }))
                setup?.Invoke(first);
            if (setup is not null && setup.Target is null) Prepared.TryAdd(key, File.ReadAllBytes(kmpPath));
        }
        File.Copy(kmpPath, scomPath);
        return (LocalManagementGroup.Open(kmpPath), LocalManagementGroup.Open(scomPath));
    }

    /// <summary>The family (see <see cref="Family"/>) and a customer pack on it.</summary>
    public static void FamilyAndCustomer(LocalManagementGroup group)
    {
        Family(group);
        group.Import(CustomerPack());
    }

    /// <summary>The family imported by kmp, KAV Administrators with a recipient, a rule alert and a monitor alert of <see cref="Product"/>.</summary>
    public static void Family(LocalManagementGroup group)
    {
        new PlanExecutor(group).Execute(new ImportPlanner().Plan(group, RealFamily.Packs)); // the packs are verified elsewhere
        NotificationRecipients.Add(group, Recipient);
        var monitoring = group.GetPacks().Single(p => p.Id == $"KasperskyLab.{Product}.Monitoring");
        var kinds = RealFamily.Packs.Single(p => p.Id == monitoring.Id).Document.Elements.ToDictionary(e => e.Id, e => e.Kind);
        group.SimulateAlerts(monitoring.WorkflowIds.First(w => kinds[w] == "Rule"));
        group.SimulateAlerts(monitoring.WorkflowIds.First(w => kinds[w] == "UnitMonitor"));
    }

    /// <summary>A customer's unsealed pack with an override on <see cref="Product"/>'s class, and a display string for it.</summary>
    public static ManagementPackFile CustomerPack()
    {
        var discovery = RealFamily.Packs.Single(p => p.Id == $"KasperskyLab.{Product}.Discovery");
        var monitoring = RealFamily.Packs.Single(p => p.Id == $"KasperskyLab.{Product}.Monitoring");
        var @class = discovery.Document.Elements.First(e => e.Kind == "ClassType").Id;
        var monitor = monitoring.Document.Elements.First(e => e.Kind == "UnitMonitor").Id;
        return ManagementPackFile.Unsealed(TestPacks.Xml("Contoso.Overrides", "1.0.0.0",
            [TestPacks.System, new TestReference("KLD", discovery.Id, "1.0.0.0", Token), new TestReference("KLM", monitoring.Id, "1.0.0.0", Token)],
            overrides: [TestPacks.Override("Contoso.Override.KasperskyService", "KLD!" + @class, "KLM!" + monitor)],
            displayStrings: [("Contoso.Override.KasperskyService", "Quieter Kaspersky service monitor")]));
    }

    /// <summary>What the two groups are compared on: packs, KAV Administrators (but the channel's name), grooming, alerts.</summary>
    public static IReadOnlyList<string> State(LocalManagementGroup group)
    {
        var lines = group.GetPacks().Select(p => $"pack {p.Id} {p.Version} {(p.Sealed ? "sealed" : "unsealed")}").ToList();
        var s = group.GetSubscription(KavAdministrators.Name);
        lines.Add(s is null ? "no subscription"
            : $"subscription {s.Name} | {s.Description} | classes {string.Join(", ", s.ClassIds.Order(StringComparer.Ordinal))} | {string.Join(", ", s.Severities)} | to {string.Join(", ", s.Recipients.Order(StringComparer.OrdinalIgnoreCase))}");
        lines.Add($"AlertDaysToKeep {group.GetAlertDaysToKeep()}");
        var alerts = group.GetAlerts([.. group.GetPacks().SelectMany(p => p.WorkflowIds)]);
        lines.Add($"alerts {alerts.Count}, open {alerts.Count(a => a.IsOpen)}");
        return lines;
    }

    public static RemoveRequest Request(TempDirectory temp, bool all, bool strip = false, bool wait = false, int? groomDays = null) => new()
    {
        Products = all ? [] : [Product],
        All = all,
        StripOverrides = strip,
        WaitForGrooming = wait,
        GroomDays = groomDays,
        BackupFolder = temp.File("kmp-backup"),
        StateFile = temp.File("kmp-grooming.json"),
    };

    public static ManagementPackDocument Document(string packId) => RealFamily.Packs.Single(p => p.Id == packId).Document;
}
