using System.Reflection;
using CommandLine;
using Kmp.ManagementPacks;

namespace Kmp.Cli;

/// <summary>
/// kmp: parses the command line, runs one command, renders its result. Every verb is a class with
/// <see cref="VerbAttribute"/> implementing <see cref="ICommand"/>; they are found by reflection so
/// that adding a verb is adding one file.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var verbs = typeof(Program).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<VerbAttribute>() is not null && typeof(ICommand).IsAssignableFrom(t))
            .OrderBy(t => t.GetCustomAttribute<VerbAttribute>()!.Name, StringComparer.Ordinal)
            .ToArray();
        using var parser = new Parser(s =>
        {
            s.HelpWriter = stderr;
            s.CaseInsensitiveEnumValues = true;
            s.AutoVersion = true;
        });
        var parsed = parser.ParseArguments(Commands.OptionalValues.Apply(args), verbs);
        if (parsed is NotParsed<object> notParsed)
        {
            var onlyHelp = notParsed.Errors.All(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError or ErrorType.VersionRequestedError);
            return onlyHelp ? ExitCodes.Success : ExitCodes.Usage;
        }
        var command = (ICommand)((Parsed<object>)parsed).Value;
        var console = new CommandConsole(stdout, stderr);
        try
        {
            return command.Run(console);
        }
        catch (KmpException ex)
        {
            console.Error(ex.Message);
            return ex is KmpRefusedException ? ExitCodes.Refused : ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            console.Error("kmp: cancelled");
            return ExitCodes.Failed;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("KMP_DEBUG") is null)
        {
            console.Error($"kmp: internal error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")} (set KMP_DEBUG=1 for details)");
            return ExitCodes.Failed;
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

    public void Line(string text) => Out.WriteLine(text);

    public void Error(string text) => Err.WriteLine(text);

    public void Warning(string text) => Err.WriteLine("warning: " + text);
}

/// <summary>Process exit codes of kmp (documented in README.md).</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;
    /// <summary>The command failed, or verification found errors.</summary>
    public const int Failed = 1;
    /// <summary>The command line was not understood.</summary>
    public const int Usage = 2;
    /// <summary>An input file (template, XML, .mp, key) is invalid.</summary>
    public const int BadInput = 3;
    /// <summary>The management group's state makes the operation unsafe; nothing was changed.</summary>
    public const int Refused = 4;
    /// <summary>There was nothing to do (everything already in the asked state).</summary>
    public const int NothingToDo = 5;
}
