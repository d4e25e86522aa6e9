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

    /// <summary>The release key from KMP_SIGNING_KEY (base64 of an .snk), if set.</summary>
    public static string? KeyFromEnvironment => Environment.GetEnvironmentVariable(SigningKeys.EnvironmentVariable);

    /// <summary>Where the development key of the checkout kmp runs in is kept.</summary>
    public static string DevelopmentKeyFolder => SigningKeys.DefaultDevelopmentKeyFolder(Environment.CurrentDirectory);
}
