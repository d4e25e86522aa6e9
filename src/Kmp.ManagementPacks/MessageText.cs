using System.Text;

namespace Kmp.ManagementPacks;

/// <summary>
/// Text from inputs (names, values, parser messages) inside a message kmp prints: line breaks and other
/// control characters are shown escaped (<c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\uXXXX</c>), so an error stays one
/// line and a value cannot spoof a line of output. The one escaping used by the readers, the templates and the CLI.
/// </summary>
public static class MessageText
{
    /// <summary>The text as one line: every line break and control character escaped, tabs too.</summary>
    public static string OneLine(string text) => Escape(text, keepTabs: false);

    /// <summary>The text with its control characters escaped; tabs kept where <paramref name="keepTabs"/> (tables for people).</summary>
    public static string Escape(string text, bool keepTabs)
    {
        if (!text.Any(c => MustEscape(c, keepTabs))) return text;
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' when !keepTabs => "\\t",
                _ when MustEscape(c, keepTabs) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    // U+2028/U+2029 are not control characters, but terminals and editors break lines at them.
    private static bool MustEscape(char c, bool keepTabs) =>
        (char.IsControl(c) && !(keepTabs && c == '\t')) || c is '\u2028' or '\u2029';
}
