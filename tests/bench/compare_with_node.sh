#!/usr/bin/env bash
# Times whole processes on four-stage-pipe.json: bplab-cli writing its trace
# against real Node 24 running the conformance harness, several runs each,
# alternating. Reports the median (and fastest) wall times, the ratio
# node/cli, both peak RSS values, and whether the two traces are the same.
#
# Each run writes its trace into a new file: the previous run's file is
# removed before the clock starts, for both programs alike. (Truncating a
# 70 MB file the filesystem still holds dirty costs the truncating process
# tens of milliseconds that belong to the run before it.)
#
#   tests/bench/compare_with_node.sh [--runs N] [--cli PATH] [--node PATH] [--scenario PATH]
#
# Defaults: --cli $BPLAB_CLI, else the newest build/*/app/cli/bplab-cli;
# --node $NODE24, else tests/conformance/node_modules/node24/bin/node (after
# `npm ci --prefix tests/conformance`). Needs GNU time (Debian package `time`).
#
# Exit status: 0 when the traces are the same, 1 when they differ, 2 when
# something needed is missing. Timing never changes the exit status.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

runs=11
cli=${BPLAB_CLI:-}
node=${NODE24:-}
scenario=$here/four-stage-pipe.json

die() { echo "compare_with_node.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?}; shift 2 ;;
    --cli) cli=${2:?}; shift 2 ;;
    --node) node=${2:?}; shift 2 ;;
    --scenario) scenario=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done

if [ -z "$cli" ]; then
  cli=$(ls -t "$repo"/build/*/app/cli/bplab-cli 2>/dev/null | head -n 1 || true)
fi
[ -n "$cli" ] && [ -x "$cli" ] || die "no bplab-cli: build it, or pass --cli PATH (or set BPLAB_CLI)"
if [ -z "$node" ]; then
  node=$repo/tests/conformance/node_modules/node24/bin/node
fi
[ -x "$node" ] || die "no Node 24 at $node: run 'npm ci --prefix tests/conformance', or pass --node PATH (or set NODE24)"
[ -x /usr/bin/time ] || die "GNU time is missing: apt-get install time"
[ -f "$scenario" ] || die "no scenario at $scenario"
harness=$repo/resources/node/harness.js
[ -f "$harness" ] || die "no harness at $harness"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs expects a positive integer, got $runs"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {  # fail NAME: the command failed; show why
  echo "$1 failed:" >&2
  cat "$work/stderr" >&2
  exit 2
}

# timed NAME OUT CMD...: one run timed by the shell itself (no extra process
# between the clock and the command); appends its wall time in ms (with
# microseconds) to $work/NAME.wall.
timed() {
  local name=$1 out=$2
  shift 2
  local start end
  start=$EPOCHREALTIME
  "$@" > "$out" 2> "$work/stderr" || fail "$name"
  end=$EPOCHREALTIME
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", (e - s) * 1000 }' >> "$work/$name.wall"
}

# measured NAME OUT CMD...: one run under GNU time; appends "kib cpu_s" to
# $work/NAME.rss (cpu = user + system time of the process).
measured() {
  local name=$1 out=$2
  shift 2
  /usr/bin/time -f '%M %U %S' -o "$work/rss" "$@" > "$out" 2> "$work/stderr" || fail "$name"
  tail -n 1 "$work/rss" | awk '{ print $1, $2 + $3 }' >> "$work/$name.rss"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
peak() { sort -n | tail -n 1; }

echo "scenario: $scenario"
echo "cli:      $cli"
echo "node:     $node ($("$node" --version))"
echo "runs:     $runs timed and $runs under GNU time, each, alternating"

# Wall times from runs of their own; memory and CPU time from runs under
# GNU time, in the same alternation.
for ((i = 1; i <= runs; i++)); do
  rm -f "$work/cli.trace" "$work/node.trace"
  timed cli /dev/null "$cli" run "$scenario" --trace "$work/cli.trace" --quiet
  timed node "$work/node.trace" "$node" "$harness" "$scenario"
  rm -f "$work/cli.trace" "$work/node.trace"
  measured cli /dev/null "$cli" run "$scenario" --trace "$work/cli.trace" --quiet
  measured node "$work/node.trace" "$node" "$harness" "$scenario"
done

cli_ms=$(median < "$work/cli.wall")
node_ms=$(median < "$work/node.wall")
cli_min=$(sort -n "$work/cli.wall" | head -n 1)
node_min=$(sort -n "$work/node.wall" | head -n 1)
cli_kib=$(cut -d' ' -f1 "$work/cli.rss" | peak)
node_kib=$(cut -d' ' -f1 "$work/node.rss" | peak)
cli_cpu=$(cut -d' ' -f2 "$work/cli.rss" | median)
node_cpu=$(cut -d' ' -f2 "$work/node.rss" | median)
lines=$(wc -l < "$work/cli.trace")

awk -v c="$cli_ms" -v n="$node_ms" -v cm="$cli_min" -v nm="$node_min" -v ck="$cli_kib" -v nk="$node_kib" -v lines="$lines" \
    -v cc="$cli_cpu" -v nc="$node_cpu" 'BEGIN {
  printf "trace lines:        %d\n", lines
  printf "median wall time:   bplab-cli %.1f ms, node %.1f ms\n", c, n
  if (c > 0) printf "ratio node/cli:     %.1fx (target: at least 30x)\n", n / c
  else       printf "ratio node/cli:     more than %.0fx (bplab-cli under 1 ms)\n", n
  printf "fastest wall time:  bplab-cli %.1f ms, node %.1f ms", cm, nm
  if (cm > 0) printf " (%.1fx)", nm / cm
  printf "\n"
  printf "median CPU time:    bplab-cli %.0f ms, node %.0f ms (user + system; steadier than wall time on a busy machine)\n", cc * 1000, nc * 1000
  if (cc > 0) printf "CPU ratio node/cli: %.1fx\n", nc / cc
  printf "peak RSS:           bplab-cli %.1f MiB (target: at most 64 MiB), node %.1f MiB\n", ck / 1024, nk / 1024
}'

if cmp -s "$work/cli.trace" "$work/node.trace"; then
  echo "traces:             identical, byte for byte"
  exit 0
fi
# Not byte-identical: compare line by line after parsing (same number of
# lines, each line the same object), as the spec defines trace equality.
if "$node" -e '
  const fs = require("fs");
  const { isDeepStrictEqual } = require("util");
  const split = (f) => fs.readFileSync(f, "utf8").split("\n").filter((l) => l !== "");
  const a = split(process.argv[1]), b = split(process.argv[2]);
  if (a.length !== b.length) {
    console.log(`traces:             DIFFERENT: ${a.length} lines from bplab-cli, ${b.length} from node`);
  }
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (!isDeepStrictEqual(JSON.parse(a[i]), JSON.parse(b[i]))) {
      console.log(`traces:             DIFFERENT from line ${i + 1}:\n  bplab-cli: ${a[i]}\n  node:      ${b[i]}`);
      process.exit(1);
    }
  }
  if (a.length !== b.length) process.exit(1);
  console.log("traces:             identical after parsing each line");
' "$work/cli.trace" "$work/node.trace"; then
  exit 0
fi
exit 1
