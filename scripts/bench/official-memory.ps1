# Resident memory of the server process of PowerShell's own remoting client (.NET) over
# `pwsh -s` (the transport of official-client.ps1), idle and warm, then after one call that
# returns -Objects objects. Prints one JSON line; the benchmark's section 6 runs it.
#   pwsh -NoProfile -File official-memory.ps1 -Objects 100000 -Producer 'script with {N}'
using namespace System.Management.Automation
using namespace System.Management.Automation.Runspaces
param([int]$Objects = 100000, [Parameter(Mandatory)][string]$Producer)
$ErrorActionPreference = 'Stop'

function Invoke-On($rs, [string]$script) {
    $ps = [PowerShell]::Create(); $ps.Runspace = $rs
    try {
        $out = $ps.AddScript($script).Invoke()
        if ($ps.Streams.Error.Count) { throw "the script failed: $($ps.Streams.Error[0])" }
        $out
    } finally { $ps.Dispose() }
}
function ResidentMiB([Diagnostics.Process]$p) { $p.Refresh(); [Math]::Round($p.WorkingSet64 / 1MB, 1) }

$instance = [PowerShellProcessInstance]::new()
$rs = [RunspaceFactory]::CreateOutOfProcessRunspace([TypeTable]::LoadDefaultTypeFiles(), $instance)
$rs.Open()
try {
    foreach ($i in 1..100) { $null = Invoke-On $rs '1' }                 # warm, as the others are
    $null = Invoke-On $rs $Producer.Replace('{N}', '1000')
    $server = $instance.Process
    $idle = ResidentMiB $server
    $out = Invoke-On $rs $Producer.Replace('{N}', [string]$Objects)
    if ($out.Count -ne $Objects) { throw "expected $Objects objects, got $($out.Count)" }
    $after = ResidentMiB $server
    [ordered]@{
        server_pid = $server.Id
        idle_rss_mib = $idle
        after_rss_mib = $after
        client_rss_mib = ResidentMiB ([Diagnostics.Process]::GetCurrentProcess())
    } | ConvertTo-Json -Compress
} finally { $rs.Dispose() }
