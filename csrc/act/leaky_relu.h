/* leaky_relu(x) = x if x > 0 else negative_slope * x; p[0] = negative_slope.
 * f'(0) = negative_slope (as PyTorch). */
FA_INLINE FA_T FA_FN(leaky_relu_forward)(FA_T x, const FA_T *p) {
    return x > (FA_T)0 ? x : p[0] * x;
}

FA_INLINE FA_T FA_FN(leaky_relu_derivative)(FA_T x, const FA_T *p) {
    const FA_T slope = x > (FA_T)0 ? (FA_T)1 : p[0];
    return x != x ? x : slope;
}

/* With negative_slope >= 0, y > 0 exactly when x > 0 (Python checks the slope). */
FA_INLINE FA_T FA_FN(leaky_relu_derivative_from_y)(FA_T y, const FA_T *p) {
    return FA_FN(leaky_relu_derivative)(y, p);
}
