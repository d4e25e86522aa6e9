namespace Kmp.Operations;

/// <summary>
/// The time a management group lives in. A real group uses the wall clock and waiting sleeps; the
/// local group keeps a simulated clock, and waiting moves it forward (running the grooming jobs
/// that fall in between), so a rehearsal of a week-long wait completes at once.
/// </summary>
public interface IClock
{
    DateTimeOffset UtcNow { get; }

    /// <summary>True when <see cref="Sleep"/> moves a simulated clock instead of waiting.</summary>
    bool IsSimulated { get; }

    /// <summary>Lets <paramref name="duration"/> pass.</summary>
    void Sleep(TimeSpan duration, CancellationToken cancellation);
}

/// <summary>The wall clock: sleeping blocks the thread.</summary>
public sealed class SystemClock : IClock
{
    public static SystemClock Instance { get; } = new();

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public bool IsSimulated => false;

    public void Sleep(TimeSpan duration, CancellationToken cancellation)
    {
        if (duration > TimeSpan.Zero) cancellation.WaitHandle.WaitOne(duration);
        cancellation.ThrowIfCancellationRequested();
    }
}

/// <summary>SCOM's grooming schedule: the "Partitioning and Grooming" rule runs daily at midnight.</summary>
public static class GroomingSchedule
{
    /// <summary>The first grooming run strictly after <paramref name="time"/> (the next midnight, UTC).</summary>
    public static DateTimeOffset NextRunAfter(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Date, TimeSpan.Zero).AddDays(1);
    }

    /// <summary>
    /// When the grooming run that deletes an alert resolved at <paramref name="resolved"/> happens:
    /// the first run at which the alert is older than <paramref name="daysToKeep"/> days.
    /// </summary>
    public static DateTimeOffset RunThatGrooms(DateTimeOffset resolved, int daysToKeep) =>
        NextRunAfter(resolved.AddDays(daysToKeep));
}
