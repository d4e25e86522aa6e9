using System.Text.RegularExpressions;

namespace Kmp.Kaspersky.Templates;

/// <summary>Problems found in one template, each at a JSON path (<c>eventAlerts[2].eventIds[0]</c>).</summary>
internal sealed class TemplateIssues
{
    private readonly List<Issue> issues = [];

    public sealed record Issue(string Path, string Message);

    public IReadOnlyList<Issue> All => issues;

    /// <summary>Adds an issue; values the message quotes may hold line breaks, which are shown escaped so the refusal stays one line.</summary>
    public void Add(string path, string message) => issues.Add(new Issue(path, Kmp.ManagementPacks.MessageText.OneLine(message)));

    /// <summary>"path: message", or the message alone at the root.</summary>
    public static string Format(string path, string message) => path.Length == 0 ? message : $"{path}: {message}";
}

/// <summary>
/// What a template must say beyond its JSON Schema: keys usable in element IDs, event IDs and levels
/// Windows can log, registry paths without a hive, non-empty knowledge, recommendations short enough
/// for an e-mail, a note on every UNSURE fact and a description that says so, no duplicates.
/// </summary>
internal static partial class TemplateRules
{
    /// <summary>Longest key: it becomes part of element IDs (at most 256 characters in all).</summary>
    public const int MaxKeyLength = 64;

    /// <summary>Longest recommendation: it is carried in the alert description and e-mailed.</summary>
    public const int MaxRecommendationLength = 1000;

    /// <summary>Longest name (display names, alert names, log and source names).</summary>
    public const int MaxNameLength = 256;

    /// <summary>The word a description must contain when the template has facts with confidence Unsure.</summary>
    public const string UnsureMarker = "UNSURE";

    private static readonly int[] EventLevels = [1, 2, 4, 8, 16];

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    public static void Check(LibraryTemplate library, TemplateIssues issues)
    {
        Name(issues, "rootFolderName", library.RootFolderName);
        Name(issues, "applicationClassName", library.ApplicationClassName);
        Text(issues, "description", library.Description);
        Name(issues, "notificationGroupName", library.NotificationGroupName);

        var monitoring = library.ServiceMonitoring;
        Range(issues, "serviceMonitoring.intervalSeconds", monitoring.IntervalSeconds, 60, 86400);
        Range(issues, "serviceMonitoring.timeoutSeconds", monitoring.TimeoutSeconds, 1, Math.Max(1, monitoring.IntervalSeconds - 1),
            "must be at least 1 and less than intervalSeconds");
        RegistryPaths(issues, "serviceMonitoring.avStateKeys", monitoring.AvStateKeys);
        Range(issues, "serviceMonitoring.databaseMaxAgeHours", monitoring.DatabaseMaxAgeHours, 1, 8760);
        Range(issues, "serviceMonitoring.maxDisconnectedHours", monitoring.MaxDisconnectedHours, 1, 8760);
        HealthCheckTexts(issues, "serviceMonitoring.checks", monitoring.Checks);

        var keys = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < library.SharedComponents.Count; i++)
        {
            var path = JsonPositions.Item("sharedComponents", i);
            var component = library.SharedComponents[i];
            Key(issues, path + ".key", component.Key);
            Reserved(issues, path + ".key", component.Key, ReservedComponentKeys, "shared component");
            Unique(issues, keys, path + ".key", component.Key, i, "shared component key", "sharedComponents");
            Name(issues, path + ".displayName", component.DisplayName);
            Text(issues, path + ".description", component.Description);
            Discovery(issues, path + ".discovery", component.Discovery);
            Services(issues, path + ".services", component.Services);
            var unsure = Unsure(component.Discovery.Confidence) + component.Services.Sum(s => Unsure(s.Confidence));
            UnsureSaid(issues, path + ".description", component.Description, unsure);
        }
    }

    public static void Check(ProductTemplate product, TemplateIssues issues)
    {
        Key(issues, "key", product.Key);
        Reserved(issues, "key", product.Key, ReservedProductKeys, "product");
        Name(issues, "displayName", product.DisplayName);
        Text(issues, "description", product.Description);
        Discovery(issues, "discovery", product.Discovery);
        Services(issues, "services", product.Services);

        var alertKeys = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < product.EventAlerts.Count; i++)
        {
            var path = JsonPositions.Item("eventAlerts", i);
            var alert = product.EventAlerts[i];
            Key(issues, path + ".key", alert.Key);
            Unique(issues, alertKeys, path + ".key", alert.Key, i, "event alert key", "eventAlerts");
            Name(issues, path + ".displayName", alert.DisplayName);
            Reserved(issues, path + ".key", alert.Key, HealthCheckNames, "event alert");
            EventLogName(issues, path + ".logName", alert.LogName);
            NoVariable(issues, path + ".source", alert.Source, "an event source");
            EventIds(issues, path + ".eventIds", alert.EventIds);
            Name(issues, path + ".alertName", alert.AlertName);
            Recommendation(issues, path + ".recommendation", alert.Recommendation);
            Knowledge(issues, path + ".knowledge", alert.Knowledge);
            if (alert.EventLevel is { } level && !EventLevels.Contains(level))
            {
                issues.Add(path + ".eventLevel", $"event level {level} is not one of 1 (error), 2 (warning), 4 (information), 8 (audit success), 16 (audit failure)");
            }
            Note(issues, path, alert.Confidence, alert.Note);
            if (!alert.Enabled && alert.Confidence != Confidence.Unsure)
                issues.Add(path + ".enabled", "only an alert resting on an Unsure fact ships disabled; a confirmed one stays enabled");
            if (alert.HealthAspect != HealthAspect.Configuration && alert.ResolvedBy is null && alert.ResetAfterSeconds is null)
                issues.Add(path + ".healthAspect", "only a monitor (resolvedBy or resetAfterSeconds) rolls up to a health state; an alert rule has none");
            if (alert.ResolvedBy is not null && alert.ResetAfterSeconds is not null)
                issues.Add(path + ".resetAfterSeconds", "give resolvedBy (a healthy event) or resetAfterSeconds (a timer), not both");
            if (alert.ResolvedBy is { } healthy)
            {
                EventIds(issues, path + ".resolvedBy.eventIds", healthy.EventIds);
                if (healthy.EventLevel is { } hl && !EventLevels.Contains(hl))
                    issues.Add(path + ".resolvedBy.eventLevel", $"event level {hl} is not one of 1 (error), 2 (warning), 4 (information), 8 (audit success), 16 (audit failure)");
            }
            if (alert.ResetAfterSeconds is { } reset) Range(issues, path + ".resetAfterSeconds", reset, 300, 30 * 86400);
        }

        if (product.EventCollection is { } collection)
        {
            const string path = "eventCollection";
            EventLogName(issues, path + ".logName", collection.LogName);
            if (collection.Sources.Count == 0) issues.Add(path + ".sources", "list at least one event source");
            for (var i = 0; i < collection.Sources.Count; i++) NoVariable(issues, JsonPositions.Item(path + ".sources", i), collection.Sources[i], "an event source");
            if (collection.Levels is { } levels)
            {
                if (levels.Count == 0) issues.Add(path + ".levels", "list at least one event level, or leave levels out for errors and warnings");
                var seen = new HashSet<int>();
                for (var i = 0; i < levels.Count; i++)
                {
                    var itemPath = JsonPositions.Item(path + ".levels", i);
                    if (!EventLevels.Contains(levels[i])) issues.Add(itemPath, $"event level {levels[i]} is not one of 1 (error), 2 (warning), 4 (information), 8 (audit success), 16 (audit failure)");
                    else if (!seen.Add(levels[i])) issues.Add(itemPath, $"event level {levels[i]} is listed twice");
                }
            }
            Note(issues, path, collection.Confidence, collection.Note);
            if (!collection.Enabled && collection.Confidence != Confidence.Unsure)
                issues.Add(path + ".enabled", "only a collection resting on an Unsure fact ships disabled; a confirmed one stays enabled");
        }

        OneLogOneSwitch(issues, product);

        if (product.HealthChecks is { } checks)
        {
            var seen = new HashSet<HealthCheckKind>();
            for (var i = 0; i < checks.Count; i++)
            {
                var path = JsonPositions.Item("healthChecks", i);
                var check = checks[i];
                if (!seen.Add(check.Check)) issues.Add(path + ".check", $"health check {check.Check} is listed twice");
                if (check.Check == HealthCheckKind.RealTimeProtection)
                {
                    if (check.ThresholdHours is not null) issues.Add(path + ".thresholdHours", "RealTimeProtection has no threshold; remove thresholdHours");
                }
                else if (check.ThresholdHours is { } hours)
                {
                    Range(issues, path + ".thresholdHours", hours, 1, 8760);
                }
            }
        }

        if (product.SharedComponents is { } shared)
        {
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < shared.Count; i++)
            {
                var path = JsonPositions.Item("sharedComponents", i);
                Key(issues, path, shared[i]);
                Unique(issues, seen, path, shared[i], i, "shared component", "sharedComponents");
            }
        }

        if (product.EventLogs is { } logs)
        {
            if (logs.Count == 0) issues.Add("eventLogs", "list the event logs (newest first), or leave eventLogs out");
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < logs.Count; i++)
            {
                var path = JsonPositions.Item("eventLogs", i);
                EventLogName(issues, path + ".logName", logs[i].LogName);
                Unique(issues, seen, path + ".logName", logs[i].LogName, i, "event log", "eventLogs");
                Name(issues, path + ".versions", logs[i].Versions);
                Note(issues, path, logs[i].Confidence, logs[i].Note);
            }
        }

        var unsure = Unsure(product.Discovery.Confidence)
            + (product.EventLogs ?? []).Sum(l => Unsure(l.Confidence))
            + product.Services.Sum(s => Unsure(s.Confidence))
            + product.EventAlerts.Sum(a => Unsure(a.Confidence))
            + (product.EventCollection is { } c ? Unsure(c.Confidence) : 0);
        UnsureSaid(issues, "description", product.Description, unsure);
    }

    /// <summary>
    /// The workflows reading one log (alert rules, monitors, the collection) ship all enabled or all disabled: a log
    /// kept unconfirmed disables its workflows because the agent warns on every computer lacking a log it is asked to
    /// read, and a single enabled one (a monitor, say) keeps that warning coming.
    /// </summary>
    private static void OneLogOneSwitch(TemplateIssues issues, ProductTemplate product)
    {
        var workflows = product.EventAlerts.Select((a, i) => (Path: JsonPositions.Item("eventAlerts", i), a.LogName, a.Enabled)).ToList();
        if (product.EventCollection is { } c) workflows.Add(("eventCollection", c.LogName, c.Enabled));
        foreach (var log in workflows.GroupBy(w => w.LogName, StringComparer.OrdinalIgnoreCase))
        {
            var disabled = log.FirstOrDefault(w => !w.Enabled);
            if (disabled.Path is null) continue;
            foreach (var enabled in log.Where(w => w.Enabled))
            {
                issues.Add(enabled.Path + ".enabled", $"{disabled.Path} on the \"{log.Key}\" log ships disabled, so every workflow on that log does " +
                    "(an enabled one keeps the agent warning where the log is missing): set enabled false");
            }
        }
    }

    private static void Services(TemplateIssues issues, string listPath, IReadOnlyList<ServiceDefinition> services)
    {
        var keys = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < services.Count; i++)
        {
            var path = JsonPositions.Item(listPath, i);
            var service = services[i];
            ServiceName(issues, path + ".name", service.Name);
            Unique(issues, names, path + ".name", service.Name, i, "service", listPath);
            Name(issues, path + ".displayName", service.DisplayName);
            Key(issues, path + ".key", service.Key);
            Unique(issues, keys, path + ".key", service.Key, i, "service key", listPath);
            Knowledge(issues, path + ".knowledge", service.Knowledge);
            Recommendation(issues, path + ".recommendation", service.Recommendation);
            Note(issues, path, service.Confidence, service.Note);
            if (service.DiscoveredNames is { } patterns)
            {
                if (patterns.Count == 0) issues.Add(path + ".discoveredNames", "list at least one name pattern, or leave discoveredNames out");
                for (var j = 0; j < patterns.Count; j++)
                {
                    if (patterns[j].Length == 0 || !patterns[j].All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '%'))
                        issues.Add(JsonPositions.Item(path + ".discoveredNames", j), $"name pattern '{patterns[j]}' may contain only letters, digits, '.', '_', '-' and the wildcard '%'");
                }
            }
        }
        if (services.Count(s => s.DiscoveredNames is not null) > 1)
            issues.Add(listPath, "at most one service per product may have discoveredNames (the product class has one ServiceName property)");
    }

    private static void Discovery(TemplateIssues issues, string path, RegistryDiscoveryDefinition discovery)
    {
        RegistryPaths(issues, path + ".keys", discovery.Keys);
        if (discovery.VersionValue is { } version) RegistryValuePath(issues, path + ".versionValue", version);
        if (discovery.InstallPathValue is { } install) RegistryValuePath(issues, path + ".installPathValue", install);
        if (discovery.ServiceProgram is { } program) ServiceName(issues, path + ".serviceProgram", program);
        if (discovery.VersionValueNames is { } names)
        {
            if (names.Count == 0) issues.Add(path + ".versionValueNames", "list at least one value name, or leave versionValueNames out");
            for (var i = 0; i < names.Count; i++)
            {
                var item = JsonPositions.Item(path + ".versionValueNames", i);
                NoVariable(issues, item, names[i], "a value name");
                if (names[i].Contains('\\')) issues.Add(item, $"value name '{names[i]}' contains '\\'; give the name of a value under the keys (a full path belongs in versionValue)");
            }
        }
        Range(issues, path + ".frequencySeconds", discovery.FrequencySeconds, 300, 7 * 86400);
        Note(issues, path, discovery.Confidence, discovery.Note);
    }

    /// <summary>One text per check, each with its knowledge, and only the placeholders the alert passes.</summary>
    private static void HealthCheckTexts(TemplateIssues issues, string path, IReadOnlyList<HealthCheckText> checks)
    {
        var seen = new HashSet<HealthCheckKind>();
        for (var i = 0; i < checks.Count; i++)
        {
            var item = JsonPositions.Item(path, i);
            var text = checks[i];
            if (!seen.Add(text.Check)) issues.Add(item + ".check", $"a second text for {text.Check}");
            Name(issues, item + ".displayName", text.DisplayName);
            Name(issues, item + ".alertName", text.AlertName);
            Recommendation(issues, item + ".recommendation", text.Recommendation);
            Knowledge(issues, item + ".knowledge", text.Knowledge);
            var highest = text.Check == HealthCheckKind.RealTimeProtection ? 0 : 1;
            foreach (Match m in Placeholder().Matches(text.Recommendation))
            {
                if (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > highest)
                    issues.Add(item + ".recommendation", $"{m.Value} is not passed by the {text.Check} alert (use {{0}} for the computer{(highest > 0 ? " and {1} for the hours" : "")})");
            }
        }
        foreach (var missing in Enum.GetValues<HealthCheckKind>().Where(k => !seen.Contains(k)))
            issues.Add(path, $"no text for the {missing} check");
    }

    [GeneratedRegex(@"\{(\d+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    private static void Knowledge(TemplateIssues issues, string path, Knowledge knowledge)
    {
        Text(issues, path + ".summary", knowledge.Summary);
        Items(issues, path + ".causes", knowledge.Causes, "list at least one cause");
        Items(issues, path + ".resolutions", knowledge.Resolutions, "list at least one resolution");
    }

    private static void Items(TemplateIssues issues, string path, IReadOnlyList<string> items, string whenEmpty)
    {
        if (items.Count == 0) issues.Add(path, whenEmpty);
        for (var i = 0; i < items.Count; i++) Text(issues, JsonPositions.Item(path, i), items[i]);
    }

    private static void Recommendation(TemplateIssues issues, string path, string text)
    {
        Text(issues, path, text);
        if (text.Length > MaxRecommendationLength)
        {
            issues.Add(path, $"the recommendation is {text.Length} characters long (at most {MaxRecommendationLength}: it is sent by e-mail; move detail to the knowledge)");
        }
    }

    private static void EventIds(TemplateIssues issues, string path, IReadOnlyList<int> ids)
    {
        if (ids.Count == 0) issues.Add(path, "list at least one event ID");
        var seen = new HashSet<int>();
        for (var i = 0; i < ids.Count; i++)
        {
            var itemPath = JsonPositions.Item(path, i);
            if (ids[i] is < 0 or > 65535) issues.Add(itemPath, $"event ID {ids[i]} is out of range (0 to 65535)");
            else if (!seen.Add(ids[i])) issues.Add(itemPath, $"event ID {ids[i]} is listed twice");
        }
    }

    /// <summary>Product keys the family's own IDs use after <c>KasperskyLab.</c>: a product so named would take the library's IDs.</summary>
    internal static readonly string[] ReservedProductKeys = ["Library", "Shared"];

    /// <summary>
    /// Shared component keys the library's own IDs use after <c>KasperskyLab.Library.</c> (a component's class is
    /// <c>KasperskyLab.Library.&lt;Key&gt;</c>): a component so named would take one of them.
    /// </summary>
    internal static readonly string[] ReservedComponentKeys =
        ["Application", "ActiveAlerts", "ApplicationDiscovery", "ApplicationUsesSharedComponent", "Discovery", "RootFolder", "ServiceMonitoring", "SharedComponentUse"];

    private static void Reserved(TemplateIssues issues, string path, string key, string[] reserved, string what)
    {
        if (reserved.FirstOrDefault(r => string.Equals(r, key, StringComparison.OrdinalIgnoreCase)) is { } taken)
            issues.Add(path, $"key '{key}' is taken: the family's own IDs use '{taken}' where {what} keys go (reserved: {string.Join(", ", reserved)})");
    }

    private static void Key(TemplateIssues issues, string path, string key)
    {
        if (key.Length == 0) issues.Add(path, "the key is empty");
        else if (!KeyPattern().IsMatch(key)) issues.Add(path, $"key '{key}' must start with a letter and contain only letters and digits (A-Z, a-z, 0-9)");
        else if (key.Length > MaxKeyLength) issues.Add(path, $"key '{key}' is {key.Length} characters long (at most {MaxKeyLength})");
    }

    private static void Unique(TemplateIssues issues, Dictionary<string, int> seen, string path, string value, int index, string what, string listPath)
    {
        if (seen.TryGetValue(value, out var first))
        {
            issues.Add(path, $"duplicate {what} '{value}' (also at {JsonPositions.Item(listPath, first)})");
        }
        else seen[value] = index;
    }

    private static void ServiceName(TemplateIssues issues, string path, string name)
    {
        NoVariable(issues, path, name, "a service name");
        if (name.IndexOfAny(['/', '\\']) >= 0) issues.Add(path, $"service name '{name}' may not contain '/' or '\\'");
        // The start task passes it quoted on a command line (net start "NAME").
        if (name.Contains('"')) issues.Add(path, $"service name '{name}' may not contain '\"'");
    }

    /// <summary>Health check names: a product's health check monitor is <c>KasperskyLab.&lt;Key&gt;.&lt;Check&gt;.Monitor</c>, as an event monitor is with its alert's key.</summary>
    internal static readonly string[] HealthCheckNames = Enum.GetNames<HealthCheckKind>();

    private static void EventLogName(TemplateIssues issues, string path, string name) => NoVariable(issues, path, name, "a log name");

    /// <summary>A name the packs put into module configuration, where Operations Manager replaces <c>$…$</c> with a value.</summary>
    private static void NoVariable(TemplateIssues issues, string path, string name, string what)
    {
        Name(issues, path, name);
        if (name.Contains('$')) issues.Add(path, $"{what} may not contain '$' (Operations Manager would read it as a variable)");
    }

    private static void RegistryPaths(TemplateIssues issues, string path, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0) issues.Add(path, "list at least one registry key");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < keys.Count; i++)
        {
            var itemPath = JsonPositions.Item(path, i);
            RegistryPath(issues, itemPath, keys[i]);
            if (!seen.Add(keys[i])) issues.Add(itemPath, $"registry key '{keys[i]}' is listed twice");
        }
    }

    /// <summary>A registry value: a key path, then '\\' and the value's name.</summary>
    private static void RegistryValuePath(TemplateIssues issues, string path, string value)
    {
        if (value.Length > 0 && !value.Contains('\\')) issues.Add(path, $"registry value '{value}' has no key; write the key's path, '\\' and the value's name (SOFTWARE\\...\\ProductVersion)");
        else RegistryPath(issues, path, value);
    }

    private static void RegistryPath(TemplateIssues issues, string path, string value)
    {
        if (value.Length == 0)
        {
            issues.Add(path, "the registry path is empty");
            return;
        }
        // The discovery script holds the path in a string literal, which a line break would end; Operations Manager
        // would replace a $…$ in it with a value before the script runs.
        if (value.Any(char.IsControl)) issues.Add(path, $"registry path '{value}' may not contain line breaks or control characters");
        else if (value.Contains('$')) issues.Add(path, $"registry path '{value}' may not contain '$' (Operations Manager would read it as a variable)");
        else if (value.StartsWith("HKLM", StringComparison.OrdinalIgnoreCase) || value.StartsWith("HKEY_", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("HKCU", StringComparison.OrdinalIgnoreCase))
        {
            issues.Add(path, $"registry path '{value}' starts with a hive; write it under HKLM without the hive (SOFTWARE\\...)");
        }
        else if (value.Contains('/')) issues.Add(path, $"registry path '{value}' contains '/'; separate keys with '\\'");
        else if (value.StartsWith('\\') || value.EndsWith('\\') || value.Contains("\\\\", StringComparison.Ordinal))
        {
            issues.Add(path, $"registry path '{value}' has an empty key name (a leading, trailing or doubled '\\')");
        }
        else if (value.Length > 1024) issues.Add(path, $"registry path is {value.Length} characters long (at most 1024)");
    }

    private static void Name(TemplateIssues issues, string path, string text)
    {
        Text(issues, path, text);
        if (text.Length > MaxNameLength) issues.Add(path, $"the name is {text.Length} characters long (at most {MaxNameLength})");
        else if (text.Any(char.IsControl)) issues.Add(path, "the name may not contain line breaks or control characters");
    }

    private static void Text(TemplateIssues issues, string path, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) issues.Add(path, "the text is empty");
        else if (text.Trim().Length != text.Length) issues.Add(path, "the text starts or ends with white space");
    }

    private static void Range(TemplateIssues issues, string path, int value, int min, int max, string? message = null)
    {
        if (value < min || value > max) issues.Add(path, $"{value} is out of range: {message ?? $"must be {min} to {max}"}");
    }

    private static void Note(TemplateIssues issues, string path, Confidence confidence, string? note)
    {
        if (note is not null) Text(issues, path + ".note", note);
        if (confidence == Confidence.Unsure && string.IsNullOrWhiteSpace(note))
        {
            issues.Add(path + ".confidence", "an Unsure fact needs a note: where it comes from and what to verify");
        }
    }

    private static int Unsure(Confidence confidence) => confidence == Confidence.Unsure ? 1 : 0;

    private static void UnsureSaid(TemplateIssues issues, string path, string description, int unsureFacts)
    {
        if (unsureFacts > 0 && !description.Contains(UnsureMarker, StringComparison.Ordinal))
        {
            issues.Add(path, $"{unsureFacts} fact(s) have confidence Unsure; the description must say which, with the word {UnsureMarker}");
        }
    }
}
