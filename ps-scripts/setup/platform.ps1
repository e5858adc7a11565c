# What the setup steps need to know about this pwsh and its machine.
[CmdletBinding()]
param()
$ErrorActionPreference = 'Stop'
$psrg = Get-Module -ListAvailable -Name Microsoft.PowerShell.PSResourceGet | Sort-Object Version -Descending | Select-Object -First 1
$psg = Get-Module -ListAvailable -Name PowerShellGet | Sort-Object Version -Descending | Select-Object -First 1
[pscustomobject]@{
    PSVersion     = "$($PSVersionTable.PSVersion)"
    PSEdition     = "$($PSVersionTable.PSEdition)"
    IsWindows     = [bool]$IsWindows
    OS            = "$($PSVersionTable.OS)"
    PSResourceGet = if ($psrg) { "$($psrg.Version)" } else { $null }
    PowerShellGet = if ($psg) { "$($psg.Version)" } else { $null }
    ModulePathCurrentUser = Get-ExoModulePath 'CurrentUser'
    ModulePathAllUsers    = Get-ExoModulePath 'AllUsers'
}
