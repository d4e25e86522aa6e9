using System.Text;
using System.Xml;
using CsCheck;
using Kmp.ManagementPacks.Xml;
using Kmp.Testing;

namespace Kmp.ManagementPacks.Tests.Properties;

/// <summary>
/// The pack writer's own UTF-8 writer must write what System.Xml's XmlWriter writes with the settings the
/// pack writer used before it (the released packs were written so): the same calls give the same bytes —
/// indentation, mixed content, empty elements, namespace declarations, escaping, new lines, CDATA — and a
/// call XmlWriter refuses (a character XML does not allow, a bad name, a duplicate attribute) is refused too.
/// </summary>
public class WriterProperties
{
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Xsd = "http://www.w3.org/2001/XMLSchema";

    private static XmlWriterSettings Settings => new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        NewLineHandling = NewLineHandling.Replace,
        OmitXmlDeclaration = false,
    };

    private abstract record Op;
    private sealed record Start(string? Prefix, string Name) : Op;
    private sealed record Attribute(string Name, string Value) : Op;
    private sealed record ElementString(string? Prefix, string Name, string Value) : Op;
    private sealed record Text(string Value) : Op;
    private sealed record CData(string Value) : Op;
    private sealed record End : Op;

    private static readonly Gen<string> Names = Gen.OneOf(
        Gen.OneOf("Rule", "DataSource", "ID", "Type", "Name", "maml-x", "a.b", "_x", "Priority"),
        Gen.String[Gen.Char["abcXYZ019_.-é"], 1, 6],
        Gen.OneOf("1a", "a b", "a:b", "", "é"));

    /// <summary>Texts as the model may hold them: plain words mostly, and every awkward character.</summary>
    private static readonly Gen<string> Texts = Gen.OneOf(
        Gen.String[Gen.Char["abc XYZ 019.$/"], 0, 30],
        Gen.String[Gen.Char[PropertyRuns.Awkward + "ab]]\u007f\u0080\u07ff\u0800\uffff"], 0, 12],
        Gen.OneOf("", "]]>", "a]]>b", "]]]>", "]]", "\r\n", "\r", "x\r\ny", "\n\n", "\t", "'\"", "\ud83d\ude00", "\udc00", "\ud800"));

    private static readonly Gen<Op> Ops = Gen.Frequency(
        (5, Gen.Select(Gen.OneOf<string?>(null, null, null, "maml", "xsd"), Names).Select(t => (Op)new Start(t.Item1, t.Item2))),
        (4, Gen.Select(Names, Texts).Select(t => (Op)new Attribute(t.Item1, t.Item2))),
        (4, Gen.Select(Gen.OneOf<string?>(null, null, "maml"), Names, Texts).Select(t => (Op)new ElementString(t.Item1, t.Item2, t.Item3))),
        (2, Texts.Select(t => (Op)new Text(t))),
        (1, Texts.Select(t => (Op)new CData(t))),
        (5, Gen.Const((Op)new End())));

    private static string? Ns(string? prefix) => prefix switch { "maml" => Maml, "xsd" => Xsd, _ => null };

    /// <summary>Runs the calls the way the pack writer makes them (a document, a root with the xsd namespace); the bytes, or the index of the call refused.</summary>
    private static (byte[]? Bytes, int Refused, string? Message) Run(IReadOnlyList<Op> ops, Action<string?, string, string?> start, Action<string, string> attribute,
        Action<string?, string, string?, string> elementString, Action<string> text, Action<string> cdata, Action end, Action<int> finish)
    {
        var at = -1;
        try
        {
            start(null, "ManagementPack", null);
            attribute("ContentReadable", "true");
            for (at = 0; at < ops.Count; at++)
            {
                switch (ops[at])
                {
                    case Start s: start(s.Prefix, s.Name, Ns(s.Prefix)); break;
                    case Attribute a: attribute(a.Name, a.Value); break;
                    case ElementString e: elementString(e.Prefix, e.Name, Ns(e.Prefix), e.Value); break;
                    case Text t: text(t.Value); break;
                    case CData c: cdata(c.Value); break;
                    case End: end(); break;
                }
            }
            finish(at);
            return (null, -2, null);
        }
        catch (Exception ex) when (ex is ArgumentException or XmlException or InvalidOperationException)
        {
            return (null, at, ex.Message);
        }
    }

    /// <summary>Keeps the calls a caller can make: attributes only right after a start tag, no end without an open element.</summary>
    private static List<Op> Callable(Op[] ops)
    {
        var kept = new List<Op>();
        var depth = 1;
        var startTag = true;
        foreach (var op in ops)
        {
            switch (op)
            {
                case Attribute when !startTag: continue;
                case End when depth == 1: continue;
                case Start: depth++; startTag = true; break;
                case End: depth--; startTag = false; break;
                case Attribute: break;
                default: startTag = false; break;
            }
            kept.Add(op);
        }
        return kept;
    }

    private static (byte[]? Bytes, int Refused, string? Message) WithXmlWriter(IReadOnlyList<Op> ops)
    {
        var stream = new MemoryStream();
        byte[]? bytes = null;
        using var w = XmlWriter.Create(stream, Settings);
        w.WriteStartDocument();
        var (_, refused, message) = Run(ops,
            (p, n, ns) => { if (p is null) w.WriteStartElement(n); else w.WriteStartElement(p, n, ns); },
            (n, v) => { if (n == "ContentReadable") { w.WriteAttributeString(n, v); w.WriteAttributeString("xmlns", "xsd", null, Xsd); } else w.WriteAttributeString(n, v); },
            (p, n, ns, v) => { if (p is null) w.WriteElementString(n, v); else w.WriteElementString(p, n, ns, v); },
            w.WriteString, w.WriteCData, w.WriteEndElement,
            _ => { w.WriteEndDocument(); w.Flush(); bytes = stream.ToArray(); });
        return (bytes, refused, message);
    }

    private static (byte[]? Bytes, int Refused, string? Message) WithOwnWriter(IReadOnlyList<Op> ops)
    {
        byte[]? bytes = null;
        using var w = new Utf8PackXmlWriter();
        w.WriteStartDocument();
        var (_, refused, message) = Run(ops,
            w.WriteStartElement,
            (n, v) => { if (n == "ContentReadable") { w.WriteAttributeString(n, v); w.WriteAttributeString("xmlns", "xsd", null, Xsd); } else w.WriteAttributeString(n, v); },
            (p, n, ns, v) => w.WriteElementString(p, n, ns, v),
            w.WriteString, w.WriteCData, w.WriteEndElement,
            _ => { w.WriteEndDocument(); bytes = w.ToArray(); });
        return (bytes, refused, message);
    }

    private static void SameAsXmlWriter(IReadOnlyList<Op> ops)
    {
        var expected = WithXmlWriter(ops);
        var actual = WithOwnWriter(ops);
        actual.Refused.Should().Be(expected.Refused, "the same call is refused (-2: none)");
        // A character XML does not allow can come from a template: its refusal reads as XmlWriter's did.
        if (expected.Message is { } message && (message.Contains("invalid character") || message.Contains("surrogate")))
            actual.Message.Should().Be(message);
        if (expected.Bytes is not null)
            Encoding.UTF8.GetString(actual.Bytes!).Should().Be(Encoding.UTF8.GetString(expected.Bytes));
        if (expected.Bytes is not null) actual.Bytes.Should().Equal(expected.Bytes);
    }

    [Fact]
    public void Any_calls_write_the_bytes_XmlWriter_writes_or_are_refused_where_it_refuses() =>
        Ops.Array[0, 40].Select(Callable).Sample(SameAsXmlWriter, time: PropertyRuns.Seconds);

    [Fact]
    public void Text_and_CDATA_edge_cases_write_as_XmlWriter_writes_them()
    {
        string[] texts = ["", "]]>", "a]]>b", "]]]>", "]]", "]]]]>>", "\r\n", "\r", "\r\r\n", "x\ry", "\n", "\t", "\u007f", "\u0080", "é€𝄞", "<&>\"'", "\u0001", "\ufffe", "\ud800", "\udc00x"];
        foreach (var t in texts)
        {
            SameAsXmlWriter([new Start(null, "a"), new Text(t), new End()]);
            SameAsXmlWriter([new Start(null, "a"), new CData(t), new CData(t), new End()]);
            SameAsXmlWriter([new Start(null, "a"), new Attribute("v", t), new Start(null, "b"), new End(), new End()]);
            SameAsXmlWriter([new Start(null, "a"), new Text(t), new Start(null, "b"), new Start("maml", "c"), new End(), new End(), new Start(null, "d"), new End(), new End()]);
            SameAsXmlWriter([new ElementString(null, "a", t), new ElementString("maml", "p", t), new Start("maml", "s"), new ElementString("maml", "t", t), new End()]);
        }
    }
}
