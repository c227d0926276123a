/* celu(x) = max(0, x) + min(0, alpha (e^(x/alpha) - 1)); p[0] = alpha (nonzero,
 * checked in Python). f'(x) = 1 if x > 0 else e^(x/alpha).
 * u = x/alpha is rounded, and for alpha < 0 (u > 0 where x < 0) e^u has
 * condition u (up to ~88 float, ~709 double): the exact remainder of the
 * division (x - u alpha, from fa_two_prod) gives u_lo, the rest of the exact
 * quotient, and both passes correct e^u by it to first order (without it the
 * forward was 60 ULP off in float32 and 498 in float64 for alpha = -0.763).
 * alpha = +-inf: the limits, celu = x and f' = 1 for x <= 0 (u = -+0). */

/* u = x / alpha, and in *u_lo the rest of the exact quotient (0 where moot:
 * e^u beyond the exponential's range, or alpha infinite, where u alpha is NaN) */
FA_INLINE FA_T FA_FN(celu_quotient)(FA_T x, FA_T alpha, FA_T *u_lo) {
    const FA_T u = x / alpha;
    FA_T product_lo;
    const FA_T product = FA_V(two_prod)(u, alpha, &product_lo);
    const int moot = !(FA_ABS(u) < FA_V(exp_limit)()) || !(FA_ABS(alpha) < (FA_T)INFINITY);
    *u_lo = moot ? (FA_T)0 : ((x - product) - product_lo) / alpha;
    return u;
}

/* alpha expm1(u + u_lo) = alpha (m + (m + 1) u_lo), m = expm1(u); the
 * correction only where m is finite (inf - inf). For -1 < alpha < 0, alpha e^u
 * is finite for a band of u where e^u overflows (float32: u in (88.7, 91.7)
 * for alpha = -0.05): there (alpha h) h (1 + u_lo), h = e^(u/2), one more
 * exp per element, in that per-call case only (the loop is unswitched). */
FA_INLINE FA_T FA_FN(celu_forward)(FA_T x, const FA_T *p) {
    FA_T u_lo;
    const FA_T alpha = p[0];
    const FA_T u = FA_FN(celu_quotient)(x, alpha, &u_lo);
    const FA_T m = FA_V(expm1)(u);
    const int m_finite = FA_ABS(m) < (FA_T)INFINITY;
    FA_T value = alpha * (m + (m_finite ? (m + (FA_T)1) * u_lo : (FA_T)0));
    if (alpha > (FA_T)-1 && alpha < (FA_T)0) {
        const FA_T h = FA_V(exp)(u * (FA_T)0.5);
        value = m_finite ? value : (alpha * h) * h * ((FA_T)1 + u_lo);
    }
    const FA_T negative = FA_ABS(alpha) < (FA_T)INFINITY ? value : x;
    return x > (FA_T)0 ? x : negative;
}

FA_INLINE FA_T FA_FN(celu_derivative)(FA_T x, const FA_T *p) {
    FA_T u_lo;
    const FA_T u = FA_FN(celu_quotient)(x, p[0], &u_lo);
    return x > (FA_T)0 ? (FA_T)1 : FA_V(exp)(u) * ((FA_T)1 + u_lo);
}
