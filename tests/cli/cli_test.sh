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
sed -E 's/"chunks": [0-9]+/"chunks": -5/' "$example" >"$work/bad.json"
"$cli" validate "$work/bad.json" 2>"$work/err"
check "validate of a bad file exits 2" [ $? -eq 2 ]
check "the message names the file and the JSON path" \
    contains "$work/err" "$work/bad.json: stages[0].chunks: expected an integer >= 0, got -5"
"$cli" validate "$example" >"$work/out"
check "validate of a good file exits 0" [ $? -eq 0 ]
check "validate says it is valid" contains "$work/out" "valid scenario"

# An output that cannot be written: exit 3, the output and the reason named.
"$cli" run "$example" --trace "$work/no-such-folder/t.jsonl" 2>"$work/err"
check "an unwritable trace path exits 3" [ $? -eq 3 ]
check "an unwritable trace path is named with the reason" \
    contains "$work/err" "$work/no-such-folder/t.jsonl: cannot open for writing: No such file or directory"
if [ -e /dev/full ]; then
    "$cli" run "$example" --trace /dev/full 2>"$work/err"
    check "a full disk exits 3" [ $? -eq 3 ]
    check "a full disk is named" contains "$work/err" "bplab-cli: /dev/full: cannot write: No space left on device"
    "$cli" validate "$example" >/dev/full 2>"$work/err"
    check "validate onto a full stdout exits 3" [ $? -eq 3 ]
    check "validate onto a full stdout says so" contains "$work/err" "bplab-cli: stdout: cannot write: No space left on device"
fi

# Every output file is written whole or not at all: on a disk that fills part
# way the old file stays byte for byte and no temporary file is left. The
# disk fills through the file size limit (ulimit -f, in KiB; writes past it
# fail with "File too large"), which any user can set, and, as root, on a
# 64 KiB tmpfs.
limited() {  # limited KIB COMMAND...: runs COMMAND with files limited to KIB
    local kib="$1"
    shift
    (trap '' XFSZ && ulimit -f "$kib" && exec "$@")
}
full_disk_checks() {  # full_disk_checks FOLDER REASON RUNNER...
    local folder="$1" reason="$2"
    shift 2
    local what out
    for what in trace explain samples convert; do
        out="$folder/$what.out"
        printf 'old %s\n' "$what" >"$out"
        case "$what" in
        trace) "$@" "$cli" run "$example" --trace "$out" --quiet 2>"$work/err" ;;
        explain) "$@" "$cli" run "$example" --trace "$out" --explain --quiet 2>"$work/err" ;;
        samples) "$@" "$cli" run "$example" --samples "$out" --sample-every 1 --quiet 2>"$work/err" ;;
        convert)
            # A scenario larger than the room left: a long description.
            sed "s/\"description\": \"/\"description\": \"$(head -c 70000 /dev/zero | tr '\0' x)/" \
                "$example" >"$work/long.json"
            "$@" "$cli" convert "$work/long.json" "$out" 2>"$work/err"
            ;;
        esac
        check "$what onto a full disk exits 3" [ $? -eq 3 ]
        check "$what onto a full disk names the file and the reason" \
            contains "$work/err" "bplab-cli: $out: cannot write: $reason"
        check "$what onto a full disk leaves the old file byte for byte" \
            [ "$(cat "$out")" = "old $what" ]
        check "$what onto a full disk leaves no temporary file" \
            [ "$(ls -A "$folder" | grep -c -v '\.out$')" -eq 0 ]
    done
}
mkdir "$work/limited"
full_disk_checks "$work/limited" "File too large" limited 64
if [ "$(id -u)" -eq 0 ] && mkdir "$work/tmpfs" &&
    mount -t tmpfs -o size=64k bplab-cli-test "$work/tmpfs" 2>/dev/null; then
    full_disk_checks "$work/tmpfs" "No space left on device"
    umount "$work/tmpfs"
fi

# convert: the canonical form, which loads back as the same scenario.
"$cli" convert "$example" "$work/canonical.json"
check "convert exits 0" [ $? -eq 0 ]
"$cli" convert "$work/canonical.json" "$work/again.json"
check "the canonical form converts to itself" cmp -s "$work/canonical.json" "$work/again.json"
"$cli" convert "$example" "$work/v2.json" --format 2
check "convert --format 2 exits 0" [ $? -eq 0 ]
check "convert --format 2 writes bplab-scenario/2" contains "$work/v2.json" '"format": "bplab-scenario/2"'
"$cli" convert "$work/v2.json" "$work/v1.json"
check "a /2 file that uses nothing of /2 converts to /1" cmp -s "$work/canonical.json" "$work/v1.json"
printf '%s\n' '{"format": "bplab-scenario/2", "stages": [{"id": "src", "kind": "readable", "chunks": 2},' \
    '{"id": "gzip", "kind": "transform", "flush_ms": 3}, {"id": "sink", "kind": "writable"}]}' >"$work/flush.json"
"$cli" convert "$work/flush.json" - >"$work/flush-canonical.json"
check "a flush converts to /2" contains "$work/flush-canonical.json" '"format": "bplab-scenario/2"'
check "a flush converts with its key" contains "$work/flush-canonical.json" '"flush_ms": 3'
"$cli" convert "$work/flush.json" "$work/flush-v1.json" --format 1 2>"$work/err"
check "convert --format 1 of a flush exits 2" [ $? -eq 2 ]
check "convert --format 1 names the /2 key" \
    contains "$work/err" "--format 1: $work/flush.json uses stages[1].flush_ms, a key of bplab-scenario/2"
check "convert --format 1 of a flush writes nothing" [ ! -e "$work/flush-v1.json" ]
sed 's|bplab-scenario/2|bplab-scenario/1|' "$work/flush.json" >"$work/flush-as-v1.json"
"$cli" validate "$work/flush-as-v1.json" 2>"$work/err"
check "a /1 file with a flush exits 2" [ $? -eq 2 ]
check "a /1 file with a flush names the key's path" \
    contains "$work/err" 'stages[1].flush_ms: needs "format": "bplab-scenario/2"'
"$cli" run "$work/flush.json" --trace "$work/flush.jsonl" --quiet --explain
check "a flush runs" [ $? -eq 0 ]
check "the flush line is explained" contains "$work/flush.jsonl" '"ev":"flush","rlen":0,"why":"Node called _flush() of'
check "the flushed line is explained" contains "$work/flush.jsonl" "\"why\":\"_flush() of 'gzip' pushed its 1 chunk"
printf '%s\n' '{"format": "bplab-scenario/2", "stages": [{"id": "src", "kind": "readable", "text": "a€", "chunk_bytes": 2},' \
    '{"id": "sink", "kind": "writable", "decode": "per-chunk"}]}' >"$work/text.json"
"$cli" validate "$work/text.json" >"$work/out"
check "a text scenario validates" contains "$work/out" "valid scenario"
"$cli" run "$work/text.json" --trace "$work/text.jsonl" --quiet --explain
check "a text scenario runs" [ $? -eq 0 ]
check "a decode line carries the text" contains "$work/text.jsonl" '"ev":"decode","text":"a�"'
check "a decode line is explained" contains "$work/text.jsonl" "decoded the chunk on its own with chunk.toString('utf8'): 1 U+FFFD stands"
printf '%s\n' '{"format": "bplab-scenario/2", "wiring": ["pipe", "for-await"], "stages": [{"id": "src", "kind": "readable", "chunks": 3},' \
    '{"id": "mid", "kind": "transform"}, {"id": "sink", "kind": "writable", "delay_ms": 2, "highWaterMark": 1024}]}' >"$work/forawait.json"
"$cli" validate "$work/forawait.json" >"$work/out"
check "a wiring per pair validates, naming each" contains "$work/out" "wiring [pipe, for-await]"
"$cli" run "$work/forawait.json" --trace "$work/forawait.jsonl" --quiet --explain
check "a for-await pair runs" [ $? -eq 0 ]
check "the iterator's read is explained" contains "$work/forawait.jsonl" "\"why\":\"The for-await loop's iterator called 'mid'.read() in paused mode"
sed 's|"for-await"\]|"pipeline"]|' "$work/forawait.json" >"$work/pipeline-entry.json"
"$cli" validate "$work/pipeline-entry.json" 2>"$work/err"
check "pipeline as an entry of a wiring array exits 2" [ $? -eq 2 ]
check "pipeline as an entry names its index" contains "$work/err" 'wiring[1]: "pipeline" wires the whole chain'

# scenario-v2 section 5: 200 pooled chunks of 1 KiB (64 a Node 24 slab: 4
# slabs), the sink keeping 16 bytes of each, so 3 slabs are held only by it.
printf '%s\n' '{"format": "bplab-scenario/2", "stages": [{"id": "src", "kind": "readable", "chunks": 200, "alloc": "pool"},' \
    '{"id": "cache", "kind": "writable", "delay_ms": 1, "retain_bytes": 16}]}' >"$work/pool.json"
"$cli" validate "$work/pool.json" >"$work/out"
check "a pool scenario validates" contains "$work/out" "valid scenario"
"$cli" run "$work/pool.json" --samples "$work/pool.csv" --sample-every 1 --trace "$work/pool.jsonl" --quiet --explain
check "a pool scenario runs" [ $? -eq 0 ]
check "its samples add the retained and slab columns" bash -c \
    "head -n 1 '$work/pool.csv' | grep -q 'cache.retained_bytes,total_external_bytes,total_heap_bytes,total_bytes,total_slab_bytes,total_retained_bytes$'"
check "at the end the cache holds 3 slabs of 4" bash -c \
    "tail -n 1 '$work/pool.csv' | grep -q ',196608,262144,0,262144,262144,196608$'"
check "--explain gives each line of a pool run a why" \
    [ "$(grep -c '"why":' "$work/pool.jsonl")" -eq "$(wc -l <"$work/pool.jsonl")" ]
"$cli" convert "$work/pool.json" - >"$work/pool-canonical.json"
check "alloc converts as written" contains "$work/pool-canonical.json" '"alloc": "pool"'
check "retain_bytes converts as written" contains "$work/pool-canonical.json" '"retain_bytes": 16'
sed 's|bplab-scenario/2|bplab-scenario/1|' "$work/pool.json" >"$work/pool-as-v1.json"
"$cli" validate "$work/pool-as-v1.json" 2>"$work/err"
check "a /1 file with alloc exits 2" [ $? -eq 2 ]
check "a /1 file with alloc names the key's path" \
    contains "$work/err" 'stages[0].alloc: needs "format": "bplab-scenario/2"'
sed 's|"retain_bytes": 16|"retain_bytes": -16|' "$work/pool.json" >"$work/pool-bad.json"
"$cli" validate "$work/pool-bad.json" 2>"$work/err"
check "a negative retain_bytes exits 2" [ $? -eq 2 ]
check "a negative retain_bytes names its path" \
    contains "$work/err" 'stages[1].retain_bytes: expected an integer >= 0, got -16'


# A run that cannot go on exactly, or would never end: exit 2, the reason
# named, no output written.
printf '%s\n' '{"format": "bplab-scenario/1", "stages": [{"id": "src", "kind": "readable", "chunks": 100},' \
    '{"id": "sink", "kind": "writable", "delay_ms": 4503599627370496}]}' >"$work/clock.json"
"$cli" run "$work/clock.json" --trace "$work/clock.jsonl" 2>"$work/err"
check "a clock past 2^53-1 exits 2" [ $? -eq 2 ]
check "a clock past 2^53-1 names the stage" contains "$work/err" \
    "bplab-cli: $work/clock.json: the run stopped: stages[1] (\"sink\"): a step of 4503599627370496 ms"
check "a stopped run writes no trace" [ ! -e "$work/clock.jsonl" ]
printf '%s\n' '{"format": "bplab-scenario/1", "until_ms": 10, "stages": [' \
    '{"id": "src", "kind": "readable", "chunks": 9007199254740991, "chunk_bytes": 1},' \
    '{"id": "sink", "kind": "writable"}]}' >"$work/still.json"
"$cli" run "$work/still.json" 2>"$work/err"
check "a clock that stands still with until_ms exits 2" [ $? -eq 2 ]
check "a clock that stands still says until_ms can never come" contains "$work/err" \
    "without the clock moving: everything runs synchronously, so until_ms 10 can never come"
printf '%s\n' '{"format": "bplab-scenario/1", "wiring": "naive", "stages": [' \
    '{"id": "src", "kind": "readable", "chunks": 9007199254740991, "chunk_bytes": 1},' \
    '{"id": "sink", "kind": "writable", "delay_ms": 1}]}' >"$work/hoard.json"
"$cli" run "$work/hoard.json" --max-memory 16 2>"$work/err"
check "passing --max-memory exits 2" [ $? -eq 2 ]
check "passing --max-memory says the machine cannot simulate that many chunks" contains "$work/err" \
    "chunks, more than this machine can simulate within its budget of 16 MiB"
"$cli" run "$example" --max-events 100 2>"$work/err"
check "passing --max-events exits 2" [ $? -eq 2 ]
check "passing --max-events says so" contains "$work/err" "the run passed its bound of 100 trace lines"
sed -E 's/"chunks": [0-9]+, "chunk_bytes": [0-9]+/"chunks": 400, "chunk_bytes": 9007199254740991/' \
    "$example" >"$work/huge.json"
"$cli" validate "$work/huge.json" 2>"$work/err"
check "a total payload past 2^53-1 exits 2" [ $? -eq 2 ]
check "a total payload past 2^53-1 names the key" contains "$work/err" \
    "stages[0].chunks: 400 chunks of 9007199254740991 bytes make a total payload more than 2^53-1"

# An internal error (here: the system refuses memory below the budget):
# exit 1, named as internal.
(ulimit -v 300000 && exec "$cli" run "$work/hoard.json" --max-memory 4096 --quiet) 2>"$work/err"
check "an internal error exits 1" [ $? -eq 1 ]
check "an internal error says so" contains "$work/err" "bplab-cli: internal error: std::bad_alloc"

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
check "--help lists --max-memory" contains "$work/out" "--max-memory MIB"
check "--help lists the exit codes" contains "$work/out" \
    "Exit status: 0 success, 2 bad input or a missing file, 3 an output that could"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
