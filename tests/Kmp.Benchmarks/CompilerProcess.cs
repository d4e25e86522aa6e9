using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Kmp.Benchmarks;

/// <summary>
/// The C# compiler of the installed .NET SDK (Roslyn's <c>csc.dll</c>), run as a separate process the
/// way CodeDom runs csc.exe for MPSeal, FastSeal and SMLets: one compiler process per pack.
/// </summary>
internal sealed class CompilerProcess
{
    private CompilerProcess(string dotnetHost, string cscDll)
    {
        DotnetHost = dotnetHost;
        CscDll = cscDll;
    }

    /// <summary>The <c>dotnet</c> muxer that runs the compiler.</summary>
    public string DotnetHost { get; }

    /// <summary>The compiler: <c>&lt;dotnet root&gt;/sdk/&lt;version&gt;/Roslyn/bincore/csc.dll</c>.</summary>
    public string CscDll { get; }

    /// <summary>The dotnet root this process runs from: DOTNET_ROOT, else three folders above the runtime directory.</summary>
    public static string DotnetRoot =>
        Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && Directory.Exists(Path.Combine(root, "sdk"))
            ? root
            : Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    /// <summary>
    /// Finds the compiler of the SDK that <c>dotnet --version</c> selects here (global.json), else of the
    /// newest SDK installed under <see cref="DotnetRoot"/>; null with the reason when there is none.
    /// </summary>
    public static CompilerProcess? Locate(out string reason)
    {
        var root = DotnetRoot;
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        var sdkFolder = Path.Combine(root, "sdk");
        if (!File.Exists(host) || !Directory.Exists(sdkFolder))
        {
            reason = $"no dotnet host with an sdk folder at {root} (set DOTNET_ROOT to an SDK installation)";
            return null;
        }
        var candidates = new List<string>();
        if (RunningSdkVersion(host) is { } running) candidates.Add(Path.Combine(sdkFolder, running));
        candidates.AddRange(Directory.GetDirectories(sdkFolder)
            .Select(d => (Folder: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(d => d.Version is not null)
            .OrderByDescending(d => d.Version)
            .Select(d => d.Folder));
        foreach (var sdk in candidates)
        {
            var csc = Path.Combine(sdk, "Roslyn", "bincore", "csc.dll");
            if (File.Exists(csc))
            {
                reason = "";
                return new CompilerProcess(host, csc);
            }
        }
        reason = $"no Roslyn/bincore/csc.dll in any SDK under {sdkFolder}";
        return null;
    }

    private static string? RunningSdkVersion(string host)
    {
        try
        {
            var start = new ProcessStartInfo(host, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Runs <c>dotnet exec csc.dll</c> with the arguments in <paramref name="folder"/>; throws with the compiler's output when it fails.</summary>
    public void Run(string folder, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(CscDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"csc exited with {process.ExitCode}: {output}{errors.Result}");
    }
}
