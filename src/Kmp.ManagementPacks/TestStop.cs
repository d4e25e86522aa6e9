namespace Kmp.ManagementPacks;

/// <summary>
/// An internal switch for crash tests, not a feature: only when the environment variable <see cref="Variable"/> names a
/// step does the process say so on standard error when it reaches that step and then wait (at most
/// <see cref="Wait"/>, then it carries on), so that a test can kill it (SIGKILL) exactly there and check what the next
/// run makes of what it left. Unset, or naming no step, it does nothing.
/// </summary>
public static class TestStop
{
    public const string Variable = "KMP_INTERNAL_TEST_STOP_AT";

    /// <summary>How long a stopped run waits to be killed before it carries on (set by accident, a run is slow, not stuck).</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    private static readonly string? Step = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } step ? step : null;

    public static void At(string step)
    {
        if (Step != step) return;
        using (var error = Console.OpenStandardError())
        {
            error.Write(System.Text.Encoding.UTF8.GetBytes($"kmp: stopped at {step} ({Variable})\n"));
            error.Flush();
        }
        Thread.Sleep(Wait);
    }
}
