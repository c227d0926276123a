/* step(x) = 1 if x >= threshold else 0; p[0] = threshold. f' = 0 everywhere.
 * NaN gives NaN in every pass. */
FA_INLINE FA_T FA_FN(step_forward)(FA_T x, const FA_T *p) {
    const FA_T s = x >= p[0] ? (FA_T)1 : (FA_T)0;
    return x != x ? x : s;
}

FA_INLINE FA_T FA_FN(step_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    return x != x ? x : (FA_T)0;
}

FA_INLINE FA_T FA_FN(step_derivative_from_y)(FA_T y, const FA_T *p) {
    return FA_FN(step_derivative)(y, p);
}
