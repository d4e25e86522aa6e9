using System.Text;
using Kmp.ManagementPacks.Xml;
using Kmp.Packaging;
using Kmp.Testing;

namespace Kmp.ManagementPacks.Tests;

public class ReaderTests
{
    public static TheoryData<string> CorpusXml() => CorpusFiles(".xml");

    public static TheoryData<string> CorpusSealed() => CorpusFiles(".mp");

    private static TheoryData<string> CorpusFiles(string extension)
    {
        var data = new TheoryData<string>();
        if (Corpus.Directory is null) { data.Add(""); return data; }
        foreach (var f in Corpus.Files(extension)) data.Add(Path.GetRelativePath(Corpus.Directory, f));
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(CorpusXml))]
    public void Reads_every_xml_pack_of_the_corpus(string file)
    {
        var path = Path.Combine(Corpus.Require(), file);
        var doc = ManagementPackDocument.Load(path);
        doc.Id.Should().Be(Path.GetFileNameWithoutExtension(path));
        doc.Elements.Should().NotBeEmpty();
        doc.Elements.Should().OnlyContain(e => e.Line > 0);
        doc.References.Should().OnlyContain(r => r.Alias.Length > 0 && r.ManagementPackId.Length > 0);
    }

    [SkippableTheory]
    [MemberData(nameof(CorpusSealed))]
    public void Reads_the_xml_inside_every_sealed_pack_of_the_corpus(string file)
    {
        var path = Path.Combine(Corpus.Require(), file);
        var sealedPack = SealedManagementPack.Open(path);
        var doc = ManagementPackDocument.Parse(sealedPack.Xml, path);
        doc.Id.Should().Be(Path.GetFileNameWithoutExtension(path));
        doc.Elements.Should().NotBeEmpty();
        // Every ID the reader counts as an element is unique in the pack: real packs obey the one-ID-space rule.
        // (SDK-serialised packs give folder items IDs copied from the element they place, so those repeat.)
        doc.Elements.Where(e => e.Kind != "FolderItem").GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty();
    }

    [SkippableFact]
    public void Reads_a_utf16_export_with_a_bom()
    {
        var doc = ManagementPackDocument.Load(Corpus.File("microsoft", "Microsoft.SystemCenter.SyntheticTransactions.Library.xml"));
        doc.Version.Should().Be(new Version(6, 1, 7221, 0));
        doc.SchemaVersion.Should().BeNull();
        doc.Find("Microsoft.SystemCenter.SyntheticTransactions.Library").Should().BeNull("the MP ID is not an element");
    }

    [Fact]
    public void Refuses_a_dtd()
    {
        const string xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ManagementPack>&e;</ManagementPack>";
        var act = () => ManagementPackDocument.Parse(xml, "evil.xml");
        act.Should().Throw<KmpException>().Which.Message.Should().Be($"evil.xml:1:22: {DtdProhibited}");
    }

    /// <summary>kmp's own words, not .NET's advice to programmers ("set the DtdProcessing property…").</summary>
    private const string DtdProhibited = "a DTD (<!DOCTYPE …>): kmp reads no DTD or entity declarations, and a management pack has none";

    /// <summary>
    /// The parser refuses a DTD without a place (its exception has line 0); the refusal still names the
    /// line and column of the "&lt;!DOCTYPE", as every other well-formedness error does.
    /// </summary>
    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ManagementPack>&e;</ManagementPack>", 1, 22)]
    [InlineData("<!DOCTYPE ManagementPack>\n<ManagementPack/>", 1, 1)]
    [InlineData("\n\n   <!DOCTYPE ManagementPack>\n<ManagementPack/>", 3, 4)]
    [InlineData("<?xml version=\"1.0\"?>\r\n<!-- a <!DOCTYPE in a comment -->\r\n  <?pi <!DOCTYPE?>\t<!DOCTYPE x SYSTEM 'http://e/x.dtd'>\n<x/>", 3, 20)]
    [InlineData("<?xml version='1.0' encoding='utf-8' ?>\r<!--\r-->\r\r<!DOCTYPE x>", 5, 1)]
    [InlineData("<ManagementPack a='>' b=\">\" />\n<!DOCTYPE x>", 2, 1)]
    [InlineData("<ManagementPack></ManagementPack >  <!-- c -->\n\n <!DOCTYPE x>", 3, 2)]
    public void Refuses_a_dtd_naming_its_line_and_column(string xml, int line, int column)
    {
        var act = () => ManagementPackDocument.Parse(xml, "evil.xml");
        act.Should().Throw<KmpException>().Which.Message.Should().Be($"evil.xml:{line}:{column}: {DtdProhibited}");
        var identity = () => ManagementPackIdentity.Read(xml, "evil.xml");
        identity.Should().Throw<KmpException>().Which.Message.Should().Be($"evil.xml:{line}:{column}: {DtdProhibited}");
    }

    [Theory]
    [InlineData("<!DOCTYPE x><x/>", "utf-8", 1, 1)]
    [InlineData("<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<!-- c -->\n  <!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "utf-16", 3, 3)]
    public void A_dtd_read_from_a_stream_is_refused_naming_its_place_too(string xml, string encoding, int line, int column)
    {
        // As a pack inside a sealed .mp is read: from the bytes, not from a text kmp already has.
        var bytes = Encoding.GetEncoding(encoding).GetPreamble().Concat(Encoding.GetEncoding(encoding).GetBytes(xml)).ToArray();
        var act = () => ManagementPackDocument.Load(new MemoryStream(bytes), "stream.xml");
        act.Should().Throw<KmpException>().Which.Message.Should().Be($"stream.xml:{line}:{column}: {DtdProhibited}");
    }

    /// <summary>A pack whose rule configuration nests <paramref name="depth"/> elements (issue 9 item 6: 30,000 overflowed the stack).</summary>
    internal static string DeeplyNested(int depth)
    {
        var xml = new StringBuilder("<ManagementPack><Manifest><Identity><ID>Deep</ID><Version>1.0.0.0</Version></Identity></Manifest>\n<Monitoring><Rules><Rule ID=\"R\"><DataSources>\n");
        for (var i = 0; i < depth; i++) xml.Append("<a>");
        for (var i = 0; i < depth; i++) xml.Append("</a>");
        return xml.Append("</DataSources></Rule></Rules></Monitoring></ManagementPack>").ToString();
    }

    [Theory]
    [InlineData(30_000)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Refuses_deep_nesting_in_one_line_naming_the_place(int depth)
    {
        var xml = DeeplyNested(depth);
        foreach (var read in new Action[]
        {
            () => ManagementPackDocument.Parse(xml, "deep.xml"),
            () => ManagementPackDocument.Load(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "deep.xml"),
        })
        {
            var refused = read.Should().Throw<KmpException>().Which;
            refused.Message.Should().StartWith("deep.xml:3:").And.EndWith($"not well-formed XML: elements are nested more than {SafeXml.MaxDepth} levels deep.").And.NotContain("\n");
        }
    }

    [Fact]
    public void Reads_nesting_up_to_the_limit_and_finds_the_elements()
    {
        // Rule and DataSources are levels 4 and 5 below the root; the innermost <a> sits at depth MaxDepth - 1.
        var doc = ManagementPackDocument.Parse(DeeplyNested(SafeXml.MaxDepth - 5), "deep.xml");
        doc.Elements.Select(e => e.Id).Should().Equal("R");
        var tooDeep = () => ManagementPackDocument.Parse(DeeplyNested(SafeXml.MaxDepth - 4), "deep.xml");
        tooDeep.Should().Throw<KmpException>().WithMessage("*nested more than*");
    }

    [Theory]
    [InlineData("<ManagementPack><\n/ManagementPack>")]
    [InlineData("<ManagementPack><Manifest><Identity><ID>A</ID><Version>1.0\n.0.0</Version></Identity></Manifest></ManagementPack>")]
    [InlineData("<ManagementPack><Manifest><Identity><ID>A</ID><Version>1.0.0.0</Version></Identity><References><Reference Alias=\"a\u2028b\"><ID>B</ID><Version>x</Version></Reference></References></Manifest></ManagementPack>")]
    public void A_refusal_quoting_a_line_break_stays_one_line(string xml)
    {
        // found by the property suite: the parser's message quotes the offending character
        var refused = FluentActions.Invoking(() => ManagementPackDocument.Parse(xml, "p.xml")).Should().Throw<KmpException>().Which;
        refused.Message.Should().StartWith("p.xml").And.NotContainAny("\n", "\r", "\u2028");
    }

    [Fact]
    public void Refuses_a_document_that_is_not_a_pack_naming_file_and_line()
    {
        var act = () => ManagementPackDocument.Parse("<Other/>", "x.xml");
        act.Should().Throw<KmpException>().WithMessage("x.xml:1:2: root element is <Other>, not <ManagementPack>");
        var noVersion = () => ManagementPackDocument.Parse("<ManagementPack>\n<Manifest><Identity><ID>A</ID><Version>1.0</Version></Identity></Manifest></ManagementPack>", "y.xml");
        noVersion.Should().Throw<KmpException>().WithMessage("y.xml:2:*version '1.0' is not a four-part version");
    }

    [Fact]
    public void Refuses_malformed_xml_with_its_position()
    {
        var act = () => ManagementPackDocument.Parse("<ManagementPack>\n  <Manifest>\n</ManagementPack>", "broken.xml");
        act.Should().Throw<KmpException>().WithMessage("broken.xml:3:*not well-formed XML*");
    }

    [Theory]
    [InlineData("<ManagementPack><Manifest><Identity><ID>X.Y</ID><Version>1.0.0.0</Version></Identity><Name>N</Name></Manifest></ManagementPack>")]
    [InlineData("<ManagementPack>\n <Manifest>\n  <Identity><ID>X.Y</ID>\n<Version>1.0.0.0</Version></Identity>\n  <Name>N</Name><References/>\n </Manifest>\n</ManagementPack>")]
    [InlineData("<?xml version=\"1.0\"?><ManagementPack><Manifest><Identity><ID>X.Y</ID><Version>1.0.0.0</Version></Identity><Name>N</Name></Manifest><TypeDefinitions/></ManagementPack>")]
    public void Identity_reader_reads_compact_and_indented_manifests(string xml)
    {
        ManagementPackIdentity.Read(xml).Should().Be(new ManagementPackIdentity("X.Y", new Version(1, 0, 0, 0), "N"));
    }

    [Fact]
    public void Identity_reader_refuses_a_pack_without_an_id()
    {
        var act = () => ManagementPackIdentity.Read("<ManagementPack><Manifest><Identity><Version>1.0.0.0</Version></Identity></Manifest></ManagementPack>", "z.xml");
        act.Should().Throw<KmpException>().WithMessage("z.xml: no Manifest/Identity/ID: not a management pack");
    }

    [Fact]
    public void Identity_reader_stops_after_the_manifest()
    {
        var xml = Encoding.UTF8.GetString(Xml.ManagementPackXmlWriter.WriteUtf8(SamplePack.Builder().Build(), SchemaTarget.Scom2007R2));
        var identity = ManagementPackIdentity.Read(xml);
        identity.Should().Be(new ManagementPackIdentity("Test.Sample", new Version(1, 2, 3, 4), "Sample pack"));
    }
}
