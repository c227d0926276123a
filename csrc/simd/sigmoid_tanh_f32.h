/* sigmoid and tanh forward for float over SIMD vectors, from e^z by the table
 * of exp_table_f32.h (about 30 instructions a vector instead of 40-47 for the
 * dtype-generic bodies of sigmoid.inc / tanh.inc, which float64 keeps).
 * With e = P (T + ml), P = 2^floor(k), M = T + ml = Mh + (rest) good to ~2^-29:
 *   D = 1 + e = dh + dl: dh = 1 + P Mh rounded, dl = (1 + P T - dh) + P ml,
 *   the first term rounded once at the size of P ml (P T and 1 - dh are exact)
 *   quotient n / D for n = nh + nl: q0 = n y from the seed y ~ 1/dh (vrcp14,
 *   2^-14), then one correction by the remainder n - q0 D (two fnma, exact
 *   where they cancel), so the result carries about one rounding.
 * NaN passes the clamp (max keeps x's NaN) and reaches every lane's result. */
#ifndef FASTACT_SIMD_SIGMOID_TANH_F32_H
#define FASTACT_SIMD_SIGMOID_TANH_F32_H

#include "simd/exp_table_f32.h"

#if FA_SIMD
/* e^r = 1 + r + r^2 (C2 + C3 r) on |r| <= ln2/32, relative error 2^-29.1
 * (fitted to e^r; tools/fit_exp.py's method) */
#define FA_SIGT_C2 0x1.000234p-1f
#define FA_SIGT_C3 0x1.5556p-3f
/* sigmoid(-a) = e^-a / (1 + e^-a) rounds to 0 for a >= 104 */
#define FA_SIGT_CLAMP -110.0f
/* e^p - 1 = p + p^2 (E2 + E3 p + E4 p^2) on p in [-ln2/16, 0], relative
 * error 2^-30.6 (fitted to e^p - 1, which is tanh's numerator for small x) */
#define FA_TANHT_E2 0x1.fffff8p-2f
#define FA_TANHT_E3 0x1.554c1ep-3f
#define FA_TANHT_E4 0x1.4fa582p-5f
/* tanh(a) rounds to 1 for a >= 9.02 */
#define FA_TANHT_CLAMP -9.5f

/* (nh + nl) / (dh + dl), y ~ 1 / dh, ns ~ nh + nl (to 2^-20) */
FA_INLINE fa_vf32 fa_simd_div_parts_f32(fa_vf32 ns, fa_vf32 nh, fa_vf32 nl, fa_vf32 dh, fa_vf32 dl) {
    const fa_vf32 y = fa_vf32_recip_seed(dh);
    const fa_vf32 q0 = fa_vf32_mul(ns, y);
    const fa_vf32 remainder = fa_vf32_add(fa_vf32_fnma(q0, dh, nh), fa_vf32_fnma(q0, dl, nl));
    return fa_vf32_fma(remainder, y, q0);
}

/* sigmoid(x) = x >= 0 ? 1 - u : u, u = e / (1 + e), e = e^-|x| = P (T + ml):
 * u = M / D 2^floor(k) (the power of two last: a subnormal u is rounded once);
 * 1 - u shrinks u's error (u <= 1/2) */
FA_INLINE fa_vf32 fa_simd_sigmoid_table_forward_f32(fa_vf32 x, const float *p) {
    (void)p;
    const fa_vf32 one = fa_vf32_set1(1.0f);
    const fa_vf32 z = fa_vf32_max_keep_nan(fa_vf32_set1(FA_SIGT_CLAMP), fa_vf32_neg_abs(x));
    fa_vf32 k, t, t_lo;
    const fa_vf32 r = fa_simd_exp_table_reduce_f32(z, z, 1.0f, &k, &t, &t_lo);
    const fa_vf32 a = fa_vf32_fma(fa_vf32_set1(FA_SIGT_C3), r, fa_vf32_set1(FA_SIGT_C2));
    const fa_vf32 w = fa_vf32_fma(fa_vf32_mul(r, r), a, r); /* e^r - 1 */
    const fa_vf32 ml = fa_vf32_fma(t, w, t_lo);
    const fa_vf32 mh = fa_vf32_fma(t, w, t); /* M to 2^-24: the quotient's first guess */
    const fa_vf32 scale = fa_vf32_scale2_floor(one, k);
    const fa_vf32 dh = fa_vf32_fma(mh, scale, one);
    const fa_vf32 dl = fa_vf32_fma(scale, ml, fa_vf32_fma(scale, t, fa_vf32_sub(one, dh)));
    const fa_vf32 u = fa_vf32_scale2_floor(fa_simd_div_parts_f32(mh, t, ml, dh, dl), k);
    return fa_vf32_select(fa_vf32_ge(x, fa_vf32_set1(0.0f)), fa_vf32_sub(one, u), u);
}

/* tanh(x) = sign(x) N / D, N = 1 - e, D = 1 + e, e = e^-2|x| = P (T + ml).
 * K is rounded up (the bias of half a step), so r <= 0 and the two parts of
 * N = (1 - P T) - P ml are both >= 0: no cancellation in N for small |x|
 * (1 - P T is exact as P T >= 1/2 there). N and D both in parts. */
FA_INLINE fa_vf32 fa_simd_tanh_table_forward_f32(fa_vf32 x, const float *p) {
    (void)p;
    const fa_vf32 one = fa_vf32_set1(1.0f);
    const fa_vf32 z = fa_vf32_max_keep_nan(fa_vf32_set1(FA_TANHT_CLAMP), fa_vf32_neg_abs(x));
    const fa_vf32 zi = fa_vf32_add(z, fa_vf32_set1(1.0f / (64.0f * FA_EXPT_LOG2E)));
    fa_vf32 k, t, t_lo;
    const fa_vf32 r = fa_simd_exp_table_reduce_f32(zi, z, 2.0f, &k, &t, &t_lo);
    /* w = e^2r - 1 = r + r b, b = 1 + 4 E2 r + 8 E3 r^2 + 16 E4 r^3 */
    const fa_vf32 a = fa_vf32_fma(fa_vf32_fma(fa_vf32_set1(16.0f * FA_TANHT_E4), r,
                                              fa_vf32_set1(8.0f * FA_TANHT_E3)),
                                  r, fa_vf32_set1(4.0f * FA_TANHT_E2));
    const fa_vf32 w = fa_vf32_fma(r, fa_vf32_fma(a, r, one), r);
    const fa_vf32 ml = fa_vf32_fma(t, w, t_lo);
    const fa_vf32 mh = fa_vf32_fma(t, w, t);
    const fa_vf32 scale = fa_vf32_scale2_floor(one, k);
    const fa_vf32 dh = fa_vf32_fma(mh, scale, one);
    const fa_vf32 dl = fa_vf32_fma(scale, ml, fa_vf32_fma(scale, t, fa_vf32_sub(one, dh)));
    const fa_vf32 nh = fa_vf32_fnma(mh, scale, one);
    const fa_vf32 nl = fa_vf32_fnma(scale, ml, fa_vf32_fnma(scale, t, fa_vf32_sub(one, nh)));
    /* nh alone may hold few bits of N (small |x|): the first guess takes the sum */
    const fa_vf32 q = fa_simd_div_parts_f32(fa_vf32_add(nh, nl), nh, nl, dh, dl);
    return fa_vf32_copysign(q, x);
}
#endif

#endif
