/* Element math several activations share, written once over FA_T (included per
 * dtype before the activations, by kernels/elementwise_dtype.inc). */

/* x sigmoid(z), given z and e_fix, the first-order correction of e^-|z| for the
 * rounding of z (1 where z is exact). With e = e^-|z|:
 *   z >= 0: x / (1 + e)        z < 0: e x / (1 + e), rounded once in the deep tail
 * The limit 0 for z = -inf (not e * inf = NaN). */
FA_INLINE FA_T FA_FN(times_sigmoid)(FA_T x, FA_T z, FA_T e_fix) {
    const FA_T a = FA_ABS(z);
    const FA_T r = FA_V(exp_neg_root)(a);
    const FA_T e = FA_V(exp_neg_join)(r, a) * e_fix;
    const FA_T b = x / ((FA_T)1 + e);
    const FA_T negative = a == (FA_T)INFINITY ? (FA_T)0 : FA_V(mul_exp_neg)(b * e_fix, r, a);
    return z >= (FA_T)0 ? b : negative;
}

/* s + w s (1 - s), s = sigmoid(z): the slope of x sigmoid(z(x)) with w = x z'(x).
 *   z >= 0: (1 + e (1 + w)) / (1 + e)^2     z < 0: e (1 + e + w) / (1 + e)^2
 * Beyond the exponential's range e = 0 and w may be infinite: the limit 1 or 0. */
FA_INLINE FA_T FA_FN(sigmoid_slope)(FA_T w, FA_T z, FA_T e_fix) {
    const FA_T a = FA_ABS(z);
    const FA_T r = FA_V(exp_neg_root)(a);
    const FA_T e = FA_V(exp_neg_join)(r, a) * e_fix;
    const FA_T d = (FA_T)1 + e;
    const FA_T positive = ((FA_T)1 + e * ((FA_T)1 + w)) / (d * d);
    const FA_T negative = FA_V(mul_exp_neg)(e_fix * ((d + w) / (d * d)), r, a);
    const FA_T slope = z >= (FA_T)0 ? positive : negative;
    const FA_T limit = z > (FA_T)0 ? (FA_T)1 : (FA_T)0;
    return a >= FA_V(exp_limit)() ? limit : slope;
}
