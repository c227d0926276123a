/* sigmoid forward for float over SIMD vectors, from e = e^-|x| by the table of
 * exp_table_f32.h (27 arithmetic instructions a vector where the previous
 * body over exp_neg.inc took 33). With e = P (T + ml), P = 2^floor(k), M = T + ml good
 * to ~2^-29 and Mh = M rounded:
 *   D = 1 + e = dh + dl: dh = 1 + P Mh rounded, dl = (1 + P T - dh) + P ml,
 *   the first term rounded once at the size of P ml (P T and 1 - dh are exact)
 *   u = M / D: q0 = Mh y from the seed y ~ 1 / dh (vrcp14, 2^-14), then one
 *   correction by the remainder M - q0 D (two fnma, exact where they cancel),
 *   so u carries about one rounding; the power of two P last (a subnormal u
 *   is rounded once)
 *   sigmoid(x) = x >= 0 ? 1 - u : u   (1 - u shrinks u's error: u <= 1/2)
 * 0.78 ULP at most over all float inputs (AVX-512 and AVX2).
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
    const fa_vf32 ml = fa_vf32_fma(t, w, t_lo);
    const fa_vf32 mh = fa_vf32_fma(t, w, t);
    const fa_vf32 scale = fa_vf32_scale2_floor(one, k);
    const fa_vf32 dh = fa_vf32_fma(mh, scale, one);
    const fa_vf32 dl = fa_vf32_fma(scale, ml, fa_vf32_fma(scale, t, fa_vf32_sub(one, dh)));
    const fa_vf32 y = fa_vf32_recip_seed(dh);
    const fa_vf32 q0 = fa_vf32_mul(mh, y);
    const fa_vf32 remainder = fa_vf32_add(fa_vf32_fnma(q0, dh, t), fa_vf32_fnma(q0, dl, ml));
    const fa_vf32 u = fa_vf32_scale2_floor(fa_vf32_fma(remainder, y, q0), k);
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
