using System.Reflection;
using CommandLine;
using CommandLine.Text;
using Kmp.ManagementPacks;

namespace Kmp.Cli;

/// <summary>
/// kmp: parses the command line, runs one command, renders its result. Every verb is a class with
/// <see cref="VerbAttribute"/> implementing <see cref="ICommand"/>, listed by name in <see cref="Verbs"/>
/// (a test checks the list against the assembly). Start-up stays lean for the short commands: no scan of
/// the assembly's types, the parser sees only the verb the command line names, and the plain lines of
/// <c>seal</c>, <c>unseal</c> and <c>inspect</c> do not reach it (<see cref="ShortCommandLine"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        using var stdout = new StandardStream(Console.OpenStandardOutput(), "standard output");
        using var stderr = new StandardStream(Console.OpenStandardError(), "standard error");
        var code = Run(args, stdout, stderr);
        try { stdout.Flush(); } catch (OutputClosedException) { code = ExitCodes.OutputClosed; } catch (KmpException) { code = ExitCodes.CannotWrite; }
        return code;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var console = new CommandConsole(stdout, stderr);
        // Every answer goes through the same mapping, the early ones (`--version`, help) too: a full disk under
        // `kmp --version > /dev/full` is the one line and exit code 6 of any other command, never a crash.
        try
        {
            return Dispatch(args, console);
        }
        catch (OutputClosedException)
        {
            return ExitCodes.OutputClosed; // standard output is closed (`kmp list >&-`): there is no one to tell
        }
        catch (KmpException ex)
        {
            console.Error(MessageText.OneLine(ex.Message));
            return ExitCodes.For(ex.Kind);
        }
        catch (OperationCanceledException)
        {
            console.Error("kmp: cancelled");
            return ExitCodes.Failed;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("KMP_DEBUG") is null)
        {
            console.Error($"kmp: internal error: {ex.GetType().Name}: {MessageText.OneLine(ex.Message)} (set KMP_DEBUG=1 for details)");
            return ExitCodes.Failed;
        }
    }

    private static int Dispatch(string[] args, CommandConsole console)
    {
        if (args is ["--version", ..])
        {
            // `kmp --version` is `kmp version`, which takes no arguments either (only help, which prints the version).
            if (args.Skip(1).FirstOrDefault(a => a is not ("--version" or "--help" or "-h")) is { } extra)
            {
                console.Error($"kmp: --version takes no arguments (given '{MessageText.OneLine(extra)}'); see 'kmp --help'");
                return ExitCodes.Usage;
            }
            console.Line($"kmp {ToolVersion}");
            return ExitCodes.Success;
        }
        // The short verbs' plain lines are bound without CommandLineParser, which start-up pays for in reflection.
        if (ShortCommandLine.TryBind(args) is { } command) return command.Run(console);
        return ParseAndRun(args, console);
    }

    /// <summary>
    /// Everything after <c>kmp --version</c>'s early answer: a method of its own (not inlined), so that
    /// compiling <see cref="Dispatch"/> does not load CommandLineParser for <c>--version</c>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int ParseAndRun(string[] args, CommandConsole console)
    {
        if (args is ["help", var topic, ..]) args = [topic, "--help"]; // `kmp help build` is `kmp build --help`
        // The verb named is the only one the parser needs to know; help and mistakes in the verb see them all.
        Type[] verbs = args.Length > 0 && Array.FindIndex(Verbs, v => v.Name == args[0]) is var named and >= 0
            ? [Verbs[named].Type]
            : Array.ConvertAll(Verbs, v => v.Type);
        args = Commands.OptionalValues.Apply(args);
        if (CommandLineShape.Problem(args, verbs) is { } problem)
        {
            console.Error(problem);
            return ExitCodes.Usage;
        }
        var parsed = Parse(args, verbs);
        if (parsed is NotParsed<object> notParsed)
        {
            var errors = notParsed.Errors.ToList();
            if (errors.All(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError))
            {
                // Help asked for is the command's output (`kmp --help | less`); help after a mistake is not shown.
                console.Block(HelpText.AutoBuild(parsed, h =>
                {
                    h.AutoVersion = false;
                    h.AdditionalNewLineAfterOption = false;
                    return h;
                }, e => e, verbsIndex: args.Length == 0 || args[0] is "help" || args[0].StartsWith('-')).ToString());
                return ExitCodes.Success;
            }
            console.Error(CommandLineShape.Describe(args, errors, verbs));
            return ExitCodes.Usage;
        }
        return ((ICommand)((Parsed<object>)parsed).Value).Run(console);
    }

    /// <summary>CommandLineParser with kmp's settings: what every command line but a short verb's plain one goes through.</summary>
    internal static ParserResult<object> Parse(string[] args, Type[] verbs)
    {
        using var parser = new Parser(s =>
        {
            s.HelpWriter = null; // help and errors are written by ParseAndRun: full help when asked for, one line for a mistake
            s.CaseInsensitiveEnumValues = true;
            s.AutoVersion = false; // the tool's version is `kmp --version` or `kmp version`; `build --version V` is the packs'
            s.AllowMultiInstance = true; // list options may be repeated (`--references A --references B`, as MPSeal's /I)
            s.EnableDashDash = true; // `--` ends the options: `kmp verify -- -x.mp`
        });
        return parser.ParseArguments(args, verbs);
    }

    /// <summary>Every verb by its <see cref="VerbAttribute"/> name, in the order help lists them.</summary>
    internal static readonly (string Name, Type Type)[] Verbs =
    [
        ("build", typeof(Commands.BuildCommand)),
        ("diff", typeof(Commands.DiffCommand)),
        ("docs", typeof(Commands.DocsCommand)),
        ("import", typeof(Commands.ImportCommand)),
        ("inspect", typeof(Commands.InspectCommand)),
        ("key", typeof(Commands.KeyCommand)),
        ("list", typeof(Commands.ListCommand)),
        ("mg", typeof(Commands.MgCommand)),
        ("notify", typeof(Commands.NotifyCommand)),
        ("remove", typeof(Commands.RemoveCommand)),
        ("seal", typeof(Commands.SealCommand)),
        ("templates", typeof(Commands.TemplatesCommand)),
        ("unseal", typeof(Commands.UnsealCommand)),
        ("verify", typeof(Commands.VerifyCommand)),
        ("version", typeof(Commands.VersionCommand)),
    ];

    /// <summary>kmp's own version (the informational version, without the source revision).</summary>
    public static string ToolVersion
    {
        get
        {
            var assembly = typeof(Program).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
            return version.Split('+')[0];
        }
    }
}

/// <summary>One kmp verb.</summary>
public interface ICommand
{
    int Run(CommandConsole console);
}

/// <summary>Where a command writes: results to standard output, diagnostics to standard error.</summary>
public sealed class CommandConsole(TextWriter stdout, TextWriter stderr)
{
    public TextWriter Out { get; } = stdout;

    public TextWriter Err { get; } = stderr;

    /// <summary>
    /// True when standard output is a terminal: progress and tables may use its width and colours.
    /// Otherwise (a pipe, a file, a test) output is plain lines that never wrap.
    /// </summary>
    public bool IsTerminal => Out is StandardStream && !Console.IsOutputRedirected;

    /// <summary>True when standard error is a terminal (where progress goes).</summary>
    public bool IsErrorTerminal => Err is StandardStream && !Console.IsErrorRedirected;

    /// <summary>
    /// One line of output for people: control characters from the data (a pack's name with &#10;, a file
    /// name with a line break) are shown escaped, so that one value never spoofs a second line.
    /// </summary>
    public void Line(string text) => Out.WriteLine(MessageText.Escape(text, keepTabs: true));

    /// <summary>Text of several lines written as it is: help, or JSON (which escapes control characters itself).</summary>
    public void Block(string text) => Out.WriteLine(text);

    public void Error(string text) => Err.WriteLine(text);

    public void Warning(string text) => Err.WriteLine("warning: " + MessageText.OneLine(text));

}

/// <summary>Process exit codes of kmp (documented in README.md), and the one table from error kind to code.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;
    /// <summary>Verification found errors, or the command failed (an internal error).</summary>
    public const int Failed = 1;
    /// <summary>The command line was not understood.</summary>
    public const int Usage = 2;
    /// <summary>An input (template, XML, .mp, key, an option's value) is invalid.</summary>
    public const int BadInput = 3;
    /// <summary>The management group's state makes the operation unsafe; nothing was changed.</summary>
    public const int Refused = 4;
    /// <summary>There was nothing to do (everything already in the asked state).</summary>
    public const int NothingToDo = 5;
    /// <summary>An output could not be written (nothing half-written is left).</summary>
    public const int CannotWrite = 6;
    /// <summary>The management group is busy with another process; try again later.</summary>
    public const int GroupBusy = 7;
    /// <summary>A wait (for grooming) timed out.</summary>
    public const int Timeout = 8;
    /// <summary>Standard output or error was closed by its reader (as a process ended by SIGPIPE reports it).</summary>
    public const int OutputClosed = 141;

    /// <summary>The exit code of an error of <paramref name="kind"/>: the same in every verb.</summary>
    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.BadInput => BadInput,
        ErrorKind.CannotWrite => CannotWrite,
        ErrorKind.GroupBusy => GroupBusy,
        ErrorKind.Refused => Refused,
        ErrorKind.VerificationFailed => Failed,
        ErrorKind.Timeout => Timeout,
        ErrorKind.Usage => Usage,
        _ => Failed,
    };
}
