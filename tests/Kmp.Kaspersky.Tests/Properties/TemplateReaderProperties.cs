using CsCheck;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Kaspersky.Tests.Properties;

/// <summary>
/// Generated inputs for the template reader: any edit of a real template is read or refused with one
/// line that names the file, never another exception.
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

    [Fact]
    public void Any_edit_of_the_library_template_is_read_or_refused_in_one_line() =>
        Edited(Library).Sample(json => ReadOrRefuse(() => TemplateFile.ParseLibrary(json, "t.json")), time: PropertyRuns.Seconds);

    [Fact]
    public void Any_edit_of_a_product_template_is_read_or_refused_in_one_line() =>
        Gen.Int[0, Products.Length - 1].SelectMany(i => Edited(Products[i]))
            .Sample(json => ReadOrRefuse(() => TemplateFile.ParseProduct(json, "t.json")), time: PropertyRuns.Seconds);
}
