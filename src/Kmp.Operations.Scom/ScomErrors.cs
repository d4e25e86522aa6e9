using Kmp.ManagementPacks;
using Kmp.Scom.Protocol;

namespace Kmp.Operations.Scom;

/// <summary>
/// The host's typed errors as kmp's one-line errors: a group's refusal keeps its reason and names (as
/// the local group raises it); the others say what happened to which server and what to do. Kinds: a
/// refusal or a missing role is Refused, a pack the group's verification rejects is VerificationFailed,
/// a host that does not answer in time is Timeout; the rest (an unreachable server, no usable SDK, a
/// host that failed) keep the default kind.
/// </summary>
public static class ScomErrors
{
    public static KmpException ToException(ErrorInfo error, string groupName)
    {
        var message = OneLine(error.Message);
        switch (error.Kind)
        {
            case ErrorKinds.Refused:
                var reason = Enum.TryParse<RefusalReason>(error.Reason, ignoreCase: false, out var parsed) ? parsed : RefusalReason.NotAllowed;
                return new ManagementGroupRefusedException(reason, message, error.Names ?? []);
            case ErrorKinds.AccessDenied:
                return new KmpRefusedException($"{groupName}: access denied: {message}");
            case ErrorKinds.PackInvalid:
                var details = error.Details is { Count: > 0 } d ? ": " + string.Join("; ", d.Select(OneLine)) : "";
                return new KmpException(ErrorKind.VerificationFailed, $"{groupName}: {message}{details}");
            case ErrorKinds.Unreachable:
                return new KmpException($"{groupName}: cannot connect: {message} (is the server name right, and the System Center Data Access service running there?)");
            case ErrorKinds.ConnectionLost:
                return new KmpException($"{groupName}: the connection to the management group was lost: {message}");
            case ErrorKinds.UnsupportedSdk:
                return new KmpException($"{groupName}: {message}; use 'kmp remove --mg local:PATH --emit-script FILE.ps1' for a PowerShell script to run in the Operations Manager shell instead");
            case ErrorKinds.ProtocolVersion:
                return new KmpException($"{groupName}: the SCOM host speaks another protocol version ({message}): use the {ScomHostOptions.HostExecutable} that came with this kmp");
            default:
                return new KmpException($"{groupName}: the SCOM host failed: {error.Kind}: {message}");
        }
    }

    /// <summary>The host stopped, timed out or wrote something that is not a response, during <paramref name="op"/>.</summary>
    internal static KmpException HostFailed(string groupName, HostFailureException failure, string op) =>
        new(failure.Failure == HostFailure.TimedOut ? ErrorKind.Timeout : ErrorKind.BadInput, $"{groupName}: {failure.Message}{MaybeDone(op)}");

    /// <summary>The connection was lost during a request that is not repeated.</summary>
    internal static KmpException ConnectionLost(string groupName, string op, string message) =>
        new($"{groupName}: the connection to the management group was lost during '{op}': {OneLine(message)}{MaybeDone(op)}");

    private static string MaybeDone(string op) => Op.IsSafeToRetry(op)
        ? ""
        : "; it may or may not have been done: look with 'kmp list' before trying again";

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
