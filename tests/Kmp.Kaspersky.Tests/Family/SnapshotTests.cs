using System.Text;
using System.Text.RegularExpressions;
using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Kaspersky.Tests.Family;

/// <summary>
/// The generated family XML of both targets is committed under tests/Kmp.Kaspersky.Tests/Snapshots and
/// compared byte for byte: renaming an element ID (an upgrade-breaking change for every customer),
/// or any other change of the output, fails here until the snapshots are updated on purpose
/// (run the tests with KMP_UPDATE_SNAPSHOTS=1, review the diff, commit it).
/// </summary>
public sealed partial class SnapshotTests(FamilyFixture fixture) : IClassFixture<FamilyFixture>
{
    public static TheoryData<SchemaTarget> Targets => [SchemaTarget.Scom2007R2, SchemaTarget.Scom2012];

    private static string Folder(SchemaTarget target) =>
        Path.Combine(Corpus.RepositoryRoot, "tests", "Kmp.Kaspersky.Tests", "Snapshots", target == SchemaTarget.Scom2012 ? "2012" : "2007R2");

    private static bool Updating => Environment.GetEnvironmentVariable("KMP_UPDATE_SNAPSHOTS") == "1";

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_generated_family_is_byte_identical_to_its_committed_snapshot(SchemaTarget target)
    {
        var folder = Folder(target);
        var generated = fixture.Xml[target];
        if (Updating)
        {
            Directory.CreateDirectory(folder);
            foreach (var stale in Directory.EnumerateFiles(folder, "*.xml")) File.Delete(stale);
            foreach (var (id, xml) in generated) File.WriteAllBytes(Path.Combine(folder, id + ".xml"), xml);
        }
        Directory.Exists(folder).Should().BeTrue($"the snapshots of target {target} are committed in {folder}");
        var committed = Directory.EnumerateFiles(folder, "*.xml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
        committed.Should().Equal(generated.Keys.Order(StringComparer.Ordinal), "every pack of the family has a snapshot and no snapshot is of a pack that is gone");
        foreach (var (id, xml) in generated)
        {
            var expected = File.ReadAllBytes(Path.Combine(folder, id + ".xml"));
            if (expected.AsSpan().SequenceEqual(xml)) continue;
            var removed = ElementIds(expected).Except(ElementIds(xml)).Order(StringComparer.Ordinal).ToList();
            removed.Should().BeEmpty($"{id} ({target}) must keep every released element ID; renamed or removed");
            Assert.Fail($"{id} ({target}) differs from its snapshot at line {FirstDifferentLine(expected, xml)}; "
                + "if the change is intended, rerun with KMP_UPDATE_SNAPSHOTS=1 and commit the snapshots");
        }
    }

    [Fact]
    public void A_renamed_element_ID_is_reported_by_name()
    {
        var xml = fixture.Xml[SchemaTarget.Scom2007R2]["KasperskyLab.Library"];
        var renamed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(xml).Replace("KasperskyLab.Library.RootFolder", "KasperskyLab.Library.Root", StringComparison.Ordinal));
        ElementIds(xml).Except(ElementIds(renamed)).Should().Equal("KasperskyLab.Library.RootFolder");
    }

    [GeneratedRegex("""\sID="([^"]+)"\s""")]
    private static partial Regex IdAttribute();

    private static HashSet<string> ElementIds(byte[] xml) =>
        IdAttribute().Matches(Encoding.UTF8.GetString(xml)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    private static int FirstDifferentLine(byte[] a, byte[] b)
    {
        var x = Encoding.UTF8.GetString(a).Split('\n');
        var y = Encoding.UTF8.GetString(b).Split('\n');
        var i = 0;
        while (i < x.Length && i < y.Length && x[i] == y[i]) i++;
        return i + 1;
    }
}
