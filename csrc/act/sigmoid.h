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
 *   sigmoid'(x) = sigmoid(x) sigmoid(-x) = u (1 - u), u = sigmoid(-|x|) from the
 *                                              same corrected quotient: symmetric, so
 *                                              the tails never collapse to 1 - 1 = 0
 *   from y:       y (1 - y)                     loses relative accuracy as y -> 1
 *                                              (x > ~17 in float32, ~37 in float64) */
/* (x >= 0 and one ? 1 : e) / (1 + e), e = e^-|x|, as q with the result q or
 * q * scale * unit (x < 0 or one = 0: the numerator e, scaled last so that a
 * subnormal result is rounded once) */
FA_INLINE FA_T FA_FN(sigmoid_quotient)(FA_T x, FA_T one, FA_T *scale) {
    FA_T lo;
    const FA_T hi = FA_MATH(exp_neg_parts)(-FA_ABS(x), &lo, scale);
    const FA_T unit = FA_MATH(exp_parts_unit)();
    const FA_T e_hi = (hi * *scale) * unit, e_lo = (lo * *scale) * unit;
    const FA_T d_hi = (FA_T)1 + e_hi;
    const FA_T d_lo = ((FA_T)1 - d_hi) + e_hi + e_lo;
    /* numerator 1 or hi + lo chosen arithmetically (1 - hi is exact): with
     * selects GCC duplicates the division for each branch */
    const FA_T positive = x >= (FA_T)0 ? one : (FA_T)0; /* NaN: hi is NaN */
    return FA_MATH(div2)(hi + ((FA_T)1 - hi) * positive, lo - lo * positive, d_hi, d_lo,
                         FA_MATH(recip_rough)(d_hi));
}

FA_INLINE FA_T FA_FN(sigmoid_forward)(FA_T x, const FA_T *p) {
    (void)p;
    FA_T scale;
    const FA_T q = FA_FN(sigmoid_quotient)(x, (FA_T)1, &scale);
    return x < (FA_T)0 ? (q * scale) * FA_MATH(exp_parts_unit)() : q;
}

/* u (1 - u), u = sigmoid(-|x|) = q scale unit, rounded once (also in the tails) */
FA_INLINE FA_T FA_FN(sigmoid_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    FA_T scale;
    const FA_T q = FA_FN(sigmoid_quotient)(x, (FA_T)0, &scale);
    const FA_T unit = FA_MATH(exp_parts_unit)();
    const FA_T u = (q * scale) * unit;
    return ((q * ((FA_T)1 - u)) * scale) * unit;
}

FA_INLINE FA_T FA_FN(sigmoid_derivative_from_y)(FA_T y, const FA_T *p) {
    (void)p;
    return y * ((FA_T)1 - y);
}
