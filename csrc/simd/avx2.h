/* The SIMD operations of csrc/simd/ for AVX2+FMA: 8 floats or 4 doubles per
 * vector, masks are vectors of all-ones / all-zeros lanes. AVX2 has no
 * vscalef and no double reciprocal; those two take a few instructions here. */
#ifndef FASTACT_SIMD_AVX2_H
#define FASTACT_SIMD_AVX2_H

#include <immintrin.h>
#include <stddef.h>

#include "portable.h" /* FA_INLINE, FA_ALIGNED */

/* a two-source permute takes three instructions (vpermps twice and a blend):
 * loops.inc reads ahead with unaligned loads instead (no aligned-source ops),
 * lookup16 is a gather (_kernel_table.py picks bodies by it; gelu_f32.h its
 * polynomial pieces) */
#define FA_SIMD_PERMUTE_CHEAP 0
/* which rows of src/fastact/_kernel_table.py apply (layer "avx2") */
#define FA_SIMD_LAYER_AVX2 1

/* The operations both dtypes spell the same way. */
#define FA_SIMD_DEFINE_COMMON(S, V, T, W, ps)                                                      \
    typedef V fa_v##S;                                                                             \
    typedef V fa_m##S;                                                                             \
    enum { FA_V_LANES_##S = W };                                                                   \
    FA_INLINE fa_v##S fa_v##S##_set1(T c) { return _mm256_set1_##ps(c); }                          \
    FA_INLINE fa_v##S fa_v##S##_load(const T *p) { return _mm256_loadu_##ps(p); }                  \
    FA_INLINE void fa_v##S##_store(T *p, fa_v##S v) { _mm256_storeu_##ps(p, v); }                  \
    FA_INLINE fa_v##S fa_v##S##_add(fa_v##S a, fa_v##S b) { return _mm256_add_##ps(a, b); }        \
    FA_INLINE fa_v##S fa_v##S##_sub(fa_v##S a, fa_v##S b) { return _mm256_sub_##ps(a, b); }        \
    FA_INLINE fa_v##S fa_v##S##_mul(fa_v##S a, fa_v##S b) { return _mm256_mul_##ps(a, b); }        \
    FA_INLINE fa_v##S fa_v##S##_fma(fa_v##S a, fa_v##S b, fa_v##S c) {                             \
        return _mm256_fmadd_##ps(a, b, c);                                                         \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_fnma(fa_v##S a, fa_v##S b, fa_v##S c) {                            \
        return _mm256_fnmadd_##ps(a, b, c);                                                        \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_neg_abs(fa_v##S x) {                                               \
        return _mm256_or_##ps(x, _mm256_set1_##ps(-0.0));                                          \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_max_keep_nan(fa_v##S c, fa_v##S x) {                               \
        return _mm256_max_##ps(c, x);                                                              \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_copysign(fa_v##S m, fa_v##S s) {                                   \
        const fa_v##S sign = _mm256_set1_##ps(-0.0);                                               \
        return _mm256_or_##ps(_mm256_andnot_##ps(sign, m), _mm256_and_##ps(sign, s));              \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_or_sign(fa_v##S m, fa_v##S s) {                                    \
        return _mm256_or_##ps(m, _mm256_and_##ps(_mm256_set1_##ps(-0.0), s));                      \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_round(fa_v##S x) {                                                 \
        return _mm256_round_##ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);                \
    }                                                                                              \
    FA_INLINE fa_m##S fa_v##S##_ge(fa_v##S a, fa_v##S b) {                                         \
        return _mm256_cmp_##ps(a, b, _CMP_GE_OQ);                                                  \
    }                                                                                              \
    FA_INLINE fa_m##S fa_v##S##_lt(fa_v##S a, fa_v##S b) {                                         \
        return _mm256_cmp_##ps(a, b, _CMP_LT_OQ);                                                  \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_select(fa_m##S m, fa_v##S a, fa_v##S b) {                          \
        return _mm256_blendv_##ps(b, a, m);                                                        \
    }                                                                                              \
    /* m ? +0 : v */                                                                               \
    FA_INLINE fa_v##S fa_v##S##_zero_where(fa_m##S m, fa_v##S v) {                                 \
        return _mm256_andnot_##ps(m, v);                                                           \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_fms(fa_v##S a, fa_v##S b, fa_v##S c) {                             \
        return _mm256_fmsub_##ps(a, b, c);                                                         \
    }                                                                                              \
    /* a b - p exactly for p = a b rounded: the fused op (simd.h) */                               \
    FA_INLINE fa_v##S fa_v##S##_prod_err(fa_v##S a, fa_v##S b, fa_v##S p) {                        \
        return fa_v##S##_fms(a, b, p);                                                             \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_min_keep_nan(fa_v##S c, fa_v##S x) {                               \
        return _mm256_min_##ps(c, x);                                                              \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_div(fa_v##S a, fa_v##S b) { return _mm256_div_##ps(a, b); }

FA_SIMD_DEFINE_COMMON(f32, __m256, float, 8, ps)
FA_SIMD_DEFINE_COMMON(f64, __m256d, double, 4, pd)
#undef FA_SIMD_DEFINE_COMMON

/* Lanes below n (< the lane count) all-ones. */
FA_INLINE __m256i fa_first_lanes_f32(size_t n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
FA_INLINE __m256i fa_first_lanes_f64(size_t n) {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x((long long)n), _mm256_setr_epi64x(0, 1, 2, 3));
}
FA_INLINE fa_vf32 fa_vf32_load_first(const float *p, size_t n) {
    return _mm256_maskload_ps(p, fa_first_lanes_f32(n));
}
FA_INLINE void fa_vf32_store_first(float *p, fa_vf32 v, size_t n) {
    _mm256_maskstore_ps(p, fa_first_lanes_f32(n), v);
}
FA_INLINE fa_vf64 fa_vf64_load_first(const double *p, size_t n) {
    return _mm256_maskload_pd(p, fa_first_lanes_f64(n));
}
FA_INLINE void fa_vf64_store_first(double *p, fa_vf64 v, size_t n) {
    _mm256_maskstore_pd(p, fa_first_lanes_f64(n), v);
}

/* v 2^k for integral k with |k| <= 252 (float) / 2044 (double): two factors
 * 2^(k/2), each a normal number, so the product is rounded once. */
FA_INLINE fa_vf32 fa_vf32_scale2(fa_vf32 v, fa_vf32 k) {
    const __m256i ki = _mm256_cvtps_epi32(k);
    const __m256i k1 = _mm256_srai_epi32(ki, 1), k2 = _mm256_sub_epi32(ki, k1);
    const __m256i bias = _mm256_set1_epi32(127);
    const __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k1, bias), 23));
    const __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k2, bias), 23));
    return _mm256_mul_ps(_mm256_mul_ps(v, s1), s2);
}
FA_INLINE fa_vf64 fa_vf64_scale2(fa_vf64 v, fa_vf64 k) {
    const __m128i k32 = _mm256_cvtpd_epi32(k);
    const __m128i h32 = _mm_srai_epi32(k32, 1);
    const __m256i k1 = _mm256_cvtepi32_epi64(h32);
    const __m256i k2 = _mm256_cvtepi32_epi64(_mm_sub_epi32(k32, h32));
    const __m256i bias = _mm256_set1_epi64x(1023);
    const __m256d s1 = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(k1, bias), 52));
    const __m256d s2 = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(k2, bias), 52));
    return _mm256_mul_pd(_mm256_mul_pd(v, s1), s2);
}

/* Reciprocal seeds: vrcpps is good to 2^-11; one Newton step here. Doubles
 * take the float seed. */
enum { FA_RECIP_SEED_BITS_f32 = 22, FA_RECIP_SEED_BITS_f64 = 22 };
FA_INLINE fa_vf32 fa_newton_recip_f32(fa_vf32 d, fa_vf32 y) {
    return _mm256_fmadd_ps(_mm256_fnmadd_ps(d, y, _mm256_set1_ps(1.0f)), y, y);
}
FA_INLINE fa_vf32 fa_vf32_recip_seed(fa_vf32 d) { return fa_newton_recip_f32(d, _mm256_rcp_ps(d)); }
FA_INLINE fa_vf64 fa_vf64_recip_seed(fa_vf64 d) {
    const __m256d y = _mm256_cvtps_pd(_mm_rcp_ps(_mm256_cvtpd_ps(d)));
    return _mm256_fmadd_pd(_mm256_fnmadd_pd(d, y, _mm256_set1_pd(1.0)), y, y);
}

/* 1/d for 1 <= d <= 2^1000 (float: 2^120), to about half an ULP: vrcpps and
 * two Newton steps for float; doubles divide (the float seed would overflow) */
FA_INLINE fa_vf32 fa_vf32_inv(fa_vf32 d) { return fa_newton_recip_f32(d, fa_vf32_recip_seed(d)); }
FA_INLINE fa_vf64 fa_vf64_inv(fa_vf64 d) { return _mm256_div_pd(_mm256_set1_pd(1.0), d); }

/* float <-> double halves (see avx512.h) */
FA_INLINE fa_vf64 fa_vf32_widen_lo(fa_vf32 x) { return _mm256_cvtps_pd(_mm256_castps256_ps128(x)); }
FA_INLINE fa_vf64 fa_vf32_widen_hi(fa_vf32 x) {
    return _mm256_cvtps_pd(_mm256_extractf128_ps(x, 1));
}
FA_INLINE fa_vf32 fa_vf32_narrow(fa_vf64 lo, fa_vf64 hi) {
    return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(lo)), _mm256_cvtpd_ps(hi),
                                1);
}
/* v 2^n for k = n + 0x1.8p52 (|n| <= 1022): n + 1023 is in k's low bits */
FA_INLINE fa_vf64 fa_vf64_scale2_shifted(fa_vf64 v, fa_vf64 k) {
    const __m256i e = _mm256_add_epi64(_mm256_castpd_si256(k), _mm256_set1_epi64x(1023));
    return _mm256_mul_pd(v, _mm256_castsi256_pd(_mm256_slli_epi64(e, 52)));
}
/* table[j] for j the low 4 bits of t's lanes (see avx512.h): AVX2 has no
 * two-register permute of doubles, so a gather */
FA_INLINE fa_vf64 fa_vf64_lookup16(const double *table, fa_vf64 t) {
    const __m256i j = _mm256_and_si256(_mm256_castpd_si256(t), _mm256_set1_epi64x(15));
    return _mm256_i64gather_pd(table, j, 8);
}
/* a k that scale2 reads as floor(x) (scale2 here rounds to nearest) */
FA_INLINE fa_vf64 fa_vf64_floor_for_scale2(fa_vf64 x) { return _mm256_floor_pd(x); }

/* x is NaN (the piecewise bodies of piecewise.inc) */
FA_INLINE fa_mf32 fa_vf32_nan(fa_vf32 x) { return _mm256_cmp_ps(x, x, _CMP_UNORD_Q); }
FA_INLINE fa_mf64 fa_vf64_nan(fa_vf64 x) { return _mm256_cmp_pd(x, x, _CMP_UNORD_Q); }

/* t[j] for j the low 4 bits of each lane's bit pattern of s: two 8-entry
 * permutes, bit 3 (shifted to the sign) picks one */
FA_INLINE fa_vf32 fa_vf32_lookup16(const float *t, fa_vf32 s) {
    const __m256i j = _mm256_castps_si256(s);
    const __m256 lo = _mm256_permutevar8x32_ps(_mm256_loadu_ps(t), j);
    const __m256 hi = _mm256_permutevar8x32_ps(_mm256_loadu_ps(t + 8), j);
    return _mm256_blendv_ps(lo, hi, _mm256_castsi256_ps(_mm256_slli_epi32(j, 28)));
}
/* v 2^floor(k), floor(k) within scale2's range */
FA_INLINE fa_vf32 fa_vf32_scale2_floor(fa_vf32 v, fa_vf32 k) {
    return fa_vf32_scale2(v, _mm256_floor_ps(k));
}
/* 2^floor(k), 0 <= floor(k) <= 127, for k = s - 0x1.8p19 (exp_table_f32.h's
 * shifter): s's bits are those of 0x1.8p19 (low 13 bits 0) plus K = 16 k, so
 * (bits << 19) & 0xff800000 is floor(k) in the exponent field: three integer
 * operations where scale2_floor takes ten */
FA_INLINE fa_vf32 fa_vf32_pow2_floor(fa_vf32 k, fa_vf32 s) {
    (void)k;
    const __m256i e = _mm256_and_si256(_mm256_slli_epi32(_mm256_castps_si256(s), 19),
                                       _mm256_set1_epi32((int)0xff800000u));
    return _mm256_castsi256_ps(_mm256_add_epi32(e, _mm256_set1_epi32(0x3f800000)));
}
/* 2^j for v = 0x1.8p23 + j + 127 (see avx512.h): one integer shift */
FA_INLINE fa_vf32 fa_vf32_pow2_biased(fa_vf32 v) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_castps_si256(v), 23));
}
/* s's sign bit set ? a : b (see avx512.h): vblendvps reads the sign bit itself */
FA_INLINE fa_vf32 fa_vf32_select_sign(fa_vf32 s, fa_vf32 a, fa_vf32 b) {
    return _mm256_blendv_ps(b, a, s);
}
FA_INLINE fa_vf64 fa_vf64_pow2_biased(fa_vf64 v) {
    return _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_castpd_si256(v), 52));
}
FA_INLINE fa_vf64 fa_vf64_select_sign(fa_vf64 s, fa_vf64 a, fa_vf64 b) {
    return _mm256_blendv_pd(b, a, s);
}
/* t[j] for j the low 3 bits of each lane's bit pattern of s (an 8-entry table
 * held in a register: one vpermps) */
FA_INLINE fa_vf32 fa_vf32_lookup8(const float *t, fa_vf32 s) {
    return _mm256_permutevar8x32_ps(_mm256_loadu_ps(t), _mm256_castps_si256(s));
}
/* the bit patterns of v shifted right by n (a constant), as floats' bits */
#define fa_vf32_bits_shr(v, n) _mm256_castsi256_ps(_mm256_srli_epi32(_mm256_castps_si256(v), n))
#define fa_vf64_bits_shr(v, n) _mm256_castsi256_pd(_mm256_srli_epi64(_mm256_castpd_si256(v), n))
/* 2^(floor(k) + 32), -158 <= floor(k) <= 95, for k = s - 0x1.8p19: as
 * pow2_floor, floor(k) as 9-bit two's complement in bits 23..31 plus the
 * biased exponent of 2^32 (the carry out of bit 31 drops) */
FA_INLINE fa_vf32 fa_vf32_pow2_floor_plus32(fa_vf32 k, fa_vf32 s) {
    (void)k;
    const __m256i e = _mm256_and_si256(_mm256_slli_epi32(_mm256_castps_si256(s), 19),
                                       _mm256_set1_epi32((int)0xff800000u));
    return _mm256_castsi256_ps(_mm256_add_epi32(e, _mm256_set1_epi32((127 + 32) << 23)));
}
/* |x| (NaN stays NaN) */
FA_INLINE fa_vf32 fa_vf32_abs(fa_vf32 x) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x); }
/* some lane of m is set */
FA_INLINE int fa_vf32_any(fa_mf32 m) { return _mm256_movemask_ps(m) != 0; }
FA_INLINE fa_vf64 fa_vf64_abs(fa_vf64 x) { return _mm256_andnot_pd(_mm256_set1_pd(-0.0), x); }
FA_INLINE int fa_vf64_any(fa_mf64 m) { return _mm256_movemask_pd(m) != 0; }
/* 2^floor(k), 0 <= floor(k) <= 1022, for k = t - 0x1.8p(52 - b) (a shifter
 * whose ULP is 2^-b): t's bits are those of the shifter plus 2^b k in the low
 * bits, so (bits << (52 - b)) & 0x7ff0... is floor(k) in the exponent field
 * (as the float pow2_floor) */
FA_INLINE fa_vf64 fa_vf64_pow2_floor(fa_vf64 k, fa_vf64 t, int b) {
    (void)k;
    const __m256i e = _mm256_and_si256(_mm256_slli_epi64(_mm256_castpd_si256(t), 52 - b),
                                       _mm256_set1_epi64x(0x7ff0000000000000LL));
    return _mm256_castsi256_pd(_mm256_add_epi64(e, _mm256_set1_epi64x(0x3ff0000000000000LL)));
}
/* table[j] for j the low 2 bits of t's lanes: the 4 doubles in one register,
 * one vpermps with the index pairs 2j, 2j + 1 (vpermps reads the low 3 bits
 * of each 32-bit index: t's low word doubled, copied to the high word, + 1
 * there). lookup16's two gathers cost more than the longer polynomial this
 * table needs (silu_f64.inc; kernels.h picks the table size) */
FA_INLINE fa_vf64 fa_vf64_lookup4(const double *table, fa_vf64 t) {
    const __m256i j2 = _mm256_slli_epi32(_mm256_castpd_si256(t), 1);
    const __m256i idx =
        _mm256_add_epi32(_mm256_shuffle_epi32(j2, 0xa0), _mm256_set1_epi64x(0x100000000LL));
    return _mm256_castps_pd(
        _mm256_permutevar8x32_ps(_mm256_castpd_ps(_mm256_loadu_pd(table)), idx));
}
/* 1/d for 1 <= d <= 0x1.8p125: vrcpps alone, 1.5 2^-12 relative (Intel's
 * bound; its results stay normal there), for a caller that corrects to second
 * order itself (silu_f32.inc: one operation fewer than recip_seed's step) */
enum { FA_RECIP_APPROX_BITS_f32 = 11 };
FA_INLINE fa_vf32 fa_vf32_recip_approx(fa_vf32 d) { return _mm256_rcp_ps(d); }
/* the bit patterns of a plus those of v shifted left by n (a constant), as
 * 32-bit integers that wrap (vpslld, vpaddd) */
#define fa_vf32_bits_add_shl(a, v, n)                                                              \
    _mm256_castsi256_ps(                                                                           \
        _mm256_add_epi32(_mm256_castps_si256(a), _mm256_slli_epi32(_mm256_castps_si256(v), n)))
/* the same as 64-bit integers (vpsllq, vpaddq) */
#define fa_vf64_bits_add_shl(a, v, n)                                                              \
    _mm256_castsi256_pd(                                                                           \
        _mm256_add_epi64(_mm256_castpd_si256(a), _mm256_slli_epi64(_mm256_castpd_si256(v), n)))
/* square tiles transposed (kernels/axis_dtype.inc's strided axes) */
#include "simd/tile_avx.h"
#endif
