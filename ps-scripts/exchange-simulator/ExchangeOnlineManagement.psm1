# The exo-bridge Exchange Online simulator. Plain PowerShell: the real module's compiled cmdlets
# (Get-EXO*, Get-ConnectionInformation) are functions here. See docs/simulator.md.

Set-StrictMode -Off
foreach ($file in 'State', 'Mailboxes', 'Filter', 'Auth', 'Classic') { . (Join-Path $PSScriptRoot "private/$file.ps1") }

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
        if (-not $tmp) { throw 'Module could not be correctly formed. Please run Connect-ExchangeOnline again.' }
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

# ---- the Get-EXO* cmdlets (binary in the real module) ----

function Get-EXOMailbox {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)] [string] $Identity,
        [Parameter(ParameterSetName = 'Identity')] [Guid] $ExternalDirectoryObjectId,
        [Parameter(ParameterSetName = 'Identity')] [string] $PrimarySmtpAddress,
        [Parameter(ParameterSetName = 'Identity')] [string] $UserPrincipalName,
        [Parameter(ParameterSetName = 'Anr', Mandatory = $true)] [string] $Anr,
        [string] $Filter,
        [string[]] $Properties,
        [string[]] $PropertySets,
        [string[]] $RecipientTypeDetails,
        [object] $ResultSize = 1000,
        [switch] $Archive, [switch] $InactiveMailboxOnly, [switch] $IncludeInactiveMailbox, [switch] $SoftDeletedMailbox,
        [string] $MailboxPlan, [string] $OrganizationalUnit
    )
    begin {
        $ctx = Enter-SimCall
        $names = Get-SimPropertyList $PropertySets $Properties -Command 'Get-EXOMailbox'
        $tree = if ($Filter) { ConvertFrom-SimFilter $Filter } else { $null }
        $limit = ConvertFrom-SimResultSize $ResultSize
    }
    process {
        $id = if ($Identity) { $Identity } elseif ($PSBoundParameters.ContainsKey('ExternalDirectoryObjectId')) { [string]$ExternalDirectoryObjectId } elseif ($PrimarySmtpAddress) { $PrimarySmtpAddress } elseif ($UserPrincipalName) { $UserPrincipalName } else { '' }
        Get-SimMailboxes $ctx.Tenant $ctx.Journal -Identity $id -IdentityGiven:([bool]$id) -Anr $Anr -FilterTree $tree -RecipientTypeDetails $RecipientTypeDetails -Limit $limit -Names $names
    }
}

function Get-EXORecipient {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)] [string] $Identity,
        [Parameter(ParameterSetName = 'Identity')] [Guid] $ExternalDirectoryObjectId,
        [Parameter(ParameterSetName = 'Identity')] [string] $PrimarySmtpAddress,
        [Parameter(ParameterSetName = 'Identity')] [string] $UserPrincipalName,
        [Parameter(ParameterSetName = 'Anr', Mandatory = $true)] [string] $Anr,
        [string] $Filter,
        [string[]] $Properties,
        [string[]] $PropertySets,
        [string[]] $RecipientType,
        [string[]] $RecipientTypeDetails,
        [object] $ResultSize = 1000,
        [switch] $IncludeSoftDeletedRecipients
    )
    begin {
        $ctx = Enter-SimCall
        $names = Get-SimPropertyList $PropertySets $Properties -Base $script:RecipientProperties -Command 'Get-EXORecipient'
        $tree = if ($Filter) { ConvertFrom-SimFilter $Filter } else { $null }
        $limit = ConvertFrom-SimResultSize $ResultSize
    }
    process {
        if ($RecipientType -and 'UserMailbox' -notin $RecipientType) { return }
        $id = if ($Identity) { $Identity } elseif ($PSBoundParameters.ContainsKey('ExternalDirectoryObjectId')) { [string]$ExternalDirectoryObjectId } elseif ($PrimarySmtpAddress) { $PrimarySmtpAddress } elseif ($UserPrincipalName) { $UserPrincipalName } else { '' }
        Get-SimMailboxes $ctx.Tenant $ctx.Journal -Identity $id -IdentityGiven:([bool]$id) -Anr $Anr -FilterTree $tree -RecipientTypeDetails $RecipientTypeDetails -Limit $limit -Names $names
    }
}

function Get-EXOMailboxStatistics {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, Mandatory = $true, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)] [string] $Identity,
        [string[]] $Properties,
        [string[]] $PropertySets,
        [switch] $Archive
    )
    begin { $ctx = Enter-SimCall }
    process {
        $i = Find-SimMailboxIndex $ctx.Tenant $Identity $ctx.Journal
        if ($i -eq 0) {
            Write-Error -ErrorRecord ([Management.Automation.ErrorRecord]::new(
                    [Management.Automation.ItemNotFoundException]::new("The operation couldn't be performed because object '$Identity' couldn't be found on '$($ctx.Tenant.organization)'."),
                    'ManagementObjectNotFound', [Management.Automation.ErrorCategory]::ObjectNotFound, $Identity))
            return
        }
        $r = New-SimMailboxRecord $ctx.Tenant $i $ctx.Journal
        $h = Get-SimHash "$($ctx.Tenant.seed)/statistics/$i"
        $items = ($h[0] * 256 + $h[1]) * 3
        $bytes = [long]$items * (20000 + $h[2] * 100)
        $deleted = $h[3] * 4
        $o = [ordered]@{
            DeletedItemCount = $deleted; DisplayName = $r.DisplayName; ItemCount = $items; MailboxGuid = $r.Guid
            TotalDeletedItemSize = Format-SimSize ([long]$deleted * 15000); TotalItemSize = Format-SimSize $bytes
        }
        if ($PropertySets -contains 'All' -or $Properties) {
            $extra = [ordered]@{ LastLogonTime = [DateTime]::new(2026, 1, 1, 0, 0, 0, 'Utc').AddMinutes(($h[4] * 256 + $h[5]) * 5); MailboxTypeDetail = $r.RecipientTypeDetails; SystemMessageCount = [int]$h[6]; AttachmentTableTotalSize = Format-SimSize ([long]$bytes / 3) }
            foreach ($k in $extra.Keys) { if ($PropertySets -contains 'All' -or $k -in $Properties) { $o[$k] = $extra[$k] } }
        }
        [pscustomobject]$o
    }
}

# ---- the classic cmdlets' implementations (called from the generated tmpEXO module) ----

$script:CommonParameters = [Management.Automation.PSCmdlet]::CommonParameters + [Management.Automation.PSCmdlet]::OptionalCommonParameters

function Invoke-SimClassic {
    param([string] $Name, [hashtable] $Bound)
    $ctx = Enter-SimCall
    switch ($Name) {
        'Get-Mailbox' { Get-SimMailboxes $ctx.Tenant $ctx.Journal -Identity $Bound.Identity -IdentityGiven:([bool]$Bound.Identity) -Anr $Bound.Anr -FilterTree $(if ($Bound.Filter) { ConvertFrom-SimFilter $Bound.Filter }) -RecipientTypeDetails $Bound.RecipientTypeDetails -Limit (ConvertFrom-SimResultSize $Bound.ResultSize) -Names $script:AllProperties }
        'Get-Recipient' { Get-SimMailboxes $ctx.Tenant $ctx.Journal -Identity $Bound.Identity -IdentityGiven:([bool]$Bound.Identity) -Anr $Bound.Anr -FilterTree $(if ($Bound.Filter) { ConvertFrom-SimFilter $Bound.Filter }) -RecipientTypeDetails $Bound.RecipientTypeDetails -Limit (ConvertFrom-SimResultSize $Bound.ResultSize) -Names ($script:RecipientProperties + ($script:OtherProperties | Where-Object { $_ -like 'CustomAttribute*' })) }
        'Set-Mailbox' { Set-SimMailbox $ctx $Bound }
        'Get-MailboxPermission' { Get-SimPermission $ctx $Bound }
        'Add-MailboxPermission' { Add-SimPermission $ctx $Bound }
    }
}

function Write-SimNotFound {
    param([hashtable] $Tenant, [string] $Identity)
    Write-Error -ErrorRecord ([Management.Automation.ErrorRecord]::new(
            [Management.Automation.ItemNotFoundException]::new("The operation couldn't be performed because object '$Identity' couldn't be found on '$($Tenant.organization)'."),
            'ManagementObjectNotFound', [Management.Automation.ErrorCategory]::ObjectNotFound, $Identity))
}

function Get-SimNewAddresses {
    param([object[]] $Current, $Value)
    $norm = { param($a) if ($a -match '^[A-Za-z0-9]+:') { $a } else { "smtp:$a" } }
    $list = [Collections.Generic.List[string]]::new()
    if ($Value -is [hashtable] -or $Value -is [Collections.IDictionary]) {
        foreach ($a in $Current) { $list.Add($a) }
        foreach ($k in $Value.Keys) {
            foreach ($a in @($Value[$k])) {
                $n = & $norm ([string]$a)
                if ($k -ieq 'Add') {
                    if ($n -cmatch '^SMTP:') { for ($j = 0; $j -lt $list.Count; $j++) { if ($list[$j] -cmatch '^SMTP:') { $list[$j] = 'smtp:' + $list[$j].Substring(5) } } }
                    $existing = $list | Where-Object { $_ -ieq $n }
                    if ($existing) { $null = $list.Remove($existing) }
                    $list.Add($n)
                } elseif ($k -ieq 'Remove') {
                    foreach ($e in @($list | Where-Object { $_ -ieq $n -or ($_ -replace '^[A-Za-z0-9]+:', '') -ieq $a })) { $null = $list.Remove($e) }
                } else { throw "EmailAddresses takes a list or @{Add=...; Remove=...}, not the key '$k'." }
            }
        }
    } else {
        foreach ($a in @($Value)) { $list.Add((& $norm ([string]$a))) }
    }
    , $list.ToArray()
}

function Set-SimMailbox {
    param($Ctx, [hashtable] $Bound)
    $statePath = $Ctx.Connection.StatePath
    Use-SimLock $statePath {
        $journal = Get-SimJournal $statePath
        $i = Find-SimMailboxIndex $Ctx.Tenant $Bound.Identity $journal
        if ($i -eq 0) { Write-SimNotFound $Ctx.Tenant $Bound.Identity; return }
        $r = New-SimMailboxRecord $Ctx.Tenant $i $journal -Full
        $changes = @{}
        foreach ($k in @($Bound.Keys)) {
            if ($k -eq 'Identity' -or $k -in $script:CommonParameters) { continue }
            $v = $Bound[$k]
            if ($k -in $script:SizeProperties) { $v = ConvertFrom-SimSize $k $v }
            elseif ($k -eq 'EmailAddresses') { $v = Get-SimNewAddresses @($r.EmailAddresses) $v }
            elseif ($v -is [bool]) { }
            elseif ($null -ne $v) { $v = [string]$v }
            $old = $r[$k]
            $same = if ($v -is [array] -or $old -is [array]) { (@($old) -join "`n") -ceq (@($v) -join "`n") } else { "$old" -ceq "$v" -and ($null -eq $old) -eq ($null -eq $v -or "$v" -eq '') }
            if (-not $same) { $changes[$k] = $v }
        }
        if ($changes.Count -eq 0) {
            Write-Warning "The command completed successfully but no settings of '$($r.Identity)' have been modified."
            return
        }
        $changes['WhenChanged'] = [DateTime]::UtcNow.ToString('o')
        Write-SimJournal $statePath @{ k = 'mailbox'; i = $i; p = $changes }
        $null = Get-SimJournal $statePath
    }
}

function ConvertTo-SimPermission {
    param([string] $Identity, [string] $User, [string[]] $Rights, [bool] $Deny, [string] $Inheritance, [bool] $Inherited)
    [pscustomobject][ordered]@{ Identity = $Identity; User = $User; AccessRights = @($Rights); IsInherited = $Inherited; Deny = $Deny; InheritanceType = $Inheritance }
}

function Get-SimPermission {
    param($Ctx, [hashtable] $Bound)
    $i = Find-SimMailboxIndex $Ctx.Tenant $Bound.Identity $Ctx.Journal
    if ($i -eq 0) { Write-SimNotFound $Ctx.Tenant $Bound.Identity; return }
    $r = New-SimMailboxRecord $Ctx.Tenant $i $Ctx.Journal
    $all = @(ConvertTo-SimPermission $r.Identity 'NT AUTHORITY\SELF' @('FullAccess', 'ReadPermission') $false 'All' $false)
    foreach ($p in @($Ctx.Journal.Permissions[[string]$i])) {
        if ($p) { $all += ConvertTo-SimPermission $r.Identity $p.user $p.rights ([bool]$p.deny) $p.inheritance $false }
    }
    foreach ($p in $all) { if (-not $Bound.User -or $p.User -ieq $Bound.User) { $p } }
}

function Add-SimPermission {
    param($Ctx, [hashtable] $Bound)
    $statePath = $Ctx.Connection.StatePath
    Use-SimLock $statePath {
        $journal = Get-SimJournal $statePath
        $i = Find-SimMailboxIndex $Ctx.Tenant $Bound.Identity $journal
        if ($i -eq 0) { Write-SimNotFound $Ctx.Tenant $Bound.Identity; return }
        $u = Find-SimMailboxIndex $Ctx.Tenant $Bound.User $journal
        if ($u -eq 0) { Write-SimNotFound $Ctx.Tenant $Bound.User; return }
        $user = (New-SimMailboxRecord $Ctx.Tenant $u $journal).UserPrincipalName
        $inheritance = if ($Bound.InheritanceType) { $Bound.InheritanceType } else { 'All' }
        $p = @{ user = $user; rights = @($Bound.AccessRights); deny = [bool]$Bound.Deny; inheritance = $inheritance }
        Write-SimJournal $statePath @{ k = 'permission'; i = $i; p = $p }
        $null = Get-SimJournal $statePath
        ConvertTo-SimPermission (New-SimMailboxRecord $Ctx.Tenant $i $journal).Identity $user $p.rights $p.deny $inheritance $false
    }
}

# ---- the simulator's own cmdlets ----

function Get-ExoSimulatorInfo {
    [CmdletBinding()]
    param([string] $State)
    $manifest = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'ExchangeOnlineManagement.psd1')
    $info = [ordered]@{
        Simulator        = $true
        Version          = $manifest.ModuleVersion
        SimulatorVersion = $manifest.PrivateData.ExoBridgeSimulator.SimulatorVersion
        ModuleBase       = $PSScriptRoot
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

Export-ModuleMember -Function @(
    'Connect-ExchangeOnline', 'Disconnect-ExchangeOnline', 'Get-ConnectionInformation',
    'Get-EXOMailbox', 'Get-EXORecipient', 'Get-EXOMailboxStatistics',
    'Get-ExoSimulatorInfo', 'New-ExoSimulatorTenant', 'Set-ExoSimulatorBehavior',
    'New-ExoSimulatorAccessToken', 'Approve-ExoSimulatorDevice')
