using Kmp.ManagementPacks;
using Kmp.Operations.Scom;
using Kmp.Scom.Protocol;

namespace Kmp.Operations.Tests.Scom;

/// <summary>The host's typed errors become kmp's one-line errors, refusals keeping their reason and names.</summary>
public sealed class ErrorMappingTests : IDisposable
{
    private readonly FakeHost fake = new();

    public void Dispose() => fake.Dispose();

    [Theory]
    [InlineData(ErrorKinds.Unreachable, "scom://fake: cannot connect: simulated unreachable (is the server name right, and the System Center Data Access service running there?)")]
    [InlineData(ErrorKinds.UnsupportedSdk, "scom://fake: simulated unsupportedSdk; use 'kmp remove --mg local:PATH --emit-script FILE.ps1'*")]
    [InlineData(ErrorKinds.Internal, "scom://fake: the SCOM host failed: internal: simulated internal")]
    public void Connection_errors_are_one_line_and_say_what_to_do(string kind, string expected)
    {
        using var group = fake.Group($"error:connect:{kind}");
        var act = () => group.GetPacks();
        act.Should().Throw<KmpException>().WithMessage(expected).Which.Should().NotBeOfType<KmpRefusedException>();
    }

    [Fact]
    public void Access_denied_is_a_refusal()
    {
        using var group = fake.Group($"error:uninstall:{ErrorKinds.AccessDenied}");
        var act = () => group.Uninstall("KasperskyLab.Library");
        act.Should().Throw<KmpRefusedException>().WithMessage("scom://fake: access denied: simulated accessDenied").Which.Kind.Should().Be(ErrorKind.Refused);
    }

    [Fact]
    public void A_refusal_keeps_its_reason_and_the_names_of_the_dependents()
    {
        var error = new ErrorInfo(ErrorKinds.Refused, "KasperskyLab.Library is referenced by\nKasperskyLab.KSWS.Discovery") { Reason = "HasDependents", Names = ["KasperskyLab.KSWS.Discovery"] };
        var mapped = ScomErrors.ToException(error, "scom://opsmgr01").Should().BeOfType<ManagementGroupRefusedException>().Subject;
        mapped.Reason.Should().Be(RefusalReason.HasDependents);
        mapped.Names.Should().Equal("KasperskyLab.KSWS.Discovery");
        mapped.Message.Should().Be("KasperskyLab.Library is referenced by KasperskyLab.KSWS.Discovery");
    }

    [Fact]
    public void An_invalid_pack_carries_the_groups_verification_messages_on_one_line()
    {
        var error = new ErrorInfo(ErrorKinds.PackInvalid, "KasperskyLab.X.Discovery could not be imported")
        {
            Details = ["Verification failed with 1 errors:", "Found error in 2|KasperskyLab.X.Discovery|1.0.0.0|\nCannot find class System.NoSuchBaseClass"],
        };
        ScomErrors.ToException(error, "scom://opsmgr01").Kind.Should().Be(ErrorKind.VerificationFailed, "SCOM's verification rejected it, as kmp verify would");
        ScomErrors.ToException(error, "scom://opsmgr01").Message.Should().Be(
            "scom://opsmgr01: KasperskyLab.X.Discovery could not be imported: Verification failed with 1 errors:; Found error in 2|KasperskyLab.X.Discovery|1.0.0.0| Cannot find class System.NoSuchBaseClass");
    }

    [Fact]
    public void An_unknown_refusal_reason_is_still_a_refusal()
    {
        var mapped = ScomErrors.ToException(new ErrorInfo(ErrorKinds.Refused, "no") { Reason = "SomethingNew" }, "scom://x");
        mapped.Should().BeOfType<ManagementGroupRefusedException>().Which.Reason.Should().Be(RefusalReason.NotAllowed);
    }

    [Fact]
    public void Credentials_come_from_the_environment_or_a_prompt_and_never_print_the_password()
    {
        var environment = new Dictionary<string, string> { [ScomCredentials.UserVariable] = @"CONTOSO\scom.admin" };
        var prompted = ScomCredentials.FromEnvironment(p => p == @"Password for CONTOSO\scom.admin: " ? "s3cret" : null, n => environment.GetValueOrDefault(n));
        prompted.Should().Be(new ScomCredentials("scom.admin", "CONTOSO", "s3cret"));
        prompted.ToString().Should().Be(@"CONTOSO\scom.admin");

        environment[ScomCredentials.PasswordVariable] = "from-env";
        ScomCredentials.FromEnvironment(_ => throw new InvalidOperationException("no prompt when the variable is set"), n => environment.GetValueOrDefault(n)).Password.Should().Be("from-env");

        environment.Remove(ScomCredentials.PasswordVariable);
        var noConsole = () => ScomCredentials.FromEnvironment(_ => null, n => environment.GetValueOrDefault(n));
        noConsole.Should().Throw<KmpException>().WithMessage("KMP_SCOM_USER is set but there is no password: set KMP_SCOM_PASSWORD*");

        ScomCredentials.FromEnvironment(_ => "x", _ => null).Should().BeSameAs(ScomCredentials.Integrated);
    }

    [Fact]
    public void The_password_reaches_the_host_on_its_input_only()
    {
        using var group = fake.Group(credentials: new ScomCredentials("ops", "CONTOSO", "s3cret"));
        group.GetPacks();
        using var process = System.Diagnostics.Process.GetProcessById(group.HostProcessId!.Value);
        if (File.Exists($"/proc/{process.Id}/cmdline"))
            File.ReadAllText($"/proc/{process.Id}/cmdline").Should().NotContain("s3cret");
        if (File.Exists($"/proc/{process.Id}/environ"))
            File.ReadAllText($"/proc/{process.Id}/environ").Should().NotContain("s3cret");
    }
}
