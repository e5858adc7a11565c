# Finds the newest version of a module in a repository that meets the requirement. Outputs
# Name, Version, Repository; throws a clear error when the module or such a version is not there,
# or when the repository cannot be used (missing folder, URL that does not answer).
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Name,
    [Parameter(Mandatory)] [string] $Repository,
    [string] $Tool = 'Auto',
    [string] $RequiredVersion,
    [string] $MinimumVersion,
    [string] $MaximumVersion,
    [bool] $Prerelease = $false
)
$ErrorActionPreference = 'Stop'
$tool = Resolve-ExoTool $Tool
Find-ExoModule $tool $Name $Repository $RequiredVersion $MinimumVersion $MaximumVersion $Prerelease
