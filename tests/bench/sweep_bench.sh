#!/usr/bin/env bash
# Times whole `bplab-cli sweep` processes: runs per second on a small scenario
# (the fast-producer-slow-consumer example, 400 chunks, a few thousand trace
# lines a run) and on a large one (four-stage-pipe.json, 50,000 chunks through
# four stages, about a million trace lines a run), each with --jobs 1 and
# --jobs 2 in turn (1 2 1 2 ...), so the baseline is measured in the same
# call, on the same machine state. The speed-up of --jobs 2 is taken pair by
# pair (the run with --jobs 1 divided by the run with --jobs 2 right after
# it), then the median of those ratios, so a machine whose speed drifts
# during the call does not move it.
#
#   tests/bench/sweep_bench.sh [--runs N] [--cli PATH]
#
# Defaults: 7 pairs per scenario; --cli $BPLAB_CLI, else the newest
# build/*/app/cli/bplab-cli. Prints, per scenario: the sweep's size, the
# median and fastest wall time of each --jobs, runs per second from the
# median, and the median speed-up. Exit status: 0, or 2 when something needed
# is missing or a sweep fails.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

runs=7
cli=${BPLAB_CLI:-}

die() { echo "sweep_bench.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?}; shift 2 ;;
    --cli) cli=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
if [ -z "$cli" ]; then
  cli=$(ls -t "$repo"/build/*/app/cli/bplab-cli 2>/dev/null | head -n 1 || true)
fi
[ -n "$cli" ] && [ -x "$cli" ] || die "no bplab-cli: build it, or pass --cli PATH (or set BPLAB_CLI)"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs expects a positive integer, got $runs"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# timed FILE CMD...: one run timed by the shell itself; appends its wall time
# in ms to FILE.
timed() {
  local file=$1
  shift
  local start end
  start=$EPOCHREALTIME
  "$@" > "$work/rows.csv" 2> "$work/stderr" || { cat "$work/stderr" >&2; die "failed: $*"; }
  end=$EPOCHREALTIME
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", (e - s) * 1000 }' >> "$file"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# bench NAME SCENARIO VARY...: the sweep with --jobs 1 and --jobs 2, in turn.
bench() {
  local name=$1 scenario=$2
  shift 2
  local vary=()
  for v in "$@"; do vary+=(--vary "$v"); done
  : > "$work/$name.1"
  : > "$work/$name.2"
  for ((i = 1; i <= runs; i++)); do
    timed "$work/$name.1" "$cli" sweep "$scenario" "${vary[@]}" --jobs 1
    timed "$work/$name.2" "$cli" sweep "$scenario" "${vary[@]}" --jobs 2
  done
  local combos
  combos=$(($(wc -l < "$work/rows.csv") - 1))
  local one two ratio
  one=$(median < "$work/$name.1")
  two=$(median < "$work/$name.2")
  ratio=$(paste "$work/$name.1" "$work/$name.2" | awk '{ print $1 / $2 }' | median)
  awk -v name="$name" -v sc="$(basename "$scenario")" -v n="$combos" -v one="$one" -v two="$two" \
      -v r="$ratio" -v f1="$(sort -n "$work/$name.1" | head -n 1)" \
      -v f2="$(sort -n "$work/$name.2" | head -n 1)" -v vary="$*" 'BEGIN {
    printf "%s: %s, %d runs a sweep (%s)\n", name, sc, n, vary
    printf "  --jobs 1: median %.1f ms (fastest %.1f), %.1f runs/s\n", one, f1, n * 1000 / one
    printf "  --jobs 2: median %.1f ms (fastest %.1f), %.1f runs/s\n", two, f2, n * 1000 / two
    printf "  speed-up of --jobs 2 over --jobs 1: %.2fx (median of %s pairs)\n", r, ENVIRON["PAIRS"]
  }'
}

echo "cli:  $cli"
echo "runs: $runs pairs per scenario, --jobs 1 and --jobs 2 alternating; $(nproc) processors"
export PAIRS=$runs
bench small "$repo/resources/examples/fast-producer-slow-consumer.json" \
  'stages[1].highWaterMark=1024..1048576*2' 'stages[1].delay_ms=1..8' wiring=pipe,pipeline seed=1..5
bench large "$here/four-stage-pipe.json" \
  'stages[3].highWaterMark=4096..32768*2' wiring=pipe,pipeline
