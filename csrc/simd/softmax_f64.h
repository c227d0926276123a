/* softmax / log_softmax rows (inner == 1) for double over SIMD vectors, the
 * float64 counterpart of simd/softmax_f32.h, used by kernels/axis_dtype.inc's
 * fa_simd_softmax_rows_f64 where src/fastact/_kernel_table.py's rows say
 * (fastact.kernels() lists them). The generic rows it replaces spent
 * their time in vecmath/exp.h's exp; here e^(x - m) takes the 16-entry table
 * of exp_table_f64.h (degree 6, 2^-56.3). Every accuracy step of the generic
 * rows is kept, vector for vector:
 *   - d = x - m's rounding error lo (TwoSum) joins the reduced argument r,
 *     as exp_shifted folds it into e (e^d has condition |d|, up to 745);
 *     d < FA_SMX64_CLAMP (x = -inf included) is clamped there (e^-760 = 0)
 *     and lo dropped; m = -inf (a row of -inf) gives d = NaN, kept NaN.
 *   - the sum in lanes that start at 1, each e added by Fast2Sum (exact:
 *     e <= 1 <= the lane), their errors carried, joined by
 *     compensated_total's order (fa_smx64_total); log_softmax's s - 1 from
 *     the same lanes, the top e = 1 taken off exactly there; where s - 1
 *     comes out below 2^-20 (terms below the lanes' ULP were summed without
 *     compensation) the row is summed again with e - 1 for each e > 1/2,
 *     counted (the top e = 1 adds exactly 0), in TwoSum lanes
 *     (fa_smx64_sm1_exact);
 *   - softmax: y = e inv + e inv_lo in one fma (e / s rounded once; a division
 *     on x86-64's baseline, fa_smx64_divided); log_softmax: y = (x + c_hi) +
 *     c_lo for c = -(m + log s) in two parts (fa_smx64_log_y).
 * Lanes are taken in the row's order from its first element, so results do
 * not depend on alignment or on the thread split. */
#ifndef FASTACT_SIMD_SOFTMAX_F64_H
#define FASTACT_SIMD_SOFTMAX_F64_H

#include "simd/simd.h"
#include "simd/exp_table_f64.h"
#include "simd/exp4_table_f64.h" /* where lookup16 is two gathers (AVX2) */
#include "simd/softmax_f32.h" /* FA_SMX_KEEP_D */

#if FA_SIMD
/* e^-760 rounds to 0; -760 log2e 16 stays inside the shifter's and scale2's range */
#define FA_SMX64_CLAMP -760.0

enum { FA_SMX64_W = FA_V_LANES_f64 };

/* lane indices as doubles, for the mask of a row's last partial vector */
static const double fa_smx64_iota[8] = {0, 1, 2, 3, 4, 5, 6, 7};

/* lanes below rem keep v, the others become 0 */
FA_INLINE fa_vf64 fa_smx64_first(fa_vf64 v, size_t rem) {
    return fa_vf64_select(fa_vf64_lt(fa_vf64_load(fa_smx64_iota), fa_vf64_set1((double)rem)), v,
                          fa_vf64_set1(0.0));
}

/* rows whose every d = x - m is at least this (m - min <= 708, so
 * 2^floor((x - m) / ln2) >= 2^-1022 is normal) take fast scaling where
 * scale2 is long (AVX2's: two multiplies after integer exponent assembly) */
#define FA_SMX64_FAST_SPREAD 708.0

/* e^(z + lo) for z >= FA_SMX64_CLAMP (with_lo, fast, coarse: constants;
 * fast: the row's spread is within FA_SMX64_FAST_SPREAD; coarse: any z in
 * scale2's range, for log_softmax's backward rows) */
FA_INLINE fa_vf64 fa_smx64_exp_core(fa_vf64 z, fa_vf64 lo, int with_lo, int fast, int coarse) {
#if FA_SIMD_PERMUTE_CHEAP
    const fa_vf64 shifter = fa_vf64_set1(FA_EXP16_SHIFTER_f64);
#else
    const fa_vf64 shifter = fa_vf64_set1(FA_EXP4_SHIFTER_f64);
#endif
    const fa_vf64 t = fa_vf64_mul_add(z, fa_vf64_set1(FA_EXP16_INV_f64), shifter);
    const fa_vf64 kf16 = fa_vf64_sub(t, shifter); /* kf / 2^b, exact */
    /* kf16 LN2_HI exact (kf16: 14 bits, LN2_HI: 36), so r0 is rounded once
     * with FMA or without */
    const fa_vf64 r0 = fa_vf64_nmul_add(kf16, fa_vf64_set1(FA_EXP16_LN2_HI_f64), z);
    const fa_vf64 r = fa_vf64_nmul_add(kf16, fa_vf64_set1(FA_EXP16_LN2_LO_f64),
                                       with_lo ? fa_vf64_add(r0, lo) : r0);
    const fa_vf64 r2 = fa_vf64_mul(r, r);
#if FA_SIMD_PERMUTE_CHEAP
    /* p = e^r - 1 = r + r^2 P(r), P of degree 4 by Estrin (exp_table_f64.inc's exp16_tail) */
    const fa_vf64 tail = fa_vf64_mul_add(
        fa_vf64_mul(r2, r2), fa_vf64_set1(FA_EXP16_D6_f64),
        fa_vf64_mul_add(
            r2, fa_vf64_mul_add(fa_vf64_set1(FA_EXP16_D5_f64), r, fa_vf64_set1(FA_EXP16_D4_f64)),
            fa_vf64_mul_add(fa_vf64_set1(FA_EXP16_D3_f64), r, fa_vf64_set1(FA_EXP16_D2_f64))));
    const fa_vf64 th = fa_vf64_lookup16(fa_exp16_hi, t), tl = fa_vf64_lookup16(fa_exp16_lo, t);
#else
    const fa_vf64 tail = fa_simd_exp4_tail_f64(r, r2);
    const fa_vf64 th = fa_vf64_lookup4(fa_exp4_hi, t), tl = fa_vf64_lookup4(fa_exp4_lo, t);
#endif
    const fa_vf64 p = fa_vf64_mul_add(r2, tail, r);
    /* the table's low part tl stays in the backward rows too: without it
     * (th + th p, 2^-53 more) dx came out 1 ULP off the strided axes' own loop
     * of then (vecmath exp) in test_axis_containers.py's frames (since session
     * 10 a strided axis runs these rows: the same bits by construction) */
    const fa_vf64 e = fa_vf64_add(th, fa_vf64_mul_add(th, p, tl));
#if !FA_SIMD_PERMUTE_CHEAP
    /* e 2^n, n = floor(kf16) in [-1022, 0] here, as n added to e's exponent
     * field (bits_add_shl). t = 0x1.8p50 + K/4 (K = 4 n + j, j the table's
     * index) has the bits C + K, C's low 51 bits 0, so t >> 2 is C/4 + n and
     * << 52 keeps n alone. e 2^n >= e^-708 is normal, so the sum is exactly
     * scale2's product; three operations where 2^(n + 1022) by pow2_floor
     * and two multiplies took six (session 7 took n from (kf16 - 3/8) +
     * 0x1.8p52: four, and two constants more; AVX2 forward rows 1.03-1.09x
     * faster than pow2_floor, BENCHMARKS.md 2026-12-07 session 7, float64
     * 2^k). A NaN x never gets here (fa_smx64_row_max: its payload's low
     * bits would move the exponent). */
    if (fast) return fa_vf64_bits_add_shl(e, fa_vf64_bits_shr(t, 2), 52);
    /* coarse: the same two factors as scale2 (2^floor(n/2), 2^ceil(n/2), so
     * the same bits for |n| <= 2046) from t's bits: t = 0x1.8p50 + K/4 with
     * K = 4 n + j, its bits C + K (C's low 51 bits 0), so t >> 3 is C/8 +
     * floor(n/2) and (t + 1) >> 3 is C/8 + ceil(n/2), C/8's bits above the
     * 12 that << 52 keeps; nine operations where scale2 took twelve. A NaN
     * or infinite z leaves e NaN, and the product NaN. */
    if (coarse) {
        const fa_vf64 one = fa_vf64_set1(1.0);
        const fa_vf64 s1 = fa_vf64_bits_add_shl(one, fa_vf64_bits_shr(t, 3), 52);
        const fa_vf64 s2 = fa_vf64_bits_add_shl(one, fa_vf64_bits_shr(fa_vf64_add(t, one), 3), 52);
        return fa_vf64_mul(fa_vf64_mul(e, s1), s2);
    }
#else
    (void)fast;
    (void)coarse;
#endif
    return fa_vf64_scale2(e, fa_vf64_floor_for_scale2(kf16));
}

/* e^(x - m) for negm = -m (see the top of this file) */
FA_INLINE fa_vf64 fa_smx64_exp_shifted(fa_vf64 x, fa_vf64 negm, int fast) {
    const fa_vf64 clamp = fa_vf64_set1(FA_SMX64_CLAMP);
    const fa_vf64 d = fa_vf64_add(x, negm);
    const fa_vf64 bb = fa_vf64_sub(d, x);
    fa_vf64 lo = fa_vf64_add(fa_vf64_sub(x, fa_vf64_sub(d, bb)), fa_vf64_sub(negm, bb));
    lo = fa_vf64_zero_where(fa_vf64_lt(d, clamp), lo);
    return fa_smx64_exp_core(fa_vf64_max_keep_nan(clamp, d), lo, 1, fast, 0);
}

/* e^(x - m) in a row's sum, by its mode (a constant):
 *   FA_SMX64_CLAMP_D: fa_smx64_exp_shifted (d clamped, TwoSum);
 *   FA_SMX64_CLAMP_X: rows with |m| <= FA_SMX64_CLAMP_X_M clamp x itself to
 *     xlo = m + FA_SMX64_CLAMP rounded (d >= -760 - 2^-12, e^d = +0 there
 *     as below the clamp), one max for d's three operations;
 *   FA_SMX64_NO_CLAMP: rows within FA_SMX64_FAST_SPREAD (AVX2's fast
 *     scaling) need no clamp: d >= -708.
 * Outside FA_SMX64_CLAMP_D, lo comes from Fast2Sum ordered by min / max
 * (x <= m: the larger magnitude of x and -m is the smaller of the two), the
 * same lo as TwoSum in one operation fewer. */
enum { FA_SMX64_CLAMP_D, FA_SMX64_CLAMP_X, FA_SMX64_NO_CLAMP };
#define FA_SMX64_CLAMP_X_M 0x1p40
FA_INLINE fa_vf64 fa_smx64_exp_row(fa_vf64 x, fa_vf64 negm, fa_vf64 xlo, int mode, int fast) {
    if (mode == FA_SMX64_CLAMP_D) return fa_smx64_exp_shifted(x, negm, fast);
    const fa_vf64 xc = mode == FA_SMX64_CLAMP_X ? fa_vf64_max_keep_nan(xlo, x) : x;
    const fa_vf64 d = fa_vf64_add(xc, negm);
    const fa_vf64 a = fa_vf64_min_keep_nan(negm, xc), b = fa_vf64_max_keep_nan(negm, xc);
    return fa_smx64_exp_core(d, fa_vf64_sub(b, fa_vf64_sub(d, a)), 1, fast, 0);
}

/* log_softmax's backward row from y: dx = dy - e^y total, e^y by the table
 * exp above without TwoSum (m = 0: y - 0 is exact) where the generic rows
 * spent their time in vecmath's exp; scale2's factors throughout, from t's
 * bits where scale2 is long (coarse), or, where the permute is dear, in
 * blocks of FA_SMX64_Y_BLOCK elements whose every y lies in [-708, 0] (no
 * NaN: a log_softmax output's rows of spread <= 708), the fast scaling
 * (bits_add_shl, three operations for coarse's nine; the same bits: both are
 * scale2's product). Each block is looked at first (fa_smx64_y_fast: a load,
 * a max, a min and an add a vector, the block then in L1); no branch inside a
 * block's loop; the check asks for the next block's y (without it rows of
 * 50257 lost 7%: the check's loads from memory have no arithmetic to hide
 * behind). Zen 4, one thread, AVX2 (benchmarks/ab_softmax.py --out, against
 * session 9's build), ns/element: (1024, 1000) 1.173 -> 1.105, (64, 50257)
 * 1.273 -> 1.193, (4096, 128) 1.219 -> 1.135 (blocks of 256: within 3%, 512:
 * 4-5% slower); a pass over the whole row first (session 9) gained 4% at
 * rows of 1000 and lost 5% at 50257. Each row's end fused with the next row's
 * sum (as float32's) measured within 2% either way, AVX2 and AVX-512, and
 * was dropped (BENCHMARKS.md, 2026-12-07 session 10). */
#define FA_SMX64_Y_BLOCK 128
FA_INLINE fa_vf64 fa_smx64_log_backward_vector(fa_vf64 dy, fa_vf64 y, fa_vf64 total, int fast) {
    if (fast) return fa_vf64_nmul_add(fa_smx64_exp_core(y, y, 0, 1, 0), total, dy);
    const fa_vf64 z = fa_vf64_max_keep_nan(fa_vf64_set1(FA_SMX64_CLAMP), y);
    return fa_vf64_nmul_add(fa_smx64_exp_core(z, y, 0, 0, 1), total, dy);
}
FA_INLINE void fa_smx64_log_backward_part(const double *FA_RESTRICT dy, const double *FA_RESTRICT y,
                                          double *FA_RESTRICT dx, size_t n, fa_vf64 vt, int fast) {
    size_t j = 0;
    for (; j + FA_SMX64_W <= n; j += FA_SMX64_W)
        fa_vf64_store(dx + j, fa_smx64_log_backward_vector(fa_vf64_load(dy + j),
                                                           fa_vf64_load(y + j), vt, fast));
    if (j < n)
        fa_vf64_store_first(dx + j,
                            fa_smx64_log_backward_vector(fa_vf64_load_first(dy + j, n - j),
                                                         fa_vf64_load_first(y + j, n - j), vt,
                                                         fast),
                            n - j);
}
/* whether every y[0 .. n) lies in [-708, 0]: max and min skip NaN (the
 * accumulator, their second operand, stays), the sum keeps it; lanes past n
 * read as 0 */
FA_INLINE int fa_smx64_y_fast(const double *FA_RESTRICT y, size_t n) {
    const fa_vf64 zero = fa_vf64_set1(0.0);
    fa_vf64 hi = zero, lo = zero, q = zero;
    size_t j = 0;
    for (; j + FA_SMX64_W <= n; j += FA_SMX64_W) {
        const fa_vf64 v = fa_vf64_load(y + j);
        /* the next block's line, which may lie past the row: an address
         * formed in integers (no pointer beyond the array; a prefetch never
         * faults) */
        FA_SMX_PREFETCH((uintptr_t)(y + j) + FA_SMX64_Y_BLOCK * sizeof(double));
        hi = fa_vf64_max_keep_nan(v, hi);
        lo = fa_vf64_min_keep_nan(v, lo);
        q = fa_vf64_add(q, v);
    }
    if (j < n) {
        const fa_vf64 v = fa_vf64_load_first(y + j, n - j);
        hi = fa_vf64_max_keep_nan(v, hi);
        lo = fa_vf64_min_keep_nan(v, lo);
        q = fa_vf64_add(q, v);
    }
    return !fa_vf64_any(fa_vf64_lt(zero, hi)) &&
           !fa_vf64_any(fa_vf64_lt(lo, fa_vf64_set1(-FA_SMX64_FAST_SPREAD))) &&
           !fa_vf64_any(fa_vf64_nan(q));
}
FA_INLINE void fa_smx64_log_backward_row(const double *FA_RESTRICT dy, const double *FA_RESTRICT y,
                                         double *FA_RESTRICT dx, size_t n, double total) {
    const fa_vf64 vt = fa_vf64_set1(total);
#if !FA_SIMD_PERMUTE_CHEAP
    for (size_t j = 0; j < n; j += FA_SMX64_Y_BLOCK) {
        const size_t len = n - j < FA_SMX64_Y_BLOCK ? n - j : FA_SMX64_Y_BLOCK;
        if (fa_smx64_y_fast(y + j, len))
            fa_smx64_log_backward_part(dy + j, y + j, dx + j, len, vt, 1);
        else
            fa_smx64_log_backward_part(dy + j, y + j, dx + j, len, vt, 0);
    }
#else
    fa_smx64_log_backward_part(dy, y, dx, n, vt, 0);
#endif
}

/* max of the row (NaN skipped: it poisons the sum instead); *lowest: its
 * min where the fast scaling exists (else -inf, unread), NaN where the row
 * holds a NaN (kept from the fast scaling: sums of differences, finite in
 * the rows it takes, carry it) */
FA_INLINE double fa_smx64_row_max(const double *FA_RESTRICT x, size_t n, double *lowest) {
    const fa_vf64 ninf = fa_vf64_set1(-INFINITY);
    fa_vf64 a0 = ninf, a1 = ninf, a2 = ninf, a3 = ninf;
#if !FA_SIMD_PERMUTE_CHEAP
    const fa_vf64 pinf = fa_vf64_set1(INFINITY);
    fa_vf64 b0 = pinf, b1 = pinf, q0 = fa_vf64_set1(0.0);
#define FA_SMX64_MIN(b, v) b = fa_vf64_min_keep_nan(v, b)
#define FA_SMX64_NAN(d) q0 = fa_vf64_add(q0, d)
#else
#define FA_SMX64_MIN(b, v) (void)0
#define FA_SMX64_NAN(d) (void)0
#endif
    size_t j = 0;
    for (; j + 4 * FA_SMX64_W <= n; j += 4 * FA_SMX64_W) {
        const fa_vf64 v0 = fa_vf64_load(x + j), v1 = fa_vf64_load(x + j + FA_SMX64_W);
        const fa_vf64 v2 = fa_vf64_load(x + j + 2 * FA_SMX64_W);
        const fa_vf64 v3 = fa_vf64_load(x + j + 3 * FA_SMX64_W);
        a0 = fa_vf64_max_keep_nan(v0, a0);
        a1 = fa_vf64_max_keep_nan(v1, a1);
        a2 = fa_vf64_max_keep_nan(v2, a2);
        a3 = fa_vf64_max_keep_nan(v3, a3);
        FA_SMX64_MIN(b0, fa_vf64_min_keep_nan(v0, v1));
        FA_SMX64_MIN(b1, fa_vf64_min_keep_nan(v2, v3));
        FA_SMX64_NAN(fa_vf64_add(fa_vf64_sub(v0, v1), fa_vf64_sub(v2, v3)));
    }
    for (; j + FA_SMX64_W <= n; j += FA_SMX64_W) {
        const fa_vf64 v = fa_vf64_load(x + j);
        a0 = fa_vf64_max_keep_nan(v, a0);
        FA_SMX64_MIN(b0, v);
        FA_SMX64_NAN(fa_vf64_sub(v, v));
    }
    a0 = fa_vf64_max_keep_nan(a0, a1);
    a2 = fa_vf64_max_keep_nan(a2, a3);
    a0 = fa_vf64_max_keep_nan(a0, a2);
    double lane[FA_SMX64_W];
    fa_vf64_store(lane, a0);
    double m = lane[0], lo = -INFINITY;
    for (int k = 1; k < FA_SMX64_W; k++) m = lane[k] > m ? lane[k] : m;
#if !FA_SIMD_PERMUTE_CHEAP
    fa_vf64_store(lane, fa_vf64_min_keep_nan(b0, b1));
    lo = lane[0];
    for (int k = 1; k < FA_SMX64_W; k++) lo = lane[k] < lo ? lane[k] : lo;
    for (size_t i = j; i < n; i++) lo = x[i] < lo ? x[i] : lo + (x[i] - x[i]);
    fa_vf64_store(lane, q0);
    for (int k = 0; k < FA_SMX64_W; k++) lo += lane[k] - lane[k];
#endif
#undef FA_SMX64_MIN
#undef FA_SMX64_NAN
    for (; j < n; j++) m = x[j] > m ? x[j] : m;
    *lowest = lo;
    return m;
}

/* *s += v in TwoSum, the rounding error added to *c (branch-free) */
FA_INLINE void fa_smx64_lane_add(fa_vf64 *s, fa_vf64 *c, fa_vf64 v) {
    const fa_vf64 t = fa_vf64_add(*s, v), bb = fa_vf64_sub(t, *s);
    *c = fa_vf64_add(*c, fa_vf64_add(fa_vf64_sub(*s, fa_vf64_sub(t, bb)), fa_vf64_sub(v, bb)));
    *s = t;
}

/* *s += v for *s >= 1 >= v >= 0 (a lane starts at 1: e <= 1), the rounding
 * error added to *c by Fast2Sum (exact: *s's exponent is at least v's), four
 * operations where TwoSum takes seven. A term below 1/2 ULP of *s goes whole
 * into *c, summed there without compensation: in all, k adds to a lane err
 * by at most k^2 2^-106 *s (s's relative accuracy holds; log_softmax's s - 1
 * where it is at least FA_SMX64_SM1_MIN) */
FA_INLINE void fa_smx64_lane_add1(fa_vf64 *s, fa_vf64 *c, fa_vf64 v) {
    const fa_vf64 t = fa_vf64_add(*s, v);
    *c = fa_vf64_add(*c, fa_vf64_sub(v, fa_vf64_sub(t, *s)));
    *s = t;
}

/* start + the lanes of s0, s1 less the offset they started at (1: exact, as
 * s - 1 is a multiple of s's ULP; 0), joined by TwoSum in a fixed order,
 * plus the carried errors c0, c1 (axis_dtype.inc's compensated_total).
 * log_softmax's start -1 takes the top e = 1 off exactly (-1 plus the small
 * lanes, then the lane holding the top: near -1 plus near 1, exact) */
FA_INLINE double fa_smx64_total(fa_vf64 s0, fa_vf64 s1, fa_vf64 c0, fa_vf64 c1, double offset,
                                double start) {
    double lane[2 * FA_SMX64_W], comp[2 * FA_SMX64_W];
    const fa_vf64 off = fa_vf64_set1(offset);
    fa_vf64_store(lane, fa_vf64_sub(s0, off));
    fa_vf64_store(lane + FA_SMX64_W, fa_vf64_sub(s1, off));
    fa_vf64_store(comp, c0);
    fa_vf64_store(comp + FA_SMX64_W, c1);
    double total = start, err = 0.0;
    for (int k = 0; k < 2 * FA_SMX64_W; k++) {
        const double s = total + lane[k], bb = s - total;
        err += ((total - (s - bb)) + (lane[k] - bb)) + comp[k];
        total = s;
    }
    return total + err;
}

/* log_softmax's term: e - 1 where e > 1/2 (exact, Sterbenz), counted in
 * *count (exact in double), else e: e rounded to the nearest integer (ties to
 * even: 1/2 stays), one operation for a compare and a select */
FA_INLINE void fa_smx64_add_split(fa_vf64 e, fa_vf64 *s, fa_vf64 *c, fa_vf64 *count) {
    const fa_vf64 big = fa_vf64_round(e);
    *count = fa_vf64_add(*count, big);
    fa_smx64_lane_add(s, c, fa_vf64_sub(e, big));
}

/* inv_lo = (1 - s inv) / s for inv = 1/s (0 without FMA: fa_smx64_divided divides) */
FA_INLINE double fa_smx64_inv_lo(double s, double inv) {
#if defined(FA_SIMD_LAYER_SSE2)
    (void)s;
    (void)inv;
    return 0.0;
#else
    return fa_fnma_f64(s, inv, 1.0) * inv;
#endif
}

/* e / s rounded once, as axis_dtype.inc's divided: with FMA e inv + e inv_lo;
 * x86-64's baseline (sse2.h, no FMA: its fma is Dekker's product, emulated)
 * divides */
FA_INLINE fa_vf64 fa_smx64_divided(fa_vf64 e, fa_vf64 vs, fa_vf64 vinv, fa_vf64 vlo) {
#if defined(FA_SIMD_LAYER_SSE2)
    (void)vinv;
    (void)vlo;
    return fa_vf64_div(e, vs);
#else
    (void)vs;
    return fa_vf64_fma(e, vinv, fa_vf64_mul(e, vlo));
#endif
}

/* softmax: y = e / s rounded once (y holds e), fa_smx64_divided */
FA_INLINE void fa_smx64_divide_row(double *FA_RESTRICT y, size_t n, double s) {
    const double inv = 1.0 / s;
    const fa_vf64 vs = fa_vf64_set1(s), vinv = fa_vf64_set1(inv);
    const fa_vf64 vlo = fa_vf64_set1(fa_smx64_inv_lo(s, inv));
    size_t j = 0;
    for (; j + FA_SMX64_W <= n; j += FA_SMX64_W)
        fa_vf64_store(y + j, fa_smx64_divided(fa_vf64_load(y + j), vs, vinv, vlo));
    if (j < n)
        fa_vf64_store_first(
            y + j, fa_smx64_divided(fa_vf64_load_first(y + j, n - j), vs, vinv, vlo), n - j);
}

/* log_softmax's s - 1 where fa_smx64_lane_add1's lanes are not enough: at
 * least 2^-20, the error is below 2^-60 of it (k <= 2^13 adds a lane for
 * rows of 50257 on AVX2). Rows below (the top e = 1 over terms summing to
 * under 2^-20: x - m <= -14 - log n for all the others) are summed again:
 * each e > 1/2 joins as e - 1 (exact) and is counted (exact in double), the
 * terms two vectors at a time in a TwoSum lane (2^-53 of the pair: the
 * sum before session 9) */
#define FA_SMX64_SM1_MIN 0x1p-20
FA_NOINLINE double fa_smx64_sm1_exact(const double *FA_RESTRICT x, size_t n, double m, int mode,
                                      int fast) {
    const fa_vf64 negm = fa_vf64_set1(-m), zero = fa_vf64_set1(0.0);
    const fa_vf64 xlo = fa_vf64_set1(m + FA_SMX64_CLAMP);
    fa_vf64 s0 = zero, c0 = zero, count = zero;
    size_t j = 0;
    for (; j + 2 * FA_SMX64_W <= n; j += 2 * FA_SMX64_W) {
        const fa_vf64 e0 = fa_smx64_exp_row(fa_vf64_load(x + j), negm, xlo, mode, fast);
        const fa_vf64 e1 =
            fa_smx64_exp_row(fa_vf64_load(x + j + FA_SMX64_W), negm, xlo, mode, fast);
        const fa_vf64 b0 = fa_vf64_round(e0), b1 = fa_vf64_round(e1);
        count = fa_vf64_add(count, fa_vf64_add(b0, b1));
        fa_smx64_lane_add(&s0, &c0, fa_vf64_add(fa_vf64_sub(e0, b0), fa_vf64_sub(e1, b1)));
    }
    for (; j < n; j += FA_SMX64_W) {
        const size_t rem = n - j < FA_SMX64_W ? n - j : FA_SMX64_W;
        fa_smx64_add_split(
            fa_smx64_first(fa_smx64_exp_row(fa_vf64_load_first(x + j, rem), negm, xlo, mode, fast),
                           rem),
            &s0, &c0, &count);
    }
    double lane[FA_SMX64_W];
    fa_vf64_store(lane, count);
    double counted = 0.0;
    for (int k = 0; k < FA_SMX64_W; k++) counted += lane[k];
    return fa_smx64_total(s0, zero, c0, zero, 0.0, 0.0) + (counted - 1.0);
}

/* softmax: y = e^(x - m), returns s. log_softmax: returns s - 1, and in rows
 * longer than FA_SMX_KEEP_D writes y = x - m beside the reads of x (so that
 * y's pages fault in here: softmax_f32.h says why); fa_smx64_log_row then
 * writes y from x again. prev (NULL: none; softmax only): the row before, of
 * the same n, whose e are divided by its sum s_prev here (fa_smx64_divide_row's
 * operations) beside this row's exp (kernels/axis_dtype.inc's
 * fa_simd_softmax_fused_f64). */
FA_INLINE double fa_smx64_row_sum_at(const double *FA_RESTRICT x, double *FA_RESTRICT y, size_t n,
                                     double m, int log_variant, int mode, int fast,
                                     const double *next_x, const double *next_y,
                                     double *FA_RESTRICT prev, double s_prev) {
    const fa_vf64 negm = fa_vf64_set1(-m), zero = fa_vf64_set1(0.0), one = fa_vf64_set1(1.0);
    const fa_vf64 xlo = fa_vf64_set1(m + FA_SMX64_CLAMP);
    fa_vf64 s0 = zero, s1 = zero, c0 = zero, c1 = zero;
    size_t j = 0;
    if (!log_variant) {
        const double inv = prev != NULL ? 1.0 / s_prev : 0.0;
        const double inv_lo = prev != NULL ? fa_smx64_inv_lo(s_prev, inv) : 0.0;
        const fa_vf64 vinv = fa_vf64_set1(inv), vlo = fa_vf64_set1(inv_lo);
        const fa_vf64 vs = fa_vf64_set1(s_prev);
        s0 = s1 = one; /* fa_smx64_lane_add1 */
        for (; j + 2 * FA_SMX64_W <= n; j += 2 * FA_SMX64_W) {
            const fa_vf64 e0 = fa_smx64_exp_row(fa_vf64_load(x + j), negm, xlo, mode, fast);
            const fa_vf64 e1 =
                fa_smx64_exp_row(fa_vf64_load(x + j + FA_SMX64_W), negm, xlo, mode, fast);
            fa_vf64_store(y + j, e0);
            fa_vf64_store(y + j + FA_SMX64_W, e1);
            if (next_x != NULL) fa_smx_prefetch_next(next_x, next_y, 8 * j, 16 * FA_SMX64_W);
            if (prev != NULL) {
                const fa_vf64 p0 = fa_vf64_load(prev + j), p1 = fa_vf64_load(prev + j + FA_SMX64_W);
                fa_vf64_store(prev + j, fa_smx64_divided(p0, vs, vinv, vlo));
                fa_vf64_store(prev + j + FA_SMX64_W, fa_smx64_divided(p1, vs, vinv, vlo));
            }
            fa_smx64_lane_add1(&s0, &c0, e0);
            fa_smx64_lane_add1(&s1, &c1, e1);
        }
        if (prev != NULL) fa_smx64_divide_row(prev + j, n - j, s_prev);
        for (; j < n; j += FA_SMX64_W) {
            const size_t rem = n - j < FA_SMX64_W ? n - j : FA_SMX64_W;
            const fa_vf64 e = fa_smx64_first(
                fa_smx64_exp_row(fa_vf64_load_first(x + j, rem), negm, xlo, mode, fast), rem);
            fa_vf64_store_first(y + j, e, rem);
            fa_smx64_lane_add1(&s0, &c0, e);
        }
        return fa_smx64_total(s0, s1, c0, c1, 1.0, 0.0);
    }
    /* s - 1 by softmax's lanes, fa_smx64_total's start -1; below
     * FA_SMX64_SM1_MIN (NaN too) again by fa_smx64_sm1_exact. Rows of up to
     * two vectors take fa_smx64_sm1_exact alone (chosen when strided axes had
     * a loop of their own, whose sums agreed with it in bits where n <=
     * FA_SMX64_W; they run these rows since session 10) */
    if (n <= 2 * FA_SMX64_W) return fa_smx64_sm1_exact(x, n, m, mode, fast);
    const int keep_d = n > FA_SMX_KEEP_D;
    s0 = s1 = one;
    for (; j + 2 * FA_SMX64_W <= n; j += 2 * FA_SMX64_W) {
        const fa_vf64 x0 = fa_vf64_load(x + j), x1 = fa_vf64_load(x + j + FA_SMX64_W);
        if (keep_d) {
            fa_vf64_store(y + j, fa_vf64_add(x0, negm));
            fa_vf64_store(y + j + FA_SMX64_W, fa_vf64_add(x1, negm));
        }
        if (next_x != NULL) fa_smx_prefetch_next(next_x, next_y, 8 * j, 16 * FA_SMX64_W);
        fa_smx64_lane_add1(&s0, &c0, fa_smx64_exp_row(x0, negm, xlo, mode, fast));
        fa_smx64_lane_add1(&s1, &c1, fa_smx64_exp_row(x1, negm, xlo, mode, fast));
    }
    for (; j + FA_SMX64_W <= n; j += FA_SMX64_W) {
        const fa_vf64 vx = fa_vf64_load(x + j);
        if (keep_d) fa_vf64_store(y + j, fa_vf64_add(vx, negm));
        fa_smx64_lane_add1(&s0, &c0, fa_smx64_exp_row(vx, negm, xlo, mode, fast));
    }
    if (j < n) {
        const size_t rem = n - j;
        const fa_vf64 vx = fa_vf64_load_first(x + j, rem);
        if (keep_d) fa_vf64_store_first(y + j, fa_vf64_add(vx, negm), rem);
        fa_smx64_lane_add1(&s0, &c0,
                           fa_smx64_first(fa_smx64_exp_row(vx, negm, xlo, mode, fast), rem));
    }
    const double sm1 = fa_smx64_total(s0, s1, c0, c1, 1.0, -1.0);
    return sm1 >= FA_SMX64_SM1_MIN ? sm1 : fa_smx64_sm1_exact(x, n, m, mode, fast);
}

/* the row's sum for max m and min lowest (fa_smx64_row_max): two copies of
 * the loop, with and without the fast scaling; next_x, next_y: the next row
 * (NULL: none), asked for as it goes (softmax_f32.h's fa_smx_prefetch_next) */
FA_INLINE double fa_smx64_row_sum(const double *FA_RESTRICT x, double *FA_RESTRICT y, size_t n,
                                  double m, double lowest, int log_variant, const double *next_x,
                                  const double *next_y) {
    if (!FA_SIMD_PERMUTE_CHEAP && m - lowest <= FA_SMX64_FAST_SPREAD)
        return log_variant ? fa_smx64_row_sum_at(x, y, n, m, 1, FA_SMX64_NO_CLAMP, 1, next_x,
                                                 next_y, NULL, 1.0)
                           : fa_smx64_row_sum_at(x, y, n, m, 0, FA_SMX64_NO_CLAMP, 1, next_x,
                                                 next_y, NULL, 1.0);
    if (m >= -FA_SMX64_CLAMP_X_M && m <= FA_SMX64_CLAMP_X_M)
        return log_variant ? fa_smx64_row_sum_at(x, y, n, m, 1, FA_SMX64_CLAMP_X, 0, next_x, next_y,
                                                 NULL, 1.0)
                           : fa_smx64_row_sum_at(x, y, n, m, 0, FA_SMX64_CLAMP_X, 0, next_x, next_y,
                                                 NULL, 1.0);
    return log_variant
               ? fa_smx64_row_sum_at(x, y, n, m, 1, FA_SMX64_CLAMP_D, 0, next_x, next_y, NULL, 1.0)
               : fa_smx64_row_sum_at(x, y, n, m, 0, FA_SMX64_CLAMP_D, 0, next_x, next_y, NULL, 1.0);
}

/* softmax's fa_smx64_row_sum (log_variant 0), dividing prev (the row before's
 * e, NULL: none) by its sum s_prev as it goes */
FA_INLINE double fa_smx64_row_sum_dividing(const double *FA_RESTRICT x, double *FA_RESTRICT y,
                                           size_t n, double m, double lowest, const double *next_x,
                                           const double *next_y, double *FA_RESTRICT prev,
                                           double s_prev) {
    if (!FA_SIMD_PERMUTE_CHEAP && m - lowest <= FA_SMX64_FAST_SPREAD)
        return fa_smx64_row_sum_at(x, y, n, m, 0, FA_SMX64_NO_CLAMP, 1, next_x, next_y, prev,
                                   s_prev);
    if (m >= -FA_SMX64_CLAMP_X_M && m <= FA_SMX64_CLAMP_X_M)
        return fa_smx64_row_sum_at(x, y, n, m, 0, FA_SMX64_CLAMP_X, 0, next_x, next_y, prev,
                                   s_prev);
    return fa_smx64_row_sum_at(x, y, n, m, 0, FA_SMX64_CLAMP_D, 0, next_x, next_y, prev, s_prev);
}

/* log_softmax: y = x + c with c = -(m + shift) as c_hi + c_lo (TwoSum, once
 * a row): y = (x + c_hi) + c_lo, two operations. The first rounds at most
 * 1/2 ULP of y - c_lo, and exactly (Sterbenz) where c_lo is not small
 * against y; the second 1/2 ULP of y: 1.5 ULP at most beside log s's own
 * error. Session 6 took x - m's rounding error dlo (TwoSum) joining -shift
 * first, y = d + (dlo - shift): ten operations with its NaN check (x =
 * -inf). With this file's sum, the worst log_softmax row of
 * benchmarks/softmax_ulp.py went 1.78 -> 1.53 ULP (AVX2), 1.92 -> 1.62
 * (AVX-512); log_softmax rows 1.06-1.29x faster (ACCURACY.md, BENCHMARKS.md
 * 2026-12-07 session 9). x = -inf gives -inf; NaN in x, m or shift stays NaN. */
FA_INLINE fa_vf64 fa_smx64_log_y(fa_vf64 x, fa_vf64 c_hi, fa_vf64 c_lo) {
    return fa_vf64_add(fa_vf64_add(x, c_hi), c_lo);
}

FA_INLINE void fa_smx64_log_row(const double *FA_RESTRICT x, double *FA_RESTRICT y, size_t n,
                                double m, double shift) {
    double lo;
    const double hi = fa_two_sum_f64(-m, -shift, &lo);
    const fa_vf64 c_hi = fa_vf64_set1(hi), c_lo = fa_vf64_set1(lo);
    size_t j = 0;
    for (; j + FA_SMX64_W <= n; j += FA_SMX64_W)
        fa_vf64_store(y + j, fa_smx64_log_y(fa_vf64_load(x + j), c_hi, c_lo));
    if (j < n)
        fa_vf64_store_first(y + j, fa_smx64_log_y(fa_vf64_load_first(x + j, n - j), c_hi, c_lo),
                            n - j);
}
#endif

#endif
