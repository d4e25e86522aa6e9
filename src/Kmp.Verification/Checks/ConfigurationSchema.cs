using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Kmp.Verification.Catalog;

namespace Kmp.Verification.Checks;

/// <summary>
/// The configuration schema a module, monitor or view type declares: its <c>Configuration</c>'s
/// <c>xsd:element</c> fragments in a sequence, plus the schema types it includes
/// (<c>IncludeSchemaTypes</c>), compiled into an <see cref="XmlSchemaSet"/> with one global element
/// <c>Configuration</c> — what SCOM validates a module's configuration against at import.
/// Compiled once per type element and cached.
/// </summary>
internal sealed partial class ConfigurationSchema
{
    private const string Xsd = BuiltInCatalog.XmlSchemaNamespace;
    private static readonly ConditionalWeakTable<XElement, ConfigurationSchema> Cache = new();

    private ConfigurationSchema(XmlSchemaSet? set, IReadOnlyList<string> parameterNames, string? problem, string? notChecked = null)
    {
        Set = set;
        ParameterNames = parameterNames;
        Problem = problem;
        NotChecked = notChecked;
    }

    /// <summary>The compiled schema, or null when it could not be built (see <see cref="Problem"/>).</summary>
    public XmlSchemaSet? Set { get; }

    /// <summary>The names of the top-level configuration elements (what <c>$Config/Name$</c> may name).</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Why the schema could not be built, or null.</summary>
    public string? Problem { get; }

    /// <summary>
    /// Why the schema cannot be built although nothing is wrong with it: it includes a schema type of a
    /// referenced pack that is not available (KMP3009 says so). What depends on it is not checked.
    /// </summary>
    public string? NotChecked { get; }

    /// <summary>True when the catalog describes the type without its configuration schema.</summary>
    public static bool IsOmitted(Owned type) => type.Element.Xml.Attribute(BuiltInCatalog.OmittedAttribute) is not null;

    public static ConfigurationSchema For(PackSet set, Owned type)
    {
        // asked for every module: the verification's own table first, without a lock
        if (set.ConfigurationSchemas.TryGetValue(type.Element.Xml, out var known)) return known;
        ConfigurationSchema schema;
        lock (Cache)
        {
            if (!Cache.TryGetValue(type.Element.Xml, out schema!))
            {
                schema = Build(set, type);
                Cache.AddOrUpdate(type.Element.Xml, schema);
            }
        }
        return set.ConfigurationSchemas.GetOrAdd(type.Element.Xml, schema);
    }

    private static ConfigurationSchema Build(PackSet set, Owned type)
    {
        var configuration = type.Element.Xml.Element("Configuration");
        var fragments = configuration?.Elements().Where(e => e.Name.NamespaceName == Xsd).ToList() ?? [];
        var names = new List<string>();
        CollectNames(fragments, names);

        var root = new XElement(XName.Get("schema", Xsd), new XAttribute(XNamespace.Xmlns + "xsd", Xsd));
        foreach (var include in configuration?.Element("IncludeSchemaTypes")?.Elements("SchemaType") ?? [])
        {
            var reference = include.Value.Trim();
            if (set.Resolve(type.Pack, reference).Status == ResolutionStatus.NotChecked)
                return new ConfigurationSchema(null, names, null, $"it includes schema type '{reference}' of a pack that is not available");
            var schemaType = TypeFacts.Resolve(set, type.Pack, reference);
            if (schemaType is not { Kind: "SchemaType" } st)
                return new ConfigurationSchema(null, names, $"included schema type '{include.Value.Trim()}' cannot be found");
            if (st.Element.Xml.Attribute(BuiltInCatalog.OmittedAttribute) is not null)
                return new ConfigurationSchema(null, names, $"included schema type '{include.Value.Trim()}' is not in the built-in catalog");
            foreach (var definition in st.Element.Xml.Elements()) root.Add(WithNamespaces(definition));
        }
        var sequence = new XElement(XName.Get("sequence", Xsd));
        foreach (var fragment in fragments) sequence.Add(WithNamespaces(fragment));
        root.Add(new XElement(XName.Get("element", Xsd), new XAttribute("name", "Configuration"),
            new XElement(XName.Get("complexType", Xsd), sequence)));

        var schemaSet = new XmlSchemaSet { XmlResolver = null };
        string? problem = null;
        schemaSet.ValidationEventHandler += (_, e) => problem ??= e.Message;
        try
        {
            using var reader = root.CreateReader();
            schemaSet.Add(null, reader);
            schemaSet.Compile();
        }
        catch (Exception ex) when (ex is XmlSchemaException or XmlException)
        {
            problem ??= ex.Message;
        }
        return problem is null ? new ConfigurationSchema(schemaSet, names, null) : new ConfigurationSchema(null, names, problem);
    }

    /// <summary>The names of the top-level elements of the configuration, through xsd:choice and xsd:sequence (in document order, without recursion).</summary>
    private static void CollectNames(IEnumerable<XElement> particles, List<string> names)
    {
        var pending = new Stack<XElement>(particles.Reverse());
        while (pending.Count > 0)
        {
            var p = pending.Pop();
            if (p.Name == XName.Get("element", Xsd) && (p.Attribute("name") ?? p.Attribute("ref"))?.Value is { } name) names.Add(name);
            else if (p.Name.LocalName is "choice" or "sequence")
                foreach (var child in p.Elements().Where(e => e.Name.NamespaceName == Xsd).Reverse()) pending.Push(child);
        }
    }

    /// <summary>A copy that declares the namespace prefixes in scope where the fragment stood (its QName values use them).</summary>
    private static XElement WithNamespaces(XElement element)
    {
        var copy = new XElement(element);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        for (var e = element; e is not null; e = e.Parent)
        {
            foreach (var a in e.Attributes().Where(a => a.IsNamespaceDeclaration && a.Name.Namespace != XNamespace.None))
            {
                if (declared.Add(a.Name.LocalName) && copy.Attribute(a.Name) is null) copy.Add(new XAttribute(a.Name, a.Value));
            }
        }
        return copy;
    }

    [GeneratedRegex(@"\$[A-Za-z][^$]*\$", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();

    /// <summary>True when a value holds a $…$ replacement (filled in by the agent: any value is accepted, as SCOM does).</summary>
    public static bool HasPlaceholder(string text) => text.Contains('$', StringComparison.Ordinal) && PlaceholderPattern().IsMatch(text);

    /// <summary>
    /// Validates configuration elements as the content of <c>Configuration</c>. A text or attribute that
    /// holds a $…$ placeholder is accepted whatever its type, and an element whose content is only a
    /// placeholder is accepted whatever its content model. Reports each problem with its node.
    /// </summary>
    public void Validate(XElement owner, IEnumerable<XElement> configuration, Action<XObject, string> report)
    {
        // a validator is costly to create: each schema keeps a few for reuse (Initialize restarts one), one
        // per thread that validates at once, taken and put back without a lock
        var session = Take() ?? new Session(Set!);
        try
        {
            session.Run(owner, configuration, report);
        }
        finally
        {
            Return(session);
        }
    }

    private readonly Session?[] sessions = new Session?[4];

    private Session? Take()
    {
        for (var i = 0; i < sessions.Length; i++)
        {
            if (Interlocked.Exchange(ref sessions[i], null) is { } session) return session;
        }
        return null;
    }

    private void Return(Session session)
    {
        for (var i = 0; i < sessions.Length; i++)
        {
            if (Interlocked.CompareExchange(ref sessions[i], session, null) is null) return;
        }
    }

    /// <summary>One validator and the state of the validation it runs.</summary>
    private sealed class Session
    {
        private readonly XmlSchemaValidator validator;
        private readonly XmlSchemaInfo info = new();
        private XObject? current;
        private bool suppress;
        private int reported;
        private Action<XObject, string>? report;

        public Session(XmlSchemaSet set)
        {
            validator = new XmlSchemaValidator(set.NameTable, set, new Scope(), XmlSchemaValidationFlags.ProcessIdentityConstraints);
            validator.ValidationEventHandler += (_, e) =>
            {
                if (suppress || e.Severity != XmlSeverityType.Error || reported++ >= 10) return;
                report!(current!, e.Message);
            };
        }

        public void Run(XElement owner, IEnumerable<XElement> configuration, Action<XObject, string> onError)
        {
            report = onError;
            current = owner;
            suppress = false;
            reported = 0;
            validator.Initialize();
            validator.ValidateElement("Configuration", "", info);
            validator.ValidateEndOfAttributes(null);
            foreach (var element in configuration) ValidateElement(validator, element, info, ref current, ref suppress);
            current = owner;
            validator.ValidateEndElement(null);
            validator.EndValidation();
            report = null;
        }
    }

    private static void ValidateElement(XmlSchemaValidator validator, XElement element, XmlSchemaInfo info, ref XObject? current, ref bool suppress)
    {
        current = element;
        validator.ValidateElement(element.Name.LocalName, element.Name.NamespaceName, info);
        for (var attribute = element.FirstAttribute; attribute is not null; attribute = attribute.NextAttribute)
        {
            if (attribute.IsNamespaceDeclaration) continue;
            current = attribute;
            suppress = HasPlaceholder(attribute.Value);
            validator.ValidateAttribute(attribute.Name.LocalName, attribute.Name.NamespaceName, attribute.Value, info);
            suppress = false;
        }
        current = element;
        validator.ValidateEndOfAttributes(null);
        var placeholderText = HasPlaceholderText(element);
        if (placeholderText && !element.HasElements)
        {
            validator.SkipToEndElement(info);
            return;
        }
        for (var node = element.FirstNode; node is not null; node = node.NextNode)
        {
            switch (node)
            {
                case XElement child:
                    ValidateElement(validator, child, info, ref current, ref suppress);
                    break;
                case XText text:
                    current = element;
                    suppress = placeholderText;
                    if (string.IsNullOrWhiteSpace(text.Value) && text is not XCData) validator.ValidateWhitespace(text.Value);
                    else validator.ValidateText(text.Value);
                    suppress = false;
                    break;
            }
        }
        current = element;
        suppress = placeholderText;
        validator.ValidateEndElement(info);
        suppress = false;
    }

    private static bool HasPlaceholderText(XElement element)
    {
        for (var node = element.FirstNode; node is not null; node = node.NextNode)
        {
            if (node is XText text && HasPlaceholder(text.Value)) return true;
        }
        return false;
    }

    /// <summary>Resolves no prefixes: configuration values are plain text to SCOM.</summary>
    private sealed class Scope : IXmlNamespaceResolver
    {
        public IDictionary<string, string> GetNamespacesInScope(XmlNamespaceScope scope) => new Dictionary<string, string>();
        public string? LookupNamespace(string prefix) => prefix.Length == 0 ? "" : null;
        public string? LookupPrefix(string namespaceName) => null;
    }
}
