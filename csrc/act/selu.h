/* selu(x) = scale * elu(x, alpha) with the fixed constants of Klambauer et al.
 * f'(x) = scale if x > 0 else scale alpha e^x.
 * For x > 0, scale x is formed as x + (scale - 1) x: scale - 1 is written as its
 * own literal, so its rounding to FA_T is ~2^-5 smaller relative to scale than
 * that of scale itself. Rounded to float, scale is 1.2e-8 too large, enough to
 * make scale * 3.2386221e38 overflow where the true value rounds to FLT_MAX. */
#include "act/selu_constants.h"

FA_INLINE FA_T FA_FN(selu_forward)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T scale_alpha = (FA_T)(FA_SELU_SCALE * FA_SELU_ALPHA);
    const FA_T positive = x + (FA_T)FA_SELU_SCALE_MINUS_1 * x;
    return x > (FA_T)0 ? positive : scale_alpha * FA_MATH(expm1)(x);
}

FA_INLINE FA_T FA_FN(selu_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T scale_alpha = (FA_T)(FA_SELU_SCALE * FA_SELU_ALPHA);
    const FA_T slope = x > (FA_T)0 ? (FA_T)FA_SELU_SCALE : scale_alpha * FA_MATH(exp)(x);
    return x != x ? x : slope;
}
