/* sigmoid(x) = 1 / (1 + e^-x), written once over FA_T (included per dtype).
 *
 * With e = e^-|x| in (0, 1] the exponential never overflows:
 *   sigmoid(x)  = (x >= 0 ? 1 : e) / (1 + e)   one rounding-prone division, and the
 *                                              negative tail keeps full relative accuracy
 *   sigmoid'(x) = sigmoid(x) sigmoid(-x) = e / (1 + e)^2   symmetric, so the tails
 *                                              never collapse to 1 - 1 = 0
 *   from y:       y (1 - y)                     loses relative accuracy as y -> 1
 *                                              (x > ~17 in float32, ~37 in float64) */
FA_INLINE FA_T FA_FN(sigmoid_forward)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T e = FA_EXP(-FA_ABS(x));
    const FA_T numerator = x >= (FA_T)0 ? (FA_T)1 : e; /* NaN: e is NaN */
    return numerator / ((FA_T)1 + e);
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
