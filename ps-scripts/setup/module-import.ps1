# Checks that a module imports and exposes its key command, in a separate runspace that is
# thrown away afterwards (the session's own runspace never loads the module, so nothing stays
# loaded or locked). Outputs one result object; an import failure is reported in it.
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Name,
    [string] $Version,
    [string] $KeyCommand
)
$ErrorActionPreference = 'Stop'
$ps = [powershell]::Create()
try {
    $null = $ps.AddCommand('Import-Module').AddParameter('Name', $Name).AddParameter('PassThru').AddParameter('ErrorAction', 'Stop')
    if ($Version) { $null = $ps.AddParameter('RequiredVersion', ($Version -split '-', 2)[0]) }
    $problem = $null
    $module = $null
    try {
        $module = $ps.Invoke() | Select-Object -First 1
        if ($ps.HadErrors -and -not $module) { $problem = ($ps.Streams.Error | Select-Object -First 1 | ForEach-Object { $_.ToString() }) }
    } catch {
        $e = $_.Exception
        while ($e.InnerException) { $e = $e.InnerException }
        $problem = $e.Message
    }
    $found = $null
    $commands = 0
    if ($module) {
        $commands = @($module.ExportedCommands.Keys).Count
        if ($KeyCommand) {
            $ps.Commands.Clear()
            $null = $ps.AddCommand('Get-Command').AddParameter('Name', $KeyCommand).AddParameter('Module', $Name).AddParameter('ErrorAction', 'SilentlyContinue')
            $found = [bool]($ps.Invoke() | Select-Object -First 1)
        }
    }
    [pscustomobject]@{
        Name            = $Name
        Imported        = [bool] $module
        Version         = if ($module) { "$($module.Version)" } else { $null }
        Path            = if ($module) { $module.ModuleBase } else { $null }
        Commands        = $commands
        KeyCommand      = if ($KeyCommand) { $KeyCommand } else { $null }
        KeyCommandFound = $found
        Problem         = $problem
    }
} finally {
    $ps.Dispose()
}
