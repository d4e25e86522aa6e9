using System.Text.RegularExpressions;
using Kmp.Packaging;
using Kmp.Testing;

namespace Kmp.Cli.Tests;

/// <summary>What one in-process run of kmp printed and returned.</summary>
internal sealed record CliResult(int Code, string Out, string Err)
{
    /// <summary>The non-empty lines of standard error.</summary>
    public string[] ErrLines => Lines(Err);

    /// <summary>The non-empty lines of standard output.</summary>
    public string[] OutLines => Lines(Out);

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Asserts the shape of a refused input: the exit code, nothing on standard output, and exactly one
    /// line on standard error, matching <paramref name="pattern"/>, that is not a stack trace.
    /// </summary>
    public void ShouldBeOneLineError(int code, string pattern)
    {
        Code.Should().Be(code, $"stdout: {Out}\nstderr: {Err}");
        Out.Should().BeEmpty();
        ErrLines.Should().ContainSingle($"an error is one line, got:\n{Err}")
            .Which.Should().MatchRegex(pattern);
        Err.Should().NotContain("   at ").And.NotContain("Exception");
    }
}

/// <summary>Runs kmp in-process, as <c>Program.Main</c> does but with captured output.</summary>
internal static class Cli
{
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The repository's templates folder.</summary>
    public static string Templates => Path.Combine(Corpus.RepositoryRoot, "mp-templates");

    /// <summary>Every file below <paramref name="folder"/> (hidden temporary files included), as relative paths.</summary>
    public static IReadOnlyList<string> FilesIn(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>A regular expression matching <paramref name="path"/> literally.</summary>
    public static string Literal(string path) => Regex.Escape(path);

    /// <summary>Writes a fresh key pair to <paramref name="path"/> (owner-only, as kmp writes keys) and returns it.</summary>
    public static StrongNameKey NewKeyPair(string path)
    {
        var key = StrongNameKey.Generate();
        KeyFiles.WriteKeyPair(path, key);
        return key;
    }
}

/// <summary>
/// The Kaspersky family built once per test run by <c>kmp build --all --key</c> from the repository's
/// templates: <c>&lt;ID&gt;.xml</c> and <c>&lt;ID&gt;.mp</c> for every pack, signed with a key made for
/// the run. Tests copy what they change; nobody writes into <see cref="Folder"/>.
/// </summary>
internal sealed class GeneratedFamily
{
    private static readonly Lazy<GeneratedFamily> Instance = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static GeneratedFamily Get() => Instance.Value;

    private GeneratedFamily(string root)
    {
        Root = root;
    }

    private string Root { get; }

    /// <summary>The build output: one .xml and one .mp per pack.</summary>
    public string Folder => Path.Combine(Root, "family");

    /// <summary>The key pair the family is signed with.</summary>
    public string KeyPair => Path.Combine(Root, "release.snk");

    /// <summary>Its public key alone (as <c>kmp key public</c> writes it).</summary>
    public string PublicKey => Path.Combine(Root, "release.public.snk");

    public string KeyToken => StrongNameKey.Load(KeyPair).PublicKeyToken;

    public IReadOnlyList<string> XmlFiles => Directory.GetFiles(Folder, "*.xml").Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> SealedFiles => Directory.GetFiles(Folder, "*.mp").Order(StringComparer.Ordinal).ToList();

    public string Xml(string id) => Path.Combine(Folder, id + ".xml");

    public string Sealed(string id) => Path.Combine(Folder, id + ".mp");

    /// <summary>Copies the family's XML files into <paramref name="folder"/> and returns their paths there.</summary>
    public IReadOnlyList<string> CopyXmlTo(string folder)
    {
        Directory.CreateDirectory(folder);
        return XmlFiles.Select(f =>
        {
            var target = Path.Combine(folder, Path.GetFileName(f));
            File.Copy(f, target);
            return target;
        }).ToList();
    }

    private static GeneratedFamily Build()
    {
        var root = Path.Combine(Path.GetTempPath(), "kmp-cli-family-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        var family = new GeneratedFamily(root);
        var key = Cli.NewKeyPair(family.KeyPair);
        KeyFiles.WritePublicKey(family.PublicKey, key);
        var build = Cli.Run("build", "--all", "--key", family.KeyPair, "--templates", Cli.Templates, "--out", family.Folder);
        if (build.Code != ExitCodes.Success) throw new InvalidOperationException("kmp build of the family failed: " + build.Err);
        return family;
    }
}

/// <summary>The private key must never appear in what kmp prints.</summary>
internal static class Secrets
{
    /// <summary>
    /// Fails when <paramref name="output"/> holds the base64 of the .snk, or any 32-byte run of its
    /// private part as hex, or any 30-byte run of it (at every offset, so every base64 alignment) as base64.
    /// </summary>
    public static void ShouldNotRevealPrivateKey(string keyPairPath, string output)
    {
        var snk = File.ReadAllBytes(keyPairPath);
        var key = StrongNameKey.Load(keyPairPath);
        key.HasPrivateKey.Should().BeTrue();
        output.Should().NotContain(Convert.ToBase64String(snk));
        // PRIVATEKEYBLOB: 8-byte BLOBHEADER, 12-byte RSAPUBKEY, the modulus, then the private parts.
        var privateStart = 20 + key.KeySizeInBits / 8;
        privateStart.Should().BeLessThan(snk.Length);
        for (var i = privateStart; i + 32 <= snk.Length; i++)
        {
            var run = snk.AsSpan(i, 32);
            output.Should().NotContainEquivalentOf(Convert.ToHexString(run), $"bytes {i}..{i + 32} of the key pair are private");
            output.Should().NotContain(Convert.ToBase64String(run[..30]), $"bytes {i}..{i + 30} of the key pair are private");
        }
    }
}
