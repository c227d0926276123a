/* sigmoid forward for float over SIMD vectors, from e = e^-|x| by the table of
 * exp_table_f32.h (18 arithmetic instructions a vector, objdump of GCC -O3; 19
 * in session 6's body, 27 in session 4's, which carried e and 1 + e in two
 * parts each):
 *   z = k ln2 + r,  r = z - k LN2 in one fnma, exact (k = K/16 has at most 12
 *     significant bits and LN2 = ln2 rounded 24, so k LN2 - z is a multiple of
 *     2^-28 below 2^-5 in magnitude, or k = 0),
 *   e = 2^floor(k) T (1 + w),  w = r (1 + C2 r + C3 r^2) + b,
 *   b = rho_j - k (ln2 - LN2)  (rho_j = 2^(j/16) / T - 1, T's rounding, from a
 *     second table; k (ln2 - LN2) the reduction's error, up to 2^-22 at the
 *     clamp): both enter where e's linear term does, off the polynomial's
 *     chain, and the products with r they leave out are 2^-27 at most,
 *   m = T + T w rounded once (the session-6 body took T + (T w + Tl) in
 *     two roundings from T's two parts, and r from two fnma),
 *   q0 = e / (1 + e)   (1 + e and the quotient rounded)
 *   u = e - e q0       (= e (1 - q0): as u = e / (1 + e) = e - e u, q0's error
 *                       reaches u times e, so the roundings of 1 + e and of the
 *                       quotient shrink where e is small, the e's that cost most;
 *                       without it 2.34 ULP)
 *   sigmoid(x) = x >= 0 ? 1 - u : u   (1 - u shrinks u's error: u <= 1/2)
 * 1.51 ULP at most over all float inputs (ACCURACY.md, 2026-12-07 session 7;
 * the session-6 body 1.51 as well). AMD EPYC Zen 4, n = 65536, one thread
 * (BENCHMARKS.md 2026-12-07 session 7): the ladder 0.257 -> 0.240 ns/el, a C
 * harness of the X2 loop 0.2445 -> 0.2309. Dropping T's low part alone (w
 * without rho_j) gave 2.16 ULP.
 * NaN passes the clamp (max keeps x's NaN) and reaches every lane's result. */
#ifndef FASTACT_SIMD_SIGMOID_F32_H
#define FASTACT_SIMD_SIGMOID_F32_H

#include "simd/exp_table_f32.h"

#if FA_SIMD
/* e^r = 1 + r + r^2 (C2 + C3 r) on |r| <= ln2/32, relative error 2^-29.1 */
#define FA_SIGT_C2 0x1.000234p-1f
#define FA_SIGT_C3 0x1.5556p-3f
/* sigmoid(-a) = e^-a / (1 + e^-a) rounds to 0 for a >= 104 */
#define FA_SIGT_CLAMP -110.0f
#define FA_SIGT_LN2 0x1.62e43p-1f      /* ln2 rounded to float */
#define FA_SIGT_LN2_ERR -0x1.05c61p-29f /* ln2 - FA_SIGT_LN2 */
FA_INLINE fa_vf32 fa_simd_sigmoid_table_forward_f32(fa_vf32 x, const float *p) {
    (void)p;
    const fa_vf32 one = fa_vf32_set1(1.0f), shifter = fa_vf32_set1(FA_EXPT_SHIFTER);
    const fa_vf32 z = fa_vf32_max_keep_nan(fa_vf32_set1(FA_SIGT_CLAMP), fa_vf32_neg_abs(x));
    /* s's low bits hold K = 16 k (exp_table_f32.h's shifter) */
    const fa_vf32 s = fa_vf32_fma(z, fa_vf32_set1(FA_EXPT_LOG2E), shifter);
    const fa_vf32 k = fa_vf32_sub(s, shifter);
    const fa_vf32 t = fa_vf32_lookup16(fa_exp_table_hi_f32, s);
    const fa_vf32 r = fa_vf32_fnma(k, fa_vf32_set1(FA_SIGT_LN2), z); /* exact */
    const fa_vf32 b =
        fa_vf32_fnma(k, fa_vf32_set1(FA_SIGT_LN2_ERR), fa_vf32_lookup16(fa_exp_table_rho_f32, s));
    fa_vf32 a = fa_vf32_fma(fa_vf32_set1(FA_SIGT_C3), r, fa_vf32_set1(FA_SIGT_C2));
    a = fa_vf32_fma(a, r, one);
    const fa_vf32 w = fa_vf32_fma(a, r, b); /* e^r (1 + b) - 1 */
    const fa_vf32 e =
        fa_vf32_scale2_floor(fa_vf32_fma(t, w, t), k); /* a subnormal e is rounded once */
    const fa_vf32 q0 = fa_vf32_div(e, fa_vf32_add(one, e));
    const fa_vf32 u = fa_vf32_fnma(e, q0, e);
    return fa_vf32_select(fa_vf32_ge(x, fa_vf32_set1(0.0f)), fa_vf32_sub(one, u), u);
}

/* e^t - 1 on |t| <= ln2/2 for sigmoid_poly.inc: t + t^2 P(t), P of degree 4
 * (e^t to degree 6, relative error 2^-28.3; degree 5 is 2^-23.4): minimax for
 * the relative error of e^t by Lawson's iteration, each coefficient rounded to
 * float low order first and the higher ones refitted (a scratch fitter);
 * Horner's terms as _mul_add (the baseline's SSE2 has no FMA) */
FA_INLINE fa_vf32 fa_simd_sigmoid_poly_expm1_f32(fa_vf32 t) {
    fa_vf32 a = fa_vf32_mul_add(fa_vf32_set1(0x1.6a3d04p-10f), t, fa_vf32_set1(0x1.123856p-7f));
    a = fa_vf32_mul_add(a, t, fa_vf32_set1(0x1.5558bep-5f));
    a = fa_vf32_mul_add(a, t, fa_vf32_set1(0x1.555494p-3f));
    a = fa_vf32_mul_add(a, t, fa_vf32_set1(0x1.fffffcp-2f));
    return fa_vf32_mul_add(fa_vf32_mul(t, t), a, t);
}
#endif

#endif
