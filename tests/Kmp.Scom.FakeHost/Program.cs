using System.Text;
using Kmp.ManagementPacks;
using Kmp.Operations;
using Kmp.Operations.Local;
using Kmp.Operations.Scom;
using Kmp.Scom.Protocol;

namespace Kmp.Scom.FakeHost;

/// <summary>
/// Speaks the SCOM host's protocol (the same <see cref="HostLoop"/> as Kmp.Scom.Host) over the local
/// group in the file named by <c>KMP_FAKE_GROUP</c>. <c>KMP_FAKE_FAULT</c> makes it misbehave at one
/// operation, to test kmp's side: <c>crash:OP</c> (exits mid-request), <c>hang:OP</c> (never answers),
/// <c>garbage:OP</c> (answers with a line that is not JSON), <c>lost:OP</c> (reports a lost connection),
/// <c>error:OP:KIND</c> (answers with that error kind), <c>version:N</c> (answers hello as protocol
/// version N). With <c>KMP_FAKE_FAULT_ONCE=FILE</c> the fault happens only while FILE does not exist
/// (it is created then), so a restarted host behaves.
/// </summary>
public static class Program
{
    public static int Main()
    {
        var utf8 = new UTF8Encoding(false);
        using var input = new StreamReader(Console.OpenStandardInput(), utf8);
        using var output = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = true };
        var fault = Fault.FromEnvironment();
        var handler = new FakeHandler(fault, output);
        string? line;
        while ((line = input.ReadLine()) is not null)
        {
            if (fault.Version is { } version && line.Contains("\"op\":\"hello\"", StringComparison.Ordinal))
            {
                var hello = HostLoop.Answer(line, handler, "fake", out _);
                hello.Version = version;
                output.WriteLine(MessageCodec.Write(hello));
                continue;
            }
            var response = HostLoop.Answer(line, handler, "Kmp.Scom.FakeHost (local group " + Environment.GetEnvironmentVariable("KMP_FAKE_GROUP") + ")", out var bye);
            output.WriteLine(MessageCodec.Write(response));
            if (bye) break;
        }
        handler.Dispose();
        return 0;
    }
}

internal sealed record Fault(string? Kind, string? Op, string? Argument, int? Version, string? OnceFile)
{
    public static Fault FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable("KMP_FAKE_FAULT");
        var once = Environment.GetEnvironmentVariable("KMP_FAKE_FAULT_ONCE");
        if (string.IsNullOrEmpty(text)) return new(null, null, null, null, null);
        var parts = text.Split(':');
        if (parts[0] == "version") return new(null, null, null, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), once);
        return new(parts[0], parts.Length > 1 ? parts[1] : null, parts.Length > 2 ? parts[2] : null, null, once);
    }

    /// <summary>True when this request is the one to misbehave at (and, with a once-file, the first time).</summary>
    public bool Hits(Request request)
    {
        if (Kind is null || request.Op != Op) return false;
        if (OnceFile is null) return true;
        if (File.Exists(OnceFile)) return false;
        File.WriteAllText(OnceFile, request.Op);
        return true;
    }
}

internal sealed class FakeHandler(Fault fault, TextWriter output) : IRequestHandler, IDisposable
{
    private LocalManagementGroup? group;

    public Response Handle(Request request)
    {
        if (fault.Hits(request))
        {
            switch (fault.Kind)
            {
                case "crash":
                    Console.Error.WriteLine($"fake host: crashing during {request.Op}");
                    Environment.Exit(3);
                    break;
                case "hang":
                    Thread.Sleep(Timeout.Infinite);
                    break;
                case "garbage":
                    output.WriteLine("this is not a response");
                    Environment.Exit(0);
                    break;
                case "lost":
                    group?.Dispose();
                    group = null;
                    return Failure(ErrorKinds.ConnectionLost, "The client has been disconnected from the server.");
                case "error":
                    return Failure(fault.Argument ?? ErrorKinds.Internal, "simulated " + fault.Argument);
            }
        }
        if (request.Op == Op.Connect)
        {
            var path = Environment.GetEnvironmentVariable("KMP_FAKE_GROUP") ?? throw new InvalidOperationException("KMP_FAKE_GROUP is not set");
            group?.Dispose();
            group = LocalManagementGroup.Open(path);
            return new Response();
        }
        if (group is null) return Failure(ErrorKinds.NotConnected, $"'{request.Op}' before 'connect'");
        try
        {
            return Perform(group, request);
        }
        catch (ManagementGroupRefusedException ex)
        {
            return new Response { Error = new ErrorInfo(ErrorKinds.Refused, ex.Message) { Reason = ex.Reason.ToString(), Names = [.. ex.Names] } };
        }
        catch (KmpException ex)
        {
            return Failure(ErrorKinds.PackInvalid, ex.Message);
        }
    }

    private static Response Perform(LocalManagementGroup group, Request request)
    {
        switch (request.Op)
        {
            case Op.GetPacks:
                return new Response { Packs = [.. group.GetPacks().Select(WireMapping.ToWire)] };
            case Op.Import:
                var file = request.Pack ?? throw new ArgumentException("import without a pack");
                var bytes = Convert.FromBase64String(file.ContentBase64);
                var isAssembly = bytes.Length >= 2 && bytes[0] == 'M' && bytes[1] == 'Z';
                var pack = isAssembly ? ManagementPackFile.FromAssembly(bytes, file.FileName)
                    : file.Sealed ? ManagementPackFile.DeclaredSealed(Encoding.UTF8.GetString(bytes), file.KeyToken ?? "", file.FileName)
                    : ManagementPackFile.Unsealed(Encoding.UTF8.GetString(bytes), file.FileName);
                group.Import(pack);
                return new Response();
            case Op.Uninstall:
                group.Uninstall(Required(request.PackId, "packId"));
                return new Response();
            case Op.ExportXml:
                return new Response { Xml = group.ExportXml(Required(request.PackId, "packId")) };
            case Op.GetAlerts:
                return new Response { Alerts = [.. group.GetAlerts(request.WorkflowIds ?? []).Select(WireMapping.ToWire)] };
            case Op.ResolveAlerts:
                return new Response { Number = group.ResolveAlerts([.. (request.AlertIds ?? []).Select(WireMapping.ParseGuid)], request.Comment ?? "") };
            case Op.GetAlertDaysToKeep:
                return new Response { Number = group.GetAlertDaysToKeep() };
            case Op.SetAlertDaysToKeep:
                group.SetAlertDaysToKeep(request.Number ?? throw new ArgumentException("setAlertDaysToKeep without a number"));
                return new Response();
            case Op.GetSubscription:
                return new Response { Subscription = group.GetSubscription(Required(request.Name, "name")) is { } s ? WireMapping.ToWire(s) : null };
            case Op.SaveSubscription:
                group.SaveSubscription(WireMapping.FromWire(request.Subscription ?? throw new ArgumentException("saveSubscription without a subscription")));
                return new Response();
            case Op.DeleteSubscription:
                group.DeleteSubscription(Required(request.Name, "name"));
                return new Response();
            case "fake.raiseAlerts":
                return new Response { AlertIds = [.. group.SimulateAlerts(Required(request.Name, "name"), request.Number ?? 1).Select(a => a.ToString("D"))] };
            default:
                return Failure(ErrorKinds.BadRequest, $"unknown operation '{request.Op}'");
        }
    }

    private static string Required(string? value, string name) => value ?? throw new ArgumentException($"missing '{name}'");

    private static Response Failure(string kind, string message) => new() { Error = new ErrorInfo(kind, message) };

    public void Dispose() => group?.Dispose();
}
