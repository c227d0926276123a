/* relu6(x) = min(max(x, 0), 6). f' = 1 on (0, 6), 0 elsewhere and at both
 * kinks (as PyTorch). NaN fails every comparison and goes through. */
FA_INLINE FA_T FA_FN(relu6_forward)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T upper = x >= (FA_T)6 ? (FA_T)6 : x;
    return x <= (FA_T)0 ? (FA_T)0 : upper;
}

FA_INLINE FA_T FA_FN(relu6_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T inside = (x > (FA_T)0 && x < (FA_T)6) ? (FA_T)1 : (FA_T)0;
    return x != x ? x : inside;
}

/* y is in (0, 6) exactly when x is. */
FA_INLINE FA_T FA_FN(relu6_derivative_from_y)(FA_T y, const FA_T *p) {
    return FA_FN(relu6_derivative)(y, p);
}
