/* tanh for double without a table, one division (two bodies), and float64
 * sigmoid on AVX2 by the same machinery (sigmoid_pade_forward, at the end;
 * its parts serve log_sigmoid' and softplus' on AVX2 and AVX-512 too):
 *
 * tanh_pade_forward (_kernel_table.py: AVX2, AVX-512; since 2026-12-07,
 * session 8): e^-2|x| = 2^n e^t with e^t = (E + h) / (E - h), E and h even
 * and odd (h / E = tanh(t/2): session 8 the (7, 7) Pade approximant of e^t,
 * 2^-60 relative on |t| <= ln2; since session 9 a rational minimax fit with
 * h of lower degree, 2^-58.8, see E1 below), so that tanh|x| = (1 - e) /
 * (1 + e) is one quotient of the two polynomials' combinations:
 *   tanh|x| = (A E - B h) / (B E - A h),  A = 1 - 2^n, B = 1 + 2^n,
 * in units of t/2 (th = -|x| - n ln2/2 from -|x| itself, no doubling;
 * u = th^2: E = 1 + u (...), h = th + th u (...), th exact in h's sum).
 * n is rounded up (ceil: n = 0 for e > 1/2, |x| < ln2/2), so that the
 * quotient never cancels: for n = 0, A = 0 and B = 2 give -2h / 2E exactly
 * (tanh x = x for tiny and subnormal x with no select: h = th = -|x| and
 * E = 1 round exactly there; +-0 keep their sign), and for n <= -1, e <= 1/2
 * (1 - e >= 1/2). A E and B E are exact inside the fused op, B h and A h
 * rounded products (y moves with E and h by 4 2^n h / D^2 and 4 2^n E / D^2:
 * at large |x| its error is that of the two fused ops and the quotient),
 * hence _fms where the fused op is what the error analysis needs (the sse2
 * layer would emulate it: it keeps tanh_poly_forward). Error: 2.45 ULP on 1e7
 * samples with the (7, 7) approximant, 2.48 with the fit (benchmarks/accuracy.py;
 * the worst at large |x|, where A E - B h and
 * B E - A h sit just above 1, and for |x| < 0.35, where E's rounding is
 * 2^-53 of it; ACCURACY.md 2026-12-07 session 8: bound 2.25 -> 2.6, the
 * spec's 3). 14 multiplies and FMAs a vector (13 since session 9) where the
 * polynomial body below has 17: n = 65536, one thread,
 * AMD EPYC Zen 4, AVX-512 0.81 -> 0.66 ns/el, AVX2 1.18 -> 0.86 (BENCHMARKS.md,
 * same section); session 9 (the fit, and the sign by _or_sign, an operation
 * fewer than _copysign after the division): AVX2 0.854 -> 0.757, AVX-512
 * 0.655 -> 0.620 (benchmarks/ab_before_after.py; BENCHMARKS.md 2026-12-07
 * session 9; two vectors a step measured the same: 0.763 / 0.616). Tried (C harness, AVX-512 / AVX2 ns/el): the (6, 6)
 * approximant with n rounded to nearest (one FMA fewer; 0.655 / 0.816 against
 * 0.70 / 0.92 for this body, both with a two-step reduction) took 2.8 ULP,
 * where n = -1 and e near 1/sqrt2 make A E - B h cancel; E and h scaled by 0.71 (A E - B h
 * below 1 at large |x|: 2.3 ULP) cost a multiply more and tanh x = x for tiny
 * x (0.74 ns/el); the polynomial body with its terms in Horner pairs (one
 * FMA fewer): 0.81 -> 0.78 AVX-512, none on AVX2.
 *
 * tanh_poly_forward (x86-64's baseline, sse2.h: no FMA), with e = e^-2|x| =
 * 2^n (1 + w),
 *   -2|x| = n ln2 + t  (n by the shifter, whose low bits make 2^n by one
 *          shift: pow2_biased; t in two FMAs, exact for n = 0),
 *   w = e^t - 1 by sigmoid_f64.h's degree-11 fit on |t| <= ln2/2 (2^-55.8
 *          before w's own rounding),
 *   tanh|x| = (1 - e) / (1 + e) = N / D,  N = (1 - 2^n) - 2^n w,
 *          D = (1 + 2^n) + 2^n w, each one FMA (1 -+ 2^n exact for n >= -52)
 *   and the sign of x put back by bits.
 * Every fused op is _mul_add / _nmul_add: n HI and 2^n w are exact, n needs
 * no exact product and t's LO step is a correction, so the FMA-less baseline
 * (sse2.h) runs a multiply and an add for each.
 * No small-argument branch: for |x| < 0.17, n = 0 and N = -w exactly, w the
 * e^t - 1 of an exact t = -2|x|, so N carries no cancellation; where
 * |x| <= 1.5 2^-27 (tanh x rounds to x) x itself is selected: tanh x = x for
 * tiny and subnormal x, +-0 keep their sign. -2|x| is clamped at -40 (tanh
 * rounds to 1 from |x| = 19.1; +-inf give +-1), where max keeps NaN.
 * Error: the roundings of w, N, D and the quotient, each ~2^-53 relative:
 * 2.12 ULP on 1e7 samples (benchmarks/accuracy.py; ACCURACY.md, 2026-12-07
 * session 7), where tanh16_forward (exp_table_f64.inc: e in two
 * parts, 2t = n + (n_lo + N t0)) took 1.50 and tanh.inc 1.37. Carrying w, N
 * and D in two parts and the quotient's remainder (13 operations more) gave
 * 1.15 ULP at 1.87 / 1.32 ns/el; the pair N with 2t = N + N t0 (8 more) 1.69
 * at 1.78 / 1.12: the bound went 1.6 -> 2.25 (the spec's 3) for the spec's
 * 0.8 ns/el. Speed (n = 65536, AMD EPYC Zen 4, one thread, out=, A/B against
 * the bodies before, benchmarks/ab_before_after.py): AVX2 2.23 -> 1.21 ns/el
 * (tanh.inc), AVX-512 1.10 -> 0.81 (tanh16_forward), until session 8 (the
 * Pade body above); the select for tiny x costs 4% of it (0.775 without, C
 * harness). The divider is not the limit:
 * with a product in its place the loop took the same time; the FMA pipes
 * are (17 of the 38 instructions a vector, 11 of them the polynomial). */
#ifndef FASTACT_SIMD_TANH_F64_H
#define FASTACT_SIMD_TANH_F64_H

#include "simd/sigmoid_f64.h"

#if FA_SIMD
/* 0x1.8p52 + 1023: v's low 12 bits hold n + 1023 (pow2_biased), n >= -58 */
#define FA_TANH_POLY_SHIFTER_f64 (0x1.8p52 + 1023.0)
#define FA_TANH_POLY_CLAMP_f64 (-40.0)
/* -|x| above this: tanh x = x (x^2/3 < 2^-54, under half an ULP), where the
 * roundings of D and the quotient may move N / D an ULP off x */
#define FA_TANH_POLY_TINY_f64 (-0x1.8p-27)
#define FA_TANH_POLY_LOG2E_f64 0x1.71547652b82fep+0
/* ln2 = HI + LO, n HI exact (HI of 37 bits) */
#define FA_TANH_POLY_LN2_HI_f64 0x1.62e42fefa0000p-1
#define FA_TANH_POLY_LN2_LO_f64 0x1.cf79abc9e3b3ap-40

FA_INLINE fa_vf64 fa_simd_tanh_poly_forward_f64(fa_vf64 x, const double *p) {
    (void)p;
    const fa_vf64 one = fa_vf64_set1(1.0), shifter = fa_vf64_set1(FA_TANH_POLY_SHIFTER_f64);
    const fa_vf64 a = fa_vf64_neg_abs(x);
    const fa_vf64 z = fa_vf64_max_keep_nan(fa_vf64_set1(FA_TANH_POLY_CLAMP_f64), fa_vf64_add(a, a));
    const fa_vf64 v = fa_vf64_mul_add(z, fa_vf64_set1(FA_TANH_POLY_LOG2E_f64), shifter);
    const fa_vf64 scale = fa_vf64_pow2_biased(v); /* 2^n */
    const fa_vf64 n = fa_vf64_sub(v, shifter);
    const fa_vf64 t =
        fa_vf64_nmul_add(n, fa_vf64_set1(FA_TANH_POLY_LN2_LO_f64),
                         fa_vf64_nmul_add(n, fa_vf64_set1(FA_TANH_POLY_LN2_HI_f64), z));
    const fa_vf64 w = fa_simd_sigmoid_poly_expm1_short_f64(t);
    const fa_vf64 num = fa_vf64_nmul_add(scale, w, fa_vf64_sub(one, scale));
    const fa_vf64 den = fa_vf64_mul_add(scale, w, fa_vf64_add(one, scale));
    const fa_vf64 y = fa_vf64_copysign(fa_vf64_div(num, den), x);
    return fa_vf64_select(fa_vf64_ge(a, fa_vf64_set1(FA_TANH_POLY_TINY_f64)), x, y);
}

/* th's clamp (tanh rounds to 1 from |x| = 19.1; n >= -57) and the ceil: n =
 * round((-|x| + ln2/4) 2 log2e) */
#define FA_TANH_PADE_CLAMP_f64 (-20.0)
#define FA_TANH_PADE_QUARTER_LN2_f64 0x1.62e42fefa39efp-3
/* ln2/2 rounded (2^-56.3 off): th in one FMA, exact for n = 0; for n <= -1
 * its error |n| 2^-56.3 moves e = e^(2 th) 2^n by |n| 2^-55.3 relatively,
 * and tanh by 2e / (1 - e^2) of that, e <= 2^n: at most 2^-54.9 (n = -1;
 * +0.1 ULP measured; a two-step reduction as the polynomial body's took 7%
 * more time) */
#define FA_TANH_PADE_HALF_LN2_f64 0x1.62e42fefa39efp-2
/* e^t = (E + h) / (E - h), h / E = tanh(th) (th = t / 2 in [-ln2/2, 0]) by a
 * rational minimax fit in u = th^2 (session 9: tools/fit_tanh_rational.py's
 * iteration started from the (6, 6) Pade approximant of this shape, 2^-48.8,
 * stopped at 2^-58.8 relative on th's range; the tool as committed, started
 * from Chebyshev nodes, `2 3 2`, finds 2^-59.6, not measured in the library):
 *   E = 1 + u (E1 + u (E2 + u E3)),  h = th + th u (O1 + u O2),
 * one FMA fewer than the (7, 7) Pade approximant of session 8 (2^-60:
 * E = 1 + 3/26 t^2 + 5/3432 t^4 + 1/308880 t^6 and t O with O = 1/2 + 5/312
 * t^2 + 1/11440 t^4 + 1/17297280 t^6); th stays exact in h's sum */
#define FA_TANH_PADE_E1_f64 0x1.d16dafca81d3cp-2
#define FA_TANH_PADE_E2_f64 0x1.4acfa2c1a6e86p-6
#define FA_TANH_PADE_E3_f64 0x1.927a26546819cp-14
#define FA_TANH_PADE_O1_f64 0x1.f06169d4b1fb2p-4
#define FA_TANH_PADE_O2_f64 0x1.0879633bbc931p-9

FA_INLINE fa_vf64 fa_simd_tanh_pade_forward_f64(fa_vf64 x, const double *p) {
    (void)p;
    const fa_vf64 one = fa_vf64_set1(1.0), shifter = fa_vf64_set1(FA_TANH_POLY_SHIFTER_f64);
    const fa_vf64 a =
        fa_vf64_max_keep_nan(fa_vf64_set1(FA_TANH_PADE_CLAMP_f64), fa_vf64_neg_abs(x));
    const fa_vf64 v = fa_vf64_mul_add(fa_vf64_add(a, fa_vf64_set1(FA_TANH_PADE_QUARTER_LN2_f64)),
                                      fa_vf64_set1(2 * FA_TANH_POLY_LOG2E_f64), shifter);
    const fa_vf64 scale = fa_vf64_pow2_biased(v); /* 2^n */
    const fa_vf64 n = fa_vf64_sub(v, shifter);
    const fa_vf64 th = fa_vf64_nmul_add(n, fa_vf64_set1(FA_TANH_PADE_HALF_LN2_f64), a);
    const fa_vf64 u = fa_vf64_mul(th, th), thu = fa_vf64_mul(th, u);
#define FA_TANH_PADE_C(name) fa_vf64_set1(FA_TANH_PADE_##name##_f64)
    const fa_vf64 e =
        fa_vf64_mul_add(fa_vf64_mul_add(fa_vf64_mul_add(FA_TANH_PADE_C(E3), u, FA_TANH_PADE_C(E2)),
                                        u, FA_TANH_PADE_C(E1)),
                        u, one);
    const fa_vf64 h =
        fa_vf64_mul_add(thu, fa_vf64_mul_add(FA_TANH_PADE_C(O2), u, FA_TANH_PADE_C(O1)), th);
#undef FA_TANH_PADE_C
    const fa_vf64 sub = fa_vf64_sub(one, scale), add = fa_vf64_add(one, scale); /* A, B */
    const fa_vf64 num = fa_vf64_fms(sub, e, fa_vf64_mul(add, h));
    const fa_vf64 den = fa_vf64_fms(add, e, fa_vf64_mul(sub, h));
    /* num >= +0 (A, B, E >= 0, h <= 0), so the sign goes in by one or: one
     * operation fewer than copysign after the division (C harness, AVX2:
     * 0.84 -> 0.79 ns/el; the same bits but NaN's sign) */
    return fa_vf64_or_sign(fa_vf64_div(num, den), x);
}

/* sigmoid through the same machinery (_kernel_table.py: AVX2 only; since
 * 2026-12-07, session 9): e^-|x| = 2^n e^t, e^t = (E + h) / (E - h) with E, h
 * even and odd (h / E = tanh(t/2) by the rational minimax fit below, 2^-58.8
 * on e^t; first written with the (6, 6) Pade approximant, 2^-62, one FMA
 * more), |t| <= ln2/2: n = round(-|x| log2e) by the shifter, t in
 * sigmoid_poly.inc's two steps, as |n| reaches 1097. With B = 512 (2^(n+B)
 * normal down to the clamp) sigmoid is one quotient:
 *   sigmoid(-|x|) = N / (R + N),  sigmoid(|x|) = R / (R + N),
 *   N = 2^(n+B) (E + h),  R = 2^B (E - h),
 * the numerator picked by x's sign before the division (a subnormal result is
 * rounded once, there). Since the minimax fit below (E of degree 2 in u), 12
 * multiplies and FMAs and one division a vector, where sigmoid_poly.inc's
 * body takes 18 (h's product is contracted into E + h and E - h by
 * -ffp-contract=fast: objdump of build/dev's elementwise.c.o).
 * Error: the roundings of E + h, E - h, R + N and the quotient reach the
 * result whole (E's own cancels in the ratio), up to an ULP each where those
 * sit just above a power of 2: E and h are scaled by 0.84 (coefficients only:
 * E +- h in [0.69, 0.99]). C harness (6.3e6 samples, AVX2; ns/el at n = 65536,
 * AMD EPYC Zen 4, one thread, 2 cores shared): sigmoid_poly.inc 1.45 ns/el,
 * 1.58 ULP; this body 0.695 ns/el, 2.26 ULP with the fit, 0.75 and 2.19 with
 * the (6, 6) Pade approximant (unscaled: 2.37; scaled 0.6: 2.87,
 * 0.75: 2.41, 0.8: 2.31); 1 - N / (R + N) for x >= 0 after the division in
 * place of the pick: 0.79 ns/el (a subtraction more after the division);
 * R + N as one fms of E by 2^B + 2^(n+B) (one rounding fewer, but 2^B +
 * 2^(n+B) itself rounds for n < -52): 2.61 ULP, 0.85 ns/el. 1e7 samples:
 * 2.24 ULP (the Pade approximant: 2.28), against sigmoid_poly.inc's 1.61;
 * benchmarks/ab_before_after.py 1.151 -> 0.719 ns/el;
 * ACCURACY.md 2026-12-07 session 9 (bound 1.7 -> 2.5, the spec's 3, for the
 * spec's 0.8 ns/el, as issue 13 allows); BENCHMARKS.md, same session. */
/* 0x1.8p52 + 512 + 1023: v's low 12 bits hold n + 1535 (sigmoid_poly.inc's) */
#define FA_SIG_PADE_SHIFTER_f64 (0x1.8p52 + 1535.0)
#define FA_SIG_PADE_BIAS_f64 0x1p512
#define FA_SIG_PADE_CLAMP_f64 (-760.0)
/* h / E = tanh(t/2) by a rational minimax fit in w = (t/2)^2 on |t| <= ln2/2
 * (tools/fit_tanh_rational.py 2 2 4: 2^-57.4 relative, 2^-58.8 on e^t, where the (6, 6) Pade approximant's E of degree 3 in w took one FMA
 * more for 2^-62), E and h times S = 0.84, in u = t^2:
 *   E = S (1 + u (E1 / 4 + u E2 / 16)),  h = S t (1/2 + u (O1 / 8 + u O2 / 32)) */
#define FA_SIG_PADE_S 0.84
#define FA_SIG_PADE_E1_f64 (FA_SIG_PADE_S * 0x1.c7195eb66978dp-2 / 4)
#define FA_SIG_PADE_E2_f64 (FA_SIG_PADE_S * 0x1.03fc94679d9dfp-6 / 16)
#define FA_SIG_PADE_O0_f64 (FA_SIG_PADE_S / 2)
#define FA_SIG_PADE_O1_f64 (FA_SIG_PADE_S * 0x1.c710258450a7ep-4 / 8)
#define FA_SIG_PADE_O2_f64 (FA_SIG_PADE_S * 0x1.15323cd7087b4p-10 / 32)

/* N = 2^(n+B) (E + h) and R = 2^B (E - h) for x (*rest: R), each rounded
 * once (the scalings exact): sigmoid_pade_forward's quotient and
 * log_sigmoid_derivative.inc's sigmoid(-x) (the other pick) and sigmoid(x)
 * on AVX2 and AVX-512. With by_scale2 (a constant; AVX-512, where vscalef is
 * one operation), E and h come times 2^B from coefficients times 2^B (the
 * same roundings, scaled), so R = E - h needs no multiply and N = (E + h) 2^n
 * by vscalef (2^n itself may be subnormal; the product is not): the same
 * bits, one FMA-unit operation fewer */
FA_INLINE fa_vf64 fa_simd_sigmoid_pade_parts_f64(fa_vf64 x, fa_vf64 *rest, const int by_scale2) {
    const fa_vf64 shifter = fa_vf64_set1(FA_SIG_PADE_SHIFTER_f64);
    const fa_vf64 bias = fa_vf64_set1(FA_SIG_PADE_BIAS_f64);
    const double g = by_scale2 ? FA_SIG_PADE_BIAS_f64 : 1.0;
    const fa_vf64 z = fa_vf64_max_keep_nan(fa_vf64_set1(FA_SIG_PADE_CLAMP_f64), fa_vf64_neg_abs(x));
    const fa_vf64 v = fa_vf64_mul_add(z, fa_vf64_set1(FA_TANH_POLY_LOG2E_f64), shifter);
    const fa_vf64 n = fa_vf64_sub(v, shifter);
    /* n HI exact (37 bits, |n| < 2^11), z - n HI exact (Sterbenz) */
    const fa_vf64 t =
        fa_vf64_nmul_add(n, fa_vf64_set1(FA_TANH_POLY_LN2_LO_f64),
                         fa_vf64_nmul_add(n, fa_vf64_set1(FA_TANH_POLY_LN2_HI_f64), z));
    const fa_vf64 u = fa_vf64_mul(t, t);
#define FA_SIG_PADE_C(name) fa_vf64_set1(g *FA_SIG_PADE_##name##_f64)
    const fa_vf64 e = fa_vf64_mul_add(fa_vf64_mul_add(FA_SIG_PADE_C(E2), u, FA_SIG_PADE_C(E1)), u,
                                      fa_vf64_set1(g * FA_SIG_PADE_S));
    const fa_vf64 h =
        fa_vf64_mul(t, fa_vf64_mul_add(fa_vf64_mul_add(FA_SIG_PADE_C(O2), u, FA_SIG_PADE_C(O1)), u,
                                       FA_SIG_PADE_C(O0)));
#undef FA_SIG_PADE_C
    if (by_scale2) {
        *rest = fa_vf64_sub(e, h);
        return fa_vf64_scale2(fa_vf64_add(e, h), n);
    }
    *rest = fa_vf64_mul(fa_vf64_sub(e, h), bias);
    return fa_vf64_mul(fa_vf64_add(e, h), fa_vf64_pow2_biased(v)); /* 2^(n + B) */
}

FA_INLINE fa_vf64 fa_simd_sigmoid_pade_forward_f64(fa_vf64 x, const double *p) {
    (void)p;
    fa_vf64 rest;
    const fa_vf64 num = fa_simd_sigmoid_pade_parts_f64(x, &rest, 0);
    return fa_vf64_div(fa_vf64_select_sign(x, num, rest), fa_vf64_add(rest, num));
}
#endif

#endif
