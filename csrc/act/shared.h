/* Element math several activations share, written once over FA_T (included per
 * dtype before the activations, by kernels/elementwise_dtype.inc). */

/* e^-(a + dz) for a >= 0 (or NaN) and a first-order correction dz (the amount
 * the true argument exceeds a; |dz| << 1): (hi + *lo) * *scale * unit, in
 * fa_exp_neg_parts' form (unit = fa_exp_parts_unit), *lo below an ULP of hi. */
FA_INLINE FA_T FA_FN(exp_neg_fixed)(FA_T a, FA_T dz, FA_T *lo, FA_T *scale) {
    FA_T l;
    const FA_T h = FA_MATH(exp_neg_parts)(-a, &l, scale);
    const FA_T t = l - h * dz;
    const FA_T hi = h + t;
    *lo = (h - hi) + t;
    return hi;
}

/* e = e^-a itself, as *e_lo + the result, from fa_exp_neg_parts' hi, lo and
 * scale: for sums such as 1 + e. Beyond half the exponential's range e is
 * negligible in them, and taken as 0 there to keep subnormal numbers (slow:
 * GCC may compute that branch for every lane) out of the arithmetic. */
FA_INLINE FA_T FA_FN(exp_parts_join)(FA_T hi, FA_T lo, FA_T scale, FA_T a, FA_T *e_lo) {
    const FA_T unit = FA_MATH(exp_parts_unit)();
    const FA_T s = a < (FA_T)0.5 * FA_MATH(exp_limit)() ? scale : (FA_T)0;
    *e_lo = (lo * s) * unit;
    return (hi * s) * unit;
}

/* 1 + e in parts, e = e_hi + e_lo <= 1 (the fast two-sum holds) */
FA_INLINE FA_T FA_FN(one_plus)(FA_T e_hi, FA_T e_lo, FA_T *d_lo) {
    const FA_T d_hi = (FA_T)1 + e_hi;
    *d_lo = (((FA_T)1 - d_hi) + e_hi) + e_lo;
    return d_hi;
}

/* 1 / d to 6% for d in [1, 8), as fa_div2 wants its y (fa_recip_rough covers [1, 2]) */
FA_INLINE FA_T FA_FN(recip_rough_wide)(FA_T d) {
    const FA_T k = d >= (FA_T)4 ? (FA_T)0.25 : d >= (FA_T)2 ? (FA_T)0.5 : (FA_T)1;
    return FA_MATH(recip_rough)(d * k) * k;
}

/* (a_hi + a_lo)(b_hi + b_lo) in parts, the low parts below an ULP of the high */
FA_INLINE FA_T FA_FN(mul_parts)(FA_T a_hi, FA_T a_lo, FA_T b_hi, FA_T b_lo, FA_T *lo) {
    FA_T t;
    const FA_T hi = FA_MATH(two_prod)(a_hi, b_hi, &t);
    *lo = t + (a_hi * b_lo + a_lo * b_hi);
    return hi;
}

/* (d_hi + d_lo)^2 in parts, d_hi in [1, 8), and *y ~ 1 / d_hi^2 as fa_div2 wants */
FA_INLINE FA_T FA_FN(square_parts)(FA_T d_hi, FA_T d_lo, FA_T *sq_lo, FA_T *y) {
    FA_T p;
    const FA_T sq_hi = FA_MATH(two_prod)(d_hi, d_hi, &p);
    const FA_T r = FA_FN(recip_rough_wide)(d_hi);
    *sq_lo = p + (FA_T)2 * d_hi * d_lo;
    *y = r * r;
    return sq_hi;
}

/* x sigmoid(z), given z and dz, the amount the true |z| exceeds |z| (0 where z
 * is exact). With e = e^-|z| = (hi + lo) 2^n, kept in parts:
 *   z >= 0: x / (1 + e)        z < 0: x (hi + lo) / (1 + e) 2^n
 * Numerator (x hi exact by fa_two_prod) and denominator are both in parts and
 * the quotient is corrected by its remainder (fa_div2): one rounding plus a few
 * hundredths of an ULP. 2^n goes in last, as 2^(n + 64) 2^-64, so that subnormal
 * results are rounded once; for |x| > 2^64 x is scaled by 2^-64 first instead
 * (x hi 2^(n + 64) could overflow). Beyond fa_exp_parts_limit the z < 0 result
 * underflows (for the |x| < 2^39 (float) that can reach it with beta = 1) and
 * is +-0: also the limit for z = -inf. */
FA_INLINE FA_T FA_FN(times_sigmoid)(FA_T x, FA_T z, FA_T dz) {
    const FA_T a = FA_ABS(z);
    FA_T lo, scale;
    const FA_T hi = FA_FN(exp_neg_fixed)(a, dz, &lo, &scale);
    const FA_T unit = FA_MATH(exp_parts_unit)();
    FA_T e_lo, d_lo;
    const FA_T e_hi = FA_FN(exp_parts_join)(hi, lo, scale, a, &e_lo);
    const FA_T d_hi = FA_FN(one_plus)(e_hi, e_lo, &d_lo);
    /* x times 1 or hi + lo, chosen arithmetically (1 - hi is exact), so that
     * there is one division, not one per branch; selects on FA_T values only
     * (int conditions combined with && keep GCC from vectorising) */
    const FA_T keep = z < (FA_T)0 ? (FA_T)1 : (FA_T)0; /* NaN: hi is NaN */
    const int big = FA_ABS(x) > (FA_T)0x1p64;
    const FA_T before = big ? unit : (FA_T)1, after = big ? (FA_T)1 : unit;
    const FA_T xb = x * (z < (FA_T)0 ? before : (FA_T)1);
    FA_T n_lo;
    const FA_T n_hi = FA_MATH(two_prod)(xb, (FA_T)1 + (hi - (FA_T)1) * keep, &n_lo);
    const FA_T q =
        FA_MATH(div2)(n_hi, n_lo + xb * (lo * keep), d_hi, d_lo, FA_MATH(recip_rough)(d_hi));
    const FA_T value = (q * (z < (FA_T)0 ? scale : (FA_T)1)) * (z < (FA_T)0 ? after : (FA_T)1);
    /* x = 0: x itself (-0 + 0 would be +0 in fa_div2) */
    const FA_T finite = x == (FA_T)0 ? x : value;
    return z < -FA_MATH(exp_parts_limit)() ? FA_COPYSIGN((FA_T)0, x) : finite;
}

/* s + w s (1 - s), s = sigmoid(z): the slope of x sigmoid(z(x)) with w = x z'(x)
 * in two parts (w + w_lo: near the zero of the slope it cancels against 1 + e),
 * given dz as times_sigmoid takes it.
 *   z >= 0: (1 + e + e w) / (1 + e)^2     z < 0: e (1 + e + w) / (1 + e)^2
 * e in parts ((hi + lo) 2^n), the numerator and (1 + e)^2 in two, the quotient
 * corrected by its remainder (fa_div2); for z < 0, 2^n goes in last (rounded
 * once in the deep tail). Beyond the range of the parts e = 0 and w may be
 * infinite: the limit 1 or 0. */
FA_INLINE FA_T FA_FN(sigmoid_slope)(FA_T w, FA_T w_lo, FA_T z, FA_T dz) {
    const FA_T a = FA_ABS(z);
    FA_T lo, scale, e_lo, d_lo, sq_lo, y, g_lo, u, v;
    const FA_T hi = FA_FN(exp_neg_fixed)(a, dz, &lo, &scale);
    const FA_T e_hi = FA_FN(exp_parts_join)(hi, lo, scale, a, &e_lo);
    const FA_T d_hi = FA_FN(one_plus)(e_hi, e_lo, &d_lo);
    const FA_T sq_hi = FA_FN(square_parts)(d_hi, d_lo, &sq_lo, &y);
    const int positive = z >= (FA_T)0;
    /* 1 + e + g, g = e w (z >= 0) or w (z < 0), times 1 or hi + lo */
    const FA_T g_hi = FA_MATH(two_prod)(positive ? e_hi : (FA_T)1, w, &g_lo);
    const FA_T s_hi = FA_MATH(two_sum)(d_hi, g_hi, &u);
    const FA_T g_more = positive ? e_lo * w + e_hi * w_lo : w_lo;
    const FA_T s_lo = u + (d_lo + (g_lo + g_more));
    const FA_T f_hi = positive ? (FA_T)1 : hi, f_lo = positive ? (FA_T)0 : lo;
    const FA_T n_hi = FA_MATH(two_prod)(f_hi, s_hi, &v);
    const FA_T q = FA_MATH(div2)(n_hi, v + f_hi * s_lo + f_lo * s_hi, sq_hi, sq_lo, y);
    const FA_T slope = positive ? q : (q * scale) * FA_MATH(exp_parts_unit)();
    const FA_T limit = z > (FA_T)0 ? (FA_T)1 : (FA_T)0;
    return a >= FA_MATH(exp_parts_limit)() ? limit : slope;
}
