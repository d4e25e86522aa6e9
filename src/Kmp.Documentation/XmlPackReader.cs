using System.Xml.Linq;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Documentation;

/// <summary>
/// Describes any pack from its XML (a vendor's or Microsoft's, sealed or not, schema 1.0 to 2.0): display
/// strings and knowledge from its default language pack, elements by kind, names of referenced elements
/// from the libraries given (else their IDs).
/// </summary>
public static class XmlPackReader
{
    /// <summary>Adds a pack's (or a library's) elements and display strings to <paramref name="names"/>.</summary>
    public static void Index(ManagementPackDocument document, NameIndex names)
    {
        names.Declare(document.Id, document.Id);
        foreach (var e in document.Elements) names.Declare(document.Id, e.Id);
        foreach (var s in DefaultLanguage(document)?.Element("DisplayStrings")?.Elements("DisplayString") ?? [])
        {
            if (s.Attribute("ElementID")?.Value is not { } id || s.Element("Name")?.Value is not { } name) continue;
            names.Name(document.Id, id, s.Attribute("SubElementID")?.Value, name, s.Element("Description")?.Value);
        }
        if (names.Resolve(document.Id).Name == document.Id && document.Name is { Length: > 0 } manifestName)
            names.Name(document.Id, document.Id, null, manifestName, null);
    }

    private static XElement? DefaultLanguage(ManagementPackDocument document)
    {
        var languages = document.Xml.Root!.Element("LanguagePacks")?.Elements("LanguagePack").ToList() ?? [];
        return languages.FirstOrDefault(l => l.Attribute("IsDefault")?.Value is "true" or "1")
            ?? languages.FirstOrDefault(l => l.Attribute("ID")?.Value == "ENU") ?? languages.FirstOrDefault();
    }

    /// <param name="document">The pack.</param>
    /// <param name="names">Names of the pack, the other packs given and the libraries (see <see cref="Index"/>).</param>
    /// <param name="parameters">Overrideable parameters of the module and monitor types (the packs' and the libraries').</param>
    /// <param name="source">The file it was read from.</param>
    /// <param name="keyToken">The key token of a sealed pack.</param>
    public static PackGuide Read(ManagementPackDocument document, NameIndex names, ParameterCatalog parameters, string? source, string? keyToken)
    {
        var r = new Reader(document, names, parameters);
        foreach (var e in document.Elements.DistinctBy(e => (e.Kind, e.Id))) r.Add(e); // a pack with an ID twice is described once (kmp verify reports it)
        return r.Into(new PackGuide
        {
            Id = document.Id,
            Name = names.Resolve(document.Id).Name,
            Version = document.Version.ToString(),
            Description = names.Description(document.Id),
            KeyToken = keyToken,
            Source = source,
            References = [.. document.References.Select(x => new ReferenceDoc(x.Alias, x.ManagementPackId, x.Version.ToString(), x.PublicKeyToken, names.Knows(x.ManagementPackId)))],
        });
    }

    private sealed class Reader(ManagementPackDocument document, NameIndex names, ParameterCatalog parameters) : GuideContents
    {
        private readonly XElement? language = DefaultLanguage(document);

        /// <summary>An element reference as written (<c>Alias!Id</c> or <c>Id</c>).</summary>
        private ElementName Resolve(string? reference)
        {
            if (string.IsNullOrEmpty(reference)) return new ElementName("", "(none)", null);
            var r = ElementReference.Parse(reference);
            return names.Resolve(r.Id, r.Alias is null ? document.Id : document.Reference(r.Alias)?.ManagementPackId);
        }

        private string NameOf(string reference) => Resolve(reference).Name;

        private string Name(string id) => names.Resolve(id).Name;

        private IReadOnlyList<Setting> Settings(IEnumerable<XElement> configuration) => ConfigurationText.Settings(configuration, NameOf);

        private static bool Flag(XElement e, string attribute, bool otherwise = true) =>
            e.Attribute(attribute)?.Value is { } v ? v is "true" or "1" : otherwise;

        private static string? Child(XElement e, string name) => e.Element(name)?.Value.Trim();

        private Dictionary<string, XElement>? articles;

        /// <summary>The default language's articles by element, made once (looking each element's up in the list was quadratic); the first of an ID wins.</summary>
        private Dictionary<string, XElement> KnowledgeArticles()
        {
            var byId = new Dictionary<string, XElement>(StringComparer.Ordinal);
            foreach (var a in language?.Element("KnowledgeArticles")?.Elements("KnowledgeArticle") ?? [])
                if (a.Attribute("SubElementID") is null && a.Attribute("ElementID")?.Value is { } id) byId.TryAdd(id, a);
            return byId;
        }

        private IReadOnlyList<KnowledgeSectionDoc> Knowledge(string id)
        {
            if (!(articles ??= KnowledgeArticles()).TryGetValue(id, out var article)) return [];
            var sections = new List<KnowledgeSectionDoc>();
            foreach (var section in article.Descendants().Where(x => x.Name.LocalName == "section" && x.Parent?.Name.LocalName != "section"))
            {
                var title = section.Elements().FirstOrDefault(x => x.Name.LocalName == "title")?.Value.Trim() ?? "";
                var paragraphs = section.Elements().Where(x => x.Name.LocalName == "para").Select(Text).Where(t => t.Length > 0).ToList();
                var items = section.Descendants().Where(x => x.Name.LocalName == "listItem").Select(Text).Where(t => t.Length > 0).ToList();
                // Tables and nested sections: their text, one paragraph each row or section.
                paragraphs.AddRange(section.Elements().Where(x => x.Name.LocalName is "table" or "section")
                    .SelectMany(x => x.Descendants().Where(d => d.Name.LocalName is "row" or "para" && d.Ancestors().All(a => a.Name.LocalName != "listItem")))
                    .Where(d => d.Name.LocalName == "row" || d.Ancestors().All(a => a.Name.LocalName != "row")).Select(Text).Where(t => t.Length > 0));
                sections.Add(new KnowledgeSectionDoc(title, paragraphs, items));
            }
            if (sections.Count == 0 && Text(article) is { Length: > 0 } plain) sections.Add(new KnowledgeSectionDoc("Knowledge", [plain], []));
            return sections;
        }

        private static string Text(XElement e) =>
            string.Join(" ", e.DescendantNodes().OfType<XText>().Select(t => t.Value.Trim()).Where(t => t.Length > 0));

        private List<ParameterDoc> Parameters(bool enabled, string? typeReference, XElement? configuration) =>
            parameters.For(enabled, typeReference is null ? null : ElementReference.Parse(typeReference).Id, element => configuration?.Element(element)?.Value);

        public void Add(DocumentElement e)
        {
            var x = e.Xml;
            switch (e.Kind)
            {
                case "ClassType":
                    Classes.Add(new ClassDoc(e.Id, Name(e.Id), names.Description(e.Id), Resolve(x.Attribute("Base")?.Value), Flag(x, "Abstract", false), Flag(x, "Hosted", false),
                        [.. x.Elements("Property").Select(p => $"{p.Attribute("ID")?.Value}: {p.Attribute("Type")?.Value}{(Flag(p, "Key", false) ? ", key" : "")}")]));
                    break;
                case "Discovery":
                {
                    var ds = x.Element("DataSource");
                    var discovers = x.Element("DiscoveryTypes")?.Elements().Select(t => t.Name.LocalName == "DiscoveryRelationship"
                        ? "relationship " + NameOf(t.Attribute("TypeID")?.Value ?? "")
                        : "class " + NameOf(t.Attribute("TypeID")?.Value ?? "") + (t.Elements("Property").Any() ? ": " + string.Join(", ", t.Elements("Property").Select(p => p.Attribute("PropertyID")?.Value)) : "")).ToList() ?? [];
                    Discoveries.Add(new DiscoveryDoc(e.Id, Name(e.Id), names.Description(e.Id), Resolve(x.Attribute("Target")?.Value), Flag(x, "Enabled"), discovers,
                        NameOf(ds?.Attribute("TypeID")?.Value ?? ""), Settings(ds?.Elements() ?? []))
                    { Parameters = Parameters(Flag(x, "Enabled"), ds?.Attribute("TypeID")?.Value, ds) });
                    break;
                }
                case "UnitMonitor":
                    UnitMonitor(e, x);
                    break;
                case "AggregateMonitor" or "DependencyMonitor":
                {
                    var dependency = e.Kind == "DependencyMonitor";
                    var settings = new List<Setting> { new("Algorithm", Child(x, "Algorithm") ?? "?") };
                    if (dependency) settings.Insert(0, new Setting("Rolls up", $"{NameOf(Child(x, "MemberMonitor") ?? "")} of the instances reached through {NameOf(x.Attribute("RelationshipType")?.Value ?? "")}"));
                    Monitors.Add(new MonitorDoc(e.Id, Name(e.Id), names.Description(e.Id), dependency ? "dependency monitor" : "aggregate monitor",
                        Resolve(x.Attribute("Target")?.Value), Resolve(x.Attribute("ParentMonitorID")?.Value), Child(x, "Category") ?? "",
                        dependency ? Resolve(Child(x, "MemberMonitor")) : new ElementName("", "(its member monitors)", null), Flag(x, "Enabled"), [], settings,
                        "Follows its members (" + (Child(x, "Algorithm") ?? "worst of") + ").", [new ParameterDoc("Enabled", "bool", Flag(x, "Enabled") ? "true" : "false")],
                        Knowledge(e.Id), MonitorAlert(e, x, [])));
                    break;
                }
                case "Rule":
                    Rule(e, x);
                    break;
                case "Task":
                {
                    var action = x.Elements().FirstOrDefault(c => c.Name.LocalName is "WriteAction" or "ProbeAction");
                    Tasks.Add(new TaskDoc(e.Id, Name(e.Id), names.Description(e.Id), Resolve(x.Attribute("Target")?.Value), NameOf(action?.Attribute("TypeID")?.Value ?? ""), Settings(action?.Elements() ?? [])));
                    break;
                }
                case "View":
                    Views.Add(new ViewDoc(e.Id, Name(e.Id), names.Description(e.Id), Resolve(x.Attribute("TypeID")?.Value), Resolve(x.Attribute("Target")?.Value), Flag(x, "Visible")));
                    break;
                case "Folder":
                    Folders.Add(new FolderDoc(e.Id, Name(e.Id), Resolve(x.Attribute("ParentFolder")?.Value)));
                    break;
                case "FolderItem":
                    FolderItems.Add(new FolderPlacement(ElementReference.Parse(x.Attribute("ElementID")?.Value ?? "").Id, ElementReference.Parse(x.Attribute("Folder")?.Value ?? "").Id));
                    break;
                case "StringResource":
                    break; // alert messages: described with the alert that uses them
                case var kind when kind.EndsWith("Override", StringComparison.Ordinal):
                {
                    var workflow = x.Attribute("Monitor") ?? x.Attribute("Rule") ?? x.Attribute("Discovery") ?? x.Attribute("Diagnostic") ?? x.Attribute("Recovery");
                    Overrides.Add(new OverrideDoc(e.Id, Name(e.Id), kind, Resolve(workflow?.Value), Resolve(x.Attribute("Context")?.Value),
                        x.Attribute("Property")?.Value ?? x.Attribute("Parameter")?.Value ?? "", Child(x, "Value") ?? "", Flag(x, "Enforced", false)));
                    break;
                }
                default:
                    Others.Add(new OtherElementDoc(Kind(e.Kind), e.Id, Name(e.Id), names.Description(e.Id)));
                    break;
            }
        }

        private static string Kind(string xmlName) =>
            string.Concat(xmlName.Select((c, i) => i > 0 && char.IsUpper(c) && !char.IsUpper(xmlName[i - 1]) ? " " + char.ToLowerInvariant(c) : (i == 0 ? char.ToLowerInvariant(c) : c).ToString()));

        private void UnitMonitor(DocumentElement e, XElement x)
        {
            var states = x.Element("OperationalStates")?.Elements("OperationalState").Select(s =>
            {
                var id = s.Attribute("ID")?.Value ?? "";
                var health = s.Attribute("HealthState")?.Value switch { "Success" => "Healthy", "Warning" => "Warning", "Error" => "Critical", var other => other ?? "?" };
                return new StateDoc(id, health, names.Sub(e.Id, id)?.Name ?? id, names.Sub(e.Id, id)?.Description, s.Attribute("MonitorTypeStateID")?.Value ?? "");
            }).ToList() ?? [];
            var configuration = x.Element("Configuration");
            var values = configuration?.Elements().GroupBy(c => c.Name.LocalName).ToDictionary(g => g.Key, g => (string?)g.First().Value.Trim(), StringComparer.Ordinal)
                ?? new Dictionary<string, string?>(StringComparer.Ordinal);
            Monitors.Add(new MonitorDoc(e.Id, Name(e.Id), names.Description(e.Id), "unit monitor", Resolve(x.Attribute("Target")?.Value), Resolve(x.Attribute("ParentMonitorID")?.Value),
                Child(x, "Category") ?? "", Resolve(x.Attribute("TypeID")?.Value), Flag(x, "Enabled"), states, Settings(configuration?.Elements() ?? []),
                TypedPackReader.Resets(states, values, ElementReference.Parse(x.Attribute("TypeID")?.Value ?? "").Id), Parameters(Flag(x, "Enabled"), x.Attribute("TypeID")?.Value, configuration), Knowledge(e.Id), MonitorAlert(e, x, states)));
        }

        private string? MonitorAlert(DocumentElement e, XElement x, IReadOnlyList<StateDoc> states)
        {
            if (x.Element("AlertSettings") is not { } a) return null;
            var id = a.Attribute("AlertMessage")?.Value is { Length: > 0 } message ? ElementReference.Parse(message).Id : e.Id + ".Alert";
            var onState = Child(a, "AlertOnState") ?? "Error";
            var severity = Child(a, "AlertSeverity") switch
            {
                "MatchMonitorHealth" => $"{(onState == "Warning" ? "Warning" : "Critical")} (matches the monitor's health)",
                "Error" => "Critical",
                var s => s ?? "?",
            };
            var healthy = states.Where(s => s.Health == "Healthy").Select(s => s.Name).ToList();
            return AddAlert(new AlertDoc(id, Name(id), names.Description(id), severity, TypedPackReader.MonitorPriority(Child(a, "AlertPriority")), names.Resolve(e.Id, document.Id), "monitor",
                Child(a, "AutoResolve") is "true" or "1"
                    ? $"Closes itself when the monitor returns to {(healthy.Count == 0 ? "healthy" : string.Join(" or ", healthy))}."
                    : "An operator closes it (the monitor does not resolve it).",
                Knowledge(e.Id)));
        }

        /// <summary>Adds the alert (with an anchor of its own) and returns the anchor the workflow links to.</summary>
        private string AddAlert(AlertDoc alert)
        {
            var unique = alert.UniqueAmong(Alerts);
            Alerts.Add(unique);
            return unique.Anchor;
        }

        private void Rule(DocumentElement e, XElement x)
        {
            var dataSources = x.Element("DataSources")?.Elements("DataSource").ToList() ?? [];
            var conditions = x.Elements("ConditionDetection").ToList();
            var writeActions = x.Element("WriteActions")?.Elements("WriteAction").ToList() ?? [];
            string? alertId = null;
            if (writeActions.FirstOrDefault(w => ElementReference.Parse(w.Attribute("TypeID")?.Value ?? "").Id == "System.Health.GenerateAlert") is { } alert)
            {
                var messageId = TypedPackReader.MessageId(Child(alert, "AlertMessageId")) ?? e.Id + ".Alert";
                alertId = AddAlert(new AlertDoc(messageId, Name(messageId), names.Description(messageId), TypedPackReader.Severity(Child(alert, "Severity")), TypedPackReader.Priority(Child(alert, "Priority")),
                    names.Resolve(e.Id, document.Id), "rule", TypedPackReader.RuleCloses(alert.Element("Suppression") is not null), Knowledge(e.Id)));
            }
            Rules.Add(new RuleDoc(e.Id, Name(e.Id), names.Description(e.Id), Resolve(x.Attribute("Target")?.Value), Child(x, "Category") ?? "", Flag(x, "Enabled"),
                [.. dataSources.Select(d => NameOf(d.Attribute("TypeID")?.Value ?? ""))], Settings(dataSources.Concat(conditions).SelectMany(d => d.Elements())),
                [.. writeActions.Select(w => TypedPackReader.WriteAction(ElementReference.Parse(w.Attribute("TypeID")?.Value ?? "").Id) is var t && t.Contains('.') ? NameOf(w.Attribute("TypeID")?.Value ?? "") : t)],
                Parameters(Flag(x, "Enabled"), dataSources.FirstOrDefault()?.Attribute("TypeID")?.Value, dataSources.FirstOrDefault()), Knowledge(e.Id), alertId));
        }
    }
}
