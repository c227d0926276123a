/* The instruction-set variants, one row each: the one list that the enum
 * fa_isa and the names (fastact.h, dispatch.c), the CPU checks and the fill of
 * the kernel table (dispatch.c), CMake's variants (CMakeLists.txt reads these
 * rows), tools/check_windows_build.sh and the Cython layer (FA_N_ISAS) follow.
 *
 *   X(name, NAME, arch, cpu check)
 *     name       the variant's name (fastact.isas(), FASTACT_ISA) and suffix of
 *                its symbols (fa_fill_table_<name>); its op header, if any, is
 *                csrc/simd/<name>.h (CMake passes it as FA_SIMD_HEADER)
 *     NAME       the enum's FA_ISA_<NAME> and CMake's FASTACT_<NAME>_FLAGS
 *     arch       the target it is built for: ANY, X86_64 or AARCH64
 *                (FA_ARCH_<arch> below; CMake's FASTACT_ARCH_<arch>)
 *     cpu check  a C expression, true where this CPU and OS run the variant
 *                (dispatch.c compiles it only where the variant is built)
 *
 * Rows are in order of preference, the baseline first (fastact picks the last
 * row the CPU runs). A row must stay on one line: CMake reads it with a regex. */
#ifndef FASTACT_ISA_LIST_H
#define FASTACT_ISA_LIST_H

/* clang-format off */
#define FA_FOR_EACH_ISA(X)                                                  \
    X(baseline, BASELINE, ANY,    1)                                        \
    X(avx2,     AVX2,     X86_64, fa_x86_runs(FA_X86_AVX2))                 \
    X(avx512,   AVX512,   X86_64, fa_x86_runs(FA_X86_AVX512))
/* clang-format on */

/* The arch column as 0 / 1 in this translation unit (a macOS universal2 build
 * compiles dispatch.c for arm64 too, where no x86 variant exists). */
#define FA_ARCH_ANY 1
#if defined(__x86_64__) || ((defined(_M_X64) || defined(_M_AMD64)) && !defined(_M_ARM64EC))
#define FA_ARCH_X86_64 1
#else
#define FA_ARCH_X86_64 0
#endif
#if defined(__aarch64__) || defined(_M_ARM64)
#define FA_ARCH_AARCH64 1
#else
#define FA_ARCH_AARCH64 0
#endif

#endif
