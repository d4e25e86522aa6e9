using System.Text.RegularExpressions;

namespace Kmp.ManagementPacks;

/// <summary>
/// SCOM's identifier rules: the MP ID, element IDs and reference aliases are
/// <c>xsd:ID</c> values restricted to <c>[A-Za-z0-9_.]</c>, 1–256 characters, not starting with a digit
/// or a dot, and share one uniqueness space in a pack. Sub-element IDs (module, state, property IDs)
/// are unique only within their parent and may start with a digit.
/// </summary>
public static partial class Identifiers
{
    public const int MaxLength = 256;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ElementPattern();

    [GeneratedRegex("^[A-Za-z0-9_.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalPattern();

    [GeneratedRegex("^[0-9a-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    /// <summary>Why <paramref name="id"/> is not a valid MP, element or alias ID, or null when it is.</summary>
    public static string? ProblemWithElementId(string? id)
    {
        if (string.IsNullOrEmpty(id)) return "is empty";
        if (id.Length > MaxLength) return $"is {id.Length} characters long (at most {MaxLength})";
        if (!ElementPattern().IsMatch(id))
        {
            return char.IsAsciiDigit(id[0]) || id[0] == '.'
                ? $"starts with '{id[0]}' (must start with a letter or '_')"
                : "may contain only letters, digits, '_' and '.'";
        }
        return null;
    }

    /// <summary>Why <paramref name="id"/> is not a valid sub-element ID, or null when it is.</summary>
    public static string? ProblemWithLocalId(string? id)
    {
        if (string.IsNullOrEmpty(id)) return "is empty";
        if (id.Length > MaxLength) return $"is {id.Length} characters long (at most {MaxLength})";
        return LocalPattern().IsMatch(id) ? null : "may contain only letters, digits, '_' and '.'";
    }

    /// <summary>Returns <paramref name="id"/> or throws a <see cref="KmpException"/> naming it.</summary>
    public static string Element(string id, string what = "ID")
    {
        var problem = ProblemWithElementId(id);
        return problem is null ? id : throw new KmpException($"invalid {what} '{id}': {problem}");
    }

    /// <summary>Returns <paramref name="id"/> or throws a <see cref="KmpException"/> naming it.</summary>
    public static string Local(string id, string what = "sub-element ID")
    {
        var problem = ProblemWithLocalId(id);
        return problem is null ? id : throw new KmpException($"invalid {what} '{id}': {problem}");
    }

    /// <summary>True for a public key token: 16 lower-case hex digits.</summary>
    public static bool IsPublicKeyToken(string? token) => token is not null && TokenPattern().IsMatch(token);
}
