# Mailboxes: generated from the tenant's seed (mailbox i of 1..N is always the same), with the
# journal's edits laid over them. Identities carry the index (alias AdeleV00042, GUIDs ending in
# the index in hex), so finding one mailbox among 100,000 costs no scan.

$script:FirstNames = @('Adele', 'Alex', 'Allan', 'Bianca', 'Brian', 'Cameron', 'Christie', 'Debra', 'Diego',
    'Emily', 'Enrico', 'Grady', 'Henrietta', 'Irvin', 'Isaiah', 'Johanna', 'Joni', 'Lee', 'Lidia', 'Lynne',
    'Megan', 'Miriam', 'Nestor', 'Patti', 'Pradeep', 'Raul', 'Sanjay', 'Wilna', 'Yvonne', 'Zrinka')
$script:LastNames = @('Vance', 'Wilber', 'Deyoung', 'Pincus', 'Johnson', 'White', 'Cline', 'Berg', 'Siciliani',
    'Braun', 'Sales', 'Archie', 'Mueller', 'Sherman', 'Mitchell', 'Lauer', 'Sherman', 'Gu', 'Holloway',
    'Robbins', 'Bowen', 'Graham', 'Wilke', 'Fernandez', 'Gupta', 'Kuljanin', 'Patel', 'Smith', 'Zhou', 'Ortiz')

$script:MinimumProperties = @('ExternalDirectoryObjectId', 'UserPrincipalName', 'Alias', 'DisplayName', 'EmailAddresses',
    'PrimarySmtpAddress', 'RecipientType', 'RecipientTypeDetails', 'Identity', 'Id', 'ExchangeVersion', 'Name',
    'DistinguishedName', 'OrganizationId', 'Guid')
$script:QuotaProperties = @('ArchiveQuota', 'ArchiveWarningQuota', 'CalendarLoggingQuota', 'IssueWarningQuota',
    'ProhibitSendQuota', 'ProhibitSendReceiveQuota', 'RecoverableItemsQuota', 'RecoverableItemsWarningQuota',
    'RulesQuota', 'UseDatabaseQuotaDefaults')
$script:DeliveryProperties = @('DeliverToMailboxAndForward', 'ForwardingAddress', 'ForwardingSmtpAddress',
    'GrantSendOnBehalfTo', 'MaxReceiveSize', 'MaxSendSize', 'RecipientLimits')
$script:OtherProperties = @('ArchiveGuid', 'ArchiveStatus', 'AuditEnabled', 'AuditLogAgeLimit', 'HiddenFromAddressListsEnabled',
    'LitigationHoldDuration', 'LitigationHoldEnabled', 'RetainDeletedItemsFor', 'RetentionPolicy', 'RoleAssignmentPolicy',
    'SharingPolicy', 'WhenChanged', 'WhenCreated', 'WhenMailboxCreated') + (1..15 | ForEach-Object { "CustomAttribute$_" })
$script:AllProperties = $script:MinimumProperties + $script:QuotaProperties + $script:DeliveryProperties + $script:OtherProperties
$script:RecipientProperties = @('ExternalDirectoryObjectId', 'Identity', 'Alias', 'EmailAddresses', 'DisplayName', 'Name',
    'PrimarySmtpAddress', 'RecipientType', 'RecipientTypeDetails', 'ExchangeVersion', 'DistinguishedName', 'OrganizationId')

$script:Gb = 1073741824L
$script:DefaultSizes = @{
    ArchiveQuota = 100 * $script:Gb; ArchiveWarningQuota = 90 * $script:Gb; CalendarLoggingQuota = 6 * $script:Gb
    IssueWarningQuota = 98 * $script:Gb; ProhibitSendQuota = 99 * $script:Gb; ProhibitSendReceiveQuota = 100 * $script:Gb
    RecoverableItemsQuota = 30 * $script:Gb; RecoverableItemsWarningQuota = 20 * $script:Gb; RulesQuota = 262144L
    MaxSendSize = 36700160L; MaxReceiveSize = 37748736L
}
$script:SizeProperties = @($script:DefaultSizes.Keys)
$script:CustomAttributeNames = @(1..15 | ForEach-Object { "CustomAttribute$_" })
$script:CreatedBase = [DateTime]::new(2019, 1, 1, 0, 0, 0, [DateTimeKind]::Utc)
$script:MultiValued = @('EmailAddresses', 'GrantSendOnBehalfTo')

# "99 GB (106,300,440,576 bytes)", as Exchange Online writes sizes.
function Format-SimSize {
    param($Bytes)
    if ($Bytes -is [string]) { return $Bytes }
    $units = 'B', 'KB', 'MB', 'GB', 'TB'
    $value = [double]$Bytes; $u = 0
    while ($value -ge 1024 -and $u -lt 4) { $value /= 1024; $u++ }
    $num = [Math]::Round($value, 3).ToString('0.###', [Globalization.CultureInfo]::InvariantCulture)
    '{0} {1} ({2} bytes)' -f $num, $units[$u], ([long]$Bytes).ToString('N0', [Globalization.CultureInfo]::InvariantCulture)
}

# "50GB", "1.5 TB", "262144", "Unlimited" -> bytes (or the string 'Unlimited').
function ConvertFrom-SimSize {
    param([string] $Name, [string] $Text)
    if ($Text -match '^\s*unlimited\s*$') { return 'Unlimited' }
    if ($Text -notmatch '^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?\s*$') {
        throw "Cannot process argument transformation on parameter '$Name'. '$Text' is not a size: use a number with B, KB, MB, GB or TB (for example 50GB), or Unlimited."
    }
    $mult = @{ '' = 1; 'B' = 1; 'KB' = 1KB; 'MB' = 1MB; 'GB' = 1GB; 'TB' = 1TB }[$Matches[2] + '']
    $bytes = [long]([decimal]$Matches[1] * $mult)
    if ($bytes -ge 2TB) { throw "Cannot process argument transformation on parameter '$Name'. '$Text' is larger than 1.999999999 TB." }
    $bytes
}

function Get-SimHash {
    param([string] $Text)
    , [Security.Cryptography.MD5]::HashData([Text.Encoding]::UTF8.GetBytes($Text))
}

function Get-SimIndexFromGuid {
    param([string] $Text)
    $g = [Guid]::Empty
    if (-not [Guid]::TryParse($Text, [ref]$g)) { return 0 }
    [Convert]::ToInt64($g.ToString('N').Substring(20), 16)
}

# The mailbox at $Index as an ordered dictionary: the Minimum set in its order, and with -Full (or
# when the journal edited it) every property, edits included. Kept lean: 100,000 calls per stream.
function New-SimMailboxRecord {
    param([hashtable] $Tenant, [int] $Index, $Journal, [switch] $Full)
    $org = $Tenant.organization
    $h = [Security.Cryptography.MD5]::HashData([Text.Encoding]::UTF8.GetBytes("$($Tenant.seed)/mailbox/$Index"))
    $hex = [Convert]::ToHexString($h).ToLowerInvariant()
    $first = $script:FirstNames[$h[0] % 30]
    $last = $script:LastNames[$h[1] % 30]
    $alias = $first + $last[0] + $Index.ToString('D5')
    # Both GUIDs end in the index (12 hex digits), so an identity leads straight to its mailbox.
    $tail = $Index.ToString('x12')
    $guid = [Guid]::new($hex.Substring(0, 8) + '-' + $hex.Substring(8, 4) + '-' + $hex.Substring(12, 4) + '-' + $hex.Substring(16, 4) + '-' + $tail)
    $edoid = $hex.Substring(16, 8) + '-' + $hex.Substring(24, 4) + '-' + $hex.Substring(28, 4) + '-' + $hex.Substring(4, 4) + '-' + $tail
    $type = if ($Index % 50 -eq 0) { 'RoomMailbox' } elseif ($Index % 97 -eq 0) { 'EquipmentMailbox' } elseif ($Index % 20 -eq 0) { 'SharedMailbox' } else { 'UserMailbox' }
    $upn = "$alias@$org"
    $r = [ordered]@{
        ExternalDirectoryObjectId = $edoid
        UserPrincipalName         = $upn
        Alias                     = $alias
        DisplayName               = "$first $last"
        EmailAddresses            = @("SMTP:$upn", "smtp:$($alias.ToLowerInvariant())@$($Tenant.mailDomain)", "SPO:SPO_$($guid)@SPO_$($Tenant.tenantId)")
        PrimarySmtpAddress        = $upn
        RecipientType             = 'UserMailbox'
        RecipientTypeDetails      = $type
        Identity                  = $alias
        Id                        = $alias
        ExchangeVersion           = '0.20 (15.0.0.0)'
        Name                      = $alias
        DistinguishedName         = "CN=$alias,OU=$org,OU=Microsoft Exchange Hosted Organizations,DC=SIMPR01A001,DC=PROD,DC=OUTLOOK,DC=COM"
        OrganizationId            = $Tenant.organizationId
        Guid                      = $guid
    }
    $edits = if ($Journal) { $Journal.Mailboxes[[string]$Index] } else { $null }
    if ($Full -or $edits) {
        $d = $script:DefaultSizes
        $r.ArchiveQuota = $d.ArchiveQuota; $r.ArchiveWarningQuota = $d.ArchiveWarningQuota; $r.CalendarLoggingQuota = $d.CalendarLoggingQuota
        $r.IssueWarningQuota = $d.IssueWarningQuota; $r.ProhibitSendQuota = $d.ProhibitSendQuota; $r.ProhibitSendReceiveQuota = $d.ProhibitSendReceiveQuota
        $r.RecoverableItemsQuota = $d.RecoverableItemsQuota; $r.RecoverableItemsWarningQuota = $d.RecoverableItemsWarningQuota; $r.RulesQuota = $d.RulesQuota
        $r.MaxSendSize = $d.MaxSendSize; $r.MaxReceiveSize = $d.MaxReceiveSize
        $created = $script:CreatedBase.AddDays(($h[2] * 256 + $h[3]) % 2000).AddSeconds($h[4] * 300)
        $r.UseDatabaseQuotaDefaults = $false; $r.DeliverToMailboxAndForward = $false; $r.ForwardingAddress = $null
        $r.ForwardingSmtpAddress = $null; $r.GrantSendOnBehalfTo = @(); $r.RecipientLimits = '500'
        $r.ArchiveGuid = [Guid]::Empty; $r.ArchiveStatus = 'None'; $r.AuditEnabled = $true; $r.AuditLogAgeLimit = '90.00:00:00'
        $r.HiddenFromAddressListsEnabled = $false; $r.LitigationHoldDuration = 'Unlimited'; $r.LitigationHoldEnabled = $false
        $r.RetainDeletedItemsFor = '14.00:00:00'; $r.RetentionPolicy = 'Default MRM Policy'
        $r.RoleAssignmentPolicy = 'Default Role Assignment Policy'; $r.SharingPolicy = 'Default Sharing Policy'
        $r.WhenChanged = $created.AddDays(30); $r.WhenCreated = $created; $r.WhenMailboxCreated = $created
        foreach ($n in $script:CustomAttributeNames) { $r[$n] = '' }
        if ($edits) {
            foreach ($k in $edits.Keys) {
                $v = $edits[$k]
                if ($k -in $script:MultiValued) { $v = @($v) }
                if ($k -eq 'WhenChanged') { $v = [DateTime]::Parse($v, [Globalization.CultureInfo]::InvariantCulture, 'RoundtripKind') }
                $r[$k] = $v
            }
            $primary = @($r.EmailAddresses) | Where-Object { $_ -cmatch '^SMTP:' } | Select-Object -First 1
            if ($primary) { $r.PrimarySmtpAddress = $primary.Substring(5) }
        }
    }
    $r
}

# The index of the mailbox an identity names, or 0.
function Find-SimMailboxIndex {
    param([hashtable] $Tenant, [string] $Identity, $Journal)
    $count = [int]$Tenant.mailboxCount
    $id = $Identity.Trim()
    $candidate = 0
    $local = ($id -split '@')[0]
    if ($local -match '^[A-Za-z]+(\d{5,})$') { $candidate = [int]$Matches[1] }
    elseif ($id -match '^[0-9a-fA-F-]{36}$') { $candidate = Get-SimIndexFromGuid $id }
    if ($candidate -ge 1 -and $candidate -le $count) {
        $r = New-SimMailboxRecord $Tenant $candidate $Journal
        foreach ($v in @($r.Alias, $r.Name, $r.UserPrincipalName, $r.PrimarySmtpAddress, $r.ExternalDirectoryObjectId, [string]$r.Guid, $r.DistinguishedName)) {
            if ($v -ieq $id) { return $candidate }
        }
        foreach ($a in @($r.EmailAddresses)) { if (($a -replace '^[A-Za-z]+:', '') -ieq $id -or $a -ieq $id) { return $candidate } }
    }
    # An address added by Set-Mailbox: only edited mailboxes can have one.
    foreach ($key in $Journal.Mailboxes.Keys) {
        $addresses = $Journal.Mailboxes[$key].EmailAddresses
        foreach ($a in @($addresses)) { if ($a -and ($a -replace '^[A-Za-z]+:', '') -ieq $id) { return [int]$key } }
    }
    0
}

# The real property name for a case-insensitive one, or $null.
function Resolve-SimPropertyName {
    param([string] $Name)
    foreach ($p in $script:AllProperties) { if ($p -ieq $Name) { return $p } }
    $null
}

# The property names to output for -PropertySets and -Properties.
function Get-SimPropertyList {
    param([string[]] $PropertySets, [string[]] $Properties, [string[]] $Base = $script:MinimumProperties, [string] $Command)
    $list = [Collections.Generic.List[string]]::new()
    $add = { param($names) foreach ($n in $names) { if (-not $list.Contains($n)) { $list.Add($n) } } }
    # Property sets and properties add to the Minimum set (facts §5.1).
    $sets = [Collections.Generic.List[string]]::new(); $sets.Add('Minimum')
    foreach ($s in $PropertySets) { if ($s -and $s -ne 'Minimum') { $sets.Add($s) } }
    foreach ($s in $sets) {
        switch ($s) {
            'Minimum' { & $add $Base }
            'Quota' { & $add (@('ExternalDirectoryObjectId') + $script:QuotaProperties) }
            'Delivery' { & $add (@('ExternalDirectoryObjectId') + $script:DeliveryProperties) }
            'All' { & $add $script:AllProperties }
            default { throw "The property set '$s' is not available in the exo-bridge simulator; use Minimum, Quota, Delivery or All." }
        }
    }
    foreach ($p in $Properties) {
        $real = Resolve-SimPropertyName $p
        if (-not $real) { throw "The property '$p' is not a property of $Command in the exo-bridge simulator." }
        & $add @($real)
    }
    , $list.ToArray()
}

function ConvertTo-SimOutput {
    param($Record, [string[]] $Names)
    $o = [ordered]@{}
    foreach ($n in $Names) {
        $v = $Record[$n]
        if ($n -in $script:SizeProperties) { $v = Format-SimSize $v }
        $o[$n] = $v
    }
    [pscustomobject]$o
}

# Parses -ResultSize: a positive number or Unlimited.
function ConvertFrom-SimResultSize {
    param($Value)
    if ($null -eq $Value) { return 1000 }
    if ("$Value" -ieq 'Unlimited') { return [int]::MaxValue }
    $n = 0
    if ([int]::TryParse("$Value", [ref]$n) -and $n -ge 1) { return $n }
    throw "Cannot bind parameter 'ResultSize'. '$Value' is not a positive number or 'Unlimited'."
}

# Streams the mailboxes that match, one by one (never a whole array).
function Get-SimMailboxes {
    param([hashtable] $Tenant, $Journal, [string] $Identity, [string] $Anr, $FilterTree, [string[]] $RecipientTypeDetails,
        [int] $Limit, [string[]] $Names, [switch] $IdentityGiven, [string] $Command)
    $needFull = $FilterTree -or (@($Names | Where-Object { $_ -notin $script:MinimumProperties }).Count -gt 0)
    $sent = 0
    if ($IdentityGiven -and $Identity) {
        $i = Find-SimMailboxIndex $Tenant $Identity $Journal
        if ($i -eq 0) {
            $e = [Management.Automation.ErrorRecord]::new(
                [Management.Automation.ItemNotFoundException]::new("The operation couldn't be performed because object '$Identity' couldn't be found on '$($Tenant.organization)'."),
                'ManagementObjectNotFound', [Management.Automation.ErrorCategory]::ObjectNotFound, $Identity)
            Write-Error -ErrorRecord $e
            return
        }
        ConvertTo-SimOutput (New-SimMailboxRecord $Tenant $i $Journal -Full:$needFull) $Names
        return
    }
    $minimum = -not $needFull -and ($Names -join ',') -eq ($script:MinimumProperties -join ',')
    $count = [int]$Tenant.mailboxCount
    $fast = $minimum -and -not $Anr -and -not $RecipientTypeDetails
    $edited = $Journal.Mailboxes
    $org = $Tenant.organization; $seedPrefix = "$($Tenant.seed)/mailbox/"; $utf8 = [Text.Encoding]::UTF8
    $names1 = $script:FirstNames; $names2 = $script:LastNames; $mailDomain = $Tenant.mailDomain; $tid = $Tenant.tenantId; $orgId = $Tenant.organizationId
    for ($i = 1; $i -le $count; $i++) {
        if ($fast -and -not $edited.ContainsKey([string]$i)) {
            # The hot path of a big stream, inlined (a function call per mailbox costs more than
            # the mailbox): must give what New-SimMailboxRecord gives (a test compares them).
            if ($sent -ge $Limit) {
                Write-Warning 'There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.'
                return
            }
            $h = [Security.Cryptography.MD5]::HashData($utf8.GetBytes($seedPrefix + $i))
            $hex = [Convert]::ToHexString($h).ToLowerInvariant()
            $first = $names1[$h[0] % 30]; $last = $names2[$h[1] % 30]
            $alias = $first + $last[0] + $i.ToString('D5'); $tail = $i.ToString('x12')
            $guid = [Guid]::new($hex.Substring(0, 8) + '-' + $hex.Substring(8, 4) + '-' + $hex.Substring(12, 4) + '-' + $hex.Substring(16, 4) + '-' + $tail)
            $upn = "$alias@$org"
            [pscustomobject]@{
                ExternalDirectoryObjectId = $hex.Substring(16, 8) + '-' + $hex.Substring(24, 4) + '-' + $hex.Substring(28, 4) + '-' + $hex.Substring(4, 4) + '-' + $tail
                UserPrincipalName = $upn; Alias = $alias; DisplayName = "$first $last"
                EmailAddresses = @("SMTP:$upn", "smtp:$($alias.ToLowerInvariant())@$mailDomain", "SPO:SPO_$($guid)@SPO_$tid")
                PrimarySmtpAddress = $upn; RecipientType = 'UserMailbox'
                RecipientTypeDetails = $(if ($i % 50 -eq 0) { 'RoomMailbox' } elseif ($i % 97 -eq 0) { 'EquipmentMailbox' } elseif ($i % 20 -eq 0) { 'SharedMailbox' } else { 'UserMailbox' })
                Identity = $alias; Id = $alias; ExchangeVersion = '0.20 (15.0.0.0)'; Name = $alias
                DistinguishedName = "CN=$alias,OU=$org,OU=Microsoft Exchange Hosted Organizations,DC=SIMPR01A001,DC=PROD,DC=OUTLOOK,DC=COM"
                OrganizationId = $orgId; Guid = $guid
            }
            $sent++
            continue
        }
        $r = New-SimMailboxRecord $Tenant $i $Journal -Full:$needFull
        if ($RecipientTypeDetails -and $r.RecipientTypeDetails -notin $RecipientTypeDetails) { continue }
        if ($Anr) {
            $hit = $false
            foreach ($v in @($r.Alias, $r.DisplayName, $r.PrimarySmtpAddress, $r.Name) + ($r.DisplayName -split ' ')) {
                if ($v -and $v.StartsWith($Anr, [StringComparison]::OrdinalIgnoreCase)) { $hit = $true; break }
            }
            if (-not $hit) { continue }
        }
        if ($FilterTree -and -not (Test-SimFilter $FilterTree $r)) { continue }
        if ($sent -ge $Limit) {
            Write-Warning 'There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.'
            return
        }
        # The common case (Minimum set, an unedited mailbox) needs no projection.
        if ($minimum -and $r.Count -eq 15) { [pscustomobject]$r } else { ConvertTo-SimOutput $r $Names }
        $sent++
    }
}
