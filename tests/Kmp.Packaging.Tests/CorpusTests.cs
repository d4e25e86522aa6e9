using System.Xml.Linq;
using Kmp.Testing;

namespace Kmp.Packaging.Tests;

/// <summary>Every sealed pack of the shared corpus: it opens, its signature verifies, its token is MANIFEST.md's.</summary>
public class CorpusTests
{
    public static TheoryData<string> SealedPacks()
    {
        var data = new TheoryData<string>();
        if (Corpus.Directory is null)
        {
            data.Add("(corpus absent)");
            return data;
        }
        foreach (var file in Corpus.Files(".mp")) data.Add(Path.GetRelativePath(Corpus.Directory, file).Replace('\\', '/'));
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(SealedPacks))]
    public void Sealed_pack_opens_verifies_and_has_the_manifest_token(string relativePath)
    {
        var path = Corpus.File(relativePath);
        var expectedToken = TestData.ManifestTokens().GetValueOrDefault(relativePath);

        var pack = SealedManagementPack.Open(path);

        pack.SignatureStatus.Should().Be(SignatureStatus.Valid);
        expectedToken.Should().NotBeNull($"MANIFEST.md lists {relativePath}");
        pack.PublicKeyToken.Should().Be(expectedToken);
        pack.Identity.Id.Should().Be(Path.GetFileNameWithoutExtension(path));
        pack.AssemblyName.Should().Be(pack.Identity.Id);
        pack.MetadataVersion.Should().BeOneOf("v2.0.50727", "v4.0.30319");
        pack.Xml.Should().StartWith("<").And.EndWith("</ManagementPack>");
    }

    [SkippableFact]
    public void Manifest_lists_every_sealed_pack_of_the_corpus()
    {
        var listed = TestData.ManifestTokens().Keys.Order(StringComparer.Ordinal).ToList();
        var present = Corpus.Files(".mp").Select(f => Path.GetRelativePath(Corpus.Directory!, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

        present.Should().NotBeEmpty();
        listed.Should().Equal(present);
    }

    public static TheoryData<string> PacksWithXml()
    {
        var data = new TheoryData<string>();
        if (Corpus.Directory is null)
        {
            data.Add("(corpus absent)");
            return data;
        }
        foreach (var mp in Corpus.Files(".mp"))
        {
            if (File.Exists(Path.ChangeExtension(mp, ".xml"))) data.Add(Path.GetRelativePath(Corpus.Directory, mp).Replace('\\', '/'));
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(PacksWithXml))]
    public void Unsealed_xml_matches_the_corpus_xml_of_the_same_pack(string relativePath)
    {
        var path = Corpus.File(relativePath);
        var pack = SealedManagementPack.Open(path);
        var source = XDocument.Load(Path.ChangeExtension(path, ".xml"));

        var differences = new List<string>();
        Compare(Normalize(source.Root!), Normalize(XDocument.Parse(pack.Xml).Root!), "/ManagementPack", differences, isRoot: true);

        string.Join(Environment.NewLine, differences).Should().BeEmpty();

        // The comparison is not vacuous: one changed value is found.
        var changed = Normalize(XDocument.Parse(pack.Xml).Root!);
        changed.Descendants().Last(e => !e.HasElements && e.Value.Trim().Length > 0).Value += " (changed)";
        var found = new List<string>();
        Compare(Normalize(source.Root!), changed, "/ManagementPack", found, isRoot: true);
        found.Should().ContainSingle().Which.Should().EndWith(": text differs");
    }

    /// <summary>
    /// Compares two MP documents semantically: same elements in the same order, same attributes (in any
    /// order) with the same values, same text once whitespace is normalised. The SDK writer adds
    /// or drops the document-level attributes of the root (<c>ContentReadable</c>, <c>SchemaVersion</c>,
    /// <c>OriginalSchemaVersion</c>, <c>xsi:noNamespaceSchemaLocation</c>) and re-serialises CDATA as escaped
    /// text, and writes empty sections that exports leave out, so those are not differences.
    /// </summary>
    private static void Compare(XElement expected, XElement actual, string path, List<string> differences, bool isRoot = false)
    {
        if (differences.Count > 20) return;
        if (expected.Name != actual.Name)
        {
            differences.Add($"{path}: element <{expected.Name}> became <{actual.Name}>");
            return;
        }
        var ignored = isRoot ? new HashSet<string> { "ContentReadable", "SchemaVersion", "OriginalSchemaVersion", "noNamespaceSchemaLocation" } : [];
        var a = expected.Attributes().Where(x => !x.IsNamespaceDeclaration && !ignored.Contains(x.Name.LocalName)).ToDictionary(x => x.Name, x => x.Value);
        var b = actual.Attributes().Where(x => !x.IsNamespaceDeclaration && !ignored.Contains(x.Name.LocalName)).ToDictionary(x => x.Name, x => x.Value);
        foreach (var (name, value) in a)
        {
            if (!b.TryGetValue(name, out var other) && IsSchemaDefault(name, value)) continue;
            if (other is null) differences.Add($"{path}/@{name}: missing");
            else if (other != value) differences.Add($"{path}/@{name}: '{value}' became '{other}'");
        }
        foreach (var name in b.Keys.Except(a.Keys).Where(n => !IsSchemaDefault(n, b[n]))) differences.Add($"{path}/@{name}: added");

        var expectedChildren = expected.Elements().ToList();
        var actualChildren = actual.Elements().ToList();
        if (expectedChildren.Count == 0 && actualChildren.Count == 0)
        {
            if (Text(expected) != Text(actual)) differences.Add($"{path}: text differs");
            return;
        }
        if (expectedChildren.Count != actualChildren.Count)
        {
            differences.Add($"{path}: child elements [{string.Join(' ', expectedChildren.Select(c => c.Name.LocalName))}] became [{string.Join(' ', actualChildren.Select(c => c.Name.LocalName))}]");
            return;
        }
        for (var i = 0; i < expectedChildren.Count; i++)
        {
            var child = expectedChildren[i];
            var id = child.Attribute("ID")?.Value;
            Compare(child, actualChildren[i], $"{path}/{child.Name.LocalName}{(id is null ? $"[{i}]" : $"[@ID='{id}']")}", differences);
        }
    }

    /// <summary>
    /// Attribute defaults declared by Microsoft's MP schemas (corpus/xsd): the SDK writer omits an attribute
    /// whose value is its default, an export may write it, and both mean the same.
    /// </summary>
    private static readonly Lazy<ILookup<string, string>> SchemaDefaults = new(() =>
        Directory.EnumerateFiles(Corpus.File("xsd"), "ManagementPackSchema.*.xsd")
            .SelectMany(f => XDocument.Load(f).Descendants().Where(e => e.Name.LocalName == "attribute"))
            .Where(a => a.Attribute("name") is not null && a.Attribute("default") is not null)
            .ToLookup(a => a.Attribute("name")!.Value, a => a.Attribute("default")!.Value));

    private static bool IsSchemaDefault(XName attribute, string value) => SchemaDefaults.Value[attribute.LocalName].Contains(value);

    private static XElement Normalize(XElement element)
    {
        var copy = new XElement(element);
        foreach (var comment in copy.DescendantNodesAndSelf().OfType<XComment>().ToList()) comment.Remove();
        // The SDK writes empty sections (<Monitoring />, <KnowledgeArticles></KnowledgeArticles>) that exports omit.
        foreach (var empty in copy.Descendants().Reverse().Where(e => !e.HasAttributes && !e.HasElements && string.IsNullOrWhiteSpace(e.Value)).ToList())
            empty.Remove();
        return copy;
    }

    private static string Text(XElement element) =>
        string.Join(' ', element.Value.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
