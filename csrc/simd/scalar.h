/* The op layer of csrc/simd/ for one lane, in plain C99 (no intrinsics, no
 * libm): the op list and contracts of simd/simd.h over float and double, so
 * that a body written over the layer builds at baseline and on any CPU.
 * Masks are all-ones / all-zeros integers of the lane's width, as the vector
 * layers' mask lanes are; every op is branch-free bit arithmetic or a
 * conditional the compiler turns into a select.
 *
 * The fused ops (fma, fnma, fms) are one instruction where the target has FMA
 * (FA_TARGET_HAS_FMA: AArch64, -mfma); elsewhere (x86-64 baseline) they are
 * computed exactly in integers (fa_scalar_soft_fma_f64, tens of instructions;
 * float goes through double with rounding to odd): correct, and slow.
 *
 * x86-64's baseline variant is built over this layer only on request
 * (cmake -DFASTACT_BASELINE_BODIES=ON: CMakeLists.txt then passes
 * FA_SIMD_HEADER="simd/scalar.h" to it). It then runs AVX2's bodies
 * (FA_SIMD_PERMUTE_CHEAP is 0 here as there), measured in session 5 with the
 * same bits on 113 of the 140 elementwise cells (109 in session 8: four AVX2
 * bodies have since become other algorithms; the rest: recip_seed / inv are
 * exact here, and AVX2's generic loops contract into FMA); a body's _mul_add
 * is the exact fused op here too (FA_SCALAR_MUL_ADD_FUSED below, since session
 * 8: session 7 had made it a multiply and an add, which cost AVX2's bits in
 * the cells that write it). It is 2-60x slower than the generic loops it
 * replaces: the one-lane loops of simd/loops.inc are not vectorised and each
 * fused op is the integer emulation (BENCHMARKS.md and ACCURACY.md, 2026-12-06
 * session 5). The default build runs the bodies at baseline over simd/sse2.h
 * instead, in the few cells where that beats the generic loops (2026-12-06
 * session 6). */
#ifndef FASTACT_SIMD_SCALAR_H
#define FASTACT_SIMD_SCALAR_H

#include <stddef.h>
#include <stdint.h>

#include "vecmath/common.h" /* fa_bits_*, fa_from_bits_*, fa_abs_*, fa_copysign_*, fa_fma_* */

/* no two-source permute: loops.inc reads ahead with unaligned loads */
#define FA_SIMD_PERMUTE_CHEAP 0
/* which rows of src/fastact/_kernel_table.py apply (layer "scalar") */
#define FA_SIMD_LAYER_SCALAR 1

/* a b + c rounded once without FMA hardware: fa_scalar_soft_fma_f32 / _f64 */
#include "simd/soft_fma.h"

/* _mul_add / _nmul_add are the exact fused ops here too (simd/simd.h), so
 * that a body's bits are AVX2's; FA_SCALAR_MUL_ADD_FUSED=0 (CMake:
 * FASTACT_BASELINE_BODIES_FUSED=OFF) makes them a multiply and an add, as on
 * sse2.h: faster, one more rounding where a body writes them */
#ifndef FA_SCALAR_MUL_ADD_FUSED
#define FA_SCALAR_MUL_ADD_FUSED 1
#endif
#define FA_SIMD_MUL_ADD_FUSED FA_SCALAR_MUL_ADD_FUSED

#if FA_TARGET_HAS_FMA
#define FA_SCALAR_FMA_f32 fa_fma_f32
#define FA_SCALAR_FMA_f64 fa_fma_f64
#else
#define FA_SCALAR_FMA_f32 fa_scalar_soft_fma_f32
#define FA_SCALAR_FMA_f64 fa_scalar_soft_fma_f64
#endif

/* ---- the ops both dtypes spell the same way -------------------------------- */

/* S the suffix, T the lane type, U its unsigned twin (the mask), SIGN the
 * sign bit, SHIFTER 1.5 2^(p - 1) (adding it rounds to an integer) */
/* clang-format off */
#define FA_SIMD_DEFINE_COMMON(S, T, U, SIGN, SHIFTER)                                         \
    typedef T fa_v##S;                                                                   \
    typedef U fa_m##S;                                                                   \
    enum { FA_V_LANES_##S = 1 };                                                         \
    FA_INLINE fa_v##S fa_v##S##_set1(T c) { return c; }                                  \
    FA_INLINE fa_v##S fa_v##S##_load(const T *p) { return *p; }                          \
    FA_INLINE void fa_v##S##_store(T *p, fa_v##S v) { *p = v; }                          \
    /* n < 1: no lane */                                                                 \
    FA_INLINE fa_v##S fa_v##S##_load_first(const T *p, size_t n) { (void)p, (void)n; return 0; } \
    FA_INLINE void fa_v##S##_store_first(T *p, fa_v##S v, size_t n) { (void)p, (void)v, (void)n; } \
    FA_INLINE fa_v##S fa_v##S##_add(fa_v##S a, fa_v##S b) { return a + b; }             \
    FA_INLINE fa_v##S fa_v##S##_sub(fa_v##S a, fa_v##S b) { return a - b; }             \
    FA_INLINE fa_v##S fa_v##S##_mul(fa_v##S a, fa_v##S b) { return a * b; }             \
    FA_INLINE fa_v##S fa_v##S##_div(fa_v##S a, fa_v##S b) { return a / b; }             \
    FA_INLINE fa_v##S fa_v##S##_fma(fa_v##S a, fa_v##S b, fa_v##S c) {                  \
        return FA_SCALAR_FMA_##S(a, b, c);                                               \
    }                                                                                    \
    FA_INLINE fa_v##S fa_v##S##_fnma(fa_v##S a, fa_v##S b, fa_v##S c) {                 \
        return FA_SCALAR_FMA_##S(-a, b, c);                                              \
    }                                                                                    \
    FA_INLINE fa_v##S fa_v##S##_fms(fa_v##S a, fa_v##S b, fa_v##S c) {                  \
        return FA_SCALAR_FMA_##S(a, b, -c);                                              \
    }                                                                                    \
    /* a b - p exactly for p = a b rounded: the fused op (simd.h), also              \
     * without FMA hardware (the integer emulation is exact at any magnitude)        \
     * and with FA_SCALAR_MUL_ADD_FUSED=0 (only _mul_add changes there) */           \
    FA_INLINE fa_v##S fa_v##S##_prod_err(fa_v##S a, fa_v##S b, fa_v##S p) {          \
        return fa_v##S##_fms(a, b, p);                                               \
    }                                                                                \
    FA_INLINE fa_v##S fa_v##S##_abs(fa_v##S x) { return fa_abs_##S(x); }                 \
    FA_INLINE fa_v##S fa_v##S##_neg_abs(fa_v##S x) {                                     \
        return fa_from_bits_##S(fa_bits_##S(x) | SIGN);                                 \
    }                                                                                    \
    FA_INLINE fa_v##S fa_v##S##_copysign(fa_v##S m, fa_v##S s) { return fa_copysign_##S(m, s); } \
    FA_INLINE fa_v##S fa_v##S##_or_sign(fa_v##S m, fa_v##S s) {                          \
        return fa_from_bits_##S(fa_bits_##S(m) | (fa_bits_##S(s) & SIGN));              \
    }                                                                                    \
    /* x when x is NaN (the comparison is false), as vmaxps / vminps */                  \
    FA_INLINE fa_v##S fa_v##S##_max_keep_nan(fa_v##S c, fa_v##S x) { return c > x ? c : x; } \
    FA_INLINE fa_v##S fa_v##S##_min_keep_nan(fa_v##S c, fa_v##S x) { return c < x ? c : x; } \
    /* below 2^(p-1) in magnitude, adding the shifter rounds to an integer (ties  \
     * to even); the sign put back keeps -0.4 -> -0; larger x are integers, inf  \
     * or NaN already */                                                                 \
    FA_INLINE fa_v##S fa_v##S##_round(fa_v##S x) {                                       \
        const T r = fa_copysign_##S((fa_abs_##S(x) + SHIFTER) - SHIFTER, x);              \
        return fa_abs_##S(x) < SHIFTER / 3 * 2 ? r : x;                                  \
    }                                                                                    \
    FA_INLINE fa_m##S fa_v##S##_ge(fa_v##S a, fa_v##S b) { return (U)0 - (U)(a >= b); }  \
    FA_INLINE fa_m##S fa_v##S##_lt(fa_v##S a, fa_v##S b) { return (U)0 - (U)(a < b); }   \
    FA_INLINE fa_m##S fa_v##S##_nan(fa_v##S x) { return (U)0 - (U)(x != x); }            \
    FA_INLINE int fa_v##S##_any(fa_m##S m) { return m != 0; }                            \
    FA_INLINE fa_v##S fa_v##S##_select(fa_m##S m, fa_v##S a, fa_v##S b) {                \
        return fa_from_bits_##S((fa_bits_##S(a) & m) | (fa_bits_##S(b) & ~m));           \
    }                                                                                    \
    /* m ? +0 : v */                                                                     \
    FA_INLINE fa_v##S fa_v##S##_zero_where(fa_m##S m, fa_v##S v) {                       \
        return fa_from_bits_##S(fa_bits_##S(v) & ~m);                                    \
    }                                                                                    \
    /* s's sign bit set ? a : b (the bit spread over the mask) */                       \
    FA_INLINE fa_v##S fa_v##S##_select_sign(fa_v##S s, fa_v##S a, fa_v##S b) {           \
        return fa_v##S##_select((U)0 - (fa_bits_##S(s) >> (8 * sizeof(T) - 1)), a, b);    \
    }                                                                                    \
    /* 1/d correctly rounded: the seed is the quotient itself */                        \
    enum { FA_RECIP_SEED_BITS_##S = 8 * (int)sizeof(T) == 32 ? 23 : 52 };                \
    FA_INLINE fa_v##S fa_v##S##_recip_seed(fa_v##S d) { return 1 / d; }                  \
    FA_INLINE fa_v##S fa_v##S##_inv(fa_v##S d) { return 1 / d; }
/* clang-format on */

FA_SIMD_DEFINE_COMMON(f32, float, uint32_t, 0x80000000u, 0x1.8p23f)
FA_SIMD_DEFINE_COMMON(f64, double, uint64_t, 0x8000000000000000ull, 0x1.8p52)
#undef FA_SIMD_DEFINE_COMMON

/* ---- exponent helpers ---------------------------------------------------------- */

/* integral k (|k| < 2^22) as a two's complement integer, for any k: k plus the
 * shifter holds it in its low bits (no float-to-int conversion, which is
 * undefined for NaN and out-of-range k) */
FA_INLINE uint32_t fa_scalar_int_f32(float k) { return fa_bits_f32(k + 0x1.8p23f) - 0x4b400000u; }
FA_INLINE uint64_t fa_scalar_int_f64(double k) {
    return fa_bits_f64(k + 0x1.8p52) - 0x4338000000000000ull;
}
/* floor(x) for |x| < 2^22 (f32) / 2^51 (f64), by rounding and stepping down */
FA_INLINE float fa_scalar_floor_f32(float x) {
    const float r = fa_vf32_round(x);
    return r > x ? r - 1 : r;
}
FA_INLINE double fa_scalar_floor_f64(double x) {
    const double r = fa_vf64_round(x);
    return r > x ? r - 1 : r;
}

/* v 2^k for integral k with |k| <= 252 (float) / 2044 (double): two factors
 * 2^(k/2), each a normal number, so the product is rounded once. Unsigned
 * arithmetic: a NaN k gives some factor, and v's NaN stays NaN. */
FA_INLINE fa_vf32 fa_vf32_scale2(fa_vf32 v, fa_vf32 k) {
    const uint32_t ki = fa_scalar_int_f32(k);
    const uint32_t k1 = (ki >> 1) | (ki & 0x80000000u), k2 = ki - k1; /* k1 = k >> 1 (arithmetic) */
    return v * fa_from_bits_f32((k1 + 127u) << 23) * fa_from_bits_f32((k2 + 127u) << 23);
}
FA_INLINE fa_vf64 fa_vf64_scale2(fa_vf64 v, fa_vf64 k) {
    const uint64_t ki = fa_scalar_int_f64(k);
    const uint64_t k1 = (ki >> 1) | (ki & 0x8000000000000000ull), k2 = ki - k1;
    return v * fa_from_bits_f64((k1 + 1023u) << 52) * fa_from_bits_f64((k2 + 1023u) << 52);
}
/* 2^j for v = 0x1.8p23 + j + 127 / 0x1.8p52 + j + 1023: the bits shifted into
 * the exponent field */
FA_INLINE fa_vf32 fa_vf32_pow2_biased(fa_vf32 v) { return fa_from_bits_f32(fa_bits_f32(v) << 23); }
FA_INLINE fa_vf64 fa_vf64_pow2_biased(fa_vf64 v) { return fa_from_bits_f64(fa_bits_f64(v) << 52); }

/* ---- float only ------------------------------------------------------------------ */

/* float <-> double: one lane has no high half (widen_hi +0, narrow reads lo),
 * so that sums over lo and hi count each lane once */
FA_INLINE fa_vf64 fa_vf32_widen_lo(fa_vf32 x) { return (double)x; }
FA_INLINE fa_vf64 fa_vf32_widen_hi(fa_vf32 x) {
    (void)x;
    return 0.0;
}
FA_INLINE fa_vf32 fa_vf32_narrow(fa_vf64 lo, fa_vf64 hi) {
    (void)hi;
    return (float)lo;
}
/* t[j] for j the low 4 / 3 bits of s's bit pattern */
FA_INLINE fa_vf32 fa_vf32_lookup16(const float *t, fa_vf32 s) { return t[fa_bits_f32(s) & 15]; }
FA_INLINE fa_vf32 fa_vf32_lookup8(const float *t, fa_vf32 s) { return t[fa_bits_f32(s) & 7]; }
/* v 2^floor(k), floor(k) within scale2's range */
FA_INLINE fa_vf32 fa_vf32_scale2_floor(fa_vf32 v, fa_vf32 k) {
    return fa_vf32_scale2(v, fa_scalar_floor_f32(k));
}
/* 2^floor(k) (0 <= floor(k) <= 127) and 2^(floor(k) + 32) (-158 <= floor(k)
 * <= 95) for k = s - 0x1.8p19: s's bits are those of 0x1.8p19 plus 16 k (see
 * avx2.h) */
FA_INLINE fa_vf32 fa_vf32_pow2_floor(fa_vf32 k, fa_vf32 s) {
    (void)k;
    return fa_from_bits_f32(((fa_bits_f32(s) << 19) & 0xff800000u) + 0x3f800000u);
}
FA_INLINE fa_vf32 fa_vf32_pow2_floor_plus32(fa_vf32 k, fa_vf32 s) {
    (void)k;
    return fa_from_bits_f32(((fa_bits_f32(s) << 19) & 0xff800000u) + ((127u + 32u) << 23));
}
/* the bit pattern of v shifted right by n, as a float's bits */
#define fa_vf32_bits_shr(v, n) fa_from_bits_f32(fa_bits_f32(v) >> (n))
#define fa_vf64_bits_shr(v, n) fa_from_bits_f64(fa_bits_f64(v) >> (n))

/* ---- double only ----------------------------------------------------------------- */

/* v 2^n for k = n + 0x1.8p52 (|n| <= 1022): n + 1023 is in k's low bits */
FA_INLINE fa_vf64 fa_vf64_scale2_shifted(fa_vf64 v, fa_vf64 k) {
    return v * fa_from_bits_f64((fa_bits_f64(k) + 1023u) << 52);
}
/* t[j] for j the low 4 / 2 bits of s's bit pattern */
FA_INLINE fa_vf64 fa_vf64_lookup16(const double *t, fa_vf64 s) { return t[fa_bits_f64(s) & 15]; }
FA_INLINE fa_vf64 fa_vf64_lookup4(const double *t, fa_vf64 s) { return t[fa_bits_f64(s) & 3]; }
/* a k that scale2 reads as floor(x) */
FA_INLINE fa_vf64 fa_vf64_floor_for_scale2(fa_vf64 x) { return fa_scalar_floor_f64(x); }
/* 2^floor(k), 0 <= floor(k) <= 1022, for k = t - 0x1.8p(52 - b) (see avx2.h) */
FA_INLINE fa_vf64 fa_vf64_pow2_floor(fa_vf64 k, fa_vf64 t, int b) {
    (void)k;
    return fa_from_bits_f64(((fa_bits_f64(t) << (52 - b)) & 0x7ff0000000000000ull) +
                            0x3ff0000000000000ull);
}
/* 1/d for 1 <= d <= 0x1.8p125 (simd.h), here rounded once */
enum { FA_RECIP_APPROX_BITS_f32 = 23 };
FA_INLINE fa_vf32 fa_vf32_recip_approx(fa_vf32 d) { return 1 / d; }

/* the bit patterns of a plus those of v shifted left by n (a constant), as
 * 32-bit integers that wrap, as a float's bits */
#define fa_vf32_bits_add_shl(a, v, n)                                                              \
    fa_from_bits_f32((uint32_t)(fa_bits_f32(a) + (fa_bits_f32(v) << (n))))
/* the same as 64-bit integers, as a double's bits */
#define fa_vf64_bits_add_shl(a, v, n)                                                              \
    fa_from_bits_f64((uint64_t)(fa_bits_f64(a) + (fa_bits_f64(v) << (n))))

#endif
