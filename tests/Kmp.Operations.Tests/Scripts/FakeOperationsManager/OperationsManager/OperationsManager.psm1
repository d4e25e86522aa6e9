# A fake of the OperationsManager module (SCOM 2012 and later) for kmp's tests: every cmdlet the emitted
# scripts call, with exactly the parameter sets the cmdlet documentation gives (README.md beside this
# folder lists each with its page), backed by $global:KmpFakeScom, a Kmp.Operations.Tests.Scripts.Fake.FakeScom
# over a local kmp management group. A call with a parameter the real cmdlet does not have fails to bind.
# Documentation positions are 1-based; PowerShell's Position is 0-based.

Set-StrictMode -Version 3.0
# An exception of the group (a refused uninstall, a dropped connection) ends the cmdlet, as the real cmdlets' terminating errors do.
$ErrorActionPreference = 'Stop'

function Get-KmpFake {
    $fake = $global:KmpFakeScom
    if ($null -eq $fake) { throw 'The fake OperationsManager module has no group behind it ($global:KmpFakeScom).' }
    return $fake
}

function Write-KmpCall([System.Management.Automation.InvocationInfo] $Invocation, [System.Collections.IDictionary] $Bound) {
    $text = $Invocation.MyCommand.Name
    foreach ($key in $Bound.Keys) { $text += " -$key" }
    (Get-KmpFake).Log($text)
}

function New-SCOMManagementGroupConnection {
    [CmdletBinding(PositionalBinding = $false)]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [string[]] $ComputerName,
        [Parameter(Position = 1)] [pscredential] $Credential,
        [switch] $PassThru
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        (Get-KmpFake).Connect($ComputerName)
    }
}

function Get-SCOMManagementGroup {
    [CmdletBinding(PositionalBinding = $false)]
    param(
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    Write-KmpCall $MyInvocation $PSBoundParameters
    $fake = Get-KmpFake
    $null = $fake.Packs($null) # requires a connection, as the real cmdlet does
    return $fake.ManagementGroup
}

function Get-SCOMManagementPack {
    [CmdletBinding(PositionalBinding = $false, DefaultParameterSetName = 'Empty')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'FromManagementPackBundle')] [string[]] $BundleFile,
        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'FromManagementPackFile')] [string[]] $ManagementPackFile,
        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'FromManagementPackDisplayName')] [string[]] $DisplayName,
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ParameterSetName = 'FromManagementPackGuid')] [guid[]] $Id,
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ParameterSetName = 'FromManagementPackName')] [string[]] $Name,
        [Parameter(Position = 1, ParameterSetName = 'FromManagementPackDisplayName')]
        [Parameter(Position = 1, ParameterSetName = 'FromManagementPackGuid')]
        [Parameter(Position = 1, ParameterSetName = 'FromManagementPackName')] [switch] $Recurse,
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        $fake = Get-KmpFake
        switch ($PSCmdlet.ParameterSetName) {
            'Empty' { return $fake.Packs($null) }
            'FromManagementPackName' {
                $found = @($fake.Packs($Name))
                if ($Recurse) { foreach ($mp in @($found)) { $found += @($fake.Dependents($mp)) } }
                return $found
            }
            default { throw "The fake OperationsManager module does not implement Get-SCOMManagementPack -$($PSCmdlet.ParameterSetName)." }
        }
    }
}

function Import-SCOMManagementPack {
    [CmdletBinding(PositionalBinding = $false, DefaultParameterSetName = 'FromManagementPackFile', SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true, ParameterSetName = 'FromManagementPackFile')] [Alias('Path')] [string[]] $Fullname,
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ParameterSetName = 'FromManagementPack')] [Microsoft.EnterpriseManagement.Configuration.ManagementPack[]] $ManagementPack,
        [switch] $PassThru,
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        if ($PSCmdlet.ParameterSetName -ne 'FromManagementPackFile') { throw 'The fake OperationsManager module imports files only.' }
        foreach ($file in $Fullname) {
            if ($PSCmdlet.ShouldProcess($file, 'Import-SCOMManagementPack')) { (Get-KmpFake).Import($file) }
        }
    }
}

function Export-SCOMManagementPack {
    [CmdletBinding(PositionalBinding = $false, SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [Microsoft.EnterpriseManagement.Configuration.ManagementPack[]] $ManagementPack,
        [switch] $PassThru,
        [Parameter(Mandatory = $true)] [string] $Path
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        foreach ($mp in $ManagementPack) {
            if ($PSCmdlet.ShouldProcess($mp.Name, 'Export-SCOMManagementPack')) { (Get-KmpFake).Export($mp, $Path) }
        }
    }
}

function Remove-SCOMManagementPack {
    [CmdletBinding(PositionalBinding = $false, SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [Microsoft.EnterpriseManagement.Configuration.ManagementPack[]] $ManagementPack
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        foreach ($mp in $ManagementPack) {
            if ($PSCmdlet.ShouldProcess($mp.Name, 'Remove-SCOMManagementPack')) { (Get-KmpFake).Uninstall($mp) }
        }
    }
}

function Get-SCOMAlert {
    [CmdletBinding(PositionalBinding = $false, DefaultParameterSetName = 'Empty')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ParameterSetName = 'FromAlertId')] [guid[]] $Id,
        [Parameter(Position = 0, ValueFromPipeline = $true, ParameterSetName = 'FromAlertDefault')] [Microsoft.EnterpriseManagement.Common.EnterpriseManagementObject[]] $Instance,
        [Parameter(Position = 1, ParameterSetName = 'FromAlertDefault')] [string[]] $LastModifiedBy,
        [Parameter(Position = 2, ParameterSetName = 'FromAlertDefault')] [string[]] $Name,
        [Parameter(Position = 3, ParameterSetName = 'FromAlertDefault')] [string[]] $Owner,
        [Parameter(Position = 4, ParameterSetName = 'FromAlertDefault')] [int[]] $ResolutionState,
        [Parameter(Position = 5, ParameterSetName = 'FromAlertDefault')] [string[]] $ResolvedBy,
        [Parameter(Position = 6, ParameterSetName = 'FromAlertDefault')] [string[]] $HealthState,
        [Parameter(Position = 7, ParameterSetName = 'FromAlertDefault')] [string[]] $Priority,
        [Parameter(Position = 8, ParameterSetName = 'FromAlertDefault')] [string[]] $Severity,
        [Parameter(Position = 9, ParameterSetName = 'FromCriteria')] [string] $Criteria,
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        $fake = Get-KmpFake
        switch ($PSCmdlet.ParameterSetName) {
            'Empty' { return $fake.Alerts($null) }
            'FromCriteria' { return $fake.Alerts($Criteria) }
            'FromAlertId' { return @($fake.Alerts($null) | Where-Object { $Id -contains $_.Id }) }
            default {
                if ($PSBoundParameters.Keys | Where-Object { $_ -ne 'ResolutionState' -and $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters }) { throw 'The fake OperationsManager module filters FromAlertDefault by -ResolutionState only.' }
                return @($fake.Alerts($null) | Where-Object { $ResolutionState -contains [int] $_.ResolutionState })
            }
        }
    }
}

function Resolve-SCOMAlert {
    [CmdletBinding(PositionalBinding = $false, SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)] [Microsoft.EnterpriseManagement.Monitoring.MonitoringAlert[]] $Alert,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [Microsoft.EnterpriseManagement.ConnectorFramework.MonitoringConnector] $Connector,
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = $true)] [string] $CustomField1,
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = $true)] [string] $CustomField2,
        [Parameter(Position = 3, ValueFromPipelineByPropertyName = $true)] [string] $CustomField3,
        [Parameter(Position = 4, ValueFromPipelineByPropertyName = $true)] [string] $CustomField4,
        [Parameter(Position = 5, ValueFromPipelineByPropertyName = $true)] [string] $CustomField5,
        [Parameter(Position = 6, ValueFromPipelineByPropertyName = $true)] [string] $CustomField6,
        [Parameter(Position = 7, ValueFromPipelineByPropertyName = $true)] [string] $CustomField7,
        [Parameter(Position = 8, ValueFromPipelineByPropertyName = $true)] [string] $CustomField8,
        [Parameter(Position = 9, ValueFromPipelineByPropertyName = $true)] [string] $CustomField9,
        [Parameter(Position = 10, ValueFromPipelineByPropertyName = $true)] [string] $CustomField10,
        [Parameter(Position = 12, ValueFromPipelineByPropertyName = $true)] [string] $Owner,
        [Parameter(Position = 13, ValueFromPipelineByPropertyName = $true)] [string] $TicketId,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [string] $TfsWorkItemId,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [string] $TfsWorkItemOwner,
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)] [string] $Comment,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [switch] $PassThru
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        foreach ($a in $Alert) {
            if ($PSCmdlet.ShouldProcess($a.Name, 'Resolve-SCOMAlert')) { (Get-KmpFake).Close($a, $Comment) }
        }
    }
}

function Get-SCOMDatabaseGroomingSetting {
    [CmdletBinding(PositionalBinding = $false)]
    param(
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    Write-KmpCall $MyInvocation $PSBoundParameters
    return (Get-KmpFake).Grooming()
}

function Set-SCOMDatabaseGroomingSetting {
    [CmdletBinding(PositionalBinding = $false, SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(ValueFromPipelineByPropertyName = $true)] [byte] $AlertDaysToKeep,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [byte] $AvailabilityHistoryDaysToKeep,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [byte] $EventDaysToKeep,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [byte] $JobStatusDaysToKeep,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [byte] $MaintenanceModeHistoryDaysToKeep,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [byte] $MonitoringJobDaysToKeep,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [switch] $PassThru,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [byte] $PerformanceDataDaysToKeep,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [byte] $PerformanceSignatureDaysToKeep,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [byte] $StateChangeEventDaysToKeep,
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        if ($PSBoundParameters.ContainsKey('AlertDaysToKeep') -and $PSCmdlet.ShouldProcess("AlertDaysToKeep $AlertDaysToKeep", 'Set-SCOMDatabaseGroomingSetting')) {
            (Get-KmpFake).SetAlertDaysToKeep($AlertDaysToKeep)
        }
    }
}

function Get-SCOMClass {
    [CmdletBinding(PositionalBinding = $false, DefaultParameterSetName = 'Empty')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'FromClassDisplayName')] [string[]] $DisplayName,
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ParameterSetName = 'FromClassGuids')] [guid[]] $Id,
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ParameterSetName = 'FromEMO')] [Microsoft.EnterpriseManagement.Common.EnterpriseManagementObject[]] $Instance,
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ParameterSetName = 'FromManagementPack')] [Microsoft.EnterpriseManagement.Configuration.ManagementPack[]] $ManagementPack,
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ParameterSetName = 'FromClassName')] [string[]] $Name,
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        $fake = Get-KmpFake
        switch ($PSCmdlet.ParameterSetName) {
            'Empty' { return $fake.Classes($null, $null) }
            'FromClassName' { return $fake.Classes($Name, $null) }
            'FromClassGuids' { return $fake.Classes($null, $Id) }
            'FromManagementPack' { return $fake.ClassesOf($ManagementPack) }
            default { throw "The fake OperationsManager module does not implement Get-SCOMClass -$($PSCmdlet.ParameterSetName)." }
        }
    }
}

function Get-SCOMClassInstance {
    [CmdletBinding(PositionalBinding = $false, DefaultParameterSetName = 'Empty')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ParameterSetName = 'FromManagementPackClass')] [Microsoft.EnterpriseManagement.Configuration.ManagementPackClass[]] $Class,
        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'FromEMODisplayNameParameterSetName')] [string[]] $DisplayName,
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ParameterSetName = 'FromEMONameParameterSetName')] [string[]] $Name,
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ParameterSetName = 'FromGroup')] [Microsoft.EnterpriseManagement.Common.EnterpriseManagementObject[]] $Group,
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ParameterSetName = 'FromEMOIdParameterSetName')] [guid[]] $Id,
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        if ($PSCmdlet.ParameterSetName -ne 'FromEMOIdParameterSetName') { throw "The fake OperationsManager module does not implement Get-SCOMClassInstance -$($PSCmdlet.ParameterSetName)." }
        foreach ($g in $Id) { $o = (Get-KmpFake).Instance($g); if ($o) { $o } }
    }
}

function Get-SCOMNotificationChannel {
    [CmdletBinding(PositionalBinding = $false, DefaultParameterSetName = 'Empty')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'FromDisplayName')] [string[]] $DisplayName,
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    Write-KmpCall $MyInvocation $PSBoundParameters
    $channels = @((Get-KmpFake).Channels)
    if ($DisplayName) { $channels = @($channels | Where-Object { $DisplayName -contains $_.DisplayName }) }
    return $channels
}

function Get-SCOMNotificationSubscriber {
    [CmdletBinding(PositionalBinding = $false, DefaultParameterSetName = 'Empty')]
    param(
        [Parameter(Mandatory = $true, ParameterSetName = 'FromId')] [guid[]] $Id,
        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'FromName')] [string[]] $Name,
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    Write-KmpCall $MyInvocation $PSBoundParameters
    $fake = Get-KmpFake
    switch ($PSCmdlet.ParameterSetName) {
        'Empty' { return $fake.FindSubscribers($null) }
        'FromName' { return $fake.FindSubscribers($Name) }
        default { return @($fake.FindSubscribers($null) | Where-Object { $Id -contains $_.Id }) }
    }
}

function Add-SCOMNotificationSubscriber {
    [CmdletBinding(PositionalBinding = $false, DefaultParameterSetName = 'DeviceName', SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)] [string] $Name,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true, ParameterSetName = 'DeviceName')] [Alias('Email', 'IM', 'SMS', 'MobileNumber', 'Number')] [string[]] $DeviceList,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true, ParameterSetName = 'DeviceTable')] [hashtable] $DeviceTable,
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        if ($PSCmdlet.ParameterSetName -ne 'DeviceName') { throw 'The fake OperationsManager module adds subscribers from -DeviceList only.' }
        if ($PSCmdlet.ShouldProcess($Name, 'Add-SCOMNotificationSubscriber')) { $null = (Get-KmpFake).AddSubscriber($Name, $DeviceList) }
    }
}

function Get-SCOMNotificationSubscription {
    [CmdletBinding(PositionalBinding = $false, DefaultParameterSetName = 'Empty')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'FromDisplayName')] [string[]] $DisplayName,
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ParameterSetName = 'FromId')] [guid[]] $Id,
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ParameterSetName = 'FromName')] [string[]] $Name,
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        $all = @((Get-KmpFake).Subscriptions())
        switch ($PSCmdlet.ParameterSetName) {
            'Empty' { return $all }
            'FromDisplayName' { return @($all | Where-Object { $s = $_; @($DisplayName | Where-Object { $s.DisplayName -like $_ }).Count -gt 0 }) }
            'FromName' { return @($all | Where-Object { $s = $_; @($Name | Where-Object { $s.Name -like $_ }).Count -gt 0 }) }
            default { return @($all | Where-Object { $Id -contains $_.Id }) }
        }
    }
}

function Add-SCOMNotificationSubscription {
    [CmdletBinding(PositionalBinding = $false, SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)] [string] $Name,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [string] $DisplayName,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [string] $Description,
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = $true)] [string] $Criteria,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [switch] $OnlyOnResolutionChange,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [timespan] $PollingInterval,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [timespan] $Delay,
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)] [Microsoft.EnterpriseManagement.Administration.NotificationRecipient[]] $Subscriber,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [Microsoft.EnterpriseManagement.Administration.NotificationRecipient[]] $CcSubscriber,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [Microsoft.EnterpriseManagement.Administration.NotificationRecipient[]] $BccSubscriber,
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)] [object[]] $Channel,
        [switch] $Disabled,
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        if ($PSCmdlet.ShouldProcess($Name, 'Add-SCOMNotificationSubscription')) {
            return (Get-KmpFake).AddSubscription($Name, $DisplayName, $Description, $Criteria, $Subscriber, $Channel, $Disabled.IsPresent)
        }
    }
}

function Remove-SCOMNotificationSubscription {
    [CmdletBinding(PositionalBinding = $false, SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)] [Microsoft.EnterpriseManagement.Administration.NotificationSubscription[]] $Subscription,
        [Microsoft.SystemCenter.Core.Connection.Connection[]] $SCSession,
        [string[]] $ComputerName,
        [pscredential] $Credential
    )
    process {
        Write-KmpCall $MyInvocation $PSBoundParameters
        foreach ($s in $Subscription) {
            if ($PSCmdlet.ShouldProcess($s.DisplayName, 'Remove-SCOMNotificationSubscription')) { (Get-KmpFake).RemoveSubscription($s) }
        }
    }
}

Export-ModuleMember -Function @(
    'New-SCOMManagementGroupConnection', 'Get-SCOMManagementGroup',
    'Get-SCOMManagementPack', 'Import-SCOMManagementPack', 'Export-SCOMManagementPack', 'Remove-SCOMManagementPack',
    'Get-SCOMAlert', 'Resolve-SCOMAlert', 'Get-SCOMDatabaseGroomingSetting', 'Set-SCOMDatabaseGroomingSetting',
    'Get-SCOMClass', 'Get-SCOMClassInstance',
    'Get-SCOMNotificationChannel', 'Get-SCOMNotificationSubscriber', 'Add-SCOMNotificationSubscriber',
    'Get-SCOMNotificationSubscription', 'Add-SCOMNotificationSubscription', 'Remove-SCOMNotificationSubscription')
