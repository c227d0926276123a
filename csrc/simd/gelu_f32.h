/* gelu (erf form) for float over SIMD vectors: the math of vecmath/erf.h's
 * fa_erfc_wide_f32, evaluated in double on the two halves of each float vector.
 * In double, a = |x| / sqrt2 is good to 2^-53, so neither the float split of
 * the argument nor its correction du is needed; the division 1 / (1 + 0.4a)
 * becomes a reciprocal seed and a Newton step (a divide is ~16 cycles a vector).
 * With h = erfc(a) / 2 = u2 g(s) e^(-a^2), u2 = 1 / (2 + 0.8a) = u / 2 exactly:
 *   Phi(x) = x < 0 ? h : 1 - h
 *   gelu(x)  = x Phi(x)                      rounded once, to float at the end
 *   gelu'(x) = Phi(x) + x e^(-x^2/2) / sqrt(2 pi)   (e^(-a^2) shared with h)
 * Every double result is normal (h >= 1e-49), so float subnormals round once.
 * x is clamped to +-14.8 (a <= 10.47, where erfc rounds to 0 in float: Phi is
 * 1 above, x Phi and gelu' round to 0 below); NaN passes the clamps.
 * The forward takes gelu = b - m h instead (fa_simd_gelu_value_wide). */
#ifndef FASTACT_SIMD_GELU_F32_H
#define FASTACT_SIMD_GELU_F32_H

#include "simd/simd.h"
#include "vecmath/erf.h"

#define FA_GELU_F32_EDGE 14.8f

/* h = Phi(-a sqrt2) = erfc(a) / 2 in double for na = -a, a <= 10.47; *e = e^(-a^2).
 * recip: the reciprocal, here one Newton step from the seed (2^-28 on AVX-512,
 * 2^-44 on AVX2; u's relative error is h's) */
#define FA_SIMD_GELU_H_WIDE(na, e, recip)                                                          \
    do {                                                                                           \
        /* e^(a^2) erfc(a) / 2 = u2 G(s), s = 2K u2 - C in [-1, 1]: erf.h's G */                   \
        const fa_vf64 u_ = recip(fa_vf64_fnma(fa_vf64_set1(0.8), na, fa_vf64_set1(2.0)));         \
        const fa_vf64 s_ = fa_vf64_fma(u_, fa_vf64_set1(0x1.3cf3cf3cf3cf4p+2), fa_vf64_set1(-0x1.79e79e79e79e7p+0)); \
        const fa_vf64 g_ = FA_ERFC_WIDE_G(s_, fa_vf64_fma, fa_vf64_set1);                          \
        /* e^(-a^2) = 2^n e^r as in erf.h (-a^2 rounded: 2^-45 relative at most) */               \
        const fa_vf64 mz_ = fa_vf64_fnma(na, na, fa_vf64_set1(0.0));                               \
        const fa_vf64 shifter_ = fa_vf64_set1(0x1.8p52);                                           \
        const fa_vf64 k_ = fa_vf64_fma(mz_, fa_vf64_set1(FA_EXP_LOG2E_f64), shifter_);             \
        const fa_vf64 n_ = fa_vf64_sub(k_, shifter_);                                              \
        const fa_vf64 r_ = fa_vf64_fnma(n_, fa_vf64_set1(0x1.62e42fefa39efp-1), mz_);              \
        const fa_vf64 q_ = FA_ERFC_WIDE_Q(r_, fa_vf64_fma, fa_vf64_set1);                          \
        const fa_vf64 er_ = fa_vf64_add(fa_vf64_set1(1.0), fa_vf64_fma(fa_vf64_mul(r_, r_), q_, r_)); \
        (e) = fa_vf64_scale2_shifted(er_, k_);                                                     \
        h = fa_vf64_mul(fa_vf64_mul(u_, g_), (e));                                                 \
    } while (0)

FA_INLINE fa_vf64 fa_simd_gelu_recip1_f64(fa_vf64 d) {
    const fa_vf64 y = fa_vf64_recip_seed(d);
    return fa_vf64_fma(fa_vf64_fnma(d, y, fa_vf64_set1(1.0)), y, y);
}

/* Phi(x) for |x| <= 14.8 in double; *e = e^(-x^2/2). u from one Newton step as
 * the forward's (fa_simd_gelu_recip_f64's 2^-40 before): gelu' float32 max
 * error 0.551 -> 0.62 ULP on AVX-512 (every 61st input, normal results; bound
 * 2.0), backward_x 1.336 -> 1.293 ns/el (n = 65536, benchmarks/ab_gelu.py) */
FA_INLINE fa_vf64 fa_simd_gelu_cdf_wide(fa_vf64 x, fa_vf64 *e) {
    const fa_vf64 na = fa_vf64_mul(fa_vf64_neg_abs(x), fa_vf64_set1(0x1.6a09e667f3bcdp-1)); /* -a */
    fa_vf64 h;
    FA_SIMD_GELU_H_WIDE(na, *e, fa_simd_gelu_recip1_f64);
    return fa_vf64_select(fa_vf64_lt(x, fa_vf64_set1(0.0)), h, fa_vf64_sub(fa_vf64_set1(1.0), h));
}

/* gelu(x) = b - m h, m = min(|x|, 14.8), b = max(-0, x): x >= 0: x (1 - h);
 * x < 0: -m h (as silu_f32.inc; one fma instead of a compare, a select, 1 - h
 * and x cdf; the float clamp and the select of x above 14.8 go too). Any
 * float x: beyond 14.8, b - m h rounds to x (m h < 1e-47) and below -14.8 to
 * -0, +-inf included (m is finite); NaN: b is NaN. u from one Newton step
 * (2^-28 on AVX-512, one fma fewer): max error 0.579 -> 0.619 ULP on AVX-512
 * (all 2^32 float32 inputs; AVX2 unchanged 0.579; bound 1.25). 1.29 -> 1.14 ns/el
 * AVX-512, 2.47 -> 2.24 AVX2 (n = 65536, one thread; BENCHMARKS.md). Two
 * vectors a step (FA_SIMD_UNARY_KERNEL_X2) measured 1.140 -> 1.132: not taken. */
FA_INLINE fa_vf64 fa_simd_gelu_value_wide(fa_vf64 x) {
    const fa_vf64 nm = fa_vf64_max_keep_nan(fa_vf64_set1(-(double)FA_GELU_F32_EDGE), fa_vf64_neg_abs(x));
    const fa_vf64 na = fa_vf64_mul(nm, fa_vf64_set1(0x1.6a09e667f3bcdp-1)); /* -a */
    fa_vf64 e, h;
    FA_SIMD_GELU_H_WIDE(na, e, fa_simd_gelu_recip1_f64);
    (void)e;
    return fa_vf64_fma(nm, h, fa_vf64_max_keep_nan(fa_vf64_set1(-0.0), x));
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

FA_INLINE fa_vf32 fa_simd_gelu_forward_f32(fa_vf32 x, const float *p) {
    (void)p;
    return fa_vf32_narrow(fa_simd_gelu_value_wide(fa_vf32_widen_lo(x)),
                          fa_simd_gelu_value_wide(fa_vf32_widen_hi(x)));
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
