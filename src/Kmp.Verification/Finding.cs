namespace Kmp.Verification;

public enum Severity
{
    Warning,
    Error,
}

/// <summary>
/// One result of verification: a stable code (docs/verification-codes.md), its severity, the pack and
/// element it is about and, for XML, the line (for a sealed .mp, the line of its embedded XML).
/// </summary>
public sealed record Finding(
    string Code,
    Severity Severity,
    string ManagementPackId,
    string? ElementId,
    string? File,
    int Line,
    string Message)
{
    /// <summary><c>file:line: error KMP3002: Pack/Element: message</c>, the way compilers print diagnostics.</summary>
    public override string ToString()
    {
        var where = File is null ? ManagementPackId : File;
        var place = Line > 0 ? $"{where}:{Line}" : where;
        var subject = ElementId is null ? ManagementPackId : ManagementPackId + "/" + ElementId;
        return $"{place}: {(Severity == Severity.Error ? "error" : "warning")} {Code}: {subject}: {Message}";
    }
}

/// <summary>The family of checks a code belongs to (the layers of verification).</summary>
public enum CheckFamily
{
    Structure,
    Schema,
    References,
    ModuleConfiguration,
    ImportRules,
    Practice,
    Sealed,
    Upgrade,
}

/// <summary>A verification code: stable identifier, severity, family and a short title.</summary>
public sealed record FindingCode(string Code, Severity Severity, CheckFamily Family, string Title);
