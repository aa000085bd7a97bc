#!/usr/bin/env bash
# bplab-cli as a user meets it: exit codes, messages, what gets written.
# Usage: cli_test.sh PATH/TO/bplab-cli EXAMPLES_DIR
set -u
cli="$1"
examples="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

check() {  # check NAME CONDITION...
    local name="$1"
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAILED: $name"
    fi
}
contains() { grep -qF -- "$2" "$1"; }
empty() { [ ! -s "$1" ]; }

example="$examples/fast-producer-slow-consumer.json"

# A run: exit 0, a summary line on stderr, trace lines on stdout.
"$cli" run "$example" --trace - >"$work/out" 2>"$work/err"
check "run exits 0" [ $? -eq 0 ]
check "run prints one summary line" [ "$(wc -l <"$work/err")" -eq 1 ]
check "the summary names the outcome" contains "$work/err" "outcome: idle"
check "the summary counts events, pauses and drains" \
    grep -qE '[0-9]+ events, [0-9]+ pauses, [0-9]+ drains, peak memory' "$work/err"
check "the trace ends with an idle line" \
    bash -c "tail -n 1 '$work/out' | grep -q '\"ev\":\"idle\"'"
check "the trace has as many lines as the summary counts events" \
    grep -qF "$(wc -l <"$work/out") events" "$work/err"

# --quiet drops the summary; --until cuts the run.
"$cli" run "$example" --trace "$work/t.jsonl" --until 100 --quiet 2>"$work/err"
check "--quiet prints nothing on stderr" empty "$work/err"
check "--until ends with an until line at that time" \
    bash -c "tail -n 1 '$work/t.jsonl' | grep -qF '{\"t\":100,\"stage\":\"*\",\"ev\":\"until\"}'"

# --node 20 changes the profile (and so the default highWaterMark).
"$cli" run "$example" --node 20 2>"$work/err"
check "--node 20 runs the Node 20 profile" contains "$work/err" "(Node 20)"

# Samples as CSV, every --sample-every ms.
"$cli" run "$example" --samples "$work/s.csv" --sample-every 100 --until 1000 --quiet
check "samples start with a header" bash -c "head -n 1 '$work/s.csv' | grep -q '^t,file.rlen'"
check "samples come every 100 ms from 0 to 1000" \
    [ "$(tail -n +2 "$work/s.csv" | cut -d, -f1 | tr '\n' ' ')" = "0 100 200 300 400 500 600 700 800 900 1000 " ]

# --explain adds a why to each line.
"$cli" run "$examples/error-with-pipe.json" --trace - --explain --quiet >"$work/out"
check "--explain gives every line a why" [ "$(grep -c '"why":' "$work/out")" -eq "$(wc -l <"$work/out")" ]
check "an uncaught error ends the trace" \
    bash -c "tail -n 1 '$work/out' | grep -q '\"ev\":\"uncaught\"'"

# A missing file: exit 2, the file named, nothing written.
"$cli" run "$work/nope.json" --trace "$work/should-not-exist" >"$work/out" 2>"$work/err"
check "a missing file exits 2" [ $? -eq 2 ]
check "a missing file is named" contains "$work/err" "$work/nope.json"
check "a missing file writes no trace" [ ! -e "$work/should-not-exist" ]
check "a missing file prints nothing on stdout" empty "$work/out"

# Bad input: exit 2, the JSON path named.
sed 's/"chunks": 400/"chunks": -5/' "$example" >"$work/bad.json"
"$cli" validate "$work/bad.json" 2>"$work/err"
check "validate of a bad file exits 2" [ $? -eq 2 ]
check "the message names the file and the JSON path" \
    contains "$work/err" "$work/bad.json: stages[0].chunks: expected an integer >= 0, got -5"
"$cli" validate "$example" >"$work/out"
check "validate of a good file exits 0" [ $? -eq 0 ]
check "validate says it is valid" contains "$work/out" "valid scenario"

# A trace that cannot be written: exit 1, the output and the reason named.
"$cli" run "$example" --trace "$work/no-such-folder/t.jsonl" 2>"$work/err"
check "an unwritable trace path exits 2" [ $? -eq 2 ]
check "an unwritable trace path is named with the reason" \
    contains "$work/err" "$work/no-such-folder/t.jsonl: cannot open for writing: No such file or directory"
if [ -e /dev/full ]; then
    "$cli" run "$example" --trace /dev/full 2>"$work/err"
    check "a full disk exits 1" [ $? -eq 1 ]
    check "a full disk is named" contains "$work/err" "bplab-cli: /dev/full: cannot write: No space left on device"
fi

# Usage mistakes: exit 2 with a message.
"$cli" run "$example" --node 22 2>"$work/err"
check "a bad --node exits 2" [ $? -eq 2 ]
check "a bad --node is named" contains "$work/err" '--node: expected 20 or 24, got "22"'
"$cli" frobnicate 2>"$work/err"
check "an unknown command exits 2" [ $? -eq 2 ]
"$cli" --version >"$work/out"
check "--version prints the version" grep -qE '^bplab-cli [0-9]+\.[0-9]+\.[0-9]+$' "$work/out"
"$cli" --help >"$work/out"
check "--help lists the commands" contains "$work/out" "bplab-cli run FILE"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
