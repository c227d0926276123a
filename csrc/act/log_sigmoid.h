/* log_sigmoid(x) = -softplus(-x) = min(x, 0) - log1p(e^-|x|): never overflows,
 * exact in the tails (log_sigmoid(-1000) = -1000, log_sigmoid(1000) = -0).
 * f'(x) = sigmoid(-x) = (x >= 0 ? e : 1) / (1 + e), e = e^-|x|. */
FA_INLINE FA_T FA_FN(log_sigmoid_forward)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T e = FA_MATH(exp)(-FA_ABS(x));
    const FA_T l = FA_MATH(log1p)(e);
    return x < (FA_T)0 ? x - l : -l; /* -0 (not 0 - 0) where e underflows */
}

FA_INLINE FA_T FA_FN(log_sigmoid_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T e = FA_MATH(exp)(-FA_ABS(x));
    return (x >= (FA_T)0 ? e : (FA_T)1) / ((FA_T)1 + e);
}
