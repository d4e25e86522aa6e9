using Kmp.Kaspersky.Family;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Kaspersky.Tests.Family;

/// <summary>
/// A product's alert rules composed on every core in parts of the pack (ParallelParts) give the family that
/// composing them one by one gives: the same model and, for both targets, the same bytes — for every product
/// of the templates (each forced into parts) and for a product with thousands of alerts (in parts by default).
/// </summary>
public class ParallelCompositionTests(FamilyFixture fixture) : IClassFixture<FamilyFixture>
{
    private static readonly FamilyOptions Options = new(new Version(1, 0, 0, 7), FamilyFixture.Token);

    private static Dictionary<string, byte[]> Written(ManagementPackFamily family, SchemaTarget target) =>
        family.Packs.ToDictionary(p => p.Id, p => ManagementPackXmlWriter.WriteUtf8(p.Pack, target));

    private ManagementPackFamily Compose(IReadOnlyList<ProductTemplate> products, int threshold)
    {
        using var _ = ParallelParts.WithThreshold(threshold);
        return FamilyComposer.Compose(fixture.Catalog.Library, products, Options);
    }

    private static void SameFamily(ManagementPackFamily parallel, ManagementPackFamily sequential)
    {
        parallel.Packs.Select(p => p.Id).Should().Equal(sequential.Packs.Select(p => p.Id));
        foreach (var (a, b) in parallel.Packs.Zip(sequential.Packs))
        {
            a.Pack.References.Should().Equal(b.Pack.References, $"{a.Id}: the references, in order");
            a.Pack.Elements.Select(e => e.Id).Should().Equal(b.Pack.Elements.Select(e => e.Id), $"{a.Id}: the elements, in order");
            a.Pack.LanguagePacks.Select(l => (l.Id, l.IsDefault, l.DisplayStrings.Count, l.KnowledgeArticles.Count))
                .Should().Equal(b.Pack.LanguagePacks.Select(l => (l.Id, l.IsDefault, l.DisplayStrings.Count, l.KnowledgeArticles.Count)), a.Id);
            foreach (var (x, y) in a.Pack.LanguagePacks.Zip(b.Pack.LanguagePacks))
            {
                x.DisplayStrings.Should().Equal(y.DisplayStrings, $"{a.Id}: the display strings, in order");
                x.KnowledgeArticles.Select(k => k.ElementId).Should().Equal(y.KnowledgeArticles.Select(k => k.ElementId), $"{a.Id}: the knowledge, in order");
            }
        }
        foreach (var target in Enum.GetValues<SchemaTarget>())
        {
            var (p, s) = (Written(parallel, target), Written(sequential, target));
            foreach (var id in s.Keys) p[id].Should().Equal(s[id], $"{id} for {target} has the bytes composing one by one writes");
        }
    }

    [Fact]
    public void Every_product_of_the_templates_composed_in_parts_is_the_family_composed_one_by_one()
    {
        // Threshold 2: every product with two alerts or more is composed in parts (on a one-core machine, one by one:
        // then this compares the one-by-one family with itself, and the bytes with the fixture's).
        var parallel = Compose(fixture.Catalog.Products, threshold: 2);
        var sequential = Compose(fixture.Catalog.Products, threshold: int.MaxValue);
        fixture.Catalog.Products.Should().Contain(p => p.EventAlerts.Count >= 2, "some product is composed in parts");
        SameFamily(parallel, sequential);
        foreach (var target in Enum.GetValues<SchemaTarget>())
        {
            var written = Written(parallel, target);
            foreach (var (id, bytes) in fixture.Xml[target]) written[id].Should().Equal(bytes, $"{id} for {target}");
        }
    }

    [Fact]
    public void A_product_with_thousands_of_alerts_is_composed_in_parts_as_one_by_one_every_time()
    {
        var product = fixture.Catalog.Products.Single(p => p.Key == "KES");
        var model = product.EventAlerts.First(a => a is { ResolvedBy: null, ResetAfterSeconds: null });
        var monitor = fixture.Catalog.Products.SelectMany(p => p.EventAlerts).First(a => a.ResolvedBy is not null || a.ResetAfterSeconds is not null);
        // Rules and monitors mixed, so the parts interleave kinds and each part's first element is a different one.
        var alerts = Enumerable.Range(0, 3 * ParallelParts.Threshold).Select(n => (n % 7 == 3 ? monitor : model) with
        {
            Key = $"Many{n}",
            DisplayName = $"Many event {n}",
            EventIds = [40000 + n],
            AlertName = $"Many event {n}",
        }).ToList();
        IReadOnlyList<ProductTemplate> products = [product with { EventAlerts = alerts }];
        var sequential = Compose(products, threshold: int.MaxValue);
        for (var run = 0; run < 3; run++)
            SameFamily(FamilyComposer.Compose(fixture.Catalog.Library, products, Options), sequential);
    }

    [Fact]
    public void A_failing_alert_fails_the_composition_with_its_own_message_as_one_by_one()
    {
        var product = fixture.Catalog.Products.Single(p => p.Key == "KES");
        var model = product.EventAlerts.First(a => a is { ResolvedBy: null, ResetAfterSeconds: null });
        // Two bad keys, in different parts: the first one's error is the one reported, as composing one by one reports it.
        var alerts = Enumerable.Range(0, 2 * ParallelParts.Threshold).Select(n => model with
        {
            Key = n is 700 or 1900 ? $"Bad key {n}" : $"Many{n}",
            EventIds = [40000 + n],
        }).ToList();
        IReadOnlyList<ProductTemplate> products = [product with { EventAlerts = alerts }];
        var sequential = () => Compose(products, threshold: int.MaxValue);
        var parallel = () => FamilyComposer.Compose(fixture.Catalog.Library, products, Options);
        var expected = sequential.Should().Throw<KmpException>().Which.Message;
        expected.Should().Contain("Bad key 700");
        parallel.Should().Throw<KmpException>().WithMessage(expected);
    }

    [Fact]
    public void A_part_finds_the_references_its_pack_declared_and_joins_its_own_in_order()
    {
        var pack = new ManagementPackBuilder("Test.Parts", new Version(1, 0), "Parts");
        var windows = pack.Reference(Libraries.Windows);
        var first = pack.Part();
        var second = pack.Part();
        first.Reference(Libraries.Windows).Should().BeSameAs(windows, "a part finds what its pack declared");
        second.Reference(Libraries.Health);
        first.Reference(Libraries.System);
        first.Reference(Libraries.Health);
        pack.Join(first).Join(second);
        pack.Reference(Libraries.SystemCenter);
        pack.Build().References.Select(r => r.Alias).Should().Equal("Windows", "System", "Health", "SC");

        var other = new ManagementPackBuilder("Test.Other", new Version(1, 0), "Other");
        var act = () => pack.Join(other.Part());
        act.Should().Throw<InvalidOperationException>();
        var build = () => pack.Part().Build();
        build.Should().Throw<InvalidOperationException>();
    }
}
