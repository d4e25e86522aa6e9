<#
.SYNOPSIS
    Builds, tests and runs kmp on Windows: restore, build, test, then `kmp build` of the Kaspersky Lab pack family.

.DESCRIPTION
    The Windows entry point of the repository. It does what the two commands in README.md do, in one go:
    restores and builds the solution, runs the tests (unless -SkipTests), then builds the whole catalog
    of management packs into the output folder, sealed with the given key (or the development key).

.PARAMETER Configuration
    Debug or Release (default Release).

.PARAMETER Key
    Strong-name key pair (.snk) that seals the packs. Without it kmp uses KMP_SIGNING_KEY, else a development key.

.PARAMETER DelaySign
    Public key (.snk) to delay-sign with instead of signing.

.PARAMETER Output
    Folder for the packs (default: out).

.PARAMETER Target
    2007R2 (schema 1.0, the default) or 2012 (schema 2.0).

.PARAMETER Version
    Version of the packs (four parts, default 1.0.0.0).

.PARAMETER SkipTests
    Do not run the tests.

.PARAMETER Release
    Also make the Windows release bundle: a zip with kmp (self-contained, win-x64), the sealed packs,
    KasperskyLab.Notifications.ps1, README, LICENSE and SHA256SUMS, in -BundleOut. The same as
    `dotnet build src/Kmp.Cli -c Release -t:Bundle` on any OS.

.PARAMETER BundleOut
    Folder for the release bundle (default: artifacts).

.EXAMPLE
    .\build.ps1 -Key C:\keys\kaspersky.snk -Version 1.0.0.12

.EXAMPLE
    .\build.ps1 -Release -Key C:\keys\kaspersky.snk -Version 1.0.0.12
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [string] $Key,
    [string] $DelaySign,
    [string] $Output = 'out',
    [ValidateSet('2007R2', '2012')]
    [string] $Target = '2007R2',
    [ValidatePattern('^\d+\.\d+\.\d+\.\d+$')]
    [string] $Version = '1.0.0.0',
    [switch] $SkipTests,
    [switch] $Release,
    [string] $BundleOut = 'artifacts'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Push-Location $PSScriptRoot
try {
    function Invoke-Step([string] $Name, [scriptblock] $Command) {
        Write-Host "==> $Name" -ForegroundColor Cyan
        & $Command
        if ($LASTEXITCODE -ne 0) { throw "$Name failed (exit code $LASTEXITCODE)" }
    }

    Invoke-Step 'restore' { dotnet restore KasperskyMomPack.sln }
    Invoke-Step 'build' { dotnet build KasperskyMomPack.sln --configuration $Configuration --no-restore }
    if (-not $SkipTests) {
        Invoke-Step 'test' { dotnet test KasperskyMomPack.sln --configuration $Configuration --no-build }
    }

    $kmpArgs = @('build', '--all', '--out', $Output, '--target', $Target, '--version', $Version)
    if ($Key) { $kmpArgs += @('--key', $Key) }
    if ($DelaySign) { $kmpArgs += @('--delay-sign', $DelaySign) }
    Invoke-Step 'kmp build' { dotnet run --project src/Kmp.Cli --configuration $Configuration --no-build -- @kmpArgs }

    if ($Release) {
        if ($DelaySign) { throw '-Release signs the bundled packs: give -Key (or KMP_SIGNING_KEY), not -DelaySign' }
        $bundleArgs = @('-t:Bundle', "-p:BundleVersion=$Version", "-p:BundleOut=$BundleOut")
        if ($Key) { $bundleArgs += "-p:BundleKey=$((Resolve-Path $Key).Path)" }
        Invoke-Step 'release bundle' { dotnet build src/Kmp.Cli --configuration $Configuration @bundleArgs }
    }
}
finally {
    Pop-Location
}
