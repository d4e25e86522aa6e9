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
    /// <summary>
    /// The first text in document order holding a character XML cannot hold. <paramref name="Unreadable"/>: some
    /// text of the document (this one or a later one) is half of a surrogate pair escaped, which no .NET string holds,
    /// so nothing else may read the document's strings.
    /// </summary>
    internal sealed record Problem(string Path, string Message, bool Unreadable);

    public static Problem? FirstUnwritable(JsonElement root)
    {
        (string Path, string Message)? first = null;
        var unreadable = false;
        Walk(root, "", ref first, ref unreadable);
        return first is var (path, message) ? new Problem(path, message, unreadable) : null;
    }

    private static void Walk(JsonElement element, string path, ref (string, string)? first, ref bool unreadable)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) Walk(property.Value, JsonPositions.Child(path, property.Name), ref first, ref unreadable);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) Walk(item, JsonPositions.Item(path, index++), ref first, ref unreadable);
                break;
            case JsonValueKind.String:
                var text = Text(element);
                unreadable |= text is null;
                if (first is null && Check(text) is { } message) first = (path, message);
                break;
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

    private static string? Check(string? text)
    {
        if (text is null) return "the text holds half of a surrogate pair (an escaped \\uD800-\\uDFFF without its other half), which XML cannot hold";
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
            return $"the text holds {what} XML cannot hold: U+{(int)c:X4} at character {i + 1} (a management pack allows no control character but tab and line breaks)";
        }
        return null;
    }
}
