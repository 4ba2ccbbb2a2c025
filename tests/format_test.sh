#!/usr/bin/env bash
# The tree is formatted with the committed .clang-format: every C++ file git
# tracks comes out of clang-format unchanged. Fix with
#   git ls-files '*.cc' '*.h' | xargs clang-format -i
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
FORMAT=$(command -v clang-format || command -v clang-format-14 || true)
[ -n "$FORMAT" ] || { echo "no clang-format (Debian package clang-format)"; exit 77; }
mapfile -t files < <(git ls-files '*.cc' '*.h')
if ! out=$("$FORMAT" --dry-run --Werror "${files[@]}" 2>&1); then
  echo "$out" | grep 'error:' | cut -d: -f1 | sort -u | sed 's/^/not formatted: /'
  echo "fix: git ls-files '*.cc' '*.h' | xargs $FORMAT -i"
  exit 1
fi
echo "${#files[@]} files formatted"
