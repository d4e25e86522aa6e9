using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kmp.Kaspersky.Templates;

/// <summary>
/// Validates a template against its exported JSON Schema (<see cref="TemplateSchema"/>), so that the
/// committed schema is exactly what kmp enforces. It understands the keywords the BCL exporter emits
/// for the definition types — <c>type</c>, <c>properties</c>, <c>required</c>,
/// <c>additionalProperties: false</c>, <c>items</c>, <c>enum</c>, and <c>$ref</c> to another part of the
/// same document (the exporter uses it for a type it has already described) — and refuses a schema with any other
/// validation keyword, so a change of the definition types cannot silently weaken the check.
/// (A general validator such as NJsonSchema costs half a second or more of cold start, a quarter of
/// the budget of a whole <c>kmp build --all</c>.)
/// </summary>
internal sealed class TemplateSchemaValidator
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "$schema", "title", "description", "default",
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "items", "enum", "$ref",
    };

    private readonly JsonObject root;

    public TemplateSchemaValidator(string schemaJson)
    {
        root = JsonNode.Parse(schemaJson)?.AsObject() ?? throw new InvalidOperationException("The template schema is not a JSON object.");
        CheckKeywords(root, "#");
    }

    private JsonObject this[string pointer] => Resolve(root, pointer);

    /// <summary>A problem at a path: at the property name (unknown property) or at the value.</summary>
    public sealed record Problem(string Path, bool AtName, string Message);

    /// <summary>The problems of <paramref name="value"/>, in document order.</summary>
    public IReadOnlyList<Problem> Validate(JsonElement value)
    {
        var problems = new List<Problem>();
        Validate(value, root, "", problems);
        return problems;
    }

    // A JSON pointer into the schema document itself ("#/properties/services/items").
    private static JsonObject Resolve(JsonObject root, string pointer)
    {
        if (!pointer.StartsWith('#')) throw new InvalidOperationException($"The template schema refers to '{pointer}', outside itself.");
        JsonNode? node = root;
        foreach (var token in pointer[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj => obj[name],
                JsonArray array when int.TryParse(name, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
        }
        return node as JsonObject ?? throw new InvalidOperationException($"The template schema refers to '{pointer}', which it does not contain.");
    }

    private void CheckKeywords(JsonObject schema, string where)
    {
        foreach (var (name, child) in schema)
        {
            if (Annotations.Contains(name)) continue;
            if (!Keywords.Contains(name))
            {
                throw new InvalidOperationException($"The template schema uses '{name}' at {where}, which the template validator does not implement.");
            }
            switch (name)
            {
                case "properties":
                    foreach (var (property, propertySchema) in child!.AsObject()) CheckKeywords(propertySchema!.AsObject(), $"{where}/properties/{property}");
                    break;
                case "items":
                    CheckKeywords(child!.AsObject(), where + "/items");
                    break;
                case "additionalProperties" when child!.GetValueKind() != JsonValueKind.False:
                    throw new InvalidOperationException($"The template schema allows additional properties at {where}.");
                case "$ref":
                    _ = this[child!.GetValue<string>()];
                    if (schema.Any(k => k.Key != "$ref" && !Annotations.Contains(k.Key)))
                    {
                        throw new InvalidOperationException($"The template schema combines '$ref' with other keywords at {where}.");
                    }
                    break;
            }
        }
    }

    private void Validate(JsonElement value, JsonObject schema, string path, List<Problem> problems)
    {
        if (schema["$ref"] is { } reference)
        {
            Validate(value, this[reference.GetValue<string>()], path, problems);
            return;
        }
        if (schema["type"] is { } type)
        {
            var allowed = type is JsonArray list ? list.Select(t => t!.GetValue<string>()).ToList() : [type.GetValue<string>()];
            if (!allowed.Any(t => IsOfType(value, t)))
            {
                problems.Add(new Problem(path, false, $"expected {Expected(allowed)}, found {Found(value)}"));
                return;
            }
            if (value.ValueKind == JsonValueKind.Number && allowed.Contains("integer") && !value.TryGetInt32(out _))
            {
                problems.Add(new Problem(path, false, $"{Found(value)} is out of range ({int.MinValue} to {int.MaxValue})"));
                return;
            }
        }

        if (schema["enum"] is JsonArray choices)
        {
            if (!choices.Any(c => Matches(value, c)))
            {
                var names = choices.Where(c => c is not null).Select(c => c!.ToJsonString().Trim('"'));
                problems.Add(new Problem(path, false, $"{Found(value)} is not one of: {string.Join(", ", names)}"));
                return;
            }
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                ValidateObject(value, schema, path, problems);
                break;
            case JsonValueKind.Array when schema["items"] is JsonObject items:
                var index = 0;
                foreach (var item in value.EnumerateArray()) Validate(item, items, JsonPositions.Item(path, index++), problems);
                break;
        }
    }

    private void ValidateObject(JsonElement value, JsonObject schema, string path, List<Problem> problems)
    {
        var properties = schema["properties"] as JsonObject;
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r!.GetValue<string>()))
            {
                if (!value.TryGetProperty(name, out _)) problems.Add(new Problem(path, false, $"missing required property '{name}'"));
            }
        }
        var closed = schema["additionalProperties"] is { } additional && additional.GetValueKind() == JsonValueKind.False;
        foreach (var property in value.EnumerateObject())
        {
            var propertyPath = JsonPositions.Child(path, property.Name);
            if (properties?[property.Name] is JsonObject propertySchema)
            {
                Validate(property.Value, propertySchema, propertyPath, problems);
            }
            else if (closed)
            {
                var allowed = properties?.Select(p => p.Key).Where(k => k != TemplateSchema.SchemaProperty).ToList() ?? [];
                var hint = allowed.Count > 0 ? "; allowed: " + string.Join(", ", allowed) : "";
                problems.Add(new Problem(propertyPath, true, $"unknown property '{property.Name}'{hint}"));
            }
        }
    }

    private static bool IsOfType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && IsIntegral(value.GetRawText()),
        _ => throw new InvalidOperationException($"The template schema uses the unknown type '{type}'."),
    };

    // A JSON number without a fraction or exponent (1.0 and 1e3 are refused: the definition types hold int).
    private static bool IsIntegral(string raw) => raw.IndexOfAny(['.', 'e', 'E']) < 0;

    private static bool Matches(JsonElement value, JsonNode? choice) => choice switch
    {
        null => value.ValueKind == JsonValueKind.Null,
        _ when choice.GetValueKind() == JsonValueKind.String => value.ValueKind == JsonValueKind.String && value.GetString() == choice.GetValue<string>(),
        _ => value.ValueKind != JsonValueKind.Null && JsonNode.DeepEquals(JsonNode.Parse(value.GetRawText()), choice),
    };

    private static string Expected(IReadOnlyList<string> types)
    {
        var names = types.Select(t => t switch
        {
            "object" => "an object",
            "array" => "an array",
            "string" => "a string",
            "integer" => "an integer",
            "number" => "a number",
            "boolean" => "true or false",
            _ => "null",
        }).ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
    }

    private static string Found(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"\"{Shorten(value.GetString() ?? "")}\"",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 40 ? line : line[..37] + "...";
    }
}
