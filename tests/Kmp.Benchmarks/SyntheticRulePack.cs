using Kmp.Kaspersky.Family;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;

namespace Kmp.Benchmarks;

/// <summary>
/// A product with a chosen number of event alert rules, composed by the family composer as
/// <c>kmp build --product KES</c> composes it: KES's template from the embedded templates with its
/// event alerts replaced by N alerts like its first alert rule (each its own key, event ID and names),
/// so that every rule comes from the real <c>EventAlertRule</c> construct (data source, alert write
/// action, alert message, display strings, knowledge) and the family around it (library, the product's
/// Discovery, Monitoring and Views packs) is the one kmp builds.
/// </summary>
internal static class SyntheticRulePack
{
    public const string ProductKey = "KES";

    /// <summary>The pack that holds the rules.</summary>
    public const string MonitoringId = "KasperskyLab." + ProductKey + ".Monitoring";

    private static readonly Lazy<TemplateCatalog> Templates = new(DefaultTemplates.Load);

    public static ManagementPackFamily Compose(int rules, string publicKeyToken)
    {
        var catalog = Templates.Value;
        var product = catalog.Products.Single(p => p.Key == ProductKey);
        var model = product.EventAlerts.First(a => a is { ResolvedBy: null, ResetAfterSeconds: null, Enabled: true });
        var alerts = new List<EventAlertDefinition>(rules);
        for (var n = 0; n < rules; n++)
        {
            var eventId = 1000 + n;
            alerts.Add(model with
            {
                Key = $"Synthetic{eventId}",
                DisplayName = $"Synthetic event {eventId}",
                EventIds = [eventId],
                AlertName = $"Synthetic event {eventId}",
            });
        }
        return FamilyComposer.Compose(catalog.Library, [product with { EventAlerts = alerts }], new FamilyOptions(new Version(1, 0, 0, 0), publicKeyToken));
    }
}
