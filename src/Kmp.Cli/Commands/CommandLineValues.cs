using Kmp.ManagementPacks;
using Kmp.Packaging;

namespace Kmp.Cli.Commands;

/// <summary>Option checks and defaults that several verbs share.</summary>
internal static class CommandLineValues
{
    /// <summary>--all and --product exclude each other.</summary>
    public static void CheckProductSelection(string verb, bool all, IEnumerable<string> products)
    {
        if (all && products.Any()) throw new KmpException($"kmp {verb}: give either --all or --product, not both");
    }

    /// <summary>The value of --version, four numeric parts.</summary>
    public static Version PackVersion(string verb, string text) =>
        ManagementPackIdentity.TryParseVersion(text, out var version)
            ? version
            : throw new KmpException($"kmp {verb}: --version '{text}' is not a four-part version (e.g. 1.0.0.0)");

    /// <summary>The release key from KMP_SIGNING_KEY (base64 of an .snk), if set.</summary>
    public static string? KeyFromEnvironment => Environment.GetEnvironmentVariable(SigningKeys.EnvironmentVariable);

    /// <summary>Where the development key of the checkout kmp runs in is kept.</summary>
    public static string DevelopmentKeyFolder => SigningKeys.DefaultDevelopmentKeyFolder(Environment.CurrentDirectory);
}
