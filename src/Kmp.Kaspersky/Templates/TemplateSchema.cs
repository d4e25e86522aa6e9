using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Kmp.ManagementPacks;

namespace Kmp.Kaspersky.Templates;

/// <summary>
/// The JSON Schemas of the template files, exported from the definition types (Definitions.cs) with the
/// BCL's <see cref="JsonSchemaExporter"/>: camelCase property names, enums as strings, required =
/// constructor parameters without a default, <c>"additionalProperties": false</c> on every object so an
/// unknown (misspelt) property is refused, descriptions from <see cref="DescriptionAttribute"/>. The
/// export is deterministic; the copies committed at <c>mp-templates/schema/</c> must equal it (a test
/// says so, and <c>KMP_UPDATE_SCHEMA=1</c> or <c>kmp templates --export-schema</c> rewrites them).
/// </summary>
public static class TemplateSchema
{
    /// <summary>File name of the library schema in <c>mp-templates/schema/</c>.</summary>
    public const string LibraryFileName = "library.schema.json";

    /// <summary>File name of the product schema in <c>mp-templates/schema/</c>.</summary>
    public const string ProductFileName = "product.schema.json";

    /// <summary>The folder of the schemas, relative to the templates folder.</summary>
    public const string FolderName = "schema";

    /// <summary>The property a template may use to point an editor at its schema; the loader ignores its value.</summary>
    public const string SchemaProperty = "$schema";

    private const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>
    /// The strict serializer settings templates are read with: camelCase, unknown members refused,
    /// required constructor parameters and nullable annotations respected, no comments or trailing commas.
    /// </summary>
    public static JsonSerializerOptions SerializerOptions { get; } = CreateSerializerOptions();

    private static readonly Lazy<string> LibrarySchema = new(() => Export(typeof(LibraryTemplate), "Kaspersky Lab management pack library template"));

    private static readonly Lazy<string> ProductSchema = new(() => Export(typeof(ProductTemplate), "Kaspersky Lab product template"));

    /// <summary>The schema of <c>mp-templates/library.json</c>, as committed (LF line ends, final newline).</summary>
    public static string Library => LibrarySchema.Value;

    /// <summary>The schema of <c>mp-templates/products/*.json</c>, as committed (LF line ends, final newline).</summary>
    public static string Product => ProductSchema.Value;

    /// <summary>Every schema file: file name → content.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Files =>
    [
        new(LibraryFileName, Library),
        new(ProductFileName, Product),
    ];

    /// <summary>Writes every schema file into <paramref name="schemaFolder"/> (each file atomically).</summary>
    public static IReadOnlyList<string> WriteAll(string schemaFolder)
    {
        var written = new List<string>();
        foreach (var (name, text) in Files)
        {
            var path = Path.Combine(schemaFolder, name);
            AtomicFile.WriteAllText(path, text);
            written.Add(path);
        }
        return written;
    }

    /// <summary>
    /// The schema files in <paramref name="schemaFolder"/> that are missing or differ from a fresh export
    /// (line ends ignored), as file names.
    /// </summary>
    public static IReadOnlyList<string> StaleFiles(string schemaFolder)
    {
        var stale = new List<string>();
        foreach (var (name, text) in Files)
        {
            var path = Path.Combine(schemaFolder, name);
            if (!File.Exists(path) || File.ReadAllText(path).ReplaceLineEndings("\n") != text) stale.Add(name);
        }
        return stale;
    }

    private static JsonSerializerOptions CreateSerializerOptions()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(AcceptSchemaProperty);
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
            AllowTrailingCommas = false,
            AllowDuplicateProperties = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            PropertyNameCaseInsensitive = false,
            MaxDepth = 32,
            WriteIndented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = resolver,
        };
        options.MakeReadOnly();
        return options;
    }

    // A template file may say "$schema": "schema/product.schema.json" so that editors validate it; the
    // root types accept that one extra property (and the exported schema lists it).
    private static void AcceptSchemaProperty(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || (info.Type != typeof(LibraryTemplate) && info.Type != typeof(ProductTemplate))) return;
        var property = info.CreateJsonPropertyInfo(typeof(string), SchemaProperty);
        property.Get = _ => null;
        property.Set = (_, _) => { };
        property.ShouldSerialize = (_, _) => false;
        property.IsGetNullable = false;
        property.IsSetNullable = false;
        property.AttributeProvider = SchemaPropertyDescription.Provider;
        info.Properties.Insert(0, property);
    }

    private static string Export(Type root, string title)
    {
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Transform,
        };
        var node = SerializerOptions.GetJsonSchemaAsNode(root, exporterOptions);
        var document = new JsonObject
        {
            [SchemaProperty] = Dialect,
            ["title"] = title,
        };
        foreach (var (name, value) in ((JsonObject)node).ToList())
        {
            if (document.ContainsKey(name)) continue;
            ((JsonObject)node).Remove(name);
            document[name] = value;
        }
        var text = document.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        return text + "\n";
    }

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject node) return schema;
        var description =
            Describe(context.PropertyInfo?.AttributeProvider)
            ?? Describe(context.TypeInfo.Type);
        if (description is not null && !node.ContainsKey("description"))
        {
            node.Insert(0, "description", description);
        }
        if (context.TypeInfo.Kind == JsonTypeInfoKind.Object && node.ContainsKey("properties") && !node.ContainsKey("additionalProperties"))
        {
            node["additionalProperties"] = false;
        }
        return node;
    }

    private static string? Describe(System.Reflection.ICustomAttributeProvider? provider) =>
        provider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false)
            .OfType<DescriptionAttribute>()
            .Select(a => a.Description)
            .FirstOrDefault();

    private sealed class SchemaPropertyDescription : System.Reflection.ICustomAttributeProvider
    {
        public static readonly SchemaPropertyDescription Provider = new();

        private static readonly object[] Attributes =
            [new DescriptionAttribute("Relative path of the JSON Schema of this file, for editors; ignored by kmp.")];

        public object[] GetCustomAttributes(bool inherit) => Attributes;

        public object[] GetCustomAttributes(Type attributeType, bool inherit) =>
            attributeType.IsAssignableFrom(typeof(DescriptionAttribute)) ? Attributes : [];

        public bool IsDefined(Type attributeType, bool inherit) => attributeType.IsAssignableFrom(typeof(DescriptionAttribute));
    }
}
