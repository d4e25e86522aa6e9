using System.Runtime;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Kmp.Benchmarks;

/// <summary>
/// The garbage collector kmp ships with (src/Kmp.Cli/GarbageCollection.props, which this project imports too,
/// so that they are this process's runtimeconfig settings as well as kmp's). The build's figures depend on it
/// (at 10,000 rules, background GC alone made the young collections seven times as many), so every benchmark
/// job runs with exactly these settings and <see cref="Check"/> refuses a process that runs with others.
/// </summary>
internal static class ShippedGc
{
    public static bool Server => Setting("System.GC.Server");

    public static bool Concurrent => Setting("System.GC.Concurrent");

    /// <summary>Heaps of server GC (System.GC.HeapCount).</summary>
    public static int HeapCount => int.Parse(Text("System.GC.HeapCount"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>GC threads not tied to cores (System.GC.NoAffinitize).</summary>
    public static bool NoAffinitize => Setting("System.GC.NoAffinitize");

    /// <summary>Dynamic adaptation of server GC (System.GC.DynamicAdaptationMode: 0 off, 1 on).</summary>
    public static string DynamicAdaptationMode => Text("System.GC.DynamicAdaptationMode");

    /// <summary>Applied to every job BenchmarkDotNet runs (a mutator: <c>--job short</c> too). BenchmarkDotNet has no
    /// setting for DATAS: the runtime's environment variable of the same setting carries it into the job's process.</summary>
    public static Job Mutator => Job.Default.WithGcServer(Server).WithGcConcurrent(Concurrent).WithHeapCount(HeapCount)
        .WithNoAffinitize(NoAffinitize).WithEnvironmentVariable("DOTNET_GCDynamicAdaptationMode", DynamicAdaptationMode).AsMutator();

    public static string Describe() =>
        $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {(GCSettings.LatencyMode == GCLatencyMode.Batch ? "not concurrent" : "concurrent")} ({GCSettings.LatencyMode})";

    /// <summary>Throws unless this process collects garbage as kmp does.</summary>
    public static void Check()
    {
        // Concurrent GC off is the Batch latency mode; on, workstation GC runs Interactive.
        if (GCSettings.IsServerGC != Server || (GCSettings.LatencyMode == GCLatencyMode.Batch) == Concurrent)
            throw new InvalidOperationException($"this process runs {Describe()}, not the garbage collector kmp ships "
                + $"(server {Server}, concurrent {Concurrent}: src/Kmp.Cli/GarbageCollection.props); unset DOTNET_gcServer / DOTNET_gcConcurrent");
    }

    private static bool Setting(string name) =>
        bool.TryParse(Text(name), out var on)
            ? on
            : throw new InvalidOperationException($"{name} in this program's runtimeconfig.json is not true or false");

    private static string Text(string name) =>
        AppContext.GetData(name)?.ToString() is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not in this program's runtimeconfig.json: Kmp.Benchmarks.csproj must import src/Kmp.Cli/GarbageCollection.props");

    /// <summary>The config of the benchmarks of <c>kmp build</c>: kmp's garbage collector.</summary>
    public sealed class Config : ManualConfig
    {
        public Config() => AddJob(Mutator);
    }
}
