/* sigmoid forward for float over an 8-entry exp table held in one
 * register (lookup8: one vpermps), for AVX2 (_kernel_table.py: the avx2
 * layer), where the 16-entry tables of sigmoid_f32.h / tanh_f32.h are
 * emulated and sigmoid_poly.inc's degree-6 polynomial after a two-step
 * reduction made a long dependency chain that kept Zen 4's scheduler full
 * (0.38 ns/el; without its division still 0.36). It takes e^z, z = -|x|, as
 *   z = (N/8) ln2 + t,  N = round(8 z / ln2) in the low bits of v = 8 z log2e + 0x1.8p23,
 *   2^(N/8) = 2^k T_j (1 + R_j),  N = 8 k + j,  T_j = 2^(j/8) rounded, R_j its rest,
 *   S = 2^k T_j from the bits: table entry bits(T_j) - (j << 20) plus v's bits
 *   << 20 (= (k << 23) + (j << 20); bits_add_shl, two integer operations),
 *   t = z - N LN2_8 in one fnma (LN2_8 = ln2/8 rounded): its error
 *   N (ln2/8 - LN2_8) (up to 2^-22 relative at N = -1270) joins R_j off the
 *   chain, r = R_j - N (ln2/8 - LN2_8), and e^z = S (1 + w),
 *   w = e^t (1 + r) - 1 ~ r + P(t)  (the products r t dropped: 2^-28 at most).
 * softmax_f32.h and silu_f32.inc read these tables; the sigmoid below has its
 * own since session 10 (beta 2^(j/8), no R_j), which log_sigmoid_derivative.inc's
 * float32 AVX2 body reads too (its constants go with that table only), and
 * silu_f32.inc's float32 forward (silu_lut8_forward: the table, C0, C1 and
 * ERR; its own C2-C4, Taylor's over beta, and a shifter that takes the
 * table's 2^64 away): AVX2's since session 11, AVX-512's since session 12.
 * Measured on AMD EPYC Zen 4, n = 65536, one thread, in a C harness of the
 * X2 loop (ns/element; arithmetic vector instructions a vector of 8 in the
 * loop, loads and stores apart, from objdump of GCC -O3):
 *   sigmoid  0.380 -> 0.349, 1.65 -> 1.53 ULP, 22 instructions (21 before,
 *            but 10 FMA / multiply where 12 were, and a chain 3 FMA shorter)
 *   tanh     0.565 -> 0.390, 1.35 -> 1.78 ULP, 26 instructions
 *            where tanh_f32.h's body takes 32 with its three emulated lookup16
 * Session 7 (the same harness, a loaded machine; ACCURACY.md / BENCHMARKS.md
 * 2026-12-07 session 7):
 *   sigmoid  0.352 -> 0.328, 1.53 -> 1.84 ULP, 21 -> 20 instructions (a degree-3 P)
 *   tanh     moved to tanh_f32.h's 8-cell addition-theorem form (20
 *            instructions, 0.384 -> 0.361, 1.83 ULP); the expm1 body here,
 *            trimmed to 23 (0.377, 1.78 ULP), was removed
 * Session 10 (BENCHMARKS.md / ACCURACY.md 2026-12-07 session 10):
 *   sigmoid  c - c q for both signs and a table of beta 2^(j/8) in place of
 *            the rest's (below): 20 -> 18 instructions, 1.84 ULP as before
 *            (all 2^32 inputs), 0.348 -> 0.298 ns/el in the library
 *            (benchmarks/ab_before_after.py, AVX2, n = 65536, one thread)
 * NaN reaches every lane's result (max / min keep x's NaN). */
#ifndef FASTACT_SIMD_LUT8_F32_H
#define FASTACT_SIMD_LUT8_F32_H

#include "simd/simd.h"

#if FA_SIMD
/* bits(2^64 T_j) - (j << 20) and bits(T_j) - (j << 20), T_j = 2^(j/8)
 * rounded to float (mpmath) */
static const float fa_lut8_scale_biased_f32[8] = {0x1p+64f,        0x1.f72b84p+63f, 0x1.f06fe0p+63f,
                                                  0x1.ebfdaep+63f, 0x1.ea09e6p+63f, 0x1.eace54p+63f,
                                                  0x1.ee89fap+63f, 0x1.f5818ep+63f};
static const float fa_lut8_scale_f32[8] = {0x1p+0f,        0x1.f72b84p-1f, 0x1.f06fe0p-1f,
                                           0x1.ebfdaep-1f, 0x1.ea09e6p-1f, 0x1.eace54p-1f,
                                           0x1.ee89fap-1f, 0x1.f5818ep-1f};
/* R_j = (2^(j/8) - T_j) / T_j rounded */
static const float fa_lut8_rest_f32[8] = {0x0p+0f,          -0x1.9c0c22p-27f, 0x1.125002p-25f,
                                          -0x1.0a3550p-25f, 0x1.26055cp-26f,  0x1.67a1cap-28f,
                                          -0x1.f9c304p-27f, -0x1.a5217cp-28f};

#define FA_LUT8_SHIFTER 0x1.8p23f         /* its ULP is 1: N in the low bits */
#define FA_LUT8_LOG2E_8 0x1.715476p+3f    /* 8 / ln2 */
#define FA_LUT8_LN2_8 0x1.62e43p-4f       /* ln2 / 8 rounded (up) */
#define FA_LUT8_LN2_8_ERR -0x1.05c61p-32f /* ln2 / 8 - FA_LUT8_LN2_8 */

/* sigmoid:
 *   z = -|x| clamped at -110 (sigmoid(-a) rounds to 0 from a = 104),
 *   e^z = 2^k T_j (1 + w),  T_j = beta 2^(j/8) rounded (beta = 0x1.06f124p+0,
 *   chosen so that all eight round within 2^-27.6 of beta 2^(j/8): beta = 1
 *   leaves 2^-24.9 (fa_lut8_scale_f32), which a second lookup of the rest
 *   R_j and an fnma made good until session 10),
 *   1 + w = e^t / beta (1 - n (ln2/8 - LN2_8)),
 *   w = r + t (C1 + C2 t + C3 t^2),  r = C0 - n ERR,  C0 = 1/beta - 1 = -0.026
 *   (session 7's minimax fit 1 + t + C2 t^2 + C3 t^3 of e^t on |t| <= ln2/16,
 *   2^-25.2, divided by beta; |w| <= 0.07: its rounding and C1's stay near
 *   2^-28 of e^z; ERR = (ln2/8 - LN2_8) / beta; the products of the
 *   reduction's error with t dropped, as before),
 *   E = 2^64 e^z = S + S w rounded once (S = 2^64 2^k T_j from the bits:
 *   2^64 keeps it normal down to the clamp),
 *   q = E / (E + 2^64) = sigmoid(-|x|) rounded,
 *   sigmoid(x) = c - c q,  c = x < 0 ? e : 1  (e = E 2^-64, exact where it
 *   is normal, rounded once where it is not): for x < 0 u = e - e q (as
 *   sigmoid_poly.inc: q's roundings reach u times e only), for x >= 0 1 - q
 *   in one fnma.
 * 18 arithmetic instructions a vector (session 7: 20; the select moved from
 * the result to c saves the subtraction 1 - u, the table of beta the lookup
 * of R_j), 1.84 ULP at most over all float inputs as before (the best table,
 * beta = 0x1.feb052p-1 at 2^-27.7, measured 1.86; ACCURACY.md 2026-12-07
 * session 10; tests/cases.py: 1.9). Constants: tools/fit_sigmoid_lut8.py. */
#define FA_SIGL8_CLAMP -110.0f
/* bits(2^64 T_j) - (j << 20), T_j = beta 2^(j/8) rounded */
static const float fa_sigl8_scale_f32[8] = {0x1.06f124p+64f, 0x1.febd80p+63f, 0x1.f8b144p+63f,
                                            0x1.f4fe58p+63f, 0x1.f3db28p+63f, 0x1.f5830ep+63f,
                                            0x1.fa36c2p+63f, 0x1.023cd8p+64f};
#define FA_SIGL8_C0 -0x1.b08e38p-6f
#define FA_SIGL8_C1 0x1.f27b8ep-1f
#define FA_SIGL8_C2 0x1.f28c08p-2f
#define FA_SIGL8_C3 0x1.4c538ep-3f
#define FA_SIGL8_ERR -0x1.fdb9a4p-33f /* (ln2/8 - FA_LUT8_LN2_8) / beta */

/* The body over m = 1 or 2 vectors, each step for every vector before the
 * next step (FA_EACH): FA_SIMD_UNARY_KERNEL_X2N's two-vector step calls it
 * with m = 2, the one-vector form below with m = 1. The same operations per
 * lane either way (the same bits); with the two chains interleaved in the
 * source GCC 12 issues them side by side, where the X2 loop over the one-vector
 * form ran one vector's chain and then the other's: 0.281 -> 0.267 ns/el in a
 * C harness of the loop (AMD EPYC Zen 4, n = 65536; BENCHMARKS.md 2026-12-08
 * session 14) */
FA_INLINE void fa_simd_sigmoid_lut8_forward_f32_x2(const fa_vf32 *x, fa_vf32 *y, const float *p,
                                                   const int m) {
    const fa_vf32 one = fa_vf32_set1(1.0f), shifter = fa_vf32_set1(FA_LUT8_SHIFTER);
    fa_vf32 z[2], v[2], scale[2], n[2], r[2], t[2], a[2], e[2], q[2];
    (void)p;
    FA_EACH(k, m) z[k] = fa_vf32_max_keep_nan(fa_vf32_set1(FA_SIGL8_CLAMP), fa_vf32_neg_abs(x[k]));
    FA_EACH(k, m) v[k] = fa_vf32_fma(z[k], fa_vf32_set1(FA_LUT8_LOG2E_8), shifter);
    FA_EACH(k, m) n[k] = fa_vf32_sub(v[k], shifter);
    FA_EACH(k, m) {
        scale[k] = fa_vf32_bits_add_shl(fa_vf32_lookup8(fa_sigl8_scale_f32, v[k]), v[k], 20);
    }
    FA_EACH(k, m) t[k] = fa_vf32_fnma(n[k], fa_vf32_set1(FA_LUT8_LN2_8), z[k]);
    FA_EACH(k, m) r[k] = fa_vf32_fnma(n[k], fa_vf32_set1(FA_SIGL8_ERR), fa_vf32_set1(FA_SIGL8_C0));
    FA_EACH(k, m) a[k] = fa_vf32_fma(fa_vf32_set1(FA_SIGL8_C3), t[k], fa_vf32_set1(FA_SIGL8_C2));
    FA_EACH(k, m) a[k] = fa_vf32_fma(a[k], t[k], fa_vf32_set1(FA_SIGL8_C1));
    FA_EACH(k, m) a[k] = fa_vf32_fma(a[k], t[k], r[k]);        /* w */
    FA_EACH(k, m) e[k] = fa_vf32_fma(a[k], scale[k], scale[k]); /* 2^64 e^-|x| */
    FA_EACH(k, m) q[k] = fa_vf32_div(e[k], fa_vf32_add(e[k], fa_vf32_set1(0x1p64f)));
    /* c = x < 0 ? e 2^-64 : 1 (-0: e = 2^64, c = 1, 1/2 either way) */
    FA_EACH(k, m) e[k] = fa_vf32_select_sign(x[k], fa_vf32_mul(e[k], fa_vf32_set1(0x1p-64f)), one);
    FA_EACH(k, m) y[k] = fa_vf32_fnma(e[k], q[k], e[k]);
}

FA_INLINE fa_vf32 fa_simd_sigmoid_lut8_forward_f32(fa_vf32 x, const float *p) {
    fa_vf32 y;
    fa_simd_sigmoid_lut8_forward_f32_x2(&x, &y, p, 1);
    return y;
}

#endif

#endif
