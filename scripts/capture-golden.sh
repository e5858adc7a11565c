#!/usr/bin/env bash
# Regenerates the golden PSRP transcripts under src/test/resources/golden/: what PowerShell's own
# remoting client and its `pwsh -s` server say to each other (recorded by
# ../shared/pwsh/capture-psrp.sh). The codec tests decode every line of them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
capture=${EXOBRIDGE_SHARED:-../shared}/pwsh/capture-psrp.sh
out=src/test/resources/golden
# A script that writes errors makes the capture exit non-zero; the transcript is what counts.
rec() {
  bash "$capture" "$out/$1" "$2" >/dev/null 2>&1 || true
  [[ -s $out/$1/client-to-server.log && -s $out/$1/server-to-client.log ]] || { echo "no transcript for $1" >&2; exit 1; }
  echo "captured $1"
}
rec basic 'param() 1; Write-Warning "w1"; [pscustomobject]@{A=1;B="x"}; Write-Error "boom"'
rec streams '$VerbosePreference="Continue"; $DebugPreference="Continue"; Write-Verbose v1; Write-Debug d1; Write-Information i1; Write-Host h1; Write-Progress -Activity act -Status st -PercentComplete 50; "done"'
rec large '"x" * 100000; 1..3 | ForEach-Object { [pscustomobject]@{ N = $_; Text = "é中😀" } }'
rec terminating 'throw "bad thing"'
