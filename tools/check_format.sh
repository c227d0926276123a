#!/usr/bin/env bash
# Check (or, with --fix, apply) the C style of .clang-format on the C sources:
# csrc/**/*.{c,h,inc} and tools/*.c, as git lists them.
#
#   bash tools/check_format.sh [--fix] [FILE...]     (default: every C source)
#
# clang-format comes from PyPI, pinned (the output changes between releases):
# CLANG_FORMAT names a binary to use instead; otherwise the pinned wheel is
# installed into build/format-venv (gitignored) on first use. Exit status 1,
# with the files and a count of the lines that would change, when any file is
# not formatted.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=23.1.5 # clang-format on PyPI
cd "$ROOT"

fix=0
if [[ ${1:-} == --fix ]]; then
  fix=1
  shift
fi
if (($#)); then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'csrc/*.c' 'csrc/*.h' 'csrc/*.inc' 'tools/*.c')
fi

if [[ -n ${CLANG_FORMAT:-} ]]; then
  clang_format=$CLANG_FORMAT
else
  venv="$ROOT/build/format-venv"
  clang_format="$venv/bin/clang-format"
  if [[ ! -x $clang_format ]] || [[ "$("$clang_format" --version)" != *" $VERSION"* ]]; then
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet "clang-format==$VERSION"
  fi
fi
"$clang_format" --version

if ((fix)); then
  "$clang_format" -i --style=file "${files[@]}"
  exit 0
fi
bad=0
lines=0
for file in "${files[@]}"; do
  changed=$("$clang_format" --style=file "$file" | diff "$file" - | grep -c '^<' || true)
  if ((changed)); then
    echo "  $file: $changed lines"
    bad=$((bad + 1))
    lines=$((lines + changed))
  fi
done
if ((bad)); then
  echo "check_format: $bad of ${#files[@]} files not formatted ($lines lines); run: bash tools/check_format.sh --fix" >&2
  exit 1
fi
echo "check_format: ${#files[@]} files formatted"
