using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Kmp.Verification.Checks;

/// <summary>
/// Layer 6, warnings: the Best Practice Analyzer rules and the
/// "type definitions in an unsealed pack" warning of SCOM's verifier.
/// </summary>
internal static partial class PracticeChecks
{
    /// <summary>Elements an operator sees by name, which should have a display string.</summary>
    private static readonly HashSet<string> Named =
    [
        "ClassType", "RelationshipType", "Discovery", "Rule", "Task", "UnitMonitor", "AggregateMonitor", "DependencyMonitor",
        "View", "Folder", "ConsoleTask", "DataSourceModuleType", "ProbeActionModuleType", "ConditionDetectionModuleType",
        "WriteActionModuleType", "UnitMonitorType", "StringResource",
    ];


    [GeneratedRegex("""\$MPElement\[\s*Name\s*=\s*["']([^"']+)["']\s*\]\$""", RegexOptions.CultureInvariant)]
    private static partial Regex MPElement();

    public static void Run(VerificationContext context, PackEntry pack)
    {
        var doc = pack.Document;
        var defaultLanguage = DefaultLanguage(doc.Xml.Root!);
        var names = new Dictionary<string, XElement>(StringComparer.Ordinal);
        var descriptions = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var ds in defaultLanguage?.Element("DisplayStrings")?.Elements("DisplayString") ?? [])
        {
            if (ds.Attribute("SubElementID") is not null) continue;
            var id = ds.Attribute("ElementID")?.Value ?? "";
            names.TryAdd(id, ds);
            descriptions.TryAdd(id, ds.Element("Description")?.Value);
        }

        if (!pack.IsSealed && doc.Xml.Root!.Element("TypeDefinitions") is { HasElements: true } types)
            context.Report(Codes.TypeDefinitionInUnsealed, pack, null, types, "an unsealed pack defines types; other packs cannot use them (seal the pack)");

        foreach (var r in doc.References.Where(r => r.ManagementPackId.Contains("BackwardCompatibility", StringComparison.OrdinalIgnoreCase)))
            context.Report(Codes.BackwardCompatibilityReference, pack, null, null, $"reference '{r.Alias}' to {r.ManagementPackId}: do not depend on the Backward Compatibility pack");

        var shownNames = new Dictionary<(string Kind, string Name), string>();
        foreach (var element in doc.Elements)
        {
            if (!Named.Contains(element.Kind)) continue;
            if (element.Kind == "StringResource") continue; // named through the alert that uses it
            if (defaultLanguage is not null && !names.ContainsKey(element.Id))
            {
                context.Report(Codes.NoDisplayString, pack, element.Id, element.Xml, $"{element.Kind} has no display string in the default language ({defaultLanguage.Attribute("ID")?.Value})");
                continue;
            }
            if (names.TryGetValue(element.Id, out var ds) && ds.Element("Name")?.Value.Trim() is { Length: > 0 } name
                && !shownNames.TryAdd((element.Kind, name), element.Id))
                context.Report(Codes.RepeatedDisplayName, pack, element.Id, ds, $"{element.Kind} has the display name '{name}', like {shownNames[(element.Kind, name)]}");
        }

        foreach (var element in doc.Elements)
        {
            switch (element.Kind)
            {
                case "Rule":
                    Rule(context, pack, element.Id, element.Xml, descriptions);
                    break;
                case "UnitMonitor":
                    UnitMonitor(context, pack, element.Id, element.Xml, descriptions);
                    break;
                case "View":
                    View(context, pack, element.Id, element.Xml);
                    break;
            }
            foreach (var xpath in pack.Index.XPathQueries(element.Xml).Where(x => x.Value.Trim() == "EventDescription"))
            {
                var expression = xpath.Parent?.Parent;
                // A fixed value, or a fixed pattern (a provider matched without regard to case is a RegExExpression).
                if ((expression?.Name.LocalName is "SimpleExpression" or "RegExExpression" && expression.Elements("ValueExpression").Any(v => v.Element("Value") is not null))
                    || (expression?.Name.LocalName == "RegExExpression" && expression.Element("Pattern") is not null))
                    context.Report(Codes.EventDescriptionCompared, pack, element.Id, xpath, "the expression compares EventDescription with a fixed text; descriptions are localised, match event ID and source instead");
            }
        }
    }

    private static XElement? DefaultLanguage(XElement root)
    {
        var packs = root.Element("LanguagePacks")?.Elements("LanguagePack").ToList() ?? [];
        return packs.FirstOrDefault(lp => string.Equals(lp.Attribute("IsDefault")?.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase))
               ?? packs.FirstOrDefault(lp => lp.Attribute("ID")?.Value == "ENU");
    }

    private static void Rule(VerificationContext context, PackEntry pack, string id, XElement rule, Dictionary<string, string?> descriptions)
    {
        foreach (var wa in rule.Element("WriteActions")?.Elements("WriteAction") ?? [])
        {
            var type = TypeFacts.Resolve(context.Set, pack, wa.Attribute("TypeID")?.Value);
            if (type is not { Id: "System.Health.GenerateAlert" }) continue;
            var messageId = wa.Element("AlertMessageId");
            if (messageId is null && (wa.Element("AlertName") is not null || wa.Element("AlertDescription") is not null))
                context.Report(Codes.HardcodedAlertText, pack, id, wa, "the alert has a hard-coded AlertName/AlertDescription; use AlertMessageId and a string resource");
            if (messageId is not null && MPElement().Match(messageId.Value) is { Success: true } m)
            {
                var count = wa.Element("AlertParameters")?.Elements().Count() ?? 0;
                Parameters(context, pack, id, messageId, m.Groups[1].Value, count, descriptions);
            }
        }
    }

    private static void UnitMonitor(VerificationContext context, PackEntry pack, string id, XElement monitor, Dictionary<string, string?> descriptions)
    {
        var alert = monitor.Element("AlertSettings");
        if (alert is null) return;
        var parameters = alert.Element("AlertParameters")?.Elements().ToList() ?? [];
        foreach (var p in parameters)
        {
            var value = p.Value.Trim();
            if (value.StartsWith("$Data/", StringComparison.Ordinal) && !value.StartsWith("$Data/Context/", StringComparison.Ordinal))
                context.Report(Codes.MonitorAlertXPath, pack, id, p, $"{p.Name.LocalName} reads '{value}'; a monitor's alert reads the data item as $Data/Context/…$");
        }
        if (alert.Attribute("AlertMessage")?.Value is { } message)
            Parameters(context, pack, id, alert, message.Trim(), parameters.Count, descriptions);

        var states = monitor.Element("OperationalStates")?.Elements("OperationalState").Select(s => s.Attribute("HealthState")?.Value).OfType<string>().ToList() ?? [];
        var unhealthy = states.Where(s => s is "Warning" or "Error").ToList();
        var onState = alert.Element("AlertOnState")?.Value.Trim();
        if (states.Count == 2 && unhealthy.Count == 1 && onState is "Warning" or "Error")
        {
            if (onState != unhealthy[0])
                context.Report(Codes.AlertOnStateUnused, pack, id, alert.Element("AlertOnState"), $"AlertOnState is {onState}, but the monitor's unhealthy state is {unhealthy[0]}");
            var severity = alert.Element("AlertSeverity")?.Value.Trim();
            if (severity is "Warning" or "Error" && severity != unhealthy[0])
                context.Report(Codes.AlertSeverityMismatch, pack, id, alert.Element("AlertSeverity"), $"AlertSeverity is {severity}, but the monitor's unhealthy state is {unhealthy[0]} (or use MatchMonitorHealth)");
        }
    }

    /// <summary>The alert description's {n} must be set: {0} is AlertParameter1, and so on.</summary>
    private static void Parameters(VerificationContext context, PackEntry pack, string id, XElement at, string messageId, int count, Dictionary<string, string?> descriptions)
    {
        if (messageId.Contains('!', StringComparison.Ordinal) || !descriptions.TryGetValue(messageId, out var description) || description is null) return;
        var highest = HighestPlaceholder(description);
        if (highest >= count)
            context.Report(Codes.AlertParameterMissing, pack, id, at, $"the description of {messageId} uses {{{highest}}}, but the alert sets {count} parameter{(count == 1 ? "" : "s")}");
    }

    /// <summary>
    /// The highest n of the {n} placeholders (digits between braces, leftmost first, not overlapping: what
    /// the regex <c>\{(\d+)\}</c> finds) in a description; -1 when there is none or n is too big to be one.
    /// A scan, not a regex: every alert rule's description is looked at.
    /// </summary>
    internal static int HighestPlaceholder(string description)
    {
        var highest = -1;
        var i = description.IndexOf('{', StringComparison.Ordinal);
        while (i >= 0 && i < description.Length)
        {
            var end = i + 1;
            while (end < description.Length && char.IsDigit(description[end])) end++;
            if (end > i + 1 && end < description.Length && description[end] == '}')
            {
                highest = Math.Max(highest, int.TryParse(description.AsSpan(i + 1, end - i - 1), out var n) ? n : -1);
                i = end + 1;
            }
            else i++;
            i = i < description.Length ? description.IndexOf('{', i) : -1;
        }
        return highest;
    }

    private static void View(VerificationContext context, PackEntry pack, string id, XElement view)
    {
        var type = TypeFacts.Resolve(context.Set, pack, view.Attribute("TypeID")?.Value);
        if (type is not { Id: "Microsoft.SystemCenter.AlertViewType" }) return;
        if (view.Element("Criteria")?.Element("ResolutionState") is null)
            context.Report(Codes.AlertViewResolutionState, pack, id, view, "the alert view has no ResolutionState criteria (e.g. StateRange NotEquals 255 for open alerts)");
    }
}
