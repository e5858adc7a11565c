# exo-bridge run: runs the caller's script inside the server-mode pwsh the way `pwsh -File`
# (or `pwsh -Command`) would, in one pipeline, so that what it installs (the working directory,
# the console writers) is in force while the script runs. All it is given is data ($__exoRun);
# the caller's text is never spliced into this script.
#
#   Directory   the caller's working directory
#   File        the script file (--file), or $null
#   Text        the script text (-c), or $null
#   Named       hashtable of named parameters; Positional: array of arguments after --
#   Input       the lines of stdin, piped into the script as $input, or $null
#   Format      'text': output through PowerShell's own formatter; 'table': each object cut
#               down to its type's displayed properties; anything else: the objects as they are
param($__exoRun)

# pwsh -File starts in the caller's directory for cmdlets (the provider's location) and .NET
# alike; a server-mode pwsh starts its provider in $HOME (or /tmp/pwsh-<user>-<guid> without one).
Set-Location -LiteralPath $__exoRun.Directory
[System.Environment]::CurrentDirectory = $__exoRun.Directory

# Server mode nulls [Console]::Out and ::Error (stdout carries the protocol). These writers
# turn console writes into the host's Write/WriteLine calls, which reach the caller as host
# text inside the protocol; nothing is ever written to the process's stdout.
class ExoBridgeHostWriter : System.IO.StringWriter {
    hidden [object] $UI
    ExoBridgeHostWriter([object] $ui) { $this.UI = $ui }
    [void] Write([char] $c) { $this.UI.Write([string] $c) }
    [void] Write([string] $s) { if ($s) { $this.UI.Write($s) } }
    [void] Write([char[]] $buffer, [int] $index, [int] $count) { $this.UI.Write([string]::new($buffer, $index, $count)) }
    [void] WriteLine() { $this.UI.WriteLine() }
    [void] WriteLine([string] $s) { $this.UI.WriteLine($s) }
}

# --format table: the properties PowerShell displays for an object's type (its
# DefaultDisplayPropertySet, else the columns of its table view), not every property; a scalar
# or an object of a type without either passes unchanged. Views are looked up once per type.
$__exoViews = @{}
function ExoBridgeDisplayed($o) {
    if ($null -eq $o -or $o -is [string] -or $o -is [ValueType]) { return $o }
    $type = $o.PSObject.TypeNames[0]
    if (-not $__exoViews.ContainsKey($type)) {
        $props = $o.PSStandardMembers.DefaultDisplayPropertySet.ReferencedPropertyNames
        if (-not $props) {
            # Get-FormatData fails for some types in a server-mode pwsh (a NullReferenceException
            # inside it): such a type is shown with all its properties.
            $view = try {
                @((Get-FormatData -TypeName $type -ErrorAction Ignore).FormatViewDefinition |
                    Where-Object { $_.Control -is [System.Management.Automation.TableControl] })[0]
            } catch { $null }
            if ($view) {
                $headers = $view.Control.Headers
                $columns = $view.Control.Rows[0].Columns
                $props = for ($i = 0; $i -lt $columns.Count; $i++) {
                    $entry = $columns[$i].DisplayEntry
                    $label = if ($headers[$i].Label) { $headers[$i].Label } else { $entry.Value }
                    if ($entry.ValueType -eq 'ScriptBlock') {
                        @{ Name = $label; Expression = [scriptblock]::Create($entry.Value) }
                    } else {
                        @{ Name = $label; Expression = [scriptblock]::Create('$_.' + "'" + $entry.Value.Replace("'", "''") + "'") }
                    }
                }
            }
        }
        $__exoViews[$type] = @($props | Where-Object { $_ })
    }
    $p = $__exoViews[$type]
    if ($p.Count -gt 0) { $o | Select-Object -Property $p } else { $o }
}

# No try around the caller's script: inside a try (anywhere up the call stack) an error that
# ends one statement (1/0, a module that throws on import) ends the whole script instead, and
# the statements after it were lost (pwsh -File and -Command run them). So the writers are put
# back after the script, not in a finally: when the script throws, this call is the last one the
# process runs (exo-bridge run ends its session after it).
$__exoConsole = [Console]::Out, [Console]::Error
[Console]::SetOut([ExoBridgeHostWriter]::new($Host.UI))
[Console]::SetError([ExoBridgeHostWriter]::new($Host.UI))
$__exoNamed = $__exoRun.Named
$__exoPos = @($__exoRun.Positional)
$__exoIn = $__exoRun.Input
# The step after the script, if the format needs one: PowerShell's own formatter (text), or
# each object cut down to the properties PowerShell would display for its type (table).
$__exoTail = switch ($__exoRun.Format) {
    'text' {
        {
            begin { $__exoStep = { Out-String -Stream }.GetSteppablePipeline(); $__exoStep.Begin($true) }
            process { $__exoStep.Process($_) }
            end { $__exoStep.End() }
        }
    }
    'table' { { process { ExoBridgeDisplayed $_ } } }
    default { $null }
}
if ($null -ne $__exoRun.File) {
    # A .ps1 runs as a command, as pwsh -File runs it: #Requires and the execution policy
    # are checked, $PSScriptRoot is set, errors name the file and line. Its `exit N` ends
    # only the file and leaves $? false with $LASTEXITCODE = N (a native command's exit
    # code leaves $? true): that is passed on as the call's exit code (SetShouldExit).
    $__exoCmd = $ExecutionContext.InvokeCommand.GetCommand($__exoRun.File, 'ExternalScript')
    $__exoBlock = if ($__exoCmd) { $__exoRun.File } else {
        # A script without .ps1 (a shebang script): pwsh -File runs its text, and so does
        # this, as a block, whose `exit N` ends the whole call by itself.
        [scriptblock]::Create([System.IO.File]::ReadAllText($__exoRun.File))
    }
    # A file that cannot run (#Requires not met, a parse error, the execution policy) leaves
    # $? false, handled below; one that throws ends the call, with 1, as it ends pwsh -File.
    if ($null -ne $__exoIn) {
        if ($__exoTail) { $__exoIn | & $__exoBlock @__exoNamed @__exoPos | & $__exoTail }
        else { $__exoIn | & $__exoBlock @__exoNamed @__exoPos }
    } elseif ($__exoTail) { & $__exoBlock @__exoNamed @__exoPos | & $__exoTail }
    else { & $__exoBlock @__exoNamed @__exoPos }
    if (-not $?) {
        # #Requires not met: raised again as the error that ends the call, which exo-bridge
        # reports as a missing prerequisite (a missing module: exit 3).
        if ($Error[0].Exception -is [System.Management.Automation.ScriptRequiresException]) { throw $Error[0] }
        # $? false without an exit code: the file could not run at all (the execution policy,
        # a parse error), which pwsh -File ends with 1.
        $Host.SetShouldExit($(if ($global:LASTEXITCODE -is [int] -and $global:LASTEXITCODE -ne 0) {
            $global:LASTEXITCODE } else { 1 }))
    }
} else {
    # pwsh -Command exits with 1 when the last statement failed ($? false): the status is
    # taken right after it, inside the block. A text the line cannot follow (named blocks)
    # runs as it is, and counts as succeeded unless it fails. Dot-sourced, as -Command runs
    # its text in the session's scope rather than a script scope of its own.
    $global:__exoRunOk = $true
    $__exoBlock = try {
        [scriptblock]::Create($__exoRun.Text + "`n" + '$global:__exoRunOk = $?')
    } catch {
        [scriptblock]::Create($__exoRun.Text)
    }
    if ($null -ne $__exoIn) {
        if ($__exoTail) { $__exoIn | . $__exoBlock @__exoNamed @__exoPos | & $__exoTail }
        else { $__exoIn | . $__exoBlock @__exoNamed @__exoPos }
    } elseif ($__exoTail) { . $__exoBlock @__exoNamed @__exoPos | & $__exoTail }
    else { . $__exoBlock @__exoNamed @__exoPos }
    Write-Information -MessageData ([int] (-not $global:__exoRunOk)) -Tags 'ExoBridge.RunStatus' `
        -InformationAction SilentlyContinue
}
[Console]::SetOut($__exoConsole[0])
[Console]::SetError($__exoConsole[1])
