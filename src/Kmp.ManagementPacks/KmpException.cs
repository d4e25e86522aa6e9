namespace Kmp.ManagementPacks;

/// <summary>
/// An error in the user's input (a template, an XML or .mp file, a key file, a command line) or a
/// refusal. Its message is one line that names the file and the place; the CLI prints it as it is,
/// never with a stack trace.
/// </summary>
public class KmpException : Exception
{
    public KmpException(string message) : base(message) { }

    public KmpException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Builds "file:line:column: message" (or "file: message" when no position is known).</summary>
    public static KmpException At(string? file, int line, int column, string message) =>
        new(SourceLocation.Format(file, line, column) + message);
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
    public KmpRefusedException(string message) : base(message) { }
}
