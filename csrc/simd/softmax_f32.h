/* softmax / log_softmax rows (inner == 1) for float over SIMD vectors, written
 * once over the per-ISA ops of simd.h and used by kernels/axis_dtype.inc for
 * float32 where FA_SIMD (AVX2, AVX-512). The compiler-vectorised rows before
 * this spent most of their time in vecmath/exp.h's generic exp (degree-6
 * polynomial, integer exponent assembly); here e^(x - m) takes the 16-entry
 * table of exp_table_f32.h (degree 3); AVX2's an 8-entry one (degree 4,
 * lut8_f32.h's tables: the same analysis with 2^-32.3 for 2^-29.1, and R_j w
 * dropped, 2^-29.5).
 *
 * Passes, each in the row's own order from its first element, so that an
 * element's lane (j mod W) and the reduction order depend on neither the
 * alignment nor the thread split:
 *   1. m = max of the row, four vector accumulators (vmax latency); NaN is
 *      skipped here (vmax returns its second operand, the accumulator) and
 *      poisons the sum instead, as the scalar rows did.
 *   2. e = e^(x - m) (stored for softmax; log_softmax stores x - m) and their
 *      sum, in float64 lanes.
 *   3. softmax: y = e (1/s) rounded; log_softmax: y = (x - m) - log(s).
 *
 * e^(x - m): d = x - m is rounded (|d| <= 109 here, so up to 2^-18 absolute,
 * a relative error |d| 2^-24 in e^d, ~100 ULP). Rows with |m| <= 146 (but
 * AVX2's log_softmax) reduce x against m + k ln2 split so that no step
 * rounds a large value (fa_smx_exp_split: r to 2^-27.6 absolute); in the
 * others d's rounding error lo comes from two_sum (Fast2Sum in rows with
 * |m| <= 2^20: fa_smx_exp_clamped_x) and joins the reduced argument r
 * (|r + lo| <= ln2/32 + 2^-18, inside the polynomial's range). Either way e
 * is e^(x - m) itself to
 *   T (1 + 2^-24) (1 + 2^-29.1) + rounding of t + (t w + t_lo) and scalef
 * ~ 1 ULP, where the scalar rows took ~1.5 (vecmath exp + e lo fma).
 * d < -109 (x = -inf included) is clamped to -109: e^-109 = 2^-157.3 rounds to
 * +0 (scalef, or AVX2's 2^(k + 32) 2^-32, rounds once; e^d for d in [-103.3, -87.3] comes out subnormal,
 * rounded once), and lo there (NaN for x = -inf) is dropped. m = -inf (a row
 * of -inf) or x = m = +inf give d = NaN, which stays NaN (max keeps it).
 *
 * The sum s = sum of e: two vectors' e added in float (one rounding, 2^-24
 * relative), widened (exact) into 2 W/2 double lanes, added pairwise at the
 * end: each e <= 1, the top one is 1, so s in [1, n] and
 * |s' - s| <= 2^-24 s + (n/2W + log2 W + 1) 2^-53 s; y = e / s rounded once
 * (fa_smx_row_finish: e (c_hi + c_lo); rows of up to 512 round 1/s to float
 * first, 1/2 ULP more), so y carries e's ~1 ULP, s's <= 1/2 and the
 * product's 1/2: <= ~2.5 ULP (measured 2.2, 2.6 in rows of 128: ACCURACY.md),
 * inside test_oracle's 4. log_softmax: shift = log1p(s - 1) in double, rounded to
 * float, with s - 1 summed apart (fa_smx_exp_sum_minus_one; rows of up to
 * FA_SMX_KEEP_D the plain sum where s >= 1 + 2^-16: fa_smx_exp_sum_plain_at);
 * y = (x - m) - shift with x - m exact or rounded once (as the scalar rows): the top
 * element, y = -shift, is -log(s) to ~2 ULP relative, since s - 1 is the sum
 * of the other e, each with relative error ~1.5 ULP (the compensated d; T_j
 * rounded to float: the sum takes e without the table's low part), and the
 * relative error of log s is at most the e-weighted mean of theirs (Delta
 * log s = sum delta_j e_j / s <= max delta (s - 1)/s <= max delta log s). */
#ifndef FASTACT_SIMD_SOFTMAX_F32_H
#define FASTACT_SIMD_SOFTMAX_F32_H

#include "simd/exp_table_f32.h"
#include "simd/lut8_f32.h" /* AVX2's 8-entry scale and rest */
#include "vecmath/common.h"

#include <stdint.h>

#if FA_SIMD
/* e^r = 1 + r + r^2 (C2 + C3 r) on |r| <= ln2/32, relative error 2^-29.1
 * (sigmoid_f32.h's polynomial) */
#define FA_SMX_C2 0x1.000234p-1f
#define FA_SMX_C3 0x1.5556p-3f
/* e^-109 rounds to 0 in float; -109 log2e 16 stays inside the shifter's
 * range, and floor(-109 log2e) = -158 inside pow2_floor_plus32's */
#define FA_SMX_CLAMP -109.0f

enum { FA_SMX_W = FA_V_LANES_f32, FA_SMX_W64 = FA_V_LANES_f64 };

/* A hint that the line at p will be read soon (no effect on any result; a
 * no-op where the compiler has no portable spelling of it). */
#if defined(__GNUC__) || defined(__clang__)
#define FA_SMX_PREFETCH(p) __builtin_prefetch((const void *)(p), 0, 3)
#elif defined(_MSC_VER) && (defined(_M_X64) || defined(_M_IX86))
#define FA_SMX_PREFETCH(p) _mm_prefetch((const char *)(p), _MM_HINT_T0)
#else
#define FA_SMX_PREFETCH(p) ((void)(p))
#endif
/* The exp pass of a row asks for the next row's x and y at the offsets it
 * reads (bytes from byte `at`, one request a 64-byte line; next_x NULL: the
 * last row; softmax_f64.h's rows too). Each row's max pass had read x first
 * from L3 or memory with almost no arithmetic to hide it behind, and the exp
 * pass then wrote y to lines not yet in cache; the exp pass's arithmetic now
 * hides both. Zen 4, one thread, out= given (benchmarks/ab_softmax.py against
 * the build before): AVX-512 float32 rows of 50257 softmax 0.449 -> 0.406
 * ns/element, log_softmax 0.467 -> 0.423; rows of 1000 0.406 -> 0.391, 0.473
 * -> 0.456; float64 rows of 50257 1.157 -> 1.006, 1.333 -> 1.190; AVX2
 * float32 rows of 50257 0.724 -> 0.651. */
FA_INLINE void fa_smx_prefetch_next(const void *next_x, const void *next_y, size_t at,
                                    size_t bytes) {
    for (size_t q = 0; q < bytes; q += 64) {
        FA_SMX_PREFETCH((const char *)next_x + at + q);
        FA_SMX_PREFETCH((const char *)next_y + at + q);
    }
}

#if FA_SIMD_LAYER_AVX2
/* AVX2's forward e^(x - m) (fa_smx_exp_core_t): N = round(8 z / ln2), one
 * vpermps each for lut8_f32.h's scale 2^64 T_j - (j << 20) and rest R_j
 * (lookup16 emulated takes four instructions: two vpermps, a shift and a
 * blend); 2^k joins T_j in two integer operations (bits_add_shl) where
 * pow2_floor_plus32 and two multiplies took six; |r| <= ln2/16 + 2^-17 (the
 * compensation lo included), e^r = 1 + r + r^2 (1/2 + C3 r + C4 r^2),
 * relative error 2^-32.3 (a Lawson fit, coefficients rounded to float; the
 * 16-entry form's is 2^-29.1). Zen 4, one thread, out= given
 * (benchmarks/ab_softmax.py, against the 16-entry form with the prefetch
 * below), ns/element: softmax rows of 1000 0.580 -> 0.503, of 50257 0.605 ->
 * 0.533, of 128 0.625 -> 0.553; log_softmax 0.587 -> 0.538, 0.607 -> 0.563,
 * 0.680 -> 0.640. Max ULP (benchmarks/softmax_ulp.py) unchanged for softmax
 * (2.64), log_softmax 1.88 -> 1.36 (the longer polynomial). */
#define FA_SMX8_C3 0x1.555c76p-3f
#define FA_SMX8_C4 0x1.55484p-5f
#endif

/* a + b and a - b rounded once; on_fma (a constant) where FA_SMX_ADD_ON_FMA:
 * as a 1 + b and a - b 1, the same bits (a 1 is exact, and the sum is
 * rounded once), on the FMA units. Zen 4 has two FMA and two add pipes; the
 * exp's compensated argument, its reduction and log_softmax's last pass put
 * most operations on the add pipes. AVX-512 only: log_softmax float32 rows
 * (1024, 1000) 0.374 -> 0.360 ns/element, (64, 50257) 0.381 -> 0.363,
 * (4096, 128) unchanged; AVX2 1-3% slower, softmax rows 2% either way, so
 * softmax keeps its adds (BENCHMARKS.md, 2026-12-07, session 12, log_softmax
 * rows). */
#if FA_SIMD_LAYER_AVX512
#define FA_SMX_ADD_ON_FMA 1
#else
#define FA_SMX_ADD_ON_FMA 0
#endif
FA_INLINE fa_vf32 fa_smx_add(fa_vf32 a, fa_vf32 b, int on_fma) {
    return FA_SMX_ADD_ON_FMA && on_fma ? fa_vf32_fma(a, fa_vf32_set1(1.0f), b) : fa_vf32_add(a, b);
}
FA_INLINE fa_vf32 fa_smx_sub(fa_vf32 a, fa_vf32 b, int on_fma) {
    return FA_SMX_ADD_ON_FMA && on_fma ? fa_vf32_fnma(b, fa_vf32_set1(1.0f), a) : fa_vf32_sub(a, b);
}

/* softmax rows longer than this scale e by 1/s in two parts (fa_smx_row_finish) */
#define FA_SMX_EXACT_C_MIN 512

/* lane indices 0 .. 15 as floats, for the mask of a row's last partial vector */
static const float fa_smx_iota_f32[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

/* lanes below rem keep v, the others become fill */
FA_INLINE fa_vf32 fa_smx_first_or(fa_vf32 v, size_t rem, fa_vf32 fill) {
    return fa_vf32_select(fa_vf32_lt(fa_vf32_load(fa_smx_iota_f32), fa_vf32_set1((float)rem)), v,
                          fill);
}

/* AVX2's e^r S 2^-64 over lut8_f32.h's 8-entry table, the steps after the
 * reduction that fa_smx_exp_core_t and fa_smx_exp_split share: e^r - 1 by a
 * degree-4 polynomial, then S (1 + w + R_j) rounded once (R_j, the table's
 * low part, where with_t_lo) */
#if FA_SIMD_LAYER_AVX2
FA_INLINE fa_vf32 fa_smx_lut8_finish(fa_vf32 r8, fa_vf32 scale, fa_vf32 v, int with_t_lo) {
    const fa_vf32 a8 =
        fa_vf32_fma(fa_vf32_fma(fa_vf32_set1(FA_SMX8_C4), r8, fa_vf32_set1(FA_SMX8_C3)), r8,
                    fa_vf32_set1(0.5f));
    const fa_vf32 w8 = fa_vf32_fma(fa_vf32_mul(r8, r8), a8, r8); /* e^r - 1 */
    const fa_vf32 big = fa_vf32_fma(
        scale, with_t_lo ? fa_vf32_add(w8, fa_vf32_lookup8(fa_lut8_rest_f32, v)) : w8, scale);
    return fa_vf32_mul(big, fa_vf32_set1(0x1p-64f));
}
#endif

/* e^(z + lo) for z >= FA_SMX_CLAMP (with_lo a constant: 0 where lo is 0;
 * at_most_0 a constant: z <= 0 or NaN; with_t_lo a constant: 0 drops the
 * table's low part, T_j rounded to float, a relative error up to 2^-24 more
 * (fa_smx_exp_sum_minus_one, where only the sum sees e) for one lookup and
 * one add fewer) */
FA_INLINE fa_vf32 fa_smx_exp_core_t(fa_vf32 z, fa_vf32 lo, int with_lo, int at_most_0,
                                    int with_t_lo) {
#if FA_SIMD_LAYER_AVX2
    if (at_most_0) {
        /* N = round(8 z / ln2) in v's low bits; S = 2^64 T_j 2^k (N = 8 k + j)
         * from the bits (lut8_f32.h: bits_add_shl, normal down to the clamp,
         * k >= -158); e = S (1 + w + R_j) 2^-64 rounded once, R_j w dropped
         * (2^-29.5 relative at most); N ln2/8 by LN2_HI/8 (exact: N has 11
         * bits) and LN2_LO/8 */
        const fa_vf32 shifter = fa_vf32_set1(FA_LUT8_SHIFTER);
        const fa_vf32 v = fa_vf32_fma(z, fa_vf32_set1(FA_LUT8_LOG2E_8), shifter);
        const fa_vf32 nk = fa_vf32_sub(v, shifter);
        const fa_vf32 scale =
            fa_vf32_bits_add_shl(fa_vf32_lookup8(fa_lut8_scale_biased_f32, v), v, 20);
        fa_vf32 r8 = fa_vf32_fnma(nk, fa_vf32_set1(0.125f * FA_EXPT_LN2_LO),
                                  fa_vf32_fnma(nk, fa_vf32_set1(0.125f * FA_EXPT_LN2_HI), z));
        if (with_lo) r8 = fa_vf32_add(r8, lo);
        return fa_smx_lut8_finish(r8, scale, v, with_t_lo);
    }
#endif
    fa_vf32 k, t, t_lo;
    fa_vf32 r = fa_simd_exp_table_reduce_f32(z, &k, &t, &t_lo);
    if (with_lo) r = fa_smx_add(r, lo, !with_t_lo);
    const fa_vf32 a = fa_vf32_mul_add(fa_vf32_set1(FA_SMX_C3), r, fa_vf32_set1(FA_SMX_C2));
    const fa_vf32 w = fa_vf32_mul_add(fa_vf32_mul(r, r), a, r); /* e^r - 1 */
    const fa_vf32 e =
        with_t_lo ? fa_vf32_add(t, fa_vf32_mul_add(t, w, t_lo)) : fa_vf32_mul_add(t, w, t);
#if !FA_SIMD_PERMUTE_CHEAP
    /* -158 <= floor(k) <= 0: e 2^(floor(k) + 32) is exact and normal, and
     * 2^-32 rounds it once, as scale2_floor would (AVX2's takes ten operations
     * where this takes five: softmax (1024, 1000) 0.754 -> 0.700 ns/element;
     * AVX2's forward rows now take the 8-entry form above, so this serves
     * NEON and the scalar layer) */
    if (at_most_0) {
        const fa_vf32 s = fa_vf32_add(k, fa_vf32_set1(FA_EXPT_SHIFTER)); /* exact */
        return fa_vf32_mul(fa_vf32_mul(e, fa_vf32_pow2_floor_plus32(k, s)), fa_vf32_set1(0x1p-32f));
    }
#else
    (void)at_most_0;
#endif
    return fa_vf32_scale2_floor(e, k);
}
FA_INLINE fa_vf32 fa_smx_exp_core(fa_vf32 z, fa_vf32 lo, int with_lo, int at_most_0) {
    return fa_smx_exp_core_t(z, lo, with_lo, at_most_0, 1);
}

/* e^(x - m) for negm = -m (see the top of this file) */
FA_INLINE fa_vf32 fa_smx_exp_shifted(fa_vf32 x, fa_vf32 negm) {
    const fa_vf32 clamp = fa_vf32_set1(FA_SMX_CLAMP);
    const fa_vf32 d = fa_vf32_add(x, negm);
    const fa_vf32 bb = fa_vf32_sub(d, x);
    fa_vf32 lo = fa_vf32_add(fa_vf32_sub(x, fa_vf32_sub(d, bb)), fa_vf32_sub(negm, bb));
    lo = fa_vf32_zero_where(fa_vf32_lt(d, clamp), lo);
    return fa_smx_exp_core(fa_vf32_max_keep_nan(clamp, d), lo, 1, 1); /* d <= 0 */
}

/* Rows with FA_SMX_SPLIT_M < |m| <= FA_SMX_CLAMP_X_M (fast FA_SMX_FAST2SUM)
 * clamp x itself, to xlo = m + FA_SMX_CLAMP
 * rounded (|xlo - (m - 109)| <= 2^-4: every d = x - m then lies in
 * [-109.07, 0], where e^d rounds to +0 below -103.9, so the clamped lanes
 * give fa_smx_exp_shifted's +0), one max where d's clamp took three
 * operations; and lo comes from Fast2Sum, ordered by min / max (x <= m, so
 * the larger magnitude of x and -m is the smaller of the two): the same lo
 * as TwoSum in one operation fewer. The same bits as fa_smx_exp_shifted. */
#define FA_SMX_CLAMP_X_M 0x1p20f
FA_INLINE int fa_smx_clamp_x(float m) { return m >= -FA_SMX_CLAMP_X_M && m <= FA_SMX_CLAMP_X_M; }
FA_INLINE fa_vf32 fa_smx_exp_clamped_x(fa_vf32 x, fa_vf32 negm, fa_vf32 xlo, int with_t_lo) {
    const fa_vf32 xc = fa_vf32_max_keep_nan(xlo, x);
    const fa_vf32 d = fa_smx_add(xc, negm, !with_t_lo);
    const fa_vf32 a = fa_vf32_min_keep_nan(negm, xc), b = fa_vf32_max_keep_nan(negm, xc);
    const fa_vf32 lo = fa_smx_sub(b, fa_smx_sub(d, a, !with_t_lo), !with_t_lo);
    return fa_smx_exp_core_t(d, lo, 1, 1, with_t_lo);
}

/* Rows with |m| <= FA_SMX_SPLIT_M (fast FA_SMX_SPLIT_LOG or
 * FA_SMX_SPLIT_SOFTMAX; FA_SMX_BY_FORM says which rows) reduce x - m
 * without the rounded d's compensation: m = mhi + mlo with mhi on the grid
 * of 2^-16 (fa_smx_grid_up; |mlo| < 2^-16, exact), d = xc - m rounded only
 * chooses N = round(16 d / ln2) (k = N/16), and
 *   r = (xc - (mhi + k LN2_HI)) - k LN2_LO - mlo
 * where yN = mhi + k LN2_HI is exact (k LN2_HI is a multiple of 2^-16 of 24
 * bits at most, |yN| <= |m| + 109.2 < 256 = 2^24 2^-16: one fma, one
 * rounding of an exact value), xc - yN is exact where |yN| >= 0.054
 * (Sterbenz: |xc - yN| <= ln2/32 + 2^-17 + 157.4 |LN2_LO| + |mlo| < 0.027)
 * and else rounded at 2^-24 0.027, and the two later steps round values
 * under 0.027 too: r is x - m - k ln2 to 3 2^-24 0.027 = 2^-27.6 absolute
 * (2^-26.8 in AVX2's lut8 form: N = round(8 d / ln2), N LN2_HI/8 a multiple
 * of 2^-15 of 23 bits, |r| <= ln2/16 + 2^-17), small beside T's 2^-24.
 * Fast2Sum (min, max, two subtractions) and r + lo took five operations
 * where mhi + k LN2_HI and mlo take two: 3 a vector fewer. FA_SMX_SPLIT_SOFTMAX:
 * m itself is on the grid (softmax's rows shift by fa_smx_grid_up(max) >=
 * max, whose e^(max - mhi) in (1 - 2^-16, 1] cancels in e / s), mlo = 0
 * and its step dropped: 4 fewer. Not log_softmax's shift: its sum needs the
 * top e = 1 exactly (fa_smx_exp_sum_minus_one), which this keeps (x = m:
 * r = mlo - mlo = 0). Zen 4, one thread, out= given, AVX-512, ns/element
 * against the Fast2Sum form (BENCHMARKS.md, 2026-12-08, session 14, softmax
 * rows): softmax (1024, 1000) 0.332 -> 0.317, (64, 50257) 0.406 -> 0.382,
 * (4096, 128) 0.355 -> 0.351; log_softmax 0.363 -> 0.346, 0.413 -> 0.378,
 * 0.405 -> 0.410 (rows of 128 are not bound by these operations). */
#define FA_SMX_SPLIT_M 146.0f
#define FA_SMX_SPLIT_LOG 1
#define FA_SMX_SPLIT_SOFTMAX 2
#define FA_SMX_FAST2SUM 3
FA_INLINE int fa_smx_split_ok(float m) { return m >= -FA_SMX_SPLIT_M && m <= FA_SMX_SPLIT_M; }
/* the least multiple of 2^-16 >= m, for |m| <= FA_SMX_SPLIT_M (m 2^16 is
 * exact and below 2^23: the shifter rounds it to an integer) */
FA_INLINE float fa_smx_grid_up(float m) {
    const float t = m * 0x1p16f;
    float r = (t + 0x1.8p23f) - 0x1.8p23f;
    if (r < t) r += 1.0f;
    return r * 0x1p-16f;
}
FA_INLINE fa_vf32 fa_smx_exp_split(fa_vf32 x, fa_vf32 negm, fa_vf32 xlo, fa_vf32 mhi, fa_vf32 mlo,
                                   int with_mlo, int with_t_lo) {
    const fa_vf32 xc = fa_vf32_max_keep_nan(xlo, x);
    const fa_vf32 d = fa_vf32_add(xc, negm);
#if FA_SIMD_LAYER_AVX2
    {
        const fa_vf32 shifter = fa_vf32_set1(FA_LUT8_SHIFTER);
        const fa_vf32 v = fa_vf32_fma(d, fa_vf32_set1(FA_LUT8_LOG2E_8), shifter);
        const fa_vf32 nk = fa_vf32_sub(v, shifter);
        const fa_vf32 scale =
            fa_vf32_bits_add_shl(fa_vf32_lookup8(fa_lut8_scale_biased_f32, v), v, 20);
        const fa_vf32 yn = fa_vf32_fma(nk, fa_vf32_set1(0.125f * FA_EXPT_LN2_HI), mhi);
        fa_vf32 r8 = fa_vf32_fnma(nk, fa_vf32_set1(0.125f * FA_EXPT_LN2_LO), fa_vf32_sub(xc, yn));
        if (with_mlo) r8 = fa_vf32_sub(r8, mlo);
        return fa_smx_lut8_finish(r8, scale, v, with_t_lo);
    }
#else
    const fa_vf32 shifter = fa_vf32_set1(FA_EXPT_SHIFTER);
    const fa_vf32 s = fa_vf32_mul_add(d, fa_vf32_set1(FA_EXPT_LOG2E), shifter);
    const fa_vf32 k = fa_vf32_sub(s, shifter);
    const fa_vf32 t = fa_vf32_lookup16(fa_exp_table_hi_f32, s);
    const fa_vf32 yn = fa_vf32_mul_add(k, fa_vf32_set1(FA_EXPT_LN2_HI), mhi); /* exact */
    fa_vf32 r = fa_vf32_nmul_add(k, fa_vf32_set1(FA_EXPT_LN2_LO), fa_vf32_sub(xc, yn));
    if (with_mlo) r = fa_vf32_sub(r, mlo);
    const fa_vf32 a = fa_vf32_mul_add(fa_vf32_set1(FA_SMX_C3), r, fa_vf32_set1(FA_SMX_C2));
    const fa_vf32 w = fa_vf32_mul_add(fa_vf32_mul(r, r), a, r); /* e^r - 1 */
    const fa_vf32 e =
        with_t_lo ? fa_vf32_add(t, fa_vf32_mul_add(t, w, fa_vf32_lookup16(fa_exp_table_lo_f32, s)))
                  : fa_vf32_mul_add(t, w, t);
#if !FA_SIMD_PERMUTE_CHEAP
    {
        const fa_vf32 sk = fa_vf32_add(k, fa_vf32_set1(FA_EXPT_SHIFTER)); /* exact */
        return fa_vf32_mul(fa_vf32_mul(e, fa_vf32_pow2_floor_plus32(k, sk)),
                           fa_vf32_set1(0x1p-32f));
    }
#else
    return fa_vf32_scale2_floor(e, k);
#endif
#endif
}
/* the row's shift: negm = -m, xlo = m + FA_SMX_CLAMP, mhi + mlo = m
 * (fa_smx_exp_split's; softmax's m is on the grid, mlo = 0) */
#define FA_SMX_SHIFT_VECTORS(m)                                                                    \
    const float m_hi_ = fa_smx_split_ok(m) ? fa_smx_grid_up(m) : (m);                              \
    const fa_vf32 negm = fa_vf32_set1(-(m)), xlo = fa_vf32_set1((m) + FA_SMX_CLAMP),               \
                  mhi = fa_vf32_set1(m_hi_), mlo = fa_vf32_set1((m) - m_hi_)
/* e^(x - m) by the form fast (a constant) names: fa_smx_exp_split
 * (FA_SMX_SPLIT_LOG, FA_SMX_SPLIT_SOFTMAX), fa_smx_exp_clamped_x
 * (FA_SMX_FAST2SUM) or fa_smx_exp_shifted (0); FA_SMX_BY_FORM chooses by m */
FA_INLINE fa_vf32 fa_smx_exp_row(fa_vf32 x, fa_vf32 negm, fa_vf32 xlo, fa_vf32 mhi, fa_vf32 mlo,
                                 int fast, int with_t_lo) {
    if (fast == FA_SMX_FAST2SUM) return fa_smx_exp_clamped_x(x, negm, xlo, with_t_lo);
    return fast ? fa_smx_exp_split(x, negm, xlo, mhi, mlo, fast == FA_SMX_SPLIT_LOG, with_t_lo)
                : fa_smx_exp_shifted(x, negm);
}
/* a call of f(m_row, form) in the row's form, form a constant in each: rows
 * with |m| <= FA_SMX_SPLIT_M split (softmax shifted by fa_smx_grid_up(m)),
 * then Fast2Sum up to FA_SMX_CLAMP_X_M, then TwoSum. AVX2's log_softmax
 * keeps Fast2Sum (FA_SMX_LOG_SPLIT 0): split, its rows of 1000 and 128 came
 * out 2% slower in two rounds (0.513 -> 0.525, 0.597 -> 0.611 ns/element;
 * rows of 50257 0.560 -> 0.545), where softmax gained 3-6% */
#if FA_SIMD_LAYER_AVX2
#define FA_SMX_LOG_SPLIT 0
#else
#define FA_SMX_LOG_SPLIT 1
#endif
#define FA_SMX_BY_FORM(m, log, f)                                                                  \
    (fa_smx_split_ok(m) && (!(log) || FA_SMX_LOG_SPLIT)                                            \
         ? ((log) ? f((m), FA_SMX_SPLIT_LOG) : f(fa_smx_grid_up(m), FA_SMX_SPLIT_SOFTMAX))         \
     : fa_smx_clamp_x(m) ? f((m), FA_SMX_FAST2SUM)                                                 \
                         : f((m), 0))

/* e^y for log_softmax's backward (m = 0: d = y exactly, lo = 0), the bits of
 * fa_smx_exp_shifted(y, 0) in 9 operations fewer a vector (its TwoSum, the
 * clamp's mask and the add of lo, which the compiler may not fold: -0 + 0) */
FA_INLINE fa_vf32 fa_smx_exp_of_y(fa_vf32 y) {
    return fa_smx_exp_core(fa_vf32_max_keep_nan(fa_vf32_set1(FA_SMX_CLAMP), y), y, 0, 0);
}

FA_INLINE float fa_smx_row_max(const float *FA_RESTRICT x, size_t n) {
    const fa_vf32 ninf = fa_vf32_set1(-INFINITY);
    fa_vf32 a0 = ninf, a1 = ninf, a2 = ninf, a3 = ninf;
    size_t j = 0;
    for (; j + 4 * FA_SMX_W <= n; j += 4 * FA_SMX_W) {
        a0 = fa_vf32_max_keep_nan(fa_vf32_load(x + j), a0);
        a1 = fa_vf32_max_keep_nan(fa_vf32_load(x + j + FA_SMX_W), a1);
        a2 = fa_vf32_max_keep_nan(fa_vf32_load(x + j + 2 * FA_SMX_W), a2);
        a3 = fa_vf32_max_keep_nan(fa_vf32_load(x + j + 3 * FA_SMX_W), a3);
    }
    for (; j + FA_SMX_W <= n; j += FA_SMX_W) a0 = fa_vf32_max_keep_nan(fa_vf32_load(x + j), a0);
    if (j < n)
        a1 = fa_vf32_max_keep_nan(fa_smx_first_or(fa_vf32_load_first(x + j, n - j), n - j, ninf),
                                  a1);
    a0 = fa_vf32_max_keep_nan(a0, a1);
    a2 = fa_vf32_max_keep_nan(a2, a3);
    a0 = fa_vf32_max_keep_nan(a0, a2);
    /* the lanes' max pairwise (a tree, as fa_smx_total): the same m as one
     * lane after the other (max is exact; the sign of a zero m may differ,
     * which no output shows: x - m is +-0 only beside another zero top
     * entry, so s >= 2). GCC vectorises the tree's first levels. Zen 4, one
     * thread, out= given, AVX-512, ns/element (BENCHMARKS.md, 2026-12-07,
     * session 13, softmax rows): softmax (4096, 128) 0.392 -> 0.363 / 0.393
     * -> 0.373, log_softmax 0.468 -> 0.459 / 0.472 -> 0.460; rows of 512
     * and 1000 within 2% (session 9 measured the same form: 0.395 -> 0.376
     * at 128, but 0.36 -> 0.38 at 512, then with the rows one at a time) */
    float lane[FA_SMX_W];
    fa_vf32_store(lane, a0);
    for (int width = FA_SMX_W / 2; width >= 1; width /= 2)
        for (int k = 0; k < width; k++)
            lane[k] = lane[k + width] > lane[k] ? lane[k + width] : lane[k];
    return lane[0];
}

/* the total of two double vectors' lanes, pairwise in a fixed order */
FA_INLINE double fa_smx_total(fa_vf64 a, fa_vf64 b) {
    double lane[FA_SMX_W64];
    fa_vf64_store(lane, fa_vf64_add(a, b));
    for (int width = FA_SMX_W64 / 2; width >= 1; width /= 2)
        for (int k = 0; k < width; k++) lane[k] += lane[k + width];
    return lane[0];
}

/* softmax's last pass on one vector: y = e c rounded once, c as c_hi + c_lo
 * where exact (fa_smx_row_finish says which rows), else e c_hi */
FA_INLINE fa_vf32 fa_smx_scaled(fa_vf32 e, fa_vf32 c_hi, fa_vf32 c_lo, int exact) {
    return exact ? fa_vf32_fma(e, c_hi, fa_vf32_mul(e, c_lo)) : fa_vf32_mul(e, c_hi);
}

/* y = e^(x - m); returns the sum s of the e (fast: fa_smx_exp_row's, a
 * constant). prev (NULL: none): the e of the row before, of the same n, scaled
 * here by its c_prev = 1/s (fa_smx_scaled, exact by n) beside this row's exp
 * (kernels/axis_dtype.inc's fa_simd_softmax_fused_f32 says why) */
FA_INLINE double fa_smx_exp_sum_at(const float *FA_RESTRICT x, float *FA_RESTRICT y, size_t n,
                                   float m, int fast, const float *next_x, const float *next_y,
                                   float *FA_RESTRICT prev, double c_prev) {
    FA_SMX_SHIFT_VECTORS(m);
    const int exact = n > FA_SMX_EXACT_C_MIN;
    const float c_hi = (float)c_prev;
    const fa_vf32 vc = fa_vf32_set1(c_hi), vc_lo = fa_vf32_set1((float)(c_prev - (double)c_hi));
    fa_vf64 s0 = fa_vf64_set1(0.0), s1 = fa_vf64_set1(0.0);
    size_t j = 0;
    /* two vectors' e added in float first: their widening and double adds
     * serve 32 elements (rows of 1000: 0.445 -> 0.40 ns/el, Zen 4) */
    for (; j + 2 * FA_SMX_W <= n; j += 2 * FA_SMX_W) {
        const fa_vf32 e0 = fa_smx_exp_row(fa_vf32_load(x + j), negm, xlo, mhi, mlo, fast, 1);
        const fa_vf32 e1 =
            fa_smx_exp_row(fa_vf32_load(x + j + FA_SMX_W), negm, xlo, mhi, mlo, fast, 1);
        fa_vf32_store(y + j, e0);
        fa_vf32_store(y + j + FA_SMX_W, e1);
        if (next_x != NULL) fa_smx_prefetch_next(next_x, next_y, 4 * j, 8 * FA_SMX_W);
        if (prev != NULL) {
            fa_vf32_store(prev + j, fa_smx_scaled(fa_vf32_load(prev + j), vc, vc_lo, exact));
            fa_vf32_store(prev + j + FA_SMX_W,
                          fa_smx_scaled(fa_vf32_load(prev + j + FA_SMX_W), vc, vc_lo, exact));
        }
        const fa_vf32 e = fa_vf32_add(e0, e1);
        s0 = fa_vf64_add(s0, fa_vf32_widen_lo(e));
        s1 = fa_vf64_add(s1, fa_vf32_widen_hi(e));
    }
    if (prev != NULL) {
        size_t i = j;
        for (; i + FA_SMX_W <= n; i += FA_SMX_W)
            fa_vf32_store(prev + i, fa_smx_scaled(fa_vf32_load(prev + i), vc, vc_lo, exact));
        if (i < n)
            fa_vf32_store_first(
                prev + i, fa_smx_scaled(fa_vf32_load_first(prev + i, n - i), vc, vc_lo, exact),
                n - i);
    }
    for (; j + FA_SMX_W <= n; j += FA_SMX_W) {
        const fa_vf32 e = fa_smx_exp_row(fa_vf32_load(x + j), negm, xlo, mhi, mlo, fast, 1);
        fa_vf32_store(y + j, e);
        s0 = fa_vf64_add(s0, fa_vf32_widen_lo(e));
        s1 = fa_vf64_add(s1, fa_vf32_widen_hi(e));
    }
    if (j < n) {
        const size_t rem = n - j;
        fa_vf32 e = fa_smx_exp_row(fa_vf32_load_first(x + j, rem), negm, xlo, mhi, mlo, fast, 1);
        e = fa_smx_first_or(e, rem, fa_vf32_set1(0.0f));
        fa_vf32_store_first(y + j, e, rem);
        s0 = fa_vf64_add(s0, fa_vf32_widen_lo(e));
        s1 = fa_vf64_add(s1, fa_vf32_widen_hi(e));
    }
    return fa_smx_total(s0, s1);
}
FA_INLINE double fa_smx_exp_sum(const float *FA_RESTRICT x, float *FA_RESTRICT y, size_t n, float m,
                                const float *next_x, const float *next_y) {
#define FA_SMX_F(mm, form) fa_smx_exp_sum_at(x, y, n, mm, form, next_x, next_y, NULL, 0.0)
    return FA_SMX_BY_FORM(m, 0, FA_SMX_F);
#undef FA_SMX_F
}
/* fa_smx_exp_sum, scaling prev (the row before's e) by c_prev as it goes */
FA_INLINE double fa_smx_exp_sum_scaling(const float *FA_RESTRICT x, float *FA_RESTRICT y, size_t n,
                                        float m, const float *next_x, const float *next_y,
                                        float *FA_RESTRICT prev, double c_prev) {
#define FA_SMX_F(mm, form) fa_smx_exp_sum_at(x, y, n, mm, form, next_x, next_y, prev, c_prev)
    return FA_SMX_BY_FORM(m, 0, FA_SMX_F);
#undef FA_SMX_F
}

/* s - 1 for log_softmax, with relative accuracy however small it is: a sum
 * that holds the top e = 1 has only 2^-53 absolute accuracy (s = 1 + 1e-12
 * keeps 4 digits of s - 1; test_log_softmax_top_element_keeps_relative_accuracy).
 * Each e > 1/2 joins as e - 1 (exact, Sterbenz) and is counted (in float
 * lanes, exact below 2^24 a lane), so the top element adds exactly 0 and
 *   s - 1 = sum(v) + (count - 1),  |error| <= (n/W + log2 W + 1) 2^-53 sum|v|,
 * sum|v| = s - 1 where only the top is >= 1/2, and <= n otherwise (then
 * s - 1 >= 1/2). Three operations a vector more than the plain sum. */
FA_INLINE void fa_smx_add_split(fa_vf32 e, fa_vf64 *s0, fa_vf64 *s1, fa_vf32 *count) {
    /* e in [0, 1] rounded to the nearest integer: 1 for e > 1/2 (e - 1 exact),
     * 0 below and at 1/2 (ties to even); NaN stays NaN. One operation where
     * the compare and select took two. */
    const fa_vf32 big = fa_vf32_round(e);
    const fa_vf32 v = fa_vf32_sub(e, big);
    *count = fa_vf32_add(*count, big);
    *s0 = fa_vf64_add(*s0, fa_vf32_widen_lo(v));
    *s1 = fa_vf64_add(*s1, fa_vf32_widen_hi(v));
}
/* count's float lanes are exact below 2^24: they join the double total every
 * FA_SMX_COUNT_BLOCK vectors (a row of 2^29 equal entries counted 2^24 a lane
 * and gave log_softmax -19.41 for -log(2^29) = -20.10) */
#define FA_SMX_COUNT_BLOCK ((size_t)1 << 20)
/* d = x - m (rounded) is stored as it goes where d is not NULL (rows longer
 * than FA_SMX_KEEP_D): the last pass takes y = d - shift from it, and y is
 * first written here, beside the reads of x, as softmax's e are. Written only
 * in the last pass, a long row's log_softmax took 2-5x softmax's time (2^31
 * elements: 21.7 s against 4.4 s): all of it system time faulting in the new
 * y's pages (the same two reads of x then a write, in NumPy alone, shows it
 * too; 1e9 floats, this KVM guest: 2.4 s of system time against 0.4 when y is
 * first written in the second pass). Rows of 50257 gain too (the last pass
 * reads back y from L2: 0.80 -> 0.58 ns/element); rows of 1000 lose 3% (the
 * extra store), so short rows take x - m again in the last pass. */
#define FA_SMX_KEEP_D 4096
/* log_softmax's last pass on one vector of the row before (prev_x, prev_y at
 * the same offset): y = d - c from its stored d (keep_d), else (x - m) - c:
 * the same bits either way (x - m = x + (-m)) */
FA_INLINE void fa_smx_log_end_vector(const float *FA_RESTRICT px, float *FA_RESTRICT py, fa_vf32 vm,
                                     fa_vf32 vc, int keep_d) {
    const fa_vf32 d = keep_d ? fa_vf32_load(py) : fa_smx_sub(fa_vf32_load(px), vm, 1);
    fa_vf32_store(py, fa_smx_sub(d, vc, 1));
}
/* prev_y (NULL: none): the row before, of the same n, whose last pass
 * (fa_smx_log_end_vector, by its max m_prev and constant c_prev) runs here
 * beside this row's exp, but for its last partial vector (the caller's) */
FA_INLINE double fa_smx_exp_sum_minus_one_at(const float *FA_RESTRICT x, float *FA_RESTRICT d,
                                             size_t n, float m, int fast, const float *next_x,
                                             const float *next_y, const float *prev_x,
                                             float *FA_RESTRICT prev_y, float m_prev,
                                             float c_prev) {
    FA_SMX_SHIFT_VECTORS(m);
    const fa_vf32 vm_prev = fa_vf32_set1(m_prev), vc_prev = fa_vf32_set1(c_prev);
    const int keep_d = d != NULL;
    fa_vf64 s0 = fa_vf64_set1(0.0), s1 = fa_vf64_set1(0.0);
    double counted = 0.0;
    size_t j = 0;
    while (j + FA_SMX_W <= n) {
        const size_t block_end =
            n - j > FA_SMX_COUNT_BLOCK * FA_SMX_W ? j + FA_SMX_COUNT_BLOCK * FA_SMX_W : n;
        fa_vf32 count = fa_vf32_set1(0.0f);
        for (; j + 2 * FA_SMX_W <= block_end; j += 2 * FA_SMX_W) {
            const fa_vf32 x0 = fa_vf32_load(x + j), x1 = fa_vf32_load(x + j + FA_SMX_W);
            if (d != NULL) {
                fa_vf32_store(d + j, fa_vf32_add(x0, negm));
                fa_vf32_store(d + j + FA_SMX_W, fa_vf32_add(x1, negm));
            }
            if (next_x != NULL) fa_smx_prefetch_next(next_x, next_y, 4 * j, 8 * FA_SMX_W);
            if (prev_y != NULL) {
                fa_smx_log_end_vector(prev_x + j, prev_y + j, vm_prev, vc_prev, keep_d);
                fa_smx_log_end_vector(prev_x + j + FA_SMX_W, prev_y + j + FA_SMX_W, vm_prev,
                                      vc_prev, keep_d);
            }
            const fa_vf32 e0 = fa_smx_exp_row(x0, negm, xlo, mhi, mlo, fast, 0);
            const fa_vf32 e1 = fa_smx_exp_row(x1, negm, xlo, mhi, mlo, fast, 0);
            const fa_vf32 b0 = fa_vf32_round(e0), b1 = fa_vf32_round(e1);
            count = fa_vf32_add(count, fa_vf32_add(b0, b1));
            const fa_vf32 v = fa_vf32_add(fa_vf32_sub(e0, b0), fa_vf32_sub(e1, b1));
            s0 = fa_vf64_add(s0, fa_vf32_widen_lo(v));
            s1 = fa_vf64_add(s1, fa_vf32_widen_hi(v));
        }
        for (; j + FA_SMX_W <= block_end; j += FA_SMX_W) {
            const fa_vf32 vx = fa_vf32_load(x + j);
            if (d != NULL) fa_vf32_store(d + j, fa_vf32_add(vx, negm));
            if (prev_y != NULL)
                fa_smx_log_end_vector(prev_x + j, prev_y + j, vm_prev, vc_prev, keep_d);
            fa_smx_add_split(fa_smx_exp_row(vx, negm, xlo, mhi, mlo, fast, 0), &s0, &s1, &count);
        }
        counted += fa_smx_total(fa_vf32_widen_lo(count), fa_vf32_widen_hi(count));
    }
    if (j < n) {
        const size_t rem = n - j;
        fa_vf32 count = fa_vf32_set1(0.0f);
        const fa_vf32 vx = fa_vf32_load_first(x + j, rem);
        if (d != NULL) fa_vf32_store_first(d + j, fa_vf32_add(vx, negm), rem);
        fa_vf32 e = fa_smx_exp_row(vx, negm, xlo, mhi, mlo, fast, 0);
        e = fa_smx_first_or(e, rem, fa_vf32_set1(0.0f));
        fa_smx_add_split(e, &s0, &s1, &count);
        counted += fa_smx_total(fa_vf32_widen_lo(count), fa_vf32_widen_hi(count));
    }
    return fa_smx_total(s0, s1) + (counted - 1.0);
}
FA_INLINE double fa_smx_exp_sum_minus_one(const float *FA_RESTRICT x, float *FA_RESTRICT d,
                                          size_t n, float m, const float *next_x,
                                          const float *next_y) {
#define FA_SMX_F(mm, form)                                                                         \
    fa_smx_exp_sum_minus_one_at(x, d, n, mm, form, next_x, next_y, NULL, NULL, 0.0f, 0.0f)
    return FA_SMX_BY_FORM(m, 1, FA_SMX_F);
#undef FA_SMX_F
}
/* fa_smx_exp_sum_minus_one, with the row before's last pass but its last
 * partial vector (prev_x, prev_y: max m_prev, constant c_prev) as it goes */
FA_INLINE double fa_smx_exp_sum_minus_one_ending(const float *FA_RESTRICT x, float *FA_RESTRICT d,
                                                 size_t n, float m, const float *next_x,
                                                 const float *next_y, const float *prev_x,
                                                 float *FA_RESTRICT prev_y, float m_prev,
                                                 float c_prev) {
#define FA_SMX_F(mm, form)                                                                         \
    fa_smx_exp_sum_minus_one_at(x, d, n, mm, form, next_x, next_y, prev_x, prev_y, m_prev, c_prev)
    return FA_SMX_BY_FORM(m, 1, FA_SMX_F);
#undef FA_SMX_F
}

/* s - 1 for log_softmax's rows of up to FA_SMX_KEEP_D (y not written) from
 * the plain sum of e, each vector widened (exact) into four double lanes: the
 * sum's error is at most (n/W + log2 W + 2) 2^-53 s (<= 2^-47.7 s at n = 512,
 * W = 16; 2^-46.9 at W = 8; <= 2^-45.0 s at n = 4096, W = 16, 2^-44.0 at
 * W = 8), which where s >= FA_SMX_PLAIN_MIN = 1 + 2^-16 is at most 2^-28.0
 * (s - 1) relative (2^-30.8 at n = 512): below float's 2^-24 by far, and
 * below the split sum's, whose float pairs of e - round(e) round once more
 * (2^-24 (s - 1) at most: rows of 1000 N(0, 4) 1.21 -> 1.11 ULP, AVX-512,
 * benchmarks/softmax_ulp.py). The split
 * and count of fa_smx_exp_sum_minus_one (three operations a vector and the
 * count's reduction) are saved; rows with s below it (every other element
 * under ~e^-16 of the top) are summed again, split. e as
 * fa_smx_exp_sum_minus_one takes them (T_j rounded to float; the top e = 1
 * exactly in both). */
#define FA_SMX_PLAIN_MIN (1.0 + 0x1p-16)
/* prev_y (NULL: none) and next_x as fa_smx_exp_sum_minus_one_at's: the row
 * before's last pass, but for its last partial vector, beside this row's exp */
FA_INLINE double fa_smx_exp_sum_plain_at(const float *FA_RESTRICT x, size_t n, float m, int fast,
                                         const float *next_x, const float *next_y,
                                         const float *prev_x, float *FA_RESTRICT prev_y,
                                         float m_prev, float c_prev) {
    FA_SMX_SHIFT_VECTORS(m);
    const fa_vf32 vm_prev = fa_vf32_set1(m_prev), vc_prev = fa_vf32_set1(c_prev);
    fa_vf64 s0 = fa_vf64_set1(0.0), s1 = s0, s2 = s0, s3 = s0;
    size_t j = 0;
    for (; j + 2 * FA_SMX_W <= n; j += 2 * FA_SMX_W) {
        const fa_vf32 x0 = fa_vf32_load(x + j), x1 = fa_vf32_load(x + j + FA_SMX_W);
        if (next_x != NULL) fa_smx_prefetch_next(next_x, next_y, 4 * j, 8 * FA_SMX_W);
        if (prev_y != NULL) {
            fa_smx_log_end_vector(prev_x + j, prev_y + j, vm_prev, vc_prev, 0);
            fa_smx_log_end_vector(prev_x + j + FA_SMX_W, prev_y + j + FA_SMX_W, vm_prev, vc_prev,
                                  0);
        }
        const fa_vf32 e0 = fa_smx_exp_row(x0, negm, xlo, mhi, mlo, fast, 0);
        const fa_vf32 e1 = fa_smx_exp_row(x1, negm, xlo, mhi, mlo, fast, 0);
        s0 = fa_vf64_add(s0, fa_vf32_widen_lo(e0));
        s1 = fa_vf64_add(s1, fa_vf32_widen_hi(e0));
        s2 = fa_vf64_add(s2, fa_vf32_widen_lo(e1));
        s3 = fa_vf64_add(s3, fa_vf32_widen_hi(e1));
    }
    if (j + FA_SMX_W <= n) {
        if (prev_y != NULL) fa_smx_log_end_vector(prev_x + j, prev_y + j, vm_prev, vc_prev, 0);
        const fa_vf32 e = fa_smx_exp_row(fa_vf32_load(x + j), negm, xlo, mhi, mlo, fast, 0);
        s0 = fa_vf64_add(s0, fa_vf32_widen_lo(e));
        s1 = fa_vf64_add(s1, fa_vf32_widen_hi(e));
        j += FA_SMX_W;
    }
    if (j < n) {
        const size_t rem = n - j;
        fa_vf32 e = fa_smx_exp_row(fa_vf32_load_first(x + j, rem), negm, xlo, mhi, mlo, fast, 0);
        e = fa_smx_first_or(e, rem, fa_vf32_set1(0.0f));
        s2 = fa_vf64_add(s2, fa_vf32_widen_lo(e));
        s3 = fa_vf64_add(s3, fa_vf32_widen_hi(e));
    }
    return fa_smx_total(fa_vf64_add(s0, s2), fa_vf64_add(s1, s3));
}
/* s - 1 of a short log_softmax row (n <= 512: y is not written);
 * kernels/axis_dtype.inc's skewed rows take it for log_variant
 * FA_SMX_LOG_PLAIN_SUM. Zen 4, one thread, out= given, ns/element (4096, 128)
 * AVX-512 0.486 -> 0.474, AVX2 0.660 -> 0.627; (8192, 64) 0.644 -> 0.589,
 * 0.780 -> 0.732 (beside the skewed rows). With FA_SMX_PLAIN_MIN 1.5 rather
 * than 1 + 2^-16, 31% of those rows (x ~ 4 N(0, 1)) were summed twice: 8-17%
 * slower than before. */
#define FA_SMX_LOG_PLAIN_SUM 2
FA_INLINE double fa_smx_exp_sum_minus_one_short(const float *FA_RESTRICT x, size_t n, float m) {
#define FA_SMX_F(mm, form)                                                                         \
    fa_smx_exp_sum_plain_at(x, n, mm, form, NULL, NULL, NULL, NULL, 0.0f, 0.0f)
    const double s = FA_SMX_BY_FORM(m, 1, FA_SMX_F);
#undef FA_SMX_F
    if (s >= FA_SMX_PLAIN_MIN) return s - 1.0;
    return fa_smx_exp_sum_minus_one(x, NULL, n, m, NULL, NULL);
}
/* s - 1 of a log_softmax row of up to FA_SMX_KEEP_D (y not written) from
 * the plain sum, with the row before's last pass but its last partial vector
 * (fa_smx_exp_sum_minus_one_ending's) as it goes (prev_y NULL: none): rows of
 * 513 .. FA_SMX_KEEP_D (fa_smx_row_sum; AVX-512's fused rows), where the split
 * sum took them before. Zen 4, one thread, out= given, ns/element,
 * log_softmax (1024, 1000) AVX-512 0.389 -> 0.368, AVX2 0.527 -> 0.510;
 * (700, 777) 0.400 -> 0.377, 0.554 -> 0.527 (BENCHMARKS.md, 2026-12-07,
 * session 12, log_softmax rows) */
FA_INLINE double fa_smx_exp_sum_minus_one_plain_ending(const float *FA_RESTRICT x, size_t n,
                                                       float m, const float *next_x,
                                                       const float *next_y, const float *prev_x,
                                                       float *FA_RESTRICT prev_y, float m_prev,
                                                       float c_prev) {
#define FA_SMX_F(mm, form)                                                                         \
    fa_smx_exp_sum_plain_at(x, n, mm, form, next_x, next_y, prev_x, prev_y, m_prev, c_prev)
    const double s = FA_SMX_BY_FORM(m, 1, FA_SMX_F);
#undef FA_SMX_F
    if (s >= FA_SMX_PLAIN_MIN) return s - 1.0;
    return fa_smx_exp_sum_minus_one(x, NULL, n, m, NULL, NULL);
}

/* A row of softmax (log_variant 0) or log_softmax (1), n >= 1, in three
 * steps, given its max m = fa_smx_row_max(x, n) (the caller takes rows with
 * m = +inf apart); kernels/axis_dtype.inc skews the steps of short rows
 * (fa_smx_batch) across rows. y may not alias x.
 * 1. softmax: y = e, returns s; log_softmax: returns s - 1 (and y = x - m
 *    in rows longer than FA_SMX_KEEP_D); next_x, next_y: the next row of n
 *    (NULL: none, or rows in a batch), asked for as it goes */
FA_INLINE double fa_smx_row_sum(const float *FA_RESTRICT x, float *FA_RESTRICT y, size_t n, float m,
                                int log_variant, const float *next_x, const float *next_y) {
    if (!log_variant) return fa_smx_exp_sum(x, y, n, m, next_x, next_y);
    if (n > FA_SMX_KEEP_D) return fa_smx_exp_sum_minus_one(x, y, n, m, next_x, next_y);
    return fa_smx_exp_sum_minus_one_plain_ending(x, n, m, next_x, next_y, NULL, NULL, 0.0f, 0.0f);
}
/* 2. the row's constant: log(s) = log1p(s - 1) rounded to float, or 1/s in
 * double (a caller may round it to float: fa_smx_row_finish's c_lo is then 0) */
/* log1p(t) for t = s - 1 >= 0 (or NaN), to 2^-39.5 relative (measured; the
 * series' truncation is 2^-39.9): enough for a result rounded to float, in
 * about half vecmath's fa_log1p_f64 operations (its hi/lo compensation and its
 * longer polynomial serve double results): log_softmax rows of 128 0.53 ->
 * 0.52 ns/element (Zen 4). 1 + t = u + c, u = 2^k m with m in [sqrt(1/2),
 * sqrt(2)), f = m - 1 + c 2^-k; log(1 + f) = 2 atanh(q), q = f / (2 + f),
 * q^2 <= 0.0295, as 2q + q^3 (2/3 + 2/5 q^2 + ... + 2/13 q^10); k >= 0, so
 * k ln2 + log(1 + f) does not cancel (log(1 + f) >= -0.347). t = 0 gives +0. */
FA_INLINE double fa_smx_log1p_for_float(double t) {
    const double u = 1.0 + t;
    const double c = (1.0 - u) + t; /* exact for t <= 1; for t > 1 |c| <= ulp(u) */
    const uint64_t iu = fa_bits_f64(u);
    const uint64_t kb = (iu + (0x3ff0000000000000ull - 0x3fe6a09e667f3bcdull)) >> 52;
    const double m = fa_from_bits_f64(iu - (kb << 52) + 0x3ff0000000000000ull);
    const double kf = fa_from_bits_f64(0x4330000000000000ull | kb) - 0x1.00000000003ffp+52;
    const double f = (m - 1.0) + c * fa_from_bits_f64(((2046u - kb) & 0x7ffu) << 52);
    const double q = f / (2.0 + f), z = q * q;
    double r = 0x1.3b13b13b13b14p-3; /* 2/13 */
    r = r * z + 0x1.745d1745d1746p-3; /* 2/11 */
    r = r * z + 0x1.c71c71c71c71cp-3; /* 2/9 */
    r = r * z + 0x1.2492492492492p-2; /* 2/7 */
    r = r * z + 0x1.999999999999ap-2; /* 2/5 */
    r = r * z + 0x1.5555555555555p-1; /* 2/3 */
    return kf * 0x1.62e42fefa39efp-1 + (2.0 * q + q * (z * r));
}
FA_INLINE double fa_smx_row_constant(double s, int log_variant) {
    return log_variant ? (double)(float)fa_smx_log1p_for_float(s) : 1.0 / s;
}
/* 3. log_softmax: y = (x - m) - c, each difference rounded once; softmax in
 * rows longer than FA_SMX_EXACT_C_MIN: y = e c rounded once, c as c_hi + c_lo
 * (two floats, 2^-48 relative): fma(e, c_hi, e c_lo), where e (float) c took
 * 1/s's rounding to float too (half an ULP, which the sum's float pairs
 * spent); shorter rows keep e (float) c: the extra steps cost rows of 128
 * 0.47 -> 0.51 ns/element (rows of 1000: nothing measurable) */
FA_INLINE void fa_smx_row_finish(const float *FA_RESTRICT x, float *FA_RESTRICT y, size_t n,
                                 float m, double c, int log_variant) {
    const float c_hi = (float)c;
    const fa_vf32 vc = fa_vf32_set1(c_hi), vm = fa_vf32_set1(m);
    size_t j = 0;
    if (log_variant && n > FA_SMX_KEEP_D) {
        for (; j + FA_SMX_W <= n; j += FA_SMX_W)
            fa_vf32_store(y + j, fa_vf32_sub(fa_vf32_load(y + j), vc));
        if (j < n)
            fa_vf32_store_first(y + j, fa_vf32_sub(fa_vf32_load_first(y + j, n - j), vc), n - j);
    } else if (log_variant) {
        for (; j + FA_SMX_W <= n; j += FA_SMX_W)
            fa_vf32_store(y + j, fa_smx_sub(fa_smx_sub(fa_vf32_load(x + j), vm, 1), vc, 1));
        if (j < n)
            fa_vf32_store_first(
                y + j, fa_vf32_sub(fa_vf32_sub(fa_vf32_load_first(x + j, n - j), vm), vc), n - j);
    } else if (n <= FA_SMX_EXACT_C_MIN) {
        for (; j + FA_SMX_W <= n; j += FA_SMX_W)
            fa_vf32_store(y + j, fa_vf32_mul(fa_vf32_load(y + j), vc));
        if (j < n)
            fa_vf32_store_first(y + j, fa_vf32_mul(fa_vf32_load_first(y + j, n - j), vc), n - j);
    } else {
        const fa_vf32 vc_lo = fa_vf32_set1((float)(c - (double)c_hi));
        for (; j + FA_SMX_W <= n; j += FA_SMX_W) {
            const fa_vf32 e = fa_vf32_load(y + j);
            fa_vf32_store(y + j, fa_vf32_fma(e, vc, fa_vf32_mul(e, vc_lo)));
        }
        if (j < n) {
            const fa_vf32 e = fa_vf32_load_first(y + j, n - j);
            fa_vf32_store_first(y + j, fa_vf32_fma(e, vc, fa_vf32_mul(e, vc_lo)), n - j);
        }
    }
}
/* whether rows of n are short: backward rows go FA_SMX_BATCH at a time (the
 * rows of a batch overlap their serial ends, the lane reductions, where one
 * row at a time waited on them), forward rows skewed (kernels/axis_dtype.inc:
 * fa_simd_softmax_skewed_f32). Measured in batches (benchmarks/ab_softmax.py,
 * Zen 4, rows of 128): log_softmax forward 0.80 -> 0.69 ns/element, its
 * backward 0.43 -> 0.33, softmax backward 0.22 -> 0.16; rows of 1000 in pairs
 * gained nothing (log_softmax backward lost 25%) */
#define FA_SMX_BATCH 4
FA_INLINE int fa_smx_batch(size_t n) { return n <= 512; }

/* ---- backward rows (inner == 1) ------------------------------------------
 * softmax from y:     dx = y (dy - sum(dy y))
 * log_softmax from y: dx = dy - e^y sum(dy)
 * The sums as fa_smx_dot says, in the row's order from its start; e^y by the table exp above
 * (fa_smx_exp_of_y: m = 0, so d = y with lo = 0; ~1 ULP where vecmath's exp took ~1; where
 * the permute is dear, blocks of y <= 0 by the at_most_0 exp: FA_SMX_LOG_Y_BLOCKS). */
/* acc += a b over the two halves of float vectors widened (b NULL: acc += a) */
FA_INLINE void fa_smx_dot_step(fa_vf32 va, const float *FA_RESTRICT b, fa_vf64 *lo, fa_vf64 *hi) {
    if (b == NULL) {
        *lo = fa_vf64_add(*lo, fa_vf32_widen_lo(va));
        *hi = fa_vf64_add(*hi, fa_vf32_widen_hi(va));
    } else {
        const fa_vf32 vb = fa_vf32_load(b);
        *lo = fa_vf64_mul_add(fa_vf32_widen_lo(va), fa_vf32_widen_lo(vb), *lo);
        *hi = fa_vf64_mul_add(fa_vf32_widen_hi(va), fa_vf32_widen_hi(vb), *hi);
    }
}

/* a0 b0 + a1 b1 over two vectors, in float (b NULL: a0 + a1): two roundings
 * a lane, |error| <= 2 u (|a0 b0| + |a1 b1|) (u = 2^-24), then widened */
FA_INLINE fa_vf32 fa_smx_pair(const float *FA_RESTRICT a, const float *FA_RESTRICT b) {
    const fa_vf32 a0 = fa_vf32_load(a), a1 = fa_vf32_load(a + FA_SMX_W);
    if (b == NULL) return fa_vf32_add(a0, a1);
    return fa_vf32_mul_add(a1, fa_vf32_load(b + FA_SMX_W), fa_vf32_mul(a0, fa_vf32_load(b)));
}

/* sum of a b (b NULL: of a). Pairs of products in float, their sums in
 * float64 lanes: |error| <= 2 u sum |a b| + (n/(2W) + log2 W + 2) 2^-53 sum |a b|,
 * so softmax's dx = y (dy - dot) is within ~4 eps of y (|dy| + sum |dy y|)
 * (test_oracle: 8). Widening every product (4 conversions and 2 double fma a
 * vector, against 1 + 1 here) made the backward row twice torch's
 * instructions. Four vectors a step (fa_smx_dot4) into four accumulators: a
 * row of 128 is a chain of 2 dependent adds per accumulator; fa_smx_dot_end
 * takes the rest of the row from j on. */
typedef struct {
    fa_vf64 s0, s1, s2, s3;
} fa_smx_acc;

FA_INLINE void fa_smx_dot4(const float *FA_RESTRICT a, const float *FA_RESTRICT b,
                           fa_smx_acc *acc) {
    const fa_vf32 p = fa_smx_pair(a, b);
    const fa_vf32 q = fa_smx_pair(a + 2 * FA_SMX_W, b == NULL ? NULL : b + 2 * FA_SMX_W);
    acc->s0 = fa_vf64_add(acc->s0, fa_vf32_widen_lo(p));
    acc->s1 = fa_vf64_add(acc->s1, fa_vf32_widen_hi(p));
    acc->s2 = fa_vf64_add(acc->s2, fa_vf32_widen_lo(q));
    acc->s3 = fa_vf64_add(acc->s3, fa_vf32_widen_hi(q));
}

FA_INLINE double fa_smx_dot_end(const float *FA_RESTRICT a, const float *FA_RESTRICT b, size_t n,
                                size_t j, fa_smx_acc acc) {
    for (; j + 4 * FA_SMX_W <= n; j += 4 * FA_SMX_W)
        fa_smx_dot4(a + j, b == NULL ? NULL : b + j, &acc);
    if (j + 2 * FA_SMX_W <= n) {
        const fa_vf32 p = fa_smx_pair(a + j, b == NULL ? NULL : b + j);
        acc.s0 = fa_vf64_add(acc.s0, fa_vf32_widen_lo(p));
        acc.s1 = fa_vf64_add(acc.s1, fa_vf32_widen_hi(p));
        j += 2 * FA_SMX_W;
    }
    if (j + FA_SMX_W <= n) {
        fa_smx_dot_step(fa_vf32_load(a + j), b == NULL ? NULL : b + j, &acc.s2, &acc.s3);
        j += FA_SMX_W;
    }
    if (j < n) { /* the lanes beyond read as 0 */
        const fa_vf32 va = fa_vf32_load_first(a + j, n - j);
        const fa_vf32 vb = b == NULL ? fa_vf32_set1(1.0f) : fa_vf32_load_first(b + j, n - j);
        acc.s2 = fa_vf64_mul_add(fa_vf32_widen_lo(va), fa_vf32_widen_lo(vb), acc.s2);
        acc.s3 = fa_vf64_mul_add(fa_vf32_widen_hi(va), fa_vf32_widen_hi(vb), acc.s3);
    }
    return fa_smx_total(fa_vf64_add(acc.s0, acc.s2), fa_vf64_add(acc.s1, acc.s3));
}

FA_INLINE fa_smx_acc fa_smx_acc_zero(void) {
    const fa_vf64 z = fa_vf64_set1(0.0);
    const fa_smx_acc acc = {z, z, z, z};
    return acc;
}

FA_INLINE double fa_smx_dot(const float *FA_RESTRICT a, const float *FA_RESTRICT b, size_t n) {
    return fa_smx_dot_end(a, b, n, 0, fa_smx_acc_zero());
}

/* fa_smx_dot of w <= FA_SMX_W columns at once, without gathering them: column
 * c of a (of b; NULL: sums of a) is a[j s + c] for j < n; t[c] =
 * fa_smx_dot(column c of a, column c of b, n). Each element meets the very
 * operations fa_smx_dot applies to it (the row's lane l is here an
 * accumulator per column, the vectors run across the columns; the masked last
 * vector's lanes past n add +0 to sums that are never -0 there, so they are
 * skipped; the lanes then joined by fa_smx_total), so the same bits: a
 * strided axis's backward sums (kernels/axis_dtype.inc softmax_backward_any)
 * read dy and y in place, where gathering them into rows and scattering dx
 * back took float32 softmax at axis 0 of (1000, 1000) to 0.78 ns/element
 * against 0.36 now (AVX-512, BENCHMARKS.md 2026-12-07 session 11,
 * h11-stridedbwd). A change to fa_smx_dot's order must be made here too
 * (tests/test_axis_layout_bits.py's test_backward_sums_in_the_rows_order). */
FA_INLINE fa_vf32 fa_smx_col_load(const float *FA_RESTRICT p, size_t w) {
    return w == FA_SMX_W ? fa_vf32_load(p) : fa_vf32_load_first(p, w);
}
/* fa_smx_pair across columns: rows r and r + FA_SMX_W */
FA_INLINE fa_vf32 fa_smx_pair_columns(const float *FA_RESTRICT a, const float *FA_RESTRICT b,
                                      size_t s, size_t w) {
    const fa_vf32 a0 = fa_smx_col_load(a, w), a1 = fa_smx_col_load(a + FA_SMX_W * s, w);
    if (b == NULL) return fa_vf32_add(a0, a1);
    return fa_vf32_mul_add(a1, fa_smx_col_load(b + FA_SMX_W * s, w),
                           fa_vf32_mul(a0, fa_smx_col_load(b, w)));
}
/* the most columns fa_smx_dot_columns takes at once (its accumulators: 2
 * FA_SMX_W of them a column, 8 KiB for 32 columns) */
#define FA_SMX_DOT_COLUMNS 32
static void fa_smx_dot_columns(const float *FA_RESTRICT a, const float *FA_RESTRICT b, size_t n,
                               size_t s, size_t w, double *FA_RESTRICT t) {
    enum { W = FA_SMX_W, H = FA_SMX_W64, K = (FA_SMX_DOT_COLUMNS + W - 1) / W };
    /* [s0 s1 | s2 s3][row lane l][W columns k][their halves] */
    fa_vf64 acc[2][W][K][2];
    const size_t kn = (w + W - 1) / W;
    for (int l = 0; l < W; l++)
        for (size_t k = 0; k < kn; k++)
            acc[0][l][k][0] = acc[0][l][k][1] = acc[1][l][k][0] = acc[1][l][k][1] =
                fa_vf64_set1(0.0);
#define FA_SMX_COL_ADD(g, l, k, v)                                                                 \
    do {                                                                                           \
        acc[g][l][k][0] = fa_vf64_add(acc[g][l][k][0], fa_vf32_widen_lo(v));                       \
        acc[g][l][k][1] = fa_vf64_add(acc[g][l][k][1], fa_vf32_widen_hi(v));                       \
    } while (0)
/* acc[1][l][k] += va vb, widened */
#define FA_SMX_COL_MUL_ADD(l, k, va, vb)                                                           \
    do {                                                                                           \
        acc[1][l][k][0] =                                                                          \
            fa_vf64_mul_add(fa_vf32_widen_lo(va), fa_vf32_widen_lo(vb), acc[1][l][k][0]);          \
        acc[1][l][k][1] =                                                                          \
            fa_vf64_mul_add(fa_vf32_widen_hi(va), fa_vf32_widen_hi(vb), acc[1][l][k][1]);          \
    } while (0)
#define FA_SMX_COL_W(k) (w - (k) * W < W ? w - (k) * W : W)
    size_t j = 0;
    for (; j + 4 * W <= n; j += 4 * W)
        for (int l = 0; l < W; l++) {
            const float *FA_RESTRICT ar = a + (j + (size_t)l) * s;
            const float *FA_RESTRICT br = b == NULL ? NULL : b + (j + (size_t)l) * s;
            for (size_t k = 0; k < kn; k++) {
                const size_t c = k * W;
                const fa_vf32 p =
                    fa_smx_pair_columns(ar + c, br == NULL ? NULL : br + c, s, FA_SMX_COL_W(k));
                const fa_vf32 q = fa_smx_pair_columns(
                    ar + 2 * W * s + c, br == NULL ? NULL : br + 2 * W * s + c, s, FA_SMX_COL_W(k));
                FA_SMX_COL_ADD(0, l, k, p);
                FA_SMX_COL_ADD(1, l, k, q);
            }
        }
    if (j + 2 * W <= n) {
        for (int l = 0; l < W; l++)
            for (size_t k = 0; k < kn; k++) {
                const size_t r = (j + (size_t)l) * s + k * W;
                FA_SMX_COL_ADD(
                    0, l, k,
                    fa_smx_pair_columns(a + r, b == NULL ? NULL : b + r, s, FA_SMX_COL_W(k)));
            }
        j += 2 * W;
    }
    /* fa_smx_dot_step (acc += a b widened, b NULL: acc += a), then the masked
     * last vector (acc += a b, b NULL: b = 1) */
    const int step = j + W <= n;
    for (size_t l = 0; j + l < n && l < W; l++)
        for (size_t k = 0; k < kn; k++) {
            const size_t r = (j + l) * s + k * W;
            const fa_vf32 va = fa_smx_col_load(a + r, FA_SMX_COL_W(k));
            if (b == NULL && step) {
                FA_SMX_COL_ADD(1, l, k, va);
            } else {
                const fa_vf32 vb =
                    b == NULL ? fa_vf32_set1(1.0f) : fa_smx_col_load(b + r, FA_SMX_COL_W(k));
                FA_SMX_COL_MUL_ADD(l, k, va, vb);
            }
        }
    if (step) {
        j += W;
        for (size_t l = 0; j + l < n; l++)
            for (size_t k = 0; k < kn; k++) {
                const size_t r = (j + l) * s + k * W;
                const fa_vf32 va = fa_smx_col_load(a + r, FA_SMX_COL_W(k));
                const fa_vf32 vb =
                    b == NULL ? fa_vf32_set1(1.0f) : fa_smx_col_load(b + r, FA_SMX_COL_W(k));
                FA_SMX_COL_MUL_ADD(l, k, va, vb);
            }
    }
#undef FA_SMX_COL_ADD
#undef FA_SMX_COL_MUL_ADD
#undef FA_SMX_COL_W
    /* fa_smx_total(s0 + s2, s1 + s3) of each column: lane i of s0 (s2) is
     * the row's lane i, of s1 (s3) its lane H + i (one lane: s1 = s3 = +0) */
    for (size_t k = 0; k < kn; k++) {
        double sum[2][W][2 * H];
        for (int g = 0; g < 2; g++)
            for (int l = 0; l < W; l++) {
                fa_vf64_store(sum[g][l], acc[g][l][k][0]);
                fa_vf64_store(sum[g][l] + H, acc[g][l][k][1]);
            }
        const size_t wk = w - k * W < W ? w - k * W : W;
        for (size_t c = 0; c < wk; c++) {
            double lo[H], hi[H];
            for (int i = 0; i < H; i++) {
                lo[i] = sum[0][i][c] + sum[1][i][c];
                hi[i] = W > H ? sum[0][(H + i) % W][c] + sum[1][(H + i) % W][c] : 0.0 + 0.0;
            }
            t[k * W + c] = fa_smx_total(fa_vf64_load(lo), fa_vf64_load(hi));
        }
    }
}

/* Log_softmax's e^y where the two-source permute is dear (AVX2, and the
 * layers without vpermps): y is looked at a block of FA_SMX_Y_BLOCK elements
 * at a time (fa_smx_y_at_most_0: a load and a vmax a vector, the block's y
 * then in L1 for its end), and a block whose every y is <= 0 or NaN (a
 * log_softmax output's always are) takes the at_most_0 exp (AVX2: the
 * 8-entry table of the forward rows, one vpermps each for its scale and rest,
 * 2^k added to the scale's bits; 2^-29.5 relative at most, where the 16-entry
 * table's emulated lookup16 and scale2_floor took 2^-29.1; the other layers:
 * the 16-entry table scaled in five operations for scale2_floor's ten, the
 * same bits), any other block fa_smx_exp_of_y; no branch inside a block's
 * loop. Zen 4, one thread, AVX2
 * (benchmarks/ab_softmax.py --out, against session 9's build, which checked
 * every vector of the rows of 128 only), ns/element: (1024, 1000) 0.497 ->
 * 0.364, (64, 50257) 0.543 -> 0.426, (4096, 128) 0.478 -> 0.412; blocks of
 * 256 within 3%, of 1024 3-6% slower at rows of 50257, of 4096 25% slower.
 * A check a vector (a branch each) ran rows of 1000 at 0.40-0.47 by code
 * placement, one a row beside the sum (the next row's y read twice) rows of
 * 50257 at 0.52, and asking for the next block's y in the check lost 12% there
 * (BENCHMARKS.md, 2026-12-07 session 10). */
#define FA_SMX_Y_BLOCK 512
/* whether every y[0 .. n) is <= 0 or NaN (vmax skips NaN: the accumulator,
 * its second operand, stays; lanes past n read as 0) */
FA_INLINE int fa_smx_y_at_most_0(const float *FA_RESTRICT y, size_t n) {
    fa_vf32 a0 = fa_vf32_set1(0.0f), a1 = a0;
    size_t j = 0;
    for (; j + 2 * FA_SMX_W <= n; j += 2 * FA_SMX_W) {
        a0 = fa_vf32_max_keep_nan(fa_vf32_load(y + j), a0);
        a1 = fa_vf32_max_keep_nan(fa_vf32_load(y + j + FA_SMX_W), a1);
    }
    if (j + FA_SMX_W <= n) {
        a0 = fa_vf32_max_keep_nan(fa_vf32_load(y + j), a0);
        j += FA_SMX_W;
    }
    if (j < n) a1 = fa_vf32_max_keep_nan(fa_vf32_load_first(y + j, n - j), a1);
    return !fa_vf32_any(fa_vf32_lt(fa_vf32_set1(0.0f), fa_vf32_max_keep_nan(a0, a1)));
}

/* one vector of a backward row's end: softmax (log_variant 0) dx = y (dy -
 * total), log_softmax dx = dy - e^y total, e^y by fa_smx_exp_of_y (1) or the
 * at_most_0 exp (FA_SMX_LOG_Y_LE_0: a block whose every y is <= 0 or NaN).
 * FA_SMX_LOG_Y_BLOCKS, the finishing loops below: each block looked at
 * (fa_smx_y_at_most_0), then finished by FA_SMX_LOG_Y_LE_0 or 1.
 * FA_SMX_LOG_Y_ROWS: the log_variant log_softmax's rows take. */
#define FA_SMX_LOG_Y_LE_0 2
#define FA_SMX_LOG_Y_BLOCKS 3
#define FA_SMX_LOG_Y_ROWS (FA_SIMD_PERMUTE_CHEAP ? 1 : FA_SMX_LOG_Y_BLOCKS)
FA_INLINE fa_vf32 fa_smx_backward_vector(fa_vf32 dy, fa_vf32 y, fa_vf32 total, int log_variant) {
    if (!log_variant) return fa_vf32_mul(y, fa_vf32_sub(dy, total));
    if (log_variant == FA_SMX_LOG_Y_LE_0)
        return fa_vf32_nmul_add(
            fa_smx_exp_core(fa_vf32_max_keep_nan(fa_vf32_set1(FA_SMX_CLAMP), y), y, 0, 1), total,
            dy);
    return fa_vf32_nmul_add(fa_smx_exp_of_y(y), total, dy);
}

/* Whether a pass that reads a and b and writes out element by element should
 * run from the row's end: a store to out[j] whose address matches, in bits
 * 0-11, a load of a[j + k] issued soon after (out a little ahead of a modulo
 * 4096) makes that load wait on the store (4K aliasing). From the end, the
 * stores trail the loads' addresses. The results are elementwise, so the
 * order leaves their bits alone. Measured window (rows of 1000 and 128): dx
 * 48-128 bytes ahead took 0.20-0.24 ns/element forwards, 0.16-0.20 from the
 * end; 32 and 256-512 bytes ahead were 3-8% faster forwards. */
#define FA_SMX_ALIAS_WINDOW 256u
FA_INLINE int fa_smx_ahead_mod_4k(const void *out, const void *a) {
    const unsigned delta = (unsigned)(((uintptr_t)out - (uintptr_t)a) & 4095u);
    return delta >= 48u && delta < FA_SMX_ALIAS_WINDOW;
}
FA_INLINE int fa_smx_from_end(const void *out, const void *a, const void *b) {
    return (fa_smx_ahead_mod_4k(out, a) || fa_smx_ahead_mod_4k(out, b)) &&
           !fa_smx_ahead_mod_4k(a, out) && !fa_smx_ahead_mod_4k(b, out);
}

/* the end of a backward row given its sum (softmax: sum dy y; log_softmax:
 * sum dy), as the forward rows in batches; in vectors with a masked last one
 * (the compiler's loop spent a scalar prologue and epilogue on short rows).
 * softmax's rows run from their end where fa_smx_from_end says so, with
 * AVX-512: rows of 1000 with dx 64 bytes ahead of dy took 0.23 ns/element
 * against 0.16 at other offsets, 0.18 from the end (Zen 4, rows in L3). Not
 * log_softmax's (y, not yet read, streams in more slowly backwards: 0.32 ->
 * 0.35 at other offsets) nor AVX2's (no such penalty measured; 0.16 -> 0.17
 * backwards). */
FA_INLINE void fa_smx_backward_finish_plain(const float *FA_RESTRICT dy, const float *FA_RESTRICT y,
                                            float *FA_RESTRICT dx, size_t n, float sum,
                                            int log_variant) {
    const fa_vf32 total = fa_vf32_set1(sum);
    size_t j = 0;
    if (!log_variant && FA_SMX_W == 16 && fa_smx_from_end(dx, dy, y)) {
        const size_t whole = n - n % FA_SMX_W;
        if (whole < n)
            fa_vf32_store_first(dx + whole,
                                fa_smx_backward_vector(fa_vf32_load_first(dy + whole, n - whole),
                                                       fa_vf32_load_first(y + whole, n - whole),
                                                       total, 0),
                                n - whole);
        for (j = whole; j > 0; j -= FA_SMX_W)
            fa_vf32_store(dx + j - FA_SMX_W,
                          fa_smx_backward_vector(fa_vf32_load(dy + j - FA_SMX_W),
                                                 fa_vf32_load(y + j - FA_SMX_W), total, 0));
        return;
    }
    for (; j + FA_SMX_W <= n; j += FA_SMX_W)
        fa_vf32_store(dx + j, fa_smx_backward_vector(fa_vf32_load(dy + j), fa_vf32_load(y + j),
                                                     total, log_variant));
    if (j < n)
        fa_vf32_store_first(dx + j,
                            fa_smx_backward_vector(fa_vf32_load_first(dy + j, n - j),
                                                   fa_vf32_load_first(y + j, n - j), total,
                                                   log_variant),
                            n - j);
}

FA_INLINE void fa_smx_backward_finish(const float *FA_RESTRICT dy, const float *FA_RESTRICT y,
                                      float *FA_RESTRICT dx, size_t n, float sum, int log_variant) {
    if (log_variant != FA_SMX_LOG_Y_BLOCKS) {
        fa_smx_backward_finish_plain(dy, y, dx, n, sum, log_variant);
        return;
    }
    for (size_t j = 0; j < n; j += FA_SMX_Y_BLOCK) {
        const size_t len = n - j < FA_SMX_Y_BLOCK ? n - j : FA_SMX_Y_BLOCK;
        if (fa_smx_y_at_most_0(y + j, len))
            fa_smx_backward_finish_plain(dy + j, y + j, dx + j, len, sum, FA_SMX_LOG_Y_LE_0);
        else
            fa_smx_backward_finish_plain(dy + j, y + j, dx + j, len, sum, 1);
    }
}

/* The end of one row (dy, y -> dx, given its sum) in the same loop as the sum
 * of the next (dy2, y2), which it returns with fa_smx_dot's bits. Long rows
 * one after the other read two rows from memory for the sum, then wrote one
 * from L2: the reads and the writes did not overlap (rows of 50257: 0.50
 * ns/element where np.multiply of the same arrays takes 0.29; 0.47 now).
 * Rows of up to FA_SMX_FUSE_MIN stay in cache and go one by one (rows of 1000
 * fused were 10-20% slower). */
#define FA_SMX_FUSE_MIN 4096
/* elements j .. end of the loop below, four vectors a step (end - j a multiple) */
FA_INLINE size_t fa_smx_finish_and_dot4(const float *FA_RESTRICT dy, const float *FA_RESTRICT y,
                                        float *FA_RESTRICT dx, float sum,
                                        const float *FA_RESTRICT dy2, const float *FA_RESTRICT y2,
                                        size_t j, size_t end, fa_smx_acc *acc, int log_variant) {
    const fa_vf32 total = fa_vf32_set1(sum);
    for (; j + 4 * FA_SMX_W <= end; j += 4 * FA_SMX_W) {
        fa_smx_dot4(dy2 + j, log_variant ? NULL : y2 + j, acc);
        for (int v = 0; v < 4; v++) {
            const size_t i = j + (size_t)v * FA_SMX_W;
            fa_vf32_store(dx + i, fa_smx_backward_vector(fa_vf32_load(dy + i), fa_vf32_load(y + i),
                                                         total, log_variant));
        }
    }
    return j;
}
FA_INLINE double fa_smx_backward_finish_and_dot(const float *FA_RESTRICT dy,
                                                const float *FA_RESTRICT y, float *FA_RESTRICT dx,
                                                float sum, const float *FA_RESTRICT dy2,
                                                const float *FA_RESTRICT y2, size_t n,
                                                int log_variant) {
    fa_smx_acc acc = fa_smx_acc_zero();
    size_t j = 0;
    if (log_variant != FA_SMX_LOG_Y_BLOCKS)
        j = fa_smx_finish_and_dot4(dy, y, dx, sum, dy2, y2, 0, n, &acc, log_variant);
    else {
        /* the blocks of fa_smx_backward_finish, [b, b + FA_SMX_Y_BLOCK) from
         * b = 0, each looked at whole, so that a row's bits do not depend on
         * whether the next row's sum rides along (a call's last row, or a
         * thread's, goes without): the four-vector steps stop at the last
         * multiple of 4 W, and the last block's rest ends with the decision
         * its whole length gave */
        const size_t whole4 = n - n % (4 * FA_SMX_W);
        for (size_t b = 0; b < n; b += FA_SMX_Y_BLOCK) {
            const size_t len = n - b < FA_SMX_Y_BLOCK ? n - b : FA_SMX_Y_BLOCK;
            const size_t end = b + len < whole4 ? b + len : whole4;
            /* each form its own call, its log_variant a constant there (one
             * call with the form a variable: rows of 50257 0.433 -> 0.501
             * ns/element, AVX2) */
            if (fa_smx_y_at_most_0(y + b, len)) {
                if (b < end)
                    j = fa_smx_finish_and_dot4(dy, y, dx, sum, dy2, NULL, b, end, &acc,
                                               FA_SMX_LOG_Y_LE_0);
                if (b + len > j)
                    fa_smx_backward_finish_plain(dy + j, y + j, dx + j, b + len - j, sum,
                                                 FA_SMX_LOG_Y_LE_0);
            } else {
                if (b < end) j = fa_smx_finish_and_dot4(dy, y, dx, sum, dy2, NULL, b, end, &acc, 1);
                if (b + len > j)
                    fa_smx_backward_finish_plain(dy + j, y + j, dx + j, b + len - j, sum, 1);
            }
        }
        return fa_smx_dot_end(dy2, NULL, n, whole4, acc);
    }
    fa_smx_backward_finish(dy + j, y + j, dx + j, n - j, sum, log_variant);
    return fa_smx_dot_end(dy2, log_variant ? NULL : y2, n, j, acc);
}
#endif

#endif
