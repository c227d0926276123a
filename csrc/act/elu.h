/* elu(x) = x if x > 0 else alpha (e^x - 1); p[0] = alpha. expm1: no cancellation.
 * f'(x) = 1 if x > 0 else alpha e^x (alpha at 0, as PyTorch).
 * From y (alpha >= 0): 1 if y > 0 else y + alpha, which loses relative accuracy
 * as y -> -alpha (x below about -8 in float32, -17 in float64). */
FA_INLINE FA_T FA_FN(elu_forward)(FA_T x, const FA_T *p) {
    return x > (FA_T)0 ? x : p[0] * FA_V(expm1)(x);
}

FA_INLINE FA_T FA_FN(elu_derivative)(FA_T x, const FA_T *p) {
    return x > (FA_T)0 ? (FA_T)1 : p[0] * FA_V(exp)(x);
}

FA_INLINE FA_T FA_FN(elu_derivative_from_y)(FA_T y, const FA_T *p) {
    return y > (FA_T)0 ? (FA_T)1 : y + p[0];
}
