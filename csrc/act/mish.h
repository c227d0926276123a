/* mish(x) = x * tanh(softplus(x)), with t = tanh(softplus(x)) from e = e^-|x| alone:
 *   x > 0:  t = (1 + 2e) / (1 + 2e + 2e^2),  1 - t = 2e^2 / (1 + 2e + 2e^2)
 *   x <= 0: n = e (e + 2), t = n / (n + 2),  1 - t = 2 / (n + 2)
 * f'(x) = t + x sech^2(softplus x) sigmoid(x), sech^2 = (1 - t)(1 + t) from 1 - t
 * (no 1 - t^2 cancellation). For x <= 0 the derivative is e times a normal
 * number, multiplied in with fa_mul_exp_neg so that deep tails are rounded once.
 *
 * The forward is x M / D with, for both signs, L = 2 + c e, D = c0 + e L and
 * M = L - 1 (x > 0: c = 2, c0 = 1) or M = e L (x <= 0: c = 1, c0 = 2). e is kept
 * in parts ((hi + lo) 2^n, fa_exp_neg_parts), and so are L, D and x M; the
 * quotient is corrected by its remainder (fa_div2): about one rounding, where
 * the plain form rounds e, n, n + 2, the quotient and x t, and the error of e
 * is doubled in t. For x <= 0, 2^n goes in last (rounded once in the deep tail). */
FA_INLINE FA_T FA_FN(mish_forward)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T a = FA_ABS(x);
    FA_T lo, scale, e_lo, t, u, v, w;
    const FA_T hi = FA_FN(exp_neg_fixed)(a, (FA_T)0, &lo, &scale);
    const FA_T e_hi = FA_FN(exp_parts_join)(hi, lo, scale, a, &e_lo);
    const int positive = x > (FA_T)0;
    const FA_T c = positive ? (FA_T)2 : (FA_T)1;
    const FA_T l_hi = (FA_T)2 + c * e_hi; /* c e <= 2: the fast two-sum holds */
    const FA_T l_lo = (((FA_T)2 - l_hi) + c * e_hi) + c * e_lo;
    const FA_T el_hi = FA_V(two_prod)(e_hi, l_hi, &t);
    const FA_T d_hi = FA_V(two_sum)(positive ? (FA_T)1 : (FA_T)2, el_hi, &u);
    const FA_T d_lo = u + (t + e_hi * l_lo + e_lo * l_hi);
    /* M: L - 1 is exact (L in [2, 4]); (hi + lo) L, the 2^n left for the end */
    const FA_T f_hi = positive ? (FA_T)1 : hi, f_lo = positive ? (FA_T)0 : lo;
    const FA_T m_hi = FA_V(two_prod)(f_hi, l_hi - (positive ? (FA_T)1 : (FA_T)0), &v);
    const FA_T m_lo = v + f_hi * l_lo + f_lo * l_hi;
    const FA_T n_hi = FA_V(two_prod)(x, m_hi, &w);
    /* D in [1, 5]: fa_recip_rough wants [1, 2] */
    const FA_T k = d_hi >= (FA_T)4 ? (FA_T)0.25 : d_hi >= (FA_T)2 ? (FA_T)0.5 : (FA_T)1;
    const FA_T q = FA_V(div2)(n_hi, w + x * m_lo, d_hi, d_lo, FA_V(recip_rough)(d_hi * k) * k);
    const FA_T value = positive ? q : (q * scale) * FA_V(exp_parts_unit)();
    /* x = 0: x itself (-0 + 0 would be +0 in fa_div2); beyond the exponential's
     * range x e^x underflows */
    const FA_T finite = x == (FA_T)0 ? x : value;
    return x < -FA_V(exp_parts_limit)() ? -(FA_T)0 : finite;
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
