/* e^t - 1 for double on |t| <= ln2/2, for elu' and log_sigmoid' on AVX2
 * (written for sigmoid_poly.inc, whose forward now takes the shorter fit
 * below): t + t^2 P(t) by Taylor to degree 13 (relative error
 * 2^-57.2), P by Estrin's scheme: a Horner chain of 11 FMAs made the body
 * latency-bound (1.83 ns/el, 1.77 with the division replaced by a product;
 * 1.59 this way, AVX2, AMD EPYC Zen 4, n = 65536), and the rounding error of
 * the sum t + t^2 P in *lo (t - w is exact: w / t in [0.8, 1.2]). The
 * polynomial's terms and w are _mul_add (a second rounding is tolerable there;
 * one instruction where the target has FMA); *lo stays fused, its exactness
 * is the low part. */
#ifndef FASTACT_SIMD_SIGMOID_F64_H
#define FASTACT_SIMD_SIGMOID_F64_H

#include "simd/simd.h"

#if FA_SIMD
FA_INLINE fa_vf64 fa_simd_sigmoid_poly_expm1_f64(fa_vf64 t, fa_vf64 *lo) {
    /* 1/k!, k = 13 .. 2 */
    static const double taylor[12] = {
        0x1.6124613a86d09p-33, 0x1.1eed8eff8d898p-29, 0x1.ae64567f544e4p-26, 0x1.27e4fb7789f5cp-22,
        0x1.71de3a556c734p-19, 0x1.a01a01a01a01ap-16, 0x1.a01a01a01a01ap-13, 0x1.6c16c16c16c17p-10,
        0x1.1111111111111p-7,  0x1.5555555555555p-5,  0x1.5555555555555p-3,  0x1p-1};
    const fa_vf64 t2 = fa_vf64_mul(t, t), t4 = fa_vf64_mul(t2, t2);
    fa_vf64 pair[6];
    for (int k = 0; k < 6; k++)
        pair[k] = fa_vf64_mul_add(fa_vf64_set1(taylor[2 * k]), t, fa_vf64_set1(taylor[2 * k + 1]));
    const fa_vf64 c0 = fa_vf64_mul_add(pair[0], t2, pair[1]),
                  c1 = fa_vf64_mul_add(pair[2], t2, pair[3]);
    const fa_vf64 c2 = fa_vf64_mul_add(pair[4], t2, pair[5]);
    const fa_vf64 a = fa_vf64_mul_add(fa_vf64_mul_add(c0, t4, c1), t4, c2);
    const fa_vf64 w = fa_vf64_mul_add(t2, a, t);
    *lo = fa_vf64_fma(t2, a, fa_vf64_sub(t, w));
    return w;
}
/* e^t - 1 on |t| <= ln2/2 as t + t^2 P(t), P of degree 9 fitted (Chebyshev,
 * mpmath.chebyfit) where the Taylor P above has degree 11, to within 2^-1.4:
 * relative error 2^-55.8 against e^t, without the low part; sigmoid_poly.inc's
 * double forward, whose u = e - e q does not use the low part (2 operations
 * fewer) */
FA_INLINE fa_vf64 fa_simd_sigmoid_poly_expm1_short_f64(fa_vf64 t) {
    static const double fit[10] = {
        0x1.af389ecfc4b9cp-26, 0x1.28917c89a43a7p-22, 0x1.71de0db2f6b19p-19, 0x1.a019b9149a41cp-16,
        0x1.a01a01a7c2efep-13, 0x1.6c16c17889ef1p-10, 0x1.11111111109b5p-7,  0x1.5555555553d68p-5,
        0x1.5555555555556p-3,  0x1.0000000000001p-1};
    const fa_vf64 t2 = fa_vf64_mul(t, t), t4 = fa_vf64_mul(t2, t2);
    fa_vf64 pair[5];
    for (int k = 0; k < 5; k++)
        pair[k] = fa_vf64_mul_add(fa_vf64_set1(fit[2 * k]), t, fa_vf64_set1(fit[2 * k + 1]));
    const fa_vf64 c0 = fa_vf64_mul_add(pair[0], t2, pair[1]),
                  c1 = fa_vf64_mul_add(pair[2], t2, pair[3]);
    const fa_vf64 a = fa_vf64_mul_add(fa_vf64_mul_add(c0, t4, c1), t2, pair[4]);
    return fa_vf64_mul_add(t2, a, t);
}
#endif

#endif
