using System.Text.RegularExpressions;

namespace Kmp.Documentation;

/// <summary>
/// The templates' descriptions and notes as the guide prints them: their citations of the team's own research
/// notes (<c>reference/….md §n</c>), which readers of the guide do not have, are left out; the sources a reader
/// can check (Kaspersky's pages, real files) stay.
/// </summary>
internal static partial class TemplateText
{
    [GeneratedRegex(@"reference/[\w.-]+\.md(?:\s*§[\d.]+)?(?:\s*[;:,]\s*)?")]
    private static partial Regex NotesCitation();

    [GeneratedRegex(@"\s*\(\s*\)")]
    private static partial Regex EmptyParentheses();

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? ForReaders(string? text) => text is null ? null : EmptyParentheses().Replace(NotesCitation().Replace(text, ""), "");
}
