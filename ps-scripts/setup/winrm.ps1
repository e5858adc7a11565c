# Reports (Mode Check) or configures with "winrm quickconfig" (Mode Apply) the WinRM service and
# client. Windows only: elsewhere Applicable = $false. Exchange Online V3 does not need WinRM;
# only legacy remote PowerShell does, so Apply runs only when the caller asks for it.
[CmdletBinding()]
param([string] $Mode = 'Check')
$ErrorActionPreference = 'Stop'
function Get-State {
    if (-not $IsWindows) {
        return [pscustomobject]@{ Applicable = $false; Service = $null; StartType = $null; Listening = $false; ClientAllowsBasic = $null; NeedsChange = $false }
    }
    $svc = Get-Service -Name WinRM -ErrorAction SilentlyContinue
    $listening = [bool](Test-WSMan -ErrorAction SilentlyContinue)
    $basic = $null
    if ($listening) {
        try { $basic = "$((Get-Item -Path WSMan:\localhost\Client\Auth\Basic -ErrorAction Stop).Value)" } catch { $basic = $null }
    }
    [pscustomobject]@{
        Applicable  = $true
        Service     = if ($svc) { "$($svc.Status)" } else { 'missing' }
        StartType   = if ($svc) { "$($svc.StartType)" } else { $null }
        Listening   = $listening
        ClientAllowsBasic = $basic
        NeedsChange = -not ($svc -and $svc.Status -eq 'Running' -and $listening)
    }
}
$state = Get-State
if ($Mode -eq 'Check' -or -not $state.Applicable -or -not $state.NeedsChange) { return $state }
$winrm = Join-Path $env:SystemRoot 'System32\winrm.cmd'
$out = & $winrm quickconfig -quiet 2>&1 | Out-String
if ($LASTEXITCODE -ne 0) {
    throw "winrm quickconfig failed (exit code $LASTEXITCODE): $($out.Trim()). Run it as an administrator."
}
$after = Get-State
if ($after.NeedsChange) { throw "winrm quickconfig ran, but WinRM is still not running and listening: $($out.Trim())" }
return $after
