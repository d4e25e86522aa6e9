using Kmp.ManagementPacks.Xml;

namespace Kmp.Operations;

/// <summary>
/// Decides whether a newer version of a sealed pack may replace the installed one (SCOM's
/// upgrade-compatibility check). The local group and the import planner
/// take it as a parameter, so a test or another rule set can replace the default.
/// </summary>
public interface IUpgradeCompatibility
{
    /// <summary>Why <paramref name="newer"/> cannot upgrade <paramref name="older"/>; empty when it can.</summary>
    IReadOnlyList<string> Problems(ManagementPackDocument older, ManagementPackDocument newer);
}

/// <summary>
/// The verifier's element-level diff (Kmp.Verification, <c>kmp diff</c>): every rule it knows, with
/// base classes in other packs resolved in its built-in library catalog. The default check.
/// </summary>
public sealed class VerifierUpgradeCompatibility : IUpgradeCompatibility
{
    public static VerifierUpgradeCompatibility Instance { get; } = new();

    public IReadOnlyList<string> Problems(ManagementPackDocument older, ManagementPackDocument newer) =>
        [.. Kmp.Verification.Upgrade.UpgradeCompatibility.Compare(older, newer).Incompatibilities.Select(i => i.ToString())];
}
