/* gelu (erf form) for double over SIMD vectors, forward and derivative:
 * act/gelu.h's x Phi(x) = (x/2) erfc(u + du), u + du = -x / sqrt2 in two
 * parts, through vecmath/erf.h's fa_mul_erfc_f64, with changes that keep its
 * accuracy: c0 / (1 + b) from a reciprocal seed, Newton and one remainder
 * correction instead of a divide (the correction e it already applies takes
 * up the last bits), b^2 = hi + lo by one fms (no 26-bit split), tau in four
 * chains (latency), and 2^n by scale2 (one rounding, also where the product
 * is subnormal). */
#ifndef FASTACT_SIMD_GELU_F64_H
#define FASTACT_SIMD_GELU_F64_H

#include "act/gelu_constants.h"
#include "simd/simd.h"
#include "vecmath/erf.h"

/* c0 / d, d in [1, 28.6], faithful: y = 1/d to half the mantissa, then
 * c0 y corrected once by its exact remainder (squares y's error) */
FA_INLINE fa_vf64 fa_simd_gelu_quotient_f64(fa_vf64 c0, fa_vf64 d) {
    fa_vf64 y = fa_vf64_recip_seed(d);
    for (int bits = FA_RECIP_SEED_BITS_f64; 2 * bits < 55; bits *= 2)
        y = fa_vf64_fma(fa_vf64_fnma(d, y, fa_vf64_set1(1.0)), y, y);
    const fa_vf64 q = fa_vf64_mul(c0, y);
    return fa_vf64_fma(fa_vf64_fnma(q, d, c0), y, q);
}


/* tau(s) = sum over j of s^j P_j(s^4), j = 0..3: four Horner chains of a
 * quarter of the depth (one 28-step chain is the latency that bounds this
 * kernel; tau enters the exponent, so its rounding errors (2^-55 absolute)
 * hardly differ from Horner's) */
FA_INLINE fa_vf64 fa_simd_erfc_tau_split(fa_vf64 s) {
    const fa_vf64 s2 = fa_vf64_mul(s, s), s4 = fa_vf64_mul(s2, s2);
    fa_vf64 p[4];
    for (int j = 0; j < 4; j++) {
        int i = j + 4 * ((28 - j) / 4); /* the highest index of this chain */
        p[j] = fa_vf64_set1(fa_erfc_tau_coeff(i));
        for (i -= 4; i >= 0; i -= 4)
            p[j] = fa_vf64_fma(p[j], s4, fa_vf64_set1(fa_erfc_tau_coeff(i)));
    }
    return fa_vf64_fma(s2, fa_vf64_fma(p[3], s, p[2]), fa_vf64_fma(p[1], s, p[0]));
}

/* e^(t - hi - lo) = (1 + w) 2^*n, w returned: hi - n ln2 is exact (Sterbenz;
 * ln2 in two, n ln2_hi exact), t - lo joins the reduced argument */
FA_INLINE fa_vf64 fa_simd_exp_sum_f64(fa_vf64 t, fa_vf64 hi, fa_vf64 lo, fa_vf64 *n) {
    const fa_vf64 shifter = fa_vf64_set1(0x1.8p52);
    const fa_vf64 k =
        fa_vf64_fma(fa_vf64_sub(t, fa_vf64_add(hi, lo)), fa_vf64_set1(FA_EXP_LOG2E_f64), shifter);
    *n = fa_vf64_sub(k, shifter);
    const fa_vf64 r0 = fa_vf64_fms(*n, fa_vf64_set1(-FA_EXP_LN2_HI_f64), hi);
    const fa_vf64 r =
        fa_vf64_add(r0, fa_vf64_fnma(*n, fa_vf64_set1(FA_EXP_LN2_LO_f64), fa_vf64_sub(t, lo)));
    const fa_vf64 c = FA_EXP_Q_f64(r, fa_vf64_fma, fa_vf64_set1);
    return fa_vf64_fma(fa_vf64_mul(r, r), c, r);
}

/* f erfc(x + dx) as fa_mul_erfc_f64 */
FA_INLINE fa_vf64 fa_simd_mul_erfc_f64(fa_vf64 f, fa_vf64 x, fa_vf64 dx) {
    const fa_vf64 zero = fa_vf64_set1(0.0), one = fa_vf64_set1(1.0), half = fa_vf64_set1(0.5);
    const fa_vf64 two_over_sqrt_pi = fa_vf64_set1(0x1.20dd750429b6dp+0);
    const fa_mf64 negative = fa_vf64_lt(x, zero);
    const fa_vf64 a = fa_vf64_sub(zero, fa_vf64_neg_abs(x));
    const fa_vf64 da = fa_vf64_select(negative, fa_vf64_sub(zero, dx), dx);
    /* a < 0.5: erfc(a) = (0.5 - a) + (0.5 - a P(a^2)) - 2/sqrt(pi) da (1 - a^2) */
    const fa_vf64 y = fa_vf64_mul(a, a);
    const fa_vf64 p = FA_ERFC_SMALL_Q(y, fa_vf64_fma, fa_vf64_set1);
    const fa_vf64 small = fa_vf64_add(fa_vf64_sub(half, a),
                                      fa_vf64_fnma(fa_vf64_mul(two_over_sqrt_pi, da),
                                                   fa_vf64_sub(one, y), fa_vf64_fnma(a, p, half)));
    /* e^(b^2) erfc(b) = u e^tau(s), u = c0 / (1 + b + da) */
    const fa_vf64 b = fa_vf64_min_keep_nan(fa_vf64_set1(27.6), a);
    const fa_vf64 c0 = fa_vf64_set1(0x1.7829a7fea9cbcp-1);
    const fa_vf64 d = fa_vf64_add(one, b), db = fa_vf64_sub(d, b);
    const fa_vf64 dl =
        fa_vf64_add(fa_vf64_add(fa_vf64_sub(one, db), fa_vf64_sub(b, fa_vf64_sub(d, db))), da);
    const fa_vf64 u = fa_simd_gelu_quotient_f64(c0, d);
    const fa_vf64 rem = fa_vf64_fnma(dl, u, fa_vf64_fnma(d, u, c0)); /* c0 - d u exact */
    const fa_vf64 e = fa_vf64_mul(rem, fa_vf64_set1(1.0 / 0x1.7829a7fea9cbcp-1));
    const fa_vf64 uk = fa_vf64_mul(u, fa_vf64_set1(0x1.13f5e9d621a0ap+2));
    const fa_vf64 s = fa_vf64_fma(uk, e, fa_vf64_sub(uk, fa_vf64_set1(0x1.1ca81e9131acp+0)));
    const fa_vf64 tau = fa_simd_erfc_tau_split(s);
    /* (b + da)^2 = hi + lo, hi + (lo - 2 b da) = b^2 exactly */
    const fa_vf64 hi = fa_vf64_mul(b, b);
    const fa_vf64 lo = fa_vf64_fma(fa_vf64_add(b, b), da, fa_vf64_fms(b, b, hi));
    fa_vf64 n;
    const fa_vf64 w = fa_simd_exp_sum_f64(tau, hi, lo, &n);
    const fa_vf64 m = fa_vf64_fma(u, fa_vf64_add(w, e), u);
    const fa_vf64 large = fa_vf64_scale2(fa_vf64_mul(m, f), n);
    const fa_vf64 near =
        fa_vf64_mul(fa_vf64_select(negative, fa_vf64_sub(fa_vf64_set1(2.0), small), small), f);
    const fa_vf64 far = fa_vf64_select(negative, fa_vf64_fms(fa_vf64_set1(2.0), f, large), large);
    return fa_vf64_select(fa_vf64_lt(a, half), near, far);
}

/* f Phi(x) = f erfc(u + du) / 2, u + du = -x sqrt(2)/2 (sqrt(2)/2 in two) */
FA_INLINE fa_vf64 fa_simd_gelu_times_cdf_f64(fa_vf64 f, fa_vf64 x) {
    const fa_vf64 zero = fa_vf64_set1(0.0), c_hi = fa_vf64_set1(FA_GELU_HALF_SQRT2_HI);
    const fa_vf64 t = fa_vf64_mul(x, c_hi);
    const fa_vf64 t_lo = fa_vf64_fms(x, c_hi, t);
    const fa_vf64 du =
        fa_vf64_fnma(x, fa_vf64_set1(FA_GELU_HALF_SQRT2_LO), fa_vf64_sub(zero, t_lo));
    return fa_simd_mul_erfc_f64(fa_vf64_mul(f, fa_vf64_set1(0.5)), fa_vf64_sub(zero, t), du);
}

/* below -39 x Phi(x) rounds to -0, above 16 to x; the clamp keeps x / 2
 * within fa_mul_erfc's range (and infinite x out of it) */
FA_INLINE fa_vf64 fa_simd_gelu_forward_f64(fa_vf64 x, const double *p) {
    (void)p;
    const fa_vf64 low = fa_vf64_set1(-39.0), high = fa_vf64_set1(16.0);
    const fa_vf64 c = fa_vf64_min_keep_nan(high, fa_vf64_max_keep_nan(low, x));
    const fa_vf64 value = fa_simd_gelu_times_cdf_f64(c, c);
    const fa_vf64 below = fa_vf64_select(fa_vf64_lt(x, low), fa_vf64_set1(-0.0), value);
    return fa_vf64_select(fa_vf64_lt(high, x), x, below);
}

/* gelu'(x) = Phi(x) + x phi(x), x phi(x) = x c e^(-x^2/2) (c = 1/sqrt(2 pi) in
 * two, x^2 in two by one fms) = (x c + x c w) 2^n: the parts scaled alone
 * (rounded once where subnormal) and added to Phi with one rounding (the two
 * cancel next to the zero of f' at -0.7518). Beyond x^2/2 = 752 (phi is 0)
 * the limits 1 and 0. */
FA_INLINE fa_vf64 fa_simd_gelu_derivative_f64(fa_vf64 x, const double *p) {
    (void)p;
    const fa_vf64 zero = fa_vf64_set1(0.0), one = fa_vf64_set1(1.0), half = fa_vf64_set1(0.5);
    const fa_vf64 cdf = fa_simd_gelu_times_cdf_f64(one, x);
    const fa_vf64 square = fa_vf64_mul(x, x);
    const fa_vf64 a = fa_vf64_mul(square, half);
    fa_vf64 n;
    const fa_vf64 w =
        fa_simd_exp_sum_f64(zero, a, fa_vf64_mul(fa_vf64_fms(x, x, square), half), &n);
    const fa_vf64 c_hi = fa_vf64_set1(FA_GELU_INV_SQRT_2PI);
    const fa_vf64 xc = fa_vf64_mul(x, c_hi);
    const fa_vf64 xc_lo =
        fa_vf64_fma(x, fa_vf64_set1(FA_GELU_INV_SQRT_2PI_LO), fa_vf64_fms(x, c_hi, xc));
    const fa_vf64 d = fa_vf64_scale2(xc, n), d_lo = fa_vf64_scale2(fa_vf64_fma(xc, w, xc_lo), n);
    /* cdf + d: two-sum */
    const fa_vf64 s = fa_vf64_add(cdf, d), dd = fa_vf64_sub(s, cdf);
    const fa_vf64 s_lo = fa_vf64_add(fa_vf64_sub(cdf, fa_vf64_sub(s, dd)), fa_vf64_sub(d, dd));
    const fa_vf64 slope = fa_vf64_add(s, fa_vf64_add(s_lo, d_lo));
    const fa_vf64 limit =
        fa_vf64_select(fa_vf64_lt(zero, x), one, fa_vf64_select(fa_vf64_lt(x, zero), zero, x));
    return fa_vf64_select(fa_vf64_lt(a, fa_vf64_set1(752.0)), slope, limit);
}

#endif
