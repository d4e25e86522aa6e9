using System.IO.Compression;
using Kmp.Packaging;
using Kmp.Testing;

namespace Kmp.Cli.Tests.Release;

/// <summary>
/// kmp as a .NET tool: the package `dotnet pack` makes of the CLI installs with `dotnet tool install` and
/// runs `kmp build --all` from a folder that is not a checkout.
/// </summary>
[Collection(ReleaseCollection.Name)]
public sealed class ToolPackageTests
{
    [Fact]
    public void The_packed_tool_installs_from_a_local_folder_and_builds_the_family()
    {
        using var temp = new TempDirectory();
        var feed = Directory.CreateDirectory(temp.File("feed")).FullName;
        var work = Directory.CreateDirectory(temp.File("work")).FullName;

        var pack = DotnetProcess.Run(DotnetProcess.Dotnet,
            ["pack", DotnetProcess.CliProject, "-c", DotnetProcess.Configuration, "--no-build", "-o", feed, "-nologo"], work);
        pack.Code.Should().Be(0, pack.ToString());
        var package = Directory.GetFiles(feed, "*.nupkg").Should().ContainSingle().Subject;
        Path.GetFileName(package).Should().MatchRegex(@"^kmp\.\d+\.\d+\.\d+\.nupkg$");
        using (var zip = ZipFile.OpenRead(package))
        {
            var names = zip.Entries.Select(e => e.FullName).ToList();
            names.Should().Contain(["README.md", "LICENSE", "tools/net10.0/any/kmp.dll", "tools/net10.0/any/DotnetToolSettings.xml"]);
            using var settings = new StreamReader(zip.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open());
            settings.ReadToEnd().Should().Contain("<Command Name=\"kmp\"");
        }

        // Only the local folder as a source: the test must not depend on what a public feed holds.
        File.WriteAllText(Path.Combine(work, "nuget.config"),
            $"""<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>""");
        var toolPath = Path.Combine(temp.Path, "tools");
        var version = Path.GetFileNameWithoutExtension(package)["kmp.".Length..];
        var install = DotnetProcess.Run(DotnetProcess.Dotnet,
            ["tool", "install", "kmp", "--tool-path", toolPath, "--configfile", Path.Combine(work, "nuget.config"), "--version", version], work);
        install.Code.Should().Be(0, install.ToString());

        var kmp = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "kmp.exe" : "kmp");
        File.Exists(kmp).Should().BeTrue("the tool's command is named kmp");
        var keyPath = Path.Combine(work, "release.snk");
        var key = Cli.NewKeyPair(keyPath);
        // HOME in the temporary folder: the installed tool must not need (or write) anything of the user's.
        var env = new Dictionary<string, string?> { ["HOME"] = temp.Path, ["USERPROFILE"] = temp.Path, ["KMP_SIGNING_KEY"] = null };

        var versionRun = DotnetProcess.Run(kmp, ["--version"], work, env);
        versionRun.Code.Should().Be(0, versionRun.ToString());
        (versionRun.Out + versionRun.Err).Should().Contain("kmp " + version);

        var build = DotnetProcess.Run(kmp, ["build", "--all", "--key", keyPath, "--out", "out"], work, env);
        build.Code.Should().Be(0, build.ToString());
        var packs = Directory.GetFiles(Path.Combine(work, "out"), "*.mp");
        packs.Should().HaveCount(Directory.GetFiles(Path.Combine(work, "out"), "*.xml").Length).And.NotBeEmpty();
        packs.Select(Path.GetFileNameWithoutExtension).Should().Contain("KasperskyLab.Library");
        foreach (var mp in packs)
        {
            var sealedPack = SealedManagementPack.Open(mp);
            sealedPack.PublicKeyToken.Should().Be(key.PublicKeyToken, mp);
            sealedPack.SignatureStatus.Should().Be(SignatureStatus.Valid, mp);
        }
    }
}
