using System.Xml.Linq;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Packaging;
using Kmp.Testing;
using Kmp.Verification.Upgrade;

namespace Kmp.Verification.Tests;

public class UpgradeCompatibilityTests
{
    private const string Disc = GeneratedFamily.Discovery;
    private const string Lib = GeneratedFamily.Library;

    private static XDocument Pack(string id, SchemaTarget target = SchemaTarget.Scom2007R2) =>
        XDocument.Parse(GeneratedFamily.Xml(target).Single(p => p.Id == id).Xml);

    private static ManagementPackDocument Doc(XDocument xml) => ManagementPackDocument.Parse(xml.ToString(), null);

    private static XDocument Bumped(XDocument xml, string version = "1.0.0.1")
    {
        var copy = new XDocument(xml);
        copy.Root!.Element("Manifest")!.Element("Identity")!.Element("Version")!.Value = version;
        return copy;
    }

    private static XElement Class(XDocument xml, string id) => xml.Descendants("ClassType").Single(c => c.Attribute("ID")?.Value == id);

    private static DiffResult Compare(string packId, Action<XDocument> change, string version = "1.0.0.1")
    {
        var old = Pack(packId);
        var @new = Bumped(old, version);
        change(@new);
        return UpgradeCompatibility.Compare(Doc(old), Doc(@new), GeneratedFamily.KeyToken, GeneratedFamily.KeyToken);
    }

    [Theory]
    [InlineData("2007R2")]
    [InlineData("2012")]
    public void A_version_bump_that_only_adds_elements_is_compatible(string target)
    {
        var old = Pack(Disc, SchemaTargets.Parse(target));
        var @new = Bumped(old);
        var application = Class(@new, "KasperskyLab.KES.Application");
        application.AddAfterSelf(new XElement("ClassType", new XAttribute("ID", "KasperskyLab.KES.Component"), new XAttribute("Accessibility", "Public"),
            new XAttribute("Abstract", "false"), new XAttribute("Base", "System!System.LogicalEntity"), new XAttribute("Hosted", "false"), new XAttribute("Singleton", "true")));
        application.Add(new XElement("Property", new XAttribute("ID", "Edition"), new XAttribute("Type", "string"), new XAttribute("Key", "false")));

        var result = UpgradeCompatibility.Compare(Doc(old), Doc(@new), GeneratedFamily.KeyToken, GeneratedFamily.KeyToken);

        result.IsCompatible.Should().BeTrue(string.Join("; ", result.Incompatibilities));
        result.Enforced.Should().BeTrue();
        result.Changes.Should().ContainEquivalentOf(new ElementChange(ChangeKind.Added, "ClassType", "KasperskyLab.KES.Component"));
        result.Changes.Should().Contain(c => c.Change == ChangeKind.Changed && c.Id == "KasperskyLab.KES.Application");
    }

    public static TheoryData<string, string> ForbiddenChanges() => new()
    {
        { "version not higher", "KMP8001" },
        { "key token changed", "KMP8002" },
        { "public class removed", "KMP8003" },
        { "class property removed", "KMP8004" },
        { "property made key", "KMP8005" },
        { "key property added", "KMP8005" },
        { "base class replaced", "KMP8006" },
        { "hosted flag changed", "KMP8007" },
        { "made abstract", "KMP8007" },
        { "class made internal", "KMP8008" },
        { "property type changed", "KMP8009" },
        { "monitor type state removed", "KMP8010" },
        { "relationship target changed", "KMP8011" },
        { "class turned into a relationship", "KMP8012" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenChanges))]
    public void Each_forbidden_change_makes_the_upgrade_incompatible_with_its_reason(string change, string code)
    {
        var result = change switch
        {
            "version not higher" => Compare(Lib, _ => { }, version: "1.0.0.0"),
            "key token changed" => UpgradeCompatibility.Compare(Doc(Pack(Lib)), Doc(Bumped(Pack(Lib))), GeneratedFamily.KeyToken, "0123456789abcdef"),
            "public class removed" => Compare(Lib, x => Class(x, "KasperskyLab.Library.ExchangeSecurity").Remove()),
            "class property removed" => Compare(Lib, x => Class(x, "KasperskyLab.Library.Application").Elements("Property").First().Remove()),
            "property made key" => Compare(Lib, x => Class(x, "KasperskyLab.Library.Application").Elements("Property").First().SetAttributeValue("Key", "true")),
            "key property added" => Compare(Lib, x => Class(x, "KasperskyLab.Library.Application").Add(
                new XElement("Property", new XAttribute("ID", "Instance"), new XAttribute("Type", "string"), new XAttribute("Key", "true")))),
            "base class replaced" => Compare(Lib, x => Class(x, "KasperskyLab.Library.Application").SetAttributeValue("Base", "Windows!Microsoft.Windows.ApplicationComponent")),
            "hosted flag changed" => Compare(Lib, x => Class(x, "KasperskyLab.Library.ExchangeSecurity").SetAttributeValue("Hosted", "false")),
            "made abstract" => Compare(Lib, x => Class(x, "KasperskyLab.Library.ExchangeSecurity").SetAttributeValue("Abstract", "true")),
            "class made internal" => Compare(Lib, x => Class(x, "KasperskyLab.Library.ExchangeSecurity").SetAttributeValue("Accessibility", "Internal")),
            "property type changed" => Compare(Lib, x => Class(x, "KasperskyLab.Library.Application").Elements("Property").First().SetAttributeValue("Type", "int")),
            "monitor type state removed" => Compare(Lib, x => x.Descendants("MonitorTypeState").Last().Remove()),
            "relationship target changed" => WithRelationship(x => Injected(x).Element("Target")!.Value = "KasperskyLab.Library.Application"),
            "class turned into a relationship" => WithRelationship(x =>
            {
                var agent = Class(x, "KasperskyLab.Library.ExchangeSecurity");
                agent.Remove();
                Injected(x).AddAfterSelf(new XElement("RelationshipType", new XAttribute("ID", "KasperskyLab.Library.ExchangeSecurity"),
                    new XAttribute("Accessibility", "Public"), new XAttribute("Abstract", "false"), new XAttribute("Base", "System!System.Reference"),
                    new XElement("Source", "KasperskyLab.Library.Application"), new XElement("Target", "KasperskyLab.Library.ExchangeSecurity")));
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        result.IsCompatible.Should().BeFalse();
        result.Incompatibilities.Should().Contain(i => i.Code.Code == code, string.Join("; ", result.Incompatibilities));
        result.Incompatibilities.Single(i => i.Code.Code == code).Reason.Should().NotBeNullOrWhiteSpace();
    }

    /// <summary>Old and new library with a public relationship (schema 1.0 form), the new one changed.</summary>
    private static XElement Injected(XDocument x) =>
        x.Descendants("RelationshipType").Single(r => r.Attribute("ID")!.Value == "KasperskyLab.Library.ApplicationReferencesExchange");

    private static DiffResult WithRelationship(Action<XDocument> change)
    {
        var old = Pack(Lib);
        old.Descendants("RelationshipTypes").Single().Add(
            new XElement("RelationshipType", new XAttribute("ID", "KasperskyLab.Library.ApplicationReferencesExchange"), new XAttribute("Accessibility", "Public"),
                new XAttribute("Abstract", "false"), new XAttribute("Base", "System!System.Reference"),
                new XElement("Source", "KasperskyLab.Library.Application"), new XElement("Target", "KasperskyLab.Library.ExchangeSecurity")));
        var @new = Bumped(old);
        change(@new);
        return UpgradeCompatibility.Compare(Doc(old), Doc(@new), GeneratedFamily.KeyToken, GeneratedFamily.KeyToken);
    }

    [Fact]
    public void A_class_inserted_between_a_class_and_its_base_is_compatible()
    {
        var result = Compare(Lib, x =>
        {
            Class(x, "KasperskyLab.Library.Application").AddBeforeSelf(new XElement("ClassType", new XAttribute("ID", "KasperskyLab.Library.Product"),
                new XAttribute("Accessibility", "Public"), new XAttribute("Abstract", "true"), new XAttribute("Base", "Windows!Microsoft.Windows.LocalApplication"),
                new XAttribute("Hosted", "true"), new XAttribute("Singleton", "false")));
            Class(x, "KasperskyLab.Library.Application").SetAttributeValue("Base", "KasperskyLab.Library.Product");
        });
        result.IsCompatible.Should().BeTrue(string.Join("; ", result.Incompatibilities));
    }

    [Fact]
    public void Internal_elements_may_go_and_unsealed_packs_are_not_enforced()
    {
        var old = Pack(Lib);
        Class(old, "KasperskyLab.Library.ExchangeSecurity").SetAttributeValue("Accessibility", "Internal");
        var @new = Bumped(old);
        Class(@new, "KasperskyLab.Library.ExchangeSecurity").Remove();

        var result = UpgradeCompatibility.Compare(Doc(old), Doc(@new));

        result.IsCompatible.Should().BeTrue();
        result.Enforced.Should().BeFalse("the old pack is XML without a key token");
        result.Changes.Should().ContainEquivalentOf(new ElementChange(ChangeKind.Removed, "ClassType", "KasperskyLab.Library.ExchangeSecurity"));
    }

    [Fact]
    public void Two_versions_of_different_packs_are_refused()
    {
        var act = () => UpgradeCompatibility.Compare(Doc(Pack(Lib)), Doc(Pack(Disc)));
        act.Should().Throw<KmpException>().WithMessage("*compare two versions of one pack*");
    }

    [Fact]
    public void The_family_is_checked_against_a_baseline_folder_of_sealed_packs()
    {
        using var baseline = new TempDirectory();
        var key = StrongNameKey.Generate();
        var family = GeneratedFamily.Xml(SchemaTarget.Scom2007R2);
        foreach (var (id, xml) in family)
            File.WriteAllBytes(baseline.File(id + ".mp"), ManagementPackSealer.Seal(xml, key));

        var next = family.Select(p => Doc(Bumped(XDocument.Parse(p.Xml)))).ToList();
        var check = UpgradeCompatibility.CheckFamily(next, key.PublicKeyToken, baseline.Path);
        check.IsCompatible.Should().BeTrue(string.Join("; ", check.Packs.SelectMany(p => p.Incompatibilities)));
        check.Packs.Should().HaveCount(family.Count).And.OnlyContain(p => p.Enforced);
        check.NewPacks.Should().BeEmpty();

        var broken = family.Select(p =>
        {
            var xml = Bumped(XDocument.Parse(p.Xml));
            if (p.Id == Lib) Class(xml, "KasperskyLab.Library.ExchangeSecurity").Remove();
            return Doc(xml);
        }).ToList();
        var refused = UpgradeCompatibility.CheckFamily(broken, key.PublicKeyToken, baseline.Path);
        refused.IsCompatible.Should().BeFalse();
        refused.Packs.Single(p => !p.IsCompatible).ManagementPackId.Should().Be(Lib);

        UpgradeCompatibility.CheckFamily(next, "0123456789abcdef", baseline.Path).Packs
            .Should().OnlyContain(p => p.Incompatibilities.Any(i => i.Code == Codes.KeyTokenChanged));
    }

    public static TheoryData<string, string> MicrosoftUpgrades() => new()
    {
        { "microsoft/System.Library.mp", "microsoft/7.x/System.Library.mp" },
        { "microsoft/Microsoft.Windows.Library.mp", "microsoft/7.x/Microsoft.Windows.Library.mp" },
        { "microsoft/System.Health.Library.mp", "microsoft/7.x/System.Health.Library.mp" },
        { "microsoft/Microsoft.SystemCenter.Library.mp", "microsoft/7.x/Microsoft.SystemCenter.Library.mp" },
        { "microsoft/7.x/Microsoft.SystemCenter.DataWarehouse.Library.mp", "microsoft/10.x/Microsoft.SystemCenter.DataWarehouse.Library.mp" },
        { "microsoft/7.x/System.Performance.Library.mp", "microsoft/10.x/System.Performance.Library.mp" },
        { "microsoft/Microsoft.Windows.Server.Library.mp", "microsoft/10.x/Microsoft.Windows.Server.Library.mp" },
    };

    /// <summary>Microsoft shipped these as upgrades of each other: they are compatible.</summary>
    [SkippableTheory]
    [MemberData(nameof(MicrosoftUpgrades))]
    public void Real_library_upgrades_are_compatible(string oldPath, string newPath)
    {
        var references = ReferenceLibrary.Load([Corpus.File("microsoft")]);
        var result = UpgradeCompatibility.Compare(PackInput.Load(Corpus.File(oldPath.Split('/'))), PackInput.Load(Corpus.File(newPath.Split('/'))), references);
        result.IsCompatible.Should().BeTrue(string.Join("; ", result.Incompatibilities));
        result.Enforced.Should().BeTrue();
        result.Changes.Should().NotBeEmpty();
    }
}
