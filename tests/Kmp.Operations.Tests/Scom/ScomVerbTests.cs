using System.Diagnostics;
using Kmp.Cli;
using Kmp.Operations.Local;
using Kmp.Operations.Scom;
using Kmp.Operations.Tests.Removal;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Scom;

/// <summary>
/// kmp itself, as a process, against <c>--mg scom://…</c>: the group factory starts the host named by
/// KMP_SCOM_HOST (here the fake host over a local group), and the verbs work through it end to end;
/// a host's error is one line on standard error with the exit code of its kind.
/// </summary>
public sealed class ScomVerbTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string GroupFile => temp.File("mg.db");

    private (int Code, string Out, string Err) Kmp(string? fault, params string[] args)
    {
        var info = new ProcessStartInfo(ScomHostOptions.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = temp.Path,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kmp.dll"));
        foreach (var argument in args) info.ArgumentList.Add(argument);
        info.Environment[ScomHostOptions.HostVariable] = FakeHost.Program;
        info.Environment["KMP_FAKE_GROUP"] = GroupFile;
        info.Environment.Remove("KMP_FAKE_FAULT");
        if (fault is not null) info.Environment["KMP_FAKE_FAULT"] = fault;
        foreach (var name in new[] { ScomCredentials.UserVariable, ScomCredentials.PasswordVariable, "KMP_SIGNING_KEY" }) info.Environment.Remove(name);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(3)).Should().BeTrue("kmp ends");
        return (process.ExitCode, output.Result, error.Result);
    }

    private string FamilyFolder()
    {
        var folder = temp.File("packs");
        Directory.CreateDirectory(folder);
        foreach (var pack in RealFamily.Packs) File.WriteAllBytes(Path.Combine(folder, pack.Id + ".mp"), pack.Content);
        return folder;
    }

    [Fact]
    public void Import_list_and_remove_work_through_the_host()
    {
        Kmp(null, "mg", "init", GroupFile).Code.Should().Be(ExitCodes.Success);
        var import = Kmp(null, "import", FamilyFolder(), "--mg", "scom://opsmgr01");
        import.Code.Should().Be(ExitCodes.Success, import.Err);

        var list = Kmp(null, "list", "--mg", "scom://opsmgr01", "--json");
        list.Code.Should().Be(ExitCodes.Success, list.Err);
        list.Out.Should().Contain("\"scom://opsmgr01\"").And.Contain("KasperskyLab.Library");

        var remove = Kmp(null, "remove", "--all", "--mg", "scom://opsmgr01", "--state-file", temp.File("state.json"));
        remove.Code.Should().Be(ExitCodes.Success, remove.Err + remove.Out);
        using var local = LocalManagementGroup.Open(GroupFile);
        local.GetPacks().Should().NotContain(p => p.Id.StartsWith("KasperskyLab.", StringComparison.Ordinal));
    }

    [Fact]
    public void Access_denied_is_one_line_with_the_refused_exit_code_and_nothing_is_removed()
    {
        Kmp(null, "mg", "init", GroupFile).Code.Should().Be(ExitCodes.Success);
        Kmp(null, "import", FamilyFolder(), "--mg", "scom://opsmgr01").Code.Should().Be(ExitCodes.Success);
        var remove = Kmp("error:uninstall:accessDenied", "remove", "--all", "--mg", "scom://opsmgr01", "--state-file", temp.File("state.json"));
        remove.Code.Should().Be(ExitCodes.Refused, remove.Err);
        remove.Err.Trim().Split('\n')[^1].Should().Be("scom://opsmgr01: access denied: simulated accessDenied", "the error is the last line, after the progress of the step it stopped at");
        using var local = LocalManagementGroup.Open(GroupFile);
        local.GetPacks().Should().Contain(p => p.Id == "KasperskyLab.Library");
    }

    [Fact]
    public void An_unreachable_server_is_one_line()
    {
        Kmp(null, "mg", "init", GroupFile).Code.Should().Be(ExitCodes.Success);
        var list = Kmp("error:connect:unreachable", "list", "--mg", "scom://opsmgr01");
        list.Code.Should().NotBe(ExitCodes.Success);
        list.Err.Trim().Should().StartWith("scom://opsmgr01: cannot connect: simulated unreachable").And.NotContain("\n");
    }
}
