using Kmp.Packaging;
using Kmp.ManagementPacks.Xml;
using Kmp.Testing;
using Kmp.Verification.Catalog;

namespace Kmp.Verification.Tests;

public class BuiltInCatalogTests
{
    private static string CommittedPath => Path.Combine(Corpus.RepositoryRoot, "src", "Kmp.Verification", "Catalog", "BuiltInCatalog.xml");

    /// <summary>
    /// The committed catalog is what the generator makes from the real library packs. Run with
    /// KMP_UPDATE_CATALOG=1 to rewrite it after changing the generator or its list of detailed types.
    /// </summary>
    [SkippableFact]
    public void Committed_catalog_agrees_with_the_library_packs_of_the_corpus()
    {
        var libraries = BuiltInCatalog.SourceFiles
            .Select(f => ManagementPackDocument.Parse(SealedManagementPack.Open(Corpus.File(f.Split('/'))).Xml, f))
            .ToList();
        var generated = BuiltInCatalog.Generate(libraries);
        if (Environment.GetEnvironmentVariable("KMP_UPDATE_CATALOG") == "1")
            File.WriteAllText(CommittedPath, generated);
        BuiltInCatalog.Text().Should().Be(generated, "the embedded catalog must be regenerated (KMP_UPDATE_CATALOG=1) when the library packs or the generator change");
    }

    [Fact]
    public void Catalog_describes_both_targets_of_every_library()
    {
        var packs = BuiltInCatalog.Documents.Select(d => (d.Id, d.Version.ToString())).ToList();
        packs.Should().Contain([
            ("System.Library", "6.1.7221.0"), ("System.Library", "7.5.8501.0"),
            ("Microsoft.Windows.Library", "6.1.7221.0"), ("Microsoft.Windows.Library", "7.5.8501.0"),
            ("System.Health.Library", "6.1.7221.0"), ("System.Health.Library", "7.0.8433.0"),
            ("Microsoft.SystemCenter.Library", "6.1.7221.81"), ("Microsoft.SystemCenter.Library", "7.0.8433.0"),
            // 2012 builds only: a 2007 R2 reference (6.1.7221.0) resolves to them.
            ("Microsoft.SystemCenter.DataWarehouse.Library", "7.1.10226.0"), ("System.Performance.Library", "7.0.8433.0"),
        ]);
    }
}
