# Lists every installed copy of a module that pwsh can load (whoever installed it), newest
# first: Name, Version, Path, PowerShellVersion (from its manifest, or $null).
[CmdletBinding()]
param([Parameter(Mandatory)] [string] $Name)
$ErrorActionPreference = 'Stop'
Get-ExoInstalled $Name
