#!/usr/bin/env bash
# Builds the .deb from a finished build and checks it as an installation:
# its control fields and file list, the desktop entry and the metainfo through
# their validators, and the programs run from the unpacked package (the GUI
# offscreen). lintian's findings are printed, not fatal.
#
# Usage: check_package.sh BUILD_DIR
# Exit status: 0 the package is sound, 1 a check failed.
set -euo pipefail
build=$(cd "${1:?usage: check_package.sh BUILD_DIR}" && pwd)
source_dir=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build/CMakeCache.txt")
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
app_id=$(sed -n 's/^inline constexpr const char\* kAppId = "\(.*\)";$/\1/p' \
  "$build/core/generated/bplab_core/version.h")
arch=$(dpkg --print-architecture)
deb="$build/backpressure-lab_${version}_${arch}.deb"

failures=0
fail() {
  echo "check_package: FAIL: $*"
  failures=$((failures + 1))
}

rm -f "$deb"
(cd "$build" && cpack -G DEB >"$build/cpack.log" 2>&1) || { cat "$build/cpack.log"; fail "cpack -G DEB"; exit 1; }
[ -f "$deb" ] || { fail "cpack made no $(basename "$deb")"; ls "$build"/*.deb; exit 1; }
echo "check_package: built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

# Control fields. Depends: what dpkg-shlibdeps found in the binaries, plus the
# run-time plugins and font it cannot see.
dpkg-deb -I "$deb" >"$build/deb-info.txt"
sed 's/^/  /' "$build/deb-info.txt"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = backpressure-lab ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', not $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture is '$(field Architecture)'"
depends=$(field Depends)
depended=$(tr ',' '\n' <<<"$depends" | sed 's/^ *//; s/ .*//')
for pkg in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 \
  qt6-qpa-plugins fonts-dejavu-core; do
  grep -qxF "$pkg" <<<"$depended" || fail "Depends lacks $pkg: $depends"
done

# The file list.
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$build/deb-files.txt"
expect_files=(
  /usr/bin/bplab
  /usr/bin/bplab-cli
  "/usr/share/applications/$app_id.desktop"
  "/usr/share/metainfo/$app_id.metainfo.xml"
  "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
  /usr/share/man/man1/bplab.1.gz
  /usr/share/man/man1/bplab-cli.1.gz
  /usr/share/doc/backpressure-lab/copyright
  /usr/share/backpressure-lab/node/harness.js
)
for size in 16 32 48 64 128 256 512; do
  expect_files+=("/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png")
done
for example in "$source_dir"/resources/examples/*.json; do
  expect_files+=("/usr/share/backpressure-lab/examples/$(basename "$example")")
done
for lesson in "$source_dir"/resources/lessons/*.json; do
  expect_files+=("/usr/share/backpressure-lab/lessons/$(basename "$lesson")")
done
for file in "${expect_files[@]}"; do
  grep -qxF "$file" "$build/deb-files.txt" || fail "the package lacks $file"
done
echo "check_package: the package holds all ${#expect_files[@]} expected files"

# Unpacked into a scratch root, as an installation would lay it out.
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"

desktop-file-validate "$root/usr/share/applications/$app_id.desktop" ||
  fail "desktop-file-validate"
appstreamcli validate --no-net --explain "$root/usr/share/metainfo/$app_id.metainfo.xml" ||
  fail "appstreamcli validate --no-net"
for page in bplab bplab-cli; do
  out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$root/usr/share/man/man1/$page.1.gz" 2>&1 >/dev/null) ||
    fail "man $page"
  [ -z "$out" ] || fail "man $page warns: $out"
done

zcat "$root/usr/share/man/man1/bplab-cli.1.gz" | grep -qF /usr/share/backpressure-lab/examples ||
  fail "the man page of bplab-cli does not name /usr/share/backpressure-lab/examples"

"$root/usr/bin/bplab-cli" lesson check "$root/usr/share/backpressure-lab/lessons/backpressure-with-pipe.json" >/dev/null ||
  fail "the packaged bplab-cli cannot check the packaged lesson"

cli_version=$("$root/usr/bin/bplab-cli" --version)
[ "$cli_version" = "bplab-cli $version" ] || fail "bplab-cli --version says '$cli_version'"
gui_version=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$root/usr/bin/bplab" --version)
[ "$gui_version" = "bplab $version" ] || fail "bplab --version (no display) says '$gui_version'"
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$root/usr/bin/bplab" --help >"$build/bplab-help.txt" ||
  fail "bplab --help without a display"
grep -q -- '--screenshot' "$build/bplab-help.txt" || fail "bplab --help does not list --screenshot"

example="$root/usr/share/backpressure-lab/examples/fast-producer-slow-consumer.json"
"$root/usr/bin/bplab-cli" run "$example" --trace "$root/cli.jsonl" --quiet ||
  fail "the packaged bplab-cli cannot run the packaged example"
node="$source_dir/tests/conformance/node_modules/node24/bin/node"
if [ -x "$node" ]; then
  "$node" "$root/usr/share/backpressure-lab/node/harness.js" "$example" >"$root/node.jsonl" ||
    fail "the packaged harness cannot run the packaged example"
  cmp -s "$root/cli.jsonl" "$root/node.jsonl" ||
    fail "the packaged harness on Node 24 and the packaged bplab-cli disagree"
  echo "check_package: the packaged harness on Node 24 and bplab-cli agree ($(wc -l <"$root/cli.jsonl") lines)"
fi

QT_QPA_PLATFORM=offscreen HOME="$root/home" "$root/usr/bin/bplab" --example error-with-pipe \
  --run-for 150 --size 1024x768 --screenshot "$root/shot.png" || fail "the packaged bplab --screenshot"
if [ -f "$root/shot.png" ]; then
  size=$(file -b "$root/shot.png" | sed -n 's/.*, \([0-9]*\) x \([0-9]*\),.*/\1x\2/p')
  echo "check_package: the packaged bplab took a ${size} screenshot"
  [ -n "$size" ] || fail "the screenshot is not a PNG"
  cp "$root/shot.png" "$build/packaged-screenshot.png"
fi

# lintian: reported, not fatal.
if command -v lintian >/dev/null 2>&1; then
  lintian --tag-display-limit 0 "$deb" >"$build/lintian.txt" 2>&1 || true
  echo "check_package: lintian: $(grep -c '^E:' "$build/lintian.txt" || true) errors, $(grep -c '^W:' "$build/lintian.txt" || true) warnings (not fatal):"
  sed 's/^/  /' "$build/lintian.txt"
fi

if [ "$failures" -ne 0 ]; then
  echo "check_package: $failures checks failed"
  exit 1
fi
echo "check_package: $(basename "$deb") passed every check"
