using System.Collections.Concurrent;
using System.Xml.Linq;
using Kmp.Kaspersky.Family;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Verification.Tests;

/// <summary>
/// The family kmp generates, as the build writes it (XML per target), composed from the embedded
/// templates: valid packs to verify and to break on purpose.
/// </summary>
internal static class GeneratedFamily
{
    /// <summary>The key token the family is sealed with in these tests.</summary>
    public const string KeyToken = "c09ebe85e1a1efb6";

    public const string Library = "KasperskyLab.Library";
    public const string Discovery = "KasperskyLab.KES.Discovery";
    public const string Monitoring = "KasperskyLab.KES.Monitoring";
    public const string Views = "KasperskyLab.KES.Views";

    /// <summary>
    /// A Discovery pack whose product is found by a registry discovery: KSSP's template without serviceProgram (the
    /// templates' discoveries are scripts, which read both registry views and service programs; a template that
    /// needs neither still gets a registry discovery, and the mutations below need one).
    /// </summary>
    public const string RegistryDiscovery = "KasperskyLab.KSSP.Discovery";

    private static readonly Lazy<TemplateCatalog> Templates = new(DefaultTemplates.Load);
    private static readonly ConcurrentDictionary<(SchemaTarget, bool), IReadOnlyList<(string Id, string Xml)>> Cache = new();

    /// <summary>The XML of every pack of the family (all products, or the library, KES and KSSP only).</summary>
    public static IReadOnlyList<(string Id, string Xml)> Xml(SchemaTarget target, bool allProducts = false) =>
        Cache.GetOrAdd((target, allProducts), key =>
        {
            var catalog = Templates.Value;
            var products = key.Item2 ? catalog.Products : [.. catalog.Products.Where(p => p.Key is "KES" or "KSSP").Select(p => p.Key == "KSSP" ? p with { Discovery = p.Discovery with { ServiceProgram = null } } : p)];
            var family = FamilyComposer.Compose(catalog.Library, products, new FamilyOptions(new Version(1, 0, 0, 0), KeyToken));
            return [.. family.Packs.Select(p => (p.Id, ManagementPackXmlWriter.Write(p.Pack, key.Item1)))];
        });

    /// <summary>The family's XML as editable trees, by pack ID.</summary>
    public static Dictionary<string, XDocument> Documents(SchemaTarget target) =>
        Xml(target).ToDictionary(p => p.Id, p => XDocument.Parse(p.Xml), StringComparer.Ordinal);

    /// <summary>Inputs as `kmp verify` reads the files: <c>&lt;ID&gt;.xml</c>, with line numbers.</summary>
    public static List<PackInput> Inputs(IEnumerable<KeyValuePair<string, XDocument>> documents, IReadOnlyDictionary<string, string>? fileNames = null) =>
        [.. documents.Select(d =>
        {
            var file = fileNames?.GetValueOrDefault(d.Key) ?? d.Key + ".xml";
            return PackInput.FromXml(ManagementPackDocument.Parse(d.Value.Declaration + Environment.NewLine + d.Value.ToString(), file), file);
        })];

    /// <summary>Options for verifying the family's XML as the packs the build seals.</summary>
    public static VerificationOptions Options(IEnumerable<string> ids) => new()
    {
        WillBeSealed = ids.ToHashSet(StringComparer.Ordinal),
        SealingKeyToken = KeyToken,
    };
}
