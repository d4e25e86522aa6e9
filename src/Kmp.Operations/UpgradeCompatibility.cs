using Kmp.ManagementPacks.Xml;

namespace Kmp.Operations;

/// <summary>
/// Decides whether a newer version of a sealed pack may replace the installed one (SCOM's
/// upgrade-compatibility check, reference/scom-sdk.md §7c). A seam, so that the full element-level
/// diff of Kmp.Verification can be plugged in.
/// </summary>
public interface IUpgradeCompatibility
{
    /// <summary>Why <paramref name="newer"/> cannot upgrade <paramref name="older"/>; empty when it can.</summary>
    IReadOnlyList<string> Problems(ManagementPackDocument older, ManagementPackDocument newer);
}

/// <summary>
/// The rules SCOM is documented to enforce (reference/scom-sdk.md §7c): a public element of the
/// installed version must still exist, with the same kind, and a public class keeps its properties
/// and which of them are keys. Messages use SCOM's wording.
/// </summary>
public sealed class PublicElementCompatibility : IUpgradeCompatibility
{
    public static PublicElementCompatibility Instance { get; } = new();

    public IReadOnlyList<string> Problems(ManagementPackDocument older, ManagementPackDocument newer)
    {
        var problems = new List<string>();
        foreach (var old in older.Elements.Where(e => e.IsPublic))
        {
            var now = newer.Find(old.Id);
            if (now is null || now.Kind != old.Kind)
            {
                problems.Add($"Publicly accessible {old.Kind} ({old.Id}) has been removed in the newer version of this management pack.");
                continue;
            }
            if (old.Kind != "ClassType") continue;
            var newProperties = now.Xml.Elements("Property").ToDictionary(p => (string?)p.Attribute("ID") ?? "", StringComparer.Ordinal);
            foreach (var property in old.Xml.Elements("Property"))
            {
                var id = (string?)property.Attribute("ID") ?? "";
                if (!newProperties.TryGetValue(id, out var newer_))
                {
                    problems.Add($"Publicly accessible ClassProperty ({id}) of {old.Id} has been removed in the newer version of this management pack.");
                    continue;
                }
                var oldKey = IsKey(property);
                var newKey = IsKey(newer_);
                if (oldKey != newKey)
                    problems.Add($"The property Key ({id}) of {old.Id} has a value that is not upgrade compatible. OldValue={oldKey}, NewValue={newKey}.");
            }
            var oldBase = Resolve(older, old.Attribute("Base"));
            var newBase = Resolve(newer, now.Attribute("Base"));
            if (oldBase != newBase)
                problems.Add($"ClassType: [{old.Id}] is not upgrade compatible: its base class changed from {oldBase} to {newBase}.");
        }
        return problems;
    }

    private static bool IsKey(System.Xml.Linq.XElement property) =>
        string.Equals((string?)property.Attribute("Key"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Replaces the alias of <c>Alias!Id</c> by the referenced pack's ID, so renamed aliases compare equal.</summary>
    private static string? Resolve(ManagementPackDocument pack, string? reference)
    {
        if (reference is null) return null;
        var bang = reference.IndexOf('!', StringComparison.Ordinal);
        if (bang < 0) return pack.Id + "!" + reference;
        var target = pack.Reference(reference[..bang])?.ManagementPackId ?? reference[..bang];
        return target + "!" + reference[(bang + 1)..];
    }
}
