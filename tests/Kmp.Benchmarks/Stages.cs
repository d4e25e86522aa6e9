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

    public static int Run(string[] args)
    {
        var runs = 5;
        var rules = 10_000;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case Switch: break;
                case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0: runs = n; i++; break;
                case "--rules" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var r) && r > 0: rules = r; i++; break;
                default:
                    Console.Error.WriteLine($"{Switch}: unknown argument '{args[i]}' (usage: {Switch} [--rules N] [--runs N])");
                    return 2;
            }
        }
        var key = StrongNameKey.Generate();
        var verification = new VerificationOptions
        {
            WillBeSealed = new HashSet<string>(StringComparer.Ordinal) { SyntheticRulePack.Id },
            SealingKeyToken = key.PublicKeyToken,
        };
        var seal = new SealOptions { Company = "Kaspersky Lab", Copyright = "Kaspersky Lab" };
        var pack = SyntheticRulePack.Compose(rules);
        var xml = ManagementPackXmlWriter.Write(pack, SchemaTarget.Scom2007R2);
        var document = ManagementPackDocument.Parse(xml, SyntheticRulePack.Id + ".xml");
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {ColdBuild.RuntimeDescription()}, load {ColdBuild.Load()}, server GC {System.Runtime.GCSettings.IsServerGC}");
        Console.WriteLine($"{rules} rules, {xml.Length / 1024 / 1024} Mi characters of XML; median of {runs} runs after one warm-up");

        var stages = new (string Name, Action Once)[]
        {
            ("compose (model)", () => SyntheticRulePack.Compose(rules)),
            ("write (model -> XML)", () => ManagementPackXmlWriter.Write(pack, SchemaTarget.Scom2007R2)),
            ("XmlReader pass alone", () => { using var r = SafeXml.CreateReader(new StringReader(xml)); while (r.Read()) { } }),
            ("XDocument.Load, no line info", () => { using var r = SafeXml.CreateReader(new StringReader(xml)); XDocument.Load(r); }),
            ("XDocument.Load, line info", () => { using var r = SafeXml.CreateReader(new StringReader(xml)); XDocument.Load(r, LoadOptions.SetLineInfo); }),
            ("parse, XDocument with lines (old)", () => { using var r = SafeXml.CreateReader(new StringReader(xml)); ManagementPackDocument.FromTree(XDocument.Load(r, LoadOptions.SetLineInfo), SyntheticRulePack.Id + ".xml"); }),
            ("parse (ManagementPackDocument)", () => ManagementPackDocument.Parse(xml, SyntheticRulePack.Id + ".xml")),
            ("verify (parsed document)", () => Verifier.Verify([PackInput.FromXml(document)], verification)),
            ("seal", () => ManagementPackSealer.Seal(xml, key, seal)),
            ("gzip alone", () => ManagementPackPayload.Compress(xml, seal.Compression)),
            ("build + verify + seal", () =>
            {
                var written = ManagementPackXmlWriter.Write(SyntheticRulePack.Compose(rules), SchemaTarget.Scom2007R2);
                var sealing = Task.Run(() => ManagementPackSealer.Seal(written, key, seal));
                Verifier.Verify([PackInput.FromXml(ManagementPackDocument.Parse(written, SyntheticRulePack.Id + ".xml"))], verification);
                sealing.GetAwaiter().GetResult();
            }),
        };
        Console.WriteLine($"{"stage",-32} {"median",9} {"min",9} {"gen0",5} {"gen1",5} {"gen2",5} {"alloc",9}");
        foreach (var (name, once) in stages)
        {
            once();
            var times = new List<double>();
            var (g0, g1, g2, bytes) = (0, 0, 0, 0L);
            for (var run = 0; run < runs; run++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var (c0, c1, c2, a) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(true));
                var clock = Stopwatch.StartNew();
                once();
                times.Add(clock.Elapsed.TotalMilliseconds);
                (g0, g1, g2, bytes) = (GC.CollectionCount(0) - c0, GC.CollectionCount(1) - c1, GC.CollectionCount(2) - c2, GC.GetTotalAllocatedBytes(true) - a);
            }
            times.Sort();
            Console.WriteLine($"{name,-32} {times[times.Count / 2],7:F0}ms {times[0],7:F0}ms {g0,5} {g1,5} {g2,5} {bytes / 1024 / 1024,6} MB");
        }
        return 0;
    }
}
