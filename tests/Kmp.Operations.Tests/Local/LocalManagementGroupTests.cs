using Kmp.ManagementPacks;
using Kmp.Operations.Local;
using Kmp.Testing;
using Microsoft.Data.Sqlite;

namespace Kmp.Operations.Tests.Local;

public sealed class LocalManagementGroupTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private LocalManagementGroup WithFamily(bool strict = false)
    {
        var group = LocalGroups.Create(temp, strict);
        group.Import(TestPacks.Library());
        foreach (var pack in TestPacks.Product("KSWS")) group.Import(pack);
        return group;
    }

    [Fact]
    public void Uninstall_removes_the_packs_discovered_instances_and_alerts()
    {
        using var group = WithFamily();
        group.SimulateInstances("KasperskyLab.KSWS.Application", 5);
        group.SimulateInstances("KasperskyLab.Library.AntiSpam", 2);
        group.SimulateAlerts("KasperskyLab.KSWS.Event1001.Rule", 2);
        group.Uninstall("KasperskyLab.KSWS.Views");
        group.Uninstall("KasperskyLab.KSWS.Monitoring");
        group.GetAlerts(["KasperskyLab.KSWS.Event1001.Rule"]).Should().BeEmpty();
        group.CountInstances("KasperskyLab.KSWS.Discovery").Should().Be(5);
        group.Uninstall("KasperskyLab.KSWS.Discovery");
        group.CountInstances("KasperskyLab.KSWS.Discovery").Should().Be(0);
        group.CountInstances().Should().Be(2, "the library's instances stay with the library");
    }

    [Fact]
    public void Rehearsals_name_what_is_not_installed()
    {
        using var group = WithFamily();
        var alert = () => group.SimulateAlerts("KasperskyLab.KSWS.NoSuch.Rule");
        alert.Should().Throw<KmpException>().WithMessage("KasperskyLab.KSWS.NoSuch.Rule: no rule or monitor*");
        var instance = () => group.SimulateInstances("KasperskyLab.KSWS.Event1001.Rule");
        instance.Should().Throw<KmpException>().WithMessage("*no class with this ID*");
    }

    [Fact]
    public void Strict_mode_refuses_uninstall_while_alerts_reference_the_workflows_until_they_are_groomed()
    {
        using var group = WithFamily(strict: true);
        group.Uninstall("KasperskyLab.KSWS.Views");
        var ids = group.SimulateAlerts("KasperskyLab.KSWS.Service.Monitor", 2);
        var refused = () => group.Uninstall("KasperskyLab.KSWS.Monitoring");
        refused.Should().Throw<ManagementGroupRefusedException>().Where(e => e.Reason == RefusalReason.AlertsReferenceWorkflows)
            .WithMessage("*may not be deleted because one or more rules in the group is associated with an alert*");

        group.ResolveAlerts(ids, "done");
        refused.Should().Throw<ManagementGroupRefusedException>("closed alerts still reference the rules until grooming deletes them");

        group.Clock.Sleep(TimeSpan.FromDays(7), CancellationToken.None); // resolved Monday 10:00, 7 days to keep: still there on the 7th midnight
        group.GetAlerts(["KasperskyLab.KSWS.Service.Monitor"]).Should().HaveCount(2);
        group.Clock.Sleep(TimeSpan.FromDays(1), CancellationToken.None);
        group.GetAlerts(["KasperskyLab.KSWS.Service.Monitor"]).Should().BeEmpty();
        group.Uninstall("KasperskyLab.KSWS.Monitoring");
    }

    [Fact]
    public void Grooming_runs_at_midnight_and_deletes_only_closed_alerts_older_than_AlertDaysToKeep()
    {
        using var group = WithFamily();
        var open = group.SimulateAlerts("KasperskyLab.KSWS.Event1001.Rule", 1);
        var closed = group.SimulateAlerts("KasperskyLab.KSWS.Event1001.Rule", 2);
        group.ResolveAlerts(closed, "done");
        group.SetAlertDaysToKeep(1);
        group.Clock.Sleep(TimeSpan.FromHours(13), CancellationToken.None); // 23:00 the same day: no run yet
        group.GroomingHistory().Should().BeEmpty();
        group.Clock.Sleep(TimeSpan.FromHours(2), CancellationToken.None); // first midnight: the alerts are 14 h old
        group.GroomingHistory().Should().ContainSingle().Which.Should().Be((new DateTimeOffset(2024, 3, 5, 0, 0, 0, TimeSpan.Zero), 0));
        group.Clock.Sleep(TimeSpan.FromDays(1), CancellationToken.None); // second midnight: 38 h old > 1 day
        group.GroomingHistory().Should().HaveCount(2).And.EndWith((new DateTimeOffset(2024, 3, 6, 0, 0, 0, TimeSpan.Zero), 2));
        group.GetAlerts(["KasperskyLab.KSWS.Event1001.Rule"]).Select(a => a.Id).Should().Equal(open);
    }

    [Fact]
    public void The_simulated_clock_and_the_strict_mode_are_kept_in_the_file()
    {
        var path = temp.File("mg.db");
        using (var group = LocalGroups.Create(temp, strict: true))
        {
            group.Clock.UtcNow.Should().Be(LocalGroups.Start);
            group.Clock.IsSimulated.Should().BeTrue();
            group.Clock.Sleep(TimeSpan.FromDays(2), CancellationToken.None);
        }
        using var reopened = LocalManagementGroup.Open(path, new LocalManagementGroupOptions { StrictAlerts = false, StartTime = DateTimeOffset.UnixEpoch });
        reopened.Clock.UtcNow.Should().Be(LocalGroups.Start.AddDays(2), "options of creation do not apply to an existing group");
        reopened.StrictAlerts.Should().BeTrue();
    }

    [Fact]
    public void A_second_process_holding_the_file_gets_a_clear_busy_message_and_nothing_is_corrupted()
    {
        var path = temp.File("mg.db");
        using (LocalGroups.Create(temp)) { }
        using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        other.Open();
        using (var tx = other.BeginTransaction(deferred: false))
        {
            using var group = LocalManagementGroup.Open(path, new LocalManagementGroupOptions { BusyTimeout = TimeSpan.FromMilliseconds(200) });
            var act = () => group.Import(TestPacks.Library());
            act.Should().Throw<KmpException>().WithMessage("local:*: the management group is busy: another kmp process is changing it*");
            tx.Rollback();
            group.Import(TestPacks.Library());
            group.GetPacks().Should().Contain(p => p.Id == "KasperskyLab.Library");
        }
        using var check = other.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        check.ExecuteScalar().Should().Be("ok");
    }

    [Fact]
    public void Two_groups_on_one_file_see_each_others_changes()
    {
        using var first = LocalGroups.Create(temp);
        using var second = LocalManagementGroup.Open(first.Path);
        first.Import(TestPacks.Library());
        second.GetPacks().Should().Contain(p => p.Id == "KasperskyLab.Library");
        second.Clock.Sleep(TimeSpan.FromHours(1), CancellationToken.None);
        first.Clock.UtcNow.Should().Be(LocalGroups.Start.AddHours(1));
    }

    [Fact]
    public void A_file_that_is_not_a_local_group_is_named_in_the_error()
    {
        var path = temp.File("not-a-db.db");
        File.WriteAllText(path, "this is not SQLite at all, just text that fills more than a header's worth of bytes ......................................................");
        var act = () => LocalManagementGroup.Open(path);
        act.Should().Throw<KmpException>().WithMessage($"local:{path}: *");
    }

    [Fact]
    public void Open_never_creates_a_group()
    {
        var path = temp.File("missing.db");
        var act = () => LocalManagementGroup.Open(path);
        act.Should().Throw<KmpException>().Which.Message.Should().Be($"local:{path}: no management group there (create one with 'kmp mg init {path}')");
        Directory.EnumerateFileSystemEntries(temp.Path).Should().BeEmpty();
    }

    [Fact]
    public void Open_refuses_a_SQLite_file_that_is_not_a_kmp_group_and_does_not_convert_it()
    {
        var path = temp.File("other.db");
        using (var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            other.Open();
            using var command = other.CreateCommand();
            command.CommandText = "CREATE TABLE customers(name TEXT, city TEXT); INSERT INTO customers VALUES ('Contoso', 'Redmond');";
            command.ExecuteNonQuery();
        }
        var before = File.ReadAllBytes(path);
        var act = () => LocalManagementGroup.Open(path);
        act.Should().Throw<KmpException>().WithMessage($"local:{path}: not a kmp management group*");
        File.ReadAllBytes(path).Should().Equal(before);
        LocalGroups.Dump(path).Should().Equal("customers: Contoso | Redmond");
    }

    /// <summary>Two unsealed library packs in a folder, for creating a group with --libraries.</summary>
    private string LibraryFolder()
    {
        var folder = temp.File("libraries");
        Directory.CreateDirectory(folder);
        foreach (var id in new[] { "Contoso.Base.Library", "Contoso.Network.Library" })
            File.WriteAllText(Path.Combine(folder, id + ".xml"), TestPacks.Xml(id, "1.0.0.0", []));
        return folder;
    }

    private sealed class SimulatedCrash : Exception;

    [Theory]
    [InlineData(8, "read-only")]
    [InlineData(8 | (6 << 8), "read-only")] // SQLITE_READONLY_DIRECTORY
    [InlineData(10, "I/O error")]
    [InlineData(13, "disk is full")]
    [InlineData(14, "cannot open")]
    public void SQLite_write_failures_are_cannot_write_errors_that_name_the_group(int code, string says)
    {
        var error = LocalManagementGroup.Translate(new Microsoft.Data.Sqlite.SqliteException($"SQLite Error {code}: something", code), "/g/mg.db", TimeSpan.FromSeconds(1));
        var kmp = error.Should().BeOfType<KmpException>().Subject;
        kmp.Kind.Should().Be(ErrorKind.CannotWrite);
        kmp.Message.Should().StartWith("local:/g/mg.db: ").And.Contain(says).And.NotContain("\n");
    }

    [Fact]
    public void Init_sweeps_what_an_interrupted_init_left_but_not_what_a_live_one_holds()
    {
        var path = temp.File("mg.db");
        var stale = temp.File(".mg.db.0123456789abcdef0123456789abcdef.creating");
        foreach (var file in new[] { stale, stale + "-wal", stale + "-shm" }) File.WriteAllText(file, "left by a killed init");
        var live = temp.File(".mg.db.fedcba9876543210fedcba9876543210.creating");
        File.WriteAllText(live, "being created");
        using (new FileStream(live + ".lock", FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            LocalManagementGroup.Create(path).Dispose();
        File.Exists(stale).Should().BeFalse();
        File.Exists(stale + "-wal").Should().BeFalse();
        File.Exists(stale + "-shm").Should().BeFalse();
        File.Exists(live).Should().BeTrue("a live init holds its temporary");
    }

    [Fact]
    public void Init_writes_a_group_whose_name_is_as_long_as_sqlite_allows()
    {
        var path = temp.File(new string('g', 250 - ".lock".Length) + ".db"); // -wal, -shm and .lock still fit
        LocalManagementGroup.Create(path).Dispose();
        using var group = LocalManagementGroup.Open(path);
        using (group.HoldForChanges()) group.Path.Should().Be(path);
    }

    [Fact]
    public void A_group_created_at_the_same_path_meanwhile_is_the_same_already_exists_error()
    {
        var path = temp.File("mg.db");
        var before = () => { LocalManagementGroup.Create(path).Dispose(); LocalManagementGroup.Create(path); };
        var beforeKind = before.Should().Throw<KmpException>().Which.Kind;
        File.Delete(path);
        var raced = () => LocalManagementGroup.Create(path, null, (step, _) =>
        {
            if (step == "schema") File.WriteAllText(path, "another init won");
        });
        raced.Should().Throw<KmpException>().WithMessage($"local:{path}: already exists*")
            .Which.Kind.Should().Be(beforeKind).And.Be(ErrorKind.CannotWrite);
    }

    /// <summary>
    /// A process that dies during creation leaves on disk what SQLite has written so far: the database
    /// file and its write-ahead log. The hook copies exactly that at the chosen step, then stops the creation.
    /// </summary>
    [Theory]
    [InlineData("schema")]
    [InlineData("library Contoso.Base.Library")]
    [InlineData("library Contoso.Network.Library")]
    public void A_creation_that_dies_half_way_leaves_nothing_that_opens_as_a_group_and_can_be_run_again(string crashStep)
    {
        var path = temp.File("mg.db");
        var crashed = temp.File("crashed.db");
        var options = new LocalManagementGroupOptions { LibrariesDirectory = LibraryFolder(), StartTime = LocalGroups.Start };
        var steps = new List<string>();
        var act = () => LocalManagementGroup.Create(path, options, (step, file) =>
        {
            steps.Add(step);
            if (step != crashStep) return;
            foreach (var suffix in new[] { "", "-wal" })
                if (File.Exists(file + suffix)) File.Copy(file + suffix, crashed + suffix);
            throw new SimulatedCrash();
        });

        act.Should().Throw<SimulatedCrash>();
        steps.Should().EndWith(crashStep);
        File.Exists(path).Should().BeFalse("the group's path shows a group only when it is complete");
        Directory.EnumerateFiles(temp.Path).Select(Path.GetFileName).Should().BeEquivalentTo(["crashed.db", .. File.Exists(crashed + "-wal") ? new[] { "crashed.db-wal" } : []],
            "a failed creation leaves no file of its own behind");
        var open = () => LocalManagementGroup.Open(crashed);
        open.Should().Throw<KmpException>().WithMessage($"local:{crashed}: not a kmp management group*", "what a crash leaves is refused, never used");

        using var group = LocalManagementGroup.Create(path, options);
        group.GetPacks().Select(p => p.Id).Should().Equal("Contoso.Base.Library", "Contoso.Network.Library");
        group.GetAlertDaysToKeep().Should().Be(LocalManagementGroup.DefaultAlertDaysToKeep);
    }

    [Fact]
    public void Create_refuses_an_existing_file()
    {
        using (LocalGroups.Create(temp)) { }
        var act = () => LocalManagementGroup.Create(temp.File("mg.db"));
        act.Should().Throw<KmpException>().WithMessage("*already exists*");
    }

    [Fact]
    public void A_2007R2_group_refuses_packs_that_reference_2012_libraries()
    {
        using var group = LocalManagementGroup.Create(temp.File("r2.db"), new LocalManagementGroupOptions { LibraryVersions = SchemaTarget.Scom2007R2 });
        group.GetPacks().Single(p => p.Id == "System.Library").Version.Should().Be(new Version(6, 1, 7221, 0));
        var act = () => group.Import(TestPacks.Sealed(TestPacks.Xml("KasperskyLab.Library", "1.0.0.0", [new TestReference("System", "System.Library", "7.5.8501.0", LibraryPack.MicrosoftKeyToken)])));
        act.Should().Throw<ManagementGroupRefusedException>().WithMessage("*System.Library*7.5.8501.0*6.1.7221.0*");
    }

    [SkippableFact]
    public void A_group_can_start_with_the_real_library_packs_of_a_folder()
    {
        var folder = Corpus.File("microsoft", "7.x");
        using var group = LocalManagementGroup.Create(temp.File("real.db"), new LocalManagementGroupOptions { LibrariesDirectory = folder, StartTime = LocalGroups.Start });
        var packs = group.GetPacks();
        packs.Should().Contain(p => p.Id == "System.Library" && p.Version == new Version(7, 5, 8501, 0) && p.Sealed && p.KeyToken == LibraryPack.MicrosoftKeyToken);
        packs.Single(p => p.Id == "Microsoft.Windows.Library").ClassIds.Should().Contain("Microsoft.Windows.Computer");
        group.ExportXml("System.Health.Library").Should().Contain("<ID>System.Health.Library</ID>");
        packs.Where(p => p.KeyToken == LibraryPack.MicrosoftKeyToken).Should().HaveCount(8, "every pack of the folder is installed, and no seeded record");
        group.Notes.Should().Contain(n => n.StartsWith("System.Performance.Library: references System.Snmp.Library 7.0.8433.0, which 7.x does not have", StringComparison.Ordinal));
    }
}
