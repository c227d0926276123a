/* gelu with approximate="tanh": x (1 + tanh(u)) / 2, u = sqrt(2/pi) (x + 0.044715 x^3).
 * 1 + tanh(u) = 2 sigmoid(2u), so gelu_tanh(x) = x sigmoid(z), z = 2u: computed as
 * swish is, without the 1 + tanh cancellation in the negative tail. z is formed in
 * double-FA_T arithmetic (its rounding would be multiplied by |z|, up to ~100 in
 * float32, in e^z); the low part corrects e to first order.
 * f'(x) = s + x z' s (1 - s), s = sigmoid(z), z' = 2 sqrt(2/pi) (1 + 3 * 0.044715 x^2). */
#include "act/gelu_constants.h"

/* z = K x (1 + C x^2), with *dz = the amount the true |z| exceeds |z| (0 where
 * moot), and w = x z'(x) = K x (1 + 3 C x^2) = z + 2 (z - K x) in two parts
 * (*slope_hi + *slope_lo): z - K x is exact (Sterbenz) where it matters, |x| < 4.7
 * (beyond, f' is far from its zero). */
FA_INLINE FA_T FA_FN(gelu_tanh_argument)(FA_T x, FA_T *dz, FA_T *slope_hi, FA_T *slope_lo) {
    const FA_T k_hi = (FA_T)FA_GELU_TANH_K, k_lo = (FA_T)(FA_GELU_TANH_K - (double)k_hi);
    const FA_T c_hi = (FA_T)FA_GELU_TANH_C, c_lo = (FA_T)(FA_GELU_TANH_C - (double)c_hi);
    FA_T s_lo, p_lo, w_lo, k_lo_prod, z_lo;
    const FA_T s = FA_MATH(two_prod)(x, x, &s_lo);
    const FA_T p = FA_MATH(two_prod)(c_hi, s, &p_lo);
    p_lo += c_hi * s_lo + c_lo * s;
    const FA_T w = FA_MATH(two_sum)((FA_T)1, p, &w_lo);
    w_lo += p_lo;
    const FA_T kx = FA_MATH(two_prod)(k_hi, x, &k_lo_prod);
    k_lo_prod += k_lo * x;
    const FA_T z = FA_MATH(two_prod)(kx, w, &z_lo);
    z_lo += kx * w_lo + k_lo_prod * w;
    const int moot = !(FA_ABS(z) < FA_MATH(exp_limit)()); /* the low parts may be inf or NaN */
    *dz = moot ? (FA_T)0 : z < (FA_T)0 ? -z_lo : z_lo;
    const FA_T twice = (FA_T)2 * (z - kx);
    *slope_hi = z + twice; /* |twice| < |z|: the fast two-sum holds */
    *slope_lo = ((z - *slope_hi) + twice) + ((FA_T)3 * z_lo - (FA_T)2 * k_lo_prod);
    return z;
}

FA_INLINE FA_T FA_FN(gelu_tanh_forward)(FA_T x, const FA_T *p) {
    (void)p;
    FA_T dz, w_hi, w_lo; /* w unused here */
    const FA_T z = FA_FN(gelu_tanh_argument)(x, &dz, &w_hi, &w_lo);
    const FA_T value = FA_FN(times_sigmoid)(x, z, dz);
    return x == -(FA_T)INFINITY ? (FA_T)0 : value;
}

FA_INLINE FA_T FA_FN(gelu_tanh_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    FA_T dz, w_hi, w_lo;
    const FA_T z = FA_FN(gelu_tanh_argument)(x, &dz, &w_hi, &w_lo);
    return FA_FN(sigmoid_slope)(w_hi, w_lo, z, dz);
}
