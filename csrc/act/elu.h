/* elu(x) = x if x > 0 else alpha (e^x - 1); p[0] = alpha. expm1: no cancellation.
 * f'(x) = 1 if x > 0 else alpha e^x (alpha at 0, as PyTorch).
 * From y (alpha >= 0): 1 if y > 0 else y + alpha, which loses relative accuracy
 * as y -> -alpha (x below about -8 in float32, -17 in float64). */
FA_INLINE FA_T FA_FN(elu_forward)(FA_T x, const FA_T *p) {
    return x > (FA_T)0 ? x : p[0] * FA_MATH(expm1)(x);
}

FA_INLINE FA_T FA_FN(elu_derivative)(FA_T x, const FA_T *p) {
    return x > (FA_T)0 ? (FA_T)1 : p[0] * FA_MATH(exp)(x);
}

/* |alpha| >= 2 (the kernels pick per call, elementwise_dtype.inc's edge
 * kernels): alpha e^x as (alpha 2^-s)(2^s e^x), s from alpha (fa_exp_shift).
 * 2^s e^x is normal wherever the result is, so a huge alpha with e^x
 * subnormal (|alpha| = 2^70: x < -87.3 / -708.4) is still rounded about once
 * (141 / 711 ULP float / double when e^x was rounded to a subnormal first).
 * Not the default's body: it cost alpha = 1 ~9% (AVX-512 float, GCC 12). */
FA_INLINE int FA_FN(elu_derivative_takes_edge)(const FA_T *p) {
    return FA_MATH(exp_shift)(p[0]) != 0u;
}

FA_INLINE FA_T FA_FN(elu_derivative_edge)(FA_T x, const FA_T *p) {
    const uint32_t shift = FA_MATH(exp_shift)(p[0]);
    const FA_T alpha_unshifted = p[0] * FA_MATH(exp_unshift)(shift); /* exact */
    return x > (FA_T)0 ? (FA_T)1 : alpha_unshifted * FA_MATH(exp_shifted)(x, shift);
}

FA_INLINE FA_T FA_FN(elu_derivative_from_y)(FA_T y, const FA_T *p) {
    return y > (FA_T)0 ? (FA_T)1 : y + p[0];
}
