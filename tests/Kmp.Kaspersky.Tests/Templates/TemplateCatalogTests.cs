using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Kaspersky.Tests.Templates;

/// <summary>The real templates in mp-templates/ load, and say what the issue asks of them.</summary>
public sealed class TemplateCatalogTests
{
    private static readonly string TemplatesFolder = Path.Combine(Corpus.RepositoryRoot, "mp-templates");

    private static readonly Lazy<TemplateCatalog> Catalog = new(() => TemplateCatalog.Load(TemplatesFolder));

    [Fact]
    public void Every_real_template_loads_and_products_are_sorted_by_key()
    {
        var catalog = Catalog.Value;

        catalog.Products.Select(p => p.Key).Should().Equal("ASE", "KAVISA", "KES", "KSC", "KSE", "KSSP", "KSWS", "NetworkAgent", "WSEE");
        catalog.Library.RootFolderName.Should().Be("Kaspersky Lab");
        catalog.Library.NotificationGroupName.Should().Be("KAV Administrators");
        catalog.Library.SharedComponents.Select(c => c.Key).Should().Equal("ExchangeSecurity");
    }

    [Fact]
    public void Each_product_file_is_named_after_its_key_and_points_at_the_committed_schema()
    {
        var catalog = Catalog.Value;
        foreach (var product in catalog.Products)
        {
            var file = catalog.FileOf(product);
            Path.GetFileName(file).Should().Be(product.Key.ToLowerInvariant() + ".json");
            File.ReadAllText(file).Should().Contain("\"$schema\": \"../schema/product.schema.json\"");
        }
        File.ReadAllText(catalog.LibraryFile).Should().Contain("\"$schema\": \"schema/library.schema.json\"");
    }

    [Fact]
    public void The_exchange_security_component_is_shared_by_KSE_and_the_legacy_anti_spam_product()
    {
        var users = Catalog.Value.Products.Where(p => p.SharedComponents?.Contains("ExchangeSecurity") == true).Select(p => p.Key);

        users.Should().Equal("ASE", "KSE");
        Catalog.Value.Product("ASE").Description.Should().Contain("UNSURE");
        Catalog.Value.Product("ASE").Discovery.Confidence.Should().Be(Confidence.Unsure);
    }

    [Fact]
    public void Health_checks_are_on_Network_Agent_managed_protection_products_and_not_on_the_Administration_Server()
    {
        var catalog = Catalog.Value;
        catalog.Product("KSC").HealthChecks.Should().BeNullOrEmpty();
        foreach (var key in new[] { "KSWS", "WSEE", "KES" })
        {
            var product = catalog.Product(key);
            product.HealthChecks!.Select(h => h.Check).Should().BeEquivalentTo(
                [HealthCheckKind.RealTimeProtection, HealthCheckKind.DatabaseAge, HealthCheckKind.AdministrationServerConnection]);
            (product.SharedComponents ?? []).Should().NotContain("NetworkAgent", "the health checks read AVState themselves; Network Agent monitoring is chosen on its own");
        }
        catalog.Product("NetworkAgent").HealthChecks.Should().BeNullOrEmpty("Network Agent monitoring is its own catalog entry: its service and discovery");
    }

    [Fact]
    public void Confirmed_facts_of_the_reference_are_carried_as_confirmed()
    {
        var catalog = Catalog.Value;

        var ksws = catalog.Product("KSWS");
        ksws.Services.Select(s => (s.Name, s.DisplayName, s.Confidence)).Should().Equal(
            ("KAVFS", "Kaspersky Security Service", Confidence.Confirmed),
            ("KAVFSGT", "Kaspersky Security Management Service", Confidence.Confirmed));

        var ksc = catalog.Product("KSC");
        ksc.Discovery.Keys.Should().Equal(@"SYSTEM\CurrentControlSet\Services\kladminserver");
        ksc.Discovery.Confidence.Should().Be(Confidence.Confirmed);
        ksc.Services.Single().Name.Should().Be("kladminserver");

        var agent = catalog.Product("NetworkAgent");
        agent.Services.Single().Name.Should().Be("klnagent");
        // Read in both registry views by the discovery (the 64-bit layout under Wow6432Node first).
        agent.Discovery.Keys.Should().Contain(@"SOFTWARE\KasperskyLab\Components\34\1103\1.0.0.0\Statistics\AVState");
        agent.Discovery.VersionValue.Should().EndWith(@"\Statistics\AVState\Protection_NagentVersion");
        catalog.Library.ServiceMonitoring.AvStateKeys[0].Should().Contain("Wow6432Node", "the 64-bit view is tried first");

        var kse = catalog.Product("KSE");
        kse.EventAlerts.Should().OnlyContain(a => a.Source == "KSCM8");
        kse.EventAlerts.Select(a => (a.EventIds.Single(), a.EventLevel)).Should().BeEquivalentTo(
            [(1000, (int?)1), (1000, (int?)2), (1004, (int?)null), (1005, (int?)null), (1007, (int?)null)]);
        // 1001 (a detected object, Information) is collected, not alerted on.
        kse.EventCollection!.Levels.Should().Contain(4);

        var sharePoint = catalog.Product("KSSP");
        sharePoint.EventAlerts.Select(a => (a.EventIds.Single(), a.EventLevel, a.Severity)).Should().BeEquivalentTo(
            [(1011, (int?)1, EventAlertSeverity.Critical), (1011, (int?)2, EventAlertSeverity.Warning), (1015, (int?)null, EventAlertSeverity.Warning)]);
    }

    [Fact]
    public void Every_unsure_fact_has_a_note_and_its_product_says_UNSURE()
    {
        foreach (var product in Catalog.Value.Products)
        {
            var unsureNotes = new List<string?>();
            if (product.Discovery.Confidence == Confidence.Unsure) unsureNotes.Add(product.Discovery.Note);
            unsureNotes.AddRange(product.Services.Where(s => s.Confidence == Confidence.Unsure).Select(s => s.Note));
            unsureNotes.AddRange(product.EventAlerts.Where(a => a.Confidence == Confidence.Unsure).Select(a => a.Note));
            if (product.EventCollection is { Confidence: Confidence.Unsure } c) unsureNotes.Add(c.Note);

            if (unsureNotes.Count > 0) unsureNotes.Should().OnlyContain(n => !string.IsNullOrWhiteSpace(n), product.Key);
            if (unsureNotes.Count > 0) product.Description.Should().Contain("UNSURE", product.Key);
        }
    }

    [Fact]
    public void Alert_texts_are_complete_and_recommendations_fit_an_e_mail()
    {
        var catalog = Catalog.Value;
        var services = catalog.Products.SelectMany(p => p.Services).Concat(catalog.Library.SharedComponents.SelectMany(c => c.Services)).ToList();
        var alerts = catalog.Products.SelectMany(p => p.EventAlerts).ToList();

        services.Should().HaveCountGreaterThanOrEqualTo(8);
        alerts.Should().HaveCountGreaterThanOrEqualTo(15);
        foreach (var (recommendation, knowledge) in services.Select(s => (s.Recommendation, s.Knowledge)).Concat(alerts.Select(a => (a.Recommendation, a.Knowledge))))
        {
            recommendation.Length.Should().BeInRange(40, 1000);
            knowledge.Summary.Should().NotBeNullOrWhiteSpace();
            knowledge.Causes.Should().NotBeEmpty();
            knowledge.Resolutions.Should().NotBeEmpty();
        }
    }

    [Fact]
    public void Products_are_found_by_key_ignoring_case_and_an_unknown_key_lists_the_known_ones()
    {
        Catalog.Value.Product("ksws").Key.Should().Be("KSWS");
        Catalog.Value.Find("nope").Should().BeNull();

        var act = () => Catalog.Value.Product("NOPE");

        act.Should().Throw<KmpException>().WithMessage("*: no product template with key 'NOPE' (known: ASE, KAVISA, KES, KSC, KSE, KSSP, KSWS, NetworkAgent, WSEE)");
    }
}
