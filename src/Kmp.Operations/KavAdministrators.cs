using System.Net.Mail;
using Kmp.ManagementPacks;

namespace Kmp.Operations;

/// <summary>
/// The "KAV Administrators" notification group of the MOM 2005 packs, in SCOM terms: an alert
/// subscription for every Kaspersky class, warning and error alerts, sent by e-mail to its
/// recipients. It lives in the management group, not in a pack.
/// </summary>
public static class KavAdministrators
{
    public static string Name => KasperskyFamily.NotificationGroup;
    public const string Channel = "E-mail (SMTP)";
    public const string Description = "Warning and error alerts of Kaspersky Lab applications (created by kmp)";

    public static IReadOnlyList<string> Severities { get; } = ["Warning", "Error"];

    /// <summary>The subscription covering the given classes, keeping the recipients it already has.</summary>
    public static NotificationSubscription For(IEnumerable<string> classIds, IReadOnlyList<string>? recipients = null) =>
        new(Name, Description, [.. classIds.Where(KasperskyFamily.IsFamilyClass).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Severities, Channel, recipients ?? []);

    /// <summary>Every Kaspersky class defined by the given packs.</summary>
    public static IEnumerable<string> FamilyClasses(IEnumerable<InstalledPack> packs) =>
        packs.Where(p => KasperskyFamily.IsFamily(p.Id)).SelectMany(p => p.ClassIds).Where(KasperskyFamily.IsFamilyClass);

    /// <summary>Checks an e-mail address the way a mail server would accept it; returns it normalized (trimmed).</summary>
    /// <exception cref="KmpException">The address is not a plain <c>user@domain</c> address.</exception>
    public static string ValidateAddress(string address)
    {
        var text = address.Trim();
        var at = text.LastIndexOf('@');
        var valid = at > 0 && at < text.Length - 1
            && !text.Any(char.IsWhiteSpace) && !text.Contains('<') && !text.Contains(',') && !text.Contains(';')
            && text[(at + 1)..].Contains('.') && !text[(at + 1)..].StartsWith('.') && !text.EndsWith('.')
            && MailAddress.TryCreate(text, out var parsed) && parsed.Address == text && parsed.DisplayName.Length == 0;
        if (!valid) throw new KmpException($"'{address}' is not an e-mail address (expected user@domain.tld)");
        return text;
    }
}
