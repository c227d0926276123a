/* The per-ISA SIMD operations for the hand-written kernels in csrc/simd/:
 * each ISA header defines the same small set (fa_vf32_add, fa_vf64_scale2, ...)
 * over its own registers, and the kernel bodies (*.inc) are written once over
 * them (avx512.h, avx2.h, neon.h). FA_SIMD is 1 where this translation unit
 * is compiled for such an ISA. */
#ifndef FASTACT_SIMD_H
#define FASTACT_SIMD_H

#include "vecmath/common.h"

/* FA_TARGET_HAS_FMA, not __FMA__: MSVC's /arch:AVX2 and /arch:AVX512 never
 * define __FMA__, and would otherwise lose these bodies silently. */
#if defined(__AVX512F__) && defined(__AVX512DQ__) && FA_TARGET_HAS_FMA
#include "simd/avx512.h"
#define FA_SIMD 1
#elif defined(__AVX2__) && FA_TARGET_HAS_FMA
#include "simd/avx2.h"
#define FA_SIMD 1
#elif defined(__aarch64__) && defined(__ARM_NEON) && FA_TARGET_HAS_FMA
/* AArch64's one variant ("baseline"): every AArch64 CPU has NEON and FMA */
#include "simd/neon.h"
#define FA_SIMD 1
#else
#define FA_SIMD 0
#endif

#endif
