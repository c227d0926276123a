/* celu(x) = max(0, x) + min(0, alpha (e^(x/alpha) - 1)); p[0] = alpha (nonzero,
 * checked in Python). f'(x) = 1 if x > 0 else e^(x/alpha).
 * u = x/alpha is rounded, and for alpha < 0 (u > 0 where x < 0) e^u has
 * condition u (up to ~88 float, ~709 double): the exact remainder of the
 * division (x - u alpha, from fa_two_prod) gives u_lo, the rest of the exact
 * quotient, and both passes correct e^u by it to first order (without it the
 * forward was 60 ULP off in float32 and 498 in float64 for alpha = -0.763).
 * alpha = +-inf: the limits, celu = x and f' = 1 for x <= 0 (u = -+0). */

/* u = x / alpha, and in *u_lo the rest of the exact quotient (0 where moot:
 * e^u beyond the exponential's range, or alpha infinite, where u alpha is NaN) */
FA_INLINE FA_T FA_FN(celu_quotient)(FA_T x, FA_T alpha, FA_T *u_lo) {
    const FA_T u = x / alpha;
    const FA_T inverse = (FA_T)1 / alpha; /* the call's: hoisted out of the loop */
    FA_T product_lo;
    const FA_T product = FA_MATH(two_prod)(u, alpha, &product_lo);
    const int moot = !(FA_ABS(u) < FA_MATH(exp_limit)()) || !(FA_ABS(inverse) < (FA_T)INFINITY) ||
                     !(FA_ABS(alpha) < (FA_T)INFINITY);
    /* the remainder over alpha as a product: a second divide per element
     * halved the forward's speed (n = 65536); 1/alpha's rounding only touches
     * the correction, 2^-53 of it */
    *u_lo = moot ? (FA_T)0 : ((x - product) - product_lo) * inverse;
    return u;
}

/* alpha expm1(u + u_lo) = alpha (m + (m + 1) u_lo), m = expm1(u). For alpha
 * in (-1, 0), alpha e^u is finite for a band of u where e^u is not (float32:
 * u in (88.7, 91.7) for alpha = -0.05): beyond CELU_BIG, e^u = 2^K e^(u - K ln2)
 * with K ln2 = hi + lo (u - hi exact: both multiples of u's ULP), the 2^K last.
 * No second exp (one per element for the band halved the forward's speed). */
#if FA_DTYPE_IS_F32
#define FA_CELU_BIG 80.0f
#define FA_CELU_K_LN2_HI 0x1.62e43p+5f /* 64 ln2 to 2^-17 */
#define FA_CELU_K_LN2_LO -0x1.05c610p-23f
#define FA_CELU_TWO_K 0x1p64f
#define FA_CELU_SMALL 0x1p-26f
#else
#define FA_CELU_BIG 700.0
#define FA_CELU_K_LN2_HI 0x1.62e42fefa39fp+8 /* 512 ln2 to 2^-43 */
#define FA_CELU_K_LN2_LO -0x1.950d871319ffp-45
#define FA_CELU_TWO_K 0x1p512
#define FA_CELU_SMALL 0x1p-55
#endif
FA_INLINE FA_T FA_FN(celu_forward_edge)(FA_T x, const FA_T *p) {
    FA_T u_lo;
    const FA_T alpha = p[0];
    const FA_T u = FA_FN(celu_quotient)(x, alpha, &u_lo);
    const int big = u > FA_CELU_BIG;
    const FA_T v = big ? u - FA_CELU_K_LN2_HI : u;
    const FA_T v_lo = big ? u_lo - FA_CELU_K_LN2_LO : u_lo;
    const FA_T m = FA_MATH(expm1)(v);
    /* the correction only where m is finite (inf - inf) */
    const FA_T value = alpha * (m + (FA_ABS(m) < (FA_T)INFINITY ? (m + (FA_T)1) * v_lo : (FA_T)0));
    const FA_T scaled = big ? value * FA_CELU_TWO_K : value;
    /* |u| below FA_CELU_SMALL: celu = alpha expm1(u) = x (1 + u/2 + ...) rounds
     * to x (|u|/2 below 1/16 ULP), and x is taken as it is: u itself may have
     * underflowed (|alpha| = 2^70, x tiny: alpha expm1(u) kept nothing of x,
     * 1.5e7 / 8.3e15 ULP). Also alpha = +-inf (u = -+0) and NaN u (x NaN, or
     * x = -inf with alpha = +-inf) give x. */
    const FA_T negative = !(FA_ABS(u) >= FA_CELU_SMALL) ? x : scaled;
    return x > (FA_T)0 ? x : negative;
}

/* alpha > 0 a power of two, normal, and so is 1 / alpha (the default alpha = 1
 * among them; the kernels pick per call, elementwise_dtype.inc's edge
 * kernels): x (1 / alpha) is x / alpha exactly rounded (the same real number)
 * and its remainder is 0 wherever it is normal, u <= 0 where x <= 0, so no
 * u_lo, no band beyond CELU_BIG and no divide: alpha expm1(u) as elu's
 * forward, the |u| < SMALL guard kept (u may underflow for large alpha).
 * The divide and the correction made float64 celu 1.34x torch where elu is
 * 2.18x (n = 65536, AVX-512, AMD EPYC Zen 4). */
FA_INLINE int FA_FN(celu_forward_takes_edge)(const FA_T *p) {
#if FA_DTYPE_IS_F32
    const uint32_t bits = fa_bits_f32(p[0]), field = bits >> 23;
    return !((bits & 0x7fffffu) == 0 && field >= 2 && field <= 253);
#else
    const uint64_t bits = fa_bits_f64(p[0]), field = bits >> 52;
    return !((bits & 0xfffffffffffffu) == 0 && field >= 2 && field <= 2045);
#endif
}

FA_INLINE FA_T FA_FN(celu_forward)(FA_T x, const FA_T *p) {
    const FA_T alpha = p[0];
    const FA_T u = x * ((FA_T)1 / alpha); /* the call's 1 / alpha: hoisted */
    const FA_T negative = !(FA_ABS(u) >= FA_CELU_SMALL) ? x : alpha * FA_MATH(expm1)(u);
    return x > (FA_T)0 ? x : negative;
}
#undef FA_CELU_SMALL
#undef FA_CELU_BIG
#undef FA_CELU_K_LN2_HI
#undef FA_CELU_K_LN2_LO
#undef FA_CELU_TWO_K

FA_INLINE FA_T FA_FN(celu_derivative)(FA_T x, const FA_T *p) {
    FA_T u_lo;
    const FA_T u = FA_FN(celu_quotient)(x, p[0], &u_lo);
    return x > (FA_T)0 ? (FA_T)1 : FA_MATH(exp)(u) * ((FA_T)1 + u_lo);
}

/* alpha < 0 (u > 0 for x < 0; the kernels pick per call, elementwise_dtype.inc's
 * edge kernels): e^(u + u_lo) with u_lo in the reduced argument (fa_exp_tail).
 * e^u rounded first, times 1 + u_lo, gave inf for u just above ln max where
 * e^(u + u_lo) is just below it (float32, alpha = -0.3, -3.7). For alpha > 0
 * e^u <= 1 and the product above is the faster (this form cost ~10%, GCC 12). */
FA_INLINE int FA_FN(celu_derivative_takes_edge)(const FA_T *p) { return p[0] < (FA_T)0; }

FA_INLINE FA_T FA_FN(celu_derivative_edge)(FA_T x, const FA_T *p) {
    FA_T u_lo;
    const FA_T u = FA_FN(celu_quotient)(x, p[0], &u_lo);
    return x > (FA_T)0 ? (FA_T)1 : FA_MATH(exp_tail)(u, u_lo);
}
