/* swish(x) = x * sigmoid(beta x); p[0] = beta (silu: beta = 1).
 * With z = beta x, e = e^-|z|:
 *   z >= 0:  x / (1 + e)                    z < 0:  e * x / (1 + e)
 *   f'(x) = s + z s (1 - s), s = sigmoid(z):
 *   z >= 0:  (1 + e (1 + z)) / (1 + e)^2    z < 0:  e * (1 + e + z) / (1 + e)^2
 * beta x is rounded, and e^-|z| turns that rounding into a relative error |z|
 * times larger; the rounding error (exact, from fa_two_prod) corrects e to first
 * order. Both passes keep e in parts and correct their quotient by its
 * remainder (times_sigmoid, sigmoid_slope in shared.h), with the 2^n of e
 * applied last so that deep tails are rounded once. Infinite x takes the
 * limits (x or 0; slope 1 or 0); f' near its zero at z = -1.2785 is accurate
 * in absolute, not relative, terms (cancellation in 1 + e + z). */

/* z = beta x (0 when beta is 0, even for infinite x); *dz = the amount the
 * true |z| exceeds |z| (the rounding error of beta x), 0 where moot. */
FA_INLINE FA_T FA_FN(swish_argument)(FA_T x, FA_T beta, FA_T *dz) {
    FA_T lo;
    const FA_T hi = FA_MATH(two_prod)(beta, x, &lo);
    const int zero = beta == (FA_T)0 && x == x;
    const int moot = zero || !(FA_ABS(hi) < FA_MATH(exp_limit)()); /* lo may be inf or NaN */
    *dz = moot ? (FA_T)0 : hi < (FA_T)0 ? -lo : lo;
    return zero ? (FA_T)0 : hi;
}

FA_INLINE FA_T FA_FN(swish_forward)(FA_T x, const FA_T *p) {
    FA_T dz;
    const FA_T z = FA_FN(swish_argument)(x, p[0], &dz);
    return FA_FN(times_sigmoid)(x, z, dz);
}

/* x z'(x) = beta x = z */
FA_INLINE FA_T FA_FN(swish_derivative)(FA_T x, const FA_T *p) {
    FA_T dz;
    const FA_T z = FA_FN(swish_argument)(x, p[0], &dz);
    return FA_FN(sigmoid_slope)(z, z < (FA_T)0 ? -dz : dz, z, dz); /* w = z */
}
