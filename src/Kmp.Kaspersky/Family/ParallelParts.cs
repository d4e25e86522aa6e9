using System.Runtime.ExceptionServices;
using Kmp.ManagementPacks;

namespace Kmp.Kaspersky.Family;

/// <summary>
/// Adds many independent constructs to a pack on every core: a product with thousands of alert rules is
/// composed in parts of the pack (<see cref="ManagementPackBuilder.Part"/>), one run of consecutive items
/// each, joined in order, so the pack is the one adding them one by one makes. Composing is otherwise
/// single-threaded (the second core seals later in the build), so the parts run on an idle core. A failure
/// is the one the first failing item raises, as one by one.
/// </summary>
internal static class ParallelParts
{
    /// <summary>Fewer items than this are added one by one: a part and its join cost more than they save.</summary>
    public const int Threshold = 1024;

    [ThreadStatic] private static int? thresholdOnThisThread;

    /// <summary>For tests: from this thread, add in parts from <paramref name="threshold"/> items on (<see cref="int.MaxValue"/>: never).</summary>
    internal static IDisposable WithThreshold(int threshold)
    {
        var before = thresholdOnThisThread;
        thresholdOnThisThread = threshold;
        return new Restore(() => thresholdOnThisThread = before);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    public static void Add<T>(ManagementPackBuilder pack, IReadOnlyList<T> items, Action<ManagementPackBuilder, T> add)
    {
        var threshold = thresholdOnThisThread ?? Threshold;
        var count = Math.Min(Environment.ProcessorCount, items.Count);
        if (items.Count < threshold || count < 2)
        {
            for (var i = 0; i < items.Count; i++) add(pack, items[i]);
            return;
        }
        var parts = new ManagementPackBuilder[count];
        var failures = new ExceptionDispatchInfo?[count];
        Parallel.For(0, count, part =>
        {
            var builder = pack.Part();
            try
            {
                for (var i = items.Count * part / count; i < items.Count * (part + 1) / count; i++) add(builder, items[i]);
            }
            catch (Exception ex)
            {
                failures[part] = ExceptionDispatchInfo.Capture(ex);
            }
            parts[part] = builder;
        });
        for (var part = 0; part < count; part++)
        {
            failures[part]?.Throw();
            pack.Join(parts[part]);
        }
    }
}
