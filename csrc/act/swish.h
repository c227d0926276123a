/* swish(x) = x * sigmoid(beta x); p[0] = beta (silu: beta = 1).
 * With z = beta x, e = e^-|z|:
 *   z >= 0:  x / (1 + e)                    z < 0:  e * x / (1 + e)
 *   f'(x) = s + z s (1 - s), s = sigmoid(z):
 *   z >= 0:  (1 + e (1 + z)) / (1 + e)^2    z < 0:  e * (1 + e + z) / (1 + e)^2
 * beta x is rounded, and e^-|z| turns that rounding into a relative error |z|
 * times larger; the rounding error (exact, from fa_two_prod) corrects e to first
 * order. The z < 0 branches are e times a normal number, multiplied in with
 * fa_mul_exp_neg so that deep tails are rounded once. Infinite x takes the
 * limits (x or 0; slope 1 or 0); f' near its zero at z = -1.2785 is accurate
 * in absolute, not relative, terms (cancellation in 1 + e + z). */

/* z = beta x (0 when beta is 0, even for infinite x); *e_fix = 1 - (error of |z|). */
FA_INLINE FA_T FA_FN(swish_argument)(FA_T x, FA_T beta, FA_T *e_fix) {
    FA_T lo;
    const FA_T hi = FA_V(two_prod)(beta, x, &lo);
    const int zero = beta == (FA_T)0 && x == x;
    const int moot = zero || !(FA_ABS(hi) < FA_V(exp_limit)()); /* lo may be inf or NaN */
    *e_fix = moot ? (FA_T)1 : (FA_T)1 - (hi < (FA_T)0 ? -lo : lo);
    return zero ? (FA_T)0 : hi;
}

FA_INLINE FA_T FA_FN(swish_forward)(FA_T x, const FA_T *p) {
    FA_T e_fix;
    const FA_T z = FA_FN(swish_argument)(x, p[0], &e_fix);
    const FA_T a = FA_ABS(z);
    const FA_T r = FA_V(exp_neg_root)(a);
    const FA_T e = FA_V(exp_neg_join)(r, a) * e_fix;
    const FA_T b = x / ((FA_T)1 + e);
    const FA_T negative = a == (FA_T)INFINITY ? (FA_T)0 : FA_V(mul_exp_neg)(b * e_fix, r, a);
    return z >= (FA_T)0 ? b : negative;
}

FA_INLINE FA_T FA_FN(swish_derivative)(FA_T x, const FA_T *p) {
    FA_T e_fix;
    const FA_T z = FA_FN(swish_argument)(x, p[0], &e_fix);
    const FA_T a = FA_ABS(z);
    const FA_T r = FA_V(exp_neg_root)(a);
    const FA_T e = FA_V(exp_neg_join)(r, a) * e_fix;
    const FA_T d = (FA_T)1 + e;
    const FA_T positive = ((FA_T)1 + e * ((FA_T)1 + z)) / (d * d);
    const FA_T negative = FA_V(mul_exp_neg)(e_fix * ((d + z) / (d * d)), r, a);
    const FA_T slope = z >= (FA_T)0 ? positive : negative;
    const FA_T limit = z > (FA_T)0 ? (FA_T)1 : (FA_T)0;
    return a == (FA_T)INFINITY ? limit : slope; /* e (1 + z) would be 0 * inf */
}
