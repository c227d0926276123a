/* softsign(x) = x / (1 + |x|);  f'(x) = 1 / (1 + |x|)^2, squared after the
 * division so that it underflows gracefully instead of overflowing to 0. */
FA_INLINE FA_T FA_FN(softsign_forward)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T ax = FA_ABS(x);
    const FA_T finite = x / ((FA_T)1 + ax);
    const FA_T sign = FA_COPYSIGN((FA_T)1, x);
    return ax == (FA_T)INFINITY ? sign : finite; /* inf / inf would be NaN */
}

FA_INLINE FA_T FA_FN(softsign_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T d = (FA_T)1 / ((FA_T)1 + FA_ABS(x));
    return d * d;
}
