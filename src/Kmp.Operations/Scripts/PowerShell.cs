using System.Text;

namespace Kmp.Operations.Scripts;

/// <summary>Quoting for generated PowerShell: single-quoted literals and arrays of them.</summary>
internal static class PowerShell
{
    /// <summary>A single-quoted string literal ('' escapes a quote; typographic quotes are quotes to PowerShell too).</summary>
    public static string Quote(string text)
    {
        var b = new StringBuilder("'");
        foreach (var c in text)
        {
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B') b.Append(c);
            b.Append(c);
        }
        return b.Append('\'').ToString();
    }

    public static string Array(IEnumerable<string> items) => "@(" + string.Join(", ", items.Select(Quote)) + ")";

    /// <summary>A comment line; line breaks in the text become separate comment lines.</summary>
    public static string Comment(string text) => string.Join("\n", text.ReplaceLineEndings("\n").Split('\n').Select(l => "# " + l.Replace("#>", "# >", StringComparison.Ordinal)));
}
