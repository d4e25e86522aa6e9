using System.Text.Json;
using Kmp.ManagementPacks;

namespace Kmp.Operations.Plans;

/// <summary>
/// The state file that keeps a group's original AlertDaysToKeep while kmp has lowered it, so that a
/// run that crashed during a wait is repaired by the next one. Written before the
/// setting changes, deleted after it is restored.
/// </summary>
public static class GroomingState
{
    private sealed record State(string ManagementGroup, int AlertDaysToKeep, int LoweredTo, DateTimeOffset Saved);

    /// <summary>The saved original value for this group, or null when nothing is pending.</summary>
    public static int? Read(string path, string managementGroup)
    {
        if (!InputFile.Exists(path)) return null;
        State? state;
        try
        {
            state = JsonSerializer.Deserialize<State>(InputFile.ReadAllText(path, 64 * 1024, "a grooming state file (a few lines)"));
        }
        catch (JsonException ex)
        {
            throw new KmpException($"{path}: the grooming state file is damaged ({ex.Message}); it holds the AlertDaysToKeep to restore: check the setting by hand, then delete the file");
        }
        if (state is null) return null;
        if (!string.Equals(state.ManagementGroup, managementGroup, StringComparison.Ordinal))
            throw new KmpException($"{path}: the grooming state file belongs to {state.ManagementGroup}, not {managementGroup}; use another --state-file or finish that group's remove first");
        return state.AlertDaysToKeep;
    }

    public static void Save(string path, string managementGroup, int original, int loweredTo, DateTimeOffset now) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new State(managementGroup, original, loweredTo, now), new JsonSerializerOptions { WriteIndented = true }));

    public static void Clear(string path)
    {
        if (File.Exists(path)) File.Delete(path);
    }
}
