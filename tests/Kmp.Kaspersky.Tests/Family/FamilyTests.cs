using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kmp.Kaspersky.Family;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Testing;

namespace Kmp.Kaspersky.Tests.Family;

public partial class FamilyTests(FamilyFixture fixture) : IClassFixture<FamilyFixture>
{
    public static TheoryData<SchemaTarget> Targets => [SchemaTarget.Scom2007R2, SchemaTarget.Scom2012];

    [Fact]
    public void The_family_has_the_library_its_discovery_pack_the_shared_components_packs_and_three_packs_per_product()
    {
        var products = fixture.Catalog.Products.Select(p => p.Key).ToList();
        products.Should().HaveCountGreaterThanOrEqualTo(7);
        var expected = new[] { FamilyIds.Library, FamilyIds.LibraryDiscoveryPack }
            .Concat(fixture.Catalog.Library.SharedComponents.Select(c => c.Key).Order(StringComparer.Ordinal)
                .SelectMany(c => new[] { FamilyIds.SharedDiscoveryPack(c), FamilyIds.SharedMonitoringPack(c) }))
            .Concat(products.Order(StringComparer.Ordinal).SelectMany(p => new[] { FamilyIds.DiscoveryPack(p), FamilyIds.MonitoringPack(p), FamilyIds.ViewsPack(p) }));
        fixture.Family.Packs.Select(p => p.Id).Should().Equal(expected);
    }

    [Fact]
    public void The_manifest_declares_every_pack_the_composer_made_with_its_role_and_product()
    {
        var manifest = fixture.Family.Manifest;
        manifest.Members.Select(m => (m.PackId, m.Role, m.ProductKey)).Should().Equal(fixture.Family.Packs.Select(p => (p.Id, p.Role, p.ProductKey)));
        manifest.Find(FamilyIds.Library)!.UsedBy.Should().Equal(fixture.Catalog.Products.Select(p => p.Key).Order(StringComparer.Ordinal));
        manifest.Find(FamilyIds.ViewsPack("KSWS"))!.UsedBy.Should().Equal("KSWS");
        // A pack whose ID looks like the family's is not one unless the family declares it.
        manifest.Find("KasperskyLab.Contoso.Views").Should().BeNull();
        manifest.Contains("KasperskyLab.Library.Extra").Should().BeFalse();
    }

    [Fact]
    public void The_notification_group_name_comes_from_the_library_template()
    {
        fixture.Family.Manifest.NotificationGroupName.Should().Be("KAV Administrators");
        var renamed = FamilyManifest.Of(fixture.Catalog.Library with { NotificationGroupName = "Kaspersky Operators" }, fixture.Catalog.Products);
        renamed.NotificationGroupName.Should().Be("Kaspersky Operators");
    }

    [SkippableTheory]
    [MemberData(nameof(Targets))]
    public void Every_pack_validates_against_Microsofts_schema_for_its_target(SchemaTarget target)
    {
        var schema = target == SchemaTarget.Scom2012 ? "ManagementPackSchema.v2.0.xsd" : "ManagementPackSchema.v1.0.xsd";
        Corpus.Require();
        foreach (var (id, xml) in fixture.Xml[target])
            MicrosoftSchemas.Validate(xml, schema).Should().BeEmpty($"{id} must be valid {schema}");
    }

    [SkippableFact]
    public void A_schema_2_pack_is_refused_by_the_1_0_schema_so_the_check_can_fail()
    {
        Corpus.Require();
        var errors = MicrosoftSchemas.Validate(fixture.Xml[SchemaTarget.Scom2012][FamilyIds.Library], "ManagementPackSchema.v1.0.xsd");
        errors.Should().Contain(e => e.Contains("SchemaVersion"));
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_]*)!([A-Za-z_][A-Za-z0-9_.]*)")]
    private static partial Regex AliasReference();

    [SkippableTheory]
    [MemberData(nameof(Targets))]
    public void Every_alias_reference_resolves_to_a_public_element_of_the_pack_it_names(SchemaTarget target)
    {
        var libraries = RealLibraries.For(target);
        var family = fixture.Documents(target);
        var checkedReferences = 0;
        foreach (var doc in family.Values)
        {
            foreach (var reference in doc.References)
            {
                if (fixture.Family.Manifest.Contains(reference.ManagementPackId))
                {
                    family.Should().ContainKey(reference.ManagementPackId);
                    reference.PublicKeyToken.Should().Be(FamilyFixture.Token);
                    reference.Version.Should().Be(family[reference.ManagementPackId].Version);
                }
                else
                {
                    libraries.Should().ContainKey(reference.ManagementPackId, $"{doc.Id} references {reference.ManagementPackId}, which must be a real library pack");
                    reference.PublicKeyToken.Should().Be("31bf3856ad364e35");
                    libraries[reference.ManagementPackId].Version.Should().BeGreaterThanOrEqualTo(reference.Version,
                        $"{doc.Id} must not reference a newer {reference.ManagementPackId} than the {target.Name()} one");
                }
            }
            foreach (var text in Values(doc.Xml))
            {
                foreach (Match m in AliasReference().Matches(text))
                {
                    var alias = m.Groups[1].Value;
                    var id = m.Groups[2].Value;
                    var reference = doc.Reference(alias);
                    reference.Should().NotBeNull($"{doc.Id} uses alias '{alias}' in '{text}'");
                    var target2 = fixture.Family.Manifest.Contains(reference!.ManagementPackId) ? family[reference.ManagementPackId] : libraries[reference.ManagementPackId];
                    var element = target2.Find(id);
                    element.Should().NotBeNull($"{doc.Id}: {alias}!{id} must exist in {reference.ManagementPackId}");
                    element!.IsPublic.Should().BeTrue($"{doc.Id}: {alias}!{id} must be public in {reference.ManagementPackId}");
                    checkedReferences++;
                }
            }
        }
        checkedReferences.Should().BeGreaterThan(100);
    }

    [Fact]
    public void Local_references_resolve_inside_the_pack()
    {
        foreach (var doc in fixture.Documents(SchemaTarget.Scom2007R2).Values)
        {
            foreach (var m in doc.Xml.Descendants().SelectMany(e => e.Attributes()).Where(a => a.Name.LocalName is "Target" or "Base" or "TypeID" or "AlertMessage" or "Folder" or "ElementID" or "ParentFolder"))
            {
                if (m.Value.Contains('!')) continue;
                if (m.Parent!.Name.LocalName is "DisplayString" or "KnowledgeArticle" && m.Name.LocalName == "ElementID")
                {
                    (doc.Find(m.Value) is not null || m.Value == doc.Id).Should().BeTrue($"{doc.Id}: display string for missing '{m.Value}'");
                    continue;
                }
                doc.Find(m.Value).Should().NotBeNull($"{doc.Id}: {m.Parent.Name.LocalName}/@{m.Name} = '{m.Value}' must exist in the pack");
            }
        }
    }

    [Fact]
    public void Every_element_has_a_display_string_and_alert_rules_use_string_resources()
    {
        foreach (var doc in fixture.Documents(SchemaTarget.Scom2012).Values)
        {
            var named = doc.DisplayStrings.Where(d => d.Attribute("SubElementID") is null).Select(d => d.Attribute("ElementID")!.Value).ToHashSet();
            named.Should().Contain(doc.Id);
            foreach (var e in doc.Elements.Where(e => e.Kind != "FolderItem"))
                named.Should().Contain(e.Id, $"{doc.Id}: {e.Kind} {e.Id} needs a display string");
            foreach (var generate in doc.Xml.Descendants("WriteAction").Where(w => w.Attribute("TypeID")!.Value.EndsWith("System.Health.GenerateAlert", StringComparison.Ordinal)))
            {
                generate.Element("AlertName").Should().BeNull("alert text comes from a string resource, not hard-coded");
                generate.Element("AlertMessageId").Should().NotBeNull();
            }
            foreach (var alert in doc.Xml.Descendants("AlertSettings"))
                doc.Find(alert.Attribute("AlertMessage")!.Value)!.Kind.Should().Be("StringResource");
        }
    }

    [Fact]
    public void Alert_rules_and_monitors_carry_knowledge_and_a_recommendation()
    {
        var monitoring = fixture.Documents(SchemaTarget.Scom2007R2).Values.Where(d => d.Id.EndsWith(".Monitoring", StringComparison.Ordinal)).ToList();
        monitoring.Should().NotBeEmpty();
        foreach (var doc in monitoring)
        {
            var articles = doc.Xml.Descendants("KnowledgeArticle").Select(k => k.Attribute("ElementID")!.Value).ToHashSet();
            foreach (var e in doc.Elements.Where(e => e.Kind == "UnitMonitor" || (e.Kind == "Rule" && e.Xml.Element("Category")!.Value == "Alert")))
            {
                articles.Should().Contain(e.Id, $"{doc.Id}: {e.Id} needs knowledge");
                var sections = doc.Xml.Descendants("KnowledgeArticle").Single(k => k.Attribute("ElementID")!.Value == e.Id)
                    .Descendants().Where(x => x.Name.LocalName == "title").Select(x => x.Value);
                sections.Should().Equal("Summary", "Causes", "Resolutions");
            }
        }
    }

    [Fact]
    public void Each_product_has_the_four_views_of_the_guide_under_Kaspersky_Lab()
    {
        var docs = fixture.Documents(SchemaTarget.Scom2007R2);
        foreach (var product in fixture.Catalog.Products)
        {
            var views = docs[FamilyIds.ViewsPack(product.Key)];
            var names = views.Elements.Where(e => e.Kind == "View").Select(e => views.DisplayName(e.Id)).ToList();
            names.Should().Contain(["Computers", "Warnings", "Status"]);
            if (product.EventCollection is not null) names.Should().Contain("Events");
            var folder = views.Elements.Single(e => e.Kind == "Folder");
            folder.Attribute("ParentFolder").Should().Be($"{FamilyIds.LibraryAlias}!{FamilyIds.RootFolder}");
            views.DisplayName(folder.Id).Should().Be(product.DisplayName);
        }
        docs[FamilyIds.Library].DisplayName(FamilyIds.RootFolder).Should().Be("Kaspersky Lab");
    }

    [Fact]
    public void A_shared_component_is_typed_once_in_the_library_and_used_by_two_products()
    {
        var shared = fixture.Catalog.Library.SharedComponents;
        shared.Should().NotBeEmpty();
        foreach (var component in shared)
        {
            var users = fixture.Catalog.Products.Where(p => p.SharedComponents?.Contains(component.Key) == true).ToList();
            users.Should().HaveCountGreaterThanOrEqualTo(2, $"{component.Key} is shared");
            var classId = FamilyIds.SharedComponentClass(component.Key);
            fixture.Documents(SchemaTarget.Scom2007R2).Values.Where(d => d.Find(classId) is not null).Select(d => d.Id)
                .Should().Equal([FamilyIds.Library], "the class lives only in the library");
            var discovery = fixture.Documents(SchemaTarget.Scom2007R2)[FamilyIds.SharedDiscoveryPack(component.Key)];
            discovery.Elements.Should().ContainSingle(e => e.Kind == "Discovery");
            var monitoring = fixture.Documents(SchemaTarget.Scom2007R2)[FamilyIds.SharedMonitoringPack(component.Key)];
            monitoring.Elements.Where(e => e.Kind == "UnitMonitor").Should().HaveCount(component.Services.Count);
            // The shared packs name their own elements (discovery, monitors, tasks, string resources) with their own
            // prefix; only the class, a type of the library, keeps the library's.
            foreach (var doc in new[] { discovery, monitoring })
            {
                doc.Elements.Should().NotBeEmpty();
                doc.Elements.Should().OnlyContain(e => e.Id.StartsWith(FamilyIds.SharedPrefix(component.Key) + ".", StringComparison.Ordinal),
                    $"{doc.Id} must not define elements in another pack's namespace");
            }
            discovery.Elements.Single(e => e.Kind == "Discovery").Id.Should().Be(FamilyIds.SharedComponentDiscovery(component.Key));
            var member = fixture.Family.Manifest.Find(FamilyIds.SharedDiscoveryPack(component.Key))!;
            member.Role.Should().Be(FamilyRole.SharedDiscovery);
            member.ProductKey.Should().BeNull();
            member.UsedBy.Should().Equal(users.Select(u => u.Key).Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Service_monitors_alert_only_for_services_set_to_start_automatically(SchemaTarget target)
    {
        var monitors = fixture.Documents(target).Values
            .SelectMany(d => d.Elements.Where(e => e.Attribute("TypeID") == "Windows!Microsoft.Windows.CheckNTServiceStateMonitorType")).ToList();
        monitors.Should().NotBeEmpty();
        monitors.Should().OnlyContain(m => m.Xml.Element("Configuration")!.Element("CheckStartupType")!.Value == "true",
            "an absent, disabled or on-demand service (the Exchange security service starts with the first message) must not raise a Critical alert");
    }

    [Fact]
    public void Each_product_folder_shows_the_alerts_of_the_shared_components_it_uses()
    {
        var docs = fixture.Documents(SchemaTarget.Scom2007R2);
        foreach (var product in fixture.Catalog.Products.Where(p => p.SharedComponents is { Count: > 0 }))
        {
            var views = docs[FamilyIds.ViewsPack(product.Key)];
            foreach (var component in product.SharedComponents!)
            {
                views.Elements.Should().Contain(e => e.Kind == "View" && e.Attribute("TypeID") == "SC!Microsoft.SystemCenter.AlertViewType"
                    && e.Attribute("Target") == $"KL!{FamilyIds.SharedComponentClass(component)}", $"{product.Key} uses {component}");
            }
        }
    }

    [Fact]
    public void A_rule_group_without_workflows_says_so_and_references_nothing()
    {
        var docs = fixture.Documents(SchemaTarget.Scom2007R2);
        foreach (var product in fixture.Catalog.Products)
        {
            var monitoring = docs[FamilyIds.MonitoringPack(product.Key)];
            var hasWorkflows = monitoring.Elements.Any(e => e.Kind is "Rule" or "UnitMonitor" or "DependencyMonitor");
            var description = monitoring.DisplayStrings.Single(d => d.Attribute("ElementID")!.Value == monitoring.Id).Element("Description")!.Value;
            if (hasWorkflows)
            {
                description.Should().StartWith($"{(product.Preview ? ConsoleText.PreviewNote : "")}Monitors {product.DisplayName}:");
            }
            else
            {
                monitoring.References.Should().BeEmpty($"{monitoring.Id} uses nothing");
                description.Should().Contain("holds no workflows of its own");
            }
        }
    }

    [Fact]
    public void Two_compositions_of_the_same_templates_write_identical_bytes()
    {
        var again = FamilyComposer.Compose(fixture.Catalog.Library, fixture.Catalog.Products, new FamilyOptions(new Version(1, 0, 0, 7), FamilyFixture.Token));
        foreach (var target in Enum.GetValues<SchemaTarget>())
            foreach (var pack in again.Packs)
                ManagementPackXmlWriter.WriteUtf8(pack.Pack, target).Should().Equal(fixture.Xml[target][pack.Id], $"{pack.Id} for {target}");
    }

    [Fact]
    public void The_service_monitoring_script_is_shared_from_the_library()
    {
        var docs = fixture.Documents(SchemaTarget.Scom2007R2);
        var script = docs[FamilyIds.Library].Find(FamilyIds.ServiceMonitoringDataSource)!;
        script.IsPublic.Should().BeTrue();
        script.Xml.Descendants("ScriptBody").Single().Value.Should().Contain("Protection_BasesDate").And.Contain("MOM.ScriptAPI");
        var users = docs.Values.SelectMany(d => d.Elements.Where(e => e.Kind == "UnitMonitor" && e.Attribute("TypeID") == $"KL!{FamilyIds.ServiceMonitoringMonitorType}")).ToList();
        users.Should().NotBeEmpty("products monitor the Network Agent state through the shared script");
        docs.Values.Where(d => d.Id != FamilyIds.Library).Should().OnlyContain(d => !d.Xml.Descendants("ScriptBody").Any(b => b.Value.Contains("Protection_BasesDate")), "no product repeats the script");
    }

    private static IEnumerable<string> Values(XDocument xml) =>
        xml.Root!.Element("LanguagePacks") is { } lp
            ? Values(xml.Root, lp)
            : Values(xml.Root, null);

    private static IEnumerable<string> Values(XElement root, XElement? skip)
    {
        foreach (var e in root.Descendants())
        {
            if (skip is not null && e.Ancestors().Contains(skip)) continue;
            if (e.Name.LocalName is "ScriptBody" or "Manifest") continue;
            foreach (var a in e.Attributes()) yield return a.Value;
            if (!e.HasElements && e.Name.LocalName != "Name") yield return e.Value;
        }
    }
}
