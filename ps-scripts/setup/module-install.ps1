# Installs or updates one module, idempotently. Action 'Install': nothing happens when an
# installed version already meets the requirement. Action 'Update': the module must be
# installed; the newest version in the repository that meets the requirement is installed
# beside the older ones when it is newer than all of them.
# Before anything is written, the package is saved to a temporary folder and its manifest's
# PowerShellVersion is compared with this pwsh, so a too-new module or a damaged package leaves
# the module folder as it was. Writes progress records; outputs one result object.
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Name,
    [Parameter(Mandatory)] [string] $Repository,
    [string] $Tool = 'Auto',
    [string] $Action = 'Install',
    [string] $RequiredVersion,
    [string] $MinimumVersion,
    [string] $MaximumVersion,
    [string] $Scope = 'CurrentUser',
    [bool] $Prerelease = $false,
    [bool] $TrustRepository = $false
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'Continue'
$tool = Resolve-ExoTool $Tool
$activity = "$Action module $Name ($tool)"
$before = @(Get-ExoInstalled $Name)
$wanted = Get-ExoVersionRangeHuman $RequiredVersion $MinimumVersion $MaximumVersion

function New-Result([string] $Version, [bool] $Changed, [string] $Path, [string] $PsVersion) {
    [pscustomobject]@{
        Name              = $Name
        Action            = $Action
        Tool              = $tool
        Repository        = $Repository
        Version           = $Version
        Changed           = $Changed
        Path              = $Path
        PowerShellVersion = $PsVersion
        Previous          = @($before | ForEach-Object { $_.Version })
    }
}

if ($Action -eq 'Install') {
    $ok = @($before | Where-Object { Test-ExoVersionInRange $_.Version $RequiredVersion $MinimumVersion $MaximumVersion })
    if ($ok.Count -gt 0) {
        return New-Result $ok[0].Version $false $ok[0].Path $ok[0].PowerShellVersion
    }
} elseif ($Action -eq 'Update') {
    if ($before.Count -eq 0) {
        throw "Module '$Name' is not installed, so it cannot be updated. Install it first."
    }
} else {
    throw "Unknown action '$Action'; use Install or Update."
}

Write-Progress -Activity $activity -Status "Looking for $wanted in repository '$Repository'" -PercentComplete 5
$repo = Assert-ExoRepositoryUsable -Tool $tool -Name $Repository
if (-not $repo.Trusted -and -not $TrustRepository) {
    throw "Repository '$Repository' is not trusted, so installing '$Name' from it would stop at a confirmation prompt. Trust it: with exo-bridge add --trust; from Java register it with RepositorySpec.trusted(true), or trust it for this install with ModuleSpec trustRepository."
}
$target = Find-ExoModule $tool $Name $Repository $RequiredVersion $MinimumVersion $MaximumVersion $Prerelease
if ($Action -eq 'Update') {
    $newest = $before[0]
    if ((ConvertTo-ExoSemVer $target.Version) -le (ConvertTo-ExoSemVer $newest.Version)) {
        Write-Progress -Activity $activity -Completed
        return New-Result $newest.Version $false $newest.Path $newest.PowerShellVersion
    }
}
$version = $target.Version
$numeric = ($version -split '-', 2)[0]

$modulePath = Get-ExoModulePath $Scope
Assert-ExoFolderCreatable -Path $modulePath -What "module folder for scope $Scope"

# Stage: fetch the package alone into a temporary folder and read its manifest.
$stage = Join-Path ([System.IO.Path]::GetTempPath()) ('exo-bridge-stage-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $stage
$versionDir = Join-Path (Join-Path $modulePath $Name) $numeric
$existedBefore = Test-Path -LiteralPath $versionDir
try {
    Write-Progress -Activity $activity -Status "Fetching $Name $version from '$Repository'" -PercentComplete 20
    try {
        if ($tool -eq 'PSResourceGet') {
            Save-PSResource -Name $Name -Version "[$version]" -Repository $Repository -Path $stage -TrustRepository -SkipDependencyCheck -Prerelease:$Prerelease -Quiet -ErrorAction Stop
        } else {
            Save-Module -Name $Name -RequiredVersion $version -Repository $Repository -Path $stage -Force -AllowPrerelease:$Prerelease -ErrorAction Stop
        }
    } catch {
        throw "The package of module '$Name' $version in repository '$Repository' cannot be read; it may be damaged: $(Get-ExoErrorText $_). Nothing was installed."
    }
    $manifest = Get-ChildItem -LiteralPath $stage -Recurse -Filter "$Name.psd1" -File | Select-Object -First 1
    if (-not $manifest) {
        throw "The package of module '$Name' $version in repository '$Repository' has no module manifest $Name.psd1. Nothing was installed."
    }
    try {
        $data = Import-PowerShellDataFile -LiteralPath $manifest.FullName
    } catch {
        throw "The manifest of module '$Name' $version in repository '$Repository' cannot be read: $(Get-ExoErrorText $_). Nothing was installed."
    }
    $needs = if ($data.ContainsKey('PowerShellVersion') -and $data['PowerShellVersion']) { "$($data['PowerShellVersion'])" } else { $null }
    if ($needs) {
        $have = $PSVersionTable.PSVersion
        $haveV = [version]::new($have.Major, $have.Minor, [Math]::Max($have.Patch, 0))
        if ([version] $needs -gt $haveV) {
            throw "Module '$Name' $version needs PowerShell $needs (PowerShellVersion in its manifest), but this pwsh is $have. Install a newer pwsh (exo-bridge pwsh install), or choose an older version of '$Name'. Nothing was installed."
        }
    }

    Write-Progress -Activity $activity -Status "Installing $Name $version for $Scope" -PercentComplete 50
    try {
        if ($tool -eq 'PSResourceGet') {
            if ($Action -eq 'Update') {
                Update-PSResource -Name $Name -Version "[$version]" -Repository $Repository -Scope $Scope -TrustRepository -Prerelease:$Prerelease -ErrorAction Stop
            } else {
                Install-PSResource -Name $Name -Version "[$version]" -Repository $Repository -Scope $Scope -TrustRepository -Prerelease:$Prerelease -ErrorAction Stop -WarningAction SilentlyContinue
            }
        } else {
            if ($Action -eq 'Update') {
                Update-Module -Name $Name -RequiredVersion $version -Scope $Scope -Force -AllowPrerelease:$Prerelease -ErrorAction Stop
            } else {
                Install-Module -Name $Name -RequiredVersion $version -Repository $Repository -Scope $Scope -Force -AllowPrerelease:$Prerelease -ErrorAction Stop
            }
        }
    } catch {
        throw "$Action of module '$Name' $version from repository '$Repository' failed: $(Get-ExoErrorText $_)"
    }
    $after = @(Get-ExoInstalled $Name | Where-Object { (ConvertTo-ExoSemVer $_.Version) -eq (ConvertTo-ExoSemVer $version) })
    if ($after.Count -eq 0) {
        throw "$tool reported that module '$Name' $version was installed, but pwsh cannot find it in its module path ($env:PSModulePath)."
    }
    Write-Progress -Activity $activity -Status "Installed $Name $version" -PercentComplete 100
    Write-Progress -Activity $activity -Completed
    return New-Result $after[0].Version $true $after[0].Path $needs
} catch {
    # Leave nothing half-installed: a version folder that this run created goes away again.
    if (-not $existedBefore -and (Test-Path -LiteralPath $versionDir)) {
        Remove-Item -LiteralPath $versionDir -Recurse -Force -ErrorAction SilentlyContinue
    }
    throw
} finally {
    Remove-Item -LiteralPath $stage -Recurse -Force -ErrorAction SilentlyContinue
}
