using System.IO.Compression;
using System.Security.Cryptography;
using Kmp.Packaging;
using Kmp.Testing;

namespace Kmp.Cli.Tests.Release;

/// <summary>
/// The Windows release bundle (`dotnet build src/Kmp.Cli -t:Bundle`, what `build.ps1 -Release` runs): one zip
/// with kmp for the management server, the family sealed with the given key, the notification script, the
/// README and licence, and a checksum line for every file.
/// </summary>
[Collection(ReleaseCollection.Name)]
public sealed class ReleaseBundleTests
{
    [Fact]
    public void The_bundle_holds_kmp_for_windows_the_sealed_family_and_a_checksum_for_every_file()
    {
        using var temp = new TempDirectory();
        var key = Cli.NewKeyPair(temp.File("release.snk"));
        var output = temp.File("bundle");
        // The bundle builds in a copy of the sources, as from a fresh clone: in the checkout it would build
        // beside the test run, whose other projects are still being built and tested.
        var clone = CopySources(temp.File("clone"));

        var run = DotnetProcess.Run(DotnetProcess.Dotnet,
            ["build", Path.Combine(clone, "src", "Kmp.Cli", "Kmp.Cli.csproj"), "-c", DotnetProcess.Configuration, "-t:Bundle", "-nologo",
             $"-p:BundleKey={temp.File("release.snk")}", "-p:BundleVersion=1.2.3.4", $"-p:BundleOut={output}"],
            temp.Path, new Dictionary<string, string?> { ["KMP_SIGNING_KEY"] = null });
        run.Code.Should().Be(0, run.ToString());

        var zipPath = Directory.GetFiles(output, "*.zip").Should().ContainSingle().Subject;
        Path.GetFileName(zipPath).Should().MatchRegex(@"^kmp-\d+\.\d+\.\d+-packs-1\.2\.3\.4-win-x64\.zip$");
        using var zip = ZipFile.OpenRead(zipPath);
        var entries = zip.Entries.Where(e => e.Name != "").ToDictionary(e => e.FullName.Replace('\\', '/'), StringComparer.Ordinal);

        entries.Keys.Should().Contain(["README.md", "LICENSE", "SHA256SUMS", "kmp/kmp.exe", "kmp/kmp.dll",
            "packs/KasperskyLab.Library.mp", "packs/KasperskyLab.Library.xml", "packs/KasperskyLab.Notifications.ps1"]);
        entries.Keys.Should().Contain(k => k.StartsWith("kmp/", StringComparison.Ordinal) && k.EndsWith("coreclr.dll", StringComparison.Ordinal),
            "kmp is self-contained: a management server need not have .NET installed");
        // ReadyToRun, one composite image with the runtime's libraries: kmp's code is compiled ahead for win-x64,
        // so a short command does not wait for the JIT. Each assembly names the composite image that holds its code.
        using (var composite = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(ReadAll(entries["kmp/kmp.r2r.dll"]))))
            composite.PEHeaders.PEHeader!.ExportTableDirectory.Size.Should().BePositive("kmp.r2r.dll exports the ReadyToRun header");
        foreach (var assembly in new[] { "kmp/kmp.dll", "kmp/Kmp.Packaging.dll", "kmp/CommandLine.dll", "kmp/System.Reflection.Metadata.dll" })
        {
            using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(ReadAll(entries[assembly])));
            pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size.Should().BePositive($"{assembly} is ReadyToRun (a component of kmp.r2r.dll)");
        }
        entries.Keys.Should().Contain(["kmp/Kmp.Scom.Host.exe", "kmp/Kmp.Scom.Host.exe.config", "kmp/Kmp.Scom.Protocol.dll"], "kmp finds the SCOM host beside itself");
        entries.Keys.Should().NotContain(k => k.Contains("Microsoft.EnterpriseManagement", StringComparison.Ordinal), "the SDK facade is for compiling only");

        var packs = entries.Keys.Where(k => k.StartsWith("packs/", StringComparison.Ordinal) && k.EndsWith(".mp", StringComparison.Ordinal)).ToList();
        packs.Should().HaveCount(entries.Keys.Count(k => k.StartsWith("packs/", StringComparison.Ordinal) && k.EndsWith(".xml", StringComparison.Ordinal)));
        foreach (var name in packs)
        {
            var sealedPack = SealedManagementPack.Read(ReadAll(entries[name]), name);
            sealedPack.PublicKeyToken.Should().Be(key.PublicKeyToken, name);
            sealedPack.SignatureStatus.Should().Be(SignatureStatus.Valid, name);
            sealedPack.Identity.Version.Should().Be(new Version(1, 2, 3, 4), name);
        }

        // SHA256SUMS: "<lower-case hex>  <path>" for every other file, as sha256sum -c reads it.
        var sums = System.Text.Encoding.UTF8.GetString(ReadAll(entries["SHA256SUMS"]))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split("  ", 2))
            .ToDictionary(parts => parts[1], parts => parts[0], StringComparer.Ordinal);
        sums.Keys.Should().BeEquivalentTo(entries.Keys.Where(k => k != "SHA256SUMS"));
        foreach (var (path, hash) in sums)
            hash.Should().Be(Convert.ToHexStringLower(SHA256.HashData(ReadAll(entries[path]))), path);
    }

    /// <summary>The files a build of src/ needs, without any build output.</summary>
    private static string CopySources(string destination)
    {
        var root = Corpus.RepositoryRoot;
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "README.md", "LICENSE" })
            if (File.Exists(Path.Combine(root, file))) CopyFile(Path.Combine(root, file), Path.Combine(destination, file));
        foreach (var folder in new[] { "src", "mp-templates" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file);
                var parts = relative.Split(Path.DirectorySeparatorChar);
                if (parts.Contains("bin") || parts.Contains("obj")) continue;
                CopyFile(file, Path.Combine(destination, relative));
            }
        }
        return destination;
    }

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
