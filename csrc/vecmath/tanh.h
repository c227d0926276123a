/* tanh for float and double: branch-free, no libm, vectorisable.
 *
 * With a = |x|:
 *   a <  T: tanh(a) = a + a^3 P(a^2), P a minimax polynomial fitted to the
 *           relative error of tanh (tools/fit_tanh_erf.py);
 *   a >= T: tanh(a) = 1 - 2e/(1 + e), e = e^(-2a) <= e^(-2T) (e never overflows,
 *           and 2e/(1+e) <= 0.45, so its rounding errors shrink in 1 - 2e/(1+e));
 * T = 0.75 for float, 0.625 for double (a larger T: less error near T, more terms);
 * both are computed and one is picked by a select, then the sign of x is put
 * back by bits. So tanh(-0) = -0, tiny and subnormal x give x (a^3 underflows),
 * +-inf give +-1 (e = 0) and NaN gives NaN (it fails a < T and e is NaN).
 */
#ifndef FASTACT_VECMATH_TANH_H
#define FASTACT_VECMATH_TANH_H

#include "common.h"
#include "exp.h"

/* P and T in one place for the scalar math here and the SIMD kernels in
 * csrc/simd/ (Horner's scheme over FMA(a, b, c) = a b + c, see exp.h). */
#define FA_TANH_T_f32 0.75f
#define FA_TANH_P_f32(y, FMA, K)                                                                   \
    FMA(FMA(FMA(FMA(FMA(K(0x1.c8975p-10f), y, K(-0x1.f662fep-8f)), y, K(0x1.5f9082p-6f)), y,       \
                K(-0x1.b98108p-5f)),                                                               \
            y, K(0x1.110ddap-3f)),                                                                 \
        y, K(-0x1.55554ap-2f))

#define FA_TANH_T_f64 0.625
#define FA_TANH_P_f64(y, FMA, K)                                                                   \
    FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(K(-0x1.0da45474cdf0ap-16), y,                          \
                                            K(0x1.438f905808471p-14)),                             \
                                        y, K(-0x1.df54b8e1a8b8cp-13)),                             \
                                    y, K(0x1.3365f88feb206p-11)),                                  \
                                y, K(-0x1.7d689eb151723p-10)),                                     \
                            y, K(0x1.d6cf278f9fb94p-9)),                                           \
                        y, K(-0x1.226e16276860dp-7)),                                              \
                    y, K(0x1.664f477aa5ee5p-6)),                                                   \
                y, K(-0x1.ba1ba1b504e03p-5)),                                                      \
            y, K(0x1.111111110aca5p-3)),                                                           \
        y, K(-0x1.55555555554ffp-2))

FA_INLINE float fa_tanh_f32(float x) {
    const float a = fa_abs_f32(x);
    const float y = a * a;
    const float p = FA_TANH_P_f32(y, FA_SCALAR_FMA, FA_SCALAR_CONST);
    const float small = a + (a * y) * p;
    const float e = fa_exp_f32(-2.0f * a);
    const float large = 1.0f - (2.0f * e) / (1.0f + e);
    return fa_copysign_f32(a < FA_TANH_T_f32 ? small : large, x);
}

FA_INLINE double fa_tanh_f64(double x) {
    const double a = fa_abs_f64(x);
    const double y = a * a;
    const double p = FA_TANH_P_f64(y, FA_SCALAR_FMA, FA_SCALAR_CONST);
    const double small = a + (a * y) * p;
    const double e = fa_exp_f64(-2.0 * a);
    const double large = 1.0 - (2.0 * e) / (1.0 + e);
    return fa_copysign_f64(a < FA_TANH_T_f64 ? small : large, x);
}

#endif
