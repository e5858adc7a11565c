#!/usr/bin/env bash
# Runs the reliability suites of issue 16 that exist so far (docs/reliability.md): fuzzing of the
# codec and hostile input through real pwsh and the CLI.
#   scripts/reliability.sh           long forms: 1,000,000 fuzz cases, 10,000 hostile strings
#   scripts/reliability.sh --quick   the short forms CI runs: 10,000 fuzz cases, 1,000 strings
# EXOBRIDGE_FUZZ_SCALE and EXOBRIDGE_HOSTILE_COUNT override the long form's figures. It finds pwsh
# ($EXOBRIDGE_PWSH, else ../shared/pwsh/install.sh, else pwsh on PATH), prints the machine
# (nproc, free -h, load average), runs the suites offline with Maven and prints their figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scale=${EXOBRIDGE_FUZZ_SCALE:-100}
count=${EXOBRIDGE_HOSTILE_COUNT:-10000}
case "${1:-}" in
  --quick) scale=1; count=1000 ;;
  "") ;;
  -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "reliability: unknown option $1 (--quick or nothing)" >&2; exit 2 ;;
esac

pwsh=${EXOBRIDGE_PWSH:-}
if [[ -z $pwsh ]]; then
  shared_install=${EXOBRIDGE_SHARED:-../shared}/pwsh/install.sh
  if [[ -f $shared_install ]]; then
    pwsh=$(bash "$shared_install")
  elif command -v pwsh >/dev/null; then
    pwsh=$(command -v pwsh)
  else
    echo "reliability: no pwsh: set EXOBRIDGE_PWSH, or install PowerShell 7 (pwsh on PATH)" >&2
    exit 1
  fi
fi
export EXOBRIDGE_PWSH=$pwsh EXOBRIDGE_FUZZ_SCALE=$scale EXOBRIDGE_HOSTILE_COUNT=$count

echo "reliability: commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), pwsh $pwsh"
echo "reliability: nproc $(nproc); load average $(cut -d' ' -f1-3 /proc/loadavg)"
free -h | sed 's/^/reliability: /'
echo "reliability: fuzz scale $scale (about $((scale * 10000)) cases), $count hostile strings"

suites='WireFuzzTest,CliXmlFuzzTest,HostileInputTest,HostileInputFastLaneTest,HostileFileNameTest'
start=$(date +%s)
status=0
mvn -q -o test "-Dtest=$suites" -Dsurefire.failIfNoSpecifiedTests=false \
    "-Dexobridge.fuzz.scale=$scale" "-Dexobridge.hostile.count=$count" || status=$?
end=$(date +%s)

# The suites print one line of figures per property or test (in the surefire reports).
grep -h '^fuzz \|^hostile ' target/surefire-reports/*-output.txt 2>/dev/null | sort || true
for r in target/surefire-reports/TEST-*{FuzzTest,HostileInputTest,HostileInputFastLaneTest,HostileFileNameTest}.xml; do
  [[ -f $r ]] || continue
  echo "reliability: $(basename "$r" .xml | sed 's/^TEST-//'): $(grep -c '<testcase' "$r") tests," \
       "$(grep -c '<failure\|<error' "$r") failed"
done
echo "reliability: load average after $(cut -d' ' -f1-3 /proc/loadavg); $((end - start)) s in all; exit $status"
exit $status
