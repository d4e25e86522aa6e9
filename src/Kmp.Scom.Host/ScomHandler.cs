using System;
using System.IO;
using System.Runtime.CompilerServices;
using Kmp.Scom.Protocol;

namespace Kmp.Scom.Host;

/// <summary>
/// Performs the requests after <see cref="Op.Connect"/> on one <see cref="ScomSession"/>; every failure
/// becomes a typed error (<see cref="SdkErrors"/>). The SDK is touched only inside the calls below, so a
/// missing SDK is an error answer, not a crash.
/// </summary>
internal sealed class ScomHandler : IRequestHandler, IDisposable
{
    private ScomSession? session;

    public Response Handle(Request request)
    {
        try
        {
            if (request.Op == Op.Connect)
            {
                var arguments = request.Connect ?? throw new BadRequestException("connect without arguments");
                if (string.IsNullOrWhiteSpace(arguments.Server)) throw new BadRequestException("connect without a server name");
                session = Connect(arguments);
                return new Response();
            }
            if (session is null) return Response.Failure(request.Id, new ErrorInfo(ErrorKinds.NotConnected, $"'{request.Op}' before 'connect'"));
            return Perform(session, request);
        }
        catch (Exception ex)
        {
            return Response.Failure(request.Id, SdkErrors.Map(ex, request.Op, session?.Account ?? request.Connect?.UserName));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ScomSession Connect(ConnectArguments arguments) => ScomSession.Connect(arguments);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Response Perform(ScomSession session, Request request)
    {
        switch (request.Op)
        {
            case Op.GetPacks:
                return new Response { Packs = session.GetPacks() };
            case Op.Import:
                session.Import(request.Pack ?? throw new BadRequestException("import without a pack"));
                return new Response();
            case Op.Uninstall:
                session.Uninstall(Required(request.PackId, "packId"));
                return new Response();
            case Op.ExportXml:
                return new Response { Xml = session.ExportXml(Required(request.PackId, "packId")) };
            case Op.GetAlerts:
                return new Response { Alerts = session.GetAlerts(request.WorkflowIds ?? []) };
            case Op.ResolveAlerts:
                return new Response { Number = session.ResolveAlerts(request.AlertIds ?? [], request.Comment ?? "") };
            case Op.GetAlertDaysToKeep:
                return new Response { Number = session.GetAlertDaysToKeep() };
            case Op.SetAlertDaysToKeep:
                session.SetAlertDaysToKeep(request.Number ?? throw new BadRequestException("setAlertDaysToKeep without a number"));
                return new Response();
            case Op.GetSubscription:
                return new Response { Subscription = session.GetSubscription(Required(request.Name, "name")) };
            case Op.SaveSubscription:
                session.SaveSubscription(request.Subscription ?? throw new BadRequestException("saveSubscription without a subscription"));
                return new Response();
            case Op.DeleteSubscription:
                session.DeleteSubscription(Required(request.Name, "name"));
                return new Response();
            default:
                throw new BadRequestException($"unknown operation '{request.Op}'");
        }
    }

    private static string Required(string? value, string name) => value ?? throw new BadRequestException($"missing '{name}'");

    public void Dispose() => session = null;
}

/// <summary>A request the host cannot perform as sent.</summary>
internal sealed class BadRequestException(string message) : Exception(message);

/// <summary>The group refuses the operation for a reason kmp names (a RefusalReason), and nothing was changed.</summary>
internal sealed class RefusedException(string reason, string message, params string[] names) : Exception(message)
{
    public string Reason { get; } = reason;

    public string[] Names { get; } = names;
}
