using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kmp.Verification.Catalog;

namespace Kmp.Verification.Checks;

/// <summary>
/// Layer 4: every module's configuration (workflows, composite members, monitor implementations),
/// every unit monitor's configuration and every view's configuration validated against the schema its
/// type declares — the check SCOM runs at import — and, for the types the pack defines, that the
/// schema is made of xsd:element, that overrideable parameters and $Config/…$ references name
/// configuration elements, and that parameter types are SCOM's.
/// </summary>
internal static partial class ModuleConfigurationChecks
{
    private static readonly HashSet<string> ParameterTypes = ["int", "decimal", "double", "string", "datetime", "guid", "bool"];

    [GeneratedRegex(@"\$Config/([A-Za-z0-9_.]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigReference();

    public static void Run(VerificationContext context, PackEntry pack)
    {
        foreach (var element in pack.Document.Elements)
        {
            var xml = element.Xml;
            switch (element.Kind)
            {
                case "UnitMonitor":
                    if (xml.Element("Configuration") is { } configuration)
                        Validate(context, pack, element.Id, xml, xml.Attribute("TypeID")?.Value, ["UnitMonitorType"], configuration, configuration.Elements());
                    break;
                case "View":
                    Validate(context, pack, element.Id, xml, xml.Attribute("TypeID")?.Value, ["ViewType"], xml, xml.Elements().Where(e => e.Name.LocalName != "Category"));
                    break;
                case "DataSourceModuleType" or "ProbeActionModuleType" or "ConditionDetectionModuleType" or "WriteActionModuleType" or "UnitMonitorType":
                    CheckTypeDefinition(context, pack, new Owned(pack, element));
                    break;
            }
            foreach (var module in pack.Index.Modules(xml))
            {
                var kind = TypeFacts.ModuleTypeKindFor(module.Name.LocalName)!;
                Validate(context, pack, element.Id, module, module.Attribute("TypeID")?.Value, [kind], module, module.Elements());
            }
        }
    }

    private static void Validate(VerificationContext context, PackEntry pack, string elementId, XElement owner, string? typeReference, string[] kinds,
        XObject at, IEnumerable<XElement> configuration)
    {
        if (TypeFacts.Resolve(context.Set, pack, typeReference) is not { } type || !kinds.Contains(type.Kind)) return; // the reference check reports it
        if (ConfigurationSchema.IsOmitted(type))
        {
            if (type.Kind == "ViewType") return; // view criteria are presentation: checked with --references only
            context.Report(Codes.ConfigurationNotChecked, pack, elementId, at, $"the configuration of {typeReference} is not checked: the built-in catalog has no schema for it (use --references)");
            return;
        }
        var schema = ConfigurationSchema.For(context.Set, type);
        if (schema.NotChecked is not null)
        {
            context.Report(Codes.ConfigurationNotChecked, pack, elementId, at, $"the configuration of {typeReference} is not checked: {schema.NotChecked} (use --references)");
            return;
        }
        if (schema.Set is null)
        {
            if (type.Pack == pack) return; // reported on the type itself
            context.Report(Codes.ConfigurationSchemaInvalid, pack, elementId, at, $"the configuration of {typeReference} cannot be checked: its schema in {type.Pack.Id} does not compile ({schema.Problem})");
            return;
        }
        schema.Validate(owner, configuration, (node, message) =>
        {
            var what = owner.Name.LocalName is "DataSource" or "ProbeAction" or "ConditionDetection" or "WriteAction"
                ? $"module '{owner.Attribute("ID")?.Value}' ({typeReference})"
                : $"configuration of {typeReference}";
            context.Report(Codes.ConfigurationInvalid, pack, elementId, node, $"{what}: {message}");
        });
    }

    /// <summary>Checks a module or monitor type the pack defines.</summary>
    private static void CheckTypeDefinition(VerificationContext context, PackEntry pack, Owned type)
    {
        var xml = type.Element.Xml;
        var configuration = xml.Element("Configuration");
        foreach (var child in configuration?.Elements() ?? [])
        {
            if (child.Name.NamespaceName == BuiltInCatalog.XmlSchemaNamespace && child.Name.LocalName is "element" or "choice" or "sequence" or "group" or "any" or "annotation") continue;
            if (child.Name.LocalName == "IncludeSchemaTypes" && child.Name.NamespaceName.Length == 0) continue;
            context.Report(Codes.ConfigurationSchemaNotXsd, pack, type.Id, child, $"<{child.Name}> in the configuration schema: only xsd:element (and xsd:choice, xsd:sequence) and IncludeSchemaTypes are allowed");
        }
        var schema = ConfigurationSchema.For(context.Set, type);
        // a schema type of a pack that is not available (schema.NotChecked) is no error: KMP3009 names the pack
        if (schema.Set is null && schema.Problem is not null && !schema.Problem.Contains("built-in catalog", StringComparison.Ordinal))
            context.Report(Codes.ConfigurationSchemaInvalid, pack, type.Id, configuration ?? xml, $"the configuration schema does not compile: {schema.Problem}");

        var names = new HashSet<string>(schema.ParameterNames, StringComparer.Ordinal);
        foreach (var parameter in xml.Element("OverrideableParameters")?.Elements("OverrideableParameter") ?? [])
        {
            var selector = parameter.Attribute("Selector")?.Value ?? "";
            var match = ConfigReference().Match(selector);
            if (!match.Success || !names.Contains(FirstSegment(match.Groups[1].Value)))
                context.Report(Codes.OverrideableSelector, pack, type.Id, parameter,
                    $"overrideable parameter '{parameter.Attribute("ID")?.Value}': selector '{selector}' names no configuration element (has: {string.Join(", ", schema.ParameterNames)})");
            var parameterType = parameter.Attribute("ParameterType")?.Value;
            if (parameterType is not null && !ParameterTypes.Contains(parameterType))
                context.Report(Codes.ParameterType, pack, type.Id, parameter,
                    $"overrideable parameter '{parameter.Attribute("ID")?.Value}' has type '{parameterType}'; SCOM knows {string.Join(", ", ParameterTypes)}");
        }

        var implementation = xml.Element("ModuleImplementation") ?? xml.Element("MonitorImplementation");
        if (implementation is null) return;
        foreach (var node in implementation.DescendantNodes())
        {
            var (text, at) = node switch
            {
                XText t => (t.Value, (XObject)t.Parent!),
                XElement e => (string.Join(" ", e.Attributes().Select(a => a.Value)), e),
                _ => ("", node),
            };
            if (!text.Contains("$Config/", StringComparison.Ordinal)) continue;
            foreach (Match m in ConfigReference().Matches(text))
            {
                var name = FirstSegment(m.Groups[1].Value);
                if (!names.Contains(name))
                    context.Report(Codes.UnknownConfigParameter, pack, type.Id, at, $"$Config/{m.Groups[1].Value}$: {type.Id} has no configuration element '{name}'");
            }
        }
    }

    private static string FirstSegment(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? path : path[..slash];
    }
}
