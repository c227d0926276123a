/* The SIMD operations of csrc/simd/ for AArch64 Advanced SIMD (NEON), which
 * always has FMA: 4 floats or 2 doubles per vector, masks are vectors of
 * all-ones / all-zeros lanes (uint32x4_t, uint64x2_t). The same op list as
 * avx2.h, with the same contracts; where NEON lacks an instruction the
 * comment says what stands in:
 *   - no masked loads: load_first / store_first go through a small buffer;
 *   - table lookups (lookup8, lookup16 for floats) are byte shuffles (tbl)
 *     with each lane's index turned into its 4 byte indices; doubles' lookups
 *     read their 2 lanes from memory;
 *   - the reciprocal seed is frecpe (8 bits) and two frecps Newton steps.
 * Bodies see no difference: _kernel_table.py gives NEON the AVX2 bodies
 * (FA_SIMD_PERMUTE_CHEAP 0). */
#ifndef FASTACT_SIMD_NEON_H
#define FASTACT_SIMD_NEON_H

#include <arm_neon.h>
#include <stddef.h>
#include <string.h>

#include "portable.h" /* FA_INLINE, FA_ALIGNED */

/* no two-source permute of whole vectors: loops.inc reads ahead with
 * unaligned loads, gelu_f32.h and _kernel_table.py take the AVX2 pieces */
#define FA_SIMD_PERMUTE_CHEAP 0
/* which rows of src/fastact/_kernel_table.py apply (layer "neon") */
#define FA_SIMD_LAYER_NEON 1

#define FA_NEON_BITS_f32(v) vreinterpretq_u32_f32(v)
#define FA_NEON_BITS_f64(v) vreinterpretq_u64_f64(v)
#define FA_NEON_FROM_BITS_f32(v) vreinterpretq_f32_u32(v)
#define FA_NEON_FROM_BITS_f64(v) vreinterpretq_f64_u64(v)

/* The operations both dtypes spell the same way (q: the 128-bit form, S the
 * dtype suffix f32 / f64, U the unsigned lane type's suffix). */
#define FA_SIMD_DEFINE_COMMON(S, V, M, T, W, U)                                                    \
    typedef V fa_v##S;                                                                             \
    typedef M fa_m##S;                                                                             \
    enum { FA_V_LANES_##S = W };                                                                   \
    FA_INLINE fa_v##S fa_v##S##_set1(T c) { return vdupq_n_##S(c); }                               \
    FA_INLINE fa_v##S fa_v##S##_load(const T *p) { return vld1q_##S(p); }                          \
    FA_INLINE void fa_v##S##_store(T *p, fa_v##S v) { vst1q_##S(p, v); }                           \
    FA_INLINE fa_v##S fa_v##S##_add(fa_v##S a, fa_v##S b) { return vaddq_##S(a, b); }              \
    FA_INLINE fa_v##S fa_v##S##_sub(fa_v##S a, fa_v##S b) { return vsubq_##S(a, b); }              \
    FA_INLINE fa_v##S fa_v##S##_mul(fa_v##S a, fa_v##S b) { return vmulq_##S(a, b); }              \
    FA_INLINE fa_v##S fa_v##S##_div(fa_v##S a, fa_v##S b) { return vdivq_##S(a, b); }              \
    /* a b + c, c - a b, a b - c: fused, rounded once */                                           \
    FA_INLINE fa_v##S fa_v##S##_fma(fa_v##S a, fa_v##S b, fa_v##S c) {                             \
        return vfmaq_##S(c, a, b);                                                                 \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_fnma(fa_v##S a, fa_v##S b, fa_v##S c) {                            \
        return vfmsq_##S(c, a, b);                                                                 \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_fms(fa_v##S a, fa_v##S b, fa_v##S c) {                             \
        return vfmaq_##S(vnegq_##S(c), a, b); /* not -(c - a b): its zeros are -0 */               \
    }                                                                                              \
    /* a b - p exactly for p = a b rounded: the fused op (simd.h) */                               \
    FA_INLINE fa_v##S fa_v##S##_prod_err(fa_v##S a, fa_v##S b, fa_v##S p) {                        \
        return fa_v##S##_fms(a, b, p);                                                             \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_neg_abs(fa_v##S x) {                                               \
        return FA_NEON_FROM_BITS_##S(                                                              \
            vorrq_##U(FA_NEON_BITS_##S(x), FA_NEON_BITS_##S(vdupq_n_##S(-0.0))));                  \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_abs(fa_v##S x) { return vabsq_##S(x); }                            \
    /* fmax / fmin return NaN when either operand is: x's NaN is kept, as on x86   \
     * (where c, the constant, could not be NaN either) */               \
    FA_INLINE fa_v##S fa_v##S##_max_keep_nan(fa_v##S c, fa_v##S x) { return vmaxq_##S(c, x); }     \
    FA_INLINE fa_v##S fa_v##S##_min_keep_nan(fa_v##S c, fa_v##S x) { return vminq_##S(c, x); }     \
    FA_INLINE fa_v##S fa_v##S##_copysign(fa_v##S m, fa_v##S s) {                                   \
        const fa_m##S sign = FA_NEON_BITS_##S(vdupq_n_##S(-0.0));                                  \
        return vbslq_##S(sign, s, m);                                                              \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_or_sign(fa_v##S m, fa_v##S s) {                                    \
        const fa_m##S sign = FA_NEON_BITS_##S(vdupq_n_##S(-0.0));                                  \
        return FA_NEON_FROM_BITS_##S(                                                              \
            vorrq_##U(FA_NEON_BITS_##S(m), vandq_##U(sign, FA_NEON_BITS_##S(s))));                 \
    }                                                                                              \
    /* to nearest, ties to even, as _MM_FROUND_TO_NEAREST_INT */                                   \
    FA_INLINE fa_v##S fa_v##S##_round(fa_v##S x) { return vrndnq_##S(x); }                         \
    FA_INLINE fa_m##S fa_v##S##_ge(fa_v##S a, fa_v##S b) { return vcgeq_##S(a, b); }               \
    FA_INLINE fa_m##S fa_v##S##_lt(fa_v##S a, fa_v##S b) { return vcltq_##S(a, b); }               \
    FA_INLINE fa_v##S fa_v##S##_select(fa_m##S m, fa_v##S a, fa_v##S b) {                          \
        return vbslq_##S(m, a, b);                                                                 \
    }                                                                                              \
    /* m ? +0 : v */                                                                               \
    FA_INLINE fa_v##S fa_v##S##_zero_where(fa_m##S m, fa_v##S v) {                                 \
        return FA_NEON_FROM_BITS_##S(vbicq_##U(FA_NEON_BITS_##S(v), m));                           \
    }                                                                                              \
    /* the first n (< W) lanes from p, the others 0; stores of the first n: through \
     * a buffer, as NEON has no masked loads (only the row tails take them) */              \
    FA_INLINE fa_v##S fa_v##S##_load_first(const T *p, size_t n) {                                 \
        T buffer[W] = {0};                                                                         \
        memcpy(buffer, p, n * sizeof(T));                                                          \
        return vld1q_##S(buffer);                                                                  \
    }                                                                                              \
    FA_INLINE void fa_v##S##_store_first(T *p, fa_v##S v, size_t n) {                              \
        T buffer[W];                                                                               \
        vst1q_##S(buffer, v);                                                                      \
        memcpy(p, buffer, n * sizeof(T));                                                          \
    }

FA_SIMD_DEFINE_COMMON(f32, float32x4_t, uint32x4_t, float, 4, u32)
FA_SIMD_DEFINE_COMMON(f64, float64x2_t, uint64x2_t, double, 2, u64)
#undef FA_SIMD_DEFINE_COMMON

/* x is NaN; some lane of m is set */
FA_INLINE fa_mf32 fa_vf32_nan(fa_vf32 x) { return vmvnq_u32(vceqq_f32(x, x)); }
FA_INLINE fa_mf64 fa_vf64_nan(fa_vf64 x) {
    return vreinterpretq_u64_u32(vmvnq_u32(vreinterpretq_u32_u64(vceqq_f64(x, x))));
}
FA_INLINE int fa_vf32_any(fa_mf32 m) { return vmaxvq_u32(m) != 0; }
FA_INLINE int fa_vf64_any(fa_mf64 m) { return vmaxvq_u32(vreinterpretq_u32_u64(m)) != 0; }

/* s's sign bit set ? a : b (all-ones lanes from an arithmetic shift of the bits) */
FA_INLINE fa_vf32 fa_vf32_select_sign(fa_vf32 s, fa_vf32 a, fa_vf32 b) {
    return vbslq_f32(vreinterpretq_u32_s32(vshrq_n_s32(vreinterpretq_s32_f32(s), 31)), a, b);
}
FA_INLINE fa_vf64 fa_vf64_select_sign(fa_vf64 s, fa_vf64 a, fa_vf64 b) {
    return vbslq_f64(vreinterpretq_u64_s64(vshrq_n_s64(vreinterpretq_s64_f64(s), 63)), a, b);
}

/* v 2^k for integral k with |k| <= 252 (float) / 2044 (double): two factors
 * 2^(k/2), each a normal number, so the product is rounded once. */
FA_INLINE fa_vf32 fa_vf32_scale2(fa_vf32 v, fa_vf32 k) {
    const int32x4_t ki = vcvtnq_s32_f32(k);
    const int32x4_t k1 = vshrq_n_s32(ki, 1), k2 = vsubq_s32(ki, k1);
    const int32x4_t bias = vdupq_n_s32(127);
    const float32x4_t s1 = vreinterpretq_f32_s32(vshlq_n_s32(vaddq_s32(k1, bias), 23));
    const float32x4_t s2 = vreinterpretq_f32_s32(vshlq_n_s32(vaddq_s32(k2, bias), 23));
    return vmulq_f32(vmulq_f32(v, s1), s2);
}
FA_INLINE fa_vf64 fa_vf64_scale2(fa_vf64 v, fa_vf64 k) {
    const int64x2_t ki = vcvtnq_s64_f64(k);
    const int64x2_t k1 = vshrq_n_s64(ki, 1), k2 = vsubq_s64(ki, k1);
    const int64x2_t bias = vdupq_n_s64(1023);
    const float64x2_t s1 = vreinterpretq_f64_s64(vshlq_n_s64(vaddq_s64(k1, bias), 52));
    const float64x2_t s2 = vreinterpretq_f64_s64(vshlq_n_s64(vaddq_s64(k2, bias), 52));
    return vmulq_f64(vmulq_f64(v, s1), s2);
}

/* Reciprocal seeds, |1 - d y| <= 2^-22 for normal d: frecpe gives 8 bits,
 * each frecps step (2 - d y, fused) doubles them: 16, then 22 at least (the
 * float rounding of the step; doubles take the same two steps). */
enum { FA_RECIP_SEED_BITS_f32 = 22, FA_RECIP_SEED_BITS_f64 = 22 };
FA_INLINE fa_vf32 fa_vf32_recip_seed(fa_vf32 d) {
    float32x4_t y = vrecpeq_f32(d);
    y = vmulq_f32(y, vrecpsq_f32(d, y));
    return vmulq_f32(y, vrecpsq_f32(d, y));
}
FA_INLINE fa_vf64 fa_vf64_recip_seed(fa_vf64 d) {
    float64x2_t y = vrecpeq_f64(d);
    y = vmulq_f64(y, vrecpsq_f64(d, y));
    return vmulq_f64(y, vrecpsq_f64(d, y));
}

/* 1/d for 1 <= d <= 2^1000 (float: 2^120), to about half an ULP: a divide
 * (correctly rounded; AArch64 cores divide in a few cycles per lane) */
FA_INLINE fa_vf32 fa_vf32_inv(fa_vf32 d) { return vdivq_f32(vdupq_n_f32(1.0f), d); }
FA_INLINE fa_vf64 fa_vf64_inv(fa_vf64 d) { return vdivq_f64(vdupq_n_f64(1.0), d); }

/* float <-> double halves (see avx512.h) */
FA_INLINE fa_vf64 fa_vf32_widen_lo(fa_vf32 x) { return vcvt_f64_f32(vget_low_f32(x)); }
FA_INLINE fa_vf64 fa_vf32_widen_hi(fa_vf32 x) { return vcvt_high_f64_f32(x); }
FA_INLINE fa_vf32 fa_vf32_narrow(fa_vf64 lo, fa_vf64 hi) {
    return vcvt_high_f32_f64(vcvt_f32_f64(lo), hi);
}
/* v 2^n for k = n + 0x1.8p52 (|n| <= 1022): n + 1023 is in k's low bits */
FA_INLINE fa_vf64 fa_vf64_scale2_shifted(fa_vf64 v, fa_vf64 k) {
    const uint64x2_t e = vaddq_u64(vreinterpretq_u64_f64(k), vdupq_n_u64(1023));
    return vmulq_f64(v, vreinterpretq_f64_u64(vshlq_n_u64(e, 52)));
}
/* table[j & mask] for j each lane's bit pattern of t: two lanes read from memory */
FA_INLINE fa_vf64 fa_neon_lookup_f64(const double *table, fa_vf64 t, uint64_t mask) {
    const uint64x2_t j = vandq_u64(vreinterpretq_u64_f64(t), vdupq_n_u64(mask));
    const float64x2_t lo = vld1q_dup_f64(table + vgetq_lane_u64(j, 0));
    return vld1q_lane_f64(table + vgetq_lane_u64(j, 1), lo, 1);
}
/* table[j] for j the low 4 bits of t's lanes (see avx512.h) */
FA_INLINE fa_vf64 fa_vf64_lookup16(const double *table, fa_vf64 t) {
    return fa_neon_lookup_f64(table, t, 15);
}
/* table[j] for j the low 2 bits of t's lanes */
FA_INLINE fa_vf64 fa_vf64_lookup4(const double *table, fa_vf64 t) {
    return fa_neon_lookup_f64(table, t, 3);
}
/* a k that scale2 reads as floor(x) (scale2 here rounds to nearest) */
FA_INLINE fa_vf64 fa_vf64_floor_for_scale2(fa_vf64 x) { return vrndmq_f64(x); }

/* byte indices 4 j .. 4 j + 3 of each lane's table entry, for tbl */
FA_INLINE uint8x16_t fa_neon_byte_index(uint32x4_t j) {
    return vreinterpretq_u8_u32(vmlaq_n_u32(vdupq_n_u32(0x03020100u), j, 0x04040404u));
}
/* t[j] for j the low 4 bits of each lane's bit pattern of s: the 64-byte
 * table in four registers, one tbl */
FA_INLINE fa_vf32 fa_vf32_lookup16(const float *t, fa_vf32 s) {
    const uint32x4_t j = vandq_u32(vreinterpretq_u32_f32(s), vdupq_n_u32(15));
    const uint8x16x4_t table = vld1q_u8_x4((const uint8_t *)t);
    return vreinterpretq_f32_u8(vqtbl4q_u8(table, fa_neon_byte_index(j)));
}
/* t[j] for j the low 3 bits of each lane's bit pattern of s */
FA_INLINE fa_vf32 fa_vf32_lookup8(const float *t, fa_vf32 s) {
    const uint32x4_t j = vandq_u32(vreinterpretq_u32_f32(s), vdupq_n_u32(7));
    const uint8x16x2_t table = vld1q_u8_x2((const uint8_t *)t);
    return vreinterpretq_f32_u8(vqtbl2q_u8(table, fa_neon_byte_index(j)));
}
/* v 2^floor(k), floor(k) within scale2's range */
FA_INLINE fa_vf32 fa_vf32_scale2_floor(fa_vf32 v, fa_vf32 k) {
    return fa_vf32_scale2(v, vrndmq_f32(k));
}
/* 2^floor(k), 0 <= floor(k) <= 127, for k = s - 0x1.8p19 (see avx2.h) */
FA_INLINE fa_vf32 fa_vf32_pow2_floor(fa_vf32 k, fa_vf32 s) {
    (void)k;
    const uint32x4_t e =
        vandq_u32(vshlq_n_u32(vreinterpretq_u32_f32(s), 19), vdupq_n_u32(0xff800000u));
    return vreinterpretq_f32_u32(vaddq_u32(e, vdupq_n_u32(0x3f800000u)));
}
/* 2^(floor(k) + 32), -158 <= floor(k) <= 95, for k = s - 0x1.8p19 (see avx2.h) */
FA_INLINE fa_vf32 fa_vf32_pow2_floor_plus32(fa_vf32 k, fa_vf32 s) {
    (void)k;
    const uint32x4_t e =
        vandq_u32(vshlq_n_u32(vreinterpretq_u32_f32(s), 19), vdupq_n_u32(0xff800000u));
    return vreinterpretq_f32_u32(vaddq_u32(e, vdupq_n_u32((127u + 32u) << 23)));
}
/* 2^j for v = 0x1.8p23 + j + 127 (see avx512.h): one integer shift */
FA_INLINE fa_vf32 fa_vf32_pow2_biased(fa_vf32 v) {
    return vreinterpretq_f32_u32(vshlq_n_u32(vreinterpretq_u32_f32(v), 23));
}
FA_INLINE fa_vf64 fa_vf64_pow2_biased(fa_vf64 v) {
    return vreinterpretq_f64_u64(vshlq_n_u64(vreinterpretq_u64_f64(v), 52));
}
/* the bit patterns of v shifted right by n (a constant), as floats' bits */
#define fa_vf32_bits_shr(v, n) vreinterpretq_f32_u32(vshrq_n_u32(vreinterpretq_u32_f32(v), n))
#define fa_vf64_bits_shr(v, n) vreinterpretq_f64_u64(vshrq_n_u64(vreinterpretq_u64_f64(v), n))
/* 2^floor(k), 0 <= floor(k) <= 1022, for k = t - 0x1.8p(52 - b) (see avx2.h);
 * b is a constant of the caller, the shift takes it from a register */
FA_INLINE fa_vf64 fa_vf64_pow2_floor(fa_vf64 k, fa_vf64 t, int b) {
    (void)k;
    const uint64x2_t shifted = vshlq_u64(vreinterpretq_u64_f64(t), vdupq_n_s64(52 - b));
    const uint64x2_t e = vandq_u64(shifted, vdupq_n_u64(0x7ff0000000000000ULL));
    return vreinterpretq_f64_u64(vaddq_u64(e, vdupq_n_u64(0x3ff0000000000000ULL)));
}
/* 1/d for 1 <= d <= 0x1.8p125: frecpe and one frecps step (16 bits less the
 * step's rounding, as recip_seed) */
enum { FA_RECIP_APPROX_BITS_f32 = 15 };
FA_INLINE fa_vf32 fa_vf32_recip_approx(fa_vf32 d) {
    const float32x4_t y = vrecpeq_f32(d);
    return vmulq_f32(y, vrecpsq_f32(d, y));
}
/* the bit patterns of a plus those of v shifted left by n (a constant), as
 * 32-bit integers that wrap */
#define fa_vf32_bits_add_shl(a, v, n)                                                              \
    vreinterpretq_f32_u32(                                                                         \
        vaddq_u32(vreinterpretq_u32_f32(a), vshlq_n_u32(vreinterpretq_u32_f32(v), n)))
/* the same as 64-bit integers */
#define fa_vf64_bits_add_shl(a, v, n)                                                              \
    vreinterpretq_f64_u64(                                                                         \
        vaddq_u64(vreinterpretq_u64_f64(a), vshlq_n_u64(vreinterpretq_u64_f64(v), n)))
#endif
