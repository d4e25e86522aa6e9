using System.Xml.Linq;

namespace Kmp.Verification.Checks;

/// <summary>
/// Layer 5: the rules SCOM's verifier applies beyond the schema: monitor
/// parents and state mappings, alert messages, rule modules, discovered properties, language packs,
/// class keys, singletons and hosting, enforced overrides in sealed packs.
/// </summary>
internal static partial class ImportRuleChecks
{
    [System.Text.RegularExpressions.GeneratedRegex("""\$MPElement\[\s*Name\s*=\s*["']([^"']+)["']\s*\]\$""", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex MPElement();

    /// <summary>A whole <c>$MPElement[Name="Alias!Class"]/Property$</c>: the class and the property.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("""^\$MPElement\[\s*Name\s*=\s*["']([^"']+)["']\s*\]/([^/$]+)\$$""", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex MPElementProperty();

    public static void Run(VerificationContext context, PackEntry pack)
    {
        foreach (var element in pack.Document.Elements)
        {
            var xml = element.Xml;
            switch (element.Kind)
            {
                case "UnitMonitor":
                    UnitMonitor(context, pack, new Owned(pack, element));
                    break;
                case "Rule":
                    Rule(context, pack, element.Id, xml);
                    break;
                case "Discovery":
                    Discovery(context, pack, element.Id, xml);
                    break;
                case "ClassType":
                    Class(context, pack, new Owned(pack, element));
                    break;
                case "RelationshipType":
                    Relationship(context, pack, new Owned(pack, element));
                    break;
            }
            if (pack.IsSealed && element.Kind.EndsWith("Override", StringComparison.Ordinal)
                && string.Equals(element.Attribute("Enforced")?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
                context.Report(Codes.SealedOverrideEnforced, pack, element.Id, xml, "a sealed pack cannot carry an enforced override (Enforced=\"true\")");
        }
        LanguagePacks(context, pack);
    }

    private static void UnitMonitor(VerificationContext context, PackEntry pack, Owned monitor)
    {
        var xml = monitor.Element.Xml;
        if (string.IsNullOrWhiteSpace(monitor.Attribute("ParentMonitorID")))
            context.Report(Codes.MonitorWithoutParent, pack, monitor.Id, xml, "unit monitor without ParentMonitorID (e.g. Health!System.Health.AvailabilityState)");

        var states = xml.Element("OperationalStates")?.Elements("OperationalState").ToList() ?? [];
        var type = TypeFacts.Resolve(context.Set, pack, monitor.Attribute("TypeID"));
        var typeStates = type is { Kind: "UnitMonitorType" } t
            ? t.Element.Xml.Element("MonitorTypeStates")?.Elements("MonitorTypeState").Select(s => s.Attribute("ID")?.Value).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : null;
        var health = new Dictionary<string, string>(StringComparer.Ordinal);
        var mapped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var state in states)
        {
            var id = state.Attribute("ID")?.Value ?? "";
            var typeState = state.Attribute("MonitorTypeStateID")?.Value ?? "";
            var healthState = state.Attribute("HealthState")?.Value ?? "";
            if (typeStates is not null && !typeStates.Contains(typeState))
                context.Report(Codes.UnknownMonitorTypeState, pack, monitor.Id, state,
                    $"operational state '{id}' maps to '{typeState}', which {monitor.Attribute("TypeID")} does not have (states: {string.Join(", ", typeStates)})");
            if (!health.TryAdd(healthState, id))
                context.Report(Codes.HealthStateTwice, pack, monitor.Id, state, $"operational states '{health[healthState]}' and '{id}' both map to health state {healthState}");
            if (!mapped.TryAdd(typeState, id))
                context.Report(Codes.MonitorTypeStateTwice, pack, monitor.Id, state, $"operational states '{mapped[typeState]}' and '{id}' both map to monitor type state '{typeState}'");
        }

        if (xml.Element("AlertSettings") is { } alert && alert.Attribute("AlertMessage") is { } message)
            AlertMessage(context, pack, monitor.Id, message.Value, message);
    }

    /// <summary>An alert message must be a string resource (of this pack, or public in another).</summary>
    private static void AlertMessage(VerificationContext context, PackEntry pack, string elementId, string reference, XObject at)
    {
        var resolution = context.Set.Resolve(pack, reference.Trim());
        if (resolution.Status == ResolutionStatus.NotChecked) return;
        if (!resolution.Found || resolution.Element!.Kind != "StringResource")
            context.Report(Codes.AlertMessageNotString, pack, elementId, at,
                $"alert message '{reference.Trim()}' is not a string resource{(resolution.Found ? $" (it is a {resolution.Element!.Kind})" : "")}; add <StringResource ID=\"{reference.Trim()}\"/> with a display string");
    }

    private static void Rule(VerificationContext context, PackEntry pack, string id, XElement xml)
    {
        foreach (var probe in xml.Elements("ProbeAction").Concat(xml.Element("DataSources")?.Elements("ProbeAction") ?? []))
            context.Report(Codes.RuleWithProbe, pack, id, probe, "a rule cannot have a probe action");
        if (!(xml.Element("WriteActions")?.Elements("WriteAction").Any() ?? false))
            context.Report(Codes.RuleWithoutWriteAction, pack, id, xml.Element("WriteActions") ?? xml, "a rule needs at least one write action");
        foreach (var wa in xml.Element("WriteActions")?.Elements("WriteAction") ?? [])
        {
            if (wa.Element("AlertMessageId") is { } messageId
                && MPElement().Match(messageId.Value) is { Success: true } m)
                AlertMessage(context, pack, id, m.Groups[1].Value, messageId);
        }
    }

    private static void Discovery(VerificationContext context, PackEntry pack, string id, XElement xml)
    {
        InstanceKeys(context, pack, id, xml);
        foreach (var discovered in xml.Element("DiscoveryTypes")?.Elements("DiscoveryClass") ?? [])
        {
            var classType = TypeFacts.Resolve(context.Set, pack, discovered.Attribute("TypeID")?.Value);
            foreach (var property in discovered.Elements("Property"))
            {
                var propertyId = property.Attribute("PropertyID")?.Value ?? "";
                var declaredOn = property.Attribute("TypeID")?.Value;
                var owner = declaredOn is null ? classType : TypeFacts.Resolve(context.Set, pack, declaredOn);
                if (owner is not { Kind: "ClassType" } o) continue;
                var declaring = TypeFacts.DeclaringType(context.Set, o, propertyId);
                if (declaring is null)
                {
                    if (TypeFacts.HierarchyComplete(context.Set, o))
                        context.Report(Codes.DiscoveryPropertyNotOnClass, pack, id, property, $"discovers property '{propertyId}', which {declaredOn ?? discovered.Attribute("TypeID")?.Value} does not have");
                }
                else if (declaredOn is not null && (declaring.Value.Pack != o.Pack || declaring.Value.Id != o.Id))
                {
                    context.Report(Codes.DiscoveryPropertyNotOnClass, pack, id, property, $"property '{propertyId}' is declared by {declaring.Value.Id}, not by {declaredOn} (TypeID must name the declaring class)");
                }
            }
        }
    }

    /// <summary>
    /// A discovery whose data source makes its instance from <c>ClassId</c> and <c>InstanceSettings</c>
    /// (the registry and WMI discovery providers, and module types built on them) must set every key
    /// property of a hosted class and of each class up its hosting chain: SCOM drops discovery data
    /// whose instance it cannot place under its host.
    /// </summary>
    private static void InstanceKeys(VerificationContext context, PackEntry pack, string id, XElement discovery)
    {
        var set = context.Set;
        var dataSource = discovery.Element("DataSource");
        if (dataSource?.Element("InstanceSettings") is not { } settings) return;
        var classId = dataSource.Element("ClassId")?.Value.Trim() ?? "";
        if (MPElement().Match(classId) is not { Success: true } m || m.Length != classId.Length) return;
        if (TypeFacts.Resolve(set, pack, m.Groups[1].Value) is not { Kind: "ClassType" } type || !TypeFacts.IsHosted(set, type)) return;

        var provided = new HashSet<(string Pack, string Class, string Property)>();
        foreach (var setting in settings.Descendants("Setting"))
        {
            var name = setting.Element("Name")?.Value.Trim() ?? "";
            if (MPElementProperty().Match(name) is not { Success: true } p) return; // not a class property: cannot tell what it sets
            if (TypeFacts.Resolve(set, pack, p.Groups[1].Value) is not { Kind: "ClassType" } named) return;
            if (TypeFacts.DeclaringType(set, named, p.Groups[2].Value) is not { } declaring) return;
            provided.Add((declaring.Pack.Id, declaring.Id, p.Groups[2].Value));
        }

        var reported = new HashSet<(string, string, string)>();
        var visited = new HashSet<(string, string)>();
        Owned? current = type;
        while (current is { } c && visited.Add((c.Pack.Id, c.Id)))
        {
            foreach (var declaring in TypeFacts.Hierarchy(set, c))
            {
                foreach (var key in declaring.Element.Xml.Elements("Property").Where(TypeFacts.IsKey))
                {
                    var property = key.Attribute("ID")?.Value ?? "";
                    if (provided.Contains((declaring.Pack.Id, declaring.Id, property)) || !reported.Add((declaring.Pack.Id, declaring.Id, property))) continue;
                    var whose = c.Pack.Id == type.Pack.Id && c.Id == type.Id ? "a key of the class itself" : $"a key of its host {c.Id}";
                    context.Report(Codes.InstanceKeyNotSet, pack, id, settings,
                        $"InstanceSettings of {m.Groups[1].Value} set no value for {declaring.Id}/{property} ({whose}); SCOM drops discovery data whose instance it cannot place under its host: add a Setting named $MPElement[Name=\"{Reference(pack, declaring)}\"]/{property}$");
                }
            }
            if (!TypeFacts.IsHosted(set, c)) break;
            current = TypeFacts.Hosting(set, c).Host; // null when the host is not known: nothing more to say
        }
    }

    /// <summary>How <paramref name="pack"/> names a class: its own ID, or Alias!ID through the pack's reference.</summary>
    private static string Reference(PackEntry pack, Owned type) =>
        type.Pack.Id == pack.Id ? type.Id
            : pack.Document.References.FirstOrDefault(r => r.ManagementPackId == type.Pack.Id) is { } r ? $"{r.Alias}!{type.Id}" : type.Id;

    private static void Class(VerificationContext context, PackEntry pack, Owned type)
    {
        var set = context.Set;
        var xml = type.Element.Xml;
        var keys = xml.Elements("Property").Where(TypeFacts.IsKey).ToList();
        var isAbstract = type.Flag("Abstract");
        var singleton = type.Flag("Singleton");
        var hosted = type.Flag("Hosted");
        var baseType = TypeFacts.Resolve(set, pack, type.Attribute("Base"));

        if (singleton && keys.Count > 0)
            context.Report(Codes.SingletonWithKey, pack, type.Id, keys[0], "a singleton class cannot have key properties");
        if (baseType is { Kind: "ClassType" } b)
        {
            if (!b.Flag("Abstract") && keys.Count > 0)
                context.Report(Codes.KeyUnderConcreteBase, pack, type.Id, keys[0], $"cannot add key property '{keys[0].Attribute("ID")?.Value}': its base {type.Attribute("Base")} is not abstract");
            if (!b.Flag("Abstract") && b.Flag("Hosted") != hosted)
                context.Report(Codes.HostedFlagChanged, pack, type.Id, xml, $"Hosted=\"{(hosted ? "true" : "false")}\" differs from its non-abstract base {type.Attribute("Base")}");
        }
        var hierarchyKnown = TypeFacts.HierarchyComplete(set, type);
        if (hierarchyKnown && !isAbstract && !hosted && !singleton && !TypeFacts.HasKey(set, type))
            context.Report(Codes.MustBeSingleton, pack, type.Id, xml, "an unhosted, non-abstract class without key properties must be Singleton=\"true\"");
        if (hosted && !isAbstract && hierarchyKnown && !HasHost(context, type))
            context.Report(Codes.HostedWithoutHost, pack, type.Id, xml, "Hosted=\"true\", but no hosting relationship targets this class or its bases");
    }

    /// <summary>True when a concrete hosting relationship targets the class or one of its bases.</summary>
    private static bool HasHost(VerificationContext context, Owned type) => TypeFacts.Hosting(context.Set, type).Found;

    private static void Relationship(VerificationContext context, PackEntry pack, Owned relationship)
    {
        if (!TypeFacts.IsHosting(context.Set, relationship) || relationship.Flag("Abstract")) return;
        var targetReference = TypeFacts.RelationshipEnd(relationship, "Target");
        if (TypeFacts.Resolve(context.Set, pack, targetReference) is not { } target) return;
        if (target.Pack != pack)
            context.Report(Codes.HostingTarget, pack, relationship.Id, relationship.Element.Xml, $"hosting relationship targets {targetReference} of another pack; a hosting relationship must target a class of its own pack");
        else if (!target.Flag("Hosted"))
            context.Report(Codes.HostingTarget, pack, relationship.Id, relationship.Element.Xml, $"hosting relationship targets {targetReference}, which is not Hosted=\"true\"");
    }

    private static void LanguagePacks(VerificationContext context, PackEntry pack)
    {
        var root = pack.Document.Xml.Root!;
        // display strings may name nested IDs too (UI page references, template parts): every ID outside the language packs
        var ids = pack.Index.Ids;
        var languagePacks = root.Element("LanguagePacks")?.Elements("LanguagePack").ToList() ?? [];
        if (languagePacks.Count == 0) return;
        var defaults = languagePacks.Count(lp => string.Equals(lp.Attribute("IsDefault")?.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase));
        if (defaults > 1)
            context.Report(Codes.DefaultLanguage, pack, null, languagePacks[0], $"{defaults} language packs are marked IsDefault=\"true\"; mark one");
        var languageIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lp in languagePacks)
        {
            var language = lp.Attribute("ID")?.Value ?? "";
            if (!languageIds.Add(language))
                context.Report(Codes.DefaultLanguage, pack, null, lp, $"language pack {language} appears twice");
            var strings = new Dictionary<(string, string?), XElement>();
            foreach (var ds in lp.Element("DisplayStrings")?.Elements("DisplayString") ?? [])
            {
                var elementId = ds.Attribute("ElementID")?.Value ?? "";
                var sub = ds.Attribute("SubElementID")?.Value;
                if (!strings.TryAdd((elementId, sub), ds))
                    context.Report(Codes.DuplicateDisplayString, pack, elementId, ds, $"a second display string ({language}) for {elementId}{(sub is null ? "" : "/" + sub)}");
                MissingElement(context, pack, ids, elementId, ds, "display string", language);
            }
            var articles = new HashSet<(string, string?)>();
            foreach (var ka in lp.Element("KnowledgeArticles")?.Elements("KnowledgeArticle") ?? [])
            {
                var elementId = ka.Attribute("ElementID")?.Value ?? "";
                var sub = ka.Attribute("SubElementID")?.Value;
                if (!articles.Add((elementId, sub)))
                    context.Report(Codes.DuplicateKnowledgeArticle, pack, elementId, ka, $"a second knowledge article ({language}) for {elementId}{(sub is null ? "" : "/" + sub)}");
                MissingElement(context, pack, ids, elementId, ka, "knowledge article", language);
                var maml = ka.Element("MamlContent") is not null;
                var html = ka.Element("HtmlContent") is not null;
                if (maml == html)
                    context.Report(Codes.KnowledgeContent, pack, elementId, ka, maml ? "has both MamlContent and HtmlContent" : "has neither MamlContent nor HtmlContent");
            }
        }
    }

    private static void MissingElement(VerificationContext context, PackEntry pack, IReadOnlySet<string> ids, string elementId, XElement at, string what, string language)
    {
        if (ids.Contains(elementId) || elementId == pack.Id) return;
        context.Report(Codes.StringForMissingElement, pack, elementId, at, $"{what} ({language}) for '{elementId}', which is not an element of this pack");
    }
}
