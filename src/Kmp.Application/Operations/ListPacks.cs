using Kmp.Operations;

namespace Kmp.Application.Operations;

/// <summary>A pack as <c>kmp list</c> shows it.</summary>
public sealed record ListedPack(string Id, string Version, bool Sealed, string? KeyToken, bool Kaspersky, IReadOnlyList<string> Dependents);

/// <summary>What <c>kmp list</c> shows: the packs (Kaspersky ones first) and KAV Administrators' recipients.</summary>
public sealed record GroupListing(string ManagementGroup, IReadOnlyList<ListedPack> Packs, IReadOnlyList<string> Recipients, bool HasNotificationGroup);

public static class ListPacks
{
    public static GroupListing Run(IManagementGroup group)
    {
        var packs = group.GetPacks();
        var listed = packs
            .Select(p => new ListedPack(p.Id, p.Version.ToString(4), p.Sealed, p.KeyToken, KasperskyFamily.IsFamily(p.Id),
                [.. packs.Where(d => d.DependsOn(p.Id)).Select(d => d.Id).Order(StringComparer.Ordinal)]))
            .OrderBy(p => p.Kaspersky ? 0 : 1)
            .ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        var subscription = group.GetSubscription(KavAdministrators.Name);
        return new GroupListing(group.Name, listed, subscription?.Recipients ?? [], subscription is not null);
    }
}
