/* gelu (erf form) for double over SIMD vectors, forward and derivative:
 * act/gelu.h's x Phi(x) = (x/2) erfc(u + du), u + du = -x / sqrt2 in two
 * parts, through vecmath/erf.h's fa_mul_erfc_f64, with changes that keep its
 * accuracy: c0 / (1 + b) from a reciprocal seed, Newton and one remainder
 * correction instead of a divide (AVX-512; AVX2 divides), the correction e
 * it already applies taking up the last bits, b^2 = hi + lo by one fms (no
 * 26-bit split), tau in four (AVX2: eight) chains and exp's polynomial in
 * Estrin's order (latency), and 2^n by scale2 (AVX-512) or two multiplies
 * (one rounding, also where the product is subnormal). The derivative takes
 * e^(-x^2/2) for its x phi(x) from the erfc's own e^(-b^2), b^2 = x^2/2.
 * AVX2 is bound by the latency of one vector's chain (~160 cycles; the
 * reorder window holds about two vectors), AVX-512 by throughput: session 7
 * shortened the chain. Measured (AMD EPYC Zen 4, one thread, n = 65536,
 * benchmarks/ab_gelu_erf.py, ns/el): AVX2 forward 7.92 -> 6.03, derivative
 * 9.47 -> 6.64, backward 9.54 -> 6.93 (torch 9.02 / 11.03); AVX-512 3.78 ->
 * 3.58, 4.69 -> 4.35, 4.80 -> 4.42. 1e7 samples: forward 2.28 ULP (was 2.30),
 * derivative 2.89 outside the band (unchanged), AVX2 and AVX-512.
 * x86-64's baseline (SSE2, no FMA: _fma exact but emulated, ~6 ns/el each
 * here) runs it since session 8 (h17-b64): every step that tolerates a second
 * rounding is a _mul_add (fused where FMA is hardware: the AVX2 / AVX-512
 * bits are unchanged), the products' exact errors _prod_err (Dekker's
 * product there, not the emulated fms), and _fma stays only where its one
 * rounding is worth the cost: tau's low terms and (u f)(1 + w + e). Forward 63.2 -> 43.8
 * ns/el against the generic loop, derivative 89.9 -> 44.3; forward 2.38 ULP
 * (1e7 samples; the generic loop 2.55, every step a _mul_add 2.6 at 18.8
 * ns/el), derivative 2.75 outside the band.
 * Session 12 (h12-nearbar): the erfc split in a head (to tau) and a tail, and
 * each body in _pre / _post parts, for loops.inc's skewed loops on AVX2: one
 * vector's tail issued beside the next vector's head, so that the window
 * holds two half chains a vector instead of one whole one (the same
 * operations, the same bits). AVX2 forward 5.89 -> 4.99 ns/el, derivative
 * 6.56 -> 5.96, backward 6.78 -> 6.30 (n = 65536, benchmarks/ab_before_after.py's
 * way; BENCHMARKS.md 2026-12-07 session 12), though the loop holds more
 * spilled state (forward 165 -> 190 instructions a vector, vmovapd 35 -> 57,
 * objdump). Two vectors a step (FA_SIMD_UNARY_KERNEL_X2) gave 1.7%.
 * Session 13 (h13-gelu64skew): the same bits in every copy of a body, which
 * the skewed loops need (they run the whole body in the downward loop and
 * the masked tail; 3e0ece6 had taken them back). Two things had differed
 * between copies: (1) -ffp-contract=fast fused a product into the sum that
 * takes it only where both lay in one block of one copy: rem / c0 into w +
 * e, and the derivative's 2^-600 scaling into its two-sum (GCC 12: in 4 of
 * the plain forward loop's 5 copies of e, 2 of the skewed one's); those are
 * now written as the _mul_add / _fms they were where fused, and no product
 * is left that meets a sum as such: -ffp-contract=off and =fast compile these
 * kernels to the same code (-O3, and ASan + UBSan). (2) the forward's NaN:
 * the NaN of x or of -|x|, whichever operand of u f the register allocator
 * put first (the ASan build's skewed loop: -NaN for +NaN where the
 * downward loop gave +NaN; the -O3 vector loop -NaN, its masked tail +NaN):
 * now x + 0, x's NaN quieted, as AVX-512 and the tails gave. */
#ifndef FASTACT_SIMD_GELU_F64_H
#define FASTACT_SIMD_GELU_F64_H

#include "act/gelu_constants.h"
#include "simd/simd.h"
#include "vecmath/erf.h"

/* c0 / d, d in [1, 28.6], faithful. AVX-512: y = 1/d to half the mantissa
 * from vrcp14pd, then c0 y corrected once by its exact remainder (squares y's
 * error). Elsewhere one divide: AVX2's seed (vcvtpd2ps, vrcpps, vcvtps2pd and
 * two Newton steps) is ~40 cycles of latency on the chain that bounds this
 * kernel there, vdivpd 13 (Zen 4), and it rounds correctly. */
FA_INLINE fa_vf64 fa_simd_gelu_quotient_f64(fa_vf64 c0, fa_vf64 d) {
#if FA_SIMD_PERMUTE_CHEAP
    fa_vf64 y = fa_vf64_recip_seed(d);
    for (int bits = FA_RECIP_SEED_BITS_f64; 2 * bits < 55; bits *= 2)
        y = fa_vf64_fma(fa_vf64_fnma(d, y, fa_vf64_set1(1.0)), y, y);
    const fa_vf64 q = fa_vf64_mul(c0, y);
    return fa_vf64_fma(fa_vf64_fnma(q, d, c0), y, q);
#else
    return fa_vf64_div(c0, d);
#endif
}

/* v 2^n for k = 0x1.8p52 + n (the shifted n of exp_sum), -1622 <= n <= 400,
 * rounded once: AVX-512's vscalefpd; elsewhere v 2^(n + 600) (a normal
 * number from pow2_biased, and a normal product for the v here, |v| in
 * [2^-60, 2^10]) times 2^-600, where scale2 converts n to integers and back
 * (nine instructions on AVX2, two lane-crossing) */
FA_INLINE fa_vf64 fa_simd_gelu_scale_f64(fa_vf64 v, fa_vf64 n, fa_vf64 k) {
#if FA_SIMD_PERMUTE_CHEAP
    (void)k;
    return fa_vf64_scale2(v, n);
#else
    (void)n;
    const fa_vf64 p = fa_vf64_pow2_biased(fa_vf64_add(k, fa_vf64_set1(1023.0 + 600.0)));
    return fa_vf64_mul(fa_vf64_mul(v, p), fa_vf64_set1(0x1p-600));
#endif
}

/* a b - c: _fms where _mul_add is fused (simd.h), else a multiply and a
 * subtraction (rounded twice, no FMA to contract them into) */
FA_INLINE fa_vf64 fa_simd_gelu_mul_sub_f64(fa_vf64 a, fa_vf64 b, fa_vf64 c) {
#if FA_TARGET_HAS_FMA || FA_SIMD_MUL_ADD_FUSED
    return fa_vf64_fms(a, b, c);
#else
    return fa_vf64_sub(fa_vf64_mul(a, b), c);
#endif
}

/* tau(s) = sum over j of s^j P_j(s^c), j < c: c Horner chains of 1/c of the
 * depth, joined by a tree in s, s^2 (, s^4). One 28-step chain is the
 * latency that bounds this kernel on AVX2 (4 chains: 42 cycles, 8: 33;
 * forward 6.41 -> 6.23 ns/el with the Estrin exp below); AVX-512, bound by
 * throughput, keeps 4 (8 there: 3.77 -> 3.84). tau enters the exponent, so
 * its rounding errors (2^-55 absolute) hardly differ from Horner's. */
FA_INLINE fa_vf64 fa_simd_erfc_tau_split(fa_vf64 s) {
#if FA_SIMD_PERMUTE_CHEAP
    enum { c = 4 };
#else
    enum { c = 8 };
#endif
    const fa_vf64 s2 = fa_vf64_mul(s, s), s4 = fa_vf64_mul(s2, s2);
    const fa_vf64 sc = c == 8 ? fa_vf64_mul(s4, s4) : s4;
    fa_vf64 p[8];
    for (int j = 0; j < c; j++) {
        int i = j + c * ((28 - j) / c); /* the highest index of this chain */
        p[j] = fa_vf64_set1(fa_erfc_tau_coeff(i));
        for (i -= c; i >= 0; i -= c)
            p[j] = fa_vf64_mul_add(p[j], sc, fa_vf64_set1(fa_erfc_tau_coeff(i)));
    }
    /* _fma where a rounding lands on tau itself (c0 + c1 s, the joins into
     * p[0] and tau): on SSE2 a multiply and an add there cost 0.2 ULP of the
     * result (2.38 -> 2.6 with the last step below) */
    if (c == 8) {
        p[0] = fa_vf64_fma(fa_vf64_mul_add(p[5], s, p[4]), s4, fa_vf64_fma(p[1], s, p[0]));
        p[2] = fa_vf64_mul_add(fa_vf64_mul_add(p[7], s, p[6]), s4, fa_vf64_mul_add(p[3], s, p[2]));
        return fa_vf64_fma(s2, p[2], p[0]);
    }
    return fa_vf64_fma(s2, fa_vf64_mul_add(p[3], s, p[2]), fa_vf64_fma(p[1], s, p[0]));
}

/* vecmath/exp.h's FA_EXP_Q_f64 (lowest order first) in Estrin's order: 19
 * cycles of latency where Horner's nine steps take 36 */
static const double fa_gelu_exp_q_f64[10] = {
    0x1.000000000000ap-1,  0x1.55555555554fap-3,  0x1.555555555088bp-5,  0x1.1111111127ba4p-7,
    0x1.6c16c18426abbp-10, 0x1.a01a012a67d3fp-13, 0x1.a0199a1646b40p-16, 0x1.71df253cba893p-19,
    0x1.28ad692660f7bp-22, 0x1.ad7f78c4795aap-26};
FA_INLINE fa_vf64 fa_simd_gelu_exp_q_f64(fa_vf64 r, fa_vf64 r2) {
    const double *c = fa_gelu_exp_q_f64;
    fa_vf64 p[5];
    for (int j = 0; j < 5; j++)
        p[j] = fa_vf64_mul_add(fa_vf64_set1(c[2 * j + 1]), r, fa_vf64_set1(c[2 * j]));
    const fa_vf64 r4 = fa_vf64_mul(r2, r2);
    const fa_vf64 q0 = fa_vf64_mul_add(p[1], r2, p[0]), q1 = fa_vf64_mul_add(p[3], r2, p[2]);
    return fa_vf64_mul_add(fa_vf64_mul_add(p[4], r4, q1), r4, q0);
}

/* e^(t - hi - lo) = (1 + w) 2^*n, w returned (*k = n + 0x1.8p52): hi - n ln2
 * is exact (Sterbenz; ln2 in two, n ln2_hi exact), t - lo joins the reduced
 * argument */
FA_INLINE fa_vf64 fa_simd_exp_sum_f64(fa_vf64 t, fa_vf64 hi, fa_vf64 lo, fa_vf64 *n, fa_vf64 *k) {
    const fa_vf64 shifter = fa_vf64_set1(0x1.8p52);
    *k = fa_vf64_mul_add(fa_vf64_sub(t, fa_vf64_add(hi, lo)), fa_vf64_set1(FA_EXP_LOG2E_f64),
                         shifter);
    *n = fa_vf64_sub(*k, shifter);
    /* -n ln2_hi - hi: n ln2_hi is exact (|n| < 2^11, ln2_hi 21 bits), so a
     * multiply and an add round once, as the fused op (-hi is off the chain) */
    const fa_vf64 r0 =
        fa_vf64_mul_add(*n, fa_vf64_set1(-FA_EXP_LN2_HI_f64), fa_vf64_sub(fa_vf64_set1(0.0), hi));
    const fa_vf64 r =
        fa_vf64_add(r0, fa_vf64_nmul_add(*n, fa_vf64_set1(FA_EXP_LN2_LO_f64), fa_vf64_sub(t, lo)));
    const fa_vf64 r2 = fa_vf64_mul(r, r);
    return fa_vf64_mul_add(r2, fa_simd_gelu_exp_q_f64(r, r2), r);
}

/* f erfc(x + dx) as fa_mul_erfc_f64 in two parts: _head up to tau (the
 * quotient u and its remainder, the branch for a < 0.5), _tail from tau on
 * (e^(tau - b^2), the result), so that loops.inc's skewed loop can issue one
 * vector's tail beside the next vector's head; fa_simd_mul_erfc_f64 runs both */
typedef struct {
    fa_vf64 f, a, small, u, rem, tau, hi, lo;
    fa_mf64 negative;
} fa_simd_erfc_state_f64;

FA_INLINE fa_simd_erfc_state_f64 fa_simd_mul_erfc_head_f64(fa_vf64 f, fa_vf64 x, fa_vf64 dx) {
    const fa_vf64 zero = fa_vf64_set1(0.0), one = fa_vf64_set1(1.0), half = fa_vf64_set1(0.5);
    const fa_vf64 two_over_sqrt_pi = fa_vf64_set1(0x1.20dd750429b6dp+0);
    fa_simd_erfc_state_f64 st;
    st.f = f;
    const fa_mf64 negative = fa_vf64_lt(x, zero);
    st.negative = negative;
    const fa_vf64 a = fa_vf64_sub(zero, fa_vf64_neg_abs(x));
    st.a = a;
    const fa_vf64 da = fa_vf64_select(negative, fa_vf64_sub(zero, dx), dx);
    /* a < 0.5: erfc(a) = (0.5 - a) + (0.5 - a P(a^2)) - 2/sqrt(pi) da (1 - a^2) */
    const fa_vf64 y = fa_vf64_mul(a, a);
    const fa_vf64 p = FA_ERFC_SMALL_Q(y, fa_vf64_mul_add, fa_vf64_set1);
    st.small = fa_vf64_add(fa_vf64_sub(half, a),
                           fa_vf64_nmul_add(fa_vf64_mul(two_over_sqrt_pi, da), fa_vf64_sub(one, y),
                                            fa_vf64_nmul_add(a, p, half)));
    /* e^(b^2) erfc(b) = u e^tau(s), u = c0 / (1 + b + da) */
    const fa_vf64 b = fa_vf64_min_keep_nan(fa_vf64_set1(27.6), a);
    const fa_vf64 c0 = fa_vf64_set1(0x1.7829a7fea9cbcp-1);
    const fa_vf64 d = fa_vf64_add(one, b), db = fa_vf64_sub(d, b);
    const fa_vf64 dl =
        fa_vf64_add(fa_vf64_add(fa_vf64_sub(one, db), fa_vf64_sub(b, fa_vf64_sub(d, db))), da);
    const fa_vf64 u = fa_simd_gelu_quotient_f64(c0, d);
    st.u = u;
    /* c0 - d u exact: one fnma; on SSE2 (c0 - RN(d u)) - (d u - RN(d u)), both
     * exact (Sterbenz; Dekker's product) */
#if defined(FA_SIMD_LAYER_SSE2)
    const fa_vf64 du = fa_vf64_mul(d, u);
    const fa_vf64 rem0 = fa_vf64_sub(fa_vf64_sub(c0, du), fa_vf64_prod_err(d, u, du));
#else
    const fa_vf64 rem0 = fa_vf64_fnma(d, u, c0);
#endif
    const fa_vf64 rem = fa_vf64_nmul_add(dl, u, rem0);
    st.rem = rem; /* e = rem / c0: the tail's _mul_add */
    /* s = uk (1 + e) - C, uk e as (u K / c0) rem: one multiply off the chain */
    const fa_vf64 uk_c0 = fa_vf64_mul(u, fa_vf64_set1(0x1.13f5e9d621a0ap+2 / 0x1.7829a7fea9cbcp-1));
    const fa_vf64 s = fa_vf64_mul_add(
        uk_c0, rem,
        fa_vf64_mul_add(u, fa_vf64_set1(0x1.13f5e9d621a0ap+2), fa_vf64_set1(-0x1.1ca81e9131acp+0)));
    st.tau = fa_simd_erfc_tau_split(s);
    /* (b + da)^2 = hi + lo, hi + (lo - 2 b da) = b^2 exactly */
    st.hi = fa_vf64_mul(b, b);
    st.lo = fa_vf64_mul_add(fa_vf64_add(b, b), da, fa_vf64_prod_err(b, b, st.hi));
    return st;
}

/* where split, also e^(-(x + dx)^2) = (1 + *w1) 2^*n (*k = n + 0x1.8p52;
 * |x + dx| <= 27.6), which the derivative reuses */
FA_INLINE fa_vf64 fa_simd_mul_erfc_tail_f64(fa_simd_erfc_state_f64 st, int split, fa_vf64 *w1,
                                            fa_vf64 *n, fa_vf64 *k) {
    const fa_vf64 zero = fa_vf64_set1(0.0), half = fa_vf64_set1(0.5);
    const fa_vf64 f = st.f, tau = st.tau, u = st.u;
    const fa_mf64 negative = st.negative;
    /* e^(tau - b^2) = e^(-b^2) e^tau = (1 + w1) 2^n (1 + w2): e^(-b^2) off the
     * chain (it needs only b), e^tau without a reduction (|tau| <= 0.229 for
     * b >= 0.5, within exp's |r| <= ln2/2): 17 cycles of latency fewer
     * (AVX2 forward 6.23 -> 6.03 ns/el), 10 operations more (AVX-512, bound
     * by throughput, forward 3.78 -> 4.16: there, unless the derivative
     * wants e^(-b^2), one exp of tau - b^2) */
    fa_vf64 w;
    if (split) {
        *w1 = fa_simd_exp_sum_f64(zero, st.hi, st.lo, n, k);
        const fa_vf64 tau2 = fa_vf64_mul(tau, tau);
        const fa_vf64 w2 = fa_vf64_mul_add(tau2, fa_simd_gelu_exp_q_f64(tau, tau2), tau);
        w = fa_vf64_mul_add(*w1, w2, fa_vf64_add(*w1, w2));
    } else {
        w = fa_simd_exp_sum_f64(tau, st.hi, st.lo, n, k);
    }
    /* (u f)(1 + w + e): u f off the chain, the same two roundings as u (1 +
     * w + e) times f (fused, also on SSE2: see tau); w + e as w + rem / c0 */
    const fa_vf64 uf = fa_vf64_mul(u, f);
    const fa_vf64 we = fa_vf64_mul_add(st.rem, fa_vf64_set1(1.0 / 0x1.7829a7fea9cbcp-1), w);
    const fa_vf64 large = fa_simd_gelu_scale_f64(fa_vf64_fma(uf, we, uf), *n, *k);
    const fa_vf64 near = fa_vf64_mul(
        fa_vf64_select(negative, fa_vf64_sub(fa_vf64_set1(2.0), st.small), st.small), f);
    /* 2 f - large: 2 f is exact */
    const fa_vf64 far = fa_vf64_select(negative, fa_vf64_sub(fa_vf64_add(f, f), large), large);
    return fa_vf64_select(fa_vf64_lt(st.a, half), near, far);
}

FA_INLINE fa_vf64 fa_simd_mul_erfc_f64(fa_vf64 f, fa_vf64 x, fa_vf64 dx, int split, fa_vf64 *w1,
                                       fa_vf64 *n, fa_vf64 *k) {
    return fa_simd_mul_erfc_tail_f64(fa_simd_mul_erfc_head_f64(f, x, dx), split, w1, n, k);
}

/* f Phi(x) = f erfc(u + du) / 2, u + du = -x sqrt(2)/2 (sqrt(2)/2 in two);
 * e^(-x^2/2) = (1 + *w) 2^*n as mul_erfc's (|x| <= 39) */
FA_INLINE fa_vf64 fa_simd_gelu_times_cdf_f64(fa_vf64 f, fa_vf64 x, int split, fa_vf64 *w,
                                             fa_vf64 *n, fa_vf64 *k) {
    const fa_vf64 zero = fa_vf64_set1(0.0), c_hi = fa_vf64_set1(FA_GELU_HALF_SQRT2_HI);
    const fa_vf64 t = fa_vf64_mul(x, c_hi);
    const fa_vf64 t_lo = fa_vf64_prod_err(x, c_hi, t);
    const fa_vf64 du =
        fa_vf64_nmul_add(x, fa_vf64_set1(FA_GELU_HALF_SQRT2_LO), fa_vf64_sub(zero, t_lo));
    return fa_simd_mul_erfc_f64(fa_vf64_mul(f, fa_vf64_set1(0.5)), fa_vf64_sub(zero, t), du, split,
                                w, n, k);
}

/* below -39 x Phi(x) rounds to -0, above 16 to x; the clamp keeps x / 2
 * within fa_mul_erfc's range (and infinite x out of it) */
FA_INLINE fa_simd_erfc_state_f64 fa_simd_gelu_forward_f64_pre(fa_vf64 x, const double *p) {
    (void)p;
    const fa_vf64 c =
        fa_vf64_min_keep_nan(fa_vf64_set1(16.0), fa_vf64_max_keep_nan(fa_vf64_set1(-39.0), x));
    const fa_vf64 zero = fa_vf64_set1(0.0), c_hi = fa_vf64_set1(FA_GELU_HALF_SQRT2_HI);
    /* fa_simd_gelu_times_cdf_f64(c, c, ...)'s argument, its head */
    const fa_vf64 t = fa_vf64_mul(c, c_hi);
    const fa_vf64 t_lo = fa_vf64_prod_err(c, c_hi, t);
    const fa_vf64 du =
        fa_vf64_nmul_add(c, fa_vf64_set1(FA_GELU_HALF_SQRT2_LO), fa_vf64_sub(zero, t_lo));
    return fa_simd_mul_erfc_head_f64(fa_vf64_mul(c, fa_vf64_set1(0.5)), fa_vf64_sub(zero, t), du);
}

FA_INLINE fa_vf64 fa_simd_gelu_forward_f64_post(fa_vf64 x, fa_simd_erfc_state_f64 st,
                                                const double *p) {
    (void)p;
    const fa_vf64 low = fa_vf64_set1(-39.0), high = fa_vf64_set1(16.0);
    fa_vf64 w, n, k;
    const fa_vf64 value = fa_simd_mul_erfc_tail_f64(st, 0, &w, &n, &k);
    const fa_vf64 below = fa_vf64_select(fa_vf64_lt(x, low), fa_vf64_set1(-0.0), value);
    /* x + 0 from 16 on (value is 16 there) and where x is NaN: x's NaN,
     * quieted. Through value it was the NaN of x or of -|x| (a from neg_abs),
     * whichever of the two the compiler put first in u f: another sign in
     * another copy of the loop (the masked tail; the ASan build's skewed
     * loop, tests/test_alias_order.py) */
    return fa_vf64_select(fa_vf64_lt(x, high), below, fa_vf64_add(x, fa_vf64_set1(0.0)));
}
#define fa_simd_gelu_forward_f64_skew_t fa_simd_erfc_state_f64

/* x Phi(x) */
FA_INLINE fa_vf64 fa_simd_gelu_forward_f64(fa_vf64 x, const double *p) {
    return fa_simd_gelu_forward_f64_post(x, fa_simd_gelu_forward_f64_pre(x, p), p);
}

/* gelu'(x) = Phi(x) + x phi(x), x phi(x) = x c e^(-x^2/2) (c = 1/sqrt(2 pi) in
 * two, x^2 in two by one fms) = (x c + x c w) 2^n: the parts scaled alone
 * (rounded once where subnormal) and added to Phi with one rounding (the two
 * cancel next to the zero of f' at -0.7518). Beyond x^2/2 = 752 (phi is 0)
 * the limits 1 and 0. */
/* the head: fa_simd_gelu_times_cdf_f64(1, x, 1, ...)'s, up to tau */
FA_INLINE fa_simd_erfc_state_f64 fa_simd_gelu_derivative_f64_pre(fa_vf64 x, const double *p) {
    (void)p;
    const fa_vf64 zero = fa_vf64_set1(0.0), c_hi = fa_vf64_set1(FA_GELU_HALF_SQRT2_HI);
    const fa_vf64 t = fa_vf64_mul(x, c_hi);
    const fa_vf64 t_lo = fa_vf64_prod_err(x, c_hi, t);
    const fa_vf64 du =
        fa_vf64_nmul_add(x, fa_vf64_set1(FA_GELU_HALF_SQRT2_LO), fa_vf64_sub(zero, t_lo));
    return fa_simd_mul_erfc_head_f64(fa_vf64_mul(fa_vf64_set1(1.0), fa_vf64_set1(0.5)),
                                     fa_vf64_sub(zero, t), du);
}

FA_INLINE fa_vf64 fa_simd_gelu_derivative_f64_post(fa_vf64 x, fa_simd_erfc_state_f64 st,
                                                   const double *p) {
    (void)p;
    const fa_vf64 zero = fa_vf64_set1(0.0), one = fa_vf64_set1(1.0), half = fa_vf64_set1(0.5);
    fa_vf64 w, n, k;
    const fa_vf64 cdf = fa_simd_mul_erfc_tail_f64(st, 1, &w, &n, &k);
    const fa_vf64 a = fa_vf64_mul(fa_vf64_mul(x, x), half);
    const fa_vf64 c_hi = fa_vf64_set1(FA_GELU_INV_SQRT_2PI);
    const fa_vf64 xc = fa_vf64_mul(x, c_hi);
    const fa_vf64 xc_lo =
        fa_vf64_mul_add(x, fa_vf64_set1(FA_GELU_INV_SQRT_2PI_LO), fa_vf64_prod_err(x, c_hi, xc));
    const fa_vf64 xw = fa_vf64_mul_add(xc, w, xc_lo);
    /* cdf + d: two-sum */
#if FA_SIMD_PERMUTE_CHEAP
    const fa_vf64 d = fa_simd_gelu_scale_f64(xc, n, k), d_lo = fa_simd_gelu_scale_f64(xw, n, k);
    const fa_vf64 s = fa_vf64_add(cdf, d), dd = fa_vf64_sub(s, cdf);
    const fa_vf64 s_lo = fa_vf64_add(fa_vf64_sub(cdf, fa_vf64_sub(s, dd)), fa_vf64_sub(d, dd));
    const fa_vf64 slope = fa_vf64_add(s, fa_vf64_add(s_lo, d_lo));
#else
    /* d = (xc 2^(n + 600)) 2^-600 (fa_simd_gelu_scale_f64), its last
     * multiply fused into the sums that take it where _mul_add is fused: as
     * -ffp-contract=fast had fused them, but in some copies of the loop only */
    const fa_vf64 p2 = fa_vf64_pow2_biased(fa_vf64_add(k, fa_vf64_set1(1023.0 + 600.0)));
    const fa_vf64 m = fa_vf64_set1(0x1p-600);
    const fa_vf64 xp = fa_vf64_mul(xc, p2), xwp = fa_vf64_mul(xw, p2);
    const fa_vf64 s = fa_vf64_mul_add(xp, m, cdf), dd = fa_vf64_sub(s, cdf);
    const fa_vf64 s_lo =
        fa_vf64_add(fa_vf64_sub(cdf, fa_vf64_sub(s, dd)), fa_simd_gelu_mul_sub_f64(xp, m, dd));
    const fa_vf64 slope = fa_vf64_add(s, fa_vf64_mul_add(xwp, m, s_lo));
#endif
    const fa_vf64 limit =
        fa_vf64_select(fa_vf64_lt(zero, x), one, fa_vf64_select(fa_vf64_lt(x, zero), zero, x));
    return fa_vf64_select(fa_vf64_lt(a, fa_vf64_set1(752.0)), slope, limit);
}
#define fa_simd_gelu_derivative_f64_skew_t fa_simd_erfc_state_f64

FA_INLINE fa_vf64 fa_simd_gelu_derivative_f64(fa_vf64 x, const double *p) {
    return fa_simd_gelu_derivative_f64_post(x, fa_simd_gelu_derivative_f64_pre(x, p), p);
}

#endif
