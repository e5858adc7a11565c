#!/usr/bin/env bash
# Runs the benchmarks of exo-bridge against the alternatives (docs/benchmarks.md), all in one run:
#   scripts/bench.sh [--quick] [--sections roundtrip,objects,startup,pool,memory,rss,process] [more options]
# Options go to dev.exobridge.bench.Benchmarks (scripts/bench.sh --help lists them).
# It finds pwsh ($EXOBRIDGE_PWSH, else ../shared/pwsh/install.sh, else pwsh on PATH), builds the
# jar and the test classes, installs node-powershell once with npm, then prints one table per
# section and writes every figure to <build>/bench/results.json. It prints; it never fails on a
# figure. Every child runs under scripts/bench/cpu-time.py (python3) for its CPU time.
# EXOBRIDGE_BENCH_BUILD=DIR builds into DIR instead of target/ (beside another build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=${EXOBRIDGE_BENCH_BUILD:-target}
mkdir -p "$build"
build=$(cd "$build" && pwd)
bench_dir=$build/bench
node_prefix=$bench_dir/node
node_version=5.0.1
mkdir -p "$bench_dir"

note() { echo "bench: $*" >&2; }

# --help needs no pwsh and no build beyond the classes
pwsh=${EXOBRIDGE_PWSH:-}
if [[ -z $pwsh ]]; then
  shared_install=${EXOBRIDGE_SHARED:-../shared}/pwsh/install.sh
  if [[ -x $shared_install || -f $shared_install ]]; then
    pwsh=$(bash "$shared_install")
  elif command -v pwsh >/dev/null; then
    pwsh=$(command -v pwsh)
  else
    note "no pwsh: set EXOBRIDGE_PWSH, or install PowerShell 7 (pwsh on PATH)"
    exit 1
  fi
fi
note "pwsh: $pwsh"

# The jar (section 7 runs bin/exo-bridge on it), test classes and the class path; offline first
# (quick, no network), online if that fails.
maven_args=(-q package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
            dependency:build-classpath "-Dmdep.outputFile=$bench_dir/cp.txt" "-Dexo.buildDirectory=$build")
note "building the jar and the test classes into $build"
if ! mvn -o "${maven_args[@]}" >"$bench_dir/build.log" 2>&1; then
  if ! mvn "${maven_args[@]}" >"$bench_dir/build.log" 2>&1; then
    cat "$bench_dir/build.log" >&2
    note "the build failed (log: $bench_dir/build.log)"
    exit 1
  fi
fi

# node-powershell, once. Without node or npm the run goes on; that contender reports "failed".
installed=$(node -p "require('$node_prefix/node_modules/node-powershell/package.json').version" 2>/dev/null || true)
if [[ $installed != "$node_version" ]]; then
  if command -v npm >/dev/null; then
    note "installing node-powershell $node_version into $node_prefix"
    mkdir -p "$node_prefix"
    npm install --no-save --no-audit --no-fund --prefix "$node_prefix" "node-powershell@$node_version" \
      >"$bench_dir/npm.log" 2>&1 || note "npm install failed (log: $bench_dir/npm.log); going on without it"
  else
    note "npm not found; going on without node-powershell"
  fi
fi

# TERM=dumb: pwsh under a terminal TERM writes escape codes that hang jPowerShell and
# node-powershell; every child the harness starts gets it anyway, this covers the JVM's own.
export TERM=dumb
cli_jar=$(ls -t "$build"/exo-bridge-*-cli.jar 2>/dev/null | head -n 1)
exec java -Xmx2g -cp "$build/test-classes:$build/classes:$(cat "$bench_dir/cp.txt")" \
  dev.exobridge.bench.Benchmarks \
  --pwsh "$pwsh" \
  --node-prefix "$node_prefix" \
  --node-driver scripts/bench/node-powershell.js \
  --out "$bench_dir/results.json" \
  ${cli_jar:+--cli-jar "$cli_jar"} \
  "$@"
