#!/usr/bin/env bash
# The dependency check fails, naming the package, when .ci/setup leaves out a
# package the build needs: nlohmann-json3-dev, whose headers the core's
# JSON reader includes and that no other package in the list pulls in.
# Usage: check_build_deps_test.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
source_dir=$1
build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

grep -q ' nlohmann-json3-dev$' "$source_dir/.ci/setup" || { echo "FAIL: .ci/setup does not list nlohmann-json3-dev"; exit 1; }
sed 's/ nlohmann-json3-dev$//' "$source_dir/.ci/setup" >"$work/setup"

bash "$source_dir/tests/packaging/check_build_deps.sh" --setup "$work/setup" "$build" >"$work/out" 2>&1
status=$?
cat "$work/out"
if [ "$status" -ne 1 ]; then
  echo "FAIL: expected exit 1 without nlohmann-json3-dev, got $status"
  exit 1
fi
if ! grep -qE -- '^  nlohmann-json3-dev \(for example /usr/(include/nlohmann|share/cmake/nlohmann_json)/[^ ]+\)$' "$work/out"; then
  echo "FAIL: the report does not name nlohmann-json3-dev and a file of it"
  exit 1
fi
if [ "$(grep -c '^  ' "$work/out")" -ne 1 ]; then
  echo "FAIL: expected exactly one missing package"
  exit 1
fi
echo "PASS: the check names nlohmann-json3-dev when setup leaves it out"
