using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;

namespace Kmp.Benchmarks;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains(ColdBuild.Switch)) return ColdBuild.Run(args);
        if (args.Contains(Startup.Switch)) return Startup.Run(args);
        if (args.Contains(Stages.Switch)) return Stages.Run(args);

        // BenchmarkDotNet builds its boilerplate project with the whole solution below it, without the compiler server:
        // on the shared 2-core machine that took longer than its default 2 minutes, and every case failed unmeasured.
        var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
        if (CompilerProcess.Locate(out var reason) is null)
        {
            Console.WriteLine($"// Skipping '{SealBenchmarks.CompilerProcessBenchmark}' (sealing by a csc process per pack): {reason}.");
            config.AddFilter(new SimpleFilter(b => b.Descriptor.WorkloadMethod.Name != SealBenchmarks.CompilerProcessBenchmark));
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
