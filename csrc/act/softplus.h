/* softplus(x) = log(1 + e^(beta x)) / beta, and x itself where beta x > threshold
 * (as PyTorch); p = {beta, threshold}. With z = beta x, e = e^-|z|:
 *   softplus = (max(z, 0) + log1p(e)) / beta           never overflows
 *   f'(x) = sigmoid(z) = (z >= 0 ? 1 : e) / (1 + e), 1 above the threshold
 *   from y: sigmoid(z) = 1 - e^(-beta y) = -expm1(-beta y)
 * beta x is rounded; its exact error corrects e (the tail e^z has condition |z|). */
FA_INLINE FA_T FA_FN(softplus_argument)(FA_T x, FA_T beta, FA_T *e_fix) {
    FA_T lo;
    const FA_T hi = FA_MATH(two_prod)(beta, x, &lo);
    const int moot = !(FA_ABS(hi) < FA_MATH(exp_limit)()); /* lo may be inf or NaN */
    *e_fix = moot ? (FA_T)1 : (FA_T)1 - (hi < (FA_T)0 ? -lo : lo);
    return hi;
}

FA_INLINE FA_T FA_FN(softplus_forward)(FA_T x, const FA_T *p) {
#if FA_DTYPE_IS_F32
    /* float: in double, where beta x is exact (24 x 24 bits) and the result is
     * rounded once; the float steps (e e_fix, log1p, / beta) were 2.25 ULP for
     * beta = 0.3 at x = -168.4 (tests/test_reference_oracle.py). The generic
     * float loop serves baseline and arm64; AVX2 / AVX-512 run simd/softplus.inc */
    const double beta = p[0], z = beta * (double)x;
    const double e = fa_exp_f64(z < 0 ? z : -z);
    const double smooth = ((z > 0 ? z : 0.0) + fa_log1p_f64(e)) / beta;
    return z > (double)p[1] ? x : (FA_T)smooth;
#else
    FA_T e_fix;
    const FA_T z = FA_FN(softplus_argument)(x, p[0], &e_fix);
    const FA_T e = FA_MATH(exp)(-FA_ABS(z)) * e_fix;
    const FA_T positive_part = z > (FA_T)0 ? z : (FA_T)0;
    const FA_T smooth = (positive_part + FA_MATH(log1p)(e)) / p[0];
    return z > p[1] ? x : smooth;
#endif
}

/* double, beta < 1/2 (the kernels pick per call, elementwise_dtype.inc's edge
 * kernels): e / beta can be normal where e is subnormal (beta = 2^-70, z < -708:
 * 711 ULP). e is also kept shifted, e 2^s with 2^s ~ 1/beta (fa_exp_shifted),
 * and below z = -40, where log1p(e) = e to 2^-58, the result is
 * e 2^s / (beta 2^s), both normal. float runs in double above: no edge. */
FA_INLINE int FA_FN(softplus_forward_takes_edge)(const FA_T *p) {
#if FA_DTYPE_IS_F32
    (void)p;
    return 0;
#else
    return FA_MATH(exp_shift)((FA_T)1 / p[0]) != 0u;
#endif
}

FA_INLINE FA_T FA_FN(softplus_forward_edge)(FA_T x, const FA_T *p) {
#if FA_DTYPE_IS_F32
    return FA_FN(softplus_forward)(x, p);
#else
    FA_T e_fix;
    const FA_T beta = p[0];
    const uint32_t shift = FA_MATH(exp_shift)((FA_T)1 / beta);
    const FA_T unshift = FA_MATH(exp_unshift)(shift);
    const FA_T z = FA_FN(softplus_argument)(x, beta, &e_fix);
    const FA_T e_shifted = FA_MATH(exp_shifted)(-FA_ABS(z), shift) * e_fix;
    const FA_T e = e_shifted * unshift;
    const FA_T positive_part = z > (FA_T)0 ? z : (FA_T)0;
    const int tail = z < (FA_T)-40;
    const FA_T numerator = tail ? e_shifted : positive_part + FA_MATH(log1p)(e);
    const FA_T smooth = numerator / (tail ? beta / unshift : beta);
    return z > p[1] ? x : smooth;
#endif
}

FA_INLINE FA_T FA_FN(softplus_derivative)(FA_T x, const FA_T *p) {
    FA_T e_fix;
    const FA_T z = FA_FN(softplus_argument)(x, p[0], &e_fix);
    const FA_T e = FA_MATH(exp)(-FA_ABS(z)) * e_fix;
    const FA_T sigmoid = (z >= (FA_T)0 ? (FA_T)1 : e) / ((FA_T)1 + e);
    return z > p[1] ? (FA_T)1 : sigmoid;
}

FA_INLINE FA_T FA_FN(softplus_derivative_from_y)(FA_T y, const FA_T *p) {
    const FA_T z = p[0] * y;
    return z > p[1] ? (FA_T)1 : -FA_MATH(expm1)(-z);
}
