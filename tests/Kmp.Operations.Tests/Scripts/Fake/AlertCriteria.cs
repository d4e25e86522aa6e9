using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EnterpriseManagement.Monitoring;

namespace Kmp.Operations.Tests.Scripts.Fake;

/// <summary>
/// The criteria language of MonitoringAlertCriteria (Get-SCOMAlert -Criteria): comparisons (=, ==, !=,
/// &lt;&gt;, &gt;, &lt;, &gt;=, &lt;=, LIKE, MATCHES), IN (Guid properties only), IS [NOT] NULL, AND, OR,
/// NOT and parentheses, over the documented property names. A property name that is not documented,
/// or IN on a property that is not a Guid, is refused as SCOM refuses it.
/// </summary>
public static partial class AlertCriteria
{
    /// <summary>The property names the MonitoringAlertCriteria constructor documents.</summary>
    public static readonly IReadOnlySet<string> Documented = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Id", "Name", "Description", "MonitoringObjectId", "MonitoringClassId", "MonitoringObjectName", "MonitoringObjectDisplayName",
        "MonitoringObjectPath", "MonitoringObjectFullName", "IsMonitorAlert", "ProblemId", "MonitoringRuleId", "ResolutionState",
        "Priority", "Severity", "Category", "Owner", "ResolvedBy", "TimeRaised", "TimeAdded", "LastModified", "LastModifiedBy",
        "TimeResolved", "TimeResolutionStateLastModified", "CustomField1", "CustomField2", "CustomField3", "CustomField4", "CustomField5",
        "CustomField6", "CustomField7", "CustomField8", "CustomField9", "CustomField10", "TicketId", "Context", "ConnectorId",
        "LastModifiedByNonConnector", "MonitoringObjectInMaintenanceMode", "MonitoringObjectHealthState", "ConnectorStatus",
        "NetbiosComputerName", "NetbiosDomainName", "PrincipalName", "AlertParams", "SiteName", "MaintenanceModeLastModified", "StateLastModified",
    };

    private static readonly IReadOnlySet<string> Guids = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Id", "MonitoringObjectId", "MonitoringClassId", "ProblemId", "MonitoringRuleId", "ConnectorId" };

    public static Func<MonitoringAlert, bool> Parse(string criteria)
    {
        var tokens = Tokenize(criteria);
        var position = 0;
        var result = Or(tokens, ref position);
        if (position != tokens.Count) throw Invalid(criteria, $"unexpected '{tokens[position]}'");
        return result;

        Func<MonitoringAlert, bool> Or(List<string> t, ref int i)
        {
            var left = And(t, ref i);
            while (i < t.Count && Is(t[i], "OR"))
            {
                i++;
                var l = left;
                var r = And(t, ref i);
                left = a => l(a) || r(a);
            }
            return left;
        }

        Func<MonitoringAlert, bool> And(List<string> t, ref int i)
        {
            var left = Not(t, ref i);
            while (i < t.Count && Is(t[i], "AND"))
            {
                i++;
                var l = left;
                var r = Not(t, ref i);
                left = a => l(a) && r(a);
            }
            return left;
        }

        Func<MonitoringAlert, bool> Not(List<string> t, ref int i)
        {
            if (i < t.Count && Is(t[i], "NOT"))
            {
                i++;
                var inner = Not(t, ref i);
                return a => !inner(a);
            }
            if (i < t.Count && t[i] == "(")
            {
                i++;
                var inner = Or(t, ref i);
                Expect(t, ref i, ")");
                return inner;
            }
            return Comparison(t, ref i);
        }

        Func<MonitoringAlert, bool> Comparison(List<string> t, ref int i)
        {
            if (i >= t.Count) throw Invalid(criteria, "a condition is missing");
            var property = t[i++];
            if (!Documented.Contains(property)) throw Invalid(criteria, $"'{property}' is not a property of MonitoringAlertCriteria");
            if (i >= t.Count) throw Invalid(criteria, $"no operator after {property}");
            var op = t[i++].ToUpperInvariant();
            if (op == "IS")
            {
                var negate = i < t.Count && Is(t[i], "NOT");
                if (negate) i++;
                Expect(t, ref i, "NULL");
                return a => (Value(a, property) is null) != negate;
            }
            if (op == "IN")
            {
                if (!Guids.Contains(property)) throw Invalid(criteria, $"IN is valid only with properties of type Guid, not {property}");
                Expect(t, ref i, "(");
                var values = new List<Guid>();
                while (true)
                {
                    values.Add(Guid.Parse(Literal(t[i++])));
                    if (t[i] == ",") { i++; continue; }
                    Expect(t, ref i, ")");
                    break;
                }
                return a => Value(a, property) is Guid g && values.Contains(g);
            }
            var literal = Literal(t[i++]);
            return op switch
            {
                "=" or "==" => a => Compare(Value(a, property), literal) == 0,
                "!=" or "<>" => a => Compare(Value(a, property), literal) != 0,
                ">" => a => Compare(Value(a, property), literal) > 0,
                "<" => a => Compare(Value(a, property), literal) < 0,
                ">=" => a => Compare(Value(a, property), literal) >= 0,
                "<=" => a => Compare(Value(a, property), literal) <= 0,
                "LIKE" => a => Value(a, property) is { } v && Regex.IsMatch(v.ToString()!, "^" + Regex.Escape(literal).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase),
                "MATCHES" => a => Value(a, property) is { } v && Regex.IsMatch(v.ToString()!, literal),
                _ => throw Invalid(criteria, $"'{op}' is not an operator"),
            };
        }

        void Expect(List<string> t, ref int i, string token)
        {
            if (i >= t.Count || !Is(t[i], token)) throw Invalid(criteria, $"'{token}' expected");
            i++;
        }
    }

    private static bool Is(string token, string keyword) => string.Equals(token, keyword, StringComparison.OrdinalIgnoreCase);

    private static string Literal(string token) => token.StartsWith('\'') ? token[1..^1].Replace("''", "'", StringComparison.Ordinal) : token;

    private static int Compare(object? value, string literal) => value switch
    {
        null => -1,
        Guid g => Guid.TryParse(literal, out var other) ? g.CompareTo(other) : 1,
        bool b => b.CompareTo(literal is "1" || Is(literal, "true")),
        byte n => ((int)n).CompareTo(int.Parse(literal, CultureInfo.InvariantCulture)),
        DateTime d => d.CompareTo(DateTime.Parse(literal, CultureInfo.InvariantCulture)),
        _ => string.Compare(value.ToString(), literal, StringComparison.OrdinalIgnoreCase),
    };

#pragma warning disable CS0618 // MonitoringRuleId: the criteria name stays valid although the property is obsolete
    private static object? Value(MonitoringAlert alert, string property) => property.ToUpperInvariant() switch
    {
        "ID" => alert.Id,
        "NAME" => alert.Name,
        "ISMONITORALERT" => alert.IsMonitorAlert,
        "PROBLEMID" => alert.ProblemId,
        "MONITORINGRULEID" => alert.MonitoringRuleId,
        "RESOLUTIONSTATE" => alert.ResolutionState,
        "MONITORINGOBJECTID" => alert.MonitoringObjectId,
        "TIMERESOLVED" => alert.TimeResolved,
        _ => throw new NotSupportedException($"the fake group does not model the alert property {property}"),
    };
#pragma warning restore CS0618

    private static List<string> Tokenize(string criteria)
    {
        var tokens = new List<string>();
        foreach (Match m in TokenPattern().Matches(criteria))
        {
            if (m.Groups["bad"].Success) throw Invalid(criteria, $"unexpected character '{m.Value}'");
            if (!m.Groups["space"].Success) tokens.Add(m.Value);
        }
        return tokens;
    }

    private static ArgumentException Invalid(string criteria, string why) => new($"The criteria expression is not valid ({why}): {criteria}");

    [GeneratedRegex(@"(?<space>\s+)|'(?:[^']|'')*'|==|!=|<>|>=|<=|[=<>(),]|[A-Za-z0-9_.\-:]+|(?<bad>.)")]
    private static partial Regex TokenPattern();
}
