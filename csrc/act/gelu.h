/* gelu(x) = x Phi(x), Phi(x) = erfc(-x / sqrt 2) / 2: erfc keeps relative accuracy
 * for x < 0, so the negative tail is a tiny negative number, never 0 - 0 or > 0.
 * The argument u = -x/sqrt2 is formed with sqrt2/2 split in two and the product
 * error kept (du), which fa_mul_erfc takes to first order: it matters where
 * erfc falls fast (erfc(u + du) ~ erfc(u) (1 - 2 u du) for u >> 1). x / 2 enters erfc before its 2^n
 * scale (fa_mul_erfc), so the product is rounded once even where Phi itself
 * is subnormal (x in [-14, -13] for float, [-38.6, -37.5] for double).
 * f'(x) = Phi(x) + x phi(x), phi(x) = e^(-x^2/2) / sqrt(2 pi), x^2 exact via
 * fa_two_prod; x phi(x) is kept in parts (e^(-x^2/2) from fa_exp_neg_parts,
 * 1 / sqrt(2 pi) in two) and added to Phi with one rounding, since the two
 * cancel next to the zero of f' at x = -0.7518 (accurate in absolute terms in
 * a band around it; just outside, at x = -1.17, the error of Phi is doubled). */
#include "act/gelu_constants.h"

/* f Phi(x), rounded once (|f| <= 2^20) */
FA_INLINE FA_T FA_FN(gelu_times_cdf)(FA_T f, FA_T x) {
    const FA_T c_hi = (FA_T)FA_GELU_HALF_SQRT2_HI;
    const FA_T c_lo = (FA_T)(FA_GELU_HALF_SQRT2_HI - (double)c_hi + FA_GELU_HALF_SQRT2_LO);
    FA_T lo;
    const FA_T u = -FA_MATH(two_prod)(x, c_hi, &lo);
    const FA_T du = -(lo + x * c_lo);
    return FA_MATH(mul_erfc)((FA_T)0.5 * f, u, du);
}

FA_INLINE FA_T FA_FN(gelu_forward)(FA_T x, const FA_T *p) {
    (void)p;
    /* below -39 (float: -14.8) x Phi(x) rounds to -0 and above 16 to x; the
     * clamp keeps the factor x / 2 within fa_mul_erfc's range (and infinite x
     * out of it) */
    const FA_T low = sizeof(FA_T) == sizeof(float) ? (FA_T)-14.8 : (FA_T)-39.0;
    const FA_T high = (FA_T)16;
    const FA_T clamped = x < low ? low : x > high ? high : x;
    const FA_T value = FA_FN(gelu_times_cdf)(clamped, clamped);
    return x < low ? -(FA_T)0 : x > high ? x : value;
}

FA_INLINE FA_T FA_FN(gelu_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    FA_T sq_lo, lo, scale, c_lo, e_lo;
    const FA_T square = FA_MATH(two_prod)(x, x, &sq_lo);
    const FA_T a = (FA_T)0.5 * square;
    /* phi is 0 beyond here (and sq_lo may be NaN) */
    const int moot = !(a < FA_MATH(exp_limit)() && a < FA_MATH(exp_parts_limit)());
    /* x phi(x) = x c (hi + lo) 2^n in parts, c = 1 / sqrt(2 pi) in two */
    const FA_T hi = FA_FN(exp_neg_fixed)(a, moot ? (FA_T)0 : (FA_T)0.5 * sq_lo, &lo, &scale);
    const FA_T c_hi = (FA_T)FA_GELU_INV_SQRT_2PI;
    const FA_T xc_hi = FA_MATH(two_prod)(x, c_hi, &c_lo);
    const FA_T xc_lo =
        c_lo + x * (FA_T)(FA_GELU_INV_SQRT_2PI - (double)c_hi + FA_GELU_INV_SQRT_2PI_LO);
    const FA_T xd_hi = FA_MATH(two_prod)(xc_hi, hi, &e_lo);
    const FA_T xd_lo = e_lo + xc_hi * lo + xc_lo * hi;
    /* 2^n applied to each part alone (rounded once where subnormal), then
     * Phi + x phi summed with one rounding (the two cancel towards the zero) */
    const FA_T unit = FA_MATH(exp_parts_unit)();
    FA_T t;
    const FA_T sum =
        FA_MATH(two_sum)(FA_FN(gelu_times_cdf)((FA_T)1, x), (xd_hi * scale) * unit, &t);
    const FA_T slope = sum + (t + (xd_lo * scale) * unit);
    return moot ? (x > (FA_T)0 ? (FA_T)1 : x == x ? (FA_T)0 : x) : slope;
}
