using System.Text;
using System.Xml;

namespace Kmp.Documentation;

/// <summary>
/// Writes one HTML page with <see cref="XmlWriter"/>: every text and attribute value is encoded by the
/// writer (a display string <c>&lt;script&gt;</c> is text, never markup), elements that are not void are
/// always closed with an end tag (HTML has no <c>&lt;div/&gt;</c>), and only the site's own constant CSS
/// and script are written raw.
/// </summary>
internal sealed class Html : IDisposable
{
    private static readonly HashSet<string> Void = ["meta", "br", "hr", "input", "img", "link"];
    private readonly StringBuilder text = new();
    private readonly XmlWriter writer;
    private readonly Stack<string> open = new();

    public Html()
    {
        writer = XmlWriter.Create(text, new XmlWriterSettings
        {
            OmitXmlDeclaration = true,
            Indent = false,
            ConformanceLevel = ConformanceLevel.Fragment,
            CheckCharacters = false, // characters XML forbids are replaced below, not refused
        });
        writer.WriteRaw("<!DOCTYPE html>\n");
    }

    /// <summary>Opens an element; attributes as name/value pairs (a null value leaves the attribute out).</summary>
    public Html Open(string tag, params (string Name, string? Value)[] attributes)
    {
        writer.WriteStartElement(tag);
        foreach (var (name, value) in attributes)
            if (value is not null) writer.WriteAttributeString(name, Clean(value));
        if (Void.Contains(tag)) writer.WriteEndElement();
        else open.Push(tag);
        return this;
    }

    public Html Close()
    {
        open.Pop();
        writer.WriteFullEndElement();
        return this;
    }

    public Html Text(string? value)
    {
        if (!string.IsNullOrEmpty(value)) writer.WriteString(Clean(value));
        return this;
    }

    /// <summary>An element with text only.</summary>
    public Html Element(string tag, string? value, params (string Name, string? Value)[] attributes)
    {
        Open(tag, attributes);
        Text(value);
        return Close();
    }

    public Html Link(string href, string value, params (string Name, string? Value)[] attributes) =>
        Element("a", value, [("href", href), .. attributes]);

    /// <summary>The site's own constant CSS or script; never text from a pack.</summary>
    public Html Raw(string constant)
    {
        writer.WriteRaw(constant);
        return this;
    }

    /// <summary>An SVG element in the SVG namespace (inline in the page).</summary>
    public Html Svg(string tag, params (string Name, string? Value)[] attributes)
    {
        writer.WriteStartElement(tag, tag == "svg" ? "http://www.w3.org/2000/svg" : null);
        foreach (var (name, value) in attributes)
            if (value is not null) writer.WriteAttributeString(name, Clean(value));
        open.Push(tag);
        return this;
    }

    public override string ToString()
    {
        if (open.Count > 0) throw new InvalidOperationException($"<{open.Peek()}> is not closed");
        writer.Flush();
        return text.ToString();
    }

    public void Dispose() => writer.Dispose();

    /// <summary>
    /// Characters XML and HTML cannot carry (controls, lone surrogates) become U+FFFD, and so do C1 controls and
    /// the bidirectional embeddings, overrides and isolates: a pack's text must not reorder what the page shows around it.
    /// </summary>
    private static string Clean(string value)
    {
        if (!value.Any(Replaced)) return value;
        var b = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { b.Append(c).Append(value[++i]); continue; }
            b.Append(Replaced(c) ? '\uFFFD' : c);
        }
        return b.ToString();
    }

    private static bool Replaced(char c) =>
        c < ' ' && c is not ('\t' or '\n' or '\r') || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF'
        || c is >= '\u0080' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';
}
