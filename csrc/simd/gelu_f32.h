/* gelu (erf form) for float over SIMD vectors: the math of vecmath/erf.h's
 * fa_erfc_wide_f32, evaluated in double on the two halves of each float vector.
 * In double, a = |x| / sqrt2 is good to 2^-53, so neither the float split of
 * the argument nor its correction du is needed; the division 1 / (1 + 0.4a)
 * becomes a reciprocal seed and Newton steps (a divide is ~16 cycles a vector).
 * With h = erfc(a) / 2 = u2 g(s) e^(-a^2), u2 = 1 / (2 + 0.8a) = u / 2 exactly:
 *   Phi(x) = x < 0 ? h : 1 - h
 *   gelu(x)  = x Phi(x)                      rounded once, to float at the end
 *   gelu'(x) = Phi(x) + x e^(-x^2/2) / sqrt(2 pi)   (e^(-a^2) shared with h)
 * Every double result is normal (h >= 1e-49), so float subnormals round once.
 * x is clamped to +-14.8 (a <= 10.47, where erfc rounds to 0 in float: Phi is
 * 1 above, x Phi and gelu' round to 0 below); NaN passes the clamps. */
#ifndef FASTACT_SIMD_GELU_F32_H
#define FASTACT_SIMD_GELU_F32_H

#include "simd/simd.h"
#include "vecmath/erf.h"

#define FA_GELU_F32_EDGE 14.8f

/* 1 / d to 2^-40 or better (float results need no more): from the seed y,
 * e = 1 - d y, one step y (1 + e) (Newton, 22 bits -> 44) or y (1 + e + e^2)
 * (14 -> 42: one fma more, one fewer than two Newton steps) */
FA_INLINE fa_vf64 fa_simd_gelu_recip_f64(fa_vf64 d) {
    const fa_vf64 y = fa_vf64_recip_seed(d);
    const fa_vf64 e = fa_vf64_fnma(d, y, fa_vf64_set1(1.0));
    const fa_vf64 step = 2 * FA_RECIP_SEED_BITS_f64 >= 40 ? e : fa_vf64_fma(e, e, e);
    return fa_vf64_fma(step, y, y);
}

/* Phi(x) for |x| <= 14.8 in double; *e = e^(-x^2/2) */
FA_INLINE fa_vf64 fa_simd_gelu_cdf_wide(fa_vf64 x, fa_vf64 *e) {
    const fa_vf64 na = fa_vf64_mul(fa_vf64_neg_abs(x), fa_vf64_set1(0x1.6a09e667f3bcdp-1)); /* -a */
    /* e^(a^2) erfc(a) / 2 = u2 G(s), s = 2K u2 - C in [-1, 1]: erf.h's G */
    const fa_vf64 u = fa_simd_gelu_recip_f64(fa_vf64_fnma(fa_vf64_set1(0.8), na, fa_vf64_set1(2.0)));
    const fa_vf64 s = fa_vf64_fma(u, fa_vf64_set1(0x1.3cf3cf3cf3cf4p+2), fa_vf64_set1(-0x1.79e79e79e79e7p+0));
    const fa_vf64 g = FA_ERFC_WIDE_G(s, fa_vf64_fma, fa_vf64_set1);
    /* e^(-a^2) = 2^n e^r as in erf.h (-a^2 rounded: 2^-45 relative at most) */
    const fa_vf64 mz = fa_vf64_fnma(na, na, fa_vf64_set1(0.0));
    const fa_vf64 shifter = fa_vf64_set1(0x1.8p52);
    const fa_vf64 k = fa_vf64_fma(mz, fa_vf64_set1(FA_EXP_LOG2E_f64), shifter);
    const fa_vf64 n = fa_vf64_sub(k, shifter);
    const fa_vf64 r = fa_vf64_fnma(n, fa_vf64_set1(0x1.62e42fefa39efp-1), mz);
    const fa_vf64 q = FA_ERFC_WIDE_Q(r, fa_vf64_fma, fa_vf64_set1);
    const fa_vf64 er = fa_vf64_add(fa_vf64_set1(1.0), fa_vf64_fma(fa_vf64_mul(r, r), q, r));
    *e = fa_vf64_scale2_shifted(er, k);
    const fa_vf64 h = fa_vf64_mul(fa_vf64_mul(u, g), *e);
    return fa_vf64_select(fa_vf64_lt(x, fa_vf64_set1(0.0)), h, fa_vf64_sub(fa_vf64_set1(1.0), h));
}

FA_INLINE fa_vf64 fa_simd_gelu_value_wide(fa_vf64 x) {
    fa_vf64 e;
    return fa_vf64_mul(x, fa_simd_gelu_cdf_wide(x, &e));
}

FA_INLINE fa_vf64 fa_simd_gelu_slope_wide(fa_vf64 x) {
    fa_vf64 e;
    const fa_vf64 cdf = fa_simd_gelu_cdf_wide(x, &e);
    return fa_vf64_fma(fa_vf64_mul(x, fa_vf64_set1(0.3989422804014327)), e, cdf); /* 1/sqrt(2 pi) */
}

FA_INLINE fa_vf32 fa_simd_gelu_clamp_f32(fa_vf32 x) {
    const fa_vf32 edge = fa_vf32_set1(FA_GELU_F32_EDGE);
    return fa_vf32_min_keep_nan(edge, fa_vf32_max_keep_nan(fa_vf32_set1(-FA_GELU_F32_EDGE), x));
}

/* below -14.8 the clamped value already rounds to -0 */
FA_INLINE fa_vf32 fa_simd_gelu_forward_f32(fa_vf32 x, const float *p) {
    (void)p;
    const fa_vf32 c = fa_simd_gelu_clamp_f32(x);
    const fa_vf32 value = fa_vf32_narrow(fa_simd_gelu_value_wide(fa_vf32_widen_lo(c)),
                                         fa_simd_gelu_value_wide(fa_vf32_widen_hi(c)));
    return fa_vf32_select(fa_vf32_lt(fa_vf32_set1(FA_GELU_F32_EDGE), x), x, value);
}

/* the limits 1 and +0 (as the generic kernel) beyond the clamp */
FA_INLINE fa_vf32 fa_simd_gelu_derivative_f32(fa_vf32 x, const float *p) {
    (void)p;
    const fa_vf32 c = fa_simd_gelu_clamp_f32(x);
    const fa_vf32 value = fa_vf32_narrow(fa_simd_gelu_slope_wide(fa_vf32_widen_lo(c)),
                                         fa_simd_gelu_slope_wide(fa_vf32_widen_hi(c)));
    const fa_vf32 low = fa_vf32_select(fa_vf32_lt(x, fa_vf32_set1(-FA_GELU_F32_EDGE)), fa_vf32_set1(0.0f), value);
    return fa_vf32_select(fa_vf32_lt(fa_vf32_set1(FA_GELU_F32_EDGE), x), fa_vf32_set1(1.0f), low);
}

#endif
