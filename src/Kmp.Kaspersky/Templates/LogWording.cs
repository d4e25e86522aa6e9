namespace Kmp.Kaspersky.Templates;

/// <summary>How text names an event log: "the Application log", but "the Kaspersky Event Log" (a name that already ends in "Log" gets no second one).</summary>
public static class LogWording
{
    /// <summary>"the Application log" or "the Kaspersky Event Log"; quoted: "the "Application" log", "the "Kaspersky Event Log"".</summary>
    public static string The(string logName, bool quoted = false)
    {
        var name = quoted ? $"\"{logName}\"" : logName;
        return logName.EndsWith(" Log", StringComparison.OrdinalIgnoreCase) ? $"the {name}" : $"the {name} log";
    }
}
