using Kmp.ManagementPacks;
using Kmp.Scom.Protocol;

namespace Kmp.Operations.Scom;

/// <summary>
/// A SCOM management group (<c>scom://SERVER</c>) through Kmp.Scom.Host, the .NET Framework program that
/// uses the Operations Manager SDK. The host is started at the first operation and stopped by
/// <see cref="Dispose"/>. When the host dies or reports a lost connection, it is started (or
/// connected) again once and the request sent again, but only a request that is safe to repeat
/// (<see cref="Op.IsSafeToRetry"/>); an import or an uninstall may already have been done, so
/// then the error says to look before trying again.
/// </summary>
public sealed class ScomManagementGroup : IManagementGroup
{
    private readonly ScomHostOptions options;
    private HostProcess? host;
    private bool connectionLost;

    public ScomManagementGroup(string server, ScomHostOptions options)
    {
        if (string.IsNullOrWhiteSpace(server)) throw new KmpException("scom://SERVER: the management server's name is missing");
        Server = server;
        this.options = options;
    }

    public string Server { get; }

    public string Name => "scom://" + Server;

    public IClock Clock => SystemClock.Instance;

    /// <summary>SCOM 2007 and later uninstall a pack whatever its alerts (only dependents block).</summary>
    public bool UninstallWaitsForAlertGrooming => false;

    /// <summary>What the running host said it is (its version and the SDK it loaded); null before the first operation.</summary>
    public string? HostDescription { get; private set; }

    /// <summary>The process ID of the running host, for tests; null when none runs.</summary>
    internal int? HostProcessId => host?.ProcessId;

    public IReadOnlyList<InstalledPack> GetPacks() =>
        [.. (Call(new Request { Op = Op.GetPacks }).Packs ?? []).Select(WireMapping.FromWire)];

    public void Import(ManagementPackFile pack) => Call(new Request { Op = Op.Import, Pack = WireMapping.ToWire(pack) });

    public void Uninstall(string packId) => Call(new Request { Op = Op.Uninstall, PackId = packId });

    public string ExportXml(string packId) =>
        Call(new Request { Op = Op.ExportXml, PackId = packId }).Xml ?? throw Malformed(Op.ExportXml, "no XML");

    public IReadOnlyList<Alert> GetAlerts(IReadOnlyCollection<string> workflowIds) =>
        [.. (Call(new Request { Op = Op.GetAlerts, WorkflowIds = [.. workflowIds] }).Alerts ?? []).Select(WireMapping.FromWire)];

    public int ResolveAlerts(IReadOnlyCollection<Guid> alertIds, string comment) =>
        Call(new Request { Op = Op.ResolveAlerts, AlertIds = [.. alertIds.Select(a => a.ToString("D"))], Comment = comment }).Number
            ?? throw Malformed(Op.ResolveAlerts, "no count");

    public int GetAlertDaysToKeep() =>
        Call(new Request { Op = Op.GetAlertDaysToKeep }).Number ?? throw Malformed(Op.GetAlertDaysToKeep, "no number");

    public void SetAlertDaysToKeep(int days)
    {
        if (days is < 1 or > 255) throw new KmpException($"AlertDaysToKeep {days}: SCOM keeps closed alerts 1 to 255 days");
        Call(new Request { Op = Op.SetAlertDaysToKeep, Number = days });
    }

    public NotificationSubscription? GetSubscription(string name) =>
        Call(new Request { Op = Op.GetSubscription, Name = name }).Subscription is { } found ? WireMapping.FromWire(found) : null;

    public void SaveSubscription(NotificationSubscription subscription) =>
        Call(new Request { Op = Op.SaveSubscription, Subscription = WireMapping.ToWire(subscription) });

    public void DeleteSubscription(string name) => Call(new Request { Op = Op.DeleteSubscription, Name = name });

    public void Dispose()
    {
        host?.Dispose();
        host = null;
    }

    /// <summary>Sends a request and returns the response, or throws its error as a kmp error.</summary>
    internal Response Call(Request request)
    {
        var retried = false;
        while (true)
        {
            Response response;
            try
            {
                var running = EnsureConnected();
                response = running.Send(request, options.RequestTimeout);
            }
            catch (HostFailureException failure)
            {
                host?.Dispose();
                host = null;
                if (failure.Failure == HostFailure.Exited && !retried && Op.IsSafeToRetry(request.Op))
                {
                    retried = true;
                    continue;
                }
                throw ScomErrors.HostFailed(Name, failure, request.Op);
            }
            if (response.Error is null) return response;
            if (response.Error.Kind == ErrorKinds.ConnectionLost) connectionLost = true;
            if (response.Error.Kind == ErrorKinds.ConnectionLost && !retried && Op.IsSafeToRetry(request.Op))
            {
                retried = true;
                continue;
            }
            if (response.Error.Kind == ErrorKinds.ConnectionLost && !Op.IsSafeToRetry(request.Op))
                throw ScomErrors.ConnectionLost(Name, request.Op, response.Error.Message);
            throw ScomErrors.ToException(response.Error, Name);
        }
    }

    private HostProcess EnsureConnected()
    {
        if (host is not null)
        {
            if (connectionLost) Connect(host);
            return host;
        }
        var started = HostProcess.Start(options.Command);
        try
        {
            var hello = started.Send(new Request { Op = Op.Hello }, options.ConnectTimeout);
            if (hello.Error is not null) throw ScomErrors.ToException(hello.Error, Name);
            if (hello.Version != ProtocolVersion.Current)
                throw ScomErrors.ToException(new ErrorInfo(ErrorKinds.ProtocolVersion, $"host v{hello.Version}, kmp v{ProtocolVersion.Current}"), Name);
            HostDescription = hello.Host;
            Connect(started);
        }
        catch
        {
            started.Dispose();
            throw;
        }
        host = started;
        return started;
    }

    private void Connect(HostProcess running)
    {
        var credentials = options.Credentials;
        var response = running.Send(new Request
        {
            Op = Op.Connect,
            Connect = new ConnectArguments { Server = Server, UserName = credentials.UserName, Domain = credentials.Domain, Password = credentials.Password },
        }, options.ConnectTimeout);
        if (response.Error is not null) throw ScomErrors.ToException(response.Error, Name);
        connectionLost = false;
    }

    private KmpException Malformed(string op, string what) => new($"{Name}: the SCOM host answered '{op}' with {what}");
}
