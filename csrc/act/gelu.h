/* gelu(x) = x Phi(x), Phi(x) = erfc(-x / sqrt 2) / 2: erfc keeps relative accuracy
 * for x < 0, so the negative tail is a tiny negative number, never 0 - 0 or > 0.
 * Both dtypes are computed in double: a float input then has an exact argument
 * and a Phi that stays normal (float Phi would be subnormal below x = -13 while
 * x Phi is not), and the result is rounded to float once.
 * In double, u = -x/sqrt2 is formed with sqrt2/2 split in two and the product
 * error kept (du); erfc(u + du) = erfc(u) (1 - 2 u du) to first order, which
 * matters where erfc falls fast (u >> 1).
 * f'(x) = Phi(x) + x phi(x), phi(x) = e^(-x^2/2) / sqrt(2 pi), x^2 exact via
 * fa_two_prod; f' is accurate in absolute terms near its zero at x = -0.7518. */
#ifndef FA_GELU_DOUBLE_DEFINED
#define FA_GELU_DOUBLE_DEFINED
#define FA_GELU_HALF_SQRT2_HI 0.70710678118654757       /* sqrt(2)/2 rounded to double */
#define FA_GELU_HALF_SQRT2_LO (-4.8336466567264567e-17) /* sqrt(2)/2 - HI */
#define FA_GELU_INV_SQRT_2PI 0.39894228040143267794

FA_INLINE double fa_gelu_cdf(double x) {
    double lo;
    const double u = -fa_two_prod_f64(x, FA_GELU_HALF_SQRT2_HI, &lo);
    const double du = -(lo + x * FA_GELU_HALF_SQRT2_LO);
    const double fix = u > 1.0 && u < 64.0 ? 1.0 - 2.0 * u * du : 1.0;
    return 0.5 * (fa_erfc_f64(u) * fix);
}

FA_INLINE double fa_gelu_forward(double x) {
    const double value = x * fa_gelu_cdf(x);
    return x == -INFINITY ? -0.0 : value; /* the limit, not -inf * 0 */
}

FA_INLINE double fa_gelu_derivative(double x) {
    double lo;
    const double square = fa_two_prod_f64(x, x, &lo);
    const int moot = !(square < 2.0 * fa_exp_limit_f64()); /* phi is 0 there (and lo may be NaN) */
    const double density =
        FA_GELU_INV_SQRT_2PI * fa_exp_f64(-0.5 * square) * (moot ? 1.0 : 1.0 - 0.5 * lo);
    const double slope = fa_gelu_cdf(x) + x * density;
    return moot ? (x > 0.0 ? 1.0 : x == x ? 0.0 : x) : slope;
}
#endif

FA_INLINE FA_T FA_FN(gelu_forward)(FA_T x, const FA_T *p) {
    (void)p;
    return (FA_T)fa_gelu_forward((double)x);
}

FA_INLINE FA_T FA_FN(gelu_derivative)(FA_T x, const FA_T *p) {
    (void)p;
    return (FA_T)fa_gelu_derivative((double)x);
}
