using System.Xml.Linq;
using Kmp.ManagementPacks;

namespace Kmp.Documentation;

/// <summary>An overrideable parameter a module or monitor type declares: its ID, the configuration element it sets, its type.</summary>
public sealed record DeclaredParameter(string Id, string Selector, string Type)
{
    /// <summary>The configuration element the selector names (<c>$Config/IntervalSeconds$</c> → IntervalSeconds), or null.</summary>
    public string? Element => Selector.StartsWith("$Config/", StringComparison.Ordinal) ? Selector[8..].TrimEnd('$').Split('/')[0] : null;
}

/// <summary>
/// The overrideable parameters of module and monitor types by type ID: the family's own types (typed model)
/// and the libraries' (XML, e.g. the built-in catalog of Microsoft's libraries). The first declaration wins.
/// </summary>
public sealed class ParameterCatalog
{
    private readonly Dictionary<string, IReadOnlyList<DeclaredParameter>> byType = new(StringComparer.Ordinal);

    public void Add(ManagementPack pack)
    {
        foreach (var e in pack.Elements)
        {
            IReadOnlyList<OverrideableParameter>? declared = e switch
            {
                UnitMonitorType t => t.OverrideableParameters,
                DataSourceModuleType t => t.OverrideableParameters,
                _ => null,
            };
            if (declared is not null) byType.TryAdd(e.Id, [.. declared.Select(p => new DeclaredParameter(p.Id, p.Selector, p.ParameterType))]);
        }
    }

    /// <summary>Adds the types of a pack read from XML (any element kind ending in ModuleType or MonitorType).</summary>
    public void Add(Kmp.ManagementPacks.Xml.ManagementPackDocument document)
    {
        foreach (var e in document.Elements.Where(e => e.Kind.EndsWith("ModuleType", StringComparison.Ordinal) || e.Kind.EndsWith("MonitorType", StringComparison.Ordinal)))
            byType.TryAdd(e.Id, [.. Declared(e.Xml)]);
    }

    private static IEnumerable<DeclaredParameter> Declared(XElement type) =>
        type.Element("OverrideableParameters")?.Elements("OverrideableParameter")
            .Select(p => new DeclaredParameter(p.Attribute("ID")?.Value ?? "?", p.Attribute("Selector")?.Value ?? "", p.Attribute("ParameterType")?.Value ?? "")) ?? [];

    /// <summary>The parameters of a type (an ID without alias), or none when the type is unknown.</summary>
    public IReadOnlyList<DeclaredParameter> Of(string typeId) => byType.GetValueOrDefault(typeId) ?? [];

    /// <summary>"Enabled" and the type's parameters with the workflow's values (<paramref name="value"/> of a configuration element).</summary>
    public List<ParameterDoc> For(bool enabled, string? typeId, Func<string, string?> value)
    {
        var parameters = new List<ParameterDoc> { new("Enabled", "bool", enabled ? "true" : "false") };
        foreach (var p in typeId is null ? [] : Of(typeId))
        {
            var v = p.Element is { } element ? value(element) : null;
            parameters.Add(new ParameterDoc(p.Id, p.Type, string.IsNullOrWhiteSpace(v) ? "(the type's default)" : v.Trim()));
        }
        return parameters;
    }
}
