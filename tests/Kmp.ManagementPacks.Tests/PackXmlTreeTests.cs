using System.Text;
using System.Xml;
using System.Xml.Linq;
using CsCheck;
using Kmp.ManagementPacks.Xml;
using Kmp.Packaging;
using Kmp.Testing;

namespace Kmp.ManagementPacks.Tests;

/// <summary>
/// The pack reader builds its tree itself and finds lines only when asked (PackXmlTree): the tree and
/// every node's line and column must be exactly what <c>XDocument.Load(reader, LoadOptions.SetLineInfo)</c>
/// gave, which is how packs were read before, so that no check sees a different pack and no finding
/// moves. Compared node for node on tricky texts, the corpus, the family snapshots and edited packs.
/// </summary>
public class PackXmlTreeTests
{
    private static readonly string Sample = Encoding.UTF8.GetString(ManagementPackXmlWriter.WriteUtf8(SamplePack.Builder().Build(), SchemaTarget.Scom2007R2));

    public static TheoryData<string> Tricky() => new()
    {
        // empty and self-closing elements, text split by an ignored processing instruction, CDATA, entities,
        // attributes on their own lines, namespaces and prefixes, comments before and after the root
        "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n<!-- before -->\n<ManagementPack ContentReadable=\"true\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n"
            + "  <A></A><B/><C>text<?pi x?>more</C>\n  <D><![CDATA[cdata <x>]]>after &amp; &#10; &lt;</D>\n"
            + "  <E\n     attr=\"1\"\n     other='2'>  <F/>  </E>\n  <xsd:element name=\"x\" xsd:type=\"y\"/>\n  <G xmlns=\"urn:g\"><H/></G>\n"
            + "  <I>  <?pi?>  </I><J> <!-- c --> </J>\r\n\t<K>\r\n</K>\n</ManagementPack>\n<!-- after -->\n",
        // no declaration, text only, whitespace runs longer than one read of them, the same run many times
        "<ManagementPack>" + new string(' ', 300) + "<A>" + new string('\t', 256) + "</A>" + new string(' ', 255) + "<B>x</B>"
            + string.Concat(Enumerable.Repeat("\n    <C/>", 50)) + "\n</ManagementPack>",
        "<ManagementPack/>",
        "<ManagementPack>é€𝄞<A a=\"&#x1D11E;\"/></ManagementPack>",
        // a character outside the BMP across the reader's 1,024-character value chunks (ReadValueChunk never splits
        // a surrogate pair: it returns 1,023 characters and the pair comes with the next call), in texts and attributes
        SurrogateAt(1022), SurrogateAt(1023), SurrogateAt(1024), SurrogateAt(2047), SurrogateAt(63), SurrogateAt(64),
    };

    private static string SurrogateAt(int index)
    {
        var value = new string('a', index) + "😀 {7} tail" + new string('b', 500);
        return $"<ManagementPack><A a=\"{value}\">{value}</A><B>{value.Replace('a', ' ')}</B><C c=\"{new string('x', index)}😀\"/></ManagementPack>";
    }

    [Theory]
    [MemberData(nameof(Tricky))]
    public void Builds_the_tree_and_lines_XDocument_Load_builds(string xml) => SameAsXDocumentLoad(xml);

    [Fact]
    public void Reads_the_family_snapshots_as_XDocument_Load_does()
    {
        var files = Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "tests", "Kmp.Kaspersky.Tests", "Snapshots"), "*.xml", SearchOption.AllDirectories);
        files.Should().NotBeEmpty();
        foreach (var file in files) SameAsXDocumentLoad(ManagementPackText.ReadFile(file));
    }

    public static TheoryData<string> CorpusPacks()
    {
        var data = new TheoryData<string>();
        if (Corpus.Directory is null) { data.Add(""); return data; }
        foreach (var f in Corpus.Files(".xml").Concat(Corpus.Files(".mp"))) data.Add(Path.GetRelativePath(Corpus.Directory, f));
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(CorpusPacks))]
    public void Reads_every_pack_of_the_corpus_as_XDocument_Load_does(string file)
    {
        var path = Path.Combine(Corpus.Require(), file);
        if (path.EndsWith(".mp", StringComparison.OrdinalIgnoreCase))
        {
            SameAsXDocumentLoad(SealedManagementPack.Open(path).Xml);
            return;
        }
        if (!IsPack(path)) return; // the corpus' XSD-like XML files are not packs
        SameAsXDocumentLoad(ManagementPackText.ReadFile(path));
        // from the bytes too (a UTF-16 export with a byte order mark among them)
        var bytes = File.ReadAllBytes(path);
        var document = ManagementPackDocument.Load(new MemoryStream(bytes), path);
        using var reader = SafeXml.CreateReader(new MemoryStream(bytes));
        SameTree(XDocument.Load(reader, LoadOptions.SetLineInfo), document.Xml);
    }

    [Fact]
    public void Any_edit_of_a_pack_reads_as_XDocument_Load_reads_it_or_fails_the_same_way() =>
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, Sample.Length], Gen.Int[0, 200], Gen.Char[PropertyRuns.Awkward + "<>/ \n\t\"=ABC"].Array[0, 12].Select(c => new string(c))).Array[1, 4]
            .Select(edits => edits.Aggregate(Sample, (text, e) => PropertyRuns.Edit(text, e.Item1, e.Item2, e.Item3, e.Item4)))
            .Sample(text =>
            {
                XDocument expected;
                try
                {
                    using var reader = SafeXml.CreateReader(new StringReader(text));
                    expected = XDocument.Load(reader, LoadOptions.SetLineInfo);
                }
                catch (XmlException ex)
                {
                    foreach (var batch in Ways)
                    {
                        using var reader = SafeXml.CreateReader(new StringReader(text));
                        var act = () => PackXmlTree.Load(reader, () => SafeXml.CreateReader(new StringReader(text)), batch);
                        act.Should().Throw<XmlException>().Which.Message.Should().Be(ex.Message, $"read with batch {batch}");
                    }
                    return;
                }
                foreach (var batch in Ways)
                {
                    using var reader = SafeXml.CreateReader(new StringReader(text));
                    SameTree(expected, PackXmlTree.Load(reader, () => SafeXml.CreateReader(new StringReader(text)), batch));
                }
            }, time: PropertyRuns.Seconds);

    [Fact]
    public void A_big_pack_is_read_on_two_threads_into_the_same_tree_lines_and_elements()
    {
        // the sample's rules repeated past the size from which packs are read on two threads
        var rules = XDocument.Parse(Sample).Root!.Descendants("Rule").ToList();
        rules.Should().NotBeEmpty();
        var copies = new StringBuilder();
        for (var i = 0; copies.Length < ManagementPackDocument.TwoThreadsFrom; i++)
            foreach (var rule in rules)
                copies.Append("\n        ").Append(rule.ToString(SaveOptions.DisableFormatting).Replace($"ID=\"{rule.Attribute("ID")!.Value}\"", $"ID=\"{rule.Attribute("ID")!.Value}.Copy{i}\"", StringComparison.Ordinal));
        var at = Sample.IndexOf("</Rules>", StringComparison.Ordinal);
        var big = Sample[..at] + copies + Sample[at..];

        var document = ManagementPackDocument.Parse(big, "big.xml");
        var oneThread = ManagementPackDocument.FromTree(LoadOnOneThread(big), "big.xml");
        document.Elements.Select(e => (e.Kind, e.Id, e.Line)).Should().Equal(oneThread.Elements.Select(e => (e.Kind, e.Id, e.Line)));
        using var reader = SafeXml.CreateReader(new StringReader(big));
        SameTree(XDocument.Load(reader, LoadOptions.SetLineInfo), document.Xml);

        static XDocument LoadOnOneThread(string xml)
        {
            using var reader = SafeXml.CreateReader(new StringReader(xml));
            return PackXmlTree.Load(reader, () => SafeXml.CreateReader(new StringReader(xml)));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(PackXmlTree.Batch)]
    public void A_refusal_while_reading_on_two_threads_is_the_readers_with_its_place(int batch)
    {
        // well-formed for a while (more than a batch of nodes), then a mismatched end tag; then a DTD; then too deep
        var texts = new[]
        {
            "<ManagementPack>" + string.Concat(Enumerable.Repeat("\n  <A x=\"1\">t</A>", 2000)) + "\n  <B></C>\n</ManagementPack>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE ManagementPack [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<ManagementPack>&e;</ManagementPack>",
            string.Concat(Enumerable.Repeat("<A>", SafeXml.MaxDepth + 1)),
        };
        foreach (var text in texts)
        {
            using var expected = SafeXml.CreateReader(new StringReader(text));
            var want = FluentActions.Invoking(() => XDocument.Load(expected, LoadOptions.SetLineInfo)).Should().Throw<XmlException>().Which;
            using var reader = SafeXml.CreateReader(new StringReader(text));
            var got = FluentActions.Invoking(() => PackXmlTree.Load(reader, () => SafeXml.CreateReader(new StringReader(text)), batch)).Should().Throw<XmlException>().Which;
            (got.Message, got.LineNumber, got.LinePosition).Should().Be((want.Message, want.LineNumber, want.LinePosition));
        }
    }

    [Fact]
    public void Lines_stay_those_of_the_text_when_the_tree_is_changed_before_any_was_asked_for()
    {
        var document = ManagementPackDocument.Parse(Sample, "p.xml");
        var expected = LinesById(Sample);
        var first = document.Elements[0];
        var last = document.Elements[^1];

        first.Xml.Remove(); // nothing asked yet: the change makes the reader take the lines first
        var added = new XElement("Added");
        last.Xml.AddBeforeSelf(added);

        last.Line.Should().Be(expected[last.Id]);
        first.Line.Should().Be(expected[first.Id], "a removed node keeps the line it had");
        ManagementPackDocument.LineOf(added).Should().Be(0, "a node added after reading has no line, as before");
        ManagementPackDocument.LineOf(new XElement("Loose")).Should().Be(0);
    }

    [Fact]
    public void Element_and_reference_lines_are_found_when_asked_for()
    {
        var document = ManagementPackDocument.Parse(Sample, "p.xml");
        var lines = LinesById(Sample);
        document.Elements.Should().NotBeEmpty().And.OnlyContain(e => e.Line == lines[e.Id]);
        document.References.Should().NotBeEmpty().And.OnlyContain(r => r.Line > 0);
        document.References.Should().Equal(ManagementPackDocument.Parse(Sample, "other.xml").References, "references read from the same text are equal");
    }

    /// <summary>
    /// How the tree is read: on one thread (0), and on two with the nodes handed over one at a time, a few at a
    /// time (an element's attributes split across batches) and in the batches big packs are read in.
    /// </summary>
    private static readonly int[] Ways = [0, 1, 3, PackXmlTree.Batch];

    /// <summary>The pack reader's tree of <paramref name="xml"/>, read every way, compared with XDocument.Load's with line info.</summary>
    private static void SameAsXDocumentLoad(string xml)
    {
        using var reader = SafeXml.CreateReader(new StringReader(xml));
        var expected = XDocument.Load(reader, LoadOptions.SetLineInfo);
        foreach (var batch in Ways)
        {
            using var ours = SafeXml.CreateReader(new StringReader(xml));
            SameTree(expected, PackXmlTree.Load(ours, () => SafeXml.CreateReader(new StringReader(xml)), batch));
        }
    }

    /// <summary>Node for node in document order: kind, name, value, emptiness, attributes, declaration, and every line and column.</summary>
    private static void SameTree(XDocument expected, XDocument actual)
    {
        (actual.Declaration?.ToString()).Should().Be(expected.Declaration?.ToString());
        var want = expected.DescendantNodes().ToList();
        var got = actual.DescendantNodes().ToList();
        got.Should().HaveSameCount(want);
        for (var i = 0; i < want.Count; i++)
        {
            var (w, g) = (want[i], got[i]);
            var where = $"node {i} ({w.NodeType} at {((IXmlLineInfo)w).LineNumber}:{((IXmlLineInfo)w).LinePosition})";
            g.GetType().Should().Be(w.GetType(), where);
            PackXmlTree.PositionOf(g).Should().Be(Position(w), where);
            switch (w)
            {
                case XElement we:
                    var ge = (XElement)g;
                    ge.Name.Should().Be(we.Name, where);
                    ge.IsEmpty.Should().Be(we.IsEmpty, where);
                    var wa = we.Attributes().ToList();
                    var ga = ge.Attributes().ToList();
                    ga.Select(a => (a.Name, a.Value)).Should().Equal(wa.Select(a => (a.Name, a.Value)), where);
                    ga.Select(PackXmlTree.PositionOf).Should().Equal(wa.Select(Position), where);
                    break;
                case XText wt:
                    ((XText)g).Value.Should().Be(wt.Value, where);
                    break;
                case XComment wc:
                    ((XComment)g).Value.Should().Be(wc.Value, where);
                    break;
                case XProcessingInstruction wp:
                    ((XProcessingInstruction)g).Target.Should().Be(wp.Target, where);
                    ((XProcessingInstruction)g).Data.Should().Be(wp.Data, where);
                    break;
            }
        }
        actual.ToString(SaveOptions.DisableFormatting).Should().Be(expected.ToString(SaveOptions.DisableFormatting));
    }

    private static (int, int) Position(XObject node) => node is IXmlLineInfo i && i.HasLineInfo() ? (i.LineNumber, i.LinePosition) : (0, 0);

    /// <summary>Lines of the elements with an ID in a text, as XDocument.Load with line info gives them.</summary>
    private static Dictionary<string, int> LinesById(string xml)
    {
        using var reader = SafeXml.CreateReader(new StringReader(xml));
        return XDocument.Load(reader, LoadOptions.SetLineInfo).Descendants()
            .Where(e => e.Attribute("ID") is not null)
            .GroupBy(e => e.Attribute("ID")!.Value)
            .ToDictionary(g => g.Key, g => ((IXmlLineInfo)g.First()).LineNumber);
    }

    private static bool IsPack(string path)
    {
        using var reader = SafeXml.CreateReader(File.OpenRead(path));
        try
        {
            return reader.MoveToContent() == XmlNodeType.Element && reader.LocalName == "ManagementPack";
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
