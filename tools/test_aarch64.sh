#!/usr/bin/env bash
# Cross-build fastact for aarch64 Linux and run the whole test suite on an
# emulated arm64 CPython (qemu-user), from an x86-64 Debian 12 (bookworm) host.
#
#   tools/test_aarch64.sh [OUTDIR]        (default OUTDIR: build/aarch64, gitignored)
#
# Host packages (apt-get install -y, done here when missing and running as root):
#   gcc-aarch64-linux-gnu   the cross C compiler (GCC 12, glibc 2.36 like the sysroot)
#   qemu-user               qemu-aarch64, user-mode emulation (no binfmt_misc needed)
# plus a host python3 (3.9+) with venv and pip: it runs pip, CMake's table
# generator and Cython in OUTDIR/host-venv; the host's own Python is not changed.
#
# Steps, each cached in OUTDIR so that a rerun only rebuilds and retests:
#   1. sysroot/: Debian bookworm's arm64 python3.11 and the libraries it links,
#      from their .debs (apt with arm64 lists of its own, then dpkg -x; the host's
#      dpkg and apt state are untouched).
#   2. site/: NumPy's manylinux aarch64 wheel and the pure-Python test deps.
#   3. cmake/: the extension cross-built by CMakeLists.txt with
#      tools/aarch64-linux-gnu.cmake; stage/fastact/: src/fastact/*.py + _core.so.
#   4. the test suite (tests/ of this checkout) under qemu-aarch64.
#   5. only with FASTACT_AARCH64_ULP=1: the same CMakeLists.txt built natively for
#      x86-64 (x86-cmake/), and tools/aarch64_ulp.py's table of the largest ULP
#      differences between the aarch64 results and the x86-64 baseline variant's.
# Environment: FASTACT_AARCH64_PYTEST_ARGS adds pytest arguments, split as a shell
# would (quotes group words: -k "sigmoid and not tanh");
# FASTACT_AARCH64_TESTS replaces the tests to run (default: tests, the whole suite).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUTDIR="$(mkdir -p "${1:-$ROOT/build/aarch64}" && cd "${1:-$ROOT/build/aarch64}" && pwd)"
HOST_PYTHON="${PYTHON:-python3}"
JOBS="$(nproc 2>/dev/null || echo 2)"

SYSROOT="$OUTDIR/sysroot"
SITE="$OUTDIR/site"
STAGE="$OUTDIR/stage"
BUILD="$OUTDIR/cmake"
HOST_VENV="$OUTDIR/host-venv"

step() { printf '\n=== [%ds] %s\n' "$SECONDS" "$*"; }
run() { printf '+ %s\n' "$*"; "$@"; }
# stage_package DIR MODULE NAME: DIR/fastact = src/fastact's Python files + MODULE as NAME
stage_package() {
  rm -rf "$1"
  mkdir -p "$1"
  cp -R "$ROOT/src/fastact" "$1/fastact"
  rm -rf "$1/fastact/__pycache__"
  find "$1/fastact" -name '_core*.so' -delete
  run cp "$2" "$1/fastact/$3"
}

# Debian bookworm arm64 packages for a working python3.11 (the interpreter, its
# standard library and the shared libraries of its C modules: ssl, ctypes,
# sqlite3, lzma, bz2, readline, dbm, ...), from
#   apt-cache depends --recurse --no-recommends --no-suggests python3.11 libstdc++6
# less what only packaging scripts use (perl, dpkg, tar, mime-support, readline-common,
# media-types, *-common data). libpython3.11-dev brings the headers (the arm64
# pyconfig.h); libstdc++6 is for NumPy's C++ modules.
ARM64_DEBS=(
  python3.11-minimal libpython3.11-minimal libpython3.11-stdlib libpython3.11-dev
  libc6 libgcc-s1 libstdc++6 zlib1g libexpat1 libffi8 libssl3 libcrypt1 libbz2-1.0
  liblzma5 libsqlite3-0 libuuid1 libncursesw6 libtinfo6 libreadline8 libdb5.3 libgdbm6
  libgdbm-compat4 libnsl2 libtirpc3 libgssapi-krb5-2 libkrb5-3 libk5crypto3
  libkrb5support0 libcom-err2 libkeyutils1
)
PY_VERSION=3.11
PY_SOABI=cpython-311-aarch64-linux-gnu
# NumPy for aarch64 from PyPI's manylinux wheel rather than Debian's python3-numpy:
# the wheel vendors OpenBLAS and libgfortran (Debian's finds its BLAS through an
# update-alternatives link that dpkg -x never makes), ships the NumPy 2 headers
# the build needs (pyproject.toml: numpy>=2.0 at build time; bookworm has 1.24),
# and is the NumPy that aarch64 users of the wheels get.
ARM64_WHEELS=("numpy>=2.0" "pytest>=7" "pytest-benchmark>=4" "mpmath>=1.3")
WHEEL_PLATFORMS=(--platform manylinux_2_28_aarch64 --platform manylinux2014_aarch64)
# the build tools' requirements, as in pyproject.toml's [build-system]
HOST_TOOLS=("cmake>=3.21" ninja "cython>=3.0" "cython-cmake>=0.2")

# --- 0. host tools ------------------------------------------------------------------
step "0. host tools: aarch64-linux-gnu-gcc, qemu-aarch64, a host venv with CMake and Cython"
for tool in dpkg-deb apt-get; do
  command -v "$tool" >/dev/null || { echo "needs $tool (a Debian or Ubuntu host)" >&2; exit 1; }
done
missing=()
command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu)
command -v qemu-aarch64 >/dev/null || missing+=(qemu-user)
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing: ${missing[*]} (run as root, or apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  run apt-get -q update
  run apt-get install -y --no-install-recommends "${missing[@]}"
fi
aarch64-linux-gnu-gcc --version | head -1
qemu-aarch64 --version | head -1

if [[ ! -x "$HOST_VENV/bin/python" ]]; then
  run "$HOST_PYTHON" -m venv "$HOST_VENV"
fi
HPY="$HOST_VENV/bin/python"
if [[ "$(cat "$HOST_VENV/.tools" 2>/dev/null)" != "${HOST_TOOLS[*]}" ]]; then
  run "$HPY" -m pip install --quiet "${HOST_TOOLS[@]}"
  echo "${HOST_TOOLS[*]}" >"$HOST_VENV/.tools"
fi

# --- 1. arm64 sysroot -----------------------------------------------------------------
step "1. arm64 sysroot: Debian bookworm python$PY_VERSION in $SYSROOT"
if [[ "$(cat "$SYSROOT/.debs" 2>/dev/null)" != "${ARM64_DEBS[*]}" ]]; then
  APT_DIR="$OUTDIR/apt"
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$OUTDIR/debs"
  # apt with its own sources, lists, cache and an empty dpkg status, for arm64
  # only: the host's /etc/apt and /var/lib/{apt,dpkg} are neither read nor written.
  cat >"$APT_DIR/sources.list" <<'EOF'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
  : >"$APT_DIR/status"
  APT_OPTS=(-o APT::Architecture=arm64 -o APT::Architectures=arm64
            -o Dir::Etc::SourceList="$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/nonexistent
            -o Dir::State::Lists="$APT_DIR/lists" -o Dir::Cache="$APT_DIR/cache"
            -o Dir::State::status="$APT_DIR/status" -o Debug::NoLocking=1
            -o APT::Sandbox::User="$(id -un)")
  run apt-get "${APT_OPTS[@]}" -q update
  (cd "$OUTDIR/debs" && run apt-get "${APT_OPTS[@]}" -q download "${ARM64_DEBS[@]}")
  rm -rf "$SYSROOT"
  mkdir -p "$SYSROOT"
  for package in "${ARM64_DEBS[@]}"; do
    # newest downloaded version of each package (a rerun after an update keeps both)
    deb="$(ls -t "$OUTDIR/debs/${package}_"*_arm64.deb | head -1)"
    echo "  dpkg -x $(basename "$deb")"
    dpkg-deb -x "$deb" "$SYSROOT"
  done
  echo "${ARM64_DEBS[*]}" >"$SYSROOT/.debs"
fi
# qemu-user runs the guest's exec() of sys.executable on the host kernel, which
# cannot run an arm64 ELF without binfmt_misc. The tests that start a Python
# subprocess get this script as sys.executable instead (qemu's -0 sets argv[0],
# from which Python derives sys.executable): the host runs it, it starts qemu.
# It sits in the sysroot's bin so that Python finds its prefix from it.
PY_EMU="$SYSROOT/usr/bin/python$PY_VERSION-qemu"
cat >"$PY_EMU" <<EOF
#!/bin/sh
exec qemu-aarch64 -L "$SYSROOT" -0 "$PY_EMU" "$SYSROOT/usr/bin/python$PY_VERSION" "\$@"
EOF
chmod +x "$PY_EMU"
run "$PY_EMU" -c "import sys, platform, ssl, ctypes, sqlite3, lzma, bz2, zlib, decimal; print(sys.version.split()[0], platform.machine(), sys.executable)"

# --- 2. NumPy and the test deps for the emulated interpreter -----------------------------
step "2. NumPy (aarch64 wheel) and pytest, pytest-benchmark, mpmath in $SITE"
if [[ "$(cat "$SITE/.wheels" 2>/dev/null)" != "${ARM64_WHEELS[*]}" ]]; then
  PIP_TARGET_OPTS=(--only-binary=:all: "${WHEEL_PLATFORMS[@]}" --python-version "$PY_VERSION"
                   --implementation cp --abi cp311)
  run "$HPY" -m pip download --quiet --dest "$OUTDIR/wheels" "${PIP_TARGET_OPTS[@]}" "${ARM64_WHEELS[@]}"
  rm -rf "$SITE"
  run "$HPY" -m pip install --quiet --no-index --find-links "$OUTDIR/wheels" --target "$SITE" \
      "${PIP_TARGET_OPTS[@]}" "${ARM64_WHEELS[@]}"
  echo "${ARM64_WHEELS[*]}" >"$SITE/.wheels"
fi
NUMPY_INCLUDE="$SITE/numpy/_core/include"
[[ -d "$NUMPY_INCLUDE" ]] || { echo "no NumPy headers at $NUMPY_INCLUDE" >&2; exit 1; }
NUMPY_VERSION="$(cd "$SITE" && ls -d numpy-*.dist-info | sed 's/^numpy-\(.*\)\.dist-info$/\1/')"
# Cython's "cimport numpy" reads numpy/__init__.pxd from the host interpreter's
# path: the host venv gets the same NumPy version (its .pxd are the same on every
# platform; the C headers come from the aarch64 wheel, above)
if [[ "$("$HPY" -c 'import numpy; print(numpy.__version__)' 2>/dev/null)" != "$NUMPY_VERSION" ]]; then
  run "$HPY" -m pip install --quiet "numpy==$NUMPY_VERSION"
fi

# --- 3. cross-build --------------------------------------------------------------------
step "3. cross-build the extension with CMakeLists.txt and tools/aarch64-linux-gnu.cmake"
CYTHON_CMAKE_MODULES="$("$HPY" -c 'import cython_cmake, pathlib; print(pathlib.Path(cython_cmake.__file__).parent / "cmake")')"
# Debian's python3.11/pyconfig.h includes <aarch64-linux-gnu/python3.11/pyconfig.h>:
# the sysroot's usr/include goes last on the search path for it (it holds nothing
# but the Python headers: no -dev package of a library is unpacked there).
run "$HOST_VENV/bin/cmake" -S "$ROOT" -B "$BUILD" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$ROOT/tools/aarch64-linux-gnu.cmake" \
    -DCMAKE_MAKE_PROGRAM="$HOST_VENV/bin/ninja" \
    -DCMAKE_MODULE_PATH="$CYTHON_CMAKE_MODULES" \
    -DCMAKE_PROGRAM_PATH="$HOST_VENV/bin" \
    -DCMAKE_C_STANDARD_INCLUDE_DIRECTORIES="$SYSROOT/usr/include" \
    -DPython_EXECUTABLE="$HPY" \
    -DPython_INCLUDE_DIR="$SYSROOT/usr/include/python$PY_VERSION" \
    -DPython_NumPy_INCLUDE_DIR="$NUMPY_INCLUDE"
run "$HOST_VENV/bin/cmake" --build "$BUILD" --target _core -j "$JOBS"
# FindPython leaves Python_SOABI empty when cross-compiling (it would have to run
# the target's interpreter), so the module is built as _core.so: staged under
# the name the arm64 interpreter looks for first.
stage_package "$STAGE" "$BUILD/_core.so" "_core.$PY_SOABI.so"

# --- 4. the test suite under qemu-aarch64 -----------------------------------------------
step "4. the test suite under qemu-aarch64"
# The emulated interpreter's environment, given to it alone (the host venv must
# not see the arm64 site): the staged fastact first; bytecode into OUTDIR, not
# next to the checkout's sources; CC=false, no C compiler for it, since
# benchmarks/reference64.py would otherwise run the host's cc, whose x86-64
# library it cannot load (it falls back to mpmath, as on an aarch64 machine,
# which has no __float128).
EMU=(env PYTHONPATH="$STAGE:$SITE" PYTHONNOUSERSITE=1 PYTHONPYCACHEPREFIX="$OUTDIR/pycache"
     CC=false "$PY_EMU")
cd "$ROOT"
run "${EMU[@]}" -c "import fastact, numpy; print('fastact from', fastact.__file__); print('numpy', numpy.__version__, 'from', numpy.__file__); fastact.show_config()"
# the extra arguments split by shlex (quotes kept together, nothing evaluated)
mapfile -t PYTEST_EXTRA < <("$HOST_PYTHON" -c 'import os, shlex
for word in shlex.split(os.environ.get("FASTACT_AARCH64_PYTEST_ARGS", "")): print(word)')
# shellcheck disable=SC2086
run "${EMU[@]}" -m pytest ${FASTACT_AARCH64_TESTS:-tests} -q -p no:cacheprovider --durations=20 \
  "${PYTEST_EXTRA[@]}"

# --- 5. optional: aarch64 against the x86-64 baseline variant, in ULP ----------------------
if [[ "${FASTACT_AARCH64_ULP:-0}" == 1 ]]; then
  step "5. ULP differences: aarch64 against the x86-64 baseline variant"
  X86_BUILD="$OUTDIR/x86-cmake"
  X86_STAGE="$OUTDIR/x86-stage"
  run "$HOST_VENV/bin/cmake" -S "$ROOT" -B "$X86_BUILD" -G Ninja \
      -DCMAKE_MAKE_PROGRAM="$HOST_VENV/bin/ninja" \
      -DCMAKE_MODULE_PATH="$CYTHON_CMAKE_MODULES" \
      -DCMAKE_PROGRAM_PATH="$HOST_VENV/bin" \
      -DPython_EXECUTABLE="$HPY"
  run "$HOST_VENV/bin/cmake" --build "$X86_BUILD" --target _core -j "$JOBS"
  X86_MODULE="$(ls "$X86_BUILD"/_core.*.so)"
  stage_package "$X86_STAGE" "$X86_MODULE" "$(basename "$X86_MODULE")"
  run "${EMU[@]}" tools/aarch64_ulp.py write "$OUTDIR/ulp"
  run env PYTHONPATH="$X86_STAGE" FASTACT_ISA=baseline "$HPY" tools/aarch64_ulp.py compare "$OUTDIR/ulp"
fi
step "done"
