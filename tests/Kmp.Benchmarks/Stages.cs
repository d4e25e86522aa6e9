using System.Diagnostics;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Packaging;
using Kmp.Verification;

namespace Kmp.Benchmarks;

/// <summary>
/// Where the time of the 10,000-rule build + verify + seal goes: each stage of <see cref="RuleScaleBenchmarks"/>
/// timed alone with a stopwatch in one warm process, with its garbage collections and allocation, the
/// median of a few runs. A profile to decide what to work on, not a measurement of a target (that is
/// BenchmarkDotNet's job).
/// </summary>
internal static class Stages
{
    public const string Switch = "--stages";

    private static readonly StrongNameKey StrongNameKeyForStages = StrongNameKey.Generate();

    private static bool Shipped()
    {
        try { ShippedGc.Check(); return true; }
        catch (InvalidOperationException) { return false; }
    }

    public static int Run(string[] args)
    {
        var runs = 5;
        var rules = 10_000;
        var only = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case Switch: break;
                case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0: runs = n; i++; break;
                case "--only" when i + 1 < args.Length: only.Add(args[++i]); break;
                case "--rules" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var r) && r > 0: rules = r; i++; break;
                default:
                    Console.Error.WriteLine($"{Switch}: unknown argument '{args[i]}' (usage: {Switch} [--rules N] [--runs N] [--only TEXT]...)");
                    return 2;
            }
        }
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {ColdBuild.RuntimeDescription()}, load {ColdBuild.Load()}, {ShippedGc.Describe()}{(Shipped() ? " as kmp ships" : ": NOT the garbage collector kmp ships")}");
        var bench = new RuleScaleBenchmarks { Rules = rules, OtherGcAllowed = true };
        bench.Setup();
        var xml = ManagementPackXmlWriter.Write(SyntheticRulePack.Compose(rules, StrongNameKey.Generate().PublicKeyToken).Packs.Single(p => p.Id == SyntheticRulePack.MonitoringId).Pack, SchemaTarget.Scom2007R2);
        var utf8 = System.Text.Encoding.UTF8.GetBytes(xml);
        Console.WriteLine($"{rules} rules; the Monitoring pack: {xml.Length / 1024 / 1024} Mi characters of XML; median of {runs} runs after one warm-up");

        var stages = new (string Name, Action Once)[]
        {
            ("compose (templates -> model)", () => bench.Compose()),
            ("write (the family)", () => bench.Write()),
            ("XmlReader pass alone (Monitoring)", () => { using var r = SafeXml.CreateReader(new StringReader(xml)); while (r.Read()) { } }),
            ("XmlReader pass alone, UTF-8 bytes", () => { using var r = SafeXml.CreateReader(new MemoryStream(utf8)); while (r.Read()) { } }),
            ("UTF-8 decode alone (Monitoring)", () => System.Text.Encoding.UTF8.GetString(utf8)),
            ("XDocument.Load, no line info", () => { using var r = SafeXml.CreateReader(new StringReader(xml)); XDocument.Load(r); }),
            ("XDocument.Load, line info", () => { using var r = SafeXml.CreateReader(new StringReader(xml)); XDocument.Load(r, LoadOptions.SetLineInfo); }),
            ("read (ManagementPackDocument)", () => bench.Read()),
            ("read on one thread (PackXmlTree)", () => { using var r = SafeXml.CreateReader(new StringReader(xml)); PackXmlTree.Load(r, () => SafeXml.CreateReader(new StringReader(xml))); }),
            ("verify (read Monitoring pack)", () => bench.Verify()),
            ("seal (read Monitoring pack)", () => bench.Seal()),
            ("seal (text, read again)", () => ManagementPackSealer.Seal(xml, StrongNameKeyForStages, new SealOptions())),
            ("gzip alone", () => ManagementPackPayload.Compress(xml)),
            ("build + verify + seal", () => bench.BuildVerifySeal()),
            ("build + verify + seal, as before", () => bench.BuildVerifySealAsBefore()),
        };
        // cpu: the processor time of the whole process (every thread) during the run of median time. On a loaded
        // machine it is steadier than the wall time, and a stage on two threads shows there what it costs in all.
        Console.WriteLine($"{"stage",-32} {"median",9} {"min",9} {"cpu",9} {"gen0",5} {"gen1",5} {"gen2",5} {"alloc",9}");
        foreach (var (name, once) in stages.Where(s => only.Count == 0 || only.Any(o => s.Name.Contains(o, StringComparison.OrdinalIgnoreCase))))
        {
            once();
            var times = new List<(double Wall, double Cpu)>();
            var (g0, g1, g2, bytes) = (0, 0, 0, 0L);
            using var process = Process.GetCurrentProcess();
            for (var run = 0; run < runs; run++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var (c0, c1, c2, a) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(true));
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                once();
                var wall = clock.Elapsed.TotalMilliseconds;
                process.Refresh();
                times.Add((wall, (process.TotalProcessorTime - cpu).TotalMilliseconds));
                (g0, g1, g2, bytes) = (GC.CollectionCount(0) - c0, GC.CollectionCount(1) - c1, GC.CollectionCount(2) - c2, GC.GetTotalAllocatedBytes(true) - a);
            }
            times.Sort();
            var median = times[times.Count / 2];
            Console.WriteLine($"{name,-32} {median.Wall,7:F0}ms {times[0].Wall,7:F0}ms {median.Cpu,7:F0}ms {g0,5} {g1,5} {g2,5} {bytes / 1024 / 1024,6} MB");
        }
        return 0;
    }
}
