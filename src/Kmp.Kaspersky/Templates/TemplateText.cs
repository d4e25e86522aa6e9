using System.Text.Json;
using System.Xml;

namespace Kmp.Kaspersky.Templates;

/// <summary>
/// Every text of a template ends up in management pack XML (names, descriptions, knowledge, registry paths,
/// script parameters), and XML 1.0 cannot hold every character JSON can: no control character but tab,
/// line feed and carriage return, no U+FFFE or U+FFFF, no half of a surrogate pair. A template that holds
/// one is refused here, at the text, rather than when the pack writer meets it (which was an internal error).
/// </summary>
internal static class TemplateText
{
    /// <summary>The first text in document order holding a character XML cannot hold, as a schema-style problem.</summary>
    public static (string Path, string Message)? FirstUnwritable(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (FirstUnwritable(property.Value, JsonPositions.Child(path, property.Name)) is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstUnwritable(item, JsonPositions.Item(path, index++)) is { } found) return found;
                }
                return null;
            case JsonValueKind.String:
                return Problem(Text(element), path);
            default:
                return null;
        }
    }

    // An escaped half of a surrogate pair ("\ud800") cannot be read as a .NET string by System.Text.Json.
    private static string? Text(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static (string, string)? Problem(string? text, string path)
    {
        if (text is null) return (path, "the text holds half of a surrogate pair (an escaped \\uD800-\\uDFFF without its other half), which XML cannot hold");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c)) continue;
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                i++;
                continue;
            }
            var what = char.IsSurrogate(c) ? "half of a surrogate pair" : "a character";
            return (path, $"the text holds {what} XML cannot hold: U+{(int)c:X4} at character {i + 1} (a management pack allows no control character but tab and line breaks)");
        }
        return null;
    }
}
