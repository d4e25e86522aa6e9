using System.Reflection;
using CommandLine;
using CommandLine.Text;

namespace Kmp.Cli;

/// <summary>
/// Checks of a command line that CommandLineParser does not make, before it parses: an option at the
/// end or before another option without its value (it would otherwise take its default), a single-value
/// option given twice, and more arguments than the verb takes. Each problem is one line naming it and
/// pointing at <c>kmp VERB --help</c>.
/// </summary>
internal static class CommandLineShape
{
    private sealed record OptionShape(string Long, string? Short, bool IsFlag, bool IsList);

    /// <summary>The one-line problem with <paramref name="args"/>, or null when the shape is right (the parser then checks the rest).</summary>
    public static string? Problem(string[] args, IReadOnlyList<Type> verbs)
    {
        if (args.Length == 0) return null;
        var verb = verbs.FirstOrDefault(v => v.GetCustomAttribute<VerbAttribute>()!.Name == args[0]);
        if (verb is null) return null; // unknown verb or help: the parser says so
        if (args.Skip(1).Any(a => a is "--help" or "-h")) return null;
        var (problem, positionals) = Scan(args, verb);
        if (problem is not null) return problem;
        var values = verb.GetProperties().Select(p => p.GetCustomAttribute<ValueAttribute>()).Where(v => v is not null).ToList();
        var positionalLimit = verb.GetProperties().Any(p => p.GetCustomAttribute<ValueAttribute>() is not null && IsList(p.PropertyType)) ? int.MaxValue : values.Count;
        if (positionals.Count > positionalLimit)
            return $"kmp {args[0]}: unexpected argument '{positionals[positionalLimit]}' (it takes {positionalLimit}); see 'kmp {args[0]} --help'";
        return null;
    }

    private static (string? Problem, List<string> Positionals) Scan(string[] args, Type verb)
    {
        var options = verb.GetProperties()
            .Select(p => (Property: p, Option: p.GetCustomAttribute<OptionAttribute>()))
            .Where(x => x.Option is not null)
            .Select(x => new OptionShape(x.Option!.LongName, x.Option.ShortName?.ToString(), x.Property.PropertyType == typeof(bool), IsList(x.Property.PropertyType)))
            .ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var positionals = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }
            if (!IsOptionLike(arg))
            {
                if (arg.Length == 0) return ($"kmp {args[0]}: an argument is empty (''); see 'kmp {args[0]} --help'", positionals);
                positionals.Add(arg);
                continue;
            }
            var isLong = arg.StartsWith("--", StringComparison.Ordinal);
            var name = isLong ? arg[2..].Split('=')[0] : arg[1..2];
            var hasInlineValue = isLong ? arg.Contains('=') : arg.Length > 2;
            var option = options.FirstOrDefault(o => isLong ? o.Long == name : o.Short == name);
            if (option is null) return (null, positionals); // unknown: the parser names it
            var shown = "--" + option.Long;
            if (!seen.Add(option.Long) && !option.IsList)
                return ($"kmp {args[0]}: {shown} is given more than once; see 'kmp {args[0]} --help'", positionals);
            if (option.IsFlag) continue;
            if (hasInlineValue)
            {
                var inline = isLong ? arg[(arg.IndexOf('=') + 1)..] : arg[2..];
                if (!isLong && inline.StartsWith('='))
                    return ($"kmp {args[0]}: '{arg}' is not a value for -{option.Short} (write -{option.Short} VALUE or {shown}=VALUE); see 'kmp {args[0]} --help'", positionals);
                if (inline.Length == 0) return (Empty(args[0], shown), positionals);
                continue;
            }
            if (i + 1 >= args.Length || IsOptionLike(args[i + 1]))
                return ($"kmp {args[0]}: {shown} needs a value; see 'kmp {args[0]} --help'", positionals);
            // Given but empty (`--key "$UNSET"`) is a mistake, never "not given".
            if (args[i + 1].Length == 0) return (Empty(args[0], shown), positionals);
            i++;
        }
        return (null, positionals);
    }

    private static string Empty(string verb, string option) => $"kmp {verb}: {option} is given an empty value; see 'kmp {verb} --help'";

    private static bool IsList(Type type) => type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    /// <summary>The one line for errors CommandLineParser found.</summary>
    public static string Describe(string[] args, IReadOnlyList<Error> errors, IReadOnlyList<Type> verbs)
    {
        var sentences = SentenceBuilder.Create();
        var first = errors.First();
        var reason = sentences.FormatError(first).ReplaceLineEndings(" ").Trim();
        if (first is NamedError { NameInfo.NameText.Length: 0 } && verbs.FirstOrDefault(v => v.GetCustomAttribute<VerbAttribute>()!.Name == args[0]) is { } verb)
        {
            // A positional argument: name it as the help does.
            var given = Scan(args, verb).Positionals.Count;
            var missing = verb.GetProperties().Select(p => p.GetCustomAttribute<ValueAttribute>())
                .Where(v => v is not null && (v.Required || v.Min > 0)).OrderBy(v => v!.Index).Select(v => v!.MetaName)
                .Skip(given).ToList();
            if (missing.Count > 0) reason = $"missing {string.Join(" and ", missing)}.";
        }
        return first.Tag is ErrorType.BadVerbSelectedError or ErrorType.NoVerbSelectedError
            ? $"kmp: {reason} See 'kmp --help'."
            : $"kmp {args[0]}: {reason} See 'kmp {args[0]} --help'.";
    }

    /// <summary>An option name (<c>--out</c>, <c>-o</c>), not a value: <c>-</c> alone (standard output) and negative numbers are values.</summary>
    private static bool IsOptionLike(string arg) =>
        arg.Length > 1 && arg[0] == '-' && !(arg.Length > 1 && char.IsAsciiDigit(arg[1]));
}
