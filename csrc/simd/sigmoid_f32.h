/* sigmoid forward for float over SIMD vectors, from e = e^-|x| by the table of
 * exp_table_f32.h (20 instructions a vector; the previous body, which carried
 * e and 1 + e in two parts each and corrected the quotient by its remainder,
 * took 27 for 0.78 ULP):
 *   e = 2^floor(k) (T + (T w + Tl)),  w = e^r - 1 (Tl, T's low part, keeps
 *   the rounding of T out: 2.85 -> 2.17 ULP without q's refinement below)
 *   q0 = e / (1 + e)   (1 + e and the quotient rounded)
 *   u = e - e q0       (= e (1 - q0): as u = e / (1 + e) = e - e u, q0's error
 *                       reaches u times e, so the roundings of 1 + e and of the
 *                       quotient shrink where e is small, the e's that cost most)
 *   sigmoid(x) = x >= 0 ? 1 - u : u   (1 - u shrinks u's error: u <= 1/2)
 * 1.51 ULP at most over all float inputs (ACCURACY.md, 2026-12-06 session 5).
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

FA_INLINE fa_vf32 fa_simd_sigmoid_table_forward_f32(fa_vf32 x, const float *p) {
    (void)p;
    const fa_vf32 one = fa_vf32_set1(1.0f);
    const fa_vf32 z = fa_vf32_max_keep_nan(fa_vf32_set1(FA_SIGT_CLAMP), fa_vf32_neg_abs(x));
    fa_vf32 k, t, t_lo;
    const fa_vf32 r = fa_simd_exp_table_reduce_f32(z, &k, &t, &t_lo);
    const fa_vf32 a = fa_vf32_fma(fa_vf32_set1(FA_SIGT_C3), r, fa_vf32_set1(FA_SIGT_C2));
    const fa_vf32 w = fa_vf32_fma(fa_vf32_mul(r, r), a, r); /* e^r - 1 */
    const fa_vf32 m = fa_vf32_add(t, fa_vf32_fma(t, w, t_lo));
    const fa_vf32 e = fa_vf32_scale2_floor(m, k); /* a subnormal e is rounded once */
    const fa_vf32 q0 = fa_vf32_div(e, fa_vf32_add(one, e));
    const fa_vf32 u = fa_vf32_fnma(e, q0, e);
    return fa_vf32_select(fa_vf32_ge(x, fa_vf32_set1(0.0f)), fa_vf32_sub(one, u), u);
}

/* e^t - 1 on |t| <= ln2/2 for sigmoid_poly.inc: t + t^2 P(t), P of degree 4
 * (e^t to degree 6, relative error 2^-28.3; degree 5 is 2^-23.4): minimax for
 * the relative error of e^t by Lawson's iteration, each coefficient rounded to
 * float low order first and the higher ones refitted (a scratch fitter) */
FA_INLINE fa_vf32 fa_simd_sigmoid_poly_expm1_f32(fa_vf32 t) {
    fa_vf32 a = fa_vf32_fma(fa_vf32_set1(0x1.6a3d04p-10f), t, fa_vf32_set1(0x1.123856p-7f));
    a = fa_vf32_fma(a, t, fa_vf32_set1(0x1.5558bep-5f));
    a = fa_vf32_fma(a, t, fa_vf32_set1(0x1.555494p-3f));
    a = fa_vf32_fma(a, t, fa_vf32_set1(0x1.fffffcp-2f));
    return fa_vf32_fma(fa_vf32_mul(t, t), a, t);
}
#endif

#endif
