# exo-bridge's fast lane: one long-lived pipeline that runs one script call per input object, so a
# call costs one PIPELINE_INPUT instead of a new pipeline. pwsh dot-sources this script (as it
# does every script a client sends), so the calls run in the global scope exactly as they would in
# pipelines of their own; for the same reason everything the lane keeps lives in four variables,
# $__exoLane, $__exoCall, $__exoPos and $__exoNamed. Parameters arrive as data and are splatted, never spliced into text.
# Each call ends with an ExoBridge.CallEnd marker carrying this lane's nonce and the call's id,
# and, when the script text does not parse, the parse error's record serialised. Output goes
# through the batching step (output-batch.ps1) unless the client turned batching off.
#
# The loop is a foreach statement over $input, not a process block: inside a process block pwsh
# lets an error that ends one statement (1/0) end the whole pipeline, where a pipeline of the
# call's own reports it and runs the next statement. foreach keeps that behaviour and still runs
# each call as soon as its input arrives.
param($__exoLane)
$__exoLane.Batch = [scriptblock]::Create($__exoLane.BatchStep)
foreach ($__exoCall in $input) {
    $__exoLane.Error = $null
    $__exoLane.Block = $null
    try {
        $__exoLane.Block = [scriptblock]::Create($__exoCall.s)
    } catch {
        # Report the parse error itself, as a pipeline of its own would, not the method call.
        $__exoLane.Inner = $_.Exception.InnerException
        $__exoLane.Record = if ($__exoLane.Inner -is [System.Management.Automation.ParseException]) {
            [System.Management.Automation.ErrorRecord]::new($__exoLane.Inner.ErrorRecord, $__exoLane.Inner)
        } else { $_ }
        $__exoLane.Error = [System.Management.Automation.PSSerializer]::Serialize($__exoLane.Record, 2)
    }
    # No try/catch around the call: an error that ends a statement writes its record and the
    # script goes on, and an error that ends the script fails this pipeline, exactly as in a
    # pipeline of the call's own; the client then starts a new lane. The one-pass loops keep a
    # break or continue at the script's top level inside this call, as a pipeline of its own
    # keeps it.
    if ($null -eq $__exoLane.Error) {
        # (Splatting takes variables only.)
        $__exoPos = $__exoCall.p
        $__exoNamed = $__exoCall.n
        if ($__exoCall.b) {
            do {
                . $__exoLane.Block @__exoPos @__exoNamed | & $__exoLane.Batch $__exoCall.b
            } while ($false)
            # A break or continue also skips the batching step's end: send what it still held.
            # (The table exists once some call batched its output.)
            $__exoLane.Batching = [AppDomain]::CurrentDomain.GetData('ExoBridge.Batching')
            if ($null -ne $__exoLane.Batching -and $__exoLane.Batching.Unsent.ContainsKey($__exoCall.b.Key)) {
                $__exoCall.b.Take = $true
                & $__exoLane.Batch $__exoCall.b
            }
        } elseif ($__exoCall.d -ge 0) {
            do {
                . $__exoLane.Block @__exoPos @__exoNamed |
                    ForEach-Object { [System.Management.Automation.PSSerializer]::Serialize($_, $__exoCall.d) }
            } while ($false)
        } else {
            do { . $__exoLane.Block @__exoPos @__exoNamed } while ($false)
        }
    }
    [pscustomobject]@{ PSTypeName = 'ExoBridge.CallEnd'; Nonce = $__exoLane.Nonce; Call = $__exoCall.i; Error = $__exoLane.Error }
}
