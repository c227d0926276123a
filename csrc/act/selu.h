/* selu(x) = scale * elu(x, alpha) with the fixed constants of Klambauer et al.
 * f'(x) = scale if x > 0 else scale alpha e^x. */
#define FA_SELU_ALPHA 1.6732632423543772848170429916717
#define FA_SELU_SCALE 1.0507009873554804934193349852946

FA_INLINE FA_T FA_FN(selu_forward)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T scale_alpha = (FA_T)(FA_SELU_SCALE * FA_SELU_ALPHA);
    return x > (FA_T)0 ? (FA_T)FA_SELU_SCALE * x : scale_alpha * FA_V(expm1)(x);
}

FA_INLINE FA_T FA_FN(selu_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T scale_alpha = (FA_T)(FA_SELU_SCALE * FA_SELU_ALPHA);
    const FA_T slope = x > (FA_T)0 ? (FA_T)FA_SELU_SCALE : scale_alpha * FA_V(exp)(x);
    return x != x ? x : slope;
}
