namespace Kmp.ManagementPacks;

/// <summary>
/// What went wrong, decided where the error is raised (not from the exception type by whoever
/// catches it): the CLI maps each kind to one exit code, so the same defect gives the same code
/// from every command.
/// </summary>
public enum ErrorKind
{
    /// <summary>An input is invalid: a file (template, XML, .mp, key) or an option's value.</summary>
    BadInput,
    /// <summary>An output cannot be written (folder missing or read-only, disk full, a target that is not a regular file).</summary>
    CannotWrite,
    /// <summary>The management group is busy: another process holds it; trying again later may succeed.</summary>
    GroupBusy,
    /// <summary>The operation would be unsafe in the current state and was refused; nothing was changed.</summary>
    Refused,
    /// <summary>The packs were read but verification found errors.</summary>
    VerificationFailed,
    /// <summary>A wait ended at its timeout before what it waited for happened.</summary>
    Timeout,
    /// <summary>The command line asks for something that cannot be done as written (options that exclude each other, a missing argument).</summary>
    Usage,
}

/// <summary>
/// An error in the user's input (a template, an XML or .mp file, a key file, a command line), an
/// output that cannot be written, a busy group or a refusal: <see cref="Kind"/> says which. Its
/// message is one line that names the file and the place; the CLI prints it as it is, never with a
/// stack trace.
/// </summary>
public class KmpException : Exception
{
    public KmpException(string message) : base(message) { }

    public KmpException(string message, Exception inner) : base(message, inner) { }

    public KmpException(ErrorKind kind, string message, Exception? inner = null) : base(message, inner)
    {
        Kind = kind;
    }

    /// <summary>What went wrong; <see cref="ErrorKind.BadInput"/> unless the thrower said otherwise.</summary>
    public ErrorKind Kind { get; } = ErrorKind.BadInput;

    /// <summary>Builds "file:line:column: message" (or "file: message" when no position is known).</summary>
    /// <remarks>The message often quotes the input (names, values), so it is made one line here, for every reader.</remarks>
    public static KmpException At(string? file, int line, int column, string message) =>
        new(SourceLocation.Format(file, line, column) + MessageText.OneLine(message));
}

/// <summary>Formats a place in a file the way compilers do: <c>file:line:column: </c>.</summary>
public static class SourceLocation
{
    public static string Format(string? file, int line = 0, int column = 0)
    {
        var name = string.IsNullOrEmpty(file) ? "<input>" : file;
        if (line <= 0) return name + ": ";
        return column > 0 ? $"{name}:{line}:{column}: " : $"{name}:{line}: ";
    }
}

/// <summary>
/// A refusal: the operation would be unsafe or is not allowed in the current state (a downgrade, an
/// incompatible upgrade, a dependent that blocks a remove). Nothing was changed.
/// </summary>
public class KmpRefusedException : KmpException
{
    public KmpRefusedException(string message) : base(ErrorKind.Refused, message) { }
}
