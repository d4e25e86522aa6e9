using CsCheck;
using Kmp.Kaspersky.Family;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Testing;

namespace Kmp.Kaspersky.Tests.Properties;

/// <summary>
/// Generated inputs for the template reader: any edit of a real template is read or refused with one
/// line that names the file, never another exception; and a template that is read becomes packs whose
/// XML both targets write (a text the writer cannot write is the template's fault, refused when it is read).
/// </summary>
public class TemplateReaderProperties
{
    private static readonly string Library = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "mp-templates", "library.json"));

    private static readonly string[] Products = [.. Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "mp-templates", "products"), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    private const string JsonAwkward = "{}[]:,\"\\ \n\t0-1e9.truefalsenull\u0000\u001f\ud800€𝄞";

    private static Gen<string> Edited(string text) =>
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, text.Length], Gen.Int[0, 80], Gen.Char[JsonAwkward + PropertyRuns.Awkward].Array[0, 10].Select(c => new string(c))).Array[1, 4]
            .Select(edits => edits.Aggregate(text, (t, e) => e.Item1 == 4
                ? t.Insert(Math.Clamp(e.Item2, 0, t.Length), new string('[', e.Item3 * 10) + new string(']', e.Item3 * 10)) // deep JSON nesting
                : PropertyRuns.Edit(t, e.Item1, e.Item2, e.Item3, e.Item4)));

    private static void ReadOrRefuse(Action read)
    {
        try
        {
            read();
        }
        catch (KmpException ex)
        {
            PropertyRuns.IsOneLineNaming(ex.Message, "t.json").Should().BeTrue($"a refusal is one line naming the file: {ex.Message}");
        }
    }

    private static readonly LibraryTemplate RealLibrary = TemplateFile.ParseLibrary(Library, "library.json");

    // Composing may refuse what only the family shows (a shared component the library lacks), in one line;
    // writing the XML may not fail at all.
    private static void ComposeAndWrite(ProductTemplate product)
    {
        ManagementPackFamily family;
        try
        {
            family = FamilyComposer.Compose(RealLibrary, [product], new FamilyOptions(new Version(1, 0, 0, 7), "0123456789abcdef"));
        }
        catch (KmpException ex)
        {
            ex.Message.Should().NotContainAny("\n", "\r");
            return;
        }
        foreach (var pack in family.Packs)
        {
            foreach (var target in new[] { SchemaTarget.Scom2007R2, SchemaTarget.Scom2012 }) ManagementPackXmlWriter.WriteUtf8(pack.Pack, target);
        }
    }

    [Fact]
    public void Any_edit_of_the_library_template_is_read_or_refused_in_one_line() =>
        Edited(Library).Sample(json => ReadOrRefuse(() => TemplateFile.ParseLibrary(json, "t.json")), time: PropertyRuns.Seconds);

    [Fact]
    public void Any_edit_of_a_product_template_is_read_or_refused_in_one_line() =>
        Gen.Int[0, Products.Length - 1].SelectMany(i => Edited(Products[i]))
            .Sample(json => ReadOrRefuse(() => TemplateFile.ParseProduct(json, "t.json")), time: PropertyRuns.Seconds);

    [Fact]
    public void Any_escape_at_the_start_of_any_value_or_name_is_read_or_refused_in_one_line()
    {
        // Enumerations, numbers and names too: the schema check reads those strings, and half a surrogate pair
        // escaped there is no .NET string.
        string[] escapes = ["\\u0000", "\\u0001", "\\ufffe", "\\ud800", "\\udfff", "\\udc00\\ud800", "\\ud83d\\ude00", "\\n"];
        var places = Products.Select(p => AllIndexesOf(p, "\"").Select(i => i + 1).ToArray()).ToArray();
        Gen.Select(Gen.Int[0, Products.Length - 1], Gen.Int[0, 100_000], Gen.Int[0, escapes.Length - 1])
            .Sample((index, place, pick) =>
                ReadOrRefuse(() => TemplateFile.ParseProduct(Products[index].Insert(places[index][place % places[index].Length], escapes[pick]), "t.json")),
                time: PropertyRuns.Seconds);
    }

    [Fact]
    public void Any_text_in_a_product_template_that_is_read_is_written_into_its_packs()
    {
        // Characters JSON escapes can carry, put at the start of a text the packs carry as it is (a
        // description, an alert's name, knowledge): every product template that still reads must compose
        // and be written for both targets.
        string[] escapes = ["\\u0000", "\\u0001", "\\u001f", "\\ufffe", "\\uffff", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\t", "\\n", "\\u2028", "\\u0085", "]]>", "<&>", "{0}", "$Target$", "é€"];
        string[] texts = ["\"description\": \"", "\"displayName\": \"", "\"alertName\": \"", "\"recommendation\": \"", "\"summary\": \"", "\"causes\": [\"", "\"resolutions\": [\""];
        var places = Products.Select(p => texts.SelectMany(t => AllIndexesOf(p, t).Select(i => i + t.Length)).ToArray()).ToArray();
        Gen.Select(Gen.Int[0, Products.Length - 1], Gen.Int[0, 1000], Gen.Int[0, escapes.Length - 1].Array[1, 3])
            .Sample((index, place, picks) =>
            {
                var at = places[index][place % places[index].Length];
                var json = Products[index].Insert(at, string.Concat(picks.Select(p => escapes[p])));
                ProductTemplate product;
                try
                {
                    product = TemplateFile.ParseProduct(json, "t.json");
                }
                catch (KmpException ex)
                {
                    PropertyRuns.IsOneLineNaming(ex.Message, "t.json").Should().BeTrue($"a refusal is one line naming the file: {ex.Message}");
                    return;
                }
                ComposeAndWrite(product);
            }, time: PropertyRuns.Seconds);
    }

    private static List<int> AllIndexesOf(string text, string marker)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(marker, StringComparison.Ordinal); i >= 0; i = text.IndexOf(marker, i + 1, StringComparison.Ordinal)) found.Add(i);
        return found;
    }
}
