namespace Kmp.ManagementPacks;

/// <summary>
/// An internal switch for crash tests, not a feature: when the environment variable <see cref="Variable"/> names a
/// step, the process says so on standard error when it reaches that step and then waits for ever, so that a test can
/// kill it (SIGKILL) exactly there and check what the next run makes of what it left. Unset, it does nothing.
/// </summary>
public static class TestStop
{
    public const string Variable = "KMP_INTERNAL_TEST_STOP_AT";

    private static readonly string? Step = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } step ? step : null;

    /// <summary>True when the switch names <paramref name="step"/> (a path that only a stop there can reach is taken then).</summary>
    public static bool Requested(string step) => Step == step;

    public static void At(string step)
    {
        if (Step != step) return;
        using (var error = Console.OpenStandardError())
        {
            error.Write(System.Text.Encoding.UTF8.GetBytes($"kmp: stopped at {step} ({Variable})\n"));
            error.Flush();
        }
        Thread.Sleep(Timeout.Infinite);
    }
}
