/* tanh forward for float over SIMD vectors (AVX-512, NEON; AVX2 runs
 * lut8_f32.h's body, which needs no 16-entry lookups) by the addition theorem from a
 * 16-entry table held in registers (22 arithmetic instructions a vector where
 * tanh.inc, which float64 keeps on AVX2, takes 39): with a = |x| = a0 + d, a0 = j h,
 *   tanh(a) = t0 + s0 t / (1 + t0 t),  t0 = tanh(a0), s0 = 1 - t0^2, t = tanh(d)
 * t by an odd polynomial on |d| <= 0.45; t0 in two parts (the low one joins
 * the correction), s0 and the quotient s0 t / (1 + t0 t) rounded: the
 * correction's few roundings shrink with it, as it is at most 0.31 of the
 * result (cell j = 1 at a = 0.45) and nothing where j = 0.
 * j = round((a - 0.45 + h/2) / h): cell 0 is a < 0.45 (t0 = 0: tanh(d) alone),
 * cell j >= 1 is d in [-0.171, 0.45). Worked on z = -a (the formula holds with
 * t0 -> -t0 and t -> -t, so the tables hold -tanh(a0)); the sign of x last.
 * 1.35 ULP at most over all float inputs (the bound is 1.5).
 * NaN passes the clamp (max keeps x's NaN) and reaches every lane's result. */
#ifndef FASTACT_SIMD_TANH_F32_H
#define FASTACT_SIMD_TANH_F32_H

#include "simd/simd.h"

#if FA_SIMD
/* -tanh(j h) rounded to float, and the rest; 1 - tanh(j h)^2 (h = 159/256) */
static const float fa_tanh_table_hi_f32[16] = {
    0x0p+0f,         -0x1.1a9136p-1f, -0x1.b1312ep-1f, -0x1.e7ed24p-1f,
    -0x1.f8ee34p-1f, -0x1.fdf2d6p-1f, -0x1.ff6824p-1f, -0x1.ffd422p-1f,
    -0x1.fff354p-1f, -0x1.fffc58p-1f, -0x1.fffef2p-1f, -0x1.ffffb2p-1f,
    -0x1.ffffeap-1f, -0x1.fffffap-1f, -0x1.fffffep-1f, -0x1p+0f};
static const float fa_tanh_table_lo_f32[16] = {
    0x0p+0f,          0x1.578696p-26f,  0x1.06323ap-27f,  0x1.49e5d6p-26f,
    0x1.75dcbap-26f,  -0x1.286c4ep-26f, -0x1.9390c4p-27f, 0x1.00e1f6p-30f,
    -0x1.d7b726p-26f, 0x1.e8b6e4p-27f,  0x1.a6263p-27f,   0x1.50fbb6p-29f,
    0x1.17c48cp-26f,  0x1.054914p-26f,  -0x1.ec0f54p-29f, 0x1.15ebeap-26f};
static const float fa_tanh_table_slope_f32[16] = {
    0x1p+0f,         0x1.640de2p-1f,  0x1.22f89ap-2f,  0x1.781fap-4f,
    0x1.c15388p-6f,  0x1.060e0cp-7f,  0x1.2f8a2cp-9f,  0x1.5ee138p-11f,
    0x1.955d8p-13f,  0x1.d43b6ap-15f, 0x1.0e6942p-16f, 0x1.385428p-18f,
    0x1.68be1cp-20f, 0x1.a0a92p-22f,  0x1.e13f0ap-24f, 0x1.15ebeap-25f};

/* tanh(a) rounds to 1 from a = 9.011: clamped at 9.3, in cell 15 (a0 = 9.32).
 * h = 159/256 rather than 5/8: its s0 for j = 1, 2 (the cells where the
 * correction is largest) are within 0.04 and 0.1 ULP of float (5/8: 0.39,
 * 0.44), 1.50 -> 1.36 ULP at most */
#define FA_TANHT_CLAMP -9.3f
#define FA_TANHT_STEP 0x1.3ep-1f /* h */
#define FA_TANHT_INV_STEP (256.0f / 159.0f)
#define FA_TANHT_OFFSET (0.45f - 0x1.3ep-2f) /* cell 0 ends at a = 0.45 */
#define FA_TANHT_SHIFTER 0x1.8p23f /* its ULP is 1 */
/* tanh(d) = d + d^3 P(d^2) on |d| <= 0.4545, relative error 2^-29.1 */
#define FA_TANHT_P(y, FMA, K)                                                                      \
    FMA(FMA(FMA(FMA(K(-0x1.c9482p-8f), y, K(0x1.5fa7dap-6f)), y, K(-0x1.b9c626p-5f)), y,           \
            K(0x1.11101ep-3f)),                                                                    \
        y, K(-0x1.555554p-2f))

FA_INLINE fa_vf32 fa_simd_tanh_table_forward_f32(fa_vf32 x, const float *p) {
    (void)p;
    const fa_vf32 one = fa_vf32_set1(1.0f), shifter = fa_vf32_set1(FA_TANHT_SHIFTER);
    const fa_vf32 z = fa_vf32_max_keep_nan(fa_vf32_set1(FA_TANHT_CLAMP), fa_vf32_neg_abs(x));
    /* s's low bits hold j; d = z + a0 exactly (j h has 12 bits) */
    const fa_vf32 s = fa_vf32_fma(fa_vf32_add(z, fa_vf32_set1(FA_TANHT_OFFSET)),
                                  fa_vf32_set1(-FA_TANHT_INV_STEP), shifter);
    const fa_vf32 d = fa_vf32_fma(fa_vf32_sub(s, shifter), fa_vf32_set1(FA_TANHT_STEP), z);
    const fa_vf32 t0 = fa_vf32_lookup16(fa_tanh_table_hi_f32, s);
    const fa_vf32 t0_lo = fa_vf32_lookup16(fa_tanh_table_lo_f32, s);
    const fa_vf32 s0 = fa_vf32_lookup16(fa_tanh_table_slope_f32, s);
    const fa_vf32 y = fa_vf32_mul(d, d);
    const fa_vf32 t = fa_vf32_fma(fa_vf32_mul(d, y), FA_TANHT_P(y, fa_vf32_fma, fa_vf32_set1), d);
    /* 1 + t0 t in [0.83, 1.42]; one division, not a seed and a Newton step: 2
     * instructions fewer, 0.53 -> 0.45 ns/el on AVX2 (AVX-512 4% faster) */
    const fa_vf32 quotient = fa_vf32_div(fa_vf32_mul(s0, t), fa_vf32_fma(t0, t, one));
    const fa_vf32 correction = fa_vf32_add(quotient, t0_lo);
    return fa_vf32_copysign(fa_vf32_add(t0, correction), x);
}
#endif

#endif
