#!/usr/bin/env bash
# Install a built wheel into a fresh virtual environment and run the whole test
# suite against the installed package, from outside the source tree (as
# cibuildwheel's test-command does):
#
#     bash tools/test_wheel.sh WHEEL [pytest arguments...]
set -euo pipefail

if [ $# -lt 1 ]; then
    echo "usage: bash tools/test_wheel.sh WHEEL [pytest arguments...]" >&2
    exit 2
fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
wheel="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
python="${PYTHON:-python3}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== fresh venv, $(basename "$wheel") with the test extra"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet "${wheel}[test]"

mkdir "$work/run"
cd "$work/run"
# the package must come from the venv, never from src/
"$work/venv/bin/python" - "$work/venv" <<'PY'
import sys, fastact
assert fastact.__file__.startswith(sys.argv[1]), fastact.__file__
print("fastact from", fastact.__file__)
fastact.show_config()
PY
echo "== pytest $repo/tests (--import-mode=importlib, from $PWD)"
"$work/venv/bin/python" -m pytest "$repo/tests" --import-mode=importlib -p no:cacheprovider -q "$@"
