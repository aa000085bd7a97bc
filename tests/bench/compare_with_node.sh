#!/usr/bin/env bash
# Times whole processes on four-stage-pipe.json: bplab-cli writing its trace
# against real Node 24 running the conformance harness, several runs each,
# alternating. Reports the median wall times, the ratio node/cli, both peak
# RSS values, and whether the two traces are the same.
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

runs=5
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
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
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
harness=$repo/tests/conformance/harness.js
[ -f "$harness" ] || die "no harness at $harness"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs expects a positive integer, got $runs"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run NAME OUT CMD...: one timed run; appends "wall_ms kib cpu_s" to
# $work/NAME.times (cpu = user + system time of the process).
run() {
  local name=$1 out=$2
  shift 2
  local start end
  start=$(date +%s%N)
  if ! /usr/bin/time -f '%M %U %S' -o "$work/rss" "$@" > "$out" 2> "$work/stderr"; then
    echo "$name failed:" >&2
    cat "$work/stderr" >&2
    exit 2
  fi
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(tail -n 1 "$work/rss" | awk '{ print $1, $2 + $3 }')" >> "$work/$name.times"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
peak() { sort -n | tail -n 1; }

echo "scenario: $scenario"
echo "cli:      $cli"
echo "node:     $node ($("$node" --version))"
echo "runs:     $runs each, alternating"

for ((i = 1; i <= runs; i++)); do
  run cli /dev/null "$cli" run "$scenario" --trace "$work/cli.trace" --quiet
  run node "$work/node.trace" "$node" "$harness" "$scenario"
done

cli_ms=$(cut -d' ' -f1 "$work/cli.times" | median)
node_ms=$(cut -d' ' -f1 "$work/node.times" | median)
cli_kib=$(cut -d' ' -f2 "$work/cli.times" | peak)
node_kib=$(cut -d' ' -f2 "$work/node.times" | peak)
cli_cpu=$(cut -d' ' -f3 "$work/cli.times" | median)
node_cpu=$(cut -d' ' -f3 "$work/node.times" | median)
lines=$(wc -l < "$work/cli.trace")

awk -v c="$cli_ms" -v n="$node_ms" -v ck="$cli_kib" -v nk="$node_kib" -v lines="$lines" \
    -v cc="$cli_cpu" -v nc="$node_cpu" 'BEGIN {
  printf "trace lines:        %d\n", lines
  printf "median wall time:   bplab-cli %.0f ms, node %.0f ms\n", c, n
  if (c > 0) printf "ratio node/cli:     %.1fx (target: at least 30x)\n", n / c
  else       printf "ratio node/cli:     more than %.0fx (bplab-cli under 1 ms)\n", n
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
