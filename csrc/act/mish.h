/* mish(x) = x * tanh(softplus(x)), with t = tanh(softplus(x)) from e = e^-|x| alone:
 *   x > 0:  t = (1 + 2e) / (1 + 2e + 2e^2),  1 - t = 2e^2 / (1 + 2e + 2e^2)
 *   x <= 0: n = e (e + 2), t = n / (n + 2),  1 - t = 2 / (n + 2)
 * f'(x) = t + x sech^2(softplus x) sigmoid(x), as one rational function of e
 * (mish_derivative), with no 1 - t^2 cancellation.
 *
 * The forward is x M / Q with, for both signs, L = 2 + c e, Q = c0 + e L and
 * M = L - 1 (x > 0: c = 2, c0 = 1) or M = e L (x <= 0: c = 1, c0 = 2). e is kept
 * in parts ((hi + lo) 2^n, fa_exp_neg_parts), and so are L, Q and x M; the
 * quotient is corrected by its remainder (fa_div2): about one rounding, where
 * the plain form rounds e, n, n + 2, the quotient and x t, and the error of e
 * is doubled in t. For x <= 0, 2^n goes in last (rounded once in the deep tail). */

/* The pieces both passes share, for e = e^-|x| = (hi + lo) 2^n: L = 2 + c e and
 * Q = c0 + e L (c = 2, c0 = 1 for x > 0; c = 1, c0 = 2 for x <= 0), each in parts. */
typedef struct {
    FA_T hi, lo, scale, e_hi, e_lo, l_hi, l_lo, q_hi, q_lo;
} FA_FN(mish_terms);

FA_INLINE FA_FN(mish_terms) FA_FN(mish_parts)(FA_T x) {
    FA_FN(mish_terms) m;
    FA_T u, el_lo;
    const FA_T a = FA_ABS(x);
    const int positive = x > (FA_T)0;
    m.hi = FA_MATH(exp_neg_parts)(-a, &m.lo, &m.scale);
    m.e_hi = FA_FN(exp_parts_join)(m.hi, m.lo, m.scale, a, &m.e_lo);
    const FA_T c = positive ? (FA_T)2 : (FA_T)1;
    m.l_hi = (FA_T)2 + c * m.e_hi; /* c e <= 2: the fast two-sum holds */
    m.l_lo = (((FA_T)2 - m.l_hi) + c * m.e_hi) + c * m.e_lo;
    const FA_T el_hi = FA_FN(mul_parts)(m.e_hi, m.e_lo, m.l_hi, m.l_lo, &el_lo);
    m.q_hi = FA_MATH(two_sum)(positive ? (FA_T)1 : (FA_T)2, el_hi, &u);
    m.q_lo = u + el_lo;
    return m;
}

/* x * (n_hi + n_lo) / den, den = d_hi + d_lo in [1, 8) (y ~ 1 / d_hi), times
 * 1 (x > 0) or e (x <= 0: hi + lo with 2^n applied last, rounded once) */
FA_INLINE FA_T FA_FN(mish_quotient)(const FA_FN(mish_terms) * m, FA_T x, FA_T n_hi, FA_T n_lo,
                                    FA_T d_hi, FA_T d_lo, FA_T y) {
    const int positive = x > (FA_T)0;
    FA_T f_lo;
    const FA_T f_hi =
        FA_FN(mul_parts)(positive ? (FA_T)1 : m->hi, positive ? (FA_T)0 : m->lo, n_hi, n_lo, &f_lo);
    const FA_T q = FA_MATH(div2)(f_hi, f_lo, d_hi, d_lo, y);
    return positive ? q : (q * m->scale) * FA_MATH(exp_parts_unit)();
}

FA_INLINE FA_T FA_FN(mish_forward)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_FN(mish_terms) m = FA_FN(mish_parts)(x);
    /* x M, M = L - 1 (exact, L in [2, 4]) or L */
    FA_T w;
    const FA_T n_hi = FA_MATH(two_prod)(x, m.l_hi - (x > (FA_T)0 ? (FA_T)1 : (FA_T)0), &w);
    const FA_T value = FA_FN(mish_quotient)(&m, x, n_hi, w + x * m.l_lo, m.q_hi, m.q_lo,
                                            FA_FN(recip_rough_wide)(m.q_hi));
    /* x = 0: x itself (-0 + 0 would be +0 in fa_div2); beyond the exponential's
     * range x e^x underflows */
    const FA_T finite = x == (FA_T)0 ? x : value;
    return x < -FA_MATH(exp_parts_limit)() ? -(FA_T)0 : finite;
}

/* f' = (A Q + 4 x B) / Q^2 (times e for x <= 0), with A = M / x as in the
 * forward, and B = e^2 (1 + e) (x > 0) or 1 + e (x <= 0): for x <= 0, t =
 * (e + 2) / Q and x sech^2 sigmoid = 4 x (1 + e) e / Q^2; for x > 0, t = (1 + 2e) / Q
 * and x sech^2 sigmoid = 4 x e^2 (1 + e) / Q^2. A Q and 4 x B cancel in part
 * (fully at the zero of f', x = -1.19): both are formed in parts and summed
 * with one rounding, and the quotient corrected by its remainder. */
FA_INLINE FA_T FA_FN(mish_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_FN(mish_terms) m = FA_FN(mish_parts)(x);
    const int positive = x > (FA_T)0;
    FA_T aq_lo, sq_lo, b_lo, d_lo, xb_lo, u, y;
    const FA_T aq_hi =
        FA_FN(mul_parts)(m.l_hi - (positive ? (FA_T)1 : (FA_T)0), m.l_lo, m.q_hi, m.q_lo, &aq_lo);
    const FA_T sq_hi = FA_FN(mul_parts)(m.e_hi, m.e_lo, m.e_hi, m.e_lo, &sq_lo);
    const FA_T d_hi = FA_FN(one_plus)(m.e_hi, m.e_lo, &d_lo);
    const FA_T b_hi =
        FA_FN(mul_parts)(positive ? sq_hi : (FA_T)1, positive ? sq_lo : (FA_T)0, d_hi, d_lo, &b_lo);
    const FA_T xb_hi = FA_FN(mul_parts)((FA_T)4 * x, (FA_T)0, b_hi, b_lo, &xb_lo);
    const FA_T n_hi = FA_MATH(two_sum)(aq_hi, xb_hi, &u);
    FA_T q2_lo;
    const FA_T q2_hi = FA_FN(square_parts)(m.q_hi, m.q_lo, &q2_lo, &y);
    const FA_T slope = FA_FN(mish_quotient)(&m, x, n_hi, u + (aq_lo + xb_lo), q2_hi, q2_lo, y);
    const FA_T limit = positive ? (FA_T)1 : (FA_T)0;
    return !(FA_ABS(x) < FA_MATH(exp_parts_limit)()) && x == x ? limit : slope;
}
