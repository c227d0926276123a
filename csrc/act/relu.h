/* relu(x) = x if x > threshold else 0; p[0] = threshold. Written over FA_T.
 * The gradient at the kink is 0 (as PyTorch). NaN gives NaN in every pass. */
FA_INLINE FA_T FA_FN(relu_forward)(FA_T x, const FA_T *p) {
    return x <= p[0] ? (FA_T)0 : x; /* NaN compares false and goes through */
}

FA_INLINE FA_T FA_FN(relu_derivative)(FA_T x, const FA_T *p) {
    const FA_T step = x > p[0] ? (FA_T)1 : (FA_T)0;
    return x != x ? x : step;
}

/* For threshold >= 0 an output y > threshold came from x = y > threshold and
 * every other output is 0, so the same test applies to y (Python checks it). */
FA_INLINE FA_T FA_FN(relu_derivative_from_y)(FA_T y, const FA_T *p) {
    return FA_FN(relu_derivative)(y, p);
}
