/* sigmoid(x) = 1 / (1 + e^-x), written once over FA_T (included per dtype).
 *
 * With e = e^-|x| in (0, 1] the exponential never overflows:
 *   sigmoid(x)  = (x >= 0 ? 1 : e) / (1 + e)   the negative tail keeps full
 *                                              relative accuracy; e is kept in parts
 *                                              (hi + lo) * 2^n and the quotient
 *                                              corrected (fa_div2), so neither the
 *                                              rounding of e nor that of 1 + e shows
 *                                              (each is worth up to an ULP where the
 *                                              result sits low in its binade)
 *   sigmoid'(x) = sigmoid(x) sigmoid(-x) = e / (1 + e)^2   symmetric, so the tails
 *                                              never collapse to 1 - 1 = 0
 *   from y:       y (1 - y)                     loses relative accuracy as y -> 1
 *                                              (x > ~17 in float32, ~37 in float64) */
FA_INLINE FA_T FA_FN(sigmoid_forward)(FA_T x, const FA_T *p) {
    (void)p;
    FA_T lo, scale;
    const FA_T hi = FA_V(exp_neg_parts)(-FA_ABS(x), &lo, &scale);
    const FA_T unit = FA_V(exp_parts_unit)();
    const FA_T e_hi = (hi * scale) * unit, e_lo = (lo * scale) * unit;
    const FA_T d_hi = (FA_T)1 + e_hi;
    const FA_T d_lo = ((FA_T)1 - d_hi) + e_hi + e_lo;
    /* numerator 1 or hi + lo chosen arithmetically (1 - hi is exact): with
     * selects GCC duplicates the division for each branch */
    const FA_T positive = x >= (FA_T)0 ? (FA_T)1 : (FA_T)0; /* NaN: hi is NaN */
    const FA_T q = FA_V(div2)(hi + ((FA_T)1 - hi) * positive, lo - lo * positive, d_hi, d_lo,
                              FA_V(recip_rough)(d_hi));
    return x < (FA_T)0 ? (q * scale) * unit : q;
}

FA_INLINE FA_T FA_FN(sigmoid_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T e = FA_EXP(-FA_ABS(x));
    const FA_T d = (FA_T)1 + e;
    return e / (d * d);
}

FA_INLINE FA_T FA_FN(sigmoid_derivative_from_y)(FA_T y, const FA_T *p) {
    (void)p;
    return y * ((FA_T)1 - y);
}
