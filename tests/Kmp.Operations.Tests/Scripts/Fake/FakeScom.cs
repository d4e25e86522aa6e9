using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Kmp.ManagementPacks.Xml;
using Kmp.Operations.Local;
using Microsoft.EnterpriseManagement;
using Microsoft.EnterpriseManagement.Administration;
using Microsoft.EnterpriseManagement.Configuration;
using Microsoft.EnterpriseManagement.Monitoring;

namespace Kmp.Operations.Tests.Scripts.Fake;

/// <summary>What Get-SCOMNotificationChannel returns: a wrapper whose Action is the SDK action (SmtpNotificationAction for e-mail).</summary>
public sealed class NotificationChannel(string name, string displayName, string channelType, NotificationAction action)
{
    public string Name { get; } = name;

    public string DisplayName { get; } = displayName;

    public string ChannelType { get; } = channelType;

    public NotificationAction Action { get; } = action;
}

/// <summary>What Get-SCOMDatabaseGroomingSetting returns (the fields the scripts read).</summary>
public sealed class DatabaseGroomingSetting(byte alertDaysToKeep)
{
    public byte AlertDaysToKeep { get; } = alertDaysToKeep;
}

/// <summary>How the fake group behaves where SCOM versions differ.</summary>
public sealed record FakeScomOptions
{
    /// <summary>SCOM 2019 and later: an alert raised by a monitor cannot be closed while the monitor is unhealthy.</summary>
    public bool MonitorAlertsCloseWithTheMonitor { get; init; } = true;
}

/// <summary>
/// The state behind the fake OperationsManager module: a real local kmp group (packs, references,
/// the rules SCOM enforces on import and uninstall, alerts, grooming, KAV Administrators), plus what
/// that model does not hold and a real group has: notification channels, subscribers as objects,
/// whether a subscription is enabled, its criteria. The module's functions call the methods here.
/// </summary>
public sealed class FakeScom
{
    public const string SubscriptionName = "KAV Administrators";

    private readonly FakeScomOptions options;
    private readonly Dictionary<string, IReadOnlyList<Workflow>> workflows = new(StringComparer.Ordinal);
    private readonly HashSet<string> failUninstall = new(StringComparer.Ordinal);
    private AlertNotificationSubscription? subscription;

    public FakeScom(LocalManagementGroup group, FakeScomOptions? options = null)
    {
        Group = group;
        this.options = options ?? new FakeScomOptions();
        ManagementGroup = new ManagementGroup(this, "KMPFAKE");
        AddEmailChannel("SMTP Channel", "smtp.contoso.com");
        if (group.GetSubscription(SubscriptionName) is { } existing) subscription = FromLocal(existing);
    }

    public LocalManagementGroup Group { get; }

    public ManagementGroup ManagementGroup { get; }

    public List<NotificationChannel> Channels { get; } = [];

    public List<NotificationRecipient> Subscribers { get; } = [];

    /// <summary>Every cmdlet call, as "Verb-Noun -Param value ...", in order.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>Every state of KAV Administrators written to the group: enabled, and the number of classes it is scoped to.</summary>
    public List<(bool Enabled, int Classes)> SubscriptionWrites { get; } = [];

    public bool Connected { get; private set; }

    /// <summary>Called just before a subscription is deleted (tests look at the server's files then).</summary>
    public Action? OnRemoveSubscription { get; set; }

    public AlertNotificationSubscription? Subscription => subscription;

    public static Guid IdOf(string text) => new(MD5.HashData(Encoding.UTF8.GetBytes("kmp-fake:" + text)));

    public NotificationChannel AddEmailChannel(string displayName, string server)
    {
        var action = new SmtpNotificationAction("Smtp.Action." + Channels.Count) { DisplayName = displayName, Endpoint = new SmtpNotificationEndpoint("Smtp.Endpoint." + Channels.Count, "Smtp", server), From = "scom@contoso.com" };
        var channel = new NotificationChannel(action.Name, displayName, "Smtp", action);
        Channels.Add(channel);
        return channel;
    }

    /// <summary>The next Remove-SCOMManagementPack of this pack fails as a dropped connection would (once).</summary>
    public void FailUninstallOnce(string packId) => failUninstall.Add(packId);

    public void Log(string call) => Calls.Add(call);

    public void Connect(string[]? computerName)
    {
        if (computerName is { Length: > 0 } && computerName.Any(string.IsNullOrWhiteSpace)) throw new InvalidOperationException("The Data Access service is not running on the computer named.");
        Connected = true;
    }

    private void RequireConnection()
    {
        if (!Connected) throw new InvalidOperationException("No management group connection: use New-SCOMManagementGroupConnection first.");
    }

    // ------------------------------------------------------------------ packs

    private IReadOnlyList<InstalledPack>? packs;

    /// <summary>The group's packs, read again after every import or uninstall made through the module.</summary>
    private IReadOnlyList<InstalledPack> InstalledPacks() => packs ??= Group.GetPacks();

    public IReadOnlyList<ManagementPack> Packs(string[]? names = null)
    {
        RequireConnection();
        return [.. InstalledPacks().Where(p => names is null || names.Any(n => Like(p.Id, n))).Select(p => new ManagementPack(this, p))];
    }

    public IList<ManagementPack> Dependents(ManagementPack pack)
    {
        RequireConnection();
        return [.. InstalledPacks().Where(p => p.DependsOn(pack.Name)).Select(p => new ManagementPack(this, p))];
    }

    public void Import(string path)
    {
        RequireConnection();
        if (!File.Exists(path)) throw new FileNotFoundException($"Could not find file '{path}'.");
        packs = null;
        Group.Import(ManagementPackFile.Load(path));
        workflows.Clear();
    }

    public void Export(ManagementPack pack, string folder)
    {
        RequireConnection();
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The folder {folder} does not exist (Export-SCOMManagementPack: the folder must exist before you run the cmdlet).");
        File.WriteAllText(Path.Combine(folder, pack.Name + ".xml"), Group.ExportXml(pack.Name));
    }

    public void Uninstall(ManagementPack pack)
    {
        RequireConnection();
        if (failUninstall.Remove(pack.Name)) throw new InvalidOperationException("The server disconnected while " + pack.Name + " was being removed (ServerDisconnectedException).");
        packs = null;
        try
        {
            Group.Uninstall(pack.Name);
        }
        catch (ManagementGroupRefusedException ex) when (ex.Reason == RefusalReason.HasDependents)
        {
            throw new InvalidOperationException($"You cannot remove a management pack on which other management packs depend: {pack.Name} ({string.Join(", ", ex.Names)})", ex);
        }
        workflows.Remove(pack.Name);
    }

    // ------------------------------------------------------------------ workflows, alerts

    public sealed record Workflow(string Id, Guid Guid, bool IsMonitor);

    internal IReadOnlyList<Workflow> Workflows(string packId)
    {
        if (workflows.TryGetValue(packId, out var known)) return known;
        IReadOnlyList<Workflow> list;
        try
        {
            var document = ManagementPackDocument.Parse(Group.ExportXml(packId), packId);
            list = [.. document.Elements.Where(e => e.Kind is "Rule" or "UnitMonitor" or "AggregateMonitor" or "DependencyMonitor")
                .Select(e => new Workflow(e.Id, IdOf("workflow:" + e.Id), e.Kind != "Rule"))];
        }
        catch (ManagementGroupRefusedException)
        {
            list = []; // a seeded library record has no XML and no workflows of interest
        }
        return workflows[packId] = list;
    }

    private Dictionary<string, Workflow> AllWorkflows() =>
        InstalledPacks().SelectMany(p => Workflows(p.Id)).GroupBy(w => w.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public IReadOnlyList<MonitoringAlert> Alerts(string? criteria)
    {
        RequireConnection();
        var all = AllWorkflows();
        var alerts = Group.GetAlerts(all.Keys).Select(a => new MonitoringAlert(this, a, all[a.WorkflowId])).ToList();
        if (criteria is null) return alerts;
        var filter = AlertCriteria.Parse(criteria);
        return [.. alerts.Where(filter)];
    }

    internal void UpdateAlert(MonitoringAlert alert, string comment)
    {
        if (alert.ResolutionState != ResolutionStates.Closed) return;
        Close(alert, comment);
    }

    public void Close(MonitoringAlert alert, string? comment)
    {
        RequireConnection();
        if (alert.IsMonitorAlert && options.MonitorAlertsCloseWithTheMonitor && Group.GetAlerts([alert.WorkflowId]).Any(a => a.Id == alert.Id && a.IsOpen))
            throw new InvalidOperationException($"Alert {alert.Id} cannot be closed: the monitor that raised it is still unhealthy (SCOM 2019 and later close a monitor's alert when the monitor returns to healthy; reset the monitor instead).");
        Group.ResolveAlerts([alert.Id], comment ?? "");
    }

    public MonitoringObject? Instance(Guid id)
    {
        RequireConnection();
        var all = AllWorkflows();
        var alert = Group.GetAlerts(all.Keys).FirstOrDefault(a => IdOf("object:" + a.Id.ToString("D")) == id);
        return alert is null ? null : new MonitoringObject(this, id, "computer-of-alert-" + alert.Id.ToString("N")[..8]);
    }

    /// <summary>Resets a monitor on an object to healthy: its open alert there is closed by the monitor (returns the task result's status).</summary>
    internal object ResetMonitor(MonitoringObject instance, Guid monitorId)
    {
        var all = AllWorkflows();
        if (!all.Values.Any(w => w.IsMonitor && w.Guid == monitorId)) throw new ArgumentException($"No monitor with ID {monitorId}.", nameof(monitorId));
        var open = Group.GetAlerts(all.Keys).Where(a => a.IsOpen && IdOf("object:" + a.Id.ToString("D")) == instance.Id && all[a.WorkflowId].Guid == monitorId).Select(a => a.Id).ToList();
        if (open.Count > 0) Group.ResolveAlerts(open, "Alert closed by the monitor: health reset to healthy");
        return "Succeeded";
    }

    // ------------------------------------------------------------------ grooming, clock

    public DatabaseGroomingSetting Grooming() => new((byte)Group.GetAlertDaysToKeep());

    public void SetAlertDaysToKeep(byte days) => Group.SetAlertDaysToKeep(days);

    public void Sleep(int seconds) => Group.Clock.Sleep(TimeSpan.FromSeconds(seconds), CancellationToken.None);

    public DateTime Now => Group.Clock.UtcNow.UtcDateTime;

    // ------------------------------------------------------------------ classes

    public IReadOnlyList<ManagementPackClass> Classes(string[]? names, Guid[]? ids)
    {
        RequireConnection();
        var classes = InstalledPacks().SelectMany(p => p.ClassIds).Distinct(StringComparer.Ordinal).Select(c => new ManagementPackClass(IdOf("class:" + c), c)).ToList();
        return [.. classes.Where(c => (names is null || names.Any(n => Like(c.Name, n))) && (ids is null || ids.Contains(c.Id)))];
    }

    public IReadOnlyList<ManagementPackClass> ClassesOf(ManagementPack[] packs)
    {
        RequireConnection();
        var names = packs.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return [.. InstalledPacks().Where(p => names.Contains(p.Id)).SelectMany(p => p.ClassIds).Select(c => new ManagementPackClass(IdOf("class:" + c), c))];
    }

    // ------------------------------------------------------------------ notifications

    public NotificationRecipient AddSubscriber(string name, string[] devices)
    {
        RequireConnection();
        if (Subscribers.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException($"A notification subscriber named {name} already exists.");
        var recipient = new NotificationRecipient(name);
        foreach (var device in devices)
        {
            var (protocol, address) = device.StartsWith("sms:", StringComparison.OrdinalIgnoreCase) ? ("Sms", device[4..])
                : device.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? ("Sip", device[4..]) : ("Smtp", device);
            recipient.Devices.Add(new NotificationRecipientDevice(protocol, address));
        }
        Subscribers.Add(recipient);
        return recipient;
    }

    public IReadOnlyList<NotificationRecipient> FindSubscribers(string[]? names) =>
        [.. Subscribers.Where(s => names is null || names.Any(n => Like(s.Name, n)))];

    public IReadOnlyList<AlertNotificationSubscription> Subscriptions()
    {
        RequireConnection();
        return subscription is null ? [] : [subscription];
    }

    public AlertNotificationSubscription AddSubscription(string name, string? displayName, string? description, string? criteria,
        NotificationRecipient[] subscribers, object[] channels, bool disabled)
    {
        RequireConnection();
        if ((displayName ?? name) != SubscriptionName) throw new NotSupportedException("The fake group keeps one subscription: " + SubscriptionName);
        if (subscription is not null) throw new InvalidOperationException($"A notification subscription named {name} already exists.");
        var created = new AlertNotificationSubscription(this, name) { DisplayName = displayName ?? name, Description = description ?? displayName ?? name, Enabled = !disabled };
        created.Configuration.Criteria = criteria;
        foreach (var s in subscribers) created.ToRecipients.Add(s);
        foreach (var c in channels) created.Actions.Add(c is NotificationChannel wrapper ? wrapper.Action : (NotificationAction)c);
        subscription = created;
        SaveSubscription(created);
        return created;
    }

    public void RemoveSubscription(Microsoft.EnterpriseManagement.Administration.NotificationSubscription removed)
    {
        RequireConnection();
        if (!ReferenceEquals(removed, subscription)) throw new InvalidOperationException($"The notification subscription {removed.Name} does not exist.");
        OnRemoveSubscription?.Invoke();
        subscription = null;
        Group.DeleteSubscription(SubscriptionName);
    }

    internal void SaveSubscription(AlertNotificationSubscription saved)
    {
        if (!ReferenceEquals(saved, subscription)) throw new InvalidOperationException($"The notification subscription {saved.Name} does not exist.");
        var classes = Classes(null, null).ToDictionary(c => c.Id);
        var names = saved.Configuration.MonitoringClassIds.Select(id => classes.TryGetValue(id, out var c) ? c.Name : throw new InvalidOperationException($"No class with ID {id}.")).ToList();
        SubscriptionWrites.Add((saved.Enabled, names.Count));
        var recipients = saved.ToRecipients.SelectMany(r => r.Devices).Where(d => d.Protocol == "Smtp").Select(d => d.Address).ToList();
        var channel = saved.Actions.OfType<SmtpNotificationAction>().Select(a => a.DisplayName).FirstOrDefault() ?? "";
        Group.SaveSubscription(new Kmp.Operations.NotificationSubscription(saved.DisplayName ?? saved.Name, saved.Description ?? "", names, Severities(saved.Configuration.Criteria), channel, recipients));
    }

    private AlertNotificationSubscription FromLocal(Kmp.Operations.NotificationSubscription local)
    {
        var created = new AlertNotificationSubscription(this, "KAVAdministrators") { DisplayName = local.Name, Description = local.Description, Enabled = true };
        created.Configuration.Criteria = "<And><Expression><SimpleExpression><ValueExpression><Property>Severity</Property></ValueExpression><Operator>GreaterEqual</Operator><ValueExpression><Value>1</Value></ValueExpression></SimpleExpression></Expression></And>";
        foreach (var c in local.ClassIds) created.Configuration.MonitoringClassIds.Add(IdOf("class:" + c));
        foreach (var address in local.Recipients)
            created.ToRecipients.Add(Subscribers.FirstOrDefault(s => s.Devices.Any(d => d.Address == address)) ?? AddSubscriberUnchecked(address));
        created.Actions.Add(Channels[0].Action);
        return created;
    }

    private NotificationRecipient AddSubscriberUnchecked(string address)
    {
        var recipient = new NotificationRecipient(address);
        recipient.Devices.Add(new NotificationRecipientDevice("Smtp", address));
        Subscribers.Add(recipient);
        return recipient;
    }

    /// <summary>The severities a subscription's criteria let through (Information 0, Warning 1, Error 2), as kmp names them.</summary>
    private static IReadOnlyList<string> Severities(string? criteria)
    {
        string[] all = ["Information", "Warning", "Error"];
        if (string.IsNullOrWhiteSpace(criteria)) return [];
        var root = XElement.Parse(criteria);
        var allowed = Enumerable.Range(0, 3).ToHashSet();
        foreach (var simple in root.DescendantsAndSelf("SimpleExpression"))
        {
            var values = simple.Elements("ValueExpression").ToList();
            if (values.Count != 2 || (string?)values[0].Element("Property") != "Severity" || !int.TryParse((string?)values[1].Element("Value"), out var v)) continue;
            var op = (string?)simple.Element("Operator");
            allowed.RemoveWhere(s => op switch
            {
                "Equal" => s != v,
                "GreaterEqual" => s < v,
                "Greater" => s <= v,
                "LessEqual" => s > v,
                "Less" => s >= v,
                "NotEqual" => s == v,
                _ => false,
            });
        }
        return allowed.Count == 3 ? [] : [.. allowed.Order().Select(s => all[s])];
    }

    /// <summary>PowerShell's -like for the cmdlets' wildcard parameters.</summary>
    private static bool Like(string value, string pattern) =>
        new System.Management.Automation.WildcardPattern(pattern, System.Management.Automation.WildcardOptions.IgnoreCase).IsMatch(value);
}
