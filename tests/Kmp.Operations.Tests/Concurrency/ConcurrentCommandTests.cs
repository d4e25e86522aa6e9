using System.Diagnostics;
using System.Text.Json;
using Kmp.Cli;
using Kmp.ManagementPacks;
using Kmp.Operations.Local;
using Kmp.Operations.Tests.Removal;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Concurrency;

/// <summary>
/// Commands on one local group at once (issue 9 item 1): <c>remove --all</c>, <c>import</c> and
/// <c>notify add</c> started together, each through the real command line on its own connection,
/// round after round. Whatever order they end up in, the group must be one a sequence of whole
/// commands could leave, and a command that exits 0 must have done its work.
/// </summary>
public sealed class ConcurrentCommandTests : IDisposable
{
    private const int Rounds = 12;

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static (int Code, string Out, string Err) Kmp(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Remove_import_and_notify_add_at_once_leave_a_consistent_group_and_lose_no_address() => Mixes(Rounds, Kmp);

    [Fact]
    public void The_same_mixes_as_separate_processes() => Mixes(3, KmpProcess);

    /// <summary>Runs kmp.dll (copied beside the tests) in a process of its own.</summary>
    private static (int Code, string Out, string Err) KmpProcess(string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kmp.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    private void Mixes(int rounds, Func<string[], (int Code, string Out, string Err)> kmp)
    {
        var folder = temp.File("packs");
        Directory.CreateDirectory(folder);
        foreach (var pack in RealFamily.Packs) File.WriteAllBytes(Path.Combine(folder, pack.Id + ".mp"), pack.Content);
        var db = temp.File("mg.db");
        var mg = "local:" + db;
        Kmp("mg", "init", db).Code.Should().Be(ExitCodes.Success);
        Kmp("import", folder, "--mg", mg).Code.Should().Be(ExitCodes.Success);
        var familyIds = RealFamily.Packs.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);

        for (var round = 0; round < rounds; round++)
        {
            var backup = temp.File("backup" + round);
            var address = $"n{round}@example.com";
            var commands = new[]
            {
                new[] { "remove", "--all", "--mg", mg, "--backup", backup },
                ["import", folder, "--mg", mg],
                ["notify", "add", address, "--mg", mg],
            };
            // Alternate which command gets the head start, so that every pair meets in both orders.
            if (round % 2 == 1) Array.Reverse(commands);
            var results = RunTogether(commands, kmp);

            foreach (var (args, result) in results)
            {
                var what = $"round {round}: kmp {string.Join(' ', args)} exited {result.Code}: {result.Err}";
                result.Code.Should().BeOneOf([ExitCodes.Success, ExitCodes.Refused, ExitCodes.NothingToDo], what);
                result.Err.Should().NotContain("internal error", what);
            }

            using var group = LocalManagementGroup.Open(db);
            var installed = group.GetPacks();
            var family = installed.Where(p => familyIds.Contains(p.Id)).Select(p => p.Id).ToList();
            family.Count.Should().BeOneOf([0, familyIds.Count], $"round {round}: a whole import or a whole remove, not a mix: {string.Join(", ", family)}");
            var subscription = group.GetSubscription(KavAdministrators.Name);
            if (family.Count == 0)
                subscription.Should().BeNull($"round {round}: no Kaspersky pack is installed, so KAV Administrators must be gone");
            else
            {
                subscription.Should().NotBeNull($"round {round}: the family is installed, so KAV Administrators must exist");
                subscription!.ClassIds.Should().BeEquivalentTo(KavAdministrators.FamilyClasses(installed), $"round {round}");
            }

            var notify = results.Single(r => r.Args[0] == "notify").Result;
            if (notify.Code == ExitCodes.Success)
            {
                var backedUp = Path.Combine(backup, KavAdministrators.Name + ".json");
                var inBackup = File.Exists(backedUp)
                    && JsonSerializer.Deserialize<NotificationSubscription>(File.ReadAllText(backedUp))!.Recipients.Contains(address);
                var inGroup = subscription?.Recipients.Contains(address) == true;
                (inGroup || inBackup).Should().BeTrue($"round {round}: notify add said '{notify.Out.Trim()}' (exit 0), so {address} must be in the group or in the remove's backup");
            }
            else notify.Err.Should().Contain("no Kaspersky Lab pack is installed", $"round {round}: notify add may only be refused because the family was removed first");
        }
    }

    /// <summary>Runs each command on its own thread, all released at once; results in the order given.</summary>
    private static List<(string[] Args, (int Code, string Out, string Err) Result)> RunTogether(string[][] commands, Func<string[], (int Code, string Out, string Err)> kmp)
    {
        using var start = new Barrier(commands.Length);
        var results = new (int Code, string Out, string Err)[commands.Length];
        var threads = commands.Select((args, i) => new Thread(() => { start.SignalAndWait(); results[i] = kmp(args); })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return [.. commands.Select((args, i) => (args, results[i]))];
    }

    [Fact]
    public void A_second_hold_waits_for_the_first_and_times_out_in_one_line()
    {
        var db = temp.File("mg.db");
        LocalManagementGroup.Create(db).Dispose();
        using var first = LocalManagementGroup.Open(db);
        using var second = LocalManagementGroup.Open(db, new LocalManagementGroupOptions { HoldTimeout = TimeSpan.FromMilliseconds(300) });
        using (first.HoldForChanges())
        {
            using (first.HoldForChanges()) { } // nests in one instance
            var busy = () => second.HoldForChanges();
            busy.Should().Throw<KmpException>().WithMessage($"local:{db}: the management group is busy: another kmp command is changing it*")
                .Which.Kind.Should().Be(ErrorKind.GroupBusy);
        }
        using (second.HoldForChanges()) { } // released with the first
    }
    [Fact]
    public void A_symbolic_link_to_the_group_shares_its_hold()
    {
        var db = temp.File("mg.db");
        LocalManagementGroup.Create(db).Dispose();
        var link = temp.File("link.db");
        File.CreateSymbolicLink(link, db);
        using var first = LocalManagementGroup.Open(db);
        using var second = LocalManagementGroup.Open(link, new LocalManagementGroupOptions { HoldTimeout = TimeSpan.FromMilliseconds(200) });
        second.LockPath.Should().Be(first.LockPath);
        using (first.HoldForChanges())
        {
            var busy = () => second.HoldForChanges();
            busy.Should().Throw<KmpException>().Which.Kind.Should().Be(ErrorKind.GroupBusy);
        }
        File.Exists(link + ".lock").Should().BeFalse();
    }

    [SkippableFact]
    public void A_group_file_with_two_hard_links_is_refused_before_a_change()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "kmp counts a file's hard links on Linux");
        var db = temp.File("mg.db");
        LocalManagementGroup.Create(db).Dispose();
        var other = temp.File("h.db");
        using (var ln = Process.Start("ln", [db, other])) ln.WaitForExit();
        File.Exists(other).Should().BeTrue();
        var (code, _, err) = Kmp("notify", "add", "a@example.com", "--mg", "local:" + other);
        code.Should().Be(ExitCodes.Refused);
        err.TrimEnd().Should().StartWith($"local:{other}: the group file has 2 names (hard links)").And.NotContain("\n");
    }

    [Fact]
    public void A_symbolic_link_at_the_lock_path_is_refused_at_once_and_not_followed()
    {
        var db = temp.File("mg.db");
        LocalManagementGroup.Create(db).Dispose();
        var target = temp.File("elsewhere");
        File.CreateSymbolicLink(db + ".lock", target); // dangling
        var (code, _, err) = Kmp("notify", "add", "a@example.com", "--mg", "local:" + db);
        code.Should().Be(ExitCodes.CannotWrite);
        err.Should().Contain("is a symbolic link");
        File.Exists(target).Should().BeFalse();
        File.Delete(db + ".lock");
        File.CreateSymbolicLink(db + ".lock", db + ".lock"); // a loop
        Kmp("notify", "add", "a@example.com", "--mg", "local:" + db).Code.Should().Be(ExitCodes.CannotWrite);
    }

    [Fact]
    public void A_folder_at_the_lock_path_is_cannot_write_at_once_not_busy()
    {
        var db = temp.File("mg.db");
        LocalManagementGroup.Create(db).Dispose();
        Directory.CreateDirectory(db + ".lock");
        using var group = LocalManagementGroup.Open(db, new LocalManagementGroupOptions { HoldTimeout = TimeSpan.FromMinutes(5) });
        var hold = () => group.HoldForChanges();
        hold.Should().Throw<KmpException>().Which.Kind.Should().Be(ErrorKind.CannotWrite);
    }
}
