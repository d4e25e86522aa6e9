using System.IO.Compression;
using System.Resources;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Kmp.Packaging;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kmp.Benchmarks;

/// <summary>
/// Sealing a ~100 KB management pack (DESIGN §7): kmp's direct write of the assembly; the way MPSeal,
/// FastSeal and SMLets do it (gzip, write MPResources.resources, compile a one-line C# source with the
/// resource embedded and strong-name sign it) — as they really do it, a compiler process per pack with
/// its files in a temporary folder, and, kinder to them, Roslyn in-process and warm; and the work no
/// sealer can avoid (gzip, SHA-1, RSA sign).
/// </summary>
[MemoryDiagnoser]
public class SealBenchmarks
{
    private string _xml = "";
    private StrongNameKey _key = null!;
    private RSA _rsa = null!;
    private string _keyFile = "";
    private MetadataReference _corlib = null!;
    private SealOptions _options = null!;
    private CompilerProcess? _compiler;

    /// <summary>The compiler-process benchmark, which <see cref="Program"/> leaves out when no SDK compiler is found.</summary>
    public const string CompilerProcessBenchmark = nameof(CompilerProcessPerPack);

    [GlobalSetup]
    public void Setup()
    {
        _xml = SyntheticPack.Create(targetCharacters: 100 * 1024);
        _key = StrongNameKey.Generate();
        _keyFile = Path.Combine(Path.GetTempPath(), $"kmp-bench-{Environment.ProcessId}.snk");
        File.WriteAllBytes(_keyFile, _key.ToSnkBytes());
        _rsa = RSA.Create();
        _rsa.ImportCspBlobCompat(_key.ToSnkBytes());
        _corlib = MetadataReference.CreateFromFile(typeof(object).Assembly.Location);
        _options = new SealOptions { Company = "Kaspersky Lab", Copyright = "Kaspersky Lab" };
        _compiler = CompilerProcess.Locate(out var reason);
        Console.WriteLine(_compiler is null ? $"// csc: not found ({reason})" : $"// csc: {_compiler.DotnetHost} exec {_compiler.CscDll}");
        // Every way must produce a pack that reads back with a valid signature, or the comparison is meaningless.
        var ways = new List<(string, byte[])> { ("kmp", Kmp()), ("Roslyn", Roslyn()) };
        if (_compiler is not null) ways.Add(("csc process", CompilerProcessPerPack()));
        foreach (var (way, image) in ways)
        {
            var pack = SealedManagementPack.Read(image, way);
            if (pack.SignatureStatus != SignatureStatus.Valid || pack.Xml != _xml)
                throw new InvalidOperationException($"{way}: the sealed pack does not read back signed ({pack.SignatureStatus})");
            Console.WriteLine($"// {way}: {_xml.Length} characters of XML sealed to {image.Length} bytes, signature {pack.SignatureStatus}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_keyFile);

    [Benchmark(Baseline = true, Description = "kmp seal (System.Reflection.Metadata)")]
    public byte[] Kmp() => ManagementPackSealer.Seal(_xml, _key, _options);

    [Benchmark(Description = "seal by compiling (Roslyn in-process, warm)")]
    public byte[] Roslyn() => Compile(_corlib);

    /// <summary>As a one-shot sealer does it: the framework reference is loaded for every pack.</summary>
    [Benchmark(Description = "seal by compiling (Roslyn in-process, references loaded per pack)")]
    public byte[] RoslynFreshReferences() => Compile(MetadataReference.CreateFromFile(typeof(object).Assembly.Location));

    /// <summary>
    /// As MPSeal, FastSeal and SMLets do it through CodeDom: per pack, write the resources, the key and
    /// a one-line source to a temporary folder, run the compiler as a new process (no compiler server),
    /// read the assembly back and clean up.
    /// </summary>
    [Benchmark(Description = "seal by compiling (csc process per pack, as MPSeal/FastSeal)")]
    public byte[] CompilerProcessPerPack() =>
        SealByCompilerProcess(_compiler ?? throw new InvalidOperationException("no C# compiler found in the .NET SDK; this case should have been filtered out"), _xml, _key, _options);

    /// <summary>
    /// Seals <paramref name="xml"/> as MPSeal, FastSeal and SMLets do: the resources, the key and a one-line
    /// source written to a new temporary folder, the compiler run there as a new process, the assembly read back.
    /// </summary>
    internal static byte[] SealByCompilerProcess(CompilerProcess compiler, string xml, StrongNameKey key, SealOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("kmp-bench-csc-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "MPResources.resources"), Resources(xml));
            File.WriteAllBytes(Path.Combine(folder, "key.snk"), key.ToSnkBytes());
            File.WriteAllText(Path.Combine(folder, "AssemblyInfo.cs"), Source(options));
            compiler.Run(folder,
            [
                "/nologo", "/noconfig", "/nostdlib", "/deterministic", "/target:library",
                "/reference:" + typeof(object).Assembly.Location,
                "/resource:MPResources.resources,MPResources.resources",
                "/keyfile:key.snk",
                $"/out:{PackId}.mp",
                "AssemblyInfo.cs",
            ]);
            return File.ReadAllBytes(Path.Combine(folder, PackId + ".mp"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private const string PackId = "KasperskyLab.Benchmark.Library";

    private static byte[] Resources(string xml)
    {
        var gzip = Gzip(xml);
        using var resources = new MemoryStream();
        using (var writer = new ResourceWriter(resources)) writer.AddResource("ManagementPack", gzip);
        return resources.ToArray();
    }

    private static string Source(SealOptions options) => $$"""
        [assembly: System.Reflection.AssemblyVersion("1.0.0.0")]
        [assembly: System.Reflection.AssemblyCompany("{{options.Company}}")]
        [assembly: System.Reflection.AssemblyProduct("{{PackId}}")]
        [assembly: System.Reflection.AssemblyCopyright("{{options.Copyright}}")]
        """;

    private byte[] Compile(MetadataReference corlib)
    {
        var resourceBytes = Resources(_xml);
        var compilation = CSharpCompilation.Create(
            PackId,
            [CSharpSyntaxTree.ParseText(Source(_options))],
            [corlib],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true)
                .WithCryptoKeyFile(_keyFile)
                .WithStrongNameProvider(new DesktopStrongNameProvider()));
        using var output = new MemoryStream();
        var result = compilation.Emit(output, manifestResources:
            [new ResourceDescription("MPResources.resources", () => new MemoryStream(resourceBytes), isPublic: true)]);
        if (!result.Success) throw new InvalidOperationException(string.Join("; ", result.Diagnostics));
        return output.ToArray();
    }

    [Benchmark(Description = "unavoidable work (gzip + SHA-1 + RSA sign)")]
    public byte[] Unavoidable()
    {
        var gzip = Gzip(_xml);
        var digest = SHA1.HashData(gzip);
        return _rsa.SignHash(digest, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
    }

    private static byte[] Gzip(string xml)
    {
        var bytes = Encoding.Unicode.GetBytes(xml);
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }
}

internal static class RsaExtensions
{
    /// <summary>Loads an .snk key pair (a CryptoAPI PRIVATEKEYBLOB) into an RSA object.</summary>
    public static void ImportCspBlobCompat(this RSA rsa, byte[] snk)
    {
        int n = BitConverter.ToInt32(snk, 12) / 8, h = n / 2, at = 20;
        byte[] Next(int size)
        {
            var part = snk.AsSpan(at, size).ToArray();
            Array.Reverse(part);
            at += size;
            return part;
        }
        var exponent = BitConverter.GetBytes(BitConverter.ToUInt32(snk, 16)).Reverse().SkipWhile(b => b == 0).ToArray();
        rsa.ImportParameters(new RSAParameters
        {
            Exponent = exponent, Modulus = Next(n), P = Next(h), Q = Next(h), DP = Next(h), DQ = Next(h), InverseQ = Next(h), D = Next(n),
        });
    }
}
