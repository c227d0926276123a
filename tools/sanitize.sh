#!/usr/bin/env bash
# Build the extension with AddressSanitizer and UndefinedBehaviorSanitizer and
# run the test suite (less two files, below) under them, once per ISA this
# machine has; any report fails the script.
#
#   bash tools/sanitize.sh [OUTDIR]       (default OUTDIR: build/sanitize, gitignored)
#
# Needs GCC (CC, default gcc) with its sanitizer runtimes (Debian: gcc brings
# libasan8 and libubsan1), python3 (3.9+) with venv and pip. Steps, cached in OUTDIR so
# that a rerun only rebuilds and retests:
#   1. venv/: a virtual environment of its own with the build requirements of
#      pyproject.toml (--no-build-isolation, so that the build directory is
#      kept), CMake, Ninja and the test requirements.
#   2. build/: CMakeLists.txt through scikit-build-core with
#        -fsanitize=address,undefined -fno-omit-frame-pointer
#        -fno-sanitize-recover=undefined -g
#      on every C file (CMAKE_C_FLAGS come before the project's own flags: the
#      kernels keep -O3 and their ISA flags) and on the link of _core; fastact
#      installed into venv/.
#   3. for each ISA: the tests below with FASTACT_ISA and FASTACT_TEST_ISAS set
#      to it (tests/helpers.py: the isa fixture then runs that ISA alone), the
#      ASan runtime preloaded into the (uninstrumented) Python process.
#      ASAN_OPTIONS=detect_leaks=0: CPython and NumPy keep their allocations to
#      the end by design, so LeakSanitizer would report them on every run (a
#      leak of fastact's is not looked for here).
#      UBSan stops at the first report (-fno-sanitize-recover), ASan always does;
#      the reports are printed from OUTDIR/reports, symbolized (install.strip
#      off, -g) where addr2line or llvm-symbolizer is on PATH.
#
# The tests (FASTACT_SANITIZE_TESTS overrides): the whole suite but two files.
# test_torch: PyTorch's kernels against fastact's, which the other files cover
# (and PyTorch under a preloaded ASan is a risk of its own). test_reference64:
# the float64 sweep's oracle, a C file compiled by cc in a subprocess.
# (test_simd_ops runs: the GCC fault it met under detect_stack_use_after_return
# is avoided in csrc/simd/op_selftest.h, FA_OPT_ARRAY.)
# FASTACT_SANITIZE_PYTEST_ARGS adds pytest arguments, split as a shell would (quotes
# group words: -k "sigmoid and not tanh").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUTDIR="$(mkdir -p "${1:-$ROOT/build/sanitize}" && cd "${1:-$ROOT/build/sanitize}" && pwd)"
HOST_PYTHON="${PYTHON:-python3}"
CC="${CC:-gcc}"
VENV="$OUTDIR/venv"
PY="$VENV/bin/python"

SANITIZE=(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -g)
# pyproject.toml's [build-system] requires, and the test extra
TOOLS=("scikit-build-core>=0.11" "cython>=3.0" "cython-cmake>=0.2" "numpy>=2.0" "cmake>=3.21" ninja
       "pytest>=7" "pytest-benchmark>=4" "mpmath>=1.3" "threadpoolctl>=3.2" "hypothesis>=6.70")
if [[ -n ${FASTACT_SANITIZE_TESTS:-} ]]; then
  read -r -a TESTS <<<"$FASTACT_SANITIZE_TESTS"
else
  TESTS=()
  for file in "$ROOT"/tests/test_*.py; do
    case "$(basename "$file")" in
    test_torch.py | test_reference64.py) ;;
    *) TESTS+=("tests/$(basename "$file")") ;;
    esac
  done
fi

step() { printf '\n=== [%ds] %s\n' "$SECONDS" "$*"; }
run() { printf '+ %s\n' "$*"; "$@"; }

# --- 1. the environment ---------------------------------------------------------------
step "1. venv with the build and test requirements in $VENV"
if [[ ! -x "$PY" ]]; then
  run "$HOST_PYTHON" -m venv "$VENV"
fi
if [[ "$(cat "$VENV/.tools" 2>/dev/null)" != "${TOOLS[*]}" ]]; then
  run "$PY" -m pip install --quiet --upgrade pip
  run "$PY" -m pip install --quiet "${TOOLS[@]}"
  echo "${TOOLS[*]}" >"$VENV/.tools"
fi

# the runtime the Python process must load first (it is not instrumented)
ASAN_RUNTIME="$("$CC" -print-file-name=libasan.so)"
if [[ ! -e "$ASAN_RUNTIME" ]]; then
  echo "sanitize: $CC has no libasan.so (Debian: apt-get install libasan8)" >&2
  exit 1
fi
"$CC" --version | head -1
echo "ASan runtime: $ASAN_RUNTIME"

# --- 2. the sanitized build -------------------------------------------------------------
step "2. build with ${SANITIZE[*]}"
export CC
run "$PY" -m pip install --quiet --no-build-isolation --force-reinstall --no-deps \
    -Cbuild-dir="$OUTDIR/build" \
    -Ccmake.build-type=Release -Cinstall.strip=false \
    -Ccmake.define.CMAKE_C_FLAGS="${SANITIZE[*]}" \
    -Ccmake.define.CMAKE_MODULE_LINKER_FLAGS="${SANITIZE[*]}" \
    -Ccmake.define.CMAKE_SHARED_LINKER_FLAGS="${SANITIZE[*]}" \
    "$ROOT"
# the module must carry the sanitizers: nm shows their entry points
MODULE="$(ls "$VENV"/lib/python3*/site-packages/fastact/_core*.so)"
SYMBOLS="$(nm -D "$MODULE")"  # (not piped into grep -q: pipefail and SIGPIPE)
if ! grep -q '__asan_report' <<<"$SYMBOLS" || ! grep -q '__ubsan_handle' <<<"$SYMBOLS"; then
  echo "sanitize: $MODULE is not instrumented" >&2
  exit 1
fi

# --- 3. the tests, once per ISA ---------------------------------------------------------------
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
SAN_ENV=(env LD_PRELOAD="$ASAN_RUNTIME" PYTHONDONTWRITEBYTECODE=1)
ISAS="$(cd /tmp && "${SAN_ENV[@]}" "$PY" -c 'from fastact import _core; print(" ".join(_core.isas_supported()))')"
step "3. tests under ASan + UBSan on every ISA: $ISAS"
cd "$ROOT"
LOG="$OUTDIR/reports"
rm -rf "$LOG"
mkdir -p "$LOG"
# the extra arguments split by shlex (quotes kept together, nothing evaluated)
mapfile -t PYTEST_EXTRA < <("$PY" -c 'import os, shlex
for word in shlex.split(os.environ.get("FASTACT_SANITIZE_PYTEST_ARGS", "")): print(word)')
status=0
for isa in $ISAS; do
  step "ISA $isa"
  # sanitizer reports go to files (pytest's capture would hide a report from a
  # worker thread); the process aborts at the first one
  if ! run "${SAN_ENV[@]}" FASTACT_ISA="$isa" FASTACT_TEST_ISAS="$isa" \
      ASAN_OPTIONS="$ASAN_OPTIONS:log_path=$LOG/asan.$isa" \
      UBSAN_OPTIONS="$UBSAN_OPTIONS:log_path=$LOG/ubsan.$isa" \
      "$PY" -m pytest -q -p no:cacheprovider "${TESTS[@]}" "${PYTEST_EXTRA[@]}"; then
    echo "sanitize: the tests failed on $isa" >&2
    status=1
    break
  fi
done
if compgen -G "$LOG/*" >/dev/null; then
  cat "$LOG"/* >&2
  echo "sanitize: the sanitizers reported the above (also in $LOG)" >&2
  status=1
fi
if ((status)); then
  exit 1
fi
step "done: no sanitizer report on $ISAS"
