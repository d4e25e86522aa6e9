using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Kmp.ManagementPacks;
using Kmp.Scom.Protocol;

namespace Kmp.Operations.Scom;

/// <summary>How to start a host program: the executable, its arguments and extra environment variables.</summary>
public sealed record ScomHostCommand(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string>? Environment = null)
{
    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}

/// <summary>How a conversation with the host ended without a response.</summary>
internal enum HostFailure
{
    /// <summary>The process exited, or its standard input or output closed.</summary>
    Exited,
    /// <summary>No response within the time allowed; the process was killed.</summary>
    TimedOut,
    /// <summary>The line it wrote is not a response to the request; the process was killed.</summary>
    Malformed,
}

internal sealed class HostFailureException(HostFailure failure, string message) : Exception(message)
{
    public HostFailure Failure { get; } = failure;
}

/// <summary>
/// One running host process and the conversation with it: a request line on its standard input,
/// one response line on its standard output, its standard error kept (the last lines) to explain a
/// crash. A process that times out or writes something that is not a response is killed.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private const int StderrLinesKept = 20;
    private readonly Process process;
    private readonly Queue<string> stderr = new();
    private long nextId = 1;
    private bool dead;

    private HostProcess(Process process)
    {
        this.process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr)
            {
                stderr.Enqueue(e.Data);
                if (stderr.Count > StderrLinesKept) stderr.Dequeue();
            }
        };
        process.BeginErrorReadLine();
    }

    public int ProcessId => process.Id;

    /// <exception cref="KmpException">The program cannot be started.</exception>
    public static HostProcess Start(ScomHostCommand command)
    {
        var info = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in command.Arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in command.Environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        try
        {
            var process = Process.Start(info) ?? throw new KmpException($"cannot start the SCOM host {command.FileName}");
            return new HostProcess(process);
        }
        catch (Win32Exception ex)
        {
            throw new KmpException($"cannot start the SCOM host {command.FileName}: {ex.Message}");
        }
    }

    /// <summary>Sends the request (numbering it) and waits for its response.</summary>
    /// <exception cref="HostFailureException">No response: the process ended, timed out or wrote something else.</exception>
    public Response Send(Request request, TimeSpan timeout)
    {
        if (dead) throw new HostFailureException(HostFailure.Exited, "the SCOM host is no longer running");
        request.Id = nextId++;
        string? line;
        try
        {
            process.StandardInput.WriteLine(MessageCodec.Write(request));
            process.StandardInput.Flush();
            var read = process.StandardOutput.ReadLineAsync();
            if (!read.Wait(timeout))
            {
                Kill();
                throw new HostFailureException(HostFailure.TimedOut, $"the SCOM host did not answer '{request.Op}' within {Describe(timeout)} and was stopped");
            }
            line = read.Result;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or AggregateException { InnerException: IOException })
        {
            line = null;
        }
        if (line is null)
        {
            var code = WaitForExit();
            dead = true;
            throw new HostFailureException(HostFailure.Exited, $"the SCOM host stopped during '{request.Op}'{code}{LastError()}");
        }
        Response response;
        try
        {
            response = MessageCodec.Read<Response>(line);
        }
        catch (MalformedMessageException ex)
        {
            Kill();
            throw new HostFailureException(HostFailure.Malformed, $"the SCOM host answered '{request.Op}' with a line that is not a response ({ex.Message}); it was stopped");
        }
        if (response.Id != request.Id)
        {
            Kill();
            throw new HostFailureException(HostFailure.Malformed, $"the SCOM host answered request {request.Id} ('{request.Op}') with the response to request {response.Id}; it was stopped");
        }
        return response;
    }

    /// <summary>Asks the host to end, and kills it when it does not within a few seconds.</summary>
    public void Dispose()
    {
        if (!dead)
        {
            try
            {
                Send(new Request { Op = Op.Bye }, TimeSpan.FromSeconds(5));
            }
            catch (HostFailureException)
            {
                // It is going away either way.
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(5))) Kill();
        }
        process.Dispose();
    }

    private void Kill()
    {
        dead = true;
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }

    private string WaitForExit()
    {
        try
        {
            return process.WaitForExit(TimeSpan.FromSeconds(5)) ? $" (exit code {process.ExitCode})" : "";
        }
        catch (InvalidOperationException)
        {
            return "";
        }
    }

    private string LastError()
    {
        // The error stream may still be delivering the process's last words.
        process.WaitForExit(TimeSpan.FromSeconds(1));
        lock (stderr)
        {
            var last = stderr.LastOrDefault(l => l.Trim().Length > 0);
            return last is null ? "" : ": " + MessageCodec.Excerpt(last.Trim());
        }
    }

    private static string Describe(TimeSpan timeout) =>
        timeout.TotalSeconds < 120 ? $"{timeout.TotalSeconds:0.#} s" : $"{timeout.TotalMinutes:0.#} min";
}
