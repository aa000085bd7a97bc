#!/usr/bin/env bash
# bplab-cli verify: equal on every example with the pinned Node binaries, and
# different, naming the right line, when the "Node binary" is a stand-in that
# prints Node's trace with one line altered.
# Usage: verify_test.sh BPLAB_CLI EXAMPLES_DIR NODE_MODULES_DIR
set -uo pipefail
cli=$1
examples=$2
node_modules=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
pass() { echo "ok $*"; passed=$((passed + 1)); }

for profile in 24 20; do
  node=$node_modules/node$profile/bin/node
  for example in "$examples"/*.json; do
    name=$(basename "$example" .json)
    sed "s/\"node\": \"24\"/\"node\": \"$profile\"/" "$example" >"$work/$name.json"
    "$cli" verify "$work/$name.json" --node-binary "$node" >"$work/out" 2>"$work/err"
    status=$?
    if [ "$status" -eq 0 ] && grep -qE "^$work/$name.json: equal on Node v$profile\.[0-9.]+ \(profile $profile\), [0-9]+ lines$" "$work/out" &&
      [ ! -s "$work/err" ]; then
      pass "$name equal on Node $profile"
    else
      fail "$name on Node $profile: exit $status"; cat "$work/out" "$work/err"
    fi
  done
done

# A stand-in: Node 24's version, Node 24's trace with line 6's "ret" flipped
# (false to true or true to false, whichever the example has there).
swap='s/"ret":false/"ret":@/; s/"ret":true/"ret":false/; s/"ret":@/"ret":true/'
cat >"$work/altered-node" <<STANDIN
#!/bin/sh
if [ "\$1" = "--version" ]; then "$node_modules/node24/bin/node" --version; exit 0; fi
"$node_modules/node24/bin/node" "\$@" | sed '6{$swap}'
STANDIN
chmod +x "$work/altered-node"
example=$examples/fast-producer-slow-consumer.json
"$node_modules/node24/bin/node" "$(dirname "$examples")/node/harness.js" "$example" | sed -n 6p >"$work/line6"
"$cli" verify "$example" --node-binary "$work/altered-node" >"$work/out" 2>"$work/err"
status=$?
expected_changed=$(sed "$swap" "$work/line6")
if [ "$status" -eq 1 ] &&
  grep -qE "^$example: different on Node v24\.21\.0 \(profile 24\): first difference at line 6 \(the simulation has [0-9]+ lines, Node [0-9]+\)$" "$work/out" &&
  grep -qxF "  >      6  $(cat "$work/line6")" "$work/out" &&
  grep -qxF "  >      6  $expected_changed" "$work/out" &&
  [ "$(grep -c '^  [ >] ' "$work/out")" -eq 22 ]; then
  pass "an altered line 6 is named, with five lines around it on each side"
else
  fail "altered line: exit $status"; cat "$work/out" "$work/err"
fi

"$cli" verify "$example" --node-binary "$work/no-such-node" >"$work/out" 2>"$work/err"
status=$?
if [ "$status" -eq 2 ] && grep -qxF "bplab-cli: verify: --node-binary $work/no-such-node: not an executable file" "$work/err"; then
  pass "a missing Node binary is bad input"
else
  fail "missing Node: exit $status"; cat "$work/err"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
