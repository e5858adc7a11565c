# The simulator's own cmdlets: describe, create and change a tenant, approve a device code, issue tokens.

function Get-ExoSimulatorInfo {
    [CmdletBinding()]
    param([string] $State)
    $manifest = Import-PowerShellDataFile (Join-Path $script:ModuleRoot 'ExchangeOnlineManagement.psd1')
    $info = [ordered]@{
        Simulator        = $true
        Version          = $manifest.ModuleVersion
        SimulatorVersion = $manifest.PrivateData.ExoBridgeSimulator.SimulatorVersion
        ModuleBase       = $script:ModuleRoot
        State            = $null
    }
    $path = if ($State) { $State } else { $env:EXO_SIMULATOR_STATE }
    if ($path) {
        $statePath = Resolve-SimStatePath $path
        $info.State = $statePath
        if ([IO.File]::Exists($statePath)) {
            $t = Get-SimTenant $statePath
            $j = Get-SimJournal $statePath
            $b = Get-SimBehavior $statePath
            $info.Organization = $t.organization
            $info.TenantId = $t.tenantId
            $info.Mailboxes = [int]$t.mailboxCount
            $info.Seed = $t.seed
            $info.Apps = @($t.apps | ForEach-Object { [pscustomobject]@{ AppId = $_.appId; Certificates = @($_.certificates | ForEach-Object { [pscustomobject]@{ Thumbprint = $_.thumbprint; Subject = $_.subject; NotAfter = $_.notAfter } }) } })
            $info.Users = @($t.users | ForEach-Object { $_.userPrincipalName })
            $info.Behavior = [pscustomobject]$b
            $info.Changes = $j.Entries
            $info.Connections = @(Read-SimConnections $statePath).Count
            $info.PendingDeviceCodes = @($j.Devices.Values | Where-Object { $_.state -eq 'pending' -and [long]$_.expires -gt [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() } | ForEach-Object { $_.code })
        }
    }
    [pscustomobject]$info
}

function New-ExoSimulatorTenant {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $State,
        [Parameter(Mandatory = $true)] [string] $Organization,
        [ValidateRange(0, 10000000)] [int] $Mailboxes = 10,
        [string] $Seed = '1',
        [hashtable[]] $App = @(),
        [hashtable[]] $User = @(),
        [TimeSpan] $TokenLifetime = [TimeSpan]::FromMinutes(60),
        [TimeSpan] $DeviceCodeLifetime = [TimeSpan]::FromMinutes(15),
        [int] $LatencyMs = 0,
        [int] $ThrottleEvery = 0,
        [int] $TransientErrorEvery = 0,
        [int] $MaxConcurrency = 3,
        [switch] $AzureVm,
        [switch] $Force
    )
    $statePath = Resolve-SimStatePath $State
    $org = $Organization.Trim().ToLowerInvariant()
    if ($org -notmatch '\.') { $org = "$org.onmicrosoft.com" }
    if ($org -notmatch '^[a-z0-9][a-z0-9-]*\.onmicrosoft\.com$') {
        throw "The organization '$Organization' is not a tenant's .onmicrosoft.com name (for example contoso or contoso.onmicrosoft.com)."
    }
    if ($TokenLifetime -le [TimeSpan]::Zero) { throw "The token lifetime must be positive, not $TokenLifetime." }
    $apps = foreach ($a in $App) {
        $g = [Guid]::Empty
        if (-not [Guid]::TryParse([string]$a.AppId, [ref]$g)) { throw "The app id '$($a.AppId)' is not a GUID." }
        $certs = foreach ($path in @($a.CertificatePath)) {
            if (-not $path) { continue }
            $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($path)
            if (-not [IO.File]::Exists($full)) { throw "The certificate file '$full' does not exist." }
            try { $c = [Security.Cryptography.X509Certificates.X509Certificate2]::new($full) }
            catch { throw "The file '$full' is not a certificate (.cer or .pem): $($_.Exception.InnerException.Message)" }
            if ($c.HasPrivateKey) { throw "The file '$full' holds a private key: give the app only the public certificate (.cer or .pem)." }
            @{ thumbprint = $c.Thumbprint; subject = $c.Subject; notAfter = $c.NotAfter.ToUniversalTime().ToString('o'); rawData = [Convert]::ToBase64String($c.RawData) }
        }
        @{ appId = $g.ToString(); certificates = @($certs) }
    }
    $users = foreach ($u in $User) {
        $upn = [string]$u.UserPrincipalName
        if ($upn -notmatch '^[^@\s]+@[^@\s]+$') { throw "The user '$upn' is not a user principal name (name@domain)." }
        $file = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath([string]$u.PasswordFile)
        if (-not [IO.File]::Exists($file)) { throw "The password file '$file' for '$upn' does not exist." }
        $password = [IO.File]::ReadAllText($file) -replace '\r?\n$', ''
        if (-not $password) { throw "The password file '$file' for '$upn' is empty." }
        $salt = [Security.Cryptography.RandomNumberGenerator]::GetBytes(16)
        @{ userPrincipalName = $upn; salt = [Convert]::ToBase64String($salt); iterations = 20000; hash = (Get-SimPasswordHash $password $salt 20000) }
    }
    $tenantId = [Guid]::new((Get-SimHash "tenant/$org/$Seed")).ToString()
    $tenant = [ordered]@{
        format = $script:StateFormat; organization = $org; tenantId = $tenantId; seed = $Seed; mailboxCount = $Mailboxes
        created = [DateTime]::UtcNow.ToString('o')
        signingKey = [Convert]::ToBase64String([Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
        apps = @($apps); users = @($users)
        behavior = [ordered]@{
            tokenLifetimeSeconds = [Math]::Round($TokenLifetime.TotalSeconds, 3); deviceCodeLifetimeSeconds = [Math]::Round($DeviceCodeLifetime.TotalSeconds, 3)
            latencyMs = $LatencyMs; throttleEvery = $ThrottleEvery; transientErrorEvery = $TransientErrorEvery
            maxConcurrency = $MaxConcurrency; azureVm = [bool]$AzureVm
        }
    }
    $dir = Split-Path $statePath -Parent
    if ($dir -and -not [IO.Directory]::Exists($dir)) { $null = [IO.Directory]::CreateDirectory($dir) }
    Use-SimLock $statePath {
        if ([IO.File]::Exists($statePath) -and -not $Force) {
            throw "The simulator state '$statePath' already exists; pass -Force (exo-bridge simulator init --force) to replace the tenant and forget its changes."
        }
        Write-SimFileAtomically $statePath ($tenant | ConvertTo-Json -Depth 8)
        foreach ($f in "$statePath.journal", "$statePath.connections") { if ([IO.File]::Exists($f)) { [IO.File]::Delete($f) } }
    }
    $script:TenantCache = $null; $script:JournalCache = $null
    Get-ExoSimulatorInfo -State $statePath
}

function Set-ExoSimulatorBehavior {
    [CmdletBinding()]
    param(
        [string] $State,
        [int] $LatencyMs = -1,
        [int] $ThrottleEvery = -1,
        [int] $TransientErrorEvery = -1,
        [int] $MaxConcurrency = -1,
        [TimeSpan] $TokenLifetime,
        [TimeSpan] $DeviceCodeLifetime,
        [object] $AzureVm,
        [string] $ApproveDeviceCode,
        [string] $ApproveAs
    )
    $statePath = Resolve-SimStatePath $State
    $null = Get-SimTenant $statePath
    $p = @{}
    if ($LatencyMs -ge 0) { $p.latencyMs = $LatencyMs }
    if ($ThrottleEvery -ge 0) { $p.throttleEvery = $ThrottleEvery }
    if ($TransientErrorEvery -ge 0) { $p.transientErrorEvery = $TransientErrorEvery }
    if ($MaxConcurrency -ge 0) { $p.maxConcurrency = $MaxConcurrency }
    if ($PSBoundParameters.ContainsKey('TokenLifetime')) {
        if ($TokenLifetime -le [TimeSpan]::Zero) { throw "The token lifetime must be positive, not $TokenLifetime." }
        $p.tokenLifetimeSeconds = $TokenLifetime.TotalSeconds
    }
    if ($PSBoundParameters.ContainsKey('DeviceCodeLifetime')) { $p.deviceCodeLifetimeSeconds = $DeviceCodeLifetime.TotalSeconds }
    if ($PSBoundParameters.ContainsKey('AzureVm')) { $p.azureVm = [bool]$AzureVm }
    if ($p.Count) { Use-SimLock $statePath { Write-SimJournal $statePath @{ k = 'behavior'; p = $p } } }
    if ($ApproveDeviceCode) { Approve-ExoSimulatorDevice -State $statePath -Code $ApproveDeviceCode -UserPrincipalName $ApproveAs }
}

function Approve-ExoSimulatorDevice {
    [CmdletBinding()]
    param([string] $State, [string] $Code, [string] $UserPrincipalName)
    $statePath = Resolve-SimStatePath $State
    $tenant = Get-SimTenant $statePath
    $user = if ($UserPrincipalName) { $UserPrincipalName } elseif (@($tenant.users).Count) { @($tenant.users)[0].userPrincipalName } else { "admin@$($tenant.organization)" }
    Use-SimLock $statePath {
        $now = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
        $pending = @((Get-SimJournal $statePath).Devices.Values | Where-Object { $_.state -eq 'pending' -and [long]$_.expires -gt $now -and (-not $Code -or $_.code -eq $Code) })
        if ($pending.Count -eq 0) {
            $what = if ($Code) { "the device code '$Code'" } else { 'any device code' }
            throw "No sign-in is waiting for $what in '$statePath' (it may have expired or been approved already)."
        }
        foreach ($d in $pending) {
            Write-SimJournal $statePath @{ k = 'device'; code = $d.code; state = 'approved'; user = $user }
            [pscustomobject]@{ Code = $d.code; UserPrincipalName = $user }
        }
        $null = Get-SimJournal $statePath
    }
}

function New-ExoSimulatorAccessToken {
    [CmdletBinding()]
    param(
        [string] $State,
        [string] $AppId,
        [string] $UserPrincipalName,
        [TimeSpan] $Lifetime,
        [string] $Audience = $script:ExchangeAudience,
        [string] $TenantId
    )
    $statePath = Resolve-SimStatePath $State
    $tenant = Get-SimTenant $statePath
    if (-not $PSBoundParameters.ContainsKey('Lifetime')) { $Lifetime = [TimeSpan]::FromSeconds([double](Get-SimBehavior $statePath).tokenLifetimeSeconds) }
    if ($AppId) { $null = Find-SimApp $tenant $AppId }
    $now = [DateTimeOffset]::UtcNow
    New-SimToken $tenant ([ordered]@{
            aud = $Audience; iss = "https://sts.windows.net/$($tenant.tenantId)/"; tid = $(if ($TenantId) { $TenantId } else { $tenant.tenantId })
            appid = $(if ($AppId) { $AppId } else { '' }); upn = $(if ($UserPrincipalName) { $UserPrincipalName } else { '' })
            iat = $now.ToUnixTimeSeconds(); nbf = $now.ToUnixTimeSeconds(); exp = [long][Math]::Floor($now.Add($Lifetime).ToUnixTimeMilliseconds() / 1000)
            roles = @('Exchange.ManageAsApp')
        })
}

