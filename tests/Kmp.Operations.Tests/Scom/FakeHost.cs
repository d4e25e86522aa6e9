using Kmp.Operations.Local;
using Kmp.Operations.Scom;
using Kmp.Operations.Tests.Local;
using Kmp.Scom.Protocol;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Scom;

/// <summary>
/// Starts Kmp.Scom.FakeHost (built next to the tests) over a new local group, as kmp starts the real
/// host: a process spoken to over its standard input and output.
/// </summary>
public sealed class FakeHost : IDisposable
{
    private readonly TempDirectory temp = new();

    public FakeHost()
    {
        GroupPath = temp.File("mg.db");
        LocalGroups.Create(temp).Dispose();
    }

    public string GroupPath { get; }

    public string File(string name) => temp.File(name);

    public static string Program => Path.Combine(AppContext.BaseDirectory, "Kmp.Scom.FakeHost.dll");

    /// <summary>The command that starts the fake host, with its fault (KMP_FAKE_FAULT) and once-file.</summary>
    public ScomHostCommand Command(string? fault = null, bool once = false)
    {
        var environment = new Dictionary<string, string> { ["KMP_FAKE_GROUP"] = GroupPath };
        if (fault is not null) environment["KMP_FAKE_FAULT"] = fault;
        if (once) environment["KMP_FAKE_FAULT_ONCE"] = OnceFile;
        return new ScomHostCommand(ScomHostOptions.DotnetHost(), ["exec", Program], environment);
    }

    public string OnceFile => temp.File("fault-done");

    public ScomManagementGroup Group(string? fault = null, bool once = false, TimeSpan? timeout = null, ScomCredentials? credentials = null) =>
        new("fake", new ScomHostOptions
        {
            Command = Command(fault, once),
            RequestTimeout = timeout ?? TimeSpan.FromMinutes(2),
            Credentials = credentials ?? ScomCredentials.Integrated,
        });

    /// <summary>Raises alerts in the fake host's group through the fake-only operation.</summary>
    public static IReadOnlyList<Guid> RaiseAlerts(ScomManagementGroup group, string workflowId, int count) =>
        [.. group.Call(new Request { Op = "fake.raiseAlerts", Name = workflowId, Number = count }).AlertIds!.Select(Guid.Parse)];

    /// <summary>The local group behind the fake host, opened directly (while no host runs).</summary>
    public LocalManagementGroup OpenLocal() => LocalManagementGroup.Open(GroupPath);

    public void Dispose() => temp.Dispose();
}
