# exo-bridge's fast lane: one long-lived pipeline that runs one call per input object, so a call
# costs one PIPELINE_INPUT instead of a new pipeline. pwsh dot-sources this script (as it does
# every script a client sends), so the calls run in the global scope exactly as they would in
# pipelines of their own. Parameters arrive as data and are splatted, never spliced into text.
# Each call ends with an ExoBridge.CallEnd marker carrying this lane's nonce and the call's id,
# and, when the script text does not parse, the parse error's record serialised.
param([long] $ExoBridgeLaneNonce)
process {
    $__exoCall = $_
    $__exoError = $null
    $__exoPos = $__exoCall.p
    $__exoNamed = $__exoCall.n
    $__exoBlock = $null
    if ($__exoCall.c) {
        try {
            $__exoBlock = [scriptblock]::Create($__exoCall.s)
        } catch {
            # Report the parse error itself, as a pipeline of its own would, not the method call.
            $__exoInner = $_.Exception.InnerException
            $__exoRecord = if ($__exoInner -is [System.Management.Automation.ParseException]) {
                [System.Management.Automation.ErrorRecord]::new($__exoInner.ErrorRecord, $__exoInner)
            } else { $_ }
            $__exoError = [System.Management.Automation.PSSerializer]::Serialize($__exoRecord, 2)
        }
    }
    # No try/catch around the call: an error that ends a statement writes its record and the
    # script goes on, and an error that ends the script fails this pipeline, exactly as in a
    # pipeline of the call's own; the client then starts a new lane.
    if ($null -eq $__exoError) {
        if ($__exoCall.c -and $__exoCall.d -ge 0) {
            . $__exoBlock @__exoPos @__exoNamed |
                ForEach-Object { [System.Management.Automation.PSSerializer]::Serialize($_, $__exoCall.d) }
        } elseif ($__exoCall.c) {
            . $__exoBlock @__exoPos @__exoNamed
        } elseif ($__exoCall.d -ge 0) {
            & $__exoCall.s @__exoPos @__exoNamed |
                ForEach-Object { [System.Management.Automation.PSSerializer]::Serialize($_, $__exoCall.d) }
        } else {
            & $__exoCall.s @__exoPos @__exoNamed
        }
    }
    [pscustomobject]@{ PSTypeName = 'ExoBridge.CallEnd'; Nonce = $ExoBridgeLaneNonce; Call = $__exoCall.i; Error = $__exoError }
}
