using System.Text;
using Kmp.ManagementPacks.Xml;

namespace Kmp.ManagementPacks.Tests;

/// <summary>The one reader of MP XML bytes: exact text or a one-line refusal naming the place, never U+FFFD.</summary>
public class ManagementPackTextTests
{
    private const string Pack = "<ManagementPack><Manifest><Identity><ID>A</ID><Version>1.0.0.0</Version></Identity></Manifest></ManagementPack>";

    [Fact]
    public void Utf8_and_utf16_with_or_without_a_byte_order_mark_read_to_the_same_text()
    {
        ManagementPackText.Decode(Encoding.UTF8.GetBytes(Pack), "a.xml").Should().Be(Pack);
        ManagementPackText.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Pack)], "a.xml").Should().Be(Pack);
        ManagementPackText.Decode([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Pack)], "a.xml").Should().Be(Pack);
        ManagementPackText.Decode([0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(Pack)], "a.xml").Should().Be(Pack);
        var declared = "<?xml version=\"1.0\" encoding=\"utf-16\"?>" + Pack;
        ManagementPackText.Decode(Encoding.Unicode.GetBytes(declared), "a.xml").Should().Be(declared, "UTF-16 without a mark is recognised by its first characters");
        var latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + Pack.Replace("<ID>A</ID>", "<ID>A</ID><!-- é -->");
        ManagementPackText.Decode(Encoding.Latin1.GetBytes(latin1), "a.xml").Should().Be(latin1, "a declared encoding .NET knows is honoured");
    }

    [Fact]
    public void Invalid_bytes_are_refused_with_their_line_and_offset()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("<ManagementPack>\n<Manifest>"), 0xC0, 0xAF, .. Encoding.UTF8.GetBytes("</Manifest></ManagementPack>")];
        var act = () => ManagementPackText.Decode(bytes, "a.xml");
        act.Should().Throw<KmpException>().WithMessage("a.xml:2: not valid UTF-8: byte(s) 0xC0* at byte offset 27");
    }

    [Fact]
    public void An_encoding_dotnet_names_but_does_not_support_is_a_one_line_refusal()
    {
        var utf7 = Encoding.ASCII.GetBytes("<?xml version=\"1.0\" encoding=\"utf-7\"?>" + Pack);
        var act = () => ManagementPackText.Decode(utf7, "a.xml");
        act.Should().Throw<KmpException>().WithMessage("a.xml:1*encoding 'utf-7', which kmp cannot read*");
    }

    [Fact]
    public void Utf16_without_a_mark_declaring_utf8_is_not_said_to_have_a_mark()
    {
        var bytes = Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + Pack);
        var act = () => ManagementPackText.Decode(bytes, "a.xml");
        act.Should().Throw<KmpException>().Which.Message.Should().Contain("UTF-16 (without a byte order mark)").And.NotContain("byte order mark says");
    }
}
