using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kmp.Scom.Protocol;

namespace Kmp.Scom.Host;

/// <summary>
/// The SDK's exceptions as the protocol's typed errors. The SDK's exception types are matched by name
/// (Microsoft.EnterpriseManagement.Common.*), so the host binds to none of them.
/// </summary>
internal static class SdkErrors
{
    public static ErrorInfo Map(Exception ex, string op, string? account)
    {
        switch (ex)
        {
            case BadRequestException:
                return new ErrorInfo(ErrorKinds.BadRequest, ex.Message);
            case RefusedException refused:
                return new ErrorInfo(ErrorKinds.Refused, refused.Message) { Reason = refused.Reason, Names = [.. refused.Names] };
            case FileNotFoundException or FileLoadException when ex.Message.Contains("Microsoft.EnterpriseManagement"):
                return new ErrorInfo(ErrorKinds.UnsupportedSdk, SdkLocator.Missing(((ex as FileNotFoundException)?.FileName ?? (ex as FileLoadException)?.FileName ?? "Microsoft.EnterpriseManagement").Split(',')[0]));
        }
        var chain = Chain(ex).ToList();
        if (chain.Any(e => Named(e, "UnsupportedSdkException"))) return new ErrorInfo(ErrorKinds.UnsupportedSdk, ex.Message);
        if (chain.Any(e => Named(e, "UnauthorizedAccessEnterpriseManagementException") || e is UnauthorizedAccessException))
            return new ErrorInfo(ErrorKinds.AccessDenied, $"{(account is null ? "the account kmp runs as" : account)} {RoleNeeded(op)} ({OneLine(Innermost(ex).Message)})");
        if (chain.Any(e => Named(e, "ServerDisconnectedException") || Named(e, "ServiceNotRunningException") || Named(e, "EndpointNotFoundException") || Named(e, "CommunicationException")))
            return new ErrorInfo(op == Op.Connect ? ErrorKinds.Unreachable : ErrorKinds.ConnectionLost, OneLine(Innermost(ex).Message));
        if (chain.FirstOrDefault(e => Named(e, "ManagementPackException")) is { } invalid) return PackError(invalid);
        if (op == Op.Import && ex is ArgumentException) return PackError(Innermost(ex));
        return new ErrorInfo(ErrorKinds.Internal, ex.GetType().Name + ": " + OneLine(ex.Message));
    }

    /// <summary>
    /// A pack the group did not take: its verification messages, and where the message says why in
    /// kmp's terms (a reference not found, a version not higher, an incompatible upgrade), a refusal.
    /// </summary>
    private static ErrorInfo PackError(Exception ex)
    {
        var message = ex.Message;
        var details = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        string? reason =
            message.IndexOf("not upgrade compatible", StringComparison.OrdinalIgnoreCase) >= 0 ? "NotUpgradeCompatible"
            : message.IndexOf("not found in the store", StringComparison.OrdinalIgnoreCase) >= 0 || message.IndexOf("Could not load management pack", StringComparison.OrdinalIgnoreCase) >= 0 ? "UnresolvedReference"
            : null;
        if (reason is not null) return new ErrorInfo(ErrorKinds.Refused, "the management group refused the pack: " + string.Join(" ", details)) { Reason = reason, Details = details };
        return new ErrorInfo(ErrorKinds.PackInvalid, "the management group did not import the pack") { Details = details };
    }

    /// <summary>The role an operation needs, as the message names it.</summary>
    private static string RoleNeeded(string op) => op switch
    {
        Op.Import or Op.Uninstall or Op.SetAlertDaysToKeep or Op.SaveSubscription or Op.DeleteSubscription
            => "is not in the Operations Manager Administrators role, which this needs",
        Op.ResolveAlerts => "is not in the Operations Manager Operators or Administrators role, which closing alerts needs",
        _ => "is not in any Operations Manager role (Read-Only Operators or higher is needed to read)",
    };

    private static IEnumerable<Exception> Chain(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException) yield return e;
    }

    private static Exception Innermost(Exception ex) => Chain(ex).Last();

    private static bool Named(Exception ex, string name) => ex.GetType().Name == name;

    private static string OneLine(string text) => string.Join(" ", text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
}
