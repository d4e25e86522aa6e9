using System.Text;
using System.Text.Json;
using Kmp.ManagementPacks;

namespace Kmp.Kaspersky.Templates;

/// <summary>
/// Reads one template file, all or nothing: JSON syntax (System.Text.Json), then the exported schema
/// (unknown, missing and mistyped properties), then every text's characters (<see cref="TemplateText"/>),
/// then strict deserialization into the
/// definition types, then the rules no schema says (<see cref="TemplateRules"/>). The first problem, in
/// document order, is thrown as a <see cref="KmpException"/> <c>file:line:column: message</c> with the
/// file path as given.
/// </summary>
public static class TemplateFile
{
    /// <summary>Templates larger than this are refused (they are a few tens of kilobytes).</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private static readonly Lazy<TemplateSchemaValidator> LibrarySchema = new(() => new TemplateSchemaValidator(TemplateSchema.Library));

    private static readonly Lazy<TemplateSchemaValidator> ProductSchema = new(() => new TemplateSchemaValidator(TemplateSchema.Product));

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
        if (!File.Exists(path) && !Directory.Exists(path)) throw KmpException.At(path, 0, 0, "template file not found");
        return InputFile.ReadAllBytes(path, MaxBytes, "a template file");
    }

    private static TemplateDocument<T> Parse<T>(byte[] bytes, string file, TemplateSchemaValidator schema, Action<T, TemplateIssues> rules)
        where T : class
    {
        if (bytes.Length > MaxBytes) throw KmpException.At(file, 0, 0, $"template file is {bytes.Length} bytes (at most {MaxBytes})");
        var utf8 = new ReadOnlyMemory<byte>(bytes);
        if (utf8.Span.StartsWith(Encoding.UTF8.Preamble)) utf8 = utf8[Encoding.UTF8.Preamble.Length..];

        if (System.Text.Unicode.Utf8.IsValid(utf8.Span) is false)
        {
            var bad = FirstInvalidUtf8(utf8.Span);
            var at = JsonPositions.FromOffset(utf8, bad);
            throw KmpException.At(file, at.Line, at.Column, $"the file is not UTF-8: byte 0x{utf8.Span[bad]:X2} does not begin or continue a character here (save the template as UTF-8)");
        }
        using var document = ParseSyntax(utf8, file);
        var positions = JsonPositions.Build(utf8);
        if (positions.UnreadableName is var (namePath, nameAt))
            throw KmpException.At(file, nameAt.Line, nameAt.Column, TemplateIssues.Format(namePath, "a property name holds half of a surrogate pair (an escaped \\uD800-\\uDFFF without its other half)"));
        if (positions.Duplicates.Count > 0)
        {
            var (path, name, at) = positions.Duplicates[0];
            throw KmpException.At(file, at.Line, at.Column, TemplateIssues.Format(path, $"duplicate property '{name}'"));
        }

        // Texts XML cannot hold are reported in document order with the schema's problems; a text no .NET string
        // can hold (half a surrogate pair) is reported first, since the schema check cannot read it.
        var text = TemplateText.FirstUnwritable(document.RootElement);
        if (text is { Unreadable: true }) throw TextError(file, positions, text);
        var schemaProblem = schema.Validate(document.RootElement).OrderBy(p => positions.OrderOf(p.Path)).FirstOrDefault();
        if (text is not null && (schemaProblem is null || positions.OrderOf(text.Path) <= positions.OrderOf(schemaProblem.Path)))
            throw TextError(file, positions, text);
        if (schemaProblem is not null)
        {
            var at = schemaProblem.AtName ? positions.NameAt(schemaProblem.Path) : positions.ValueAt(schemaProblem.Path);
            var where = schemaProblem.AtName ? JsonPositions.Parent(schemaProblem.Path) : schemaProblem.Path;
            throw KmpException.At(file, at.Line, at.Column, TemplateIssues.Format(where, schemaProblem.Message));
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

    private static KmpException TextError(string file, JsonPositions positions, TemplateText.Problem text)
    {
        var at = positions.ValueAt(text.Path);
        return KmpException.At(file, at.Line, at.Column, TemplateIssues.Format(text.Path, text.Message));
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var chars = new char[Math.Max(1, utf8.Length)];
        System.Text.Unicode.Utf8.ToUtf16(utf8, chars, out var read, out _, replaceInvalidSequences: false);
        return Math.Min(read, utf8.Length - 1);
    }

    private static JsonDocument ParseSyntax(ReadOnlyMemory<byte> utf8, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions
            {
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
                MaxDepth = TemplateSchema.SerializerOptions.MaxDepth,
            });
        }
        catch (JsonException ex)
        {
            var at = JsonPositions.FromLineAndByte(utf8, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            throw KmpException.At(file, at.Line, at.Column, "invalid JSON: " + FirstSentence(ex.Message));
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            throw KmpException.At(file, 1, 1, $"a template must be a JSON object, found {KindName(kind)}");
        }
        return document;
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
