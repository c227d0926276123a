/* hard_tanh(x) = clip(x, min_val, max_val); p = {min_val, max_val}.
 * f' = 1 on (min_val, max_val), 0 elsewhere and at the kinks (as PyTorch). */
FA_INLINE FA_T FA_FN(hard_tanh_forward)(FA_T x, const FA_T *p) {
    const FA_T upper = x >= p[1] ? p[1] : x;
    return x <= p[0] ? p[0] : upper;
}

FA_INLINE FA_T FA_FN(hard_tanh_derivative)(FA_T x, const FA_T *p) {
    const FA_T inside = (x > p[0] && x < p[1]) ? (FA_T)1 : (FA_T)0;
    return x != x ? x : inside;
}

/* y is strictly inside (min_val, max_val) exactly when x is. */
FA_INLINE FA_T FA_FN(hard_tanh_derivative_from_y)(FA_T y, const FA_T *p) {
    return FA_FN(hard_tanh_derivative)(y, p);
}
