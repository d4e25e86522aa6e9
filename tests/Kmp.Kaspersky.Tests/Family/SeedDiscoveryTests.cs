using Kmp.Kaspersky.Family;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;

namespace Kmp.Kaspersky.Tests.Family;

/// <summary>
/// The script discoveries run only on computers with Kaspersky Lab software: they target the seed class
/// (KasperskyLab.Library.Discovery.Computer, in KasperskyLab.Library.Discovery with the registry discovery in the agent that
/// finds it), never every Windows computer.
/// </summary>
public sealed class SeedDiscoveryTests(FamilyFixture fixture) : IClassFixture<FamilyFixture>
{
    public static TheoryData<SchemaTarget> Targets => [SchemaTarget.Scom2007R2, SchemaTarget.Scom2012];

    private const string Computer = "Windows!Microsoft.Windows.Computer";

    [Theory]
    [MemberData(nameof(Targets))]
    public void No_script_discovery_targets_every_Windows_computer(SchemaTarget target)
    {
        var scripts = fixture.Documents(target).Values
            .SelectMany(d => d.Elements.Where(e => e.Kind == "Discovery" && e.Xml.Descendants("ScriptBody").Any()).Select(e => (Pack: d.Id, Element: e)))
            .ToList();
        scripts.Should().HaveCountGreaterThanOrEqualTo(10, "every product but none found by a plain registry discovery has a script discovery");
        foreach (var (pack, discovery) in scripts)
        {
            discovery.Xml.Attribute("Target")!.Value.Should().Be($"{FamilyIds.LibraryDiscoveryAlias}!{FamilyIds.ComputerClass}", $"{pack}: {discovery.Id}");
            var arguments = discovery.Xml.Descendants("Arguments").Single().Value;
            // The instance is hosted by the Windows computer that hosts the seed: its key comes from the host.
            arguments.Should().Be($"$MPElement$ $Target/Id$ $Target/Host/Property[Type=\"{Computer}\"]/PrincipalName$ $Target/Host/Property[Type=\"{Computer}\"]/NetworkName$", discovery.Id);
            discovery.Xml.Descendants("ScriptName").Single().Value.Should().Be(discovery.Id + ".vbs", "a script is named after its discovery, so its events name it");
        }
        scripts.Select(s => s.Element.Id).Should().Contain(FamilyIds.SharedComponentDiscovery("ExchangeSecurity"));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_seed_is_found_from_the_registry_in_both_views_in_its_own_discovery_pack(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        docs[FamilyIds.Library].Elements.Should().NotContain(e => e.Kind == "Discovery", "the library holds types only");
        docs[FamilyIds.Library].Find(FamilyIds.ComputerClass).Should().BeNull("the seed class is in the pack of its discovery, which the Discovery packs then reference");
        var pack = docs[FamilyIds.LibraryDiscoveryPack];
        pack.Find(FamilyIds.ComputerClass)!.Xml.Attribute("Hosted")!.Value.Should().Be("true");
        var discovery = pack.Elements.Where(e => e.Kind == "Discovery").Should().ContainSingle().Which;
        discovery.Id.Should().Be(FamilyIds.DiscoveryOf(FamilyIds.ComputerClass));
        discovery.Xml.Attribute("Target")!.Value.Should().Be(Computer);
        var source = discovery.Xml.Element("DataSource")!;
        source.Attribute("ID")!.Value.Should().Be("DS");
        source.Attribute("TypeID")!.Value.Should().Be("Windows!Microsoft.Windows.FilteredRegistryDiscoveryProvider", "it runs in the agent, no script");
        source.Element("Frequency")!.Value.Should().Be("86400", "overrideable as the provider's Frequency");
        var paths = source.Descendants("RegistryAttributeDefinition").Select(a => a.Element("Path")!.Value).ToList();
        paths.Should().Contain([@"SOFTWARE\Wow6432Node\KasperskyLab", @"SOFTWARE\KasperskyLab"]);
        source.Descendants("RegistryAttributeDefinition").Should().OnlyContain(a => a.Element("PathType")!.Value == "0" && a.Element("AttributeType")!.Value == "0");
        // Any key found makes the computer a Kaspersky Lab computer: the registry alone decides.
        source.Element("Expression")!.Element("Or")!.Elements("Expression").Should().HaveCount(paths.Count);
        discovery.Xml.Attribute("Remotable")!.Value.Should().Be("false",
            "the products' script discoveries, which target the seed, are not remotable: an agentless computer (or a cluster's virtual computer, " +
            "managed through its nodes) would get a seed and never a product");
    }

    /// <summary>
    /// A workflow targeting Microsoft.Windows.Computer runs on clients as well as servers, so it reads no property of
    /// a class derived from it (IsVirtualNode of Microsoft.Windows.Server.Computer, say): a client computer has no such
    /// property, and what the management server substitutes for it there is unknown. A cluster's virtual computer is
    /// kept out by Remotable="false" instead.
    /// </summary>
    [Theory]
    [MemberData(nameof(Targets))]
    public void No_workflow_on_every_Windows_computer_reads_a_property_only_servers_or_clients_have(SchemaTarget target)
    {
        var onComputers = fixture.Documents(target).Values
            .SelectMany(d => d.Elements.Where(e => e.Xml.Attribute("Target")?.Value == Computer).Select(e => (Pack: d.Id, Element: e)))
            .ToList();
        onComputers.Select(w => w.Element.Id).Should().Contain(FamilyIds.DiscoveryOf(FamilyIds.ComputerClass));
        foreach (var (pack, workflow) in onComputers)
        {
            var text = workflow.Xml.ToString();
            text.Should().NotContain("Microsoft.Windows.Server.Computer", $"{pack}: {workflow.Id}").And.NotContain("Microsoft.Windows.Client.Computer", $"{pack}: {workflow.Id}");
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_pack_with_a_script_discovery_references_the_seed_pack_so_SCOM_refuses_it_alone(SchemaTarget target)
    {
        var docs = fixture.Documents(target);
        var withScript = docs.Values.Where(d => d.Elements.Any(e => e.Kind == "Discovery" && e.Xml.Descendants("ScriptBody").Any())).ToList();
        withScript.Select(d => d.Id).Should().Contain(fixture.Catalog.Products.Select(p => FamilyIds.DiscoveryPack(p.Key)), "every product of the catalog has a script discovery");
        foreach (var pack in withScript)
        {
            var reference = pack.References.Should().ContainSingle(r => r.ManagementPackId == FamilyIds.LibraryDiscoveryPack, pack.Id).Which;
            reference.Alias.Should().Be(FamilyIds.LibraryDiscoveryAlias);
            reference.Version.Should().Be(fixture.Family.Packs[0].Pack.Version, "the family references its own packs at its version");
        }
        // A pack without a script discovery has no use for the seed, and so no reference nobody uses.
        docs.Values.Except(withScript).Where(d => d.Id != FamilyIds.LibraryDiscoveryPack)
            .Should().OnlyContain(d => d.References.All(r => r.ManagementPackId != FamilyIds.LibraryDiscoveryPack));
    }

    [Fact]
    public void The_seed_pack_is_installed_with_the_first_product_and_removed_with_the_last()
    {
        var member = fixture.Family.Manifest.Find(FamilyIds.LibraryDiscoveryPack)!;
        member.Role.Should().Be(FamilyRole.LibraryDiscovery);
        member.ProductKey.Should().BeNull();
        member.UsedBy.Should().BeEquivalentTo(fixture.Catalog.Products.Select(p => p.Key));
        fixture.Family.Manifest.Members.Select(m => m.PackId).Take(2).Should().Equal(FamilyIds.Library, FamilyIds.LibraryDiscoveryPack);
    }

    [Fact]
    public void A_product_whose_keys_the_seed_does_not_cover_is_refused_in_one_line()
    {
        var library = fixture.Catalog.Library with { ComputerDiscovery = new RegistryDiscoveryDefinition([@"SOFTWARE\KasperskyLab"]) };
        var act = () => FamilyComposer.Compose(library, [.. fixture.Catalog.Products.Where(p => p.Key == "KSSP")], new FamilyOptions(new Version(1, 0, 0, 7), FamilyFixture.Token));
        act.Should().Throw<KmpException>().WithMessage(
            @"product KSSP: discovery key 'SYSTEM\CurrentControlSet\Services\KSHSecurityService' is not under any key of the library's computerDiscovery (SOFTWARE\Wow6432Node\KasperskyLab, SOFTWARE\KasperskyLab), so its discovery would never run")
            .Which.Message.Should().NotContain("\n");
    }

    [Fact]
    public void Keys_under_a_seed_key_in_either_view_are_covered()
    {
        var library = fixture.Catalog.Library with { ComputerDiscovery = new RegistryDiscoveryDefinition([@"SOFTWARE\Wow6432Node\KasperskyLab"]) };
        var act = () => FamilyComposer.Compose(library, [.. fixture.Catalog.Products.Where(p => p.Key == "KES")], new FamilyOptions(new Version(1, 0, 0, 7), FamilyFixture.Token));
        act.Should().NotThrow("SOFTWARE\\KasperskyLab\\protected\\KES is read in both views, as the seed key is");
    }
}
