/* celu(x) = max(0, x) + min(0, alpha (e^(x/alpha) - 1)); p[0] = alpha (nonzero,
 * checked in Python). f'(x) = 1 if x > 0 else e^(x/alpha). */
FA_INLINE FA_T FA_FN(celu_forward)(FA_T x, const FA_T *p) {
    return x > (FA_T)0 ? x : p[0] * FA_V(expm1)(x / p[0]);
}

/* e^(x/alpha): x/alpha is rounded and e^u has condition |u|, so the exact
 * remainder of the division (x - u alpha, from fa_two_prod) corrects it. */
FA_INLINE FA_T FA_FN(celu_derivative)(FA_T x, const FA_T *p) {
    const FA_T u = x / p[0];
    FA_T product_lo;
    const FA_T product = FA_V(two_prod)(u, p[0], &product_lo);
    const int moot = !(FA_ABS(u) < FA_V(exp_limit)());
    const FA_T u_lo = moot ? (FA_T)0 : ((x - product) - product_lo) / p[0];
    return x > (FA_T)0 ? (FA_T)1 : FA_V(exp)(u) * ((FA_T)1 + u_lo);
}
