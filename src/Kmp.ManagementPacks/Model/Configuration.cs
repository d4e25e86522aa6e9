using System.Globalization;

namespace Kmp.ManagementPacks;

/// <summary>
/// One element of a module's configuration, of a view's criteria or of a composition: a name with
/// either text or child elements, and optional attributes. Immutable, so packs built from the same
/// definitions are equal and write the same bytes.
/// </summary>
public sealed record ConfigElement(
    string Name,
    string? Text,
    IReadOnlyList<ConfigElement> Children,
    IReadOnlyList<KeyValuePair<string, string>> Attributes,
    bool CData = false)
{
    public static ConfigElement Value(string name, string text) => new(name, text, [], []);

    public static ConfigElement Value(string name, long number) => Value(name, number.ToString(CultureInfo.InvariantCulture));

    public static ConfigElement Value(string name, bool flag) => Value(name, flag ? "true" : "false");

    /// <summary>Text written as a CDATA section (script bodies).</summary>
    public static ConfigElement Script(string name, string text) => new(name, text, [], [], CData: true);

    public static ConfigElement Node(string name, params ConfigElement[] children) => new(name, null, children, []);

    public static ConfigElement Empty(string name) => new(name, null, [], []);

    public ConfigElement WithAttribute(string name, string value) => this with { Attributes = [.. Attributes, new(name, value)] };
}

/// <summary>A module inside a workflow or a composite module type: <c>&lt;DataSource ID="DS" TypeID="…"&gt;config&lt;/DataSource&gt;</c>.</summary>
public sealed record Module(ModuleKind Kind, string Id, Ref<Kinds.ModuleType> TypeId, IReadOnlyList<ConfigElement> Configuration)
{
    public string Id { get; init; } = Identifiers.Local(Id, "module ID");

    public static Module DataSource(string id, Ref<Kinds.ModuleType> type, params ConfigElement[] config) => new(ModuleKind.DataSource, id, type, config);

    public static Module Probe(string id, Ref<Kinds.ModuleType> type, params ConfigElement[] config) => new(ModuleKind.ProbeAction, id, type, config);

    public static Module Condition(string id, Ref<Kinds.ModuleType> type, params ConfigElement[] config) => new(ModuleKind.ConditionDetection, id, type, config);

    public static Module WriteAction(string id, Ref<Kinds.ModuleType> type, params ConfigElement[] config) => new(ModuleKind.WriteAction, id, type, config);

    public static Module DataSource(string id, Ref<Kinds.ModuleType> type, IModuleConfiguration config) => new(ModuleKind.DataSource, id, type, config.ToConfiguration());

    public static Module Probe(string id, Ref<Kinds.ModuleType> type, IModuleConfiguration config) => new(ModuleKind.ProbeAction, id, type, config.ToConfiguration());

    public static Module Condition(string id, Ref<Kinds.ModuleType> type, IModuleConfiguration config) => new(ModuleKind.ConditionDetection, id, type, config.ToConfiguration());

    public static Module WriteAction(string id, Ref<Kinds.ModuleType> type, IModuleConfiguration config) => new(ModuleKind.WriteAction, id, type, config.ToConfiguration());
}

/// <summary>
/// The typed configuration of one module or monitor type: a record whose members are the elements of
/// the type's configuration schema, in schema order, so a misspelt or missing element does not compile.
/// </summary>
public interface IModuleConfiguration
{
    IReadOnlyList<ConfigElement> ToConfiguration();
}

/// <summary>Expressions of System.ExpressionFilter and the event/registry providers.</summary>
public static class Expressions
{
    public static ConfigElement Simple(string xpath, string xpathType, string op, string value, string valueType = "") =>
        ConfigElement.Node("SimpleExpression",
            ConfigElement.Node("ValueExpression", Typed("XPathQuery", xpath, xpathType)),
            ConfigElement.Value("Operator", op),
            ConfigElement.Node("ValueExpression", Typed("Value", value, valueType == "" ? xpathType : valueType)));

    /// <summary>A value with its Type attribute (what <c>Value(name, text).WithAttribute("Type", type)</c> makes, in one element).</summary>
    private static ConfigElement Typed(string name, string text, string type) => new(name, text, [], [new("Type", type)]);

    /// <summary>Wraps one expression in <c>&lt;Expression&gt;</c> (the operand form of And/Or).</summary>
    public static ConfigElement Operand(ConfigElement expression) => ConfigElement.Node("Expression", expression);

    public static ConfigElement And(params ConfigElement[] expressions) =>
        expressions.Length == 1 ? expressions[0] : ConfigElement.Node("And", Operands(expressions));

    public static ConfigElement Or(params ConfigElement[] expressions) =>
        expressions.Length == 1 ? expressions[0] : ConfigElement.Node("Or", Operands(expressions));

    private static ConfigElement[] Operands(ConfigElement[] expressions)
    {
        var operands = new ConfigElement[expressions.Length];
        for (var i = 0; i < expressions.Length; i++) operands[i] = Operand(expressions[i]);
        return operands;
    }

    public static ConfigElement RegEx(string xpath, string xpathType, string op, string pattern) =>
        ConfigElement.Node("RegExExpression",
            ConfigElement.Node("ValueExpression", Typed("XPathQuery", xpath, xpathType)),
            ConfigElement.Value("Operator", op),
            ConfigElement.Value("Pattern", pattern));
}
