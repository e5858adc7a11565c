# Connect-ExchangeOnline, Get-ConnectionInformation, Disconnect-ExchangeOnline and the call gate
# every Get-EXO* and classic call passes.

$script:NotConnected = 'You must call Connect-ExchangeOnline before calling any other cmdlet.'
$script:EnvironmentUris = @{
    O365Default      = @('https://outlook.office365.com', 'https://login.microsoftonline.com/organizations')
    O365GermanyCloud = @('https://outlook.office.de', 'https://login.microsoftonline.de/organizations')
    O365China        = @('https://partner.outlook.cn', 'https://login.chinacloudapi.cn/organizations')
    O365USGovGCCHigh = @('https://outlook.office365.us', 'https://login.microsoftonline.us/organizations')
    O365USGovDoD     = @('https://webmail.apps.mil', 'https://login.microsoftonline.us/organizations')
}

# Connections are process-wide, as in the real module (static .NET state there): every runspace
# of this process sees the same list, and the Get-EXO* cmdlets use the most recent one.
function Get-SimProcessState {
    $key = 'ExoBridge.Simulator.Connections'
    $s = [AppDomain]::CurrentDomain.GetData($key)
    if ($null -eq $s) {
        [Threading.Monitor]::Enter([AppDomain]::CurrentDomain)
        try {
            $s = [AppDomain]::CurrentDomain.GetData($key)
            if ($null -eq $s) {
                $s = [hashtable]::Synchronized(@{ NextId = 1; List = [Collections.ArrayList]::Synchronized([Collections.ArrayList]::new()) })
                [AppDomain]::CurrentDomain.SetData($key, $s)
            }
        } finally { [Threading.Monitor]::Exit([AppDomain]::CurrentDomain) }
    }
    $s
}

function Get-SimActiveConnection {
    $list = (Get-SimProcessState).List
    if ($list.Count -eq 0) { return $null }
    $list[$list.Count - 1]
}

# Every Get-EXO* and classic call passes here: the connection, its token, and faults on demand.
function Enter-SimCall {
    $c = Get-SimActiveConnection
    if (-not $c) { throw $script:NotConnected }
    $tenant = Get-SimTenant $c.StatePath
    $behavior = Get-SimBehavior $c.StatePath
    $now = [DateTimeOffset]::UtcNow
    if ($c.TokenExpiry -le $now) {
        if ($c.Renewable) {
            # A certificate, managed identity or password can sign in again: renew silently.
            $c.TokenExpiry = $now.AddSeconds([double]$behavior.tokenLifetimeSeconds)
        } else {
            throw "UnAuthorized: the access token expired at $($c.TokenExpiry.ToString('u')). Connect again with a new token (Connect-ExchangeOnline -AccessToken)."
        }
    }
    [Threading.Monitor]::Enter($c.SyncRoot)
    try { $c.Calls = [int]$c.Calls + 1; $calls = $c.Calls } finally { [Threading.Monitor]::Exit($c.SyncRoot) }
    if ([int]$behavior.latencyMs -gt 0) { Start-Sleep -Milliseconds ([int]$behavior.latencyMs) }
    if ([int]$behavior.throttleEvery -gt 0 -and $calls % [int]$behavior.throttleEvery -eq 0) {
        $d = [Math]::Max(1, [int]$behavior.latencyMs)
        Write-Warning "Micro delay applied. Actual delayed: $d msecs, Enforced: True, Capped delay: $d msecs, Required: False, Additional info: exo-bridge simulator throttling every $($behavior.throttleEvery) calls."
    }
    if ([int]$behavior.transientErrorEvery -gt 0 -and $calls % [int]$behavior.transientErrorEvery -eq 0) {
        throw 'A server side error has occurred because of which the operation could not be completed. Please try again after some time. If the problem still persists, please reach out to MS support.'
    }
    @{ Connection = $c; Tenant = $tenant; Journal = (Get-SimJournal $c.StatePath) }
}

function Connect-ExchangeOnline {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string] $ConnectionUri = '',
        [Parameter(Position = 1)] [string] $AzureADAuthorizationEndpointUri = '',
        [Parameter(Position = 2)] [ValidateSet('O365Default', 'O365GermanyCloud', 'O365China', 'O365USGovGCCHigh', 'O365USGovDoD')] [string] $ExchangeEnvironmentName = 'O365Default',
        [Parameter(Position = 3)] [object] $PSSessionOption = $null,
        [switch] $BypassMailboxAnchoring,
        [Parameter(Position = 4)] [string] $DelegatedOrganization = '',
        [Parameter(Position = 5)] [string] $Prefix = '',
        [switch] $ShowBanner = $true,
        [Parameter(Position = 6)] [string[]] $CommandName = @('*'),
        [Parameter(Position = 7)] [string[]] $FormatTypeName = @('*'),
        [switch] $UseRPSSession,
        [switch] $SkipLoadingFormatData,
        [switch] $SkipLoadingCmdletHelp = $true,
        [switch] $LoadCmdletHelp,
        [string] $AccessToken = '',
        [System.Security.Cryptography.X509Certificates.X509Certificate2] $SigningCertificate,
        [switch] $DisableWAM,
        [string] $EXOModuleBasePath = '',
        [string] $UserPrincipalName,
        [pscredential] $Credential,
        [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate,
        [string] $CertificateFilePath,
        [securestring] $CertificatePassword,
        [string] $AppId,
        [string] $Organization,
        [switch] $EnableErrorReporting,
        [string] $LogDirectoryPath,
        [string] $LogLevel,
        [bool] $TrackPerformance,
        [bool] $ShowProgress = $true,
        [bool] $UseMultithreading = $true,
        [ValidateRange(1, 1000)] [uint32] $PageSize = 1000,
        [switch] $ManagedIdentity,
        [string] $ManagedIdentityAccountId
    )
    DynamicParam {
        # As in the real module: a thumbprint only on Windows (certificate store), device code
        # and inline credentials only on PowerShell 7. Elsewhere the binder refuses them.
        $dict = [Management.Automation.RuntimeDefinedParameterDictionary]::new()
        $add = {
            param([string] $Name, [type] $Type)
            $attrs = [Collections.ObjectModel.Collection[Attribute]]::new()
            $attrs.Add([Management.Automation.ParameterAttribute]::new())
            $dict.Add($Name, [Management.Automation.RuntimeDefinedParameter]::new($Name, $Type, $attrs))
        }
        if ($IsWindows) { & $add 'CertificateThumbprint' ([string]) }
        if ($PSEdition -eq 'Core') { & $add 'Device' ([switch]); & $add 'InlineCredential' ([switch]) }
        $dict
    }
    end {
        $global:EXO_LastExecutionStatus = $false
        if ($Prefix) {
            if ($Prefix -notmatch '^[a-z0-9]+$') { throw 'Use of any special characters in the Prefix string is not supported.' }
            if ($Prefix -ieq 'EXO') { throw "Prefix 'EXO' is a reserved Prefix, please use a different prefix." }
        }
        $uris = $script:EnvironmentUris[$ExchangeEnvironmentName]
        if ($ConnectionUri) {
            $u = $null
            if (-not [Uri]::TryCreate($ConnectionUri, [UriKind]::Absolute, [ref]$u) -or $u.Scheme -ne 'https') { throw "Invalid ConnectionUri parameter '$ConnectionUri'" }
            $uris = @($u.GetLeftPart([UriPartial]::Authority), $uris[1])
        }
        if ($AzureADAuthorizationEndpointUri) {
            $u = $null
            if (-not [Uri]::TryCreate($AzureADAuthorizationEndpointUri, [UriKind]::Absolute, [ref]$u) -or $u.Scheme -ne 'https') { throw "Invalid AzureADAuthorizationEndpointUri parameter '$AzureADAuthorizationEndpointUri'" }
            $uris = @($uris[0], $AzureADAuthorizationEndpointUri)
        }
        $statePath = Resolve-SimStatePath
        $tenant = Get-SimTenant $statePath
        $behavior = Get-SimBehavior $statePath
        Test-SimOrganization $tenant $DelegatedOrganization
        $device = $PSBoundParameters.ContainsKey('Device') -and $PSBoundParameters['Device']
        $thumb = $PSBoundParameters['CertificateThumbprint']

        $who = if ($AccessToken) { Test-SimAccessToken $tenant $AccessToken $Organization }
        elseif ($ManagedIdentity) { Test-SimManagedIdentity $tenant $Organization $ManagedIdentityAccountId $behavior }
        elseif ($Certificate) { Test-SimAppCertificate $tenant $AppId $Organization $Certificate }
        elseif ($CertificateFilePath) { Test-SimAppCertificate $tenant $AppId $Organization (Open-SimCertificateFile $CertificateFilePath $CertificatePassword) }
        elseif ($thumb) {
            # Windows only; this path is not exercised by exo-bridge's tests (they run on Linux).
            $cert = Get-Item -LiteralPath "Cert:\CurrentUser\My\$thumb" -ErrorAction Ignore
            if (-not $cert) { throw "No certificate with the thumbprint '$thumb' is in the CurrentUser\My certificate store." }
            Test-SimAppCertificate $tenant $AppId $Organization $cert
        }
        elseif ($Credential) { Test-SimCredential $tenant $Credential }
        elseif ($device) { Wait-SimDeviceCode $statePath $tenant }
        else {
            throw 'Interactive sign-in (a browser or WAM) is not available in the exo-bridge simulator: use -Credential, -Device, -AccessToken, -ManagedIdentity, or -AppId with a certificate.'
        }

        # Per-tenant concurrency: more than K processes connected for one app are refused.
        $myStart = Get-SimProcessStart $PID
        Use-SimLock $statePath {
            $live = @(Read-SimConnections $statePath)
            $others = @($live | Where-Object { $_.key -eq $who.Key -and $_.pid -ne $PID })
            if ($others.Count -ge [int]$behavior.maxConcurrency) {
                throw 'You have reached the maximum number of concurrent requests per tenant. Please wait and try again'
            }
            $mine = @($live | Where-Object { -not ($_.key -eq $who.Key -and $_.pid -eq $PID) })
            Save-SimConnections $statePath (@($mine) + @{ pid = $PID; start = $myStart; key = $who.Key })
        }

        $state = Get-SimProcessState
        [Threading.Monitor]::Enter($state.SyncRoot)
        try { $id = [int]$state.NextId; $state.NextId = $id + 1 } finally { [Threading.Monitor]::Exit($state.SyncRoot) }
        $base = if ($EXOModuleBasePath) { $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($EXOModuleBasePath) } else { [IO.Path]::GetTempPath() }
        $moduleDir = Join-Path $base ('tmpEXO_' + [IO.Path]::GetRandomFileName())
        $generated = New-SimClassicModuleText $CommandName
        $null = [IO.Directory]::CreateDirectory($moduleDir)
        $psm1 = Join-Path $moduleDir ((Split-Path $moduleDir -Leaf) + '.psm1')
        [IO.File]::WriteAllText($psm1, $generated.Text)
        $importArgs = @{ Name = $psm1; Global = $true; PassThru = $true; DisableNameChecking = $true; WarningAction = 'SilentlyContinue' }
        if ($Prefix) { $importArgs.Prefix = $Prefix }
        $tmp = Import-Module @importArgs
        $self = $ExecutionContext.SessionState.Module
        & $tmp { param($m) $script:Sim = $m } $self

        $expiry = if ($who.Expiry) { $who.Expiry } else { [DateTimeOffset]::UtcNow.AddSeconds([double]$behavior.tokenLifetimeSeconds) }
        $conn = [hashtable]::Synchronized(@{
                ConnectionId = [Guid]::NewGuid(); Id = $id; StatePath = $statePath; Key = $who.Key
                UserPrincipalName = $who.UserPrincipalName; AppId = $who.AppId; Organization = $who.Organization
                CertificateAuthentication = $who.CertificateAuthentication; Renewable = $who.Renewable
                TokenExpiry = $expiry; ConnectionUri = $uris[0]; AuthorizationUri = $uris[1]
                ModuleName = $moduleDir; ModulePrefix = $Prefix; DelegatedOrganization = $DelegatedOrganization
                PageSize = [int]$PageSize; TenantId = $tenant.tenantId; Calls = 0; Commands = $generated.Names
            })
        $null = $state.List.Add($conn)
        $global:EXO_LastExecutionStatus = $true
        if ($ShowBanner) {
            Write-Host ('-' * 88)
            Write-Host "This is the exo-bridge Exchange Online simulator, not Microsoft's service: tenant $($tenant.organization), state $statePath."
            Write-Host ('Use Get-EXOMailbox, Get-EXORecipient and Get-EXOMailboxStatistics; the classic cmdlets are in the module ' + (Split-Path $moduleDir -Leaf) + '.')
            Write-Host ('-' * 88)
        }
    }
}

function Get-ConnectionInformation {
    [CmdletBinding(DefaultParameterSetName = 'Default')]
    param(
        [Parameter(ParameterSetName = 'ConnectionId', Mandatory = $true)] [string[]] $ConnectionId,
        [Parameter(ParameterSetName = 'ModulePrefix', Mandatory = $true)] [string[]] $ModulePrefix
    )
    $list = @((Get-SimProcessState).List.ToArray())
    $latest = if ($list.Count) { $list[-1] } else { $null }
    foreach ($c in $list) {
        if ($ConnectionId -and [string]$c.ConnectionId -notin $ConnectionId) { continue }
        if ($ModulePrefix -and $c.ModulePrefix -notin $ModulePrefix) { continue }
        $o = [pscustomobject][ordered]@{
            ConnectionId                    = [Guid]$c.ConnectionId
            State                           = 'Connected'
            Id                              = [int]$c.Id
            Name                            = "ExchangeOnline_$($c.Id)"
            UserPrincipalName               = [string]$c.UserPrincipalName
            ConnectionUri                   = [string]$c.ConnectionUri
            AzureAdAuthorizationEndpointUri = [string]$c.AuthorizationUri
            TokenExpiryTimeUTC              = [DateTimeOffset]$c.TokenExpiry
            CertificateAuthentication       = [bool]$c.CertificateAuthentication
            ModuleName                      = [string]$c.ModuleName
            ModulePrefix                    = [string]$c.ModulePrefix
            Organization                    = [string]$c.Organization
            DelegatedOrganization           = [string]$c.DelegatedOrganization
            AppId                           = [string]$c.AppId
            PageSize                        = [int]$c.PageSize
            TenantID                        = [string]$c.TenantId
            TokenStatus                     = $(if ($c.TokenExpiry -le [DateTimeOffset]::UtcNow) { 'Expired' } else { 'Active' })
            ConnectionUsedForInbuiltCmdlets = [bool]([object]::ReferenceEquals($c, $latest))
            IsEopSession                    = $false
        }
        $o.PSObject.TypeNames.Insert(0, 'Microsoft.Exchange.Management.ExoPowershellSnapin.ConnectionInformation')
        $o
    }
}

function Disconnect-ExchangeOnline {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High', DefaultParameterSetName = 'DefaultParameterSet')]
    param(
        [Parameter(ParameterSetName = 'ConnectionId', Mandatory = $true, ValueFromPipelineByPropertyName = $true)] [string[]] $ConnectionId,
        [Parameter(ParameterSetName = 'ModulePrefix', Mandatory = $true)] [string[]] $ModulePrefix
    )
    begin { $ids = [Collections.Generic.List[string]]::new() }
    process { foreach ($i in $ConnectionId) { $ids.Add($i) } }
    end {
        # A refused prompt must stop here: a failed method call alone would let the function go on.
        try { $go = $PSCmdlet.ShouldProcess('Exchange Online connections', 'Disconnect') } catch { throw }
        if (-not $go) { return }
        $state = Get-SimProcessState
        $gone = @($state.List.ToArray() | Where-Object {
                ($ids.Count -eq 0 -and -not $ModulePrefix) -or ([string]$_.ConnectionId -in $ids) -or ($ModulePrefix -and $_.ModulePrefix -in $ModulePrefix)
            })
        foreach ($c in $gone) {
            $state.List.Remove($c)
            $leaf = Split-Path $c.ModuleName -Leaf
            Get-Module -Name $leaf | Remove-Module -Force -ErrorAction SilentlyContinue
            Remove-Item -LiteralPath $c.ModuleName -Recurse -Force -ErrorAction SilentlyContinue
            $stillSame = @($state.List.ToArray() | Where-Object { $_.Key -eq $c.Key -and $_.StatePath -eq $c.StatePath })
            if ($stillSame.Count -eq 0 -and [IO.File]::Exists($c.StatePath)) {
                Use-SimLock $c.StatePath {
                    Save-SimConnections $c.StatePath @(Read-SimConnections $c.StatePath | Where-Object { -not ($_.pid -eq $PID -and $_.key -eq $c.Key) })
                }
            }
        }
        Write-Information 'Disconnected successfully !'
    }
}

