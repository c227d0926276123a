/* hard_swish(x) = x * hard_sigmoid(x) = x * clip(x + 3, 0, 6) / 6 (a true
 * division: multiplying by a rounded 1/6 costs a third rounding, > 2 ULP).
 * f' = 0 for x <= -3, 1 for x >= 3, x/3 + 1/2 between (spec: f'(-3) = 0, f'(3) = 1). */
FA_INLINE FA_T FA_FN(hard_swish_forward)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T quadratic = x * (x + (FA_T)3) / (FA_T)6;
    const FA_T upper = x >= (FA_T)3 ? x : quadratic;
    return x <= (FA_T)-3 ? (FA_T)0 : upper;
}

FA_INLINE FA_T FA_FN(hard_swish_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T slope = ((FA_T)2 * x + (FA_T)3) * ((FA_T)1 / (FA_T)6);
    const FA_T upper = x >= (FA_T)3 ? (FA_T)1 : slope;
    const FA_T d = x <= (FA_T)-3 ? (FA_T)0 : upper;
    return x != x ? x : d;
}
