using System.Diagnostics;
using System.Globalization;
using Kmp.Packaging;

namespace Kmp.Benchmarks;

/// <summary>
/// The whole-process comparison users feel: <c>kmp seal</c> of a ~300 KB pack as a new process against sealing
/// by compiling as a new process (a csc process per pack, as MPSeal and FastSeal do), and <c>kmp --version</c>
/// (the runtime starting and nothing else). Each kmp given (the built one, a published ReadyToRun one, …) is
/// measured in the same rounds, the cases interleaved so that a change of load touches them all alike.
/// </summary>
internal static class Startup
{
    public const string Switch = "--startup";

    private const int PackCharacters = 300 * 1024;

    public static int Run(string[] args)
    {
        var runs = 10;
        var kmps = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case Switch: break;
                case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0: runs = n; i++; break;
                case "--kmp" when i + 1 < args.Length: kmps.Add(args[++i]); break;
                default:
                    Console.Error.WriteLine($"{Switch}: unknown argument '{args[i]}' (usage: {Switch} [--runs N] [--kmp PATH-TO-kmp-or-kmp.dll]...)");
                    return 2;
            }
        }
        if (kmps.Count == 0 && ColdBuild.FindBuiltKmp() is { } built) kmps.Add(built);
        var missing = kmps.FirstOrDefault(k => !File.Exists(k));
        if (kmps.Count == 0 || missing is not null)
        {
            Console.Error.WriteLine($"{Switch}: no built kmp found{(missing is null ? "" : " at " + missing)}; run `dotnet build src/Kmp.Cli -c Release` first or give --kmp PATH");
            return 3;
        }
        var compiler = CompilerProcess.Locate(out var reason);
        if (compiler is null) Console.WriteLine($"// Skipping sealing by a csc process: {reason}.");

        var folder = Directory.CreateTempSubdirectory("kmp-bench-startup-").FullName;
        try
        {
            var key = StrongNameKey.Generate();
            var keyFile = Path.Combine(folder, "key.snk");
            File.WriteAllBytes(keyFile, key.ToSnkBytes());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var xml = SyntheticPack.Create(PackCharacters);
            var pack = Path.Combine(folder, "pack.xml");
            File.WriteAllText(pack, xml);
            var options = new SealOptions();

            Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, load {ColdBuild.Load()}");
            Console.WriteLine($"pack: {new FileInfo(pack).Length / 1024} KB of XML; one unmeasured round, then {runs} measured rounds");
            var cases = new List<(string Name, Func<int, byte[]?> Once)>();
            for (var k = 0; k < kmps.Count; k++)
            {
                var kmp = kmps[k];
                var label = kmps.Count == 1 ? "kmp" : $"kmp#{k + 1}";
                Console.WriteLine($"{label}: {kmp}");
                cases.Add(($"{label} --version", _ => { RunKmp(kmp, folder, "--version"); return null; }));
                cases.Add(($"{label} seal", run =>
                {
                    var output = Path.Combine(folder, $"out-{k}-{run}");
                    RunKmp(kmp, folder, "seal", pack, "--key", keyFile, "--out", output);
                    return File.ReadAllBytes(Directory.GetFiles(output, "*.mp").Single());
                }));
            }
            if (compiler is not null)
            {
                Console.WriteLine($"csc: {compiler.DotnetHost} exec {compiler.CscDll}");
                cases.Add(("seal by compiling (csc process)", _ => SealBenchmarks.SealByCompilerProcess(compiler, xml, key, options)));
            }

            var times = cases.Select(_ => new List<double>()).ToList();
            for (var run = 0; run <= runs; run++)
            {
                for (var c = 0; c < cases.Count; c++)
                {
                    var clock = Stopwatch.StartNew();
                    var image = cases[c].Once(run);
                    clock.Stop();
                    if (run == 0)
                    {
                        // Every sealed output must read back signed with the XML sealed, or the comparison is meaningless.
                        if (image is not null && SealedManagementPack.Read(image, cases[c].Name) is var read && (read.SignatureStatus != SignatureStatus.Valid || read.Xml != xml))
                            throw new InvalidOperationException($"{cases[c].Name}: the sealed pack does not read back signed with the XML ({read.SignatureStatus})");
                        continue;
                    }
                    times[c].Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            var medians = times.Select(Median).ToList();
            Console.WriteLine();
            Console.WriteLine($"| {"Whole process",-34} | {"median",9} | {"min",9} | {"max",9} |");
            Console.WriteLine($"|{new string('-', 36)}|{new string('-', 10)}:|{new string('-', 10)}:|{new string('-', 10)}:|");
            for (var c = 0; c < cases.Count; c++)
                Console.WriteLine($"| {cases[c].Name,-34} | {medians[c],6:F0} ms | {times[c].Min(),6:F0} ms | {times[c].Max(),6:F0} ms |");
            Console.WriteLine($"load after: {ColdBuild.Load()}");
            if (compiler is not null)
            {
                var csc = medians[^1];
                for (var c = 1; c < cases.Count - 1; c += 2)
                {
                    var ratio = csc / medians[c];
                    Console.WriteLine($"{cases[c].Name}: {ratio:F1}x faster than sealing by compiling (medians) — target (>= 4x): {(ratio >= 4 ? "met" : "NOT met")}");
                }
            }
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void RunKmp(string kmp, string workingFolder, params string[] arguments)
    {
        var start = ColdBuild.StartInfo(kmp);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.WorkingDirectory = workingFolder;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"kmp {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{text}{errors.Result}");
    }
}
