#!/usr/bin/env bash
# Checks that a fresh Debian machine gets every package the build reads from.
#
# Collects every file outside the source and build trees that the configured
# build actually used: the headers in the compiler's dependency records (ninja
# -t deps), the libraries and tools on its command lines (ninja -t commands)
# and the CMake package files of every *_DIR entry in CMakeCache.txt. Maps each
# to the Debian package that owns it (dpkg -S) and fails, naming the package
# and one file it provided, for each package that is neither in .ci/setup's
# list nor pulled in by it (apt-cache depends --recurse, without recommends).
#
# Usage: check_build_deps.sh [--setup FILE] BUILD_DIR
# Exit status: 0 every package is covered, 1 some are not, 2 bad usage.
set -euo pipefail

setup="$(cd "$(dirname "$0")/../.." && pwd)/.ci/setup"
if [ "${1:-}" = "--setup" ]; then
  setup=$2
  shift 2
fi
build=${1:?usage: check_build_deps.sh [--setup FILE] BUILD_DIR}
[ -f "$build/CMakeCache.txt" ] || { echo "check_build_deps: no CMakeCache.txt in $build" >&2; exit 2; }
[ -f "$setup" ] || { echo "check_build_deps: no setup script at $setup" >&2; exit 2; }
build=$(cd "$build" && pwd)
source_dir=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build/CMakeCache.txt")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. What the build read.
{
  # Headers, from the compiler's depfiles as ninja recorded them.
  ninja -C "$build" -t deps | sed -n 's/^    \(\/.*\)$/\1/p'
  # Libraries and tools on the command lines: absolute paths, and -lNAME
  # resolved the way the linker resolves it.
  ninja -C "$build" -t commands | tr ' ' '\n' | sed -n 's/^\(\/[^:;]*\)$/\1/p'
  ninja -C "$build" -t commands | tr ' ' '\n' | sed -n 's/^-l\([A-Za-z0-9_+.-]*\)$/\1/p' |
    sort -u | while read -r lib; do
      for name in "lib$lib.so" "lib$lib.a"; do
        found=$(g++ -print-file-name="$name")
        if [ "$found" != "$name" ]; then echo "$found"; break; fi
      done
    done
  # CMake package files: every *.cmake in the folder of each *_DIR entry.
  sed -n 's/^[A-Za-z0-9_]*_DIR:[A-Z]*=\(\/.*\)$/\1/p' "$build/CMakeCache.txt" | sort -u |
    while read -r dir; do
      [ -d "$dir" ] && find "$dir" -maxdepth 1 -name '*.cmake'
    done
  # The tools CMake chose.
  sed -n 's/^CMAKE_\(CXX_COMPILER\|CXX_COMPILER_LAUNCHER\|MAKE_PROGRAM\|AR\|RANLIB\|LINKER\|COMMAND\):[A-Z]*=\(\/.*\)$/\2/p' \
    "$build/CMakeCache.txt"
  # A launcher named without its folder (ccache), found on PATH as CMake finds it.
  sed -n 's/^CMAKE_CXX_COMPILER_LAUNCHER:[A-Z]*=\([^/][^;]*\)$/\1/p' "$build/CMakeCache.txt" |
    while read -r tool; do command -v "$tool" || true; done
} | grep -v -e "^$build\(/\|\$\)" -e "^$source_dir\(/\|\$\)" -e '^/tmp/' -e '^/dev/' | sort -u |
  while read -r file; do [ -f "$file" ] && echo "$file"; done >"$work/files"

# 2. Which package owns each file. dpkg knows a file by the path its package
# installed it under: ask for the path as the build named it, then, for those
# dpkg does not know, for its resolved form and its /usr-merged twin.
owners() {  # paths on stdin; prints "package<TAB>path" for each it knows
  # dpkg-query fails when any path is unknown; the known ones are still listed.
  { xargs -r dpkg-query -S 2>/dev/null || true; } | { grep -v 'diversion' || true; } |
    awk -F': ' '{ n = split($1, p, ", "); for (i = 1; i <= n; i++) { sub(/:.*/, "", p[i]); print p[i] "\t" $2 } }'
}
owners <"$work/files" >"$work/owned"
cut -f2 "$work/owned" | sort -u | comm -13 - "$work/files" >"$work/unknown"
: >"$work/unowned"
while read -r file; do
  real=$(readlink -f "$file")
  twin=""
  for candidate in "$real" "${real#/usr}" "/usr$real"; do
    if [ "$candidate" != "$file" ] && owner=$(owners <<<"$candidate") && [ -n "$owner" ]; then
      twin=$owner
      break
    fi
  done
  if [ -n "$twin" ]; then
    printf '%s\n' "$twin" | awk -F'\t' -v f="$file" '{ print $1 "\t" f }' >>"$work/owned"
  else
    echo "$file" >>"$work/unowned"
  fi
done <"$work/unknown"
# One file each package provided, to name in a message: its shortest path.
awk -F'\t' '{ print length($2) "\t" $0 }' "$work/owned" | sort -t"$(printf '\t')" -k1,1n |
  cut -f2- >"$work/first-file-per-package"
cut -f1 "$work/owned" | sort -u >"$work/used"

# 3. What setup installs on a fresh machine: its list, everything that pulls
# in without recommends, and the packages every Debian system has.
bash "$setup" --print-packages | tr ' ' '\n' | sed '/^$/d' | sort -u >"$work/listed"
{
  cat "$work/listed"
  xargs apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances <"$work/listed" 2>/dev/null |
    sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \([^<>]*\)$/\2/p; s/^\([^ <][^ ]*\)$/\1/p'
  dpkg-query -W -f='${Package} ${Essential} ${Priority}\n' | awk '$2 == "yes" || $3 == "required" { print $1 }'
} | sed 's/:.*//' | sort -u >"$work/covered"

missing=$(comm -23 "$work/used" "$work/covered")
files=$(wc -l <"$work/files")
packages=$(wc -l <"$work/used")
status=0
if [ -s "$work/unowned" ]; then
  echo "check_build_deps: files the build read that no Debian package owns (a hand install?):"
  sed 's/^/  /' "$work/unowned"
  status=1
fi
if [ -n "$missing" ]; then
  echo "check_build_deps: packages the build needs that $(basename "$setup") does not install:"
  for pkg in $missing; do
    example=$(awk -F'\t' -v p="$pkg" '$1 == p { print $2; exit }' "$work/first-file-per-package")
    echo "  $pkg (for example $example)"
  done
  status=1
fi
if [ "$status" -eq 0 ]; then
  echo "check_build_deps: $files files the build read come from $packages Debian packages, each installed by $(basename "$setup"):"
  tr '\n' ' ' <"$work/used" | fold -s -w 100 | sed 's/^/  /'
  echo
fi
exit "$status"
