/* tanh(x) from the shared vector tanh.
 * f'(x) = 1 - tanh^2 x = sech^2 x = 4e / (1 + e)^2 with e = e^-2|x|: no 1 - 1
 * cancellation, so tanh'(10) is 8.2e-9 in float32, not 0; the deep tail is
 * multiplied in with fa_mul_exp_neg (rounded once).
 * From y: (1 - y)(1 + y), exact in its factors but it inherits the rounding of
 * y near +-1 (relative accuracy lost for |x| above about 4 in float32). */
FA_INLINE FA_T FA_FN(tanh_forward)(FA_T x, const FA_T *p) {
    (void)p;
    return FA_V(tanh)(x);
}

FA_INLINE FA_T FA_FN(tanh_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T a = (FA_T)2 * FA_ABS(x);
    const FA_T r = FA_V(exp_neg_root)(a);
    const FA_T e = FA_V(exp_neg_join)(r, a);
    const FA_T d = (FA_T)1 + e;
    return FA_V(mul_exp_neg)((FA_T)4 / (d * d), r, a);
}

FA_INLINE FA_T FA_FN(tanh_derivative_from_y)(FA_T y, const FA_T *p) {
    (void)p;
    return ((FA_T)1 - y) * ((FA_T)1 + y);
}
