using Kmp.Kaspersky.Family;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Operations;
using Kmp.Packaging;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Removal;

/// <summary>
/// The real Kaspersky family, composed from mp-templates/ and sealed into .mp bytes with a key made
/// for the test run: what kmp build produces, read back the way kmp import reads it.
/// </summary>
public static class RealFamily
{
    private static readonly Lazy<IReadOnlyList<ManagementPackFile>> Sealed = new(Build);

    public static IReadOnlyList<ManagementPackFile> Packs => Sealed.Value;

    public static IReadOnlyList<string> Products => [.. Packs.Select(p => KasperskyFamily.ProductKey(p.Id)).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    public static IReadOnlyList<ManagementPackFile> Of(string product) =>
        [.. Packs.Where(p => p.Id == KasperskyFamily.LibraryId || KasperskyFamily.ProductKey(p.Id) == product
            || (KasperskyFamily.ProductKey(p.Id) is null && KasperskyFamily.UsedBy(p.Id).Contains(product)))];

    private static IReadOnlyList<ManagementPackFile> Build()
    {
        var catalog = TemplateCatalog.Load(Path.Combine(Corpus.RepositoryRoot, "mp-templates"));
        var key = StrongNameKey.Generate();
        var family = FamilyComposer.Compose(catalog.Library, catalog.Products, new FamilyOptions(new Version(1, 0, 0, 0), key.PublicKeyToken));
        return [.. family.Packs.Select(p => ManagementPackFile.FromAssembly(
            ManagementPackSealer.Seal(ManagementPackXmlWriter.Write(p.Pack, SchemaTarget.Scom2007R2), key), p.Id + ".mp"))];
    }
}
