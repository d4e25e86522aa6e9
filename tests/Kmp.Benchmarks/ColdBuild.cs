using System.Diagnostics;
using System.Globalization;
using Kmp.Packaging;

namespace Kmp.Benchmarks;

/// <summary>
/// DESIGN §7: "the whole catalog built, verified and sealed from a cold <c>kmp build --all</c> in under
/// 2 s". Starts the built kmp as a new process per run (cold: new runtime, nothing JIT-compiled or
/// cached in memory; the OS file cache is warm after one unmeasured run) and reports the median wall time.
/// </summary>
internal static class ColdBuild
{
    public const string Switch = "--cold-build";

    public static int Run(string[] args)
    {
        var runs = 10;
        string? kmp = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case Switch: break;
                case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0: runs = n; i++; break;
                case "--kmp" when i + 1 < args.Length: kmp = args[++i]; break;
                default:
                    Console.Error.WriteLine($"{Switch}: unknown argument '{args[i]}' (usage: {Switch} [--runs N] [--kmp PATH-TO-kmp-or-kmp.dll])");
                    return 2;
            }
        }
        kmp ??= FindBuiltKmp();
        if (kmp is null || !File.Exists(kmp))
        {
            Console.Error.WriteLine($"{Switch}: no built kmp found{(kmp is null ? "" : " at " + kmp)}; run `dotnet build src/Kmp.Cli -c Release` first or give --kmp PATH");
            return 3;
        }

        var folder = Directory.CreateTempSubdirectory("kmp-bench-cold-").FullName;
        try
        {
            var keyFile = Path.Combine(folder, "key.snk");
            File.WriteAllBytes(keyFile, StrongNameKey.Generate().ToSnkBytes());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            Console.WriteLine($"kmp: {kmp}");
            Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {RuntimeDescription()}, load {Load()}");
            Console.WriteLine($"command: kmp build --all --key <key.snk> --out <new folder>   (one unmeasured run, then {runs} measured)");
            var times = new List<double>();
            for (var run = 0; run <= runs; run++)
            {
                var output = Path.Combine(folder, "out" + run.ToString(CultureInfo.InvariantCulture));
                var (elapsed, packs) = BuildOnce(kmp, folder, keyFile, output);
                if (run == 0)
                {
                    Console.WriteLine($"warm-up: {elapsed:F0} ms, {packs} sealed packs");
                    continue;
                }
                times.Add(elapsed);
                Console.WriteLine($"run {run,2}: {elapsed,6:F0} ms, {packs} sealed packs");
            }
            times.Sort();
            var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
            Console.WriteLine($"cold kmp build --all: median {median:F0} ms, min {times[0]:F0} ms, max {times[^1]:F0} ms over {runs} runs; load {Load()}");
            Console.WriteLine(median < 2000 ? "target (< 2 s): met" : "target (< 2 s): NOT met");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (double Milliseconds, int Packs) BuildOnce(string kmp, string workingFolder, string keyFile, string output)
    {
        var start = StartInfo(kmp);
        foreach (var argument in new[] { "build", "--all", "--key", keyFile, "--out", output }) start.ArgumentList.Add(argument);
        start.WorkingDirectory = workingFolder;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        clock.Stop();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"kmp build --all exited with {process.ExitCode}:\n{text}{errors.Result}");
        var packs = Directory.GetFiles(output, "*.mp").Length;
        if (packs == 0) throw new InvalidOperationException($"kmp build --all wrote no sealed pack into {output}:\n{text}{errors.Result}");
        return (clock.Elapsed.TotalMilliseconds, packs);
    }

    /// <summary>Starts <paramref name="kmp"/>: a <c>kmp.dll</c> through <c>dotnet exec</c>, else the program itself.</summary>
    internal static ProcessStartInfo StartInfo(string kmp) =>
        kmp.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new ProcessStartInfo(Path.Combine(CompilerProcess.DotnetRoot, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet")) { ArgumentList = { "exec", kmp } }
            : new ProcessStartInfo(kmp);

    /// <summary>The kmp built in this repository (Release preferred), found from the benchmark's own folder.</summary>
    internal static string? FindBuiltKmp()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "KasperskyMomPack.sln"))) continue;
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var bin = Path.Combine(dir.FullName, "src", "Kmp.Cli", "bin", configuration, "net10.0");
                var host = Path.Combine(bin, OperatingSystem.IsWindows() ? "kmp.exe" : "kmp");
                if (File.Exists(host)) return host;
                if (File.Exists(Path.Combine(bin, "kmp.dll"))) return Path.Combine(bin, "kmp.dll");
            }
            return null;
        }
        return null;
    }

    internal static string RuntimeDescription() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    internal static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
