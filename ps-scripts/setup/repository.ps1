# Checks (Mode Check) or brings about (Mode Apply) one registered repository for one tool:
# registered under Name at Location (a folder or a URL; none for the PowerShell Gallery), and
# trusted when Trust is asked for. Idempotent: Apply changes only what Check found different,
# and never removes trust that is already there. Outputs one result object; Problem says why the
# repository cannot be used (a missing folder, a URL that does not answer).
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Name,
    [string] $Location,
    [string] $Tool = 'Auto',
    [bool] $Trust = $false,
    [string] $Mode = 'Check'
)
$ErrorActionPreference = 'Stop'
$tool = Resolve-ExoTool $Tool
# Without a location: PSGallery, or a repository already registered under Name (used as it is).
$byName = -not $Location -and $Name -ne 'PSGallery'
$isGallery = -not $Location -and -not $byName
$galleryUrl = if ($tool -eq 'PSResourceGet') { 'https://www.powershellgallery.com/api/v2' } else { 'https://www.powershellgallery.com/api/v2/' }
$isUrl = $Location -match '^[a-zA-Z][a-zA-Z0-9+.-]*://' -and $Location -notlike 'file:*'
$named = if ($byName) { Get-ExoRepository -Tool $tool -Name $Name } else { $null }
$wanted = if ($isGallery) { $galleryUrl } elseif ($byName) { if ($named) { $named.Location } else { $null } } elseif ($isUrl) { $Location } else {
    $folder = if ($Location -like 'file:*') { ([uri] $Location).LocalPath } else { $Location }
    [System.IO.Path]::GetFullPath($folder)
}

function Test-SameLocation([string] $a, [string] $b) {
    $a.TrimEnd('/', '\') -eq $b.TrimEnd('/', '\')
}

# A location already registered under another name is used under that name: the same folder or
# feed is never registered twice.
if ($wanted -and -not $isGallery -and -not $byName -and -not (Get-ExoRepository -Tool $tool -Name $Name)) {
    $same = Get-ExoRepository -Tool $tool -Name '*' | Where-Object { Test-SameLocation $_.Location $wanted } | Select-Object -First 1
    if ($same) { $Name = $same.Name }
}

function Get-State {
    $r = Get-ExoRepository -Tool $tool -Name $Name
    $problem = $null
    if ($byName) {
        if (-not $r) {
            $problem = "Repository '$Name' is not registered for $tool. Give its location to register it (--repository $Name=FOLDER|URL), or name a registered repository (Get-PSResourceRepository lists them)."
        }
    } elseif ($isGallery -or $isUrl) {
        $why = Get-ExoUnreachableReason $wanted
        if ($why) { $problem = "Cannot reach repository '$Name' at ${wanted}: $why. Check the URL, the network and any proxy." }
    } elseif (-not (Test-Path -LiteralPath $wanted -PathType Container)) {
        $problem = "The folder '$wanted' of repository '$Name' does not exist. Create it (or copy the packages into it), or give the right folder."
    }
    $changes = @()
    if (-not $r -and -not $byName) {
        $changes += "register '$Name' at $wanted for $tool" + $(if ($Trust) { ' as trusted' } else { '' })
    } elseif ($r) {
        if (-not $byName -and -not (Test-SameLocation $r.Location $wanted)) { $changes += "move '$Name' from $($r.Location) to $wanted" }
        if ($Trust -and -not $r.Trusted) { $changes += "trust '$Name'" }
    }
    [pscustomobject]@{
        Tool       = $tool
        Name       = $Name
        Location   = $wanted
        Registered = [bool] $r
        RegisteredLocation = if ($r) { $r.Location } else { $null }
        Trusted    = if ($r) { $r.Trusted } else { $false }
        Changes    = $changes
        Problem    = $problem
        Done       = @()
    }
}

$state = Get-State
if ($Mode -eq 'Check' -or $state.Changes.Count -eq 0) { return $state }
if ($Mode -ne 'Apply') { throw "Unknown mode '$Mode'; use Check or Apply." }
if ($state.Problem) { throw $state.Problem }

$registered = $state.Registered
try {
    if ($tool -eq 'PSResourceGet') {
        if (-not $registered) {
            if ($isGallery) { Register-PSResourceRepository -PSGallery -Trusted:$Trust -ErrorAction Stop }
            else { Register-PSResourceRepository -Name $Name -Uri $wanted -Trusted:$Trust -ErrorAction Stop }
        } else {
            $p = @{ Name = $Name; ErrorAction = 'Stop' }
            if (-not (Test-SameLocation $state.RegisteredLocation $wanted) -and -not $isGallery) { $p.Uri = $wanted }
            if ($Trust) { $p.Trusted = $true }
            Set-PSResourceRepository @p
        }
    } else {
        $policy = if ($Trust -or ($registered -and $state.Trusted)) { 'Trusted' } else { 'Untrusted' }
        if (-not $registered) {
            if ($isGallery) { Register-PSRepository -Default -InstallationPolicy $policy -ErrorAction Stop }
            else { Register-PSRepository -Name $Name -SourceLocation $wanted -PublishLocation $wanted -InstallationPolicy $policy -ErrorAction Stop }
        } else {
            $p = @{ Name = $Name; InstallationPolicy = $policy; ErrorAction = 'Stop' }
            if (-not (Test-SameLocation $state.RegisteredLocation $wanted) -and -not $isGallery) { $p.SourceLocation = $wanted; $p.PublishLocation = $wanted }
            Set-PSRepository @p
        }
    }
} catch {
    throw "Registering repository '$Name' at $wanted with $tool failed: $(Get-ExoErrorText $_)"
}
$after = Get-State
$after.Done = $state.Changes
if ($after.Changes.Count -gt 0) {
    throw "Repository '$Name' was changed with $tool, but it still differs: $($after.Changes -join '; ')."
}
return $after
