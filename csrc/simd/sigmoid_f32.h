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

/* sigmoid forward for float without a table (kernels.h: AVX2, where a 16-entry
 * lookup and scale2_floor are emulated): e = e^-|x| by a polynomial,
 *   -|x| = n ln2 + t (n = round(-|x| log2e), t in two FMA steps),
 *   e^t = 1 + w,  w = t + t^2 P(t)  (degree 6, relative error 2^-28.3),
 *   E = 2^(n+64) (1 + w): 2^64 e, normal down to x = -110 (the shifter holds
 *   n + 64 + 127, an integer shift makes the power of two), rounded once,
 *   q = E / (2^64 + E) divided (a subnormal sigmoid is rounded once there),
 *   then one correction by the remainder against the exact sum 2^64 + E:
 *   r = (E - q 2^64) - q E (the first difference exact), u = q + r (1 - q) 2^-64
 *   (1 / (2^64 + E) = 2^-64 (1 - u)), so the rounding of 2^64 + E drops out;
 *   sigmoid(x) = x >= 0 ? 1 - u : u.
 * What is left: E's rounding (half an ULP of E, up to one ULP of u where E's
 * and u's mantissas differ by 2x) and the division's: 1.48 ULP at most over
 * all float inputs (the table body: 0.78; without the correction 2.18, with E's
 * rounding error corrected too 0.86 for 3 more instructions, 15% slower).
 * 22 instructions a vector against the table body's 27, and of those only the
 * shift is integer (no lookups, no vscalef): AVX2 0.94-1.10 -> 0.48 ns/el.
 * NaN passes the clamp (max keeps x's NaN) and reaches every lane's result. */
#define FA_SIGP_C2 0x1.fffffcp-2f
#define FA_SIGP_C3 0x1.555494p-3f
#define FA_SIGP_C4 0x1.5558bep-5f
#define FA_SIGP_C5 0x1.123856p-7f
#define FA_SIGP_C6 0x1.6a3d04p-10f
#define FA_SIGP_LOG2E 0x1.715476p+0f
#define FA_SIGP_LN2_HI 0x1.62e43p-1f    /* ln2 rounded to float */
#define FA_SIGP_LN2_LO -0x1.05c61p-29f  /* ln2 - LN2_HI */
/* 0x1.8p23 + 64 + 127: v = -|x| log2e + SHIFTER rounds to an integer whose low
 * 9 bits are n + 191, in [32, 191] for -|x| >= -110 */
#define FA_SIGP_SHIFTER (0x1.8p23f + 191.0f)
#define FA_SIGP_BIAS 0x1p64f
#define FA_SIGP_UNBIAS 0x1p-64f

FA_INLINE fa_vf32 fa_simd_sigmoid_poly_forward_f32(fa_vf32 x, const float *p) {
    (void)p;
    const fa_vf32 one = fa_vf32_set1(1.0f), shifter = fa_vf32_set1(FA_SIGP_SHIFTER);
    const fa_vf32 bias = fa_vf32_set1(FA_SIGP_BIAS), unbias = fa_vf32_set1(FA_SIGP_UNBIAS);
    const fa_vf32 z = fa_vf32_max_keep_nan(fa_vf32_set1(FA_SIGT_CLAMP), fa_vf32_neg_abs(x));
    const fa_vf32 v = fa_vf32_fma(z, fa_vf32_set1(FA_SIGP_LOG2E), shifter);
    const fa_vf32 scale = fa_vf32_pow2_biased(v); /* 2^(n + 64) */
    const fa_vf32 n = fa_vf32_sub(v, shifter);
    const fa_vf32 t = fa_vf32_fnma(n, fa_vf32_set1(FA_SIGP_LN2_LO),
                                   fa_vf32_fnma(n, fa_vf32_set1(FA_SIGP_LN2_HI), z));
    fa_vf32 a = fa_vf32_fma(fa_vf32_set1(FA_SIGP_C6), t, fa_vf32_set1(FA_SIGP_C5));
    a = fa_vf32_fma(a, t, fa_vf32_set1(FA_SIGP_C4));
    a = fa_vf32_fma(a, t, fa_vf32_set1(FA_SIGP_C3));
    a = fa_vf32_fma(a, t, fa_vf32_set1(FA_SIGP_C2));
    const fa_vf32 w = fa_vf32_fma(fa_vf32_mul(t, t), a, t); /* e^t - 1 */
    const fa_vf32 e = fa_vf32_fma(w, scale, scale);          /* 2^64 e^-|x| */
    const fa_vf32 q = fa_vf32_div(e, fa_vf32_add(e, bias));
    const fa_vf32 remainder = fa_vf32_fnma(q, e, fa_vf32_fnma(q, bias, e));
    const fa_vf32 u = fa_vf32_fma(remainder, fa_vf32_fnma(q, unbias, unbias), q);
    return fa_vf32_select_sign(x, u, fa_vf32_sub(one, u)); /* -0: u = 1/2 as well */
}
#endif

#endif
