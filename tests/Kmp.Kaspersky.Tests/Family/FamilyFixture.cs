using Kmp.Kaspersky.Family;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Testing;

namespace Kmp.Kaspersky.Tests.Family;

/// <summary>The family composed from the repository's templates, written for both targets.</summary>
public sealed class FamilyFixture
{
    public const string Token = "0123456789abcdef";

    public FamilyFixture()
    {
        Catalog = TemplateCatalog.Load(Path.Combine(Corpus.RepositoryRoot, "mp-templates"));
        Family = FamilyComposer.Compose(Catalog.Library, Catalog.Products, new FamilyOptions(new Version(1, 0, 0, 7), Token));
        foreach (var target in Enum.GetValues<SchemaTarget>())
            Xml[target] = Family.Packs.ToDictionary(p => p.Id, p => ManagementPackXmlWriter.WriteUtf8(p.Pack, target));
    }

    public TemplateCatalog Catalog { get; }

    public ManagementPackFamily Family { get; }

    public Dictionary<SchemaTarget, Dictionary<string, byte[]>> Xml { get; } = [];

    public IReadOnlyDictionary<string, ManagementPackDocument> Documents(SchemaTarget target) =>
        Xml[target].ToDictionary(x => x.Key, x => ManagementPackDocument.Load(new MemoryStream(x.Value), x.Key + ".xml"));
}
