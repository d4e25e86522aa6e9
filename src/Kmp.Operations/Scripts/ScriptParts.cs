using System.Text;

namespace Kmp.Operations.Scripts;

/// <summary>
/// The pieces the emitted PowerShell scripts share: the check that the OperationsManager module is
/// there (SCOM 2012 and later; SCOM 2007 R2's command shell is refused with what to do instead), the
/// connection, and the functions, each emitted only where the script calls it.
/// </summary>
internal static class ScriptParts
{
    /// <summary>Criteria of KAV Administrators: new alerts (resolution state 0) of warning (1) or error (2) severity.</summary>
    public const string Criteria =
        "<And><Expression><SimpleExpression><ValueExpression><Property>ResolutionState</Property></ValueExpression><Operator>Equal</Operator><ValueExpression><Value>0</Value></ValueExpression></SimpleExpression></Expression>"
        + "<Expression><SimpleExpression><ValueExpression><Property>Severity</Property></ValueExpression><Operator>GreaterEqual</Operator><ValueExpression><Value>1</Value></ValueExpression></SimpleExpression></Expression></And>";

    /// <summary>The default of a script's -BackupFolder: a folder beside the script, on the server where it runs.</summary>
    public const string BackupFolderDefault = "(Join-Path $(if ($PSScriptRoot) { $PSScriptRoot } else { (Get-Location).Path }) 'KasperskyLab-backup')";

    /// <summary>Stops on SCOM 2007 R2 (or a computer without the Operations Manager shell), then connects.</summary>
    public static string Connect(string whatToDoOn2007R2) =>
        "$ErrorActionPreference = 'Stop'\n$Run = $PSCmdlet\n"
        + "if (-not (Get-Module -ListAvailable -Name OperationsManager)) {\n"
        + "    throw " + PowerShell.Quote(
            "This script needs the OperationsManager PowerShell module of SCOM 2012 or later, which this computer does not have. "
            + "SCOM 2007 R2 has only its command shell snap-in, whose cmdlets are different; this script does not run there. "
            + "Run it on a management server or console computer of SCOM 2012 or later. On SCOM 2007 R2: " + whatToDoOn2007R2) + "\n}\n"
        + "Import-Module OperationsManager\nNew-SCOMManagementGroupConnection -ComputerName $ManagementServer\n\n";

    private sealed record Function(string Text, params string[] Uses);

    private static readonly Dictionary<string, Function> Functions = new(StringComparer.Ordinal)
    {
        ["Backup-KavPack"] = new("""
            function Backup-KavPack($Pack) {
                # The pack's XML as the group holds it, in BackupFolder\ID-VERSION\ID.xml on this server (kept if already there).
                $folder = Join-Path $BackupFolder ('{0}-{1}' -f $Pack.Name, $Pack.Version)
                $file = Join-Path $folder ($Pack.Name + '.xml')
                if (Test-Path -LiteralPath $file) { return $file }
                if (-not $Run.ShouldProcess($file, "Back up $($Pack.Name) $($Pack.Version)")) { return $file }
                New-Item -ItemType Directory -Force -Path $folder | Out-Null
                Export-SCOMManagementPack -ManagementPack $Pack -Path $folder
                Write-Host "$($Pack.Name) $($Pack.Version) backed up to $file"
                return $file
            }
            """),
        ["Get-KavDependents"] = new("""
            function Get-KavDependents([object[]] $Packs) {
                # The packs of this group that reference the packs being removed, asked of the group itself.
                $names = @($Packs | ForEach-Object { $_.Name })
                $sealed = @()
                $customers = [ordered]@{}
                foreach ($mp in $Packs) {
                    foreach ($dependent in @($mg.ManagementPacks.GetDependentManagementPacks($mp))) {
                        if ($names -contains $dependent.Name) { continue }
                        if ($dependent.Sealed) { $sealed += "$($dependent.Name) $($dependent.Version) (references $($mp.Name))"; continue }
                        if (-not $customers.Contains($dependent.Name)) { $customers[$dependent.Name] = @{ Pack = $dependent; Uses = @() } }
                        $customers[$dependent.Name].Uses += $mp.Name
                    }
                }
                if ($sealed.Count -gt 0) {
                    throw "Stopped before removing anything: sealed management packs in this group depend on the packs being removed: $($sealed -join '; '). Remove them first; this script removes only the Kaspersky Lab packs."
                }
                return $customers
            }
            """),
        ["Get-KavStrippedPack"] = new("""
            function Get-KavStrippedPack([string] $File, [string[]] $RemovedPacks) {
                # The customer pack without the overrides (and their texts) that use the packs being removed, without
                # the references to them, its version one revision higher. Anything else using them stops the script.
                $xml = New-Object System.Xml.XmlDocument
                $xml.PreserveWhitespace = $true
                $xml.Load($File)
                $root = $xml.DocumentElement
                $id = $root.SelectSingleNode('Manifest/Identity/ID').InnerText
                $references = @($root.SelectNodes('Manifest/References/Reference') | Where-Object { $RemovedPacks -contains $_.SelectSingleNode('ID').InnerText })
                $aliases = @($references | ForEach-Object { $_.GetAttribute('Alias') })
                $pattern = '(?<![A-Za-z0-9_.])(' + (($aliases | ForEach-Object { [regex]::Escape($_) }) -join '|') + ')!'
                $uses = { param($node) @($node.SelectNodes('descendant-or-self::*/@* | descendant-or-self::text()') | Where-Object { $_.Value -match $pattern }).Count -gt 0 }
                $overrides = @()
                $blockers = @()
                foreach ($element in @($root.SelectNodes('*[not(self::Manifest) and not(self::LanguagePacks)]//*[@ID and not(ancestor::*[@ID])]'))) {
                    if (-not (& $uses $element)) { continue }
                    if ($element.LocalName -like '*Override') { $overrides += $element } else { $blockers += "$($element.LocalName) $($element.GetAttribute('ID'))" }
                }
                if ($blockers.Count -gt 0) {
                    throw "Stopped before removing anything: $id uses the packs being removed in more than overrides: $($blockers -join ', '). Edit it by hand or remove it, then run this script again."
                }
                $ids = @($overrides | ForEach-Object { $_.GetAttribute('ID') })
                $texts = @($root.SelectNodes('LanguagePacks//*[@ElementID]') | Where-Object { $ids -contains $_.GetAttribute('ElementID') })
                foreach ($node in @($overrides + $texts + $references)) {
                    $parent = $node.ParentNode
                    if ($node.PreviousSibling -and $node.PreviousSibling.NodeType -eq 'Whitespace') { [void] $parent.RemoveChild($node.PreviousSibling) }
                    [void] $parent.RemoveChild($node)
                    while ($parent -ne $root -and @('Overrides', 'Monitoring', 'DisplayStrings', 'KnowledgeArticles', 'LanguagePack', 'LanguagePacks') -contains $parent.LocalName -and -not $parent.SelectSingleNode('*')) {
                        $grand = $parent.ParentNode
                        if ($parent.PreviousSibling -and $parent.PreviousSibling.NodeType -eq 'Whitespace') { [void] $grand.RemoveChild($parent.PreviousSibling) }
                        [void] $grand.RemoveChild($parent)
                        $parent = $grand
                    }
                }
                if (& $uses $root) { throw "Stopped before removing anything: $id still uses the packs being removed after its overrides were taken out; edit it by hand." }
                $versionNode = $root.SelectSingleNode('Manifest/Identity/Version')
                $v = [version] $versionNode.InnerText
                $versionNode.InnerText = '{0}.{1}.{2}.{3}' -f $v.Major, [Math]::Max($v.Minor, 0), [Math]::Max($v.Build, 0), ([Math]::Max($v.Revision, 0) + 1)
                Write-Host "$id`: $($overrides.Count) override(s) on the Kaspersky Lab packs to take out; the rest stays"
                return $xml
            }
            """),
        ["Get-KavWorkflows"] = new("""
            function Get-KavWorkflows([object[]] $Packs) {
                # The rules and monitors of the packs (their alerts carry the rule in MonitoringRuleId, the monitor in ProblemId).
                $rules = @()
                $monitors = @()
                foreach ($mp in $Packs) {
                    $rules += @($mp.GetRules() | ForEach-Object { $_.Id })
                    $monitors += @($mp.GetMonitors() | ForEach-Object { $_.Id })
                }
                return @{ Rules = $rules; Monitors = $monitors }
            }
            """),
        ["Get-KavAlerts"] = new("""
            function Get-KavAlerts($Workflows, [switch] $OpenOnly) {
                # Asked of the group by criteria, 100 workflows a query: rule alerts by their rule, monitor alerts by their monitor.
                $queries = @()
                for ($i = 0; $i -lt $Workflows.Rules.Count; $i += 100) {
                    $ids = ($Workflows.Rules[$i..([Math]::Min($i + 99, $Workflows.Rules.Count - 1))] | ForEach-Object { "'$_'" }) -join ', '
                    $queries += "IsMonitorAlert = 0 AND MonitoringRuleId IN ($ids)"
                }
                for ($i = 0; $i -lt $Workflows.Monitors.Count; $i += 100) {
                    $ids = ($Workflows.Monitors[$i..([Math]::Min($i + 99, $Workflows.Monitors.Count - 1))] | ForEach-Object { "'$_'" }) -join ', '
                    $queries += "IsMonitorAlert = 1 AND ProblemId IN ($ids)"
                }
                $alerts = @()
                foreach ($query in $queries) {
                    if ($OpenOnly) { $query = "ResolutionState <> 255 AND $query" }
                    $alerts += @(Get-SCOMAlert -Criteria $query)
                }
                return $alerts
            }
            """),
        ["Close-KavAlerts"] = new("""
            function Close-KavAlerts($Workflows) {
                # A rule's alert is closed; a monitor's alert closes with its monitor, reset to healthy on the object
                # (SCOM 2019 and later refuse to close it while the monitor is unhealthy).
                $open = @(Get-KavAlerts $Workflows -OpenOnly)
                foreach ($alert in $open) {
                    if ($alert.IsMonitorAlert) {
                        $instance = Get-SCOMClassInstance -Id $alert.MonitoringObjectId
                        if ($instance) { $instance.ResetMonitoringState($alert.ProblemId) | Out-Null }
                    }
                    else {
                        Resolve-SCOMAlert -Alert $alert -Comment $AlertComment -Confirm:$false
                    }
                }
                $left = @(Get-KavAlerts $Workflows -OpenOnly)
                if ($left.Count -gt 0) { Write-Warning "$($left.Count) alert(s) of the packs being removed are still open; they go with the packs." }
                if ($open.Count -gt 0) { Write-Host "$($open.Count - $left.Count) open alert(s) of the packs being removed closed" }
            }
            """, "Get-KavAlerts"),
        ["Restore-KavGrooming"] = new("""
            function Restore-KavGrooming {
                # An interrupted run left AlertDaysToKeep lowered: its original value was saved on this server first.
                if (-not (Test-Path -LiteralPath $GroomingStateFile)) { return }
                $saved = [byte] (Get-Content -Raw -LiteralPath $GroomingStateFile).Trim()
                if ($Run.ShouldProcess("AlertDaysToKeep $saved", 'Restore the grooming setting an interrupted run lowered')) {
                    Set-SCOMDatabaseGroomingSetting -AlertDaysToKeep $saved -Confirm:$false
                    Remove-Item -LiteralPath $GroomingStateFile
                    Write-Host "AlertDaysToKeep restored to $saved (saved in $GroomingStateFile by an interrupted run)"
                }
            }
            """),
        ["Wait-KavGrooming"] = new("""
            function Wait-KavGrooming($Workflows) {
                # For groups that keep a pack while alerts reference it: wait until grooming (daily at midnight) has
                # deleted the closed alerts. AlertDaysToKeep is lowered only with -GroomDays, its original value saved
                # on this server before the change and restored afterwards whatever happens.
                if (@(Get-KavAlerts $Workflows).Count -eq 0) { return }
                if (-not $Run.ShouldProcess('alerts of the packs being removed', 'Wait until grooming has deleted them')) { return }
                $original = [byte] (Get-SCOMDatabaseGroomingSetting).AlertDaysToKeep
                $lowered = $false
                if ($GroomDays -gt 0 -and $GroomDays -lt $original) {
                    New-Item -ItemType Directory -Force -Path $BackupFolder | Out-Null
                    Set-Content -LiteralPath $GroomingStateFile -Value $original
                    Set-SCOMDatabaseGroomingSetting -AlertDaysToKeep $GroomDays -Confirm:$false
                    $lowered = $true
                }
                try {
                    $deadline = (Get-Date).AddMinutes($GroomingTimeoutMinutes)
                    while (($left = @(Get-KavAlerts $Workflows)).Count -gt 0) {
                        Close-KavAlerts $Workflows
                        if ((Get-Date) -gt $deadline) { throw "Grooming has not deleted the $($left.Count) alert(s) of the packs being removed in $GroomingTimeoutMinutes minutes; nothing was removed. Run this script again later." }
                        Write-Host "Waiting for alert grooming (daily at midnight): $($left.Count) alert(s) left"
                        Start-Sleep -Seconds $PollSeconds
                    }
                }
                finally {
                    if ($lowered) {
                        Set-SCOMDatabaseGroomingSetting -AlertDaysToKeep $original -Confirm:$false
                        Remove-Item -LiteralPath $GroomingStateFile
                    }
                }
            }
            """, "Get-KavAlerts", "Close-KavAlerts"),
        ["Get-KavEmailChannel"] = new("""
            function Get-KavEmailChannel {
                # An e-mail channel is one whose action is an SmtpNotificationAction (with the SMTP endpoint).
                $channels = @(Get-SCOMNotificationChannel | Where-Object { $_.Action -is [Microsoft.EnterpriseManagement.Administration.SmtpNotificationAction] })
                if ($ChannelName) { $channels = @($channels | Where-Object { $_.DisplayName -eq $ChannelName -or $_.Name -eq $ChannelName }) }
                if ($channels.Count -eq 0) {
                    if ($ChannelName) { throw "No e-mail (SMTP) notification channel is named $ChannelName." }
                    throw 'No e-mail (SMTP) notification channel exists: create one in Administration > Notifications > Channels, then run this script again.'
                }
                if ($channels.Count -gt 1) { throw "Several e-mail (SMTP) notification channels exist ($(($channels | ForEach-Object { $_.DisplayName }) -join ', ')): name the one to use with -ChannelName." }
                return $channels[0]
            }
            """),
        ["Get-KavSubscriber"] = new("""
            function Get-KavSubscriber([string] $Address) {
                # The subscriber with this e-mail address, added when there is none.
                $found = @(Get-SCOMNotificationSubscriber | Where-Object { @($_.Devices | Where-Object { $_.Protocol -eq 'Smtp' -and $_.Address -eq $Address }).Count -gt 0 })
                if ($found.Count -gt 0) { return $found[0] }
                Add-SCOMNotificationSubscriber -Name $Address -DeviceList $Address -Confirm:$false
                return Get-SCOMNotificationSubscriber -Name $Address
            }
            """),
        ["Get-KavSubscription"] = new("""
            function Get-KavSubscription {
                $found = @(Get-SCOMNotificationSubscription | Where-Object { $_.DisplayName -eq $SubscriptionName })
                if ($found.Count -gt 1) { throw "Several notification subscriptions are named $SubscriptionName; keep one, then run this script again." }
                if ($found.Count -eq 1) { return $found[0] }
            }
            """),
        ["Backup-KavSubscription"] = new("""
            function Backup-KavSubscription($Subscription) {
                # Everything needed to create it again: criteria, classes, recipients and their addresses, channels.
                $file = Join-Path $BackupFolder ($SubscriptionName + '.json')
                $classes = @(foreach ($id in $Subscription.Configuration.MonitoringClassIds) { $class = Get-SCOMClass -Id $id; if ($class) { $class.Name } else { "$id" } })
                $record = [ordered]@{
                    Name = $Subscription.Name
                    DisplayName = $Subscription.DisplayName
                    Description = $Subscription.Description
                    Enabled = $Subscription.Enabled
                    Criteria = $Subscription.Configuration.Criteria
                    Classes = $classes
                    ClassIds = @($Subscription.Configuration.MonitoringClassIds | ForEach-Object { "$_" })
                    Recipients = @(foreach ($recipient in $Subscription.ToRecipients) { [ordered]@{ Name = $recipient.Name; Devices = @(foreach ($device in $recipient.Devices) { [ordered]@{ Protocol = $device.Protocol; Address = $device.Address } }) } })
                    Channels = @(foreach ($action in $Subscription.Actions) { $action.DisplayName })
                }
                New-Item -ItemType Directory -Force -Path $BackupFolder | Out-Null
                $record | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $file -Encoding UTF8
                Write-Host "$SubscriptionName saved to $file"
            }
            """),
        ["Get-KavClasses"] = new("""
            function Get-KavClasses([hashtable] $ClassPacks) {
                # The IDs of the Kaspersky Lab classes in this group. A class missing while its pack is installed stops the script.
                $ids = @()
                $missing = @()
                foreach ($name in @($ClassPacks.Keys | Sort-Object)) {
                    $class = @(Get-SCOMClass -Name $name)
                    if ($class.Count -gt 0) { $ids += $class[0].Id; continue }
                    $pack = $ClassPacks[$name]
                    if (-not $pack -or (Get-SCOMManagementPack -Name $pack)) { $missing += $name }
                }
                if ($missing.Count -gt 0) { throw "Stopped before changing $SubscriptionName`: Kaspersky Lab classes are missing from this management group although their packs are installed: $($missing -join ', ')" }
                return $ids
            }
            """),
        ["Set-KavAdministrators"] = new("""
            function Set-KavAdministrators([guid[]] $ClassIds, [string[]] $Recipients) {
                # Created disabled, scoped to the Kaspersky classes, then enabled: it never sends alerts of other classes.
                # An existing one is updated in place: Kaspersky classes set, missing recipients and the e-mail channel
                # added; an administrator's other classes, recipients, channels, criteria and its enabled state stay.
                if ($ClassIds.Count -eq 0) { throw "No Kaspersky Lab class to scope $SubscriptionName to." }
                $subscription = Get-KavSubscription
                if (-not $subscription) {
                    if ($Recipients.Count -eq 0) { Write-Warning "$SubscriptionName is not created: it needs at least one recipient (-Recipients admin@example.com)."; return 'not created' }
                    $channel = Get-KavEmailChannel
                    $subscribers = @(foreach ($address in $Recipients) { Get-KavSubscriber $address })
                    $subscription = Add-SCOMNotificationSubscription -Name ($SubscriptionName -replace '[^A-Za-z0-9]', '') -DisplayName $SubscriptionName -Description $SubscriptionDescription -Criteria $Criteria -Subscriber $subscribers -Channel $channel -Disabled -Confirm:$false
                    foreach ($id in $ClassIds) { $subscription.Configuration.MonitoringClassIds.Add($id) }
                    $subscription.Update()
                    $subscription.Enabled = $true
                    $subscription.Update()
                    return 'created'
                }
                $changed = $false
                $kaspersky = @(Get-SCOMClass -Name 'KasperskyLab.*' | ForEach-Object { $_.Id })
                foreach ($id in @($subscription.Configuration.MonitoringClassIds)) {
                    if ($ClassIds -contains $id) { continue }
                    if ($kaspersky -contains $id -or -not (Get-SCOMClass -Id $id)) { [void] $subscription.Configuration.MonitoringClassIds.Remove($id); $changed = $true }
                }
                foreach ($id in $ClassIds) {
                    if (@($subscription.Configuration.MonitoringClassIds) -notcontains $id) { $subscription.Configuration.MonitoringClassIds.Add($id); $changed = $true }
                }
                foreach ($address in $Recipients) {
                    if (@($subscription.ToRecipients | ForEach-Object { $_.Devices } | Where-Object { $_.Address -eq $address }).Count -eq 0) { $subscription.ToRecipients.Add((Get-KavSubscriber $address)); $changed = $true }
                }
                if (@($subscription.Actions | Where-Object { $_ -is [Microsoft.EnterpriseManagement.Administration.SmtpNotificationAction] }).Count -eq 0) { $subscription.Actions.Add((Get-KavEmailChannel).Action); $changed = $true }
                if (-not $changed) { return 'unchanged' }
                $subscription.Update()
                return 'updated'
            }
            """, "Get-KavSubscription", "Get-KavEmailChannel", "Get-KavSubscriber"),
    };

    /// <summary>The functions named and those they call, in a stable order.</summary>
    public static string Emit(IEnumerable<string> names)
    {
        var wanted = new SortedSet<string>(StringComparer.Ordinal);
        void Add(string name)
        {
            if (!wanted.Add(name)) return;
            foreach (var used in Functions[name].Uses) Add(used);
        }
        foreach (var name in names) Add(name);
        var s = new StringBuilder();
        foreach (var name in wanted) s.Append(Functions[name].Text.ReplaceLineEndings("\n")).Append("\n\n");
        return s.ToString();
    }

    /// <summary>A PowerShell hashtable literal of class name → pack ID (null: the class must be there).</summary>
    public static string ClassTable(IEnumerable<KeyValuePair<string, string?>> classPacks)
    {
        var s = new StringBuilder("@{\n");
        foreach (var (name, pack) in classPacks.OrderBy(c => c.Key, StringComparer.Ordinal))
            s.Append("    ").Append(PowerShell.Quote(name)).Append(" = ").Append(pack is null ? "$null" : PowerShell.Quote(pack)).Append('\n');
        return s.Append('}').ToString();
    }
}
