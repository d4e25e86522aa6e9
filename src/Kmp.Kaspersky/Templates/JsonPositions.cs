using System.Text;
using System.Text.Json;

namespace Kmp.Kaspersky.Templates;

/// <summary>A 1-based line and column (in characters) in a text file.</summary>
public readonly record struct TextPosition(int Line, int Column);

/// <summary>
/// Where each value and property name of a JSON document starts, by path (<c>discovery.keys[1]</c>;
/// the root is the empty path), so that a schema or rule error about a path can be reported as
/// <c>file:line:column</c>. Built with <see cref="Utf8JsonReader"/>; columns count characters.
/// </summary>
internal sealed class JsonPositions
{
    private readonly Dictionary<string, TextPosition> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TextPosition> names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> order = new(StringComparer.Ordinal);
    private readonly List<(string Path, string Name, TextPosition At)> duplicates = [];
    private readonly LineMap lines;

    private JsonPositions(ReadOnlyMemory<byte> utf8)
    {
        lines = new LineMap(utf8);
    }

    /// <summary>Indexes a document that has already been parsed without error.</summary>
    public static JsonPositions Build(ReadOnlyMemory<byte> utf8)
    {
        var index = new JsonPositions(utf8);
        var reader = new Utf8JsonReader(utf8.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        var containers = new Stack<(string Path, bool IsArray, int Count)>();
        string? pendingName = null;
        while (reader.Read())
        {
            var at = (int)reader.TokenStartIndex;
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                string name;
                try
                {
                    name = reader.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    // An escaped half of a surrogate pair: no .NET string holds the name. Refused by TemplateFile.
                    index.UnreadableName ??= (containers.Peek().Path, index.lines.At(at));
                    name = "\uFFFD" + at.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                pendingName = Child(containers.Peek().Path, name);
                if (!index.names.TryAdd(pendingName, index.lines.At(at))) index.duplicates.Add((containers.Peek().Path, name, index.lines.At(at)));
                continue;
            }
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                containers.Pop();
                continue;
            }
            string path;
            if (containers.Count == 0) path = "";
            else if (containers.Peek().IsArray)
            {
                var (parent, isArray, count) = containers.Pop();
                path = $"{parent}[{count}]";
                containers.Push((parent, isArray, count + 1));
            }
            else path = pendingName ?? "";
            index.values.TryAdd(path, index.lines.At(at));
            index.order.TryAdd(path, at);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                containers.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
            }
        }
        return index;
    }

    /// <summary>The first property name that is not a string .NET can hold (half of a surrogate pair escaped): its object's path and where it is.</summary>
    public (string Path, TextPosition At)? UnreadableName { get; private set; }

    /// <summary>The place of byte <paramref name="offset"/> of <paramref name="utf8"/>.</summary>
    public static TextPosition FromOffset(ReadOnlyMemory<byte> utf8, int offset) => new LineMap(utf8).At(offset);

    /// <summary>Properties named twice in one object, in document order (the object's path, the name, the second occurrence).</summary>
    public IReadOnlyList<(string Path, string Name, TextPosition At)> Duplicates => duplicates;

    /// <summary>The path of a member of the object at <paramref name="parent"/>.</summary>
    public static string Child(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    /// <summary>The path of an item of the array at <paramref name="parent"/>.</summary>
    public static string Item(string parent, int index) => $"{parent}[{index}]";

    /// <summary>Where the value at <paramref name="path"/> starts, or the nearest enclosing value that exists.</summary>
    public TextPosition ValueAt(string path)
    {
        for (var p = path; ; p = Parent(p))
        {
            if (values.TryGetValue(p, out var position)) return position;
            if (p.Length == 0) return new TextPosition(1, 1);
        }
    }

    /// <summary>Where the property name that ends <paramref name="path"/> starts (falls back to the value).</summary>
    public TextPosition NameAt(string path) => names.TryGetValue(path, out var position) ? position : ValueAt(path);

    /// <summary>Document order of a path (byte offset of its value, or of its nearest enclosing value).</summary>
    public int OrderOf(string path)
    {
        for (var p = path; ; p = Parent(p))
        {
            if (order.TryGetValue(p, out var offset)) return offset;
            if (p.Length == 0) return 0;
        }
    }

    /// <summary>The enclosing path: <c>a.b[2]</c> → <c>a.b</c> → <c>a</c> → the root.</summary>
    public static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    /// <summary>A position given as a 0-based line and a 0-based byte offset in that line (as <see cref="JsonException"/> reports it).</summary>
    public static TextPosition FromLineAndByte(ReadOnlyMemory<byte> utf8, long line, long bytePositionInLine) =>
        new LineMap(utf8).AtLineByte((int)Math.Max(0, line), (int)Math.Max(0, bytePositionInLine));

    private sealed class LineMap
    {
        private readonly ReadOnlyMemory<byte> utf8;
        private readonly List<int> starts = [0];

        public LineMap(ReadOnlyMemory<byte> utf8)
        {
            this.utf8 = utf8;
            var span = utf8.Span;
            for (var i = 0; i < span.Length; i++)
            {
                if (span[i] == (byte)'\n') starts.Add(i + 1);
            }
        }

        public TextPosition At(int offset)
        {
            var line = starts.BinarySearch(offset);
            if (line < 0) line = ~line - 1;
            return Position(line, offset);
        }

        public TextPosition AtLineByte(int line, int byteInLine)
        {
            line = Math.Min(line, starts.Count - 1);
            return Position(line, Math.Min(starts[line] + byteInLine, utf8.Length));
        }

        private TextPosition Position(int line, int offset)
        {
            var start = starts[line];
            var column = Encoding.UTF8.GetCharCount(utf8.Span[start..offset]) + 1;
            return new TextPosition(line + 1, column);
        }
    }
}
