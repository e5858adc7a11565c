# The Get-EXO* cmdlets (binary in the real module) and the classic cmdlets' implementations.

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

