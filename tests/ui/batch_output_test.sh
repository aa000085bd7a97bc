#!/usr/bin/env bash
# bplab's batch outputs (--screenshot, --frame-stats) go through the atomic
# write: a failed write exits 3, names the path and the system's reason, and
# leaves an old file as it was.
# Usage: batch_output_test.sh PATH/TO/bplab
set -u
bplab="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen
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
run() { "$bplab" --example error-with-pipe --run-for 20 --no-docks --size 640x480 "$@"; }

# A folder that does not exist.
run --screenshot "$work/missing/shot.png" 2>"$work/err"
check "a screenshot into a missing folder exits 3" [ $? -eq 3 ]
check "the error names the screenshot's path" contains "$work/err" "$work/missing/shot.png"
check "the error says why" contains "$work/err" "No such file or directory"
check "no picture appears" [ ! -e "$work/missing" ]

run --frame-stats "$work/missing/stats.json" 2>"$work/err"
check "frame statistics into a missing folder exit 3" [ $? -eq 3 ]
check "the error names the statistics' path" contains "$work/err" "$work/missing/stats.json"
check "the error says why, for the statistics" contains "$work/err" "No such file or directory"

# A full device.
run --screenshot /dev/full 2>"$work/err"
check "a screenshot onto a full device exits 3" [ $? -eq 3 ]
check "the error names the device and the reason" \
    contains "$work/err" "/dev/full: cannot write: No space left on device"

# A write cut short (a file-size limit of 1 KiB, as a disk that fills part
# way): the old picture stays byte for byte, and no temporary file is left.
printf 'the old picture\n' >"$work/shot.png"
cp "$work/shot.png" "$work/old.png"
(trap '' XFSZ; ulimit -f 1; run --screenshot "$work/shot.png") 2>"$work/err"
check "a screenshot cut short exits 3" [ $? -eq 3 ]
check "the error names the picture and the reason" \
    contains "$work/err" "$work/shot.png: cannot write: File too large"
check "the old picture is unchanged" cmp -s "$work/shot.png" "$work/old.png"
check "no temporary file is left" [ "$(ls -A "$work" | sort | tr '\n' ' ')" = "err old.png shot.png " ]

# And a write that succeeds replaces the file with a PNG.
run --screenshot "$work/shot.png" 2>"$work/err"
check "a screenshot that can be written exits 0" [ $? -eq 0 ]
check "the picture is a PNG" bash -c "head -c 8 '$work/shot.png' | od -An -c | grep -q 'P   N   G'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
