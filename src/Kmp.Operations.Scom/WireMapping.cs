using System.Globalization;
using Kmp.Scom.Protocol;

namespace Kmp.Operations.Scom;

/// <summary>The port's records onto the protocol's messages and back (both directions are used: kmp reads, the fake host writes).</summary>
public static class WireMapping
{
    public static PackInfo ToWire(InstalledPack pack) => new()
    {
        Id = pack.Id,
        Version = pack.Version.ToString(),
        Name = pack.Name,
        Sealed = pack.Sealed,
        KeyToken = pack.KeyToken,
        References = [.. pack.References.Select(r => new ReferenceInfo { Alias = r.Alias, Id = r.ManagementPackId, Version = r.Version.ToString(), KeyToken = r.KeyToken })],
        ClassIds = [.. pack.ClassIds],
        WorkflowIds = [.. pack.WorkflowIds],
    };

    public static InstalledPack FromWire(PackInfo pack) => new(
        pack.Id, ParseVersion(pack.Version, pack.Id), pack.Name, pack.Sealed, pack.KeyToken,
        [.. (pack.References ?? []).Select(r => new PackReference(r.Alias, r.Id, ParseVersion(r.Version, pack.Id), r.KeyToken ?? ""))],
        [.. pack.ClassIds ?? []], [.. pack.WorkflowIds ?? []]);

    public static AlertInfo ToWire(Alert alert) => new()
    {
        Id = alert.Id.ToString("D"),
        WorkflowId = alert.WorkflowId,
        Name = alert.Name,
        ResolutionState = alert.ResolutionState,
        TimeRaised = alert.TimeRaised.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture),
        TimeResolved = alert.TimeResolved?.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture),
        LastModified = alert.LastModified.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture),
    };

    public static Alert FromWire(AlertInfo alert) => new(
        ParseGuid(alert.Id), alert.WorkflowId, alert.Name, alert.ResolutionState,
        ParseTime(alert.TimeRaised), alert.TimeResolved is null ? null : ParseTime(alert.TimeResolved), ParseTime(alert.LastModified));

    public static SubscriptionInfo ToWire(NotificationSubscription subscription) => new()
    {
        Name = subscription.Name,
        Description = subscription.Description,
        ClassIds = [.. subscription.ClassIds],
        Severities = [.. subscription.Severities],
        Channel = subscription.Channel,
        Recipients = [.. subscription.Recipients],
    };

    public static NotificationSubscription FromWire(SubscriptionInfo subscription) => new(
        subscription.Name, subscription.Description, [.. subscription.ClassIds ?? []], [.. subscription.Severities ?? []],
        subscription.Channel, [.. subscription.Recipients ?? []]);

    public static PackFile ToWire(ManagementPackFile pack) => new()
    {
        FileName = pack.Id + (pack.IsAssembly ? ".mp" : ".xml"),
        Sealed = pack.Sealed,
        KeyToken = pack.KeyToken,
        ContentBase64 = Convert.ToBase64String(pack.Content),
    };

    public static Guid ParseGuid(string text) =>
        Guid.TryParseExact(text, "D", out var id) ? id : throw new MalformedMessageException($"'{MessageCodec.Excerpt(text)}' is not an alert ID");

    private static Version ParseVersion(string text, string packId) =>
        Version.TryParse(text, out var version) ? version : throw new MalformedMessageException($"pack {packId}: '{MessageCodec.Excerpt(text)}' is not a version");

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParseExact(text, "o", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time : throw new MalformedMessageException($"'{MessageCodec.Excerpt(text)}' is not an ISO 8601 time");
}
