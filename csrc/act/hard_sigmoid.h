/* hard_sigmoid(x) = clip(x/6 + 1/2, 0, 1), computed as (x + 3) * (1/6): x + 3
 * is exact near -3, so the result keeps its relative accuracy near 0.
 * f' = 1/6 on (-3, 3), 0 elsewhere (as PyTorch). */
FA_INLINE FA_T FA_FN(hard_sigmoid_forward)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T linear = (x + (FA_T)3) * ((FA_T)1 / (FA_T)6);
    const FA_T upper = x >= (FA_T)3 ? (FA_T)1 : linear;
    return x <= (FA_T)-3 ? (FA_T)0 : upper;
}

FA_INLINE FA_T FA_FN(hard_sigmoid_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T inside = (x > (FA_T)-3 && x < (FA_T)3) ? (FA_T)1 / (FA_T)6 : (FA_T)0;
    return x != x ? x : inside;
}
