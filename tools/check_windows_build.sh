#!/usr/bin/env bash
# Build csrc/ for Windows x86-64 the way CMakeLists.txt builds it with GCC or
# Clang (each kernel variant with its flags, -Werror on the warnings CMake asks
# for), link tools/windows_smoke.c into an .exe, and run that .exe under wine
# when wine is installed. The C code's Windows paths (the Win32 thread layer,
# LLP64 longs) are thereby compiled and linked on every CI run; MSVC's own
# spellings are left to a Windows CI job.
#
# Needs python3 and one of
#   x86_64-w64-mingw32-gcc   apt: gcc-mingw-w64-x86-64 (taken first when present)
#   zig                      PyPI: ziglang (python3 -m ziglang cc; its first
#                            link builds the mingw C runtime, about 2 minutes)
# and optionally wine64 (apt: wine64) to run the smoke test.
# Environment: PYTHON (default python3); FASTACT_WINDOWS_CC to name a compiler.
# Exit status: 0 when everything built (and, with wine, the smoke test passed).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- compiler -----------------------------------------------------------------
if [[ -n ${FASTACT_WINDOWS_CC:-} ]]; then
    read -r -a cc <<<"$FASTACT_WINDOWS_CC"
elif command -v x86_64-w64-mingw32-gcc >/dev/null; then
    cc=(x86_64-w64-mingw32-gcc)
elif "$python" -m ziglang version >/dev/null 2>&1; then
    cc=("$python" -m ziglang cc -target x86_64-windows-gnu)
else
    echo "check_windows_build: no Windows C compiler: install gcc-mingw-w64-x86-64 (apt)" \
         "or ziglang (pip)" >&2
    exit 1
fi
echo "check_windows_build: compiler: ${cc[*]} ($("${cc[@]}" --version | head -n 1))"

# --- flags, read from CMakeLists.txt's GCC/Clang branch -------------------------
# FASTACT_C_FLAGS and FASTACT_<NAME>_FLAGS of each variant: the set() whose
# arguments are GNU-style (-O3 ..., not MSVC's /O2 ...).
read_flags() {
    "$python" - "$root/CMakeLists.txt" "$1" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
sets = re.findall(r"set\(%s\s+([^)]*)\)" % re.escape(sys.argv[2]), text)
gnu = [args.split() for args in sets if args.split() and args.split()[0].startswith("-")]
if len(gnu) != 1:
    sys.exit("check_windows_build: no single GCC/Clang set(%s ...) in CMakeLists.txt" % sys.argv[2])
print(" ".join(gnu[0]))
EOF
}
read -r -a c_flags <<<"$(read_flags FASTACT_C_FLAGS)"
read -r -a kernel_flags <<<"$(read_flags FASTACT_KERNEL_FLAGS)"
# the variants: the rows "X(name, NAME, arch, ...)" of csrc/isa_list.h, as
# CMakeLists.txt reads them (all of them are x86-64 or ANY today)
read -r -a isa_rows <<<"$(sed -nE 's/^[[:space:]]*X\(([a-z0-9_]+), *([A-Z0-9_]+), *([A-Z0-9_]+),.*/\1:\2:\3/p' \
    "$root/csrc/isa_list.h" | tr '\n' ' ')"
# C_STANDARD 99 with C_EXTENSIONS OFF, and the warnings as errors
common=(-std=c99 "${c_flags[@]}" -Werror -I"$root/csrc" -I"$work/generated")

# --- the generated table headers and SIMD kernel lists, as CMake makes them -----
"$python" "$root/tools/gen_table_header.py" "$root/src/fastact/_table.py" "$work/generated"

compile() { # output source flags...
    local out=$1 src=$2
    shift 2
    echo "  cc ${src#"$root"/} $*"
    "${cc[@]}" "${common[@]}" "$@" -c "$src" -o "$work/$out"
}

# --- the kernel variants (fastact_kernel_variant), the dispatch library --------
have_isas=()
for row in "${isa_rows[@]}"; do
    IFS=: read -r isa upper arch <<<"$row"
    case $arch in
    ANY | X86_64) ;;
    *) have_isas+=("-DFA_HAVE_ISA_$isa=0"); continue ;;
    esac
    flags=()
    if [[ $isa != baseline ]]; then
        read -r -a flags <<<"$(read_flags "FASTACT_${upper}_FLAGS")"
        flags+=(-DFA_TARGET_FMA=1)
    fi
    flags+=(${kernel_flags[@]+"${kernel_flags[@]}"})
    if [[ -f $root/csrc/simd/$isa.h ]]; then
        flags+=("-DFA_SIMD_HEADER=\"simd/$isa.h\"")
    elif [[ $isa == baseline ]]; then # CMake's default FASTACT_BASELINE_SSE2=ON
        flags+=("-DFA_SIMD_HEADER=\"simd/sse2.h\"")
    fi
    for unit in elementwise axis dropout; do
        compile "${unit}_$isa.o" "$root/csrc/kernels/$unit.c" ${flags[@]+"${flags[@]}"} \
            -DFA_ISA_SUFFIX=_$isa
    done
    have_isas+=("-DFA_HAVE_ISA_$isa=1")
done
# no FA_HAVE_PTHREADS: on Windows the pool takes Win32 threads (threads_platform.h)
for unit in dispatch threads sweep; do
    compile "$unit.o" "$root/csrc/$unit.c" "${have_isas[@]}" -DFA_BASELINE_SSE2=1
done
compile scalar_selftest.o "$root/csrc/simd/scalar_selftest.c" "${have_isas[@]}"
compile sse2_selftest.o "$root/csrc/simd/sse2_selftest.c" "${have_isas[@]}"
compile windows_smoke.o "$root/tools/windows_smoke.c"

echo "  link windows_smoke.exe"
"${cc[@]}" "$work"/*.o -o "$work/windows_smoke.exe"

# --- run it where wine can ------------------------------------------------------
wine=
for candidate in wine64 wine /usr/lib/wine/wine64; do
    if command -v "$candidate" >/dev/null; then wine=$candidate; break; fi
done
if [[ -z $wine ]]; then
    echo "check_windows_build: compiled and linked; wine not found, smoke test not run"
    exit 0
fi
echo "check_windows_build: running windows_smoke.exe under $wine"
if ! WINEPREFIX="$work/wineprefix" WINEDEBUG=-all "$wine" "$work/windows_smoke.exe" \
    2>"$work/wine.log"; then
    cat "$work/wine.log" >&2
    echo "check_windows_build: windows_smoke.exe FAILED" >&2
    exit 1
fi
echo "check_windows_build: passed"
