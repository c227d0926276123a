/* tanh forward for float over SIMD vectors (AVX-512, NEON; AVX2 runs the
 * 8-entry form at the end of this file, which needs no 16-entry lookups) by
 * the addition theorem from a 16-entry table held in registers (17 arithmetic
 * instructions a vector, 15 on AVX-512 since session 12 (below), 21 until
 * session 7, where tanh.inc, which float64 keeps on AVX2, takes 39):
 * with a = |x| = a0 + d, j = round(a / h), a0 = A_j,
 *   tanh(a) = t0 + s0 t / (1 + t0 t),  t0 = tanh(a0), s0 = 1 - t0^2 rounded,
 *   t = tanh(d) = d + d^3 P(d^2)
 * A_j is the float within 2^-10 of j h whose tanh lies nearest a float (mpmath
 * search): t0 is then that float to 4e-4 of its ULP (j <= 11; 0.27 ULP at most
 * in cells 12-15, where t0 rounds next to 1 and the quotient is below 2^-19
 * of the result), so no low part of t0 is needed, and d = a - A_j is exact
 * (|d| <= 0.312 and A_j, a within a factor 2 of each other or A_j = 0): one
 * lookup of A_j and an add in place of k = s - shifter and an fma with h.
 * Cell 0 (A_0 = 0, t0 = 0) is tanh(d) alone; elsewhere the quotient's
 * roundings reach the result times its share of it: most in cell 1 at a = h/2,
 * where t0 = tanh(A_1) = 0.55 for tanh(a) = 0.30 (0.83 of it).
 * Worked on z = -a (the formula holds with t0 -> -t0 and t -> -t, so the
 * table holds -tanh(A_j)); the sign of x last.
 * Session 7 traded accuracy for speed here (AMD EPYC Zen 4, n = 65536, one
 * thread, a C harness of the X2 loop; BENCHMARKS.md / ACCURACY.md 2026-12-07
 * session 7): the session-6 body (cell 0 to a = 0.45 by an add before the
 * rounding, |d| <= 0.45 with a degree-11 P, t0 in two parts) took 0.296 ns/el
 * at 1.31 ULP; this one 0.228 at 1.93 (the bound 1.8 -> 2.0, the spec's):
 *   t0's low part in the numerator's fma (exact algebra)    1.22 ULP
 *   j = round(a / h), cell 0 to h/2, degree-9 P             1.87, 0.257
 *   A_j near j h with t0 exact, no low part, no k h         1.85, 0.246
 *   P of degree 7 (2^-25.9 relative on |d| <= 0.312)        1.93, 0.228
 * NaN passes the clamp (max keeps x's NaN) and reaches every lane's result.
 * Every step is _mul_add (the fma's bits where FMA is hardware): on SSE2 a
 * multiply and an add, 1.99 ULP (all 2^32 inputs), 1.61 ns/el against the
 * generic loop's 2.57 (session 8; BENCHMARKS.md / ACCURACY.md 2026-12-07
 * session 8, the last baseline cells).
 * Session 12, AVX-512 only (BENCHMARKS.md / ACCURACY.md 2026-12-07 session 12,
 * h12b-tanh512): the quotient as t / (1 + t0 t) = d / (d coth(d) + t0 d), exact
 * algebra (as the 8-cell AVX2 form below), d coth(d) = 1 + y R(y) with R of
 * degree 2 (FA_TANHT_R, 2^-32.0 on |d| <= 0.3116), the result fma(s0, q, t0):
 * 17 -> 15 arithmetic instructions a vector (no d y, no t, no s0 t, no add),
 * 1.93 -> 1.75 ULP over all 2^32 inputs (one rounding fewer in the quotient's
 * share; cell 0's d / c, c in [1, 1.033], stays inside 1.75), 0.232 -> 0.207
 * ns/el (n = 65536; 1e7 0.240 -> 0.214). NEON keeps the form above (its bits
 * unchanged; not measured with the new one); SSE2 runs the 8-cell body. */
#ifndef FASTACT_SIMD_TANH_F32_H
#define FASTACT_SIMD_TANH_F32_H

#include "simd/simd.h"

#if FA_SIMD
/* A_j (above), -tanh(A_j) and 1 - tanh(A_j)^2 rounded to float (mpmath) */
static const float fa_tanh_table_a_f32[16] = {
    0x0p+0f,        0x1.3dfbd6p-1f, 0x1.3e3ab8p+0f, 0x1.dd2eb6p+0f, 0x1.3de212p+1f, 0x1.8d701p+1f,
    0x1.dd1266p+1f, 0x1.164006p+2f, 0x1.3e07c8p+2f, 0x1.65b2bp+2f,  0x1.8d8c8p+2f,  0x1.b548a2p+2f,
    0x1.dd1p+2f,    0x1.0268p+3f,   0x1.1638p+3f,   0x1.2a28p+3f};
static const float fa_tanh_table_hi_f32[16] = {
    0x0p+0f,         -0x1.1a8e5p-1f,  -0x1.b15286p-1f, -0x1.e7f5b6p-1f,
    -0x1.f8eaeap-1f, -0x1.fdf254p-1f, -0x1.ff685p-1f,  -0x1.ffd422p-1f,
    -0x1.fff358p-1f, -0x1.fffc56p-1f, -0x1.fffef2p-1f, -0x1.ffffb2p-1f,
    -0x1.ffffeap-1f, -0x1.fffffap-1f, -0x1.fffffep-1f, -0x1p+0f};
static const float fa_tanh_table_slope_f32[16] = {
    0x1p+0f,         0x1.641114p-1f,  0x1.2287bcp-2f,  0x1.779ce6p-4f,
    0x1.c222fp-6f,   0x1.064f12p-7f,  0x1.2f331p-9f,   0x1.5ee0f6p-11f,
    0x1.94fafep-13f, 0x1.d4fe5cp-15f, 0x1.0dffb6p-16f, 0x1.37fffp-18f,
    0x1.6809eap-20f, 0x1.9fd9p-22f,   0x1.e22fe6p-24f, 0x1.156116p-25f};

/* tanh(a) rounds to 1 from a = 9.011: clamped at 9.3, in cell 15 (A_15 = 9.32).
 * h = 159/256, session 6's step */
#define FA_TANHT_CLAMP -9.3f
#define FA_TANHT_INV_STEP (256.0f / 159.0f)
#define FA_TANHT_SHIFTER 0x1.8p23f /* its ULP is 1 */
/* tanh(d) = d + d^3 P(d^2) on |d| <= 0.3116, relative error 2^-25.9 (a
 * weighted least-squares fit of the relative error, Lawson's iteration, each
 * coefficient rounded to float low order first and the rest refitted; the
 * tables and P: tools/fit_tanh_cells.py 16) */
#define FA_TANHT_P(y, FMA, K)                                                                      \
    FMA(FMA(K(-0x1.9a5e7cp-5f), y, K(0x1.10a082p-3f)), y, K(-0x1.55547p-2f))
/* d coth(d) = 1 + y R(y) on |d| <= 0.3116, relative error 2^-32.0 (fitted as
 * FA_TANHT_P; tools/fit_tanh_cells.py 16 coth): AVX-512's form, FA_TANH8_R's
 * on the 16 cells, R of degree 2 (two fma) */
#define FA_TANHT_R(y, FMA, K)                                                                      \
    FMA(FMA(K(0x1.10b19ap-9f), y, K(-0x1.6c0f74p-6f)), y, K(0x1.555554p-2f))

FA_INLINE fa_vf32 fa_simd_tanh_table_forward_f32(fa_vf32 x, const float *p) {
    (void)p;
    const fa_vf32 one = fa_vf32_set1(1.0f);
    const fa_vf32 z = fa_vf32_max_keep_nan(fa_vf32_set1(FA_TANHT_CLAMP), fa_vf32_neg_abs(x));
    /* s's low bits hold j */
    const fa_vf32 s =
        fa_vf32_mul_add(z, fa_vf32_set1(-FA_TANHT_INV_STEP), fa_vf32_set1(FA_TANHT_SHIFTER));
    const fa_vf32 d = fa_vf32_add(z, fa_vf32_lookup16(fa_tanh_table_a_f32, s)); /* exact */
    const fa_vf32 t0 = fa_vf32_lookup16(fa_tanh_table_hi_f32, s);
    const fa_vf32 s0 = fa_vf32_lookup16(fa_tanh_table_slope_f32, s);
    const fa_vf32 y = fa_vf32_mul(d, d);
#if defined(FA_SIMD_LAYER_AVX512)
    /* t / (1 + t0 t) = d / (d coth(d) + t0 d), d coth(d) = 1 + y R(y) (session 12,
     * as the 8-cell AVX2 form below) */
    const fa_vf32 c = fa_vf32_fma(FA_TANHT_R(y, fa_vf32_fma, fa_vf32_set1), y, one);
    const fa_vf32 r = fa_vf32_fma(s0, fa_vf32_div(d, fa_vf32_fma(t0, d, c)), t0); /* <= 0 */
    return fa_vf32_copysign(r, x);
#else
    const fa_vf32 t =
        fa_vf32_mul_add(fa_vf32_mul(d, y), FA_TANHT_P(y, fa_vf32_mul_add, fa_vf32_set1), d);
    /* 1 + t0 t in [0.7, 1.3]; one division, not a seed and a Newton step: 2
     * instructions fewer (session 5: 0.53 -> 0.45 ns/el on AVX2, AVX-512 4% faster) */
    const fa_vf32 quotient = fa_vf32_div(fa_vf32_mul(s0, t), fa_vf32_mul_add(t0, t, one));
    return fa_vf32_copysign(fa_vf32_add(t0, quotient), x);
#endif
}

/* The same on 8 cells, for AVX2 (lookup8: one vpermps each, where lookup16
 * is an emulation): h = 1.21, j = round(a / h) <= 7 for a <= 9.05 (tanh(a)
 * rounds to 1 from 9.011), A_j within 2^-10 of j h (2^-5 for j >= 5, where
 * the nearest float tanh needed a wider search; cell 7's t0 is 0.39 ULP from
 * tanh(A_7), where the quotient is below 2^-22 of the result), |d| <= 0.61 and P of
 * degree 9 (2^-28.2). Worked on a = |x| (tanh(A_j) >= 0, the result >= 0 or
 * NaN), so that x's sign joins by or_sign's two (an and and an or), not
 * copysign's three. The quotient is at most 0.55 of the result (cell 1 at
 * a = h/2: t0 = 0.84 for tanh(a) = 0.54), less than the 16-cell form's 0.83.
 * 20 arithmetic instructions a vector (19 on AVX2 since session 10, 17 since
 * session 12, below)
 * where session 6's expm1 body (lut8_f32.h) took 25: 0.384 -> 0.361 ns/el in a C harness of the X2 loop, 1.78 -> 1.83 ULP
 * (AMD EPYC Zen 4, n = 65536, one thread; BENCHMARKS.md / ACCURACY.md
 * 2026-12-07 session 7). Session 10, AVX2 (BENCHMARKS.md / ACCURACY.md
 * 2026-12-07 session 10): r = t0 + s0 (t / (1 + t0 t)) in one fma where
 * s0 t and the sum were rounded apart (20 -> 19 instructions, 1.83 -> 1.46
 * ULP over all 2^32 inputs: one rounding fewer inside the quotient's share);
 * SSE2 keeps the multiply and the add, as its fma is an emulation (its bits
 * unchanged). x's sign by or_sign (and, or) on every layer, the same bits as
 * neg_abs and select_sign (r >= 0 or NaN): Zen 4 runs vblendvps on the two
 * FMA pipes, vandps / vorps on any of four. Both: 0.373 -> 0.335 ns/el
 * (the library, benchmarks/ab_before_after.py, AMD EPYC Zen 4). Session 12,
 * AVX2 (BENCHMARKS.md / ACCURACY.md 2026-12-07 session 12): the quotient as
 * t / (1 + t0 t) = d / (d coth(d) + t0 d), exact algebra, with d coth(d) =
 * 1 + y R(y) (FA_TANH8_R: degree 4 in y, 2^-31.7, four fma where t took
 * d y, five fma for P and t): 19 -> 17 instructions, 1.46 -> 1.50 ULP over all 2^32 inputs
 * (cell 0 near d = 0.545: tanh(d) = d / c, and c = d coth(d) in [1, 1.1]
 * rounds by up to 2^-24 of itself, about one ULP of a result just below 1/2;
 * degree 3 in y, 16 instructions, measured 1.97 on every 5th input: too near
 * the 2-ULP bound), 0.335 -> 0.300 ns/el. SSE2 keeps the form above (its
 * _mul_add steps round twice, not measured there; its bits unchanged). */
static const float fa_tanh_cell8_a_f32[8] = {0x0p+0f,        0x1.35d066p+0f, 0x1.35e25ap+1f,
                                             0x1.d0a3b6p+1f, 0x1.35c95ep+2f, 0x1.829ce0p+2f,
                                             0x1.d1cb7ep+2f, 0x1.100a3ep+3f};
static const float fa_tanh_cell8_hi_f32[8] = {0x0p+0f,        0x1.ac698ep-1f, 0x1.f7fb6ep-1f,
                                              0x1.ff47d0p-1f, 0x1.ffefa0p-1f, 0x1.fffe84p-1f,
                                              0x1.ffffe0p-1f, 0x1.fffffep-1f};
static const float fa_tanh_cell8_slope_f32[8] = {0x1p+0f,         0x1.330ee2p-2f,  0x1.fd1fecp-6f,
                                                 0x1.701dbep-9f,  0x1.05fbd0p-12f, 0x1.7bff72p-16f,
                                                 0x1.ffffeep-20f, 0x1.62bad4p-23f};
#define FA_TANH8_CLAMP 9.05f
#define FA_TANH8_INV_STEP 0x1.a723f6p-1f /* 1 / 1.21 */
/* tanh(d) = d + d^3 P(d^2) on |d| <= 0.606, 2^-28.2 (fitted as FA_TANHT_P;
 * the tables and P: tools/fit_tanh_cells.py 8) */
#define FA_TANH8_P(y, FMA, K)                                                                      \
    FMA(FMA(FMA(FMA(K(-0x1.7fa3f2p-8f), y, K(0x1.543152p-6f)), y, K(-0x1.b8871p-5f)), y,           \
            K(0x1.11093cp-3f)),                                                                    \
        y, K(-0x1.55553cp-2f))
/* d coth(d) = 1 + y R(y) on |d| <= 0.606, relative error 2^-31.7 (fitted as
 * FA_TANH8_P; tools/fit_tanh_cells.py 8 coth): d coth(d) is even and its
 * poles lie at d = i pi, twice as far as tanh's, so 1 + y R(y), degree 4 in
 * y (four fma), does what tanh(d) = d + d^3 P(y) needed d y and five fma for */
#define FA_TANH8_R(y, FMA, K)                                                                      \
    FMA(FMA(FMA(K(-0x1.96d836p-13f), y, K(0x1.14b98cp-9f)), y, K(-0x1.6c144ap-6f)), y,             \
        K(0x1.555554p-2f))

/* The body over m = 1 or 2 vectors, each step for every vector before the
 * next (FA_EACH; as lut8_f32.h's sigmoid): FA_SIMD_UNARY_KERNEL_X2N's
 * two-vector step calls it with m = 2 (AVX2), the one-vector form below with
 * m = 1 (the tails, SSE2's X2 loop). The same operations per lane either way;
 * AVX2, C harness of the loop: 0.292 -> 0.272 ns/el (AMD EPYC Zen 4, n =
 * 65536; BENCHMARKS.md 2026-12-08 session 14). The table lookups t0 and s0
 * come where they are used (1% over taking them beside d's). */
FA_INLINE void fa_simd_tanh_cell8_forward_f32_x2(const fa_vf32 *x, fa_vf32 *out, const float *p,
                                                 const int m) {
    const fa_vf32 one = fa_vf32_set1(1.0f);
    fa_vf32 a[2], s[2], d[2], t0[2], y[2], r[2];
    (void)p;
    FA_EACH(k, m) a[k] = fa_vf32_min_keep_nan(fa_vf32_set1(FA_TANH8_CLAMP), fa_vf32_abs(x[k]));
    /* s's low bits hold j */
    FA_EACH(k, m) {
        s[k] =
            fa_vf32_mul_add(a[k], fa_vf32_set1(FA_TANH8_INV_STEP), fa_vf32_set1(FA_TANHT_SHIFTER));
    }
    FA_EACH(k, m) d[k] = fa_vf32_sub(a[k], fa_vf32_lookup8(fa_tanh_cell8_a_f32, s[k])); /* exact */
    FA_EACH(k, m) y[k] = fa_vf32_mul(d[k], d[k]);
#if defined(FA_SIMD_LAYER_AVX2)
    /* t / (1 + t0 t) = d / (d coth(d) + t0 d), d coth(d) = 1 + y R(y) (session 12) */
    FA_EACH(k, m) r[k] = fa_vf32_fma(FA_TANH8_R(y[k], fa_vf32_fma, fa_vf32_set1), y[k], one);
    FA_EACH(k, m) t0[k] = fa_vf32_lookup8(fa_tanh_cell8_hi_f32, s[k]);
    FA_EACH(k, m) r[k] = fa_vf32_div(d[k], fa_vf32_fma(t0[k], d[k], r[k]));
    FA_EACH(k, m) {
        r[k] = fa_vf32_fma(fa_vf32_lookup8(fa_tanh_cell8_slope_f32, s[k]), r[k], t0[k]); /* >= 0 */
    }
#else
    FA_EACH(k, m) {
        const fa_vf32 t = fa_vf32_mul_add(fa_vf32_mul(d[k], y[k]),
                                          FA_TANH8_P(y[k], fa_vf32_mul_add, fa_vf32_set1), d[k]);
        t0[k] = fa_vf32_lookup8(fa_tanh_cell8_hi_f32, s[k]);
        r[k] = fa_vf32_add(
            t0[k], fa_vf32_div(fa_vf32_mul(fa_vf32_lookup8(fa_tanh_cell8_slope_f32, s[k]), t),
                               fa_vf32_mul_add(t0[k], t, one))); /* >= 0 */
    }
#endif
    FA_EACH(k, m) out[k] = fa_vf32_or_sign(r[k], x[k]);
}

FA_INLINE fa_vf32 fa_simd_tanh_cell8_forward_f32(fa_vf32 x, const float *p) {
    fa_vf32 y;
    fa_simd_tanh_cell8_forward_f32_x2(&x, &y, p, 1);
    return y;
}
#endif

#endif
