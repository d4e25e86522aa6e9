using System.Globalization;
using System.Text;

namespace Kmp.Testing;

/// <summary>
/// How long each property-based test (CsCheck) generates inputs: a few seconds per run, so every run
/// tries new inputs and the suite stays fast. <c>CsCheck_Time</c> (seconds) sets it, e.g. for a long
/// search; a failure prints the seed that reproduces it (<c>CsCheck_Seed</c>).
/// </summary>
public static class PropertyRuns
{
    public static int Seconds { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("CsCheck_Time"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 3;

    /// <summary>Characters that break readers: markup, quotes, entities, controls, non-ASCII, a lone surrogate.</summary>
    public const string Awkward = "<>&\"'/=!?[]{}:,\\\0\u0001\u0008\t\n\r \u00a0é€𝄞\ud800\ufeff\ufffe$#;-";

    /// <summary>The message of a refusal: one line, naming <paramref name="file"/> first.</summary>
    public static bool IsOneLineNaming(string message, string file) =>
        message.StartsWith(file, StringComparison.Ordinal) && !message.Contains('\n', StringComparison.Ordinal) && !message.Contains('\r', StringComparison.Ordinal);

    /// <summary>Applies one edit to <paramref name="text"/>: delete, insert, duplicate or nest at a position.</summary>
    public static string Edit(string text, int kind, int at, int length, string insert)
    {
        at = Math.Clamp(at, 0, text.Length);
        length = Math.Clamp(length, 0, text.Length - at);
        return kind switch
        {
            0 => text.Remove(at, length),
            1 => text.Insert(at, insert),
            2 => text.Insert(at, text.Substring(at, length)),
            3 => text[..at],
            4 => text.Insert(at, Nest(length * 37)), // deep nesting, up to several thousand levels
            _ => text.Remove(at, length).Insert(at, insert),
        };
    }

    private static string Nest(int depth)
    {
        var s = new StringBuilder(depth * 7);
        for (var i = 0; i < depth; i++) s.Append("<a>");
        for (var i = 0; i < depth; i++) s.Append("</a>");
        return s.ToString();
    }
}
