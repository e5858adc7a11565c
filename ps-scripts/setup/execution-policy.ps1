# Checks (Mode Check) or sets (Mode Apply) the execution policy of one scope. Windows only:
# elsewhere PowerShell does not enforce execution policy (every scope is Unrestricted and
# Set-ExecutionPolicy throws "Operation is not supported on this platform."), so the result
# says Applicable = $false. Outputs one result object.
[CmdletBinding()]
param(
    [string] $Policy = 'RemoteSigned',
    [string] $Scope = 'CurrentUser',
    [string] $Mode = 'Check'
)
$ErrorActionPreference = 'Stop'
function Get-State {
    $list = [ordered]@{}
    foreach ($e in Get-ExecutionPolicy -List) { $list["$($e.Scope)"] = "$($e.ExecutionPolicy)" }
    $gpo = @('MachinePolicy', 'UserPolicy' | Where-Object { $list[$_] -and $list[$_] -ne 'Undefined' })
    $problem = $null
    if ($IsWindows -and $gpo.Count -gt 0 -and $list[$gpo[0]] -ne $Policy) {
        $problem = "Group Policy sets the execution policy to $($list[$gpo[0]]) (scope $($gpo[0])), which overrides $Scope. Ask your administrator to change the policy."
    }
    [pscustomobject]@{
        Applicable = [bool] $IsWindows
        Scope      = $Scope
        Wanted     = $Policy
        Current    = $list[$Scope]
        Effective  = "$(Get-ExecutionPolicy)"
        Scopes     = [pscustomobject] $list
        NeedsChange = [bool]($IsWindows -and $list[$Scope] -ne $Policy)
        Problem    = $problem
    }
}
$state = Get-State
if (-not $IsWindows -or $Mode -eq 'Check' -or -not $state.NeedsChange) { return $state }
if ($state.Problem) { throw $state.Problem }
try {
    Set-ExecutionPolicy -ExecutionPolicy $Policy -Scope $Scope -Force -ErrorAction Stop
} catch [System.Security.SecurityException] {
    # Set at the scope, but a more specific scope overrides it: that is reported by the check.
} catch {
    throw "Setting the execution policy of scope $Scope to $Policy failed: $($_.Exception.Message). For LocalMachine run as an administrator, or choose CurrentUser."
}
$after = Get-State
if ($after.NeedsChange) { throw "The execution policy of scope $Scope is still $($after.Current) after setting it to $Policy." }
return $after
