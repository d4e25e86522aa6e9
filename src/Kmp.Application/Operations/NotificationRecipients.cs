using Kmp.ManagementPacks;
using Kmp.Operations;

namespace Kmp.Application.Operations;

/// <summary>
/// <c>kmp notify</c>: the recipients of KAV Administrators (the guide's chapter 4). Adding and
/// removing hold the group from reading the subscription to saving it, so no other command's
/// change is lost between the two.
/// </summary>
public static class NotificationRecipients
{
    /// <summary>Adds a recipient; false when the address was already there.</summary>
    public static bool Add(IManagementGroup group, string address)
    {
        var valid = KavAdministrators.ValidateAddress(address);
        using var hold = ManagementGroups.HoldForChanges(group);
        var subscription = group.GetSubscription(KavAdministrators.Name) ?? Created(group);
        if (subscription.Recipients.Contains(valid, StringComparer.OrdinalIgnoreCase)) return false;
        group.SaveSubscription(subscription with { Recipients = [.. subscription.Recipients, valid] });
        return true;
    }

    /// <summary>Removes a recipient; false when the address was not there.</summary>
    public static bool Remove(IManagementGroup group, string address)
    {
        var valid = KavAdministrators.ValidateAddress(address);
        using var hold = ManagementGroups.HoldForChanges(group);
        var subscription = group.GetSubscription(KavAdministrators.Name);
        if (subscription is null || !subscription.Recipients.Contains(valid, StringComparer.OrdinalIgnoreCase)) return false;
        group.SaveSubscription(subscription with { Recipients = [.. subscription.Recipients.Where(r => !string.Equals(r, valid, StringComparison.OrdinalIgnoreCase))] });
        return true;
    }

    public static IReadOnlyList<string> List(IManagementGroup group) => group.GetSubscription(KavAdministrators.Name)?.Recipients ?? [];

    private static NotificationSubscription Created(IManagementGroup group)
    {
        var classes = KavAdministrators.FamilyClasses(group.GetPacks()).ToList();
        if (classes.Count == 0)
            throw new KmpRefusedException($"{group.Name}: no Kaspersky Lab pack is installed, so there is no {KavAdministrators.Name} notification group yet; run kmp import first");
        return KavAdministrators.For(classes);
    }
}
