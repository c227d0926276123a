/* mish(x) = x * tanh(softplus(x)), with t = tanh(softplus(x)) from e = e^-|x| alone:
 *   x > 0:  t = (1 + 2e) / (1 + 2e + 2e^2),  1 - t = 2e^2 / (1 + 2e + 2e^2)
 *   x <= 0: n = e (e + 2), t = n / (n + 2),  1 - t = 2 / (n + 2)
 * f'(x) = t + x sech^2(softplus x) sigmoid(x), sech^2 = (1 - t)(1 + t) from 1 - t
 * (no 1 - t^2 cancellation). For x <= 0 both passes are e times a normal
 * number, multiplied in with fa_mul_exp_neg so that deep tails are rounded once. */
FA_INLINE FA_T FA_FN(mish_forward)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T a = FA_ABS(x);
    const FA_T r = FA_V(exp_neg_root)(a);
    const FA_T e = FA_V(exp_neg_join)(r, a);
    const FA_T two_e = (FA_T)2 * e;
    const FA_T positive = x * (((FA_T)1 + two_e) / ((FA_T)1 + two_e + two_e * e));
    const FA_T n = e * (e + (FA_T)2);
    const FA_T negative = FA_V(mul_exp_neg)(x * ((e + (FA_T)2) / (n + (FA_T)2)), r, a);
    const FA_T finite = x > (FA_T)0 ? positive : negative;
    return x == -(FA_T)INFINITY ? (FA_T)0 : finite;
}

FA_INLINE FA_T FA_FN(mish_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T a = FA_ABS(x);
    const FA_T r = FA_V(exp_neg_root)(a);
    const FA_T e = FA_V(exp_neg_join)(r, a);
    const FA_T d = (FA_T)1 + e; /* sigmoid(x) = 1/d (x >= 0) or e/d (x < 0) */
    /* x > 0 */
    const FA_T den_p = (FA_T)1 + (FA_T)2 * e + (FA_T)2 * e * e;
    const FA_T omt_p = (FA_T)2 * e * e / den_p;
    const FA_T positive = ((FA_T)1 - omt_p) + x * omt_p * ((FA_T)2 - omt_p) / d;
    /* x <= 0: t = e (e+2)/(n+2) and sigmoid = e/d, so f' = e * (...) */
    const FA_T n = e * (e + (FA_T)2);
    const FA_T omt_n = (FA_T)2 / (n + (FA_T)2);
    const FA_T negative = FA_V(mul_exp_neg)(
        (e + (FA_T)2) / (n + (FA_T)2) + x * omt_n * ((FA_T)2 - omt_n) / d, r, a);
    const FA_T slope = x > (FA_T)0 ? positive : negative;
    const FA_T limit = x > (FA_T)0 ? (FA_T)1 : (FA_T)0;
    return a == (FA_T)INFINITY ? limit : slope;
}
