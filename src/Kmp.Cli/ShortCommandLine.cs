using Kmp.Cli.Commands;

namespace Kmp.Cli;

/// <summary>
/// The plain command lines of the short verbs (<c>seal</c>, <c>unseal</c>, <c>inspect</c>) bound without
/// CommandLineParser: its reflection over the verb's attributes and the shape check's took ~85 of the ~280 ms
/// a whole <c>kmp seal</c> took on the 2-core machine (tests/Kmp.Benchmarks/README.md, table 4).
/// <para>
/// Plain means every argument is a file or one of the verb's options written <c>--name VALUE</c>,
/// <c>--name=VALUE</c>, <c>-n VALUE</c> or <c>--flag</c>, no value is empty or starts with <c>-</c> (nor, after
/// <c>=</c>, with a space, nor holds a line break there), no
/// single-value option is given twice and the files are as many as the verb takes. Anything else — help,
/// <c>--</c>, an unknown or misspelt option, a mistake — returns null and goes through CommandLineParser
/// as before, which alone answers it (help, the one-line error). So this binds only lines the parser accepts,
/// and binds them as the parser does: tests hold each table to its verb's attributes and compare the bound
/// command with the parser's on generated command lines.
/// </para>
/// </summary>
internal static class ShortCommandLine
{
    /// <summary>An option of a short verb: its long and short name, and whether it is a flag or may be repeated.</summary>
    internal sealed record Option(string Long, char? Short = null, bool IsFlag = false, bool IsList = false);

    /// <summary>A short verb: its options, whether it takes several files or exactly one, and how its command is made.</summary>
    internal sealed record Verb(string Name, Option[] Options, bool ManyFiles, Func<Binding, ICommand> Create);

    /// <summary>What a plain command line gave: the files in order and each option's values.</summary>
    internal sealed class Binding
    {
        private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);

        public List<string> Files { get; } = [];

        public string? Value(string option) => values.TryGetValue(option, out var given) ? given[^1] : null;

        public bool Flag(string option) => values.ContainsKey(option);

        internal bool Add(Option option, string? value)
        {
            if (!values.TryGetValue(option.Long, out var given)) values[option.Long] = given = [];
            else if (!option.IsList) return false;
            if (value is not null) given.Add(value);
            return true;
        }
    }

    internal static readonly Verb[] Verbs =
    [
        new("seal",
            [new("key", 'k'), new("delay-sign"), new("company"), new("copyright"), new("product"), new("out", 'o')],
            ManyFiles: true,
            b => new SealCommand
            {
                Files = b.Files,
                Key = b.Value("key"),
                DelaySign = b.Value("delay-sign"),
                Company = b.Value("company") ?? "",
                Copyright = b.Value("copyright") ?? "",
                Product = b.Value("product"),
                Out = b.Value("out"),
            }),
        new("unseal", [new("out", 'o')], ManyFiles: false, b => new UnsealCommand { File = b.Files[0], Out = b.Value("out") }),
        new("inspect", [new("json", IsFlag: true)], ManyFiles: true, b => new InspectCommand { Files = b.Files, Json = b.Flag("json") }),
    ];

    /// <summary>The command a plain command line of a short verb names, or null for any other line.</summary>
    public static ICommand? TryBind(string[] args)
    {
        if (args.Length < 2) return null;
        var verb = Array.Find(Verbs, v => v.Name == args[0]);
        if (verb is null) return null;
        var binding = new Binding();
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.Length == 0) return null;
            if (arg[0] != '-')
            {
                binding.Files.Add(arg);
                continue;
            }
            var (option, inline) = Named(verb, arg);
            if (option is null) return null;
            string? value = null;
            if (option.IsFlag)
            {
                if (inline is not null) return null;
            }
            else
            {
                value = inline ?? (i + 1 < args.Length ? args[++i] : null);
                if (value is not { Length: > 0 } || value[0] == '-') return null;
                // The parser reads "--name=VALUE" with the pattern ^([^=]+)=([^ ].*)$: a value written so that starts
                // with a space or holds a line break is refused, or loses its last line feed. Such lines are its to answer.
                if (inline is not null && (inline[0] == ' ' || inline.Contains('\n', StringComparison.Ordinal))) return null;
            }
            if (!binding.Add(option, value)) return null;
        }
        if (binding.Files.Count == 0 || (!verb.ManyFiles && binding.Files.Count != 1)) return null;
        return verb.Create(binding);
    }

    // "--name", "--name=value" or "-n": the option and the value written into the argument, if any.
    private static (Option? Option, string? Inline) Named(Verb verb, string arg)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal))
        {
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            return (Array.Find(verb.Options, o => o.Long == name), equals < 0 ? null : arg[(equals + 1)..]);
        }
        return arg.Length == 2 ? (Array.Find(verb.Options, o => o.Short == arg[1]), null) : (null, null);
    }
}
