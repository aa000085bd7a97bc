#!/usr/bin/env bash
# Times whole bplab processes that open a pipeline, run it for 100 virtual ms
# and save the first frame (--screenshot, offscreen): a 4-stage example as
# the baseline, and generated pipelines of 1,000 and 10,000 stages (a source,
# 1 ms transforms, a 2 ms sink). Runs alternate (baseline, 1,000, 10,000,
# baseline, ...), so a machine that speeds up or slows down during the call
# moves all three alike. Reports each one's median and fastest wall time,
# the median's ratio to the baseline, and peak RSS from one run under GNU time.
#
#   tests/bench/gui_open_bench.sh [--runs N] [--bplab PATH]
#
# Defaults: 5 runs; --bplab $BPLAB, else build/default/app/gui/bplab.
# Targets: 1,000 stages under 2 s, 10,000 under 10 s (wall, on one core of a
# shared machine). Exit status: 0, or 2 when something needed is missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
runs=5
bplab=${BPLAB:-$repo/build/default/app/gui/bplab}
die() { echo "gui_open_bench.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
    --runs) runs=$2; shift 2 ;;
    --bplab) bplab=$2; shift 2 ;;
    *) die "unknown option $1" ;;
    esac
done
[ -x "$bplab" ] || die "no bplab at $bplab (build it, or pass --bplab)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen

pipeline() {  # pipeline STAGES FILE
    local n=$1 i
    {
        printf '{"format": "bplab-scenario/1", "name": "%d stages", "node": "24", "seed": 1,\n' "$n"
        printf ' "wiring": "pipe", "stages": [\n'
        printf '  {"id": "source", "kind": "readable", "chunks": 200, "chunk_bytes": 1024, "interval_ms": 1},\n'
        for ((i = 1; i < n - 1; i++)); do
            printf '  {"id": "t%d", "kind": "transform", "delay_ms": 1},\n' "$i"
        done
        printf '  {"id": "sink", "kind": "writable", "delay_ms": 2}]}\n'
    } >"$2"
}
pipeline 1000 "$work/s1000.json"
pipeline 10000 "$work/s10000.json"
cases=(baseline s1000 s10000)
files=("$repo/resources/examples/slow-transform-in-the-middle.json" "$work/s1000.json" "$work/s10000.json")

open_once() {  # open_once FILE: wall ms of one process
    local start end
    rm -f "$work/frame.png"
    start=$EPOCHREALTIME
    "$bplab" "$1" --run-for 100 --size 1280x800 --screenshot "$work/frame.png" >/dev/null 2>&1 ||
        die "bplab failed on $1"
    end=$EPOCHREALTIME
    echo "$(( (${end/./} - ${start/./}) / 1000 ))"
}

declare -A times
open_once "${files[0]}" >/dev/null  # warm-up: caches, fonts
for ((r = 0; r < runs; r++)); do
    for c in 0 1 2; do
        times[${cases[$c]}]+="$(open_once "${files[$c]}") "
    done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fastest() { tr ' ' '\n' | grep -v '^$' | sort -n | head -n 1; }
base=$(median <<<"${times[baseline]}")
printf '%-10s %10s %10s %8s %10s\n' case median_ms fastest_ms ratio peak_MiB
for c in 0 1 2; do
    name=${cases[$c]}
    med=$(median <<<"${times[$name]}")
    peak=-
    if [ -x /usr/bin/time ]; then
        peak=$(/usr/bin/time -f '%M' "$bplab" "${files[$c]}" --run-for 100 --size 1280x800 \
            --screenshot "$work/frame.png" 2>&1 >/dev/null | tail -n 1)
        peak=$((peak / 1024))
    fi
    printf '%-10s %10s %10s %8s %10s\n' "$name" "$med" "$(fastest <<<"${times[$name]}")" \
        "$(awk -v a="$med" -v b="$base" 'BEGIN {printf "%.1f", a / b}')" "$peak"
done
