#!/usr/bin/env bash
# bplab-cli sweep as a user meets it: the same rows whatever --jobs is, a bad
# variant as a row with its error, and Ctrl-C keeping the rows done.
# Usage: sweep_test.sh BPLAB_CLI EXAMPLES_DIR
set -uo pipefail
cli=$1
examples=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
pass() { echo "ok $*"; passed=$((passed + 1)); }
example=$examples/slow-transform-in-the-middle.json

"$cli" sweep "$example" --vary 'stages[3].highWaterMark=1024..65536*2' --vary 'stages[2].delay_ms=1..4' \
  --jobs 1 --out "$work/one.csv" 2>"$work/one.err"
s1=$?
"$cli" sweep "$example" --vary 'stages[3].highWaterMark=1024..65536*2' --vary 'stages[2].delay_ms=1..4' \
  --jobs 2 --out "$work/two.csv" 2>"$work/two.err"
s2=$?
if [ "$s1" -eq 0 ] && [ "$s2" -eq 0 ] && cmp -s "$work/one.csv" "$work/two.csv" &&
  [ "$(wc -l <"$work/one.csv")" -eq 29 ] && grep -qxF "sweep: 28 of 28 runs" "$work/two.err"; then
  pass "--jobs 1 and --jobs 2 write the same 28 rows"
else
  fail "jobs: exit $s1/$s2"; diff "$work/one.csv" "$work/two.csv" | head; cat "$work/one.err"
fi
header=$(head -1 "$work/one.csv")
expected_header="stages[3].highWaterMark,stages[2].delay_ms,duration_ms,outcome,events,pauses,drains,throughput_bytes_per_s,peak_memory_bytes,peak_memory_at_ms,db-cursor.peak_readable_length,db-cursor.peak_writable_length,to-csv.peak_readable_length,to-csv.peak_writable_length,gzip.peak_readable_length,gzip.peak_writable_length,upload.peak_readable_length,upload.peak_writable_length,error"
[ "$header" = "$expected_header" ] && pass "the header names every column" || fail "header: $header"

# Each row's figures equal bplab-cli run's summary of that variant.
row=$(sed -n 2p "$work/one.csv")
sed -E 's/"highWaterMark": 16384/"highWaterMark": 1024/; s/"delay_ms": [0-9]+, "per_kib_ms"/"delay_ms": 1, "per_kib_ms"/' "$example" >"$work/variant.json"
summary=$("$cli" run "$work/variant.json" 2>&1 >/dev/null)
events=$(cut -d, -f5 <<<"$row")
pauses=$(cut -d, -f6 <<<"$row")
drains=$(cut -d, -f7 <<<"$row")
if [[ "$row" == 1024,1,* ]] && grep -qF " $events events, $pauses pauses, $drains drains," <<<"$summary"; then
  pass "the first row equals bplab-cli run of its variant ($events events, $pauses pauses, $drains drains)"
else
  fail "row vs run: $row / $summary"
fi

"$cli" sweep "$example" --vary 'wiring=pipe,sideways' >"$work/bad.csv" 2>/dev/null
if [ "$?" -eq 0 ] && [ "$(sed -n 3p "$work/bad.csv")" = 'sideways,,error,,,,,,,,,,,,,,"wiring: expected ""pipe"", ""pipeline"" or ""naive"", got ""sideways"""' ]; then
  pass "a variant that does not validate is a row with its error"
else
  fail "bad variant: $(cat "$work/bad.csv")"
fi

"$cli" sweep "$example" --vary 'seed=1..100000' --vary 'wiring=pipe,pipeline' --jobs 2 --out "$work/long.csv" 2>"$work/long.err" &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
status=$?
kept=$(sed -n 's/^sweep: \([0-9]*\) of 200000 runs, stopped by Ctrl-C; the rows done are kept$/\1/p' "$work/long.err")
if [ "$status" -eq 130 ] && [ -n "$kept" ] && [ "$kept" -gt 0 ] &&
  [ "$(($(wc -l <"$work/long.csv") - 1))" -eq "$kept" ] &&
  [ "$(awk -F, 'NR > 1 && NF != 19' "$work/long.csv" | wc -l)" -eq 0 ]; then
  pass "Ctrl-C stops with 130 and keeps the $kept rows done, each whole"
else
  fail "Ctrl-C: exit $status"; cat "$work/long.err"
fi

"$cli" sweep "$example" --vary 'seed' >/dev/null 2>"$work/err"
[ "$?" -eq 2 ] && grep -qxF "bplab-cli: sweep: --vary seed: expected PATH=LIST" "$work/err" &&
  pass "a bad --vary is bad input" || fail "bad --vary: $(cat "$work/err")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
