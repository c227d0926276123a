/* tanh(x) from the shared vector tanh.
 * f'(x) = 1 - tanh^2 x = sech^2 x = 4e / (1 + e)^2 with e = e^-2|x|: no 1 - 1
 * cancellation, so tanh'(10) is 8.2e-9 in float32, not 0. e is kept in parts
 * (hi + lo) 2^n, (1 + e)^2 in two (fa_two_prod) and the quotient corrected by
 * its remainder (fa_div2): about one rounding; 2^n goes in last (rounded once
 * in the deep tail).
 * From y: (1 - y)(1 + y), exact in its factors but it inherits the rounding of
 * y near +-1 (relative accuracy lost for |x| above about 4 in float32). */
FA_INLINE FA_T FA_FN(tanh_forward)(FA_T x, const FA_T *p) {
    (void)p;
    return FA_MATH(tanh)(x);
}

FA_INLINE FA_T FA_FN(tanh_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T a = (FA_T)2 * FA_ABS(x);
    FA_T lo, scale, e_lo, d_lo, sq_lo, y;
    const FA_T hi = FA_MATH(exp_neg_parts)(-a, &lo, &scale);
    const FA_T e_hi = FA_FN(exp_parts_join)(hi, lo, scale, a, &e_lo);
    const FA_T d_hi = FA_FN(one_plus)(e_hi, e_lo, &d_lo);
    const FA_T sq_hi = FA_FN(square_parts)(d_hi, d_lo, &sq_lo, &y);
    const FA_T q = FA_MATH(div2)(hi, lo, sq_hi, sq_lo, y);
    return (((FA_T)4 * q) * scale) * FA_MATH(exp_parts_unit)();
}

FA_INLINE FA_T FA_FN(tanh_derivative_from_y)(FA_T y, const FA_T *p) {
    (void)p;
    return ((FA_T)1 - y) * ((FA_T)1 + y);
}
