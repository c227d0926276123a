#!/usr/bin/env bash
# What a release ships, checked here without docker or GitHub:
#
#     bash tools/check_distribution.sh OUTDIR
#
#  1. pyproject.toml against the schemas of its tables (project metadata,
#     scikit-build, cibuildwheel) and the release workflow against GitHub's;
#  2. a configure with no C compiler on PATH stops with what to install, and
#     cibuildwheel lists its build identifiers for Linux, macOS and Windows;
#  3. the sdist, then a manylinux2014 wheel built from it (tools/build_wheel.sh),
#     both checked for their contents (tools/check_dist.py);
#  4. the whole test suite against that wheel installed in a fresh venv
#     (tools/test_wheel.sh).
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: bash tools/check_distribution.sh OUTDIR" >&2
    exit 2
fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$1"
outdir="$(cd "$1" && pwd)"
python="${PYTHON:-python3}"
cd "$repo"

echo "== checkers: build, cibuildwheel, validate-pyproject (+ schema store), check-jsonschema, cmake, ninja"
"$python" -m pip install --quiet build cibuildwheel "validate-pyproject[all]" \
    validate-pyproject-schema-store check-jsonschema cmake ninja

echo "== schemas"
"$python" -m validate_pyproject pyproject.toml
"$python" -m check_jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

echo "== a build with no C compiler says what to install"
scripts="$("$python" -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
nocc="$(mktemp -d)"
# PATH holds the environment's scripts alone (cmake, ninja, python: no cc)
if env -u CC PATH="$scripts" cmake -S . -B "$nocc" -G Ninja >"$nocc.log" 2>&1; then
    echo "configuring without a C compiler succeeded?" >&2; exit 1
fi
grep -q "no C compiler was found" "$nocc.log" && grep -q "build-essential" "$nocc.log" \
    || { cat "$nocc.log" >&2; echo "no-compiler message missing" >&2; exit 1; }
grep -A3 "no C compiler was found" "$nocc.log"
rm -rf "$nocc" "$nocc.log"

echo "== cibuildwheel --print-build-identifiers"
for platform in linux macos windows; do
    identifiers="$("$python" -m cibuildwheel --print-build-identifiers --platform "$platform")"
    echo "$platform: $(echo $identifiers)"
    [ -n "$identifiers" ] || { echo "no build identifiers for $platform" >&2; exit 1; }
done

echo "== sdist"
rm -f "$outdir"/fastact-*.tar.gz "$outdir"/fastact-*.whl
"$python" -m build --sdist --outdir "$outdir" .
sdist="$(ls "$outdir"/fastact-*.tar.gz)"

echo "== wheel from the sdist"
bash tools/build_wheel.sh "$outdir" "$sdist"
wheel="$(ls "$outdir"/fastact-*manylinux*.whl)"
"$python" tools/check_dist.py "$wheel" "$sdist"

echo "== the test suite against the installed wheel"
bash tools/test_wheel.sh "$wheel"
