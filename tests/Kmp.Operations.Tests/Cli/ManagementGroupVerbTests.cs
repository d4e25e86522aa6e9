using System.Text.Json;
using Kmp.Cli;
using Kmp.Operations.Local;
using Kmp.Operations.Tests.Removal;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Cli;

/// <summary>The management-group verbs as an administrator runs them: output, exit codes, rehearsal commands.</summary>
public sealed class ManagementGroupVerbTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string Mg => "local:" + temp.File("mg.db");

    /// <summary>Creates the group of <see cref="Mg"/>, as an administrator does before the first import.</summary>
    private void Init() => Kmp("mg", "init", temp.File("mg.db")).Code.Should().Be(ExitCodes.Success);

    private (int Code, string Out, string Err) Kmp(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Writes the real sealed family to a folder, as kmp build does.</summary>
    private string FamilyFolder()
    {
        var folder = temp.File("packs");
        Directory.CreateDirectory(folder);
        foreach (var pack in RealFamily.Packs) File.WriteAllBytes(Path.Combine(folder, pack.Id + ".mp"), pack.Content);
        return folder;
    }

    [Theory]
    [InlineData("100000000")]
    [InlineData("0")]
    [InlineData("-5")]
    public void Simulate_count_is_bounded(string count)
    {
        Init();
        var alerts = Kmp("mg", "simulate", "alert", "--workflow", "X.Rule", "--count", count, "--mg", Mg);
        alerts.Code.Should().Be(ExitCodes.Usage);
        alerts.Err.Should().Contain("--count must be 1 to 100000");
        Kmp("mg", "simulate", "instance", "--class", "X.Class", "--count", count, "--mg", Mg).Code.Should().Be(ExitCodes.Usage);
    }

    [Fact]
    public void Remove_never_writes_its_script_or_state_file_over_the_group()
    {
        Init();
        var db = temp.File("mg.db");
        var before = File.ReadAllBytes(db);
        var link = temp.File("link.db");
        File.CreateSymbolicLink(link, db);
        foreach (var args in new[]
        {
            new[] { "remove", "--all", "--mg", Mg, "--emit-script", db, "--what-if" },
            ["remove", "--all", "--mg", Mg, "--emit-script", link],
            ["remove", "--all", "--mg", Mg, "--state-file", db],
        })
        {
            var result = Kmp(args);
            result.Code.Should().Be(ExitCodes.Usage, string.Join(' ', args));
            result.Err.Should().Contain("is the management group; kmp never writes over what it reads");
        }
        File.ReadAllBytes(db).Should().Equal(before);
    }

    [Fact]
    public void Remove_without_product_or_all_is_a_usage_error()
    {
        Init();
        var result = Kmp("remove", "--mg", Mg);
        result.Code.Should().Be(ExitCodes.Usage);
        result.Err.Should().Contain("--product KEY").And.Contain("--all");
    }

    [Fact]
    public void Import_then_import_again_exits_with_nothing_to_do()
    {
        var folder = FamilyFolder();
        Kmp("mg", "init", temp.File("mg.db")).Code.Should().Be(ExitCodes.Success);
        var first = Kmp("import", folder, "--mg", Mg);
        first.Code.Should().Be(ExitCodes.Success, first.Err);
        first.Out.Should().Contain("create notification group KAV Administrators");
        var second = Kmp("import", folder, "--mg", Mg);
        second.Code.Should().Be(ExitCodes.NothingToDo);
        second.Out.Should().Contain("nothing to do");
    }

    [Fact]
    public void Import_of_one_product_takes_the_library_and_its_discovery_pack_with_it()
    {
        Init();
        var result = Kmp("import", FamilyFolder(), "--product", "KSWS", "--mg", Mg);
        result.Code.Should().Be(ExitCodes.Success, result.Err);
        using var group = LocalManagementGroup.Open(temp.File("mg.db"));
        group.GetPacks().Where(p => KasperskyFamily.IsFamily(p.Id)).Select(p => p.Id).Should()
            .BeEquivalentTo(["KasperskyLab.Library", "KasperskyLab.Library.Discovery", "KasperskyLab.KSWS.Discovery", "KasperskyLab.KSWS.Monitoring", "KasperskyLab.KSWS.Views"]);
    }

    [Fact]
    public void A_product_Discovery_pack_imported_by_hand_without_the_Kaspersky_Lab_computer_discovery_is_refused()
    {
        Init();
        var folder = FamilyFolder();
        string Pack(string id) => Path.Combine(folder, id + ".mp");
        // Its script discovery targets the Kaspersky Lab computers, a class of KasperskyLab.Library.Discovery:
        // without that pack nothing would ever be discovered, so the group refuses the import as SCOM does.
        var alone = Kmp("import", Pack("KasperskyLab.Library"), Pack("KasperskyLab.KES.Discovery"), "--mg", Mg);
        alone.Code.Should().Be(ExitCodes.Refused, alone.Out + alone.Err);
        (alone.Out + alone.Err).Should().Contain("KasperskyLab.KES.Discovery: could not load management pack [ID=KasperskyLab.Library.Discovery");
        using (var group = LocalManagementGroup.Open(temp.File("mg.db")))
            group.GetPacks().Where(p => KasperskyFamily.IsFamily(p.Id)).Should().BeEmpty("nothing is imported when one pack is refused");
        var together = Kmp("import", Pack("KasperskyLab.Library"), Pack("KasperskyLab.Library.Discovery"), Pack("KasperskyLab.KES.Discovery"), "--mg", Mg);
        together.Code.Should().Be(ExitCodes.Success, together.Err);
    }

    [Fact]
    public void The_Kaspersky_Lab_computer_discovery_stays_while_a_product_does_and_goes_with_the_last()
    {
        Init();
        Kmp("import", FamilyFolder(), "--product", "KSWS", "--product", "KES", "--mg", Mg).Code.Should().Be(ExitCodes.Success);
        var first = Kmp("remove", "--product", "KSWS", "--mg", Mg, "--backup", temp.File("backup"));
        first.Code.Should().Be(ExitCodes.Success, first.Err);
        using (var group = LocalManagementGroup.Open(temp.File("mg.db")))
            group.GetPacks().Where(p => KasperskyFamily.IsFamily(p.Id)).Select(p => p.Id).Should()
                .BeEquivalentTo(["KasperskyLab.Library", "KasperskyLab.Library.Discovery", "KasperskyLab.KES.Discovery", "KasperskyLab.KES.Monitoring", "KasperskyLab.KES.Views"],
                    "KES's script discovery still targets the Kaspersky Lab computers");
        var last = Kmp("remove", "--product", "KES", "--mg", Mg, "--backup", temp.File("backup"));
        last.Code.Should().Be(ExitCodes.Success, last.Err);
        last.Out.Should().Contain("remove KasperskyLab.Library.Discovery 1.0.0.0: the Kaspersky Lab computers (class and discovery), on which the products are looked for");
        last.Out.IndexOf("remove KasperskyLab.KES.Discovery ", StringComparison.Ordinal).Should()
            .BeLessThan(last.Out.IndexOf("remove KasperskyLab.Library.Discovery ", StringComparison.Ordinal), "KES's Discovery pack references the Kaspersky Lab computers' pack, so it goes first");
        using (var group = LocalManagementGroup.Open(temp.File("mg.db")))
            group.GetPacks().Where(p => KasperskyFamily.IsFamily(p.Id)).Should().BeEmpty();
    }

    [Fact]
    public void Remove_after_success_exits_with_nothing_to_do_and_says_so()
    {
        Init();
        Kmp("import", FamilyFolder(), "--mg", Mg).Code.Should().Be(ExitCodes.Success);
        var args = new[] { "remove", "--all", "--mg", Mg, "--backup", temp.File("backup") };
        var first = Kmp(args);
        first.Code.Should().Be(ExitCodes.Success, first.Err);
        first.Out.Should().Contain("remove KasperskyLab.KSWS.Views 1.0.0.0: views (public views folder Kaspersky Lab/KSWS)");
        var second = Kmp(args);
        second.Code.Should().Be(ExitCodes.NothingToDo);
        second.Out.Should().Contain("nothing to remove");
    }

    [Fact]
    public void A_grooming_timeout_exits_timeout_and_a_refusal_exits_refused()
    {
        Kmp("mg", "init", temp.File("mg.db"), "--strict-alerts").Code.Should().Be(ExitCodes.Success);
        Kmp("import", FamilyFolder(), "--mg", Mg).Code.Should().Be(ExitCodes.Success);
        var alert = Kmp("mg", "simulate", "alert", "--mg", Mg, "--workflow", MonitorOf("KSWS"), "--count", "3");
        alert.Code.Should().Be(ExitCodes.Success, alert.Err);
        alert.Out.Should().Contain("raised 3 alert(s)");

        var timeout = Kmp("remove", "--product", "KSWS", "--mg", Mg, "--wait-for-grooming=12h", "--backup", temp.File("backup"));
        timeout.Code.Should().Be(ExitCodes.Timeout);
        timeout.Err.Trim().Split('\n').Last().Should().Contain("still not groomed after 12 h", "the timeout is one line after the progress, like every error");

        var waited = Kmp("remove", "--product", "KSWS", "--mg", Mg, "--wait-for-grooming", "--groom-days", "1", "--backup", temp.File("backup"));
        waited.Code.Should().Be(ExitCodes.Success, waited.Err);
        waited.Out.Should().Contain("on the local group's simulated clock");

        using (var group = LocalManagementGroup.Open(temp.File("mg.db")))
        {
            group.Import(TestPacks.Unsealed(TestPacks.Xml("Contoso.Overrides", "1.0.0.0",
                [new TestReference("KLD", "KasperskyLab.WSEE.Discovery", "1.0.0.0", RealFamily.Packs[0].KeyToken!)],
                overrides: [TestPacks.Override("Contoso.O", "KLD!KasperskyLab.WSEE.Application", "KLD!KasperskyLab.WSEE.Application")])));
        }
        var refused = Kmp("remove", "--product", "WSEE", "--mg", Mg, "--backup", temp.File("backup"));
        refused.Code.Should().Be(ExitCodes.Refused);
        refused.Err.Should().Contain("Contoso.Overrides 1.0.0.0 (references KasperskyLab.WSEE.Discovery)");
    }

    [Fact]
    public void Notify_adds_lists_and_removes_recipients_and_refuses_bad_addresses()
    {
        Init();
        Kmp("import", FamilyFolder(), "--mg", Mg).Code.Should().Be(ExitCodes.Success);
        Kmp("notify", "add", "ops@contoso.com", "--mg", Mg).Code.Should().Be(ExitCodes.Success);
        Kmp("notify", "add", "OPS@contoso.com", "--mg", Mg).Code.Should().Be(ExitCodes.NothingToDo);
        Kmp("notify", "add", "secops@contoso.com", "--mg", Mg).Code.Should().Be(ExitCodes.Success);
        var bad = Kmp("notify", "add", "not an address", "--mg", Mg);
        bad.Code.Should().Be(ExitCodes.BadInput);
        bad.Err.Should().Contain("'not an address' is not an e-mail address");
        Kmp("notify", "remove", "ops@contoso.com", "--mg", Mg).Code.Should().Be(ExitCodes.Success);
        Kmp("notify", "list", "--mg", Mg).Out.Should().Be("secops@contoso.com" + Environment.NewLine);
    }

    [Fact]
    public void List_in_a_pipe_is_plain_lines_that_never_wrap()
    {
        Init();
        Kmp("import", FamilyFolder(), "--mg", Mg).Code.Should().Be(ExitCodes.Success);
        var list = Kmp("list", "--mg", Mg);
        list.Code.Should().Be(ExitCodes.Success, list.Err);
        var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[1].Should().MatchRegex(@"^ID\s+Version\s+Sealed\s+Key token\s+Dependents$");
        lines.Should().Contain(l => l.StartsWith("KasperskyLab.Library ", StringComparison.Ordinal) && l.Contains(" yes ")
            && l.Contains(RealFamily.Packs[0].KeyToken!), "one pack is one whole line");
        lines.Should().NotContain(l => l.Contains('│') || l.Contains('─') || l.Contains('┌'), "no table borders in a pipe");
        lines.Where(l => l.StartsWith("KasperskyLab.", StringComparison.Ordinal)).Should().HaveCount(RealFamily.Packs.Count);
    }

    [Fact]
    public void A_busy_group_is_its_own_error_kind_and_exit_code_not_invalid_input()
    {
        Init();
        using var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={temp.File("mg.db")};Pooling=False");
        holder.Open();
        using var tx = holder.BeginTransaction(deferred: false); // another process is writing
        using var group = LocalManagementGroup.Open(temp.File("mg.db"), new LocalManagementGroupOptions { BusyTimeout = TimeSpan.FromMilliseconds(200) });
        var act = () => group.Import(TestPacks.Library());
        var busy = act.Should().Throw<global::Kmp.ManagementPacks.KmpException>().Which;
        busy.Message.Should().Contain("the management group is busy");
        busy.Kind.Should().Be(global::Kmp.ManagementPacks.ErrorKind.GroupBusy);
        ExitCodes.For(busy.Kind).Should().Be(ExitCodes.GroupBusy).And.NotBe(ExitCodes.BadInput);
    }

    [Fact]
    public void List_json_gives_Kaspersky_packs_first_with_dependents_and_the_recipients()
    {
        Init();
        Kmp("import", FamilyFolder(), "--product", "KSWS", "--mg", Mg).Code.Should().Be(ExitCodes.Success);
        Kmp("notify", "add", "ops@contoso.com", "--mg", Mg);
        var list = Kmp("list", "--mg", Mg, "--json");
        list.Code.Should().Be(ExitCodes.Success);
        using var json = JsonDocument.Parse(list.Out);
        var packs = json.RootElement.GetProperty("packs").EnumerateArray().ToList();
        packs.Take(5).Should().OnlyContain(p => p.GetProperty("kaspersky").GetBoolean());
        packs.Skip(5).Should().OnlyContain(p => !p.GetProperty("kaspersky").GetBoolean());
        var discovery = packs.Single(p => p.GetProperty("id").GetString() == "KasperskyLab.KSWS.Discovery");
        discovery.GetProperty("dependents").EnumerateArray().Select(d => d.GetString()).Should().Equal("KasperskyLab.KSWS.Monitoring", "KasperskyLab.KSWS.Views");
        discovery.GetProperty("sealed").GetBoolean().Should().BeTrue();
        json.RootElement.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()).Should().Equal("ops@contoso.com");
    }

    [Fact]
    public void Simulated_instances_are_counted_and_go_with_their_pack()
    {
        Init();
        Kmp("import", FamilyFolder(), "--product", "KSWS", "--mg", Mg).Code.Should().Be(ExitCodes.Success);
        var simulate = Kmp("mg", "simulate", "instance", "--mg", Mg, "--class", "KasperskyLab.KSWS.Application", "--count", "7");
        simulate.Code.Should().Be(ExitCodes.Success, simulate.Err);
        using (var group = LocalManagementGroup.Open(temp.File("mg.db"))) group.CountInstances("KasperskyLab.KSWS.Discovery").Should().Be(7);
        Kmp("remove", "--product", "KSWS", "--mg", Mg, "--backup", temp.File("backup")).Code.Should().Be(ExitCodes.Success);
        using (var group = LocalManagementGroup.Open(temp.File("mg.db"))) group.CountInstances().Should().Be(0);
    }

    [Fact]
    public void Emit_script_writes_the_plan_and_changes_nothing()
    {
        Init();
        Kmp("import", FamilyFolder(), "--mg", Mg).Code.Should().Be(ExitCodes.Success);
        var before = Local.LocalGroups.Dump(temp.File("mg.db"));
        var result = Kmp("remove", "--all", "--mg", Mg, "--emit-script", temp.File("remove.ps1"));
        result.Code.Should().Be(ExitCodes.Success, result.Err);
        File.ReadAllText(temp.File("remove.ps1")).Should().Contain("Remove-SCOMManagementPack");
        Local.LocalGroups.Dump(temp.File("mg.db")).Should().Equal(before);
        foreach (var stdout in new[] { "-", "/dev/stdout" })
        {
            var piped = Kmp("remove", "--all", "--mg", Mg, "--emit-script", stdout);
            piped.Code.Should().Be(ExitCodes.Success, piped.Err);
            piped.Out.Should().Be(File.ReadAllText(temp.File("remove.ps1")), "the script alone goes to standard output");
        }
        Local.LocalGroups.Dump(temp.File("mg.db")).Should().Equal(before);
    }

    [Fact]
    public void Emit_script_on_import_writes_the_plan_and_imports_nothing()
    {
        Init();
        var before = Local.LocalGroups.Dump(temp.File("mg.db"));
        var result = Kmp("import", FamilyFolder(), "--mg", Mg, "--emit-script", temp.File("import.ps1"));
        result.Code.Should().Be(ExitCodes.Success, result.Err);
        File.ReadAllText(temp.File("import.ps1")).Should().Contain("Import-SCOMManagementPack -Fullname $file -Confirm:$false").And.Contain("File = 'KasperskyLab.Library.mp'");
        Local.LocalGroups.Dump(temp.File("mg.db")).Should().Equal(before);
    }

    [Fact]
    public void A_scom_target_and_a_bad_target_are_one_line_errors()
    {
        var scom = Kmp("list", "--mg", "scom://opsmgr01");
        scom.Code.Should().Be(ExitCodes.BadInput);
        scom.Err.Trim().Should().StartWith("--mg scom://opsmgr01: kmp's SCOM host ").And.Contain("--emit-script").And.NotContain("\n");
        if (!OperatingSystem.IsWindows()) scom.Err.Should().Contain("runs only on Windows");
        Kmp("list", "--mg", "scom://").Err.Should().Contain("expected scom://SERVER");
        Kmp("list", "--mg", "ftp://x").Err.Should().Contain("expected local:PATH or scom://SERVER");
    }

    [Fact]
    public void A_pack_that_fails_verification_is_not_imported_and_exits_as_verify_does()
    {
        Init();
        var broken = temp.File("KasperskyLab.Broken.Discovery.xml");
        File.WriteAllText(broken, TestPacks.Xml("KasperskyLab.Broken.Discovery", "1.0.0.0", [TestPacks.System],
            classes: [TestPacks.Class("KasperskyLab.Broken.Application", "System!System.NoSuchBaseClass")]));
        Kmp("verify", broken).Code.Should().Be(ExitCodes.Failed);
        var result = Kmp("import", broken, "--mg", Mg);
        result.Code.Should().Be(ExitCodes.Failed, "the same defect gives the same exit code from verify and import");
        result.Err.Should().StartWith("nothing imported: ").And.Contain("System.NoSuchBaseClass");
        using var group = LocalManagementGroup.Open(temp.File("mg.db"));
        group.GetPacks().Should().NotContain(p => p.Id == "KasperskyLab.Broken.Discovery");
    }

    [Fact]
    public void A_broken_sealed_pack_exits_with_the_same_code_from_verify_and_import()
    {
        Init();
        var library = RealFamily.Packs.First(p => p.Id == "KasperskyLab.Library");
        var folder = temp.File("broken");
        Directory.CreateDirectory(folder);
        var tampered = Path.Combine(folder, "KasperskyLab.Library.mp");
        var bytes = (byte[])library.Content.Clone();
        bytes[^1] ^= 0x5A; // the signature no longer matches
        File.WriteAllBytes(tampered, bytes);
        Kmp("verify", tampered).Code.Should().Be(ExitCodes.Failed);
        Kmp("import", tampered, "--mg", Mg).Code.Should().Be(ExitCodes.Failed, "a pack whose signature fails is the same defect in both verbs");

        var truncated = Path.Combine(folder, "KasperskyLab.Truncated.mp");
        File.WriteAllBytes(truncated, library.Content[..(library.Content.Length / 2)]);
        Kmp("verify", truncated).Code.Should().Be(ExitCodes.BadInput);
        Kmp("import", truncated, "--mg", Mg).Code.Should().Be(ExitCodes.BadInput, "an unreadable pack is the same defect in both verbs");
        using var group = LocalManagementGroup.Open(temp.File("mg.db"));
        group.GetPacks().Should().NotContain(p => p.Id.StartsWith("KasperskyLab.", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_only_verbs_on_a_missing_group_fail_in_one_line_and_create_nothing()
    {
        var typo = temp.File("typo.db");
        foreach (var args in new[]
        {
            new[] { "remove", "--all", "--mg", "local:" + typo, "--what-if", "--backup", temp.File("backup") },
            ["list", "--mg", "local:" + typo],
            ["notify", "list", "--mg", "local:" + typo],
            ["import", FamilyFolder(), "--mg", "local:" + typo],
        })
        {
            var result = Kmp(args);
            result.Code.Should().Be(ExitCodes.BadInput, string.Join(' ', args));
            result.Err.Trim().Should().Be($"local:{typo}: no management group there (create one with 'kmp mg init {typo}')");
            File.Exists(typo).Should().BeFalse($"kmp {args[0]} must not create a management group");
            Directory.EnumerateFiles(temp.Path).Should().NotContain(f => Path.GetFileName(f).StartsWith("typo.db", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_file_that_is_not_a_group_is_refused_and_left_as_it_was()
    {
        var empty = temp.File("empty.db");
        File.WriteAllBytes(empty, []);
        var list = Kmp("list", "--mg", "local:" + empty);
        list.Code.Should().Be(ExitCodes.BadInput);
        list.Err.Trim().Should().StartWith($"local:{empty}: not a kmp management group").And.NotContain("\n");
        new FileInfo(empty).Length.Should().Be(0, "kmp does not turn other files into groups");
        var import = Kmp("import", FamilyFolder(), "--mg", "local:" + empty);
        import.Code.Should().Be(ExitCodes.BadInput);
        new FileInfo(empty).Length.Should().Be(0);
    }

    [Fact]
    public void The_group_verbs_require_mg()
    {
        foreach (var args in new[] { new[] { "list" }, ["import", FamilyFolder()], ["remove", "--all", "--what-if"], ["notify", "list"] })
        {
            var result = Kmp(args);
            result.Code.Should().Be(ExitCodes.Usage, string.Join(' ', args));
            result.Err.Should().Contain("mg");
        }
        File.Exists("kmp-mg.db").Should().BeFalse("no verb falls back to a default group file");
    }

    [Fact]
    public void Mg_simulate_without_a_group_names_the_missing_option_and_init_creates_only_once()
    {
        var simulate = Kmp("mg", "simulate", "alert", "--workflow", "X");
        simulate.Code.Should().Be(ExitCodes.Usage);
        simulate.Err.Trim().Should().StartWith("--mg");
        Kmp("mg", "init", temp.File("mg.db")).Code.Should().Be(ExitCodes.Success);
        var again = Kmp("mg", "init", temp.File("mg.db"));
        again.Code.Should().Be(ExitCodes.CannotWrite, "an output that is already there is not an invalid input");
        again.Err.Should().Contain("already exists");
    }

    private static string MonitorOf(string product)
    {
        var xml = RealFamily.Packs.Single(p => p.Id == $"KasperskyLab.{product}.Monitoring").Document;
        return xml.Elements.First(e => e.Kind is "UnitMonitor" or "Rule").Id;
    }
}
