/* gelu(x) = x Phi(x), Phi(x) = erfc(-x / sqrt 2) / 2: erfc keeps relative accuracy
 * for x < 0, so the negative tail is a tiny negative number, never 0 - 0 or > 0.
 * The argument u = -x/sqrt2 is formed with sqrt2/2 split in two and the product
 * error kept (du); erfc(u + du) = erfc(u) (1 - 2 u du) to first order, which
 * matters where erfc falls fast (u >> 1). Where Phi itself is subnormal while
 * x Phi is not (x in [-14, -13] for float, [-38.6, -37.5] for double) the
 * result keeps fewer bits (up to ~15 ULP float, ~45 ULP double): exact there
 * would need erfc's scaled form, or double Phi for float at 5x the cost.
 * f'(x) = Phi(x) + x phi(x), phi(x) = e^(-x^2/2) / sqrt(2 pi), x^2 exact via
 * fa_two_prod; f' is accurate in absolute terms near its zero at x = -0.7518. */
#define FA_GELU_HALF_SQRT2_HI 0.70710678118654757       /* sqrt(2)/2 rounded to double */
#define FA_GELU_HALF_SQRT2_LO (-4.8336466567264567e-17) /* sqrt(2)/2 - HI */
#define FA_GELU_INV_SQRT_2PI 0.39894228040143267794

FA_INLINE FA_T FA_FN(gelu_cdf)(FA_T x) {
    const FA_T c_hi = (FA_T)FA_GELU_HALF_SQRT2_HI;
    const FA_T c_lo = (FA_T)(FA_GELU_HALF_SQRT2_HI - (double)c_hi + FA_GELU_HALF_SQRT2_LO);
    FA_T lo;
    const FA_T u = -FA_V(two_prod)(x, c_hi, &lo);
    const FA_T du = -(lo + x * c_lo);
    const FA_T fix = u > (FA_T)1 && u < (FA_T)64 ? (FA_T)1 - (FA_T)2 * u * du : (FA_T)1;
    return (FA_T)0.5 * (FA_V(erfc)(u) * fix);
}

FA_INLINE FA_T FA_FN(gelu_forward)(FA_T x, const FA_T *p) {
    (void)p;
    const FA_T value = x * FA_FN(gelu_cdf)(x);
    return x == -(FA_T)INFINITY ? -(FA_T)0 : value; /* the limit, not -inf * 0 */
}

FA_INLINE FA_T FA_FN(gelu_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    FA_T lo;
    const FA_T square = FA_V(two_prod)(x, x, &lo);
    const int moot = !(square < (FA_T)2 * FA_V(exp_limit)()); /* phi is 0 (and lo may be NaN) */
    const FA_T density = (FA_T)FA_GELU_INV_SQRT_2PI * FA_V(exp)((FA_T)-0.5 * square) *
                         (moot ? (FA_T)1 : (FA_T)1 - (FA_T)0.5 * lo);
    const FA_T slope = FA_FN(gelu_cdf)(x) + x * density;
    return moot ? (x > (FA_T)0 ? (FA_T)1 : x == x ? (FA_T)0 : x) : slope;
}
