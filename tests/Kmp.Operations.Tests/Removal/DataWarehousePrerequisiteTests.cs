using Kmp.ManagementPacks;
using Kmp.Operations.Local;
using Kmp.Operations.Plans;
using Kmp.Operations.Tests.Local;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Removal;

/// <summary>
/// The family's Monitoring packs publish to the data warehouse, so the warehouse library (and the
/// performance library the shared library's performance data source uses) are prerequisites of an
/// import: present in every group kmp rehearses on, refused by name where a group lacks them.
/// </summary>
public sealed class DataWarehousePrerequisiteTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("2007R2")]
    [InlineData("2012")]
    public void A_rehearsal_group_has_the_warehouse_and_performance_libraries_and_imports_a_product(string libraries)
    {
        var target = SchemaTargets.Parse(libraries);
        using var group = LocalManagementGroup.Create(temp.File("mg.db"), new LocalManagementGroupOptions { LibraryVersions = target, StartTime = LocalGroups.Start });
        var packs = group.GetPacks();
        foreach (var library in new[] { Libraries.DataWarehouse, Libraries.Performance })
            packs.Should().Contain(p => p.Id == library.Id && p.Version == library.InGroupFor(target) && p.Sealed && p.KeyToken == LibraryPack.MicrosoftKeyToken);
        // A 2012 group holds the warehouse library's 2012 R2 build, above the 6.1.7221.0 both targets reference.
        packs.Single(p => p.Id == Libraries.DataWarehouse.Id).Version.Should().Be(target == SchemaTarget.Scom2012 ? new Version(7, 1, 10226, 0) : new Version(6, 1, 7221, 0));

        var plan = new ImportPlanner().Plan(group, RealFamily.Of("KES"));
        plan.Steps.OfType<ImportPackStep>().Select(s => s.Pack.Id).Should().Contain("KasperskyLab.KES.Monitoring");
    }

    [SkippableFact]
    public void A_group_without_the_warehouse_library_refuses_the_import_naming_it()
    {
        // The four core 2007 R2 libraries only, as in a group that lacks the warehouse library.
        var folder = temp.File("libraries");
        Directory.CreateDirectory(folder);
        foreach (var library in Libraries.All)
            File.Copy(Corpus.File("microsoft", library.Id + ".mp"), Path.Combine(folder, library.Id + ".mp"));
        using var group = LocalManagementGroup.Create(temp.File("nodw.db"), new LocalManagementGroupOptions { LibrariesDirectory = folder, StartTime = LocalGroups.Start });

        var act = () => new ImportPlanner().Plan(group, RealFamily.Of("KES"));

        act.Should().Throw<KmpRefusedException>()
            .WithMessage("*KasperskyLab.KES.Monitoring: could not load management pack [ID=Microsoft.SystemCenter.DataWarehouse.Library, KeyToken=31bf3856ad364e35, Version=6.1.7221.0]*")
            .WithMessage("*KasperskyLab.Library: could not load management pack [ID=System.Performance.Library*");
        group.GetPacks().Should().NotContain(p => p.Id.StartsWith("KasperskyLab.", StringComparison.Ordinal), "nothing is imported");
    }
}
