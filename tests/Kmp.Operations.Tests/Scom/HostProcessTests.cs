using System.Diagnostics;
using System.Text;
using Kmp.ManagementPacks;
using Kmp.Operations.Scom;
using Kmp.Scom.Protocol;

namespace Kmp.Operations.Tests.Scom;

/// <summary>
/// kmp's side of the host process: started at the first operation, stopped at the end, restarted once
/// for a request that is safe to repeat, never for one that is not; a host that hangs, crashes, writes
/// garbage or speaks another version is stopped with a one-line error.
/// </summary>
public sealed class HostProcessTests : IDisposable
{
    private readonly FakeHost fake = new();

    public void Dispose() => fake.Dispose();

    private static bool Exited(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static void ShouldBeOneLine(Exception ex) => ex.Message.Should().NotContain("\n").And.NotContain("\r");

    [Fact]
    public void The_host_starts_at_the_first_operation_and_stops_when_the_group_is_disposed()
    {
        var group = fake.Group();
        group.HostProcessId.Should().BeNull("nothing is started before an operation");
        group.GetPacks().Should().Contain(p => p.Id == "System.Library");
        var pid = group.HostProcessId!.Value;
        group.HostDescription.Should().StartWith("Kmp.Scom.FakeHost");
        group.GetAlertDaysToKeep();
        group.HostProcessId.Should().Be(pid, "one host serves every operation");
        group.Dispose();
        Exited(pid).Should().BeTrue();
        group.HostProcessId.Should().BeNull();
    }

    [Fact]
    public void A_host_that_dies_during_a_safe_request_is_started_again_once_and_the_request_repeated()
    {
        using var group = fake.Group("crash:getPacks", once: true);
        group.GetPacks().Should().Contain(p => p.Id == "System.Library");
        File.Exists(fake.OnceFile).Should().BeTrue("the first host crashed");
    }

    [Fact]
    public void A_host_that_keeps_dying_fails_after_one_retry_with_its_last_words()
    {
        using var group = fake.Group("crash:getPacks");
        var act = () => group.GetPacks();
        var error = act.Should().Throw<KmpException>().Which;
        error.Message.Should().StartWith("scom://fake: the SCOM host stopped during 'getPacks' (exit code 3): fake host: crashing during getPacks");
        ShouldBeOneLine(error);
    }

    [Fact]
    public void A_host_that_dies_during_an_import_is_not_asked_again_and_the_error_says_to_look()
    {
        using var group = fake.Group("crash:import", once: true);
        var act = () => group.Import(TestPacks.Library());
        var error = act.Should().Throw<KmpException>().Which;
        error.Message.Should().Contain("stopped during 'import'").And.Contain("may or may not have been done").And.Contain("kmp list");
        ShouldBeOneLine(error);
        group.GetPacks().Should().NotContain(p => p.Id == "KasperskyLab.Library", "the import was not repeated by a new host");
    }

    [Fact]
    public void A_host_that_does_not_answer_is_stopped_after_the_timeout()
    {
        using var group = fake.Group("hang:getAlertDaysToKeep", timeout: TimeSpan.FromSeconds(2));
        group.GetPacks();
        var pid = group.HostProcessId!.Value;
        var act = () => group.GetAlertDaysToKeep();
        act.Should().Throw<KmpException>().WithMessage("scom://fake: the SCOM host did not answer 'getAlertDaysToKeep' within 2 s and was stopped")
            .Which.Kind.Should().Be(ErrorKind.Timeout);
        Exited(pid).Should().BeTrue();
        group.HostProcessId.Should().BeNull();
    }

    [Fact]
    public void A_line_that_is_not_a_response_stops_the_host()
    {
        using var group = fake.Group("garbage:getPacks");
        var act = () => group.GetPacks();
        var error = act.Should().Throw<KmpException>().Which;
        error.Message.Should().StartWith("scom://fake: the SCOM host answered 'getPacks' with a line that is not a response").And.Contain("this is not a response");
        ShouldBeOneLine(error);
    }

    [Fact]
    public void A_host_of_another_protocol_version_is_refused()
    {
        using var group = fake.Group("version:2");
        var act = () => group.GetPacks();
        act.Should().Throw<KmpException>().WithMessage("scom://fake: the SCOM host speaks another protocol version (host v2, kmp v1): use the Kmp.Scom.Host.exe that came with this kmp");
    }

    [Fact]
    public void A_lost_connection_is_re_established_once_for_a_safe_request()
    {
        using var group = fake.Group("lost:getPacks", once: true);
        group.GetPacks().Should().Contain(p => p.Id == "System.Library");
        File.Exists(fake.OnceFile).Should().BeTrue();
    }

    [Fact]
    public void A_lost_connection_during_an_uninstall_is_not_retried()
    {
        using (var setup = fake.Group()) setup.Import(TestPacks.Library());
        using var group = fake.Group("lost:uninstall", once: true);
        var act = () => group.Uninstall("KasperskyLab.Library");
        act.Should().Throw<KmpException>().WithMessage("scom://fake: the connection to the management group was lost during 'uninstall'*may or may not have been done*");
        group.GetPacks().Should().Contain(p => p.Id == "KasperskyLab.Library");
    }

    [Fact]
    public void A_host_program_that_cannot_start_is_a_one_line_error()
    {
        using var group = new ScomManagementGroup("fake", new ScomHostOptions { Command = new ScomHostCommand(fake.File("no-such-host.exe"), []) });
        var act = () => group.GetPacks();
        act.Should().Throw<KmpException>().WithMessage("cannot start the SCOM host *no-such-host.exe*");
    }

    [Fact]
    public void The_host_answers_a_malformed_line_and_a_request_of_another_version_with_typed_errors_and_goes_on()
    {
        var command = fake.Command();
        var info = new ProcessStartInfo(command.FileName) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false, StandardOutputEncoding = new UTF8Encoding(false) };
        foreach (var argument in command.Arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in command.Environment!) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        Response Exchange(string line)
        {
            process.StandardInput.WriteLine(line);
            process.StandardInput.Flush();
            return MessageCodec.Read<Response>(process.StandardOutput.ReadLine()!);
        }

        var malformed = Exchange("{\"v\":1,\"id\":");
        malformed.Id.Should().Be(0);
        malformed.Error!.Kind.Should().Be(ErrorKinds.BadRequest);
        malformed.Error.Message.Should().StartWith("malformed request line");

        Exchange("not json at all").Error!.Kind.Should().Be(ErrorKinds.BadRequest);

        var future = Exchange(MessageCodec.Write(new Request { Version = 2, Id = 7, Op = Op.GetPacks }));
        future.Id.Should().Be(7);
        future.Error!.Kind.Should().Be(ErrorKinds.ProtocolVersion);
        future.Error.Message.Should().Contain("version 1").And.Contain("version 2");

        var early = Exchange(MessageCodec.Write(new Request { Id = 8, Op = Op.GetPacks }));
        early.Error!.Kind.Should().Be(ErrorKinds.NotConnected);

        var unknown = Exchange(MessageCodec.Write(new Request { Id = 9, Op = "format.disk" }));
        unknown.Error!.Kind.Should().Be(ErrorKinds.NotConnected, "nothing runs before connect");

        Exchange(MessageCodec.Write(new Request { Id = 10, Op = Op.Hello })).Host.Should().StartWith("Kmp.Scom.FakeHost");
        Exchange(MessageCodec.Write(new Request { Id = 11, Op = Op.Bye })).Error.Should().BeNull();
        process.WaitForExit(TimeSpan.FromSeconds(10)).Should().BeTrue();
        process.ExitCode.Should().Be(0);
    }
}
