/* The SIMD operations the kernels in csrc/simd/ are written over, for
 * AVX-512F/DQ: 16 floats or 8 doubles per vector, k-register masks.
 * Every operation is one instruction (or two at most), so that a body in
 * csrc/simd/ (*.inc, *_f32.h, *_f64.h) reads as the instruction count it costs. */
#ifndef FASTACT_SIMD_AVX512_H
#define FASTACT_SIMD_AVX512_H

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h> /* uintptr_t */

#include "portable.h" /* FA_INLINE, FA_ALIGNED */

/* a two-source permute is one instruction: loops.inc reads x in aligned
 * vectors, lookup16 is one vpermt2pd (_kernel_table.py picks bodies by it;
 * gelu_f32.h its polynomial pieces) */
#define FA_SIMD_PERMUTE_CHEAP 1
/* which rows of src/fastact/_kernel_table.py apply (layer "avx512") */
#define FA_SIMD_LAYER_AVX512 1

#define FA_SIMD_DEFINE_OPS(S, V, M, T, W, ps, SEED_BITS)                                           \
    typedef V fa_v##S;                                                                             \
    typedef M fa_m##S;                                                                             \
    enum { FA_V_LANES_##S = W };                                                                   \
    FA_INLINE fa_v##S fa_v##S##_set1(T c) { return _mm512_set1_##ps(c); }                          \
    FA_INLINE fa_v##S fa_v##S##_load(const T *p) { return _mm512_loadu_##ps(p); }                  \
    FA_INLINE void fa_v##S##_store(T *p, fa_v##S v) { _mm512_storeu_##ps(p, v); }                  \
    /* the first n < W lanes; the others read as 0 and are not written */                          \
    FA_INLINE fa_v##S fa_v##S##_load_first(const T *p, size_t n) {                                 \
        return _mm512_maskz_loadu_##ps((M)((1u << n) - 1u), p);                                    \
    }                                                                                              \
    FA_INLINE void fa_v##S##_store_first(T *p, fa_v##S v, size_t n) {                              \
        _mm512_mask_storeu_##ps(p, (M)((1u << n) - 1u), v);                                        \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_add(fa_v##S a, fa_v##S b) { return _mm512_add_##ps(a, b); }        \
    FA_INLINE fa_v##S fa_v##S##_sub(fa_v##S a, fa_v##S b) { return _mm512_sub_##ps(a, b); }        \
    FA_INLINE fa_v##S fa_v##S##_mul(fa_v##S a, fa_v##S b) { return _mm512_mul_##ps(a, b); }        \
    /* a b + c and c - a b, rounded once */                                                        \
    FA_INLINE fa_v##S fa_v##S##_fma(fa_v##S a, fa_v##S b, fa_v##S c) {                             \
        return _mm512_fmadd_##ps(a, b, c);                                                         \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_fnma(fa_v##S a, fa_v##S b, fa_v##S c) {                            \
        return _mm512_fnmadd_##ps(a, b, c);                                                        \
    }                                                                                              \
    /* -|x| (NaN stays NaN) */                                                                     \
    FA_INLINE fa_v##S fa_v##S##_neg_abs(fa_v##S x) {                                               \
        return _mm512_or_##ps(x, _mm512_set1_##ps(-0.0));                                          \
    }                                                                                              \
    /* max(c, x), x where x is NaN (vmax returns its second operand then) */                       \
    FA_INLINE fa_v##S fa_v##S##_max_keep_nan(fa_v##S c, fa_v##S x) {                               \
        return _mm512_max_##ps(c, x);                                                              \
    }                                                                                              \
    /* the magnitude of m with the sign of s */                                                    \
    FA_INLINE fa_v##S fa_v##S##_copysign(fa_v##S m, fa_v##S s) {                                   \
        const fa_v##S sign = _mm512_set1_##ps(-0.0);                                               \
        return _mm512_or_##ps(_mm512_andnot_##ps(sign, m), _mm512_and_##ps(sign, s));              \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_or_sign(fa_v##S m, fa_v##S s) {                                    \
        return _mm512_or_##ps(m, _mm512_and_##ps(_mm512_set1_##ps(-0.0), s));                      \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_round(fa_v##S x) {                                                 \
        return _mm512_roundscale_##ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);           \
    }                                                                                              \
    /* v 2^k for integral k (any magnitude, +-inf), rounded once (also where the      \
     * result is subnormal): vscalef */            \
    FA_INLINE fa_v##S fa_v##S##_scale2(fa_v##S v, fa_v##S k) { return _mm512_scalef_##ps(v, k); }  \
    /* y with |1 - d y| <= 2^-FA_RECIP_SEED_BITS_S, d in [1, 2] */                                 \
    enum { FA_RECIP_SEED_BITS_##S = SEED_BITS };                                                   \
    FA_INLINE fa_v##S fa_v##S##_recip_seed(fa_v##S d) { return _mm512_rcp14_##ps(d); }             \
    FA_INLINE fa_m##S fa_v##S##_ge(fa_v##S a, fa_v##S b) {                                         \
        return _mm512_cmp_##ps##_mask(a, b, _CMP_GE_OQ);                                           \
    }                                                                                              \
    FA_INLINE fa_m##S fa_v##S##_lt(fa_v##S a, fa_v##S b) {                                         \
        return _mm512_cmp_##ps##_mask(a, b, _CMP_LT_OQ);                                           \
    }                                                                                              \
    /* m ? a : b */                                                                                \
    FA_INLINE fa_v##S fa_v##S##_select(fa_m##S m, fa_v##S a, fa_v##S b) {                          \
        return _mm512_mask_blend_##ps(m, b, a);                                                    \
    }                                                                                              \
    /* m ? +0 : v (zero-masking, which GCC folds into the op that makes v) */                      \
    FA_INLINE fa_v##S fa_v##S##_zero_where(fa_m##S m, fa_v##S v) {                                 \
        return _mm512_maskz_mov_##ps((M)~m, v);                                                    \
    }                                                                                              \
    /* a b - c, rounded once (the low part of a product: fms(a, b, a b)) */                        \
    FA_INLINE fa_v##S fa_v##S##_fms(fa_v##S a, fa_v##S b, fa_v##S c) {                             \
        return _mm512_fmsub_##ps(a, b, c);                                                         \
    }                                                                                              \
    /* a b - p exactly for p = a b rounded: the fused op (simd.h) */                               \
    FA_INLINE fa_v##S fa_v##S##_prod_err(fa_v##S a, fa_v##S b, fa_v##S p) {                        \
        return fa_v##S##_fms(a, b, p);                                                             \
    }                                                                                              \
    /* min(c, x), x where x is NaN (vmin returns its second operand then) */                       \
    FA_INLINE fa_v##S fa_v##S##_min_keep_nan(fa_v##S c, fa_v##S x) {                               \
        return _mm512_min_##ps(c, x);                                                              \
    }                                                                                              \
    /* a / b, correctly rounded (slow: for per-call parameters off the default) */                 \
    FA_INLINE fa_v##S fa_v##S##_div(fa_v##S a, fa_v##S b) { return _mm512_div_##ps(a, b); }

FA_SIMD_DEFINE_OPS(f32, __m512, __mmask16, float, 16, ps, 14)
FA_SIMD_DEFINE_OPS(f64, __m512d, __mmask8, double, 8, pd, 14)
#undef FA_SIMD_DEFINE_OPS

/* 1/d for 1 <= d <= 2^1000, to about half an ULP: rcp14 (2^-14) and Newton
 * steps, each doubling the bits (one for float, two for double) */
FA_INLINE fa_vf32 fa_vf32_inv(fa_vf32 d) {
    const __m512 y = _mm512_rcp14_ps(d);
    return _mm512_fmadd_ps(_mm512_fnmadd_ps(d, y, _mm512_set1_ps(1.0f)), y, y);
}
FA_INLINE fa_vf64 fa_vf64_inv(fa_vf64 d) {
    const __m512d one = _mm512_set1_pd(1.0);
    __m512d y = _mm512_rcp14_pd(d);
    y = _mm512_fmadd_pd(_mm512_fnmadd_pd(d, y, one), y, y);
    return _mm512_fmadd_pd(_mm512_fnmadd_pd(d, y, one), y, y);
}

/* float <-> double: the low and high halves of a float vector widened (exact),
 * and two double vectors narrowed into one, each lane rounded once */
FA_INLINE fa_vf64 fa_vf32_widen_lo(fa_vf32 x) { return _mm512_cvtps_pd(_mm512_castps512_ps256(x)); }
FA_INLINE fa_vf64 fa_vf32_widen_hi(fa_vf32 x) {
    return _mm512_cvtps_pd(_mm512_extractf32x8_ps(x, 1));
}
FA_INLINE fa_vf32 fa_vf32_narrow(fa_vf64 lo, fa_vf64 hi) {
    return _mm512_insertf32x8(_mm512_castps256_ps512(_mm512_cvtpd_ps(lo)), _mm512_cvtpd_ps(hi), 1);
}
/* v 2^n for k = n + 0x1.8p52 (the shifter trick; n integral, |n| <= 1022) */
FA_INLINE fa_vf64 fa_vf64_scale2_shifted(fa_vf64 v, fa_vf64 k) {
    return _mm512_scalef_pd(v, _mm512_sub_pd(k, _mm512_set1_pd(0x1.8p52)));
}
/* table[j] for j the low 4 bits of t's lanes (t = 0x1.8p52 + an integer: j is
 * that integer mod 16): one vpermt2pd over two
 * registers the loop keeps */
FA_INLINE fa_vf64 fa_vf64_lookup16(const double *table, fa_vf64 t) {
    return _mm512_permutex2var_pd(_mm512_loadu_pd(table), _mm512_castpd_si512(t),
                                  _mm512_loadu_pd(table + 8));
}
/* a k that scale2 reads as floor(x): vscalef floors its exponent itself */
FA_INLINE fa_vf64 fa_vf64_floor_for_scale2(fa_vf64 x) { return x; }

/* Aligned-source loops (loops.inc): x read in whole aligned vectors only.
 * load_aligned: p a multiple of the vector size. load_block_from: the aligned
 * vector whose lane m is p[0], lanes below m not read (masked: no access before
 * p) and 0. shift_index(m) / shift_pair(lo, hi, idx): lanes m .. m + W - 1 of
 * lo:hi, one two-source permute (the index vector kept as VT bits). nan: x is NaN. */
#define FA_SIMD_DEFINE_ALIGNED_OPS(S, T, M, W, ps, I, epi, SET_LANES)                              \
    FA_INLINE fa_v##S fa_v##S##_load_aligned(const T *p) { return _mm512_load_##ps(p); }           \
    FA_INLINE fa_v##S fa_v##S##_load_block_from(const T *p, size_t m) {                            \
        return _mm512_maskz_load_##ps((M)(((1u << W) - 1u) << m & ((1u << W) - 1u)),               \
                                      (const T *)((uintptr_t)p - m * sizeof(T)));                  \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_shift_index(size_t m) {                                            \
        return _mm512_castsi512_##ps(_mm512_add_##epi(_mm512_set1_##epi((I)m), SET_LANES));        \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_shift_pair(fa_v##S lo, fa_v##S hi, fa_v##S idx) {                  \
        return _mm512_permutex2var_##ps(lo, _mm512_cast##ps##_si512(idx), hi);                     \
    }                                                                                              \
    FA_INLINE fa_m##S fa_v##S##_nan(fa_v##S x) {                                                   \
        return _mm512_cmp_##ps##_mask(x, x, _CMP_UNORD_Q);                                         \
    }
FA_SIMD_DEFINE_ALIGNED_OPS(f32, float, __mmask16, 16, ps, int, epi32,
                           _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
FA_SIMD_DEFINE_ALIGNED_OPS(f64, double, __mmask8, 8, pd, long long, epi64,
                           _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7))
#undef FA_SIMD_DEFINE_ALIGNED_OPS

/* t[j] for j the low 4 bits of each lane's bit pattern of s (a 16-entry table
 * held in a register: vpermps) */
FA_INLINE fa_vf32 fa_vf32_lookup16(const float *t, fa_vf32 s) {
    return _mm512_permutexvar_ps(_mm512_castps_si512(s), _mm512_loadu_ps(t));
}
/* v 2^floor(k) for any k (vscalef floors k itself) */
FA_INLINE fa_vf32 fa_vf32_scale2_floor(fa_vf32 v, fa_vf32 k) { return _mm512_scalef_ps(v, k); }
/* 2^floor(k), 0 <= floor(k) <= 127, for k = s - 0x1.8p19 (exp_table_f32.h's
 * shifter; the caller has both): one vscalef of 1 */
FA_INLINE fa_vf32 fa_vf32_pow2_floor(fa_vf32 k, fa_vf32 s) {
    (void)s;
    return _mm512_scalef_ps(_mm512_set1_ps(1.0f), k);
}
/* 2^j for v = 0x1.8p23 + j + 127 (a shifter whose low 9 bits hold the biased
 * exponent j + 127 in [1, 254]): v's bits shifted into the exponent field */
FA_INLINE fa_vf32 fa_vf32_pow2_biased(fa_vf32 v) {
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_castps_si512(v), 23));
}
/* s's sign bit set ? a : b (-0 and NaNs with the bit set pick a) */
FA_INLINE fa_vf32 fa_vf32_select_sign(fa_vf32 s, fa_vf32 a, fa_vf32 b) {
    return _mm512_mask_blend_ps(_mm512_movepi32_mask(_mm512_castps_si512(s)), b, a);
}
/* the same for double: v = 0x1.8p52 + j + 1023, 2^j from its low 12 bits */
FA_INLINE fa_vf64 fa_vf64_pow2_biased(fa_vf64 v) {
    return _mm512_castsi512_pd(_mm512_slli_epi64(_mm512_castpd_si512(v), 52));
}
FA_INLINE fa_vf64 fa_vf64_select_sign(fa_vf64 s, fa_vf64 a, fa_vf64 b) {
    return _mm512_mask_blend_pd(_mm512_movepi64_mask(_mm512_castpd_si512(s)), b, a);
}
/* t[j] for j the low 3 bits of each lane's bit pattern of s (an 8-entry table;
 * the index masked to 3 bits, one vpermps over the table loaded twice) */
FA_INLINE fa_vf32 fa_vf32_lookup8(const float *t, fa_vf32 s) {
    const __m512i j = _mm512_and_si512(_mm512_castps_si512(s), _mm512_set1_epi32(7));
    return _mm512_permutexvar_ps(j, _mm512_castps256_ps512(_mm256_loadu_ps(t)));
}
/* the bit patterns of v shifted right by n (a constant), as floats' bits */
#define fa_vf32_bits_shr(v, n) _mm512_castsi512_ps(_mm512_srli_epi32(_mm512_castps_si512(v), n))
#define fa_vf64_bits_shr(v, n) _mm512_castsi512_pd(_mm512_srli_epi64(_mm512_castpd_si512(v), n))
/* 2^(floor(k) + 32), -158 <= floor(k) <= 95, for k = s - 0x1.8p19 (as
 * pow2_floor): one vscalef of 2^32 */
FA_INLINE fa_vf32 fa_vf32_pow2_floor_plus32(fa_vf32 k, fa_vf32 s) {
    (void)s;
    return _mm512_scalef_ps(_mm512_set1_ps(0x1p32f), k);
}
/* |x| (NaN stays NaN) */
FA_INLINE fa_vf32 fa_vf32_abs(fa_vf32 x) { return _mm512_andnot_ps(_mm512_set1_ps(-0.0f), x); }
/* min(c, |x|) (simd.h's op list): vrangeps, imm 0xA = the smaller magnitude
 * with the sign cleared; a NaN x gives c (Zen 4, measured: vrangeps returns
 * the other operand of a quiet NaN) */
#define FA_SIMD_HAS_ABS_MIN 1
FA_INLINE fa_vf32 fa_vf32_abs_min(fa_vf32 c, fa_vf32 x) { return _mm512_range_ps(x, c, 0x0A); }
/* some lane of m is set */
FA_INLINE int fa_vf32_any(fa_mf32 m) { return m != 0; }
FA_INLINE fa_vf64 fa_vf64_abs(fa_vf64 x) { return _mm512_andnot_pd(_mm512_set1_pd(-0.0), x); }
FA_INLINE int fa_vf64_any(fa_mf64 m) { return m != 0; }
/* 2^floor(k), 0 <= floor(k) <= 1022, for k = t - 0x1.8p(52 - b) (a shifter
 * whose ULP is 2^-b; the caller has both): one vscalef of 1 */
FA_INLINE fa_vf64 fa_vf64_pow2_floor(fa_vf64 k, fa_vf64 t, int b) {
    (void)t, (void)b;
    return _mm512_scalef_pd(_mm512_set1_pd(1.0), k);
}
/* table[j] for j the low 2 bits of t's lanes (as lookup16; 4 entries) */
FA_INLINE fa_vf64 fa_vf64_lookup4(const double *table, fa_vf64 t) {
    const __m512i j = _mm512_and_si512(_mm512_castpd_si512(t), _mm512_set1_epi64(3));
    return _mm512_permutexvar_pd(j, _mm512_broadcast_f64x4(_mm256_loadu_pd(table)));
}
/* 1/d for 1 <= d <= 0x1.8p125: rcp14 (2^-14, as recip_seed) */
enum { FA_RECIP_APPROX_BITS_f32 = 14 };
FA_INLINE fa_vf32 fa_vf32_recip_approx(fa_vf32 d) { return _mm512_rcp14_ps(d); }

/* the bit patterns of a plus those of v shifted left by n (a constant), as
 * 32-bit integers that wrap */
#define fa_vf32_bits_add_shl(a, v, n)                                                              \
    _mm512_castsi512_ps(                                                                           \
        _mm512_add_epi32(_mm512_castps_si512(a), _mm512_slli_epi32(_mm512_castps_si512(v), n)))
/* the same as 64-bit integers */
#define fa_vf64_bits_add_shl(a, v, n)                                                              \
    _mm512_castsi512_pd(                                                                           \
        _mm512_add_epi64(_mm512_castpd_si512(a), _mm512_slli_epi64(_mm512_castpd_si512(v), n)))
/* square tiles transposed (kernels/axis_dtype.inc's strided axes) */
#include "simd/tile_avx.h"
#endif
