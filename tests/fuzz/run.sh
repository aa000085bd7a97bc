#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 60), seeded with the examples and
# the conformance scenarios. Usage: tests/fuzz/run.sh [SECONDS] [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
build="${2:-build/fuzz}"
for target in loader simulation; do
    corpus="$(mktemp -d)"
    cp resources/examples/*.json tests/conformance/scenarios/*.json "$corpus"/
    echo "fuzz: $target for $seconds s"
    "$build/tests/fuzz/bplab_fuzz_$target" -max_total_time="$seconds" -max_len=65536 \
        -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 "$corpus"
    rm -rf "$corpus"
done
