#!/usr/bin/env bash
# bplab-cli lesson check as a teacher meets it: exit 0 when the lesson holds,
# 1 naming each problem when it does not, 2 for a bad file or no usable Node.
# Usage: lesson_cli_test.sh BPLAB_CLI LESSONS_DIR
set -uo pipefail
cli=$1
lessons=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
check() {  # name, expected exit, expected stderr line (exact), command...
  local name=$1 want=$2 line=$3
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name: exit $got, expected $want"; cat "$work/out" "$work/err"; failures=$((failures + 1)); return
  fi
  if [ -n "$line" ] && ! grep -qxF -- "$line" "$work/err"; then
    echo "FAIL $name: stderr lacks: $line"; cat "$work/err"; failures=$((failures + 1)); return
  fi
  echo "ok $name"
}

lesson=$lessons/backpressure-with-pipe.json
check "a built-in lesson holds" 0 "" "$cli" lesson check "$lesson"
grep -q "5 steps, 4 pauses and 3 questions hold on the simulation (profile 24) (67 trace lines)" "$work/out" ||
  { echo "FAIL the summary line: $(cat "$work/out")"; failures=$((failures + 1)); }

sed 's/"answer": 0 },/"answer": 2 },/' "$lesson" >"$work/wrong.json"
check "a wrong answer is named" 1 \
  '  steps[1].ask.answer: choice 2 {"stage":"socket","ev":"drain"} does not match the next line 11 {"t":2,"stage":"file","ev":"pause","rlen":0}' \
  "$cli" lesson check "$work/wrong.json"

check "a missing file" 2 "bplab-cli: lesson: $work/none.json: no such file" \
  "$cli" lesson check "$work/none.json"
sed 's/"id": "backpressure-with-pipe"/"id": "Backpressure"/' "$lesson" >"$work/bad-id.json"
check "a bad id names its path" 2 \
  "bplab-cli: lesson: $work/bad-id.json: id: expected [a-z0-9-]{1,48} (small letters, digits, -), got \"Backpressure\"" \
  "$cli" lesson check "$work/bad-id.json"
check "no such Node on PATH" 2 "bplab-cli: lesson: --node-binary no-such-node: not found on PATH" \
  "$cli" lesson check "$lesson" --node-binary no-such-node
printf '#!/bin/sh\necho hello\n' >"$work/fake-node"
chmod +x "$work/fake-node"
check "a binary that is not Node" 2 \
  "bplab-cli: lesson: $work/fake-node --version: not a Node.js binary (it printed \"hello\")" \
  "$cli" lesson check "$lesson" --node-binary "$work/fake-node"
check "an unknown subcommand" 2 \
  'bplab-cli: lesson: expected "lesson check FILE [--node-binary PATH] [--harness PATH]"' \
  "$cli" lesson play "$lesson"

if [ "$failures" -ne 0 ]; then
  echo "$failures failed"
  exit 1
fi
echo "7 passed, 0 failed"
