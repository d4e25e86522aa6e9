using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Kmp.Documentation;

/// <summary>
/// A module's or monitor's configuration in words an administrator reads: registry keys and values, the
/// frequency, the properties a discovery fills, event filters as expressions, thresholds. The same for the
/// typed model (its configuration turned into XML) and for any pack's XML.
/// </summary>
internal static partial class ConfigurationText
{
    /// <summary>Configuration elements left out: the same on every workflow and of no use to a reader.</summary>
    private static readonly HashSet<string> Noise = ["ComputerName", "ManagementGroupName", "ApplicationName", "WorkingDirectory"];

    private static readonly HashSet<string> Durations = ["Frequency", "IntervalSeconds", "TimerWaitInSeconds", "TimeoutSeconds", "Timeout", "SyncTime", "Interval"];

    [GeneratedRegex("""\$MPElement\[Name=["']([^"']+)["']\](?:/([A-Za-z0-9_.]+))?\$""")]
    private static partial Regex MPElement();

    /// <summary>The settings of a configuration, in order; <paramref name="name"/> turns an element reference (<c>Alias!Id</c> or <c>Id</c>) into its display name.</summary>
    public static IReadOnlyList<Setting> Settings(IEnumerable<XElement> configuration, Func<string, string> name)
    {
        var settings = new List<Setting>();
        foreach (var e in configuration) Add(e, e.Name.LocalName, settings, name);
        return settings;
    }

    private static void Add(XElement e, string path, List<Setting> into, Func<string, string> name)
    {
        var local = e.Name.LocalName;
        if (Noise.Contains(local)) return;
        switch (local)
        {
            case "RegistryAttributeDefinitions":
                foreach (var d in e.Elements().Where(x => x.Name.LocalName == "RegistryAttributeDefinition"))
                {
                    var isValue = Child(d, "PathType") == "1";
                    var attributeType = Child(d, "AttributeType") switch { "0" => "exists", "1" => "text", "2" => "number", "3" => "number", _ => "value" };
                    into.Add(new Setting(isValue ? "Registry value (HKLM)" : "Registry key (HKLM)",
                        $"{Child(d, "Path")} — read as {Child(d, "AttributeName")} ({attributeType})"));
                }
                return;
            case "InstanceSettings":
                foreach (var s in e.Descendants().Where(x => x.Name.LocalName == "Setting"))
                    into.Add(new Setting("Fills " + Names(Child(s, "Name") ?? "", name), Names(Child(s, "Value") ?? "", name)));
                return;
            case "Expression" or "FirstExpression" or "SecondExpression" or "ThirdExpression" or "Filter":
                if (e.Elements().FirstOrDefault() is { } expression) into.Add(new Setting(Label(path), Expression(expression)));
                return;
        }
        if (!e.HasElements)
        {
            var text = e.Value.Trim();
            if (text.Length == 0) return;
            if (text.Contains('\n') || text.Length > 300)
            {
                into.Add(new Setting(Label(path), $"(script or text of {text.Split('\n').Length} lines)"));
                return;
            }
            if (text == "$MPElement$") return; // the workflow itself (a group populator's RuleId)
            into.Add(new Setting(Label(path), Durations.Contains(local) ? Seconds(text) : Names(text, name)));
            return;
        }
        foreach (var child in e.Elements()) Add(child, path + "/" + child.Name.LocalName, into, name);
    }

    private static string Label(string path) => path.Replace("/", " / ", StringComparison.Ordinal);

    private static string? Child(XElement e, string local) => e.Elements().FirstOrDefault(x => x.Name.LocalName == local)?.Value.Trim();

    /// <summary>A number of seconds with its reading ("86400 seconds (1 day)").</summary>
    public static string Seconds(string text)
    {
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) || s <= 0) return text;
        string unit = s switch
        {
            _ when s % 86400 == 0 => Plural(s / 86400, "day"),
            _ when s % 3600 == 0 => Plural(s / 3600, "hour"),
            _ when s % 60 == 0 => Plural(s / 60, "minute"),
            _ => "",
        };
        return unit.Length == 0 ? $"{s} seconds" : $"{s} seconds ({unit})";
    }

    private static string Plural(long n, string unit) => n == 1 ? "1 " + unit : $"{n} {unit}s";

    [GeneratedRegex("""\$Target/(Host/)?Property\[Type=["']([^"']+)["']\]/([A-Za-z0-9_.]+)\$""")]
    private static partial Regex TargetProperty();

    /// <summary>
    /// Replaces <c>$MPElement[Name="X"]$</c> by the element's name and <c>$Target/Property[Type="X"]/P$</c> by
    /// "the target's P" (the host's for <c>$Target/Host/…</c>); the rest stays as written.
    /// </summary>
    public static string Names(string text, Func<string, string> name)
    {
        var named = MPElement().Replace(text, m => m.Groups[2].Success ? $"{name(m.Groups[1].Value)}/{m.Groups[2].Value}" : name(m.Groups[1].Value));
        return TargetProperty().Replace(named, m => $"«{(m.Groups[1].Success ? "host" : "target")}'s {m.Groups[3].Value}»");
    }

    /// <summary>An expression (SimpleExpression, RegExExpression, And, Or, Not, Exists) as one line.</summary>
    public static string Expression(XElement e)
    {
        string Operand(XElement? v) => v?.Elements().FirstOrDefault() is { } x ? x.Value.Trim() : "?";
        var children = e.Elements().ToList();
        switch (e.Name.LocalName)
        {
            case "SimpleExpression":
                return $"{Operand(children.ElementAtOrDefault(0))} {Operator(children.ElementAtOrDefault(1)?.Value.Trim())} {Operand(children.ElementAtOrDefault(2))}";
            case "RegExExpression":
                return $"{Operand(children.ElementAtOrDefault(0))} {Operator(children.ElementAtOrDefault(1)?.Value.Trim())} {children.ElementAtOrDefault(2)?.Value.Trim()}";
            case "And" or "Or":
                var parts = children.Select(c => c.Elements().FirstOrDefault() is { } inner ? Expression(inner) : Expression(c)).ToList();
                return parts.Count == 1 ? parts[0] : "(" + string.Join(e.Name.LocalName == "And" ? " and " : " or ", parts) + ")";
            case "Not":
                return "not " + (children.FirstOrDefault()?.Elements().FirstOrDefault() is { } n ? Expression(n) : "?");
            case "Exists":
                return Operand(children.FirstOrDefault()) + " exists";
            case "Expression":
                return children.FirstOrDefault() is { } only ? Expression(only) : "";
            default:
                return string.Join(" ", e.DescendantNodes().OfType<XText>().Select(t => t.Value.Trim()).Where(t => t.Length > 0));
        }
    }

    private static string Operator(string? op) => op switch
    {
        "Equal" => "=",
        "NotEqual" => "≠",
        "Greater" => ">",
        "Less" => "<",
        "GreaterEqual" => "≥",
        "LessEqual" => "≤",
        "MatchesRegularExpression" or "MatchesWildcard" => "matches",
        "DoesNotMatchRegularExpression" or "DoesNotMatchWildcard" => "does not match",
        "ContainsSubstring" => "contains",
        "DoesNotContainSubstring" => "does not contain",
        _ => op ?? "?",
    };
}
