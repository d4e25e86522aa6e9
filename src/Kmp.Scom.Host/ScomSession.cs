using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Kmp.Scom.Protocol;
using Microsoft.EnterpriseManagement;
using Microsoft.EnterpriseManagement.Administration;
using Microsoft.EnterpriseManagement.Configuration;
using Microsoft.EnterpriseManagement.Configuration.IO;
using Microsoft.EnterpriseManagement.Monitoring;

namespace Kmp.Scom.Host;

/// <summary>The management group is SCOM 2007 R2, whose SDK (6.x) this host does not use.</summary>
internal sealed class UnsupportedSdkException(string message) : Exception(message);

/// <summary>
/// One connection to a management group through the Operations Manager SDK, and the port's operations
/// on it. Refusals that kmp names (not installed, dependents, version not higher, sealed/unsealed
/// conflict) are checked before the SDK is asked, so they come back with the same reasons as from the
/// local group; everything else is the SDK's own verdict.
/// </summary>
internal sealed class ScomSession
{
    private const byte Closed = 255;
    private readonly ManagementGroup group;

    private ScomSession(ManagementGroup group, string? account)
    {
        this.group = group;
        Account = account;
    }

    /// <summary>Who is connected, for messages (<c>DOMAIN\user</c>); null with integrated authentication.</summary>
    public string? Account { get; }

    public static ScomSession Connect(ConnectArguments arguments)
    {
        var settings = new ManagementGroupConnectionSettings(arguments.Server);
        string? account = null;
        if (!string.IsNullOrEmpty(arguments.UserName))
        {
            settings.UserName = arguments.UserName;
            if (!string.IsNullOrEmpty(arguments.Domain)) settings.Domain = arguments.Domain;
            var password = new SecureString();
            foreach (var c in arguments.Password ?? "") password.AppendChar(c);
            password.MakeReadOnly();
            settings.Password = password;
            account = string.IsNullOrEmpty(arguments.Domain) ? arguments.UserName : arguments.Domain + "\\" + arguments.UserName;
        }
        var group = ManagementGroup.Connect(settings);
        var session = new ScomSession(group, account);
        session.RefuseScom2007();
        return session;
    }

    /// <summary>A group whose System.Library is 6.x is SCOM 2007 R2: its SDK is another one.</summary>
    private void RefuseScom2007()
    {
        var system = group.ManagementPacks.GetManagementPacks(new ManagementPackCriteria("Name = 'System.Library'")).FirstOrDefault();
        if (system is not null && system.Version.Major < 7)
            throw new UnsupportedSdkException($"the management group runs SCOM 2007 R2 (System.Library {system.Version}); kmp's host works with SCOM 2012 and later");
    }

    public List<PackInfo> GetPacks() => [.. group.ManagementPacks.GetManagementPacks().Select(ToInfo).OrderBy(p => p.Id, StringComparer.Ordinal)];

    private static PackInfo ToInfo(ManagementPack pack) => new()
    {
        Id = pack.Name,
        Version = pack.Version.ToString(),
        Name = string.IsNullOrEmpty(pack.DisplayName) ? pack.Name : pack.DisplayName,
        Sealed = pack.Sealed,
        KeyToken = pack.Sealed && !string.IsNullOrEmpty(pack.KeyToken) ? pack.KeyToken.ToLowerInvariant() : null,
        References = [.. ((IEnumerable<KeyValuePair<string, ManagementPackReference>>)pack.References).Select(r => new ReferenceInfo
        {
            Alias = r.Key,
            Id = r.Value.Name,
            Version = r.Value.Version.ToString(),
            KeyToken = string.IsNullOrEmpty(r.Value.KeyToken) ? null : r.Value.KeyToken.ToLowerInvariant(),
        })],
        ClassIds = [.. ((IEnumerable<ManagementPackClass>)pack.GetClasses()).Select(c => c.Name)],
        WorkflowIds = [.. ((IEnumerable<ManagementPackRule>)pack.GetRules()).Select(r => r.Name).Concat(((IEnumerable<ManagementPackMonitor>)pack.GetMonitors()).Select(m => m.Name))],
    };

    private ManagementPack? Find(string packId) =>
        group.ManagementPacks.GetManagementPacks(new ManagementPackCriteria($"Name = '{Quote(packId)}'")).FirstOrDefault();

    public void Import(PackFile file)
    {
        var bytes = Convert.FromBase64String(file.ContentBase64);
        var isAssembly = bytes.Length >= 2 && bytes[0] == 'M' && bytes[1] == 'Z';
        if (file.Sealed && !isAssembly) throw new BadRequestException($"{file.FileName}: a sealed pack reaches SCOM as a signed .mp file, not as XML");
        var folder = Path.Combine(Path.GetTempPath(), "kmp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, Path.GetFileName(file.FileName));
            File.WriteAllBytes(path, bytes);
            var pack = new ManagementPack(path, group);
            var installed = Find(pack.Name);
            if (installed is not null)
            {
                if (installed.Sealed != pack.Sealed)
                    throw new RefusedException("SealedUnsealedConflict", $"{pack.Name}: a {(installed.Sealed ? "sealed" : "unsealed")} pack of this ID is installed; a sealed and an unsealed pack of one ID cannot both exist", pack.Name);
                if (pack.Sealed && pack.Version <= installed.Version)
                    throw new RefusedException("VersionNotHigher", $"{pack.Name} {pack.Version}: version {installed.Version} is installed; a sealed pack installs again only with a higher version", pack.Name);
            }
            group.ManagementPacks.ImportManagementPack(pack);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temporary file left behind is harmless.
            }
        }
    }

    public void Uninstall(string packId)
    {
        var pack = Find(packId) ?? throw new RefusedException("NotInstalled", $"{packId} is not installed", packId);
        var dependents = group.ManagementPacks.GetDependentManagementPacks(pack).Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        if (dependents.Length > 0)
            throw new RefusedException("HasDependents", $"{packId} cannot be uninstalled: {string.Join(", ", dependents)} reference it", dependents);
        group.ManagementPacks.UninstallManagementPack(pack);
    }

    public string ExportXml(string packId)
    {
        var pack = Find(packId) ?? throw new RefusedException("NotInstalled", $"{packId} is not installed", packId);
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            new ManagementPackXmlWriter(writer).WriteManagementPack(pack);
        }
        return text.ToString();
    }

    /// <summary>Alerts of the given rules and monitors, found by the workflow's ID (MonitoringRuleId holds a monitor's ID for a monitor alert).</summary>
    public List<AlertInfo> GetAlerts(List<string> workflowIds)
    {
        var wanted = new HashSet<string>(workflowIds, StringComparer.Ordinal);
        var alerts = new List<AlertInfo>();
        if (wanted.Count == 0) return alerts;
        foreach (var pack in group.ManagementPacks.GetManagementPacks())
        {
            var workflows = ((IEnumerable<ManagementPackRule>)pack.GetRules()).Select(r => (r.Name, r.Id))
                .Concat(((IEnumerable<ManagementPackMonitor>)pack.GetMonitors()).Select(m => (m.Name, m.Id)))
                .Where(w => wanted.Contains(w.Name));
            foreach (var (name, id) in workflows)
            {
                foreach (var alert in group.OperationalData.GetMonitoringAlerts(new MonitoringAlertCriteria($"MonitoringRuleId = '{id:D}'"), null))
                    alerts.Add(ToInfo(alert, name));
            }
        }
        return alerts;
    }

    private static AlertInfo ToInfo(MonitoringAlert alert, string workflowId) => new()
    {
        Id = alert.Id.ToString("D"),
        WorkflowId = workflowId,
        Name = alert.Name,
        ResolutionState = alert.ResolutionState,
        TimeRaised = Utc(alert.TimeRaised),
        TimeResolved = alert.TimeResolved is { } resolved ? Utc(resolved) : null,
        LastModified = Utc(alert.LastModified),
    };

    /// <summary>The SDK's times are UTC.</summary>
    private static string Utc(DateTime time) =>
        new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToString("o", CultureInfo.InvariantCulture);

    /// <summary>Closes the open ones of the alerts (resolution state 255) with the comment; returns how many it closed.</summary>
    public int ResolveAlerts(List<string> alertIds, string comment)
    {
        var closed = 0;
        foreach (var text in alertIds)
        {
            if (!Guid.TryParseExact(text, "D", out var id)) throw new BadRequestException($"'{text}' is not an alert ID");
            foreach (var alert in group.OperationalData.GetMonitoringAlerts(new MonitoringAlertCriteria($"Id = '{id:D}'"), null))
            {
                if (alert.ResolutionState == Closed) continue;
                alert.ResolutionState = Closed;
                alert.Update(comment);
                closed++;
            }
        }
        return closed;
    }

    public int GetAlertDaysToKeep() =>
        group.Administration.Settings.GetDefaultValue(Settings.ManagementGroup.PartitioningAndGroomingSettings.AlertDaysToKeep);

    public void SetAlertDaysToKeep(int days)
    {
        if (days is < 1 or > 255) throw new BadRequestException($"AlertDaysToKeep {days}: expected 1 to 255");
        var settings = group.Administration.Settings;
        settings.SetDefaultValue(Settings.ManagementGroup.PartitioningAndGroomingSettings.AlertDaysToKeep, (byte)days);
        settings.ApplyChanges();
    }

#pragma warning disable CS0618 // The ManagementGroup notification methods are documented (obsolete since 2012, present through 2025).
    private AlertNotificationSubscription? FindSubscription(string name) =>
        group.GetNotificationSubscriptions().OfType<AlertNotificationSubscription>()
            .FirstOrDefault(s => string.Equals(s.DisplayName, name, StringComparison.Ordinal) || string.Equals(s.Name, name, StringComparison.Ordinal));

    public SubscriptionInfo? GetSubscription(string name)
    {
        var subscription = FindSubscription(name);
        if (subscription is null) return null;
        var classNames = ClassNamesById();
        return new SubscriptionInfo
        {
            Name = name,
            Description = subscription.Description ?? "",
            ClassIds = [.. subscription.Configuration.MonitoringClassIds.Select(id => classNames.TryGetValue(id, out var n) ? n : id.ToString("D")).OrderBy(n => n, StringComparer.Ordinal)],
            Severities = SeverityCriteria.Read(subscription.Configuration.Criteria),
            Channel = subscription.Actions.Select(a => string.IsNullOrEmpty(a.DisplayName) ? a.Name : a.DisplayName).FirstOrDefault() ?? "",
            Recipients = [.. subscription.ToRecipients.SelectMany(r => r.Devices).Select(d => d.Address)],
        };
    }

    /// <summary>Replaces the subscription of that name: deleted, then inserted with its recipients (created when missing) and channel.</summary>
    public void SaveSubscription(SubscriptionInfo wanted)
    {
        var action = group.GetNotificationAction(wanted.Channel)
            ?? throw new RefusedException("NotAllowed", $"there is no notification channel named '{wanted.Channel}': create it in the Operations console (Administration, Notifications, Channels) first", wanted.Channel);
        var classIds = ClassIdsByName();
        var configuration = new AlertChangedSubscriptionConfiguration(AlertSubscriptionConfigurationType.Any) { Criteria = SeverityCriteria.Write(wanted.Severities) };
        foreach (var className in wanted.ClassIds)
        {
            if (!classIds.TryGetValue(className, out var id)) throw new RefusedException("UnresolvedReference", $"class {className} is not defined by any installed pack", className);
            configuration.MonitoringClassIds.Add(id);
        }
        var subscription = new AlertNotificationSubscription(SubscriptionName(wanted.Name), configuration)
        {
            DisplayName = wanted.Name,
            Description = wanted.Description,
            Enabled = true,
        };
        subscription.Actions.Add(action);
        foreach (var address in wanted.Recipients)
        {
            var recipientName = address;
            var recipient = group.GetNotificationRecipient(recipientName);
            if (recipient is null)
            {
                recipient = new NotificationRecipient(recipientName);
                recipient.Devices.Add(new NotificationRecipientDevice("Smtp", address));
                group.InsertNotificationRecipient(recipient);
            }
            subscription.ToRecipients.Add(recipient);
        }
        if (FindSubscription(wanted.Name) is { } existing) group.DeleteNotificationSubscription(existing);
        group.InsertNotificationSubscription(subscription);
    }

    public void DeleteSubscription(string name)
    {
        var subscription = FindSubscription(name) ?? throw new RefusedException("NotInstalled", $"there is no notification subscription named '{name}'", name);
        group.DeleteNotificationSubscription(subscription);
    }
#pragma warning restore CS0618

    /// <summary>A subscription's internal name must be a valid MP element ID: letters, digits, dots and underscores.</summary>
    private static string SubscriptionName(string displayName) =>
        "Kmp.Subscription." + Regex.Replace(displayName, "[^A-Za-z0-9_]", "_");

    private Dictionary<Guid, string> ClassNamesById()
    {
        var names = new Dictionary<Guid, string>();
        foreach (var pack in group.ManagementPacks.GetManagementPacks())
        {
            foreach (var c in (IEnumerable<ManagementPackClass>)pack.GetClasses()) names[c.Id] = c.Name;
        }
        return names;
    }

    private Dictionary<string, Guid> ClassIdsByName() => ClassNamesById().ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Quotes a value inside SCOM criteria: a single quote is doubled.</summary>
    private static string Quote(string value) => value.Replace("'", "''");
}

/// <summary>
/// The severity part of an alert subscription's criteria (SCOM's criteria XML: an Or of
/// "Severity Equal N", 0 Information, 1 Warning, 2 Error), written and read back.
/// </summary>
internal static class SeverityCriteria
{
    private static readonly string[] Names = ["Information", "Warning", "Error"];

    public static string Write(IEnumerable<string> severities)
    {
        var expressions = severities.Select(s => Array.IndexOf(Names, s)).Where(i => i >= 0).Distinct().OrderBy(i => i)
            .Select(i => $"<Expression><SimpleExpression><ValueExpression><Property>Severity</Property></ValueExpression><Operator>Equal</Operator><ValueExpression><Value>{i}</Value></ValueExpression></SimpleExpression></Expression>")
            .ToList();
        return expressions.Count == 1 ? expressions[0] : $"<Expression><Or>{string.Concat(expressions)}</Or></Expression>";
    }

    public static List<string> Read(string? criteria)
    {
        if (string.IsNullOrEmpty(criteria)) return [];
        return [.. Regex.Matches(criteria, @"<Property>Severity</Property>\s*</ValueExpression>\s*<Operator>Equal</Operator>\s*<ValueExpression>\s*<Value>(\d)</Value>")
            .Cast<Match>().Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Where(i => i < Names.Length).Distinct().OrderBy(i => i).Select(i => Names[i])];
    }
}
