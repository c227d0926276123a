/* log_sigmoid(x) = -softplus(-x) = min(x, 0) - log1p(e^-|x|): never overflows,
 * exact in the tails (log_sigmoid(-1000) = -1000).
 * f'(x) = sigmoid(-x) = (x >= 0 ? e : 1) / (1 + e), e = e^-|x|. */
FA_INLINE FA_T FA_FN(log_sigmoid_forward)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T e = FA_V(exp)(-FA_ABS(x));
    const FA_T negative_part = x < (FA_T)0 ? x : (FA_T)0;
    return negative_part - FA_V(log1p)(e);
}

FA_INLINE FA_T FA_FN(log_sigmoid_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T e = FA_V(exp)(-FA_ABS(x));
    return (x >= (FA_T)0 ? e : (FA_T)1) / ((FA_T)1 + e);
}
