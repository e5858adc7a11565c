# The tenant's state on disk. Files beside the state file FILE:
#   FILE              the tenant (JSON): written once by New-ExoSimulatorTenant, never on a change
#   FILE.journal      what changed since (JSON lines, appended): mailbox edits, permissions,
#                     behaviour, device approvals. 100,000 generated mailboxes stay a seed and a count.
#   FILE.connections  the processes connected now (JSON lines; pid + start time, so a killed
#                     process stops counting)
#   FILE.lock         the lock every writer takes: an exclusive .NET file lock (flock on Unix),
#                     released by the OS when a process dies.
# Readers need no lock: the journal is append-only and a reader consumes only whole lines.

$script:StateFormat = 'exo-bridge-simulator-state/1'
# How long a writer waits for the lock; EXO_SIMULATOR_LOCK_TIMEOUT (seconds) changes it (tests).
$script:LockTimeout = [TimeSpan]::FromSeconds($(if ($env:EXO_SIMULATOR_LOCK_TIMEOUT -as [double]) { [double]$env:EXO_SIMULATOR_LOCK_TIMEOUT } else { 30 }))

function Resolve-SimStatePath {
    param([string] $Path)
    if (-not $Path) { $Path = $env:EXO_SIMULATOR_STATE }
    if (-not $Path) {
        throw 'No simulator state is named: set $env:EXO_SIMULATOR_STATE (or pass -State) to a state file made with: exo-bridge simulator init --state FILE --organization ORG'
    }
    $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
}

# Runs $Body while holding the state's lock; every writer goes through here.
function Use-SimLock {
    param([string] $StatePath, [scriptblock] $Body)
    $lockPath = "$StatePath.lock"
    $deadline = [DateTime]::UtcNow + $script:LockTimeout
    $stream = $null
    while ($null -eq $stream) {
        try {
            $stream = [IO.File]::Open($lockPath, [IO.FileMode]::OpenOrCreate, [IO.FileAccess]::ReadWrite, [IO.FileShare]::None)
        } catch [System.IO.IOException] {
            if ([DateTime]::UtcNow -gt $deadline) {
                throw "The simulator state '$StatePath' stayed locked for $($script:LockTimeout.TotalSeconds) s (lock file '$lockPath'): another process holds it."
            }
            Start-Sleep -Milliseconds (Get-Random -Minimum 5 -Maximum 30)
        }
    }
    try { & $Body } finally { $stream.Dispose() }
}

# The tenant (cached per runspace; the file changes only when a tenant is made anew).
function Get-SimTenant {
    param([string] $StatePath)
    if (-not [IO.File]::Exists($StatePath)) {
        throw "The simulator state file '$StatePath' does not exist. Create the tenant with: exo-bridge simulator init --state '$StatePath' --organization ORG"
    }
    $stamp = [IO.File]::GetLastWriteTimeUtc($StatePath).Ticks
    $cached = $script:TenantCache
    if ($cached -and $cached.Path -eq $StatePath -and $cached.Stamp -eq $stamp) { return $cached.Tenant }
    try {
        $tenant = [IO.File]::ReadAllText($StatePath) | ConvertFrom-Json -AsHashtable -DateKind String
    } catch {
        throw "The simulator state file '$StatePath' is not valid JSON: $($_.Exception.Message)"
    }
    if ($tenant -isnot [hashtable] -or $tenant.format -ne $script:StateFormat) {
        throw "The file '$StatePath' is not an exo-bridge simulator state (format '$script:StateFormat')."
    }
    # Derived once here, used for every generated mailbox.
    $org = $tenant.organization
    $tenant.mailDomain = $org.Split('.')[0] + '.mail.onmicrosoft.com'
    $tenant.organizationId = "SIMPR01A001.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/$org - SIMPR01A001.PROD.OUTLOOK.COM/ConfigurationUnits/$org/Configuration"
    $script:TenantCache = @{ Path = $StatePath; Stamp = $stamp; Tenant = $tenant }
    $script:JournalCache = $null
    $tenant
}

function New-SimJournalView {
    param([string] $StatePath)
    @{ Path = $StatePath; Offset = 0L; Mailboxes = @{}; Permissions = @{}; Behavior = @{}; Devices = @{}; Entries = 0 }
}

# Reads the journal lines appended since the last read; returns the view.
function Get-SimJournal {
    param([string] $StatePath)
    $view = $script:JournalCache
    if (-not $view -or $view.Path -ne $StatePath) { $view = New-SimJournalView $StatePath; $script:JournalCache = $view }
    $file = "$StatePath.journal"
    if (-not [IO.File]::Exists($file)) {
        if ($view.Offset -gt 0) { $view = New-SimJournalView $StatePath; $script:JournalCache = $view }
        return $view
    }
    $fs = [IO.File]::Open($file, [IO.FileMode]::Open, [IO.FileAccess]::Read, [IO.FileShare]::ReadWrite -bor [IO.FileShare]::Delete)
    try {
        if ($fs.Length -lt $view.Offset) { $view = New-SimJournalView $StatePath; $script:JournalCache = $view }
        if ($fs.Length -eq $view.Offset) { return $view }
        $null = $fs.Seek($view.Offset, [IO.SeekOrigin]::Begin)
        $buffer = [byte[]]::new($fs.Length - $view.Offset)
        $read = 0
        while ($read -lt $buffer.Length) {
            $n = $fs.Read($buffer, $read, $buffer.Length - $read)
            if ($n -le 0) { break }
            $read += $n
        }
    } finally { $fs.Dispose() }
    # Only whole lines: a writer may be half-way through one.
    $end = [Array]::LastIndexOf($buffer, [byte]10, $read - 1)
    if ($end -lt 0) { return $view }
    $text = [Text.Encoding]::UTF8.GetString($buffer, 0, $end + 1)
    foreach ($line in $text.Split("`n")) {
        if ($line.Length -eq 0) { continue }
        Add-SimJournalEntry $view ($line | ConvertFrom-Json -AsHashtable -DateKind String)
    }
    $view.Offset += $end + 1
    $view
}

function Add-SimJournalEntry {
    param($View, [hashtable] $Entry)
    $View.Entries++
    switch ($Entry.k) {
        'mailbox' {
            $key = [string]$Entry.i
            if (-not $View.Mailboxes.ContainsKey($key)) { $View.Mailboxes[$key] = @{} }
            foreach ($p in $Entry.p.Keys) { $View.Mailboxes[$key][$p] = $Entry.p[$p] }
        }
        'permission' {
            $key = [string]$Entry.i
            if (-not $View.Permissions.ContainsKey($key)) { $View.Permissions[$key] = [Collections.Generic.List[object]]::new() }
            $View.Permissions[$key].Add($Entry.p)
        }
        'behavior' { foreach ($p in $Entry.p.Keys) { $View.Behavior[$p] = $Entry.p[$p] } }
        'device' {
            $code = [string]$Entry.code
            if (-not $View.Devices.ContainsKey($code)) { $View.Devices[$code] = @{} }
            foreach ($p in $Entry.Keys) { $View.Devices[$code][$p] = $Entry[$p] }
        }
    }
}

# Appends one entry; call only while holding the lock.
function Write-SimJournal {
    param([string] $StatePath, [hashtable] $Entry)
    $line = [Text.Encoding]::UTF8.GetBytes(($Entry | ConvertTo-Json -Compress -Depth 8) + "`n")
    $fs = [IO.File]::Open("$StatePath.journal", [IO.FileMode]::Append, [IO.FileAccess]::Write, [IO.FileShare]::ReadWrite)
    try { $fs.Write($line, 0, $line.Length); $fs.Flush($true) } finally { $fs.Dispose() }
}

# The tenant's behaviour: its defaults, overridden by the journal.
function Get-SimBehavior {
    param([string] $StatePath)
    $tenant = Get-SimTenant $StatePath
    $journal = Get-SimJournal $StatePath
    $b = @{}
    foreach ($k in $tenant.behavior.Keys) { $b[$k] = $tenant.behavior[$k] }
    foreach ($k in $journal.Behavior.Keys) { $b[$k] = $journal.Behavior[$k] }
    $b
}

# Writes a file whole or not at all (a temporary file, then a rename).
function Write-SimFileAtomically {
    param([string] $Path, [string] $Text)
    $tmp = "$Path.$PID.tmp"
    [IO.File]::WriteAllText($tmp, $Text, [Text.UTF8Encoding]::new($false))
    [IO.File]::Move($tmp, $Path, $true)
}

# ---- connected processes (for the per-tenant concurrency limit) ----

function Get-SimProcessStart {
    param([int] $ProcessId)
    $p = Get-Process -Id $ProcessId -ErrorAction Ignore
    if (-not $p) { return $null }
    try { $p.StartTime.ToUniversalTime().Ticks } catch { $null }
}

function Read-SimConnections {
    param([string] $StatePath)
    $file = "$StatePath.connections"
    if (-not [IO.File]::Exists($file)) { return @() }
    $live = foreach ($line in [IO.File]::ReadAllLines($file)) {
        if (-not $line) { continue }
        $c = $line | ConvertFrom-Json -AsHashtable -DateKind String
        # .NET derives a start time from the boot time, which it reckons per process: allow 2 s.
        $start = Get-SimProcessStart $c.pid
        if ($null -ne $start -and [Math]::Abs($start - [long]$c.start) -lt 20000000) { $c }
    }
    @($live)
}

function Save-SimConnections {
    param([string] $StatePath, [object[]] $Connections)
    $text = (@($Connections) | ForEach-Object { $_ | ConvertTo-Json -Compress }) -join "`n"
    Write-SimFileAtomically "$StatePath.connections" ($text + "`n")
}
