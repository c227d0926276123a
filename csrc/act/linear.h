/* linear(x) = slope * x + intercept; p = {slope, intercept}. f' = slope. */
FA_INLINE FA_T FA_FN(linear_forward)(FA_T x, const FA_T *p) { return p[0] * x + p[1]; }

FA_INLINE FA_T FA_FN(linear_derivative)(FA_T x, const FA_T *p) { return x != x ? x : p[0]; }

FA_INLINE FA_T FA_FN(linear_derivative_from_y)(FA_T y, const FA_T *p) {
    return FA_FN(linear_derivative)(y, p);
}
