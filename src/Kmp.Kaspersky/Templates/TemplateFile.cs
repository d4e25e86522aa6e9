using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kmp.ManagementPacks;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Kmp.Kaspersky.Templates;

/// <summary>
/// Reads one template file, all or nothing: JSON syntax (System.Text.Json), then the exported schema
/// (NJsonSchema: unknown, missing and mistyped properties), then strict deserialization into the
/// definition types, then the rules no schema says (<see cref="TemplateRules"/>). The first problem, in
/// document order, is thrown as a <see cref="KmpException"/> <c>file:line:column: message</c> with the
/// file path as given.
/// </summary>
public static partial class TemplateFile
{
    /// <summary>Templates larger than this are refused (they are a few tens of kilobytes).</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private static readonly Lazy<JsonSchema> LibrarySchema = new(() => JsonSchema.FromJsonAsync(TemplateSchema.Library).GetAwaiter().GetResult());

    private static readonly Lazy<JsonSchema> ProductSchema = new(() => JsonSchema.FromJsonAsync(TemplateSchema.Product).GetAwaiter().GetResult());

    /// <summary>Reads and checks <c>library.json</c>.</summary>
    public static LibraryTemplate ReadLibrary(string path) => ReadLibraryDocument(path).Value;

    /// <summary>Reads and checks one product template.</summary>
    public static ProductTemplate ReadProduct(string path) => ReadProductDocument(path).Value;

    /// <summary>Checks library template text; <paramref name="fileName"/> names it in errors.</summary>
    public static LibraryTemplate ParseLibrary(string json, string fileName) =>
        ParseLibraryDocument(Encoding.UTF8.GetBytes(json), fileName).Value;

    /// <summary>Checks product template text; <paramref name="fileName"/> names it in errors.</summary>
    public static ProductTemplate ParseProduct(string json, string fileName) =>
        ParseProductDocument(Encoding.UTF8.GetBytes(json), fileName).Value;

    internal static TemplateDocument<LibraryTemplate> ReadLibraryDocument(string path) => ParseLibraryDocument(ReadBytes(path), path);

    internal static TemplateDocument<ProductTemplate> ReadProductDocument(string path) => ParseProductDocument(ReadBytes(path), path);

    internal static TemplateDocument<LibraryTemplate> ParseLibraryDocument(byte[] utf8, string file) =>
        Parse<LibraryTemplate>(utf8, file, LibrarySchema.Value, TemplateRules.Check);

    internal static TemplateDocument<ProductTemplate> ParseProductDocument(byte[] utf8, string file) =>
        Parse<ProductTemplate>(utf8, file, ProductSchema.Value, TemplateRules.Check);

    private static byte[] ReadBytes(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw KmpException.At(path, 0, 0, "template file not found");
            if (info.Length > MaxBytes) throw KmpException.At(path, 0, 0, $"template file is {info.Length} bytes (at most {MaxBytes})");
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw KmpException.At(path, 0, 0, "cannot read template file: " + ex.Message.ReplaceLineEndings(" "));
        }
    }

    private static TemplateDocument<T> Parse<T>(byte[] bytes, string file, JsonSchema schema, Action<T, TemplateIssues> rules)
        where T : class
    {
        if (bytes.Length > MaxBytes) throw KmpException.At(file, 0, 0, $"template file is {bytes.Length} bytes (at most {MaxBytes})");
        var utf8 = new ReadOnlyMemory<byte>(bytes);
        if (utf8.Span.StartsWith(Encoding.UTF8.Preamble)) utf8 = utf8[Encoding.UTF8.Preamble.Length..];

        CheckSyntax(utf8, file);
        var positions = JsonPositions.Build(utf8);
        if (positions.Duplicates.Count > 0)
        {
            var (path, at) = positions.Duplicates[0];
            throw KmpException.At(file, at.Line, at.Column,
                TemplateIssues.Format(JsonPositions.Parent(path), $"duplicate property '{path[(path.LastIndexOf('.') + 1)..]}'"));
        }

        var schemaProblem = SchemaProblems(schema, Encoding.UTF8.GetString(utf8.Span))
            .OrderBy(p => positions.OrderOf(p.Path))
            .FirstOrDefault();
        if (schemaProblem is not null)
        {
            var at = schemaProblem.AtName ? positions.NameAt(schemaProblem.Path) : positions.ValueAt(schemaProblem.Anchor);
            throw KmpException.At(file, at.Line, at.Column, schemaProblem.Message);
        }

        T value;
        try
        {
            value = JsonSerializer.Deserialize<T>(utf8.Span, TemplateSchema.SerializerOptions)
                ?? throw KmpException.At(file, 1, 1, "the template is null (expected an object)");
        }
        catch (JsonException ex)
        {
            var path = FromJsonPath(ex.Path);
            var at = ex.LineNumber is { } line
                ? JsonPositions.FromLineAndByte(utf8, line, ex.BytePositionInLine ?? 0)
                : positions.ValueAt(path);
            throw KmpException.At(file, at.Line, at.Column, TemplateIssues.Format(path, FirstSentence(ex.Message)));
        }

        var issues = new TemplateIssues();
        rules(value, issues);
        var first = issues.All.OrderBy(i => positions.OrderOf(i.Path)).FirstOrDefault();
        if (first is not null)
        {
            var at = positions.ValueAt(first.Path);
            throw KmpException.At(file, at.Line, at.Column, TemplateIssues.Format(first.Path, first.Message));
        }
        return new TemplateDocument<T>(file, value, positions);
    }

    private static void CheckSyntax(ReadOnlyMemory<byte> utf8, string file)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions
            {
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
                MaxDepth = TemplateSchema.SerializerOptions.MaxDepth,
            });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw KmpException.At(file, 1, 1, $"a template must be a JSON object, found {KindName(document.RootElement.ValueKind)}");
            }
        }
        catch (JsonException ex)
        {
            var at = JsonPositions.FromLineAndByte(utf8, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            throw KmpException.At(file, at.Line, at.Column, "invalid JSON: " + FirstSentence(ex.Message));
        }
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    // System.Text.Json messages end in " Path: $.x | LineNumber: 0 | BytePositionInLine: 5." (the
    // place is reported separately) and may name .NET types; keep the first part.
    private static string FirstSentence(string message)
    {
        var text = message.ReplaceLineEndings(" ");
        foreach (var marker in new[] { " Path: ", " LineNumber: ", " | " })
        {
            var cut = text.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0) text = text[..cut];
        }
        // "Change the reader options." suggests a fix to the reader, not to the template.
        return text.Replace(" Change the reader options.", "", StringComparison.Ordinal).TrimEnd();
    }

    private static string FromJsonPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    // ---- schema errors --------------------------------------------------------------------------

    private sealed record SchemaProblem(string Path, string Anchor, bool AtName, string Message);

    private static IEnumerable<SchemaProblem> SchemaProblems(JsonSchema schema, string json) =>
        schema.Validate(json).Select(Describe);

    private static SchemaProblem Describe(ValidationError error)
    {
        var leaf = Leaf(error);
        var path = FromSchemaPath(leaf.Path);
        switch (leaf.Kind)
        {
            case ValidationErrorKind.PropertyRequired:
            {
                var parent = JsonPositions.Parent(path);
                return new SchemaProblem(parent, parent, false, TemplateIssues.Format(parent, $"missing required property '{leaf.Property}'"));
            }
            case ValidationErrorKind.NoAdditionalPropertiesAllowed:
            {
                var parent = JsonPositions.Parent(path);
                var allowed = leaf.Schema?.ActualProperties.Keys.Where(k => k != TemplateSchema.SchemaProperty).ToList() ?? [];
                var hint = allowed.Count > 0 ? "; allowed: " + string.Join(", ", allowed) : "";
                return new SchemaProblem(path, path, true, TemplateIssues.Format(parent, $"unknown property '{leaf.Property}'{hint}"));
            }
            case ValidationErrorKind.NotInEnumeration:
            {
                var allowed = leaf.Schema?.ActualSchema.Enumeration.Where(v => v is not null).Select(v => v!.ToString()).ToList() ?? [];
                return new SchemaProblem(path, path, false, TemplateIssues.Format(path, $"{Found(leaf)} is not one of: {string.Join(", ", allowed)}"));
            }
            case ValidationErrorKind.StringExpected or ValidationErrorKind.IntegerExpected or ValidationErrorKind.NumberExpected
                or ValidationErrorKind.BooleanExpected or ValidationErrorKind.ObjectExpected or ValidationErrorKind.ArrayExpected
                or ValidationErrorKind.NullExpected:
                return new SchemaProblem(path, path, false, TemplateIssues.Format(path, $"expected {Expected(leaf)}, found {Found(leaf)}"));
            default:
                return new SchemaProblem(path, path, false, TemplateIssues.Format(path, Humanize(leaf.Kind.ToString())));
        }
    }

    // The one error under a nested one (array item, property, one type of a nullable union) that says
    // most: not "expected null" when another branch says more, the deepest path first.
    private static ValidationError Leaf(ValidationError error)
    {
        var leaves = Leaves(error).ToList();
        var useful = leaves.Where(l => l.Kind != ValidationErrorKind.NullExpected).ToList();
        if (useful.Count == 0) useful = leaves;
        return useful.OrderByDescending(l => FromSchemaPath(l.Path).Length).First();
    }

    private static IEnumerable<ValidationError> Leaves(ValidationError error)
    {
        var children = error switch
        {
            ChildSchemaValidationError child => child.Errors.Values.SelectMany(e => e).ToList(),
            MultiTypeValidationError multi => multi.Errors.Values.SelectMany(e => e).ToList(),
            _ => [],
        };
        if (children.Count == 0) return [error];
        return children.SelectMany(Leaves);
    }

    private static string FromSchemaPath(string? path)
    {
        if (string.IsNullOrEmpty(path)) return "";
        var p = path.StartsWith("#/", StringComparison.Ordinal) ? path[2..] : path.TrimStart('#');
        return p;
    }

    private static string Expected(ValidationError error)
    {
        var type = error.Schema?.ActualSchema.Type ?? JsonObjectType.None;
        var names = new List<string>();
        if (type.HasFlag(JsonObjectType.Object)) names.Add("an object");
        if (type.HasFlag(JsonObjectType.Array)) names.Add("an array");
        if (type.HasFlag(JsonObjectType.String)) names.Add("a string");
        if (type.HasFlag(JsonObjectType.Integer)) names.Add("an integer");
        else if (type.HasFlag(JsonObjectType.Number)) names.Add("a number");
        if (type.HasFlag(JsonObjectType.Boolean)) names.Add("true or false");
        if (type.HasFlag(JsonObjectType.Null)) names.Add("null");
        if (names.Count == 0)
        {
            names.Add(error.Kind switch
            {
                ValidationErrorKind.StringExpected => "a string",
                ValidationErrorKind.IntegerExpected => "an integer",
                ValidationErrorKind.NumberExpected => "a number",
                ValidationErrorKind.BooleanExpected => "true or false",
                ValidationErrorKind.ObjectExpected => "an object",
                ValidationErrorKind.ArrayExpected => "an array",
                _ => "null",
            });
        }
        return names.Count == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
    }

    private static string Found(ValidationError error)
    {
        var token = error.Token;
        if (token is null) return "another value";
        return token.Type switch
        {
            Newtonsoft.Json.Linq.JTokenType.Object => "an object",
            Newtonsoft.Json.Linq.JTokenType.Array => "an array",
            Newtonsoft.Json.Linq.JTokenType.Integer => $"the number {Shorten(token.ToString())}",
            Newtonsoft.Json.Linq.JTokenType.Float => $"the number {Shorten(token.ToString(Newtonsoft.Json.Formatting.None))}",
            Newtonsoft.Json.Linq.JTokenType.String => $"\"{Shorten(token.ToString())}\"",
            Newtonsoft.Json.Linq.JTokenType.Boolean => token.ToString(Newtonsoft.Json.Formatting.None),
            Newtonsoft.Json.Linq.JTokenType.Null => "null",
            _ => "another value",
        };
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 40 ? line : line[..37] + "...";
    }

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex WordBoundary();

    private static string Humanize(string kind) => WordBoundary().Replace(kind, " ").ToLowerInvariant();
}

/// <summary>A template read from a file, with where each of its values is (for errors across files).</summary>
internal sealed record TemplateDocument<T>(string File, T Value, JsonPositions Positions)
{
    public KmpException Error(string path, string message)
    {
        var at = Positions.ValueAt(path);
        return KmpException.At(File, at.Line, at.Column, TemplateIssues.Format(path, message));
    }
}
