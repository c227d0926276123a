/* The few spellings GCC/Clang and MSVC disagree on, in one place. Every C file
 * reaches this header through fastact.h or vecmath/common.h; nothing else in
 * csrc/ may use a compiler extension outside a guard. */
#ifndef FASTACT_PORTABLE_H
#define FASTACT_PORTABLE_H

/* MSVC itself. clang-cl also defines _MSC_VER but understands the GNU
 * spellings (and <cpuid.h>), so it takes the GCC/Clang side everywhere. */
#if defined(_MSC_VER) && !defined(__clang__)
#define FA_MSVC 1
#else
#define FA_MSVC 0
#endif

/* C99 restrict: MSVC's C compiler before /std:c11, and C++, know only the
 * __restrict extension. */
#if FA_MSVC || defined(__cplusplus)
#define FA_RESTRICT __restrict
#else
#define FA_RESTRICT restrict
#endif

/* The vector math is many small functions; the loops vectorise only when they
 * are inlined into them. */
#if FA_MSVC
#define FA_INLINE static __forceinline
#elif defined(__GNUC__) || defined(__clang__)
#define FA_INLINE static inline __attribute__((always_inline))
#else
#define FA_INLINE static inline
#endif
/* A symbol the extension exports past -fvisibility=hidden, for ctypes
 * (threadpoolctl's controller: threads.c). */
#if FA_MSVC || defined(_WIN32)
#define FA_EXPORT __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define FA_EXPORT __attribute__((visibility("default")))
#else
#define FA_EXPORT
#endif
/* A rare path kept out of the loop that calls it (registers, code size).
 * Clang: also cold. A call in a loop clobbers every vector register (SysV),
 * and Clang 14 / 22 kept the loop's constants in stack slots on the hot path
 * too (AVX2 float32 silu: 13 stack operands in its 33-instruction loop); cold,
 * the call's block reloads them and the hot path keeps them in registers
 * (4 stack operands; GCC already does that). AVX2 float32 silu forward,
 * n = 65536, AMD EPYC Zen 4, one thread (BENCHMARKS.md 2026-12-08 session
 * 14, h14-clang): Clang 14 1.13x (derivative 1.10x), zig's Clang 22 1.27x (a C
 * harness of the loop); GCC's build does not
 * see this (its cold would also optimise the callee for size). */
#if FA_MSVC
#define FA_NOINLINE static __declspec(noinline)
#elif defined(__clang__)
#define FA_NOINLINE static __attribute__((noinline, cold))
#elif defined(__GNUC__)
#define FA_NOINLINE static __attribute__((noinline))
#else
#define FA_NOINLINE static
#endif
/* A rare path that GCC and MSVC inline and Clang calls out of line (cold, as
 * FA_NOINLINE): the AVX2 float64 silu forward's wide lanes (silu_f64.inc),
 * where inline Clang 14 spilled the loop's constants (GCC, out of line,
 * rebroadcast them: 0.974 -> 1.01 ns/el). Clang 14 1.04x (1.16x in a C
 * harness), Clang 22 1.02x (session 14, as above). */
#if defined(__clang__)
#define FA_RARE_INLINE FA_NOINLINE
#else
#define FA_RARE_INLINE FA_INLINE
#endif

/* Before a for loop: no iteration depends on another (GCC ivdep, Clang
 * assume_safety, MSVC loop(ivdep)), so the loop vectorises without a runtime
 * overlap check of its pointers; a hint only, other compilers drop it. */
#if defined(__clang__)
#define FA_IVDEP _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define FA_IVDEP _Pragma("GCC ivdep")
#elif FA_MSVC
#define FA_IVDEP __pragma(loop(ivdep))
#else
#define FA_IVDEP
#endif

/* An object aligned to n bytes (n a literal or a macro that expands to one);
 * written before the declaration's type. */
#if FA_MSVC
#define FA_ALIGNED(n) __declspec(align(n))
#elif defined(__GNUC__) || defined(__clang__)
#define FA_ALIGNED(n) __attribute__((aligned(n)))
#else
#define FA_ALIGNED(n)
#endif

/* The translation unit targets x86 (GCC/Clang and MSVC names; MSVC's ARM64EC
 * defines _M_X64 too, but runs x86-64 code only under emulation). */
#if defined(__x86_64__) || defined(__i386__) || defined(_M_IX86) ||                                \
    ((defined(_M_X64) || defined(_M_AMD64)) && !defined(_M_ARM64EC))
#define FA_X86 1
#else
#define FA_X86 0
#endif

/* The translation unit may use fused multiply-add instructions: GCC and Clang
 * say so with __FMA__ (x86, -mfma), __ARM_FEATURE_FMA (AArch64, always) or, GCC
 * on other targets with one, __FP_FAST_FMA; MSVC's /arch:AVX2 and /arch:AVX512
 * imply FMA but define no macro for it, so CMake passes FA_TARGET_FMA to the
 * avx2 and avx512 variants on every compiler. Every target where GCC/Clang has
 * an FMA must say so: -ffp-contract=fast then fuses a * b + c anywhere, which
 * breaks the error-free steps of the FMA-less forms in vecmath/common.h (up to
 * 536 ULP in float64 exp tails on AArch64). */
#if defined(__FMA__) || defined(FA_TARGET_FMA) ||                                                  \
    (!FA_MSVC && (defined(__ARM_FEATURE_FMA) || defined(__FP_FAST_FMA)))
#define FA_TARGET_HAS_FMA 1
#else
#define FA_TARGET_HAS_FMA 0
#endif

#endif
