# Uninstalls one version of a module, or all versions (Version empty) that the tools manage
# (CurrentUser and AllUsers scopes; modules shipped inside PowerShell are left alone).
# Idempotent: a version that is not installed is not an error. Outputs one result object.
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Name,
    [string] $Tool = 'Auto',
    [string] $Version
)
$ErrorActionPreference = 'Stop'
$tool = Resolve-ExoTool $Tool
$scopes = @{ CurrentUser = Get-ExoModulePath 'CurrentUser'; AllUsers = Get-ExoModulePath 'AllUsers' }
function Get-Scope([string] $Path) {
    foreach ($k in $scopes.Keys) {
        $root = $scopes[$k].TrimEnd('/', '\') + [System.IO.Path]::DirectorySeparatorChar
        if ($Path.StartsWith($root, [System.StringComparison]::OrdinalIgnoreCase)) { return $k }
    }
    return $null
}
$before = @(Get-ExoInstalled $Name)
$targets = @($before | Where-Object { (Get-Scope $_.Path) -and (-not $Version -or (ConvertTo-ExoSemVer $_.Version) -eq (ConvertTo-ExoSemVer $Version)) })
$removed = @()
$i = 0
foreach ($t in $targets) {
    $i++
    Write-Progress -Activity "Uninstall module $Name ($tool)" -Status "Removing $Name $($t.Version)" -PercentComplete ([int](100 * ($i - 1) / $targets.Count))
    $numeric = ($t.Version -split '-', 2)[0]
    try {
        if ($tool -eq 'PSResourceGet') {
            Uninstall-PSResource -Name $Name -Version "[$numeric]" -Scope (Get-Scope $t.Path) -Prerelease:($t.Version -like '*-*') -SkipDependencyCheck:$false -ErrorAction Stop
        } else {
            Uninstall-Module -Name $Name -RequiredVersion $t.Version -AllowPrerelease:($t.Version -like '*-*') -Force -ErrorAction Stop
        }
    } catch {
        throw "Uninstalling module '$Name' $($t.Version) from '$($t.Path)' failed: $(Get-ExoErrorText $_)"
    }
    if (Test-Path -LiteralPath $t.Path) {
        throw "$tool reported that module '$Name' $($t.Version) was uninstalled, but '$($t.Path)' is still there. Close every pwsh that has the module loaded and try again."
    }
    $removed += $t.Version
}
if ($targets.Count -gt 0) { Write-Progress -Activity "Uninstall module $Name ($tool)" -Completed }
[pscustomobject]@{
    Name      = $Name
    Tool      = $tool
    Removed   = $removed
    Remaining = @(Get-ExoInstalled $Name | ForEach-Object { $_.Version })
}
