using System.Text;
using Kmp.ManagementPacks;

namespace Kmp.Cli;

/// <summary>
/// Standard output is closed (<c>kmp list &gt;&amp;-</c>, or a writer that reports a broken pipe): nothing
/// more can be said, so kmp stops quietly with <see cref="ExitCodes.OutputClosed"/>.
/// </summary>
public sealed class OutputClosedException(string stream, Exception inner) : Exception($"{stream} was closed", inner);

/// <summary>
/// Standard output or standard error, written as UTF-8 and flushed at every write. A closed standard
/// output ends the command quietly (<see cref="OutputClosedException"/>); another write error there (a
/// full disk) is a <see cref="ErrorKind.CannotWrite"/> error. (A pipe whose reader has gone, as in
/// <c>kmp list | head</c>, never gets here: .NET's console stream drops what is written to it, so the
/// command finishes what it does, quietly, a plan half-executed never being the price of a closed pager.) Standard error failing is
/// ignored: there is nowhere left to report it, and the exit code still says what happened.
/// </summary>
public sealed class StandardStream : TextWriter
{
    private readonly StreamWriter writer;
    private readonly string name;
    private readonly bool isError;
    private bool broken;

    public StandardStream(Stream stream, string name)
    {
        writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 4096, leaveOpen: true) { AutoFlush = true };
        this.name = name;
        isError = name == "standard error";
    }

    public override Encoding Encoding => writer.Encoding;

    public override void Write(char value) => Guard(() => writer.Write(value));

    public override void Write(string? value) => Guard(() => writer.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => writer.Write(buffer, index, count));

    public override void WriteLine(string? value) => Guard(() => writer.WriteLine(value));

    public override void Flush() => Guard(writer.Flush);

    /// <summary>True for the errors of writing to a pipe whose reader has gone (EPIPE; ERROR_BROKEN_PIPE, ERROR_NO_DATA on Windows).</summary>
    public static bool IsBrokenPipe(IOException ex) => (ex.HResult & 0xFFFF) is 32 or 109 or 232;

    private void Guard(Action write)
    {
        if (broken) return;
        try
        {
            write();
        }
        catch (IOException ex)
        {
            broken = true;
            if (isError) return;
            if (IsBrokenPipe(ex)) throw new OutputClosedException(name, ex);
            throw new KmpException(ErrorKind.CannotWrite, $"kmp: cannot write to {name}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or ObjectDisposedException)
        {
            // A closed descriptor (`kmp list >&-`): .NET reports EBADF as access denied.
            broken = true;
            if (!isError) throw new OutputClosedException(name, ex);
        }
    }
}
