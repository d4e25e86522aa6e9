using System.Text;
using System.Xml.Linq;
using Kmp.ManagementPacks.Xml;

namespace Kmp.ManagementPacks.Tests;

public class WriterTests
{
    private static XDocument Parse(ManagementPack pack, SchemaTarget target) =>
        XDocument.Parse(Encoding.UTF8.GetString(ManagementPackXmlWriter.WriteUtf8(pack, target)));

    [Fact]
    public void Same_pack_writes_the_same_bytes()
    {
        var first = ManagementPackXmlWriter.WriteUtf8(SamplePack.Builder().Build(), SchemaTarget.Scom2012);
        var second = ManagementPackXmlWriter.WriteUtf8(SamplePack.Builder().Build(), SchemaTarget.Scom2012);
        second.Should().Equal(first);
        first.Take(3).Should().NotEqual(new byte[] { 0xEF, 0xBB, 0xBF }, "the XML is UTF-8 without a BOM");
    }

    [Fact]
    public void Overrides_are_written_after_the_monitors_in_the_order_added()
    {
        var b = SamplePack.Builder();
        var sample = b.Build();
        var app = sample.OfType<ClassType>()[0].Ref;
        b.Add(new MonitorPropertyOverride("Test.Sample.Monitor.Disable", app, sample.OfType<UnitMonitor>()[0].Ref, "Enabled", "false"));
        b.Add(new RulePropertyOverride("Test.Sample.Rule.Disable", app, sample.OfType<Rule>()[0].Ref, "Enabled", "false", Enforced: true));
        var monitoring = Parse(b.Build(), SchemaTarget.Scom2007R2).Root!.Element("Monitoring")!;
        monitoring.Elements().Select(e => e.Name.LocalName).Should().Equal("Rules", "Monitors", "Overrides");
        var overrides = monitoring.Element("Overrides")!.Elements().ToList();
        overrides.Select(o => o.ToString(SaveOptions.DisableFormatting)).Should().Equal(
            """<MonitorPropertyOverride ID="Test.Sample.Monitor.Disable" Context="Test.Sample.App" Enforced="false" Monitor="Test.Sample.Monitor" Property="Enabled"><Value>false</Value></MonitorPropertyOverride>""",
            """<RulePropertyOverride ID="Test.Sample.Rule.Disable" Context="Test.Sample.App" Enforced="true" Rule="Test.Sample.Rule" Property="Enabled"><Value>false</Value></RulePropertyOverride>""");
    }

    [Fact]
    public void Tasks_go_between_rules_and_monitors_and_dependency_monitors_after_unit_monitors()
    {
        var b = SamplePack.Builder();
        var sample = b.Build();
        var app = sample.OfType<ClassType>()[0].Ref;
        var system = b.Reference(Libraries.System);
        var health = b.Reference(Libraries.Health);
        b.Add(new DependencyMonitor("Test.Sample.Dependency", app, health.Monitor("System.Health.AvailabilityState"), sample.OfType<RelationshipType>()[0].Ref,
            health.Monitor("System.Health.AvailabilityState"), MonitoringCategory.AvailabilityHealth));
        b.Add(new AgentTask("Test.Sample.Task", app, Module.WriteAction("Run", system.ModuleType("System.CommandExecuter"), ConfigElement.Value("CommandLine", "net start x"))));
        var monitoring = Parse(b.Build(), SchemaTarget.Scom2007R2).Root!.Element("Monitoring")!;
        monitoring.Elements().Select(e => e.Name.LocalName).Should().Equal("Rules", "Tasks", "Monitors");
        monitoring.Element("Monitors")!.Elements().Select(e => e.Name.LocalName).Should().Equal("UnitMonitor", "DependencyMonitor");
        var dependency = monitoring.Element("Monitors")!.Element("DependencyMonitor")!;
        dependency.Attribute("RelationshipType")!.Value.Should().Be("Test.Sample.AppHostsComponent");
        dependency.Elements().Select(e => e.Name.LocalName).Should().Equal("Category", "Algorithm");
        var task = monitoring.Element("Tasks")!.Element("Task")!;
        task.Element("Category")!.Value.Should().Be("Maintenance");
        task.Element("WriteAction")!.Attribute("TypeID")!.Value.Should().Be("System!System.CommandExecuter");
    }

    [Fact]
    public void Schema_1_0_omits_every_2_0_only_construct()
    {
        var root = Parse(SamplePack.Builder().Build(), SchemaTarget.Scom2007R2).Root!;
        root.Attribute("SchemaVersion").Should().BeNull();
        root.Descendants("Property").Single(p => p.Attribute("ID")!.Value == "Version").Attribute("Length")!.Value.Should().Be("64");
        root.Descendants("Property").Should().NotContain(p => p.Attribute("MaxLength") != null);
        var relationship = root.Descendants("RelationshipType").Single();
        relationship.Element("Source")!.Value.Should().Be("Test.Sample.App");
        relationship.Element("Source")!.Attribute("Type").Should().BeNull();
        root.Descendants("FolderItem").Single().Attribute("ID").Should().BeNull();
        root.Descendants("Reference").Select(r => r.Element("Version")!.Value).Should().AllBe("6.1.7221.0");
    }

    [Fact]
    public void Schema_2_0_uses_its_own_forms_and_7x_references()
    {
        var root = Parse(SamplePack.Builder().Build(), SchemaTarget.Scom2012).Root!;
        root.Attribute("SchemaVersion")!.Value.Should().Be("2.0");
        root.Descendants("Property").Single(p => p.Attribute("ID")!.Value == "Version").Attribute("MaxLength")!.Value.Should().Be("64");
        var source = root.Descendants("RelationshipType").Single().Element("Source")!;
        source.Attribute("ID")!.Value.Should().Be("Source");
        source.Attribute("Type")!.Value.Should().Be("Test.Sample.App");
        source.Value.Should().BeEmpty();
        root.Descendants("FolderItem").Single().Attribute("ID")!.Value.Should().Be("Test.Sample.View.Item");
        root.Descendants("Reference").Single(r => r.Element("ID")!.Value == "System.Library").Element("Version")!.Value.Should().Be("7.5.8501.0");
    }

    [Fact]
    public void Sections_come_in_schema_order()
    {
        var root = Parse(SamplePack.Builder().Build(), SchemaTarget.Scom2012).Root!;
        root.Elements().Select(e => e.Name.LocalName).Should().Equal("Manifest", "TypeDefinitions", "Monitoring", "Presentation", "LanguagePacks");
        root.Element("Presentation")!.Elements().Select(e => e.Name.LocalName).Should().Equal("Views", "Folders", "FolderItems", "StringResources");
        root.Element("LanguagePacks")!.Element("LanguagePack")!.Elements().Select(e => e.Name.LocalName).Should().Equal("DisplayStrings", "KnowledgeArticles");
    }

    [Fact]
    public void Script_text_with_a_CDATA_terminator_survives()
    {
        var root = Parse(SamplePack.Builder().Build(), SchemaTarget.Scom2007R2).Root!;
        root.Descendants("Note").Single().Value.Should().Be("a ]]> b");
    }

    [Fact]
    public void Knowledge_is_MAML()
    {
        var root = Parse(SamplePack.Builder().Build(), SchemaTarget.Scom2007R2).Root!;
        XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
        var section = root.Descendants("MamlContent").Single().Elements().Single();
        section.Name.Should().Be(maml + "section");
        section.Element(maml + "title")!.Value.Should().Be("Summary");
        section.Descendants(maml + "listItem").Select(i => i.Value).Should().Equal("first", "second");
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads_back()
    {
        var pack = SamplePack.Builder().Build();
        foreach (var target in Enum.GetValues<SchemaTarget>())
        {
            var doc = ManagementPackDocument.Parse(ManagementPackXmlWriter.Write(pack, target));
            doc.Id.Should().Be(pack.Id);
            doc.Version.Should().Be(pack.Version);
            doc.References.Select(r => r.Alias).Should().Equal(pack.References.Select(r => r.Alias));
            var expected = pack.Elements.Where(e => target == SchemaTarget.Scom2012 || e is not FolderItem).Select(e => e.Id);
            doc.Elements.Select(e => e.Id).Should().BeEquivalentTo(expected);
            doc.DisplayName("Test.Sample.App").Should().Be("Sample application");
        }
    }
}
