using System.Text;
using CsCheck;
using Kmp.ManagementPacks.Xml;
using Kmp.Testing;

namespace Kmp.ManagementPacks.Tests.Properties;

/// <summary>
/// Generated inputs for the XML reader (issue 9, property suite): whatever the text or bytes, a pack
/// is read, or refused with one line that names the file; never another exception, never a crash.
/// And what the writer writes, the reader reads back.
/// </summary>
public class ReaderProperties
{
    private static readonly string Sample = Encoding.UTF8.GetString(ManagementPackXmlWriter.WriteUtf8(SamplePack.Builder().Build(), SchemaTarget.Scom2007R2));

    private static readonly Gen<string> Insert = Gen.Char[PropertyRuns.Awkward].Array[0, 12].Select(c => new string(c));

    /// <summary>The sample pack with one to four edits.</summary>
    private static readonly Gen<string> EditedPack =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, Sample.Length], Gen.Int[0, 200], Insert).Array[1, 4]
            .Select(edits => edits.Aggregate(Sample, (text, e) => PropertyRuns.Edit(text, e.Item1, e.Item2, e.Item3, e.Item4)));

    private static void ReadOrRefuse(Func<ManagementPackDocument> read)
    {
        try
        {
            var document = read();
            document.Id.Should().NotBeNullOrWhiteSpace();
        }
        catch (KmpException ex)
        {
            PropertyRuns.IsOneLineNaming(ex.Message, "p.xml").Should().BeTrue($"a refusal is one line naming the file: {ex.Message}");
        }
    }

    [Fact]
    public void Any_edit_of_a_pack_is_read_or_refused_in_one_line() =>
        EditedPack.Sample(text => ReadOrRefuse(() => ManagementPackDocument.Parse(text, "p.xml")), time: PropertyRuns.Seconds);

    [Fact]
    public void Any_bytes_are_read_or_refused_in_one_line() =>
        Gen.Select(EditedPack, Gen.Int[0, 3], Gen.Byte.Array[0, 8], Gen.Int[0, 4000])
            .Select(t =>
            {
                var bytes = t.Item1.Length % 2 == 0 ? Encoding.UTF8.GetBytes(t.Item1) : Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(t.Item1)).ToArray();
                var at = Math.Min(t.Item4, bytes.Length);
                return t.Item2 switch
                {
                    0 => [.. bytes[..at], .. t.Item3, .. bytes[at..]], // raw bytes: invalid UTF-8, stray BOMs
                    1 => bytes[..at],
                    _ => bytes,
                };
            })
            .Sample(bytes => ReadOrRefuse(() => ManagementPackDocument.Load(new MemoryStream(bytes), "p.xml")), time: PropertyRuns.Seconds);

    /// <summary>Display texts as a person may write them: any XML character but CR (which XML turns into LF).</summary>
    private static readonly Gen<string> Text =
        Gen.Char.Where(c => c is '\t' or '\n' || (c >= ' ' && c != '\ufffe' && c != '\uffff' && !char.IsSurrogate(c))).Array[1, 40]
            .Select(c => new string(c))
            .Where(s => s.Trim().Length > 0);

    [Fact]
    public void What_the_writer_writes_the_reader_reads_back() =>
        Gen.Select(Gen.Int[0, 65534].Array[4], Text, Text, Gen.String[Gen.Char["abcXYZ019_"], 1, 12])
            .Sample(t =>
            {
                var (version, name, description, suffix) = t;
                var id = "Test.P" + suffix;
                var b = new ManagementPackBuilder(id, new Version(version[0], version[1], version[2], version[3]), name);
                var windows = b.Reference(Libraries.Windows);
                b.Add(new ClassType(id + ".App", windows.Class("Microsoft.Windows.LocalApplication"), Hosted: true));
                b.Add(new DisplayString(id, name));
                b.Add(new DisplayString(id + ".App", name, description));
                var xml = Encoding.UTF8.GetString(ManagementPackXmlWriter.WriteUtf8(b.Build(), SchemaTarget.Scom2007R2));

                var read = ManagementPackDocument.Parse(xml, "p.xml");
                read.Id.Should().Be(id);
                read.Version.Should().Be(new Version(version[0], version[1], version[2], version[3]));
                read.Elements.Select(e => e.Id).Should().Equal(id + ".App");
                read.DisplayName(id + ".App").Should().Be(name);
                ManagementPackIdentity.Read(xml).Should().Be(new ManagementPackIdentity(id, read.Version, name.Trim()), "the identity reader trims the manifest name");
            }, time: PropertyRuns.Seconds);
}
