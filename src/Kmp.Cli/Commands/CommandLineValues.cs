using Kmp.ManagementPacks;
using Kmp.Packaging;

namespace Kmp.Cli.Commands;

/// <summary>Option checks and defaults that several verbs share.</summary>
internal static class CommandLineValues
{
    /// <summary>--all and --product exclude each other.</summary>
    public static void CheckProductSelection(string verb, bool all, IEnumerable<string> products)
    {
        if (all && products.Any()) throw new KmpException(ErrorKind.Usage, $"kmp {verb}: give either --all or --product, not both");
    }

    /// <summary>The value of --version: four numeric parts that a sealed pack's assembly version can hold.</summary>
    public static Version PackVersion(string verb, string text)
    {
        if (!ManagementPackIdentity.TryParseVersion(text, out var version))
            throw new KmpException($"kmp {verb}: --version '{text}' is not a four-part version (e.g. 1.0.0.0)");
        if (ManagementPackIdentity.ProblemWithSealedVersion(version) is { } problem)
            throw new KmpException($"kmp {verb}: --version '{text}': {problem}");
        return version;
    }

    /// <summary>True for an output name that means standard output: '-', /dev/stdout or /dev/fd/1.</summary>
    public static bool IsStandardOutput(string path) => path is "-" or "/dev/stdout" or "/dev/fd/1" or "/proc/self/fd/1";

    /// <summary>The value of an --out that names a folder: standard output cannot be one.</summary>
    public static string? OutputFolder(string verb, string? folder) =>
        folder is not null && IsStandardOutput(folder)
            ? throw new KmpException(ErrorKind.Usage, $"kmp {verb}: --out {folder}: {verb} writes files into a folder, not to standard output")
            : folder;

    /// <summary>
    /// Refuses an output that is one of the command's inputs or its group (the same file by any name):
    /// writing it would replace what the command reads, e.g. <c>unseal X.mp --out X.mp</c> or
    /// <c>remove --emit-script G.db</c>. The one check every verb with an output makes.
    /// </summary>
    public static void RefuseOverwriting(string verb, string option, string? output, params (string What, string? Path)[] inputs)
    {
        if (output is null || IsStandardOutput(output)) return;
        var target = RealPath(output);
        foreach (var (what, path) in inputs)
            if (path is not null && string.Equals(RealPath(path), target, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
                throw new KmpException(ErrorKind.Usage, $"kmp {verb}: {option} {output} is {what}; kmp never writes over what it reads: give another file");
    }

    /// <summary>The management group's file, for a local:PATH group.</summary>
    public static string? LocalGroupFile(string? managementGroup) =>
        managementGroup is not null && managementGroup.StartsWith("local:", StringComparison.Ordinal) ? managementGroup["local:".Length..] : null;

    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full; // a link loop: not the same as any input kmp could read
        }
    }

    /// <summary>The release key from KMP_SIGNING_KEY (base64 of an .snk), if set.</summary>
    public static string? KeyFromEnvironment => Environment.GetEnvironmentVariable(SigningKeys.EnvironmentVariable);

    /// <summary>Where the development key of the checkout kmp runs in is kept.</summary>
    public static string DevelopmentKeyFolder => SigningKeys.DefaultDevelopmentKeyFolder(Environment.CurrentDirectory);
}
