using System.Xml.Linq;
using Kmp.ManagementPacks;

namespace Kmp.Documentation;

/// <summary>
/// Describes a pack of the typed model (the family kmp composes): one <see cref="IElementVisitor{TResult}"/>
/// over its elements, display strings and knowledge from its default language pack, names of other packs'
/// elements from the <see cref="NameIndex"/> of the family.
/// </summary>
public static class TypedPackReader
{
    /// <summary>Adds the display strings of the packs to <paramref name="names"/> (call for every pack of the set before <see cref="Read"/>).</summary>
    public static void Index(ManagementPack pack, NameIndex names)
    {
        names.Declare(pack.Id, pack.Id);
        foreach (var e in pack.Elements) names.Declare(pack.Id, e.Id);
        foreach (var s in DefaultLanguage(pack)?.DisplayStrings ?? []) names.Name(pack.Id, s.ElementId, s.SubElementId, s.Name, s.Description);
    }

    public static PackGuide Read(ManagementPack pack, NameIndex names, ParameterCatalog parameters, string? keyToken, SchemaTarget target)
    {
        var visitor = new Visitor(pack, names, parameters);
        foreach (var e in pack.Elements) e.Accept(visitor);
        return visitor.Into(new PackGuide
        {
            Id = pack.Id,
            Name = names.Resolve(pack.Id).Name is var n && n != pack.Id ? n : pack.Name,
            Version = pack.Version.ToString(),
            Description = names.Description(pack.Id) ?? pack.Description,
            KeyToken = keyToken,
            References = [.. pack.References.Select(r => new ReferenceDoc(r.Alias, r.ManagementPackId,
                r.VersionFor(target).ToString(), r.PublicKeyToken, Resolved: true))], // the family names what it uses of Microsoft's libraries itself
        });
    }

    private static LanguagePack? DefaultLanguage(ManagementPack pack) =>
        pack.LanguagePacks.FirstOrDefault(l => l.IsDefault) ?? pack.LanguagePacks.FirstOrDefault();

    /// <summary>The model's configuration as the XML the writer makes of it (names, texts, attributes).</summary>
    internal static XElement Xml(ConfigElement c) =>
        new(c.Name, [.. c.Attributes.Select(a => new XAttribute(a.Key, a.Value)), .. c.Children.Select(Xml), .. c.Text is null ? [] : new object[] { c.Text }]);

    private sealed class Visitor(ManagementPack pack, NameIndex names, ParameterCatalog parameters) : GuideContents, IElementVisitor<bool>
    {
        private readonly LanguagePack? language = DefaultLanguage(pack);

        private string Name(string id) => names.Resolve(id).Name;

        private string? Description(string id) => names.Description(id);

        private ElementName Resolve<T>(Ref<T> r) where T : IElementKind => Resolve(r.Reference);

        private ElementName Resolve(ElementReference r) =>
            names.Resolve(r.Id, r.Alias is null ? pack.Id : pack.References.FirstOrDefault(x => x.Alias == r.Alias)?.ManagementPackId);

        /// <summary>A reference as written in configuration (<c>Alias!Id</c> or <c>Id</c>) by its name.</summary>
        private string NameOf(string reference) => Resolve(ElementReference.Parse(reference)).Name;

        private IReadOnlyList<Setting> Settings(IEnumerable<ConfigElement> configuration) => ConfigurationText.Settings(configuration.Select(Xml), NameOf);

        private IReadOnlyList<KnowledgeSectionDoc> Knowledge(string id) =>
            [.. language?.KnowledgeArticles.Where(a => a.ElementId == id && a.SubElementId is null).SelectMany(a => a.Sections)
                .Select(s => new KnowledgeSectionDoc(s.Title, s.Paragraphs, s.ListItems ?? [])) ?? []];

        private List<ParameterDoc> Parameters(bool enabled, ElementReference? type, IReadOnlyList<ConfigElement> configuration) =>
            parameters.For(enabled, type?.Id, element => configuration.FirstOrDefault(c => c.Name == element)?.Text);

        /// <summary>Adds the alert (with an anchor of its own) and returns the anchor the workflow links to.</summary>
        private string AddAlert(AlertDoc alert)
        {
            var unique = alert.UniqueAmong(Alerts);
            Alerts.Add(unique);
            return unique.Anchor;
        }

        public bool Visit(ClassType e)
        {
            Classes.Add(new ClassDoc(e.Id, Name(e.Id), Description(e.Id), Resolve(e.Base), e.Abstract, e.Hosted,
                [.. e.Properties.Select(p => $"{(names.Sub(e.Id, p.Id)?.Name is { } n && n != p.Id ? $"{n} ({p.Id})" : p.Id)}: {p.Type.ToString().ToLowerInvariant()}{(p.Key ? ", key" : "")}")]));
            return true;
        }

        public bool Visit(RelationshipType e) => Other("relationship type", e.Id);

        public bool Visit(DataSourceModuleType e) => Other("data source module type", e.Id);

        public bool Visit(UnitMonitorType e) => Other("unit monitor type", e.Id);

        private bool Other(string kind, string id)
        {
            Others.Add(new OtherElementDoc(kind, id, Name(id), Description(id)));
            return true;
        }

        public bool Visit(Discovery e)
        {
            var discovers = e.DiscoveryTypes.Select(t => t switch
            {
                DiscoveryClass c => $"class {Resolve(c.TypeId).Name}" + (c.Properties.Count == 0 ? "" : ": " + string.Join(", ", c.Properties.Select(p => p.PropertyId))),
                DiscoveryRelationship r => $"relationship {Resolve(r.TypeId).Name}",
                _ => t.ToString() ?? "",
            });
            Discoveries.Add(new DiscoveryDoc(e.Id, Name(e.Id), Description(e.Id), Resolve(e.Target), e.Enabled, [.. discovers],
                Resolve(e.DataSource.TypeId).Name, Settings(e.DataSource.Configuration))
            { Parameters = Parameters(e.Enabled, e.DataSource.TypeId.Reference, e.DataSource.Configuration) });
            return true;
        }

        public bool Visit(Rule e)
        {
            var modules = e.DataSources.Concat(e.ConditionDetection is { } c ? [c] : []).ToList();
            var alert = e.WriteActions.FirstOrDefault(w => w.TypeId.Id == "System.Health.GenerateAlert");
            string? alertId = null;
            if (alert is not null)
            {
                var config = alert.Configuration.ToDictionary(x => x.Name, x => x.Text ?? "", StringComparer.Ordinal);
                var messageId = MessageId(config.GetValueOrDefault("AlertMessageId")) ?? e.Id;
                alertId = AddAlert(new AlertDoc(messageId, Name(messageId), Description(messageId),
                    Severity(config.GetValueOrDefault("Severity")), Priority(config.GetValueOrDefault("Priority")),
                    names.Resolve(e.Id, pack.Id), "rule", RuleCloses(alert.Configuration.Any(c => c.Name == "Suppression")),
                    Knowledge(e.Id)));
            }
            var dataSource = e.DataSources.FirstOrDefault();
            Rules.Add(new RuleDoc(e.Id, Name(e.Id), Description(e.Id), Resolve(e.Target), e.Category.ToString(), e.Enabled,
                [.. e.DataSources.Select(d => Resolve(d.TypeId).Name)], Settings(modules.SelectMany(m => m.Configuration)),
                [.. e.WriteActions.Select(w => WriteAction(w.TypeId.Id))],
                Parameters(e.Enabled, dataSource?.TypeId.Reference, dataSource?.Configuration ?? []),
                Knowledge(e.Id), alertId));
            return true;
        }

        public bool Visit(AgentTask e)
        {
            Tasks.Add(new TaskDoc(e.Id, Name(e.Id), Description(e.Id), Resolve(e.Target), Resolve(e.Action.TypeId).Name, Settings(e.Action.Configuration)));
            return true;
        }

        public bool Visit(UnitMonitor e)
        {
            var states = e.OperationalStates.Select(s => new StateDoc(s.Id, Health(s.HealthState), names.Sub(e.Id, s.Id)?.Name ?? s.Id, names.Sub(e.Id, s.Id)?.Description, s.MonitorTypeStateId)).ToList();
            var configuration = e.Configuration.ToDictionary(c => c.Name, c => c.Text, StringComparer.Ordinal);
            string? alertId = null;
            if (e.AlertSettings is { } a)
            {
                alertId = AddAlert(new AlertDoc(a.AlertMessage.Id, Name(a.AlertMessage.Id), Description(a.AlertMessage.Id), MonitorSeverity(a.AlertSeverity, a.AlertOnState), MonitorPriority(a.AlertPriority.ToString()),
                    names.Resolve(e.Id, pack.Id), "monitor",
                    a.AutoResolve ? $"Closes itself when the monitor returns to {string.Join(" or ", states.Where(s => s.Health == "Healthy").Select(s => s.Name))}." : "An operator closes it (the monitor does not resolve it).",
                    Knowledge(e.Id)));
            }
            Monitors.Add(new MonitorDoc(e.Id, Name(e.Id), Description(e.Id), "unit monitor", Resolve(e.Target), Resolve(e.ParentMonitorId), e.Category.ToString(),
                Resolve(e.TypeId), e.Enabled, states, Settings(e.Configuration), Resets(states, configuration, e.TypeId.Id),
                Parameters(e.Enabled, e.TypeId.Reference, e.Configuration), Knowledge(e.Id), alertId));
            return true;
        }

        public bool Visit(DependencyMonitor e)
        {
            var member = Resolve(e.MemberMonitor);
            var relationship = Resolve(e.RelationshipType);
            Monitors.Add(new MonitorDoc(e.Id, Name(e.Id), Description(e.Id), "dependency monitor", Resolve(e.Target), Resolve(e.ParentMonitorId), e.Category.ToString(),
                member, e.Enabled, [],
                [new Setting("Rolls up", $"{member.Name} of the instances reached through {relationship.Name}"),
                 new Setting("Algorithm", e.Algorithm == DependencyAlgorithm.WorstOf ? "worst of the members" : "best of the members"),
                 .. e.MemberUnAvailable is { } u ? [new Setting("A member that is unavailable counts as", Health(u))] : Array.Empty<Setting>()],
                $"Follows its members: healthy again as soon as {(e.Algorithm == DependencyAlgorithm.WorstOf ? "every member is" : "one member is")} healthy.",
                [new ParameterDoc("Enabled", "bool", e.Enabled ? "true" : "false")], Knowledge(e.Id), null));
            return true;
        }

        public bool Visit(MonitorPropertyOverride e) => Override(e.Id, "monitor property", Resolve(e.Monitor), Resolve(e.Context), e.Property, e.Value, e.Enforced);

        public bool Visit(RulePropertyOverride e) => Override(e.Id, "rule property", Resolve(e.Rule), Resolve(e.Context), e.Property, e.Value, e.Enforced);

        public bool Visit(MonitorConfigurationOverride e) => Override(e.Id, "monitor configuration", Resolve(e.Monitor), Resolve(e.Context), e.Parameter, e.Value, e.Enforced);

        private bool Override(string id, string kind, ElementName workflow, ElementName context, string parameter, string value, bool enforced)
        {
            Overrides.Add(new OverrideDoc(id, Name(id), kind, workflow, context, parameter, value, enforced));
            return true;
        }

        public bool Visit(View e)
        {
            Views.Add(new ViewDoc(e.Id, Name(e.Id), Description(e.Id), Resolve(e.TypeId), Resolve(e.Target), e.Visible));
            return true;
        }

        public bool Visit(Folder e)
        {
            Folders.Add(new FolderDoc(e.Id, Name(e.Id), Resolve(e.ParentFolder)));
            return true;
        }

        public bool Visit(FolderItem e)
        {
            FolderItems.Add(new FolderPlacement(e.ElementId.Id, e.Folder.Id));
            return true;
        }

        public bool Visit(StringResource e) => true; // alert messages: described with the alert that uses them
    }

    /// <summary>The string resource an <c>AlertMessageId</c> names (<c>$MPElement[Name="X"]$</c>).</summary>
    internal static string? MessageId(string? text)
    {
        if (text is null) return null;
        var start = text.IndexOf("Name=\"", StringComparison.Ordinal);
        if (start < 0) return null;
        start += 6;
        var end = text.IndexOf('"', start);
        return end < 0 ? null : ElementReference.Parse(text[start..end]).Id;
    }

    internal static string RuleCloses(bool suppressed) =>
        "An operator closes it: a rule's alert does not close itself."
        + (suppressed ? " While it is open, the same event again raises its repeat count instead of a new alert." : " Each event raises a new alert.");

    /// <summary>A monitor's AlertPriority as the console shows it (Normal is Medium).</summary>
    internal static string MonitorPriority(string? priority) => priority is null or "Normal" ? "Medium" : priority;

    internal static string Severity(string? code) => code switch { "0" => "Information", "1" => "Warning", "2" => "Critical", _ => code ?? "?" };

    internal static string Priority(string? code) => code switch { "0" => "Low", "1" => "Medium", "2" => "High", _ => code ?? "?" };

    internal static string Health(HealthState state) => state switch { HealthState.Success => "Healthy", HealthState.Warning => "Warning", _ => "Critical" };

    internal static string MonitorSeverity(MonitorAlertSeverity severity, HealthState onState) => severity switch
    {
        MonitorAlertSeverity.MatchMonitorHealth => $"{(onState == HealthState.Warning ? "Warning" : "Critical")} (matches the monitor's health)",
        MonitorAlertSeverity.Error => "Critical",
        _ => severity.ToString(),
    };

    internal static string WriteAction(string typeId) => typeId switch
    {
        "System.Health.GenerateAlert" => "raises an alert",
        "Microsoft.SystemCenter.CollectEvent" => "collects the event (Events view)",
        "Microsoft.SystemCenter.CollectPerformanceData" => "collects performance data (operational database)",
        "Microsoft.SystemCenter.DataWarehouse.PublishEventData" => "publishes the event to the data warehouse",
        "Microsoft.SystemCenter.DataWarehouse.PublishPerformanceData" => "publishes performance data to the data warehouse",
        _ => typeId,
    };

    /// <summary>What makes a monitor healthy again, from its type, its states and its configuration.</summary>
    internal static string Resets(IReadOnlyList<StateDoc> states, IReadOnlyDictionary<string, string?> configuration, string typeId)
    {
        var healthy = states.Where(s => s.Health == "Healthy").ToList();
        var to = healthy.Count == 0 ? "healthy" : string.Join(" or ", healthy.Select(s => s.Name));
        var how = healthy.Select(s => s.Description).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
        var tail = how is null ? "" : " " + how;
        bool Healthy(string typeState) => healthy.Any(s => string.Equals(s.TypeState, typeState, StringComparison.OrdinalIgnoreCase));
        if (typeId.Contains("ManualReset", StringComparison.OrdinalIgnoreCase) || healthy.Any(s => s.TypeState.Contains("ManualReset", StringComparison.OrdinalIgnoreCase)))
            return $"Only by hand: it returns to {to} when an operator resets its health (Health Explorer → Reset Health); closing its alert does not." + tail;
        if (configuration.TryGetValue("TimerWaitInSeconds", out var wait) && wait is not null)
            return $"Returns to {to} by itself {ConfigurationText.Seconds(wait)} after the event (timer reset), or when an operator resets its health." + tail;
        foreach (var (state, expression) in new[] { ("SecondEventRaised", "SecondExpression"), ("ThirdEventRaised", "ThirdExpression") })
            if (Healthy(state) && configuration.ContainsKey(expression))
                return $"Returns to {to} when the event of its {expression} is logged (see Settings)." + tail;
        if (configuration.ContainsKey("ServiceName"))
            return $"Returns to {to} as soon as the service runs again." + tail;
        foreach (var interval in new[] { "IntervalSeconds", "Frequency", "Interval" })
            if (configuration.TryGetValue(interval, out var every) && every is not null)
                return $"Returns to {to} at the first run that finds the condition gone (it runs every {ConfigurationText.Seconds(every)}); the alert closes then if it closes itself." + tail;
        return $"Returns to {to} when its monitor type ({typeId}) detects that state again." + tail;
    }
}
