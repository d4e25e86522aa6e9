namespace Kmp.Operations;

/// <summary>A manifest reference of an installed pack: alias, referenced pack ID, version and key token.</summary>
public sealed record PackReference(string Alias, string ManagementPackId, Version Version, string KeyToken);

/// <summary>
/// A management pack installed in a management group, as the group lists it: identity, sealing,
/// key token, references, and the IDs of the classes and workflows (rules and monitors) it defines.
/// </summary>
public sealed record InstalledPack(
    string Id,
    Version Version,
    string Name,
    bool Sealed,
    string? KeyToken,
    IReadOnlyList<PackReference> References,
    IReadOnlyList<string> ClassIds,
    IReadOnlyList<string> WorkflowIds)
{
    public bool DependsOn(string packId) => References.Any(r => string.Equals(r.ManagementPackId, packId, StringComparison.Ordinal));
}

/// <summary>Resolution states of an alert (0 New, 255 Closed, as SCOM numbers them).</summary>
public static class ResolutionStates
{
    public const int New = 0;
    public const int Closed = 255;
}

/// <summary>An alert raised by a rule or monitor, with its resolution state and times.</summary>
public sealed record Alert(
    Guid Id,
    string WorkflowId,
    string Name,
    int ResolutionState,
    DateTimeOffset TimeRaised,
    DateTimeOffset? TimeResolved,
    DateTimeOffset LastModified)
{
    public bool IsOpen => ResolutionState != ResolutionStates.Closed;
}

/// <summary>
/// An alert notification subscription: which classes and severities it covers, the channel it
/// sends on, and its recipients' e-mail addresses. "KAV Administrators" is one.
/// </summary>
public sealed record NotificationSubscription(
    string Name,
    string Description,
    IReadOnlyList<string> ClassIds,
    IReadOnlyList<string> Severities,
    string Channel,
    IReadOnlyList<string> Recipients)
{
    /// <summary>Same coverage and recipients (order does not matter).</summary>
    public bool SameAs(NotificationSubscription other) =>
        Name == other.Name && Description == other.Description && Channel == other.Channel
        && ClassIds.Order(StringComparer.Ordinal).SequenceEqual(other.ClassIds.Order(StringComparer.Ordinal))
        && Severities.Order(StringComparer.Ordinal).SequenceEqual(other.Severities.Order(StringComparer.Ordinal))
        && Recipients.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(other.Recipients.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
}
