/* The op layer of csrc/simd/ for x86-64's baseline, SSE2 (which every x86-64
 * CPU has): 4 floats or 2 doubles per vector, masks are vectors of all-ones /
 * all-zeros lanes, <emmintrin.h> intrinsics only (GCC, Clang, MSVC, MinGW). No
 * SSE4.1: blends are and/andnot/or, rounding adds a magic number, lookups
 * read the table by index from memory. The op list and contracts are those of
 * simd/simd.h, except the float fused ops (below).
 *
 * Fused multiply-add without FMA hardware:
 * - float: through double. The product of two floats is exact in double, so
 *   (double)a b + c is rounded once to double, then to float. That is a b + c
 *   rounded once wherever the double sum is exact (every fused op whose exact
 *   result is a float: Cody-Waite reductions r = x - k c_hi, two-product
 *   errors a b - RN(a b), and sums of terms within 2^5 of each other), and
 *   otherwise differs from it only when the double lands exactly on a
 *   midpoint between two floats, i.e. when a b + c lies within 2^-30 ULP of
 *   one (a double rounding): the result is then the other neighbour, off by
 *   at most (1/2 + 2^-30) ULP instead of 1/2. FA_SIMD_FMA_F32_DOUBLE_ROUNDED
 *   tells simd/op_selftest.h to accept that value.
 * - double: exactly (fa_sse2_fma_f64): Dekker's product a b = ph + pl, then
 *   ph + pl + c = s + t + e2 by two TwoSums and t + e2 rounded to odd, whose
 *   sum with s is rounded once; lanes where that is not exact (|a| or |b|
 *   above 2^995, |a b| or |c| above 2^1020, a tiny nonzero product with a
 *   tiny c, inf, NaN) go through the integer emulation of simd/soft_fma.h. */
#ifndef FASTACT_SIMD_SSE2_H
#define FASTACT_SIMD_SSE2_H

#include <emmintrin.h>
#include <stddef.h>
#include <stdint.h>

#include "simd/soft_fma.h" /* fa_scalar_soft_fma_f64: the rare lanes */
#include "vecmath/common.h"

/* no two-source permute: loops.inc reads ahead with unaligned loads */
#define FA_SIMD_PERMUTE_CHEAP 0
/* which rows of src/fastact/_kernel_table.py apply (layer "sse2") */
#define FA_SIMD_LAYER_SSE2 1
/* the float fused ops round through double (see above) */
#define FA_SIMD_FMA_F32_DOUBLE_ROUNDED 1

/* m ? a : b, lane by lane (SSE2 has no blendv) */
FA_INLINE __m128 fa_sse2_blend_f32(__m128 m, __m128 a, __m128 b) {
    return _mm_or_ps(_mm_and_ps(m, a), _mm_andnot_ps(m, b));
}
FA_INLINE __m128d fa_sse2_blend_f64(__m128d m, __m128d a, __m128d b) {
    return _mm_or_pd(_mm_and_pd(m, a), _mm_andnot_pd(m, b));
}

/* ---- a b + c ----------------------------------------------------------------- */

/* float: each half widened, a b + c in double, narrowed */
FA_INLINE __m128 fa_sse2_fma_f32(__m128 a, __m128 b, __m128 c) {
    const __m128d lo = _mm_add_pd(_mm_mul_pd(_mm_cvtps_pd(a), _mm_cvtps_pd(b)), _mm_cvtps_pd(c));
    const __m128d hi =
        _mm_add_pd(_mm_mul_pd(_mm_cvtps_pd(_mm_movehl_ps(a, a)), _mm_cvtps_pd(_mm_movehl_ps(b, b))),
                   _mm_cvtps_pd(_mm_movehl_ps(c, c)));
    return _mm_movelh_ps(_mm_cvtpd_ps(lo), _mm_cvtpd_ps(hi));
}

/* the lanes set in bad (a movemask) by the integer emulation, the others kept */
FA_NOINLINE __m128d fa_sse2_fma_f64_lanes(__m128d a, __m128d b, __m128d c, __m128d r, int bad) {
    FA_ALIGNED(16) double va[2], vb[2], vc[2], vr[2];
    _mm_store_pd(va, a), _mm_store_pd(vb, b), _mm_store_pd(vc, c), _mm_store_pd(vr, r);
    for (int i = 0; i < 2; i++)
        if (bad >> i & 1) vr[i] = fa_scalar_soft_fma_f64(va[i], vb[i], vc[i]);
    return _mm_load_pd(vr);
}

/* x = hi + lo exactly, each half of x's significand (Veltkamp: 2^27 + 1) */
FA_INLINE __m128d fa_sse2_split_f64(__m128d x, __m128d *lo) {
    const __m128d t = _mm_mul_pd(_mm_set1_pd(134217729.0), x);
    const __m128d hi = _mm_sub_pd(t, _mm_sub_pd(t, x));
    *lo = _mm_sub_pd(x, hi);
    return hi;
}
/* a + b = s + *err exactly (Knuth's TwoSum, any order of magnitude) */
FA_INLINE __m128d fa_sse2_two_sum_f64(__m128d a, __m128d b, __m128d *err) {
    const __m128d s = _mm_add_pd(a, b), bb = _mm_sub_pd(s, a);
    *err = _mm_add_pd(_mm_sub_pd(a, _mm_sub_pd(s, bb)), _mm_sub_pd(b, bb));
    return s;
}

/* a b + c rounded once. The exact value is ph + pl + c (Dekker) = s + e1 + pl
 * (TwoSum) = s + t + e2 (TwoSum). Either e1 = 0 (ph + c exact, e.g. by
 * Sterbenz) and the result is RN(s + pl) with t = pl, or |s| >= |ph| / 2 and
 * then |t + e2| <= 1.5 ulp(s): the rounding boundaries near s (multiples of
 * ulp(s) / 4) are then 49 bits coarser than t's grid, so t + e2 rounded to odd
 * (t, or its odd neighbour towards e2: never one of those boundaries unless
 * t + e2 is one) lies in the same interval between boundaries as t + e2, and
 * RN(s + RO(t + e2)) = RN(s + t + e2) (Boldo and Melquiond's rounding to odd).
 * t = 0 means a b + c = s exactly: s, with IEEE's sign of a zero sum. */
FA_INLINE __m128d fa_sse2_fma_f64(__m128d a, __m128d b, __m128d c) {
    const __m128d sign = _mm_set1_pd(-0.0);
    __m128d al, bl, e1, e2;
    const __m128d ah = fa_sse2_split_f64(a, &al), bh = fa_sse2_split_f64(b, &bl);
    const __m128d ph = _mm_mul_pd(a, b);
    const __m128d pl =
        _mm_add_pd(_mm_add_pd(_mm_add_pd(_mm_sub_pd(_mm_mul_pd(ah, bh), ph), _mm_mul_pd(ah, bl)),
                              _mm_mul_pd(al, bh)),
                   _mm_mul_pd(al, bl));
    const __m128d s = fa_sse2_two_sum_f64(ph, c, &e1);
    const __m128d t = fa_sse2_two_sum_f64(e1, pl, &e2);
    /* t rounded to odd towards e2 where e2 != 0: truncated (one step down in
     * magnitude where e2 has the other sign), then the last bit set */
    const __m128i inexact = _mm_castpd_si128(_mm_cmpneq_pd(e2, _mm_setzero_pd()));
    const __m128i other_sign =
        _mm_shuffle_epi32(_mm_srai_epi32(_mm_castpd_si128(_mm_xor_pd(e2, t)), 31), 0xf5);
    __m128i odd = _mm_add_epi64(_mm_castpd_si128(t), _mm_and_si128(other_sign, inexact));
    odd = _mm_or_si128(odd, _mm_and_si128(inexact, _mm_set_epi32(0, 1, 0, 1)));
    const __m128d r = fa_sse2_blend_f64(_mm_cmpeq_pd(t, _mm_setzero_pd()), s,
                                        _mm_add_pd(s, _mm_castsi128_pd(odd)));
    /* the lanes outside the exact path's range: Dekker's split overflows or
     * its product's low part underflows (a b below 2^-960 matters only with a
     * c below 2^-900), the sums overflow, or an operand is inf or NaN (caught
     * by ph or c: NaN compares "not <=") */
    const __m128d aa = _mm_andnot_pd(sign, a), ab = _mm_andnot_pd(sign, b);
    const __m128d ac = _mm_andnot_pd(sign, c), ap = _mm_andnot_pd(sign, ph);
    const __m128d huge = _mm_or_pd(_mm_cmpnle_pd(_mm_max_pd(aa, ab), _mm_set1_pd(0x1p995)),
                                   _mm_or_pd(_mm_cmpnle_pd(ap, _mm_set1_pd(0x1p1020)),
                                             _mm_cmpnle_pd(ac, _mm_set1_pd(0x1p1020))));
    const __m128d tiny = _mm_and_pd(_mm_and_pd(_mm_cmplt_pd(ap, _mm_set1_pd(0x1p-960)),
                                               _mm_cmplt_pd(ac, _mm_set1_pd(0x1p-900))),
                                    _mm_cmpneq_pd(_mm_min_pd(aa, ab), _mm_setzero_pd()));
    const int bad = _mm_movemask_pd(_mm_or_pd(huge, tiny));
    return bad ? fa_sse2_fma_f64_lanes(a, b, c, r, bad) : r;
}

/* ---- the ops both dtypes spell the same way ------------------------------------ */

/* clang-format off */
/* S the suffix, V the register, T the lane type, W the lanes, ps the
 * intrinsics' suffix, SHIFTER 2^(p - 1) (adding it to |x| below it rounds to an
 * integer, ties to even) */
#define FA_SIMD_DEFINE_COMMON(S, V, T, W, ps, SHIFTER)                                             \
    typedef V fa_v##S;                                                                             \
    typedef V fa_m##S;                                                                             \
    enum { FA_V_LANES_##S = W };                                                                   \
    FA_INLINE fa_v##S fa_v##S##_set1(T c) { return _mm_set1_##ps(c); }                             \
    FA_INLINE fa_v##S fa_v##S##_load(const T *p) { return _mm_loadu_##ps(p); }                     \
    FA_INLINE void fa_v##S##_store(T *p, fa_v##S v) { _mm_storeu_##ps(p, v); }                     \
    /* the first n < W lanes through a buffer (tails only) */                                      \
    FA_INLINE fa_v##S fa_v##S##_load_first(const T *p, size_t n) {                                 \
        FA_ALIGNED(16) T buf[W] = {0};                                                             \
        for (size_t i = 0; i < n; i++) buf[i] = p[i];                                              \
        return _mm_load_##ps(buf);                                                                 \
    }                                                                                              \
    FA_INLINE void fa_v##S##_store_first(T *p, fa_v##S v, size_t n) {                              \
        FA_ALIGNED(16) T buf[W];                                                                   \
        _mm_store_##ps(buf, v);                                                                    \
        for (size_t i = 0; i < n; i++) p[i] = buf[i];                                              \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_add(fa_v##S a, fa_v##S b) { return _mm_add_##ps(a, b); }           \
    FA_INLINE fa_v##S fa_v##S##_sub(fa_v##S a, fa_v##S b) { return _mm_sub_##ps(a, b); }           \
    FA_INLINE fa_v##S fa_v##S##_mul(fa_v##S a, fa_v##S b) { return _mm_mul_##ps(a, b); }           \
    FA_INLINE fa_v##S fa_v##S##_div(fa_v##S a, fa_v##S b) { return _mm_div_##ps(a, b); }           \
    /* fnma and fms negate an operand (exact) */                                                   \
    FA_INLINE fa_v##S fa_v##S##_fma(fa_v##S a, fa_v##S b, fa_v##S c) {                             \
        return fa_sse2_fma_##S(a, b, c);                                                           \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_fnma(fa_v##S a, fa_v##S b, fa_v##S c) {                            \
        return fa_sse2_fma_##S(_mm_xor_##ps(a, _mm_set1_##ps(-0.0)), b, c);                        \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_fms(fa_v##S a, fa_v##S b, fa_v##S c) {                             \
        return fa_sse2_fma_##S(a, b, _mm_xor_##ps(c, _mm_set1_##ps(-0.0)));                        \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_abs(fa_v##S x) { return _mm_andnot_##ps(_mm_set1_##ps(-0.0), x); } \
    FA_INLINE fa_v##S fa_v##S##_neg_abs(fa_v##S x) { return _mm_or_##ps(x, _mm_set1_##ps(-0.0)); } \
    FA_INLINE fa_v##S fa_v##S##_copysign(fa_v##S m, fa_v##S s) {                                   \
        const fa_v##S sign = _mm_set1_##ps(-0.0);                                                  \
        return _mm_or_##ps(_mm_andnot_##ps(sign, m), _mm_and_##ps(sign, s));                       \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_or_sign(fa_v##S m, fa_v##S s) {                                    \
        return _mm_or_##ps(m, _mm_and_##ps(_mm_set1_##ps(-0.0), s));                               \
    }                                                                                              \
    /* maxps / minps give the second operand when either is NaN */                                 \
    FA_INLINE fa_v##S fa_v##S##_max_keep_nan(fa_v##S c, fa_v##S x) { return _mm_max_##ps(c, x); } \
    FA_INLINE fa_v##S fa_v##S##_min_keep_nan(fa_v##S c, fa_v##S x) { return _mm_min_##ps(c, x); } \
    /* |x| + 2^(p-1) - 2^(p-1) rounds |x| < 2^(p-1) to an integer (ties to even;    \
     * the sign put back keeps -0.4 -> -0); larger x are integers, inf or NaN */                  \
    FA_INLINE fa_v##S fa_v##S##_round(fa_v##S x) {                                                 \
        const fa_v##S shifter = _mm_set1_##ps(SHIFTER), ax = fa_v##S##_abs(x);                     \
        const fa_v##S r = fa_v##S##_copysign(_mm_sub_##ps(_mm_add_##ps(ax, shifter), shifter), x); \
        return fa_sse2_blend_##S(_mm_cmplt_##ps(ax, shifter), r, x);                               \
    }                                                                                              \
    FA_INLINE fa_m##S fa_v##S##_ge(fa_v##S a, fa_v##S b) { return _mm_cmpge_##ps(a, b); }          \
    FA_INLINE fa_m##S fa_v##S##_lt(fa_v##S a, fa_v##S b) { return _mm_cmplt_##ps(a, b); }          \
    FA_INLINE fa_m##S fa_v##S##_nan(fa_v##S x) { return _mm_cmpunord_##ps(x, x); }                 \
    FA_INLINE int fa_v##S##_any(fa_m##S m) { return _mm_movemask_##ps(m) != 0; }                   \
    FA_INLINE fa_v##S fa_v##S##_select(fa_m##S m, fa_v##S a, fa_v##S b) {                          \
        return fa_sse2_blend_##S(m, a, b);                                                         \
    }                                                                                              \
    /* m ? +0 : v */                                                                               \
    FA_INLINE fa_v##S fa_v##S##_zero_where(fa_m##S m, fa_v##S v) { return _mm_andnot_##ps(m, v); } \
    /* floor(x) for |x| < 2^(p-1): the rounded value, one less where it is above x */             \
    FA_INLINE fa_v##S fa_sse2_floor_##S(fa_v##S x) {                                               \
        const fa_v##S r = fa_v##S##_round(x);                                                      \
        return _mm_sub_##ps(r, _mm_and_##ps(_mm_cmpgt_##ps(r, x), _mm_set1_##ps(1)));             \
    }

FA_SIMD_DEFINE_COMMON(f32, __m128, float, 4, ps, 0x1p23f)
FA_SIMD_DEFINE_COMMON(f64, __m128d, double, 2, pd, 0x1p52)
#undef FA_SIMD_DEFINE_COMMON
/* clang-format on */

/* s's sign bit set ? a : b: the sign bit spread over the lane */
FA_INLINE fa_vf32 fa_vf32_select_sign(fa_vf32 s, fa_vf32 a, fa_vf32 b) {
    return fa_sse2_blend_f32(_mm_castsi128_ps(_mm_srai_epi32(_mm_castps_si128(s), 31)), a, b);
}
FA_INLINE fa_vf64 fa_vf64_select_sign(fa_vf64 s, fa_vf64 a, fa_vf64 b) {
    const __m128i high = _mm_srai_epi32(_mm_castpd_si128(s), 31); /* odd dwords: the signs */
    return fa_sse2_blend_f64(_mm_castsi128_pd(_mm_shuffle_epi32(high, 0xf5)), a, b);
}

/* a b - p exactly for p = a b rounded (simd.h's _prod_err). float: _fms,
 * through double, where a b - p is exact (a b is, and so is the difference:
 * the result is a float), so it is rounded once: the fused op's bits at every
 * magnitude. double: Dekker's product alone (Veltkamp's split of a and b,
 * four partial products, four sums and differences: 16 instructions), without
 * fa_sse2_fma_f64's TwoSums, rounding to odd and range checks (its exact
 * emulation, ~6 ns/el a call on AMD EPYC Zen 4). Exact for |a|, |b| < 2^996
 * (the split's 2^27 a stays finite) and a b = 0 or 2^-968 <= |a b| < 2^1023
 * (every partial product is a multiple of ulp(a) ulp(b) >= 2^-1074, and none
 * overflows); NaN where a or b is inf or NaN; otherwise not specified
 * (simd/op_selftest.h checks all three). The float64 bodies at baseline
 * (mish.inc, gelu_tanh*.inc, gelu_f64.h, silu_f64.inc, slope.inc,
 * softplus.inc; session 8, h17-b64) call it where a product's error is all
 * they need: 88-102 -> 12.2-15.6 ns/el for gelu_tanh. */
FA_INLINE fa_vf32 fa_vf32_prod_err(fa_vf32 a, fa_vf32 b, fa_vf32 p) { return fa_vf32_fms(a, b, p); }
FA_INLINE fa_vf64 fa_vf64_prod_err(fa_vf64 a, fa_vf64 b, fa_vf64 p) {
    __m128d al, bl;
    const __m128d ah = fa_sse2_split_f64(a, &al), bh = fa_sse2_split_f64(b, &bl);
    const __m128d hh = _mm_sub_pd(_mm_mul_pd(ah, bh), p);
    return _mm_add_pd(_mm_add_pd(_mm_add_pd(hh, _mm_mul_pd(ah, bl)), _mm_mul_pd(al, bh)),
                      _mm_mul_pd(al, bl));
}

/* v 2^k for integral k with |k| <= 252 (float) / 2044 (double): two factors
 * 2^(k/2), each a normal number, so the product is rounded once */
FA_INLINE fa_vf32 fa_vf32_scale2(fa_vf32 v, fa_vf32 k) {
    const __m128i ki = _mm_cvtps_epi32(k);
    const __m128i k1 = _mm_srai_epi32(ki, 1), k2 = _mm_sub_epi32(ki, k1);
    const __m128i bias = _mm_set1_epi32(127);
    const __m128 s1 = _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(k1, bias), 23));
    const __m128 s2 = _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(k2, bias), 23));
    return _mm_mul_ps(_mm_mul_ps(v, s1), s2);
}
FA_INLINE fa_vf64 fa_vf64_scale2(fa_vf64 v, fa_vf64 k) {
    const __m128i k32 = _mm_cvtpd_epi32(k); /* the two k in dwords 0, 1 */
    const __m128i h32 = _mm_srai_epi32(k32, 1), bias = _mm_set1_epi32(1023);
    /* each half in the low dword of a 64-bit lane (the shift drops the high one) */
    const __m128i k1 = _mm_add_epi32(_mm_unpacklo_epi32(h32, h32), bias);
    const __m128i k2 =
        _mm_add_epi32(_mm_unpacklo_epi32(_mm_sub_epi32(k32, h32), _mm_sub_epi32(k32, h32)), bias);
    const __m128d s1 = _mm_castsi128_pd(_mm_slli_epi64(k1, 52));
    const __m128d s2 = _mm_castsi128_pd(_mm_slli_epi64(k2, 52));
    return _mm_mul_pd(_mm_mul_pd(v, s1), s2);
}
/* 2^j for v = 0x1.8p23 + j + 127 / 0x1.8p52 + j + 1023: one integer shift */
FA_INLINE fa_vf32 fa_vf32_pow2_biased(fa_vf32 v) {
    return _mm_castsi128_ps(_mm_slli_epi32(_mm_castps_si128(v), 23));
}
FA_INLINE fa_vf64 fa_vf64_pow2_biased(fa_vf64 v) {
    return _mm_castsi128_pd(_mm_slli_epi64(_mm_castpd_si128(v), 52));
}

/* Reciprocal seeds as avx2.h: rcpps (2^-11) and one Newton step, doubles from
 * the float seed. The residual 1 - d y stays fused (emulated: it cancels to
 * 2^-11, so d y must be exact); y + y r is a multiply and an add (y r is
 * under 2^-11 y: its rounding is 2^-35 relative), so a result can differ from
 * AVX2's by one rounding. */
enum { FA_RECIP_SEED_BITS_f32 = 22, FA_RECIP_SEED_BITS_f64 = 22 };
FA_INLINE fa_vf32 fa_sse2_newton_recip_f32(fa_vf32 d, fa_vf32 y) {
    return _mm_add_ps(_mm_mul_ps(fa_vf32_fnma(d, y, _mm_set1_ps(1.0f)), y), y);
}
FA_INLINE fa_vf32 fa_vf32_recip_seed(fa_vf32 d) {
    return fa_sse2_newton_recip_f32(d, _mm_rcp_ps(d));
}
FA_INLINE fa_vf64 fa_vf64_recip_seed(fa_vf64 d) {
    const __m128d y = _mm_cvtps_pd(_mm_rcp_ps(_mm_cvtpd_ps(d)));
    return _mm_add_pd(_mm_mul_pd(fa_vf64_fnma(d, y, _mm_set1_pd(1.0)), y), y);
}
/* 1/d for 1 <= d <= 2^1000 (float: 2^120), to about half an ULP: two Newton
 * steps for float (as avx2.h); doubles divide */
FA_INLINE fa_vf32 fa_vf32_inv(fa_vf32 d) {
    return fa_sse2_newton_recip_f32(d, fa_vf32_recip_seed(d));
}
FA_INLINE fa_vf64 fa_vf64_inv(fa_vf64 d) { return _mm_div_pd(_mm_set1_pd(1.0), d); }
/* 1/d for 1 <= d <= 0x1.8p125: rcpps alone (1.5 2^-12 relative, as avx2.h) */
enum { FA_RECIP_APPROX_BITS_f32 = 11 };
FA_INLINE fa_vf32 fa_vf32_recip_approx(fa_vf32 d) { return _mm_rcp_ps(d); }

/* ---- float only ------------------------------------------------------------------ */

/* float <-> double halves: lanes 0, 1 and 2, 3 */
FA_INLINE fa_vf64 fa_vf32_widen_lo(fa_vf32 x) { return _mm_cvtps_pd(x); }
FA_INLINE fa_vf64 fa_vf32_widen_hi(fa_vf32 x) { return _mm_cvtps_pd(_mm_movehl_ps(x, x)); }
FA_INLINE fa_vf32 fa_vf32_narrow(fa_vf64 lo, fa_vf64 hi) {
    return _mm_movelh_ps(_mm_cvtpd_ps(lo), _mm_cvtpd_ps(hi));
}
/* t[j] for j the low bits (mask 15 / 7) of each lane's bit pattern of s: the
 * indices through memory, four loads (no variable permute before SSSE3) */
FA_INLINE fa_vf32 fa_sse2_lookup_f32(const float *t, fa_vf32 s, int mask) {
    FA_ALIGNED(16) int32_t j[4];
    _mm_store_si128((__m128i *)j, _mm_and_si128(_mm_castps_si128(s), _mm_set1_epi32(mask)));
    return _mm_setr_ps(t[j[0]], t[j[1]], t[j[2]], t[j[3]]);
}
FA_INLINE fa_vf32 fa_vf32_lookup16(const float *t, fa_vf32 s) {
    return fa_sse2_lookup_f32(t, s, 15);
}
FA_INLINE fa_vf32 fa_vf32_lookup8(const float *t, fa_vf32 s) { return fa_sse2_lookup_f32(t, s, 7); }
/* v 2^floor(k), floor(k) within scale2's range */
FA_INLINE fa_vf32 fa_vf32_scale2_floor(fa_vf32 v, fa_vf32 k) {
    return fa_vf32_scale2(v, fa_sse2_floor_f32(k));
}
/* 2^floor(k) (0 <= floor(k) <= 127) and 2^(floor(k) + 32) (-158 <= floor(k)
 * <= 95) for k = s - 0x1.8p19: s's bits are those of 0x1.8p19 plus 16 k, so
 * (bits << 19) & 0xff800000 is floor(k) in the exponent field (see avx2.h) */
FA_INLINE fa_vf32 fa_sse2_pow2_floor_f32(fa_vf32 s, int bias) {
    const __m128i e =
        _mm_and_si128(_mm_slli_epi32(_mm_castps_si128(s), 19), _mm_set1_epi32((int)0xff800000u));
    return _mm_castsi128_ps(_mm_add_epi32(e, _mm_set1_epi32(bias << 23)));
}
FA_INLINE fa_vf32 fa_vf32_pow2_floor(fa_vf32 k, fa_vf32 s) {
    (void)k;
    return fa_sse2_pow2_floor_f32(s, 127);
}
FA_INLINE fa_vf32 fa_vf32_pow2_floor_plus32(fa_vf32 k, fa_vf32 s) {
    (void)k;
    return fa_sse2_pow2_floor_f32(s, 127 + 32);
}
/* the bit patterns of v shifted right by n (a constant), as floats' bits */
#define fa_vf32_bits_shr(v, n) _mm_castsi128_ps(_mm_srli_epi32(_mm_castps_si128(v), n))
#define fa_vf64_bits_shr(v, n) _mm_castsi128_pd(_mm_srli_epi64(_mm_castpd_si128(v), n))

/* ---- double only ----------------------------------------------------------------- */

/* v 2^n for k = n + 0x1.8p52 (|n| <= 1022): n + 1023 is in k's low bits */
FA_INLINE fa_vf64 fa_vf64_scale2_shifted(fa_vf64 v, fa_vf64 k) {
    const __m128i e = _mm_add_epi64(_mm_castpd_si128(k), _mm_set_epi32(0, 1023, 0, 1023));
    return _mm_mul_pd(v, _mm_castsi128_pd(_mm_slli_epi64(e, 52)));
}
/* t[j] for j the low 4 / 2 bits of each lane's bit pattern of s */
FA_INLINE fa_vf64 fa_sse2_lookup_f64(const double *t, fa_vf64 s, int mask) {
    const __m128i j = _mm_and_si128(_mm_castpd_si128(s), _mm_set1_epi32(mask));
    return _mm_setr_pd(t[_mm_cvtsi128_si32(j)], t[_mm_cvtsi128_si32(_mm_shuffle_epi32(j, 2))]);
}
FA_INLINE fa_vf64 fa_vf64_lookup16(const double *t, fa_vf64 s) {
    return fa_sse2_lookup_f64(t, s, 15);
}
FA_INLINE fa_vf64 fa_vf64_lookup4(const double *t, fa_vf64 s) {
    return fa_sse2_lookup_f64(t, s, 3);
}
/* a k that scale2 reads as floor(x) */
FA_INLINE fa_vf64 fa_vf64_floor_for_scale2(fa_vf64 x) { return fa_sse2_floor_f64(x); }
/* 2^floor(k), 0 <= floor(k) <= 1022, for k = t - 0x1.8p(52 - b): t's bits are
 * the shifter's plus 2^b k (see avx2.h); the shift count from a register, as b
 * need not be a constant to every compiler */
FA_INLINE fa_vf64 fa_vf64_pow2_floor(fa_vf64 k, fa_vf64 t, int b) {
    (void)k;
    const __m128i e = _mm_and_si128(_mm_sll_epi64(_mm_castpd_si128(t), _mm_cvtsi32_si128(52 - b)),
                                    _mm_set_epi32(0x7ff00000, 0, 0x7ff00000, 0));
    return _mm_castsi128_pd(_mm_add_epi64(e, _mm_set_epi32(0x3ff00000, 0, 0x3ff00000, 0)));
}

/* the bit patterns of a plus those of v shifted left by n (a constant), as
 * 32-bit integers that wrap (pslld, paddd) */
#define fa_vf32_bits_add_shl(a, v, n)                                                              \
    _mm_castsi128_ps(_mm_add_epi32(_mm_castps_si128(a), _mm_slli_epi32(_mm_castps_si128(v), n)))
/* the same as 64-bit integers (psllq, paddq) */
#define fa_vf64_bits_add_shl(a, v, n)                                                              \
    _mm_castsi128_pd(_mm_add_epi64(_mm_castpd_si128(a), _mm_slli_epi64(_mm_castpd_si128(v), n)))

#endif
