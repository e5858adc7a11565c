#!/usr/bin/env bash
# Runs the reliability suites of issue 16 (docs/reliability.md): fuzzing of the codec, hostile
# input, chaos, hangs, soak, orphans and leftovers, secrets and bad environments, through real
# pwsh, the pool and the CLI.
#   scripts/reliability.sh           long forms: 1,000,000 fuzz cases, 10,000 hostile strings,
#                                    2,000 chaos calls, 10 hang rounds, 100,000 soak calls
#   scripts/reliability.sh --quick   the short forms CI runs: 10,000 fuzz cases, 1,000 strings,
#                                    1,000 chaos calls, 2 hang rounds, 10,000 soak calls
# EXOBRIDGE_FUZZ_SCALE, EXOBRIDGE_HOSTILE_COUNT, EXOBRIDGE_CHAOS_CALLS, EXOBRIDGE_HANGS_ROUNDS and
# EXOBRIDGE_SOAK_CALLS override the long form's figures. It finds pwsh ($EXOBRIDGE_PWSH, else
# ../shared/pwsh/install.sh, else pwsh on PATH), prints the machine (nproc, free -h, load
# average), runs the suites offline with Maven and prints their figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scale=${EXOBRIDGE_FUZZ_SCALE:-100}
count=${EXOBRIDGE_HOSTILE_COUNT:-10000}
chaos=${EXOBRIDGE_CHAOS_CALLS:-2000}
hangs=${EXOBRIDGE_HANGS_ROUNDS:-10}
soak=${EXOBRIDGE_SOAK_CALLS:-100000}
case "${1:-}" in
  --quick) scale=1; count=1000; chaos=1000; hangs=2; soak=10000 ;;
  "") ;;
  -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
export EXOBRIDGE_PWSH=$pwsh EXOBRIDGE_FUZZ_SCALE=$scale EXOBRIDGE_HOSTILE_COUNT=$count \
    EXOBRIDGE_CHAOS_CALLS=$chaos EXOBRIDGE_HANGS_ROUNDS=$hangs EXOBRIDGE_SOAK_CALLS=$soak

echo "reliability: commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), pwsh $pwsh"
echo "reliability: nproc $(nproc); load average $(cut -d' ' -f1-3 /proc/loadavg)"
free -h | sed 's/^/reliability: /'
echo "reliability: fuzz scale $scale (about $((scale * 10000)) cases), $count hostile strings," \
     "$chaos chaos calls, $hangs hang rounds, $soak soak calls"

suites='WireFuzzTest,CliXmlFuzzTest,HostileInputTest,HostileInputFastLaneTest,HostileFileNameTest'
suites+=',PoolChaosTest,ExchangeChaosTest,PoolHangTest,PoolSoakTest'
suites+=',SessionLeftoversTest,PoolLeakTest,RunProcessTest'
suites+=',SecretMarkerTest,SecretEnvironmentTest,BadEnvironmentTest'
start=$(date +%s)
status=0
mvn -q -o test "-Dtest=$suites" -Dsurefire.failIfNoSpecifiedTests=false \
    "-Dexobridge.fuzz.scale=$scale" "-Dexobridge.hostile.count=$count" "-Dexobridge.chaos.calls=$chaos" \
    "-Dexobridge.hangs.rounds=$hangs" "-Dexobridge.soak.calls=$soak" || status=$?
end=$(date +%s)

# The suites print one line of figures per property or test (in the surefire reports).
grep -h '^fuzz \|^hostile \|^chaos: \|^hangs: \|^soak: [0-9]\|^leftovers: \|^orphans: \|^secrets: ' \
    target/surefire-reports/*-output.txt 2>/dev/null | sort || true
for r in target/surefire-reports/TEST-*{FuzzTest,HostileInputTest,HostileInputFastLaneTest,HostileFileNameTest,ChaosTest,HangTest,SoakTest,LeftoversTest,LeakTest,RunProcessTest,SecretMarkerTest,SecretEnvironmentTest,BadEnvironmentTest}.xml; do
  [[ -f $r ]] || continue
  echo "reliability: $(basename "$r" .xml | sed 's/^TEST-//'): $(grep -c '<testcase' "$r") tests," \
       "$(grep -c '<failure\|<error' "$r") failed"
done
echo "reliability: load average after $(cut -d' ' -f1-3 /proc/loadavg); $((end - start)) s in all; exit $status"
exit $status
