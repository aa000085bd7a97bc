#!/usr/bin/env bash
# The dependency check fails, naming the package, when .ci/setup leaves out a
# package the build needs: libqt6opengl6-dev, which Qt6Charts' CMake package
# needs and qt6-charts-dev only recommends.
# Usage: check_build_deps_test.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
source_dir=$1
build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

grep -q ' libqt6opengl6-dev ' "$source_dir/.ci/setup" || { echo "FAIL: .ci/setup does not list libqt6opengl6-dev"; exit 1; }
sed 's/ libqt6opengl6-dev / /' "$source_dir/.ci/setup" >"$work/setup"

bash "$source_dir/tests/packaging/check_build_deps.sh" --setup "$work/setup" "$build" >"$work/out" 2>&1
status=$?
cat "$work/out"
if [ "$status" -ne 1 ]; then
  echo "FAIL: expected exit 1 without libqt6opengl6-dev, got $status"
  exit 1
fi
expected="  libqt6opengl6-dev (for example /usr/lib/x86_64-linux-gnu/cmake/Qt6OpenGL/Qt6OpenGLConfig.cmake)"
if ! grep -qxF -- "$expected" "$work/out"; then
  echo "FAIL: the report does not name libqt6opengl6-dev and its CMake package file"
  exit 1
fi
if [ "$(grep -c '^  ' "$work/out")" -ne 1 ]; then
  echo "FAIL: expected exactly one missing package"
  exit 1
fi
echo "PASS: the check names libqt6opengl6-dev when setup leaves it out"
