/* A conformance test of the vector op layer (avx512.h, avx2.h, neon.h, sse2.h,
 * scalar.h) against its contracts, run lane by lane against plain C on chosen
 * inputs (zeros of both signs, subnormals, ties, infinities, NaN, range ends),
 * as XNNPACK's test/simd and NumPy's npyv tests do. Compiled into every
 * variant that has the layer (kernels/elementwise.c), over scalar.h at
 * baseline (simd/scalar_selftest.c) and over sse2.h on every x86-64 build
 * (simd/sse2_selftest.c); fastact._core.simd_op_selftest(isa),
 * scalar_op_selftest() and sse2_op_selftest() run it, and
 * tests/test_simd_ops.py asserts it passes on every variant the machine runs (and on NEON under qemu-user).
 *
 * fa_simd_op_selftest_here(failed, size) writes the names of the ops that broke
 * their contract (space separated) into failed and returns their count. */
#ifndef FASTACT_SIMD_OP_SELFTEST_H
#define FASTACT_SIMD_OP_SELFTEST_H

#include <math.h> /* NAN, INFINITY */
#include <stdint.h>
#include <string.h>

#include "simd/simd.h"

#if FA_SIMD

enum { FA_OPT_MAX_LANES = 16, FA_OPT_N_VALUES = 16 };

/* The lane arrays, 64-byte aligned on purpose. GCC 12 with AVX-512 raises the
 * alignment of 64-byte local arrays to 64 by itself and then reads them with
 * aligned loads (vmovaps), but under ASan with detect_stack_use_after_return=1
 * the frame moved to ASan's fake stack puts such an array only 32-byte
 * aligned: the load faults (tools/sanitize.sh; reproduced outside Python
 * with -fno-inline-functions-called-once; Clang does not do it). Declared
 * alignment is laid out correctly on both stacks. */
#define FA_OPT_ARRAY FA_ALIGNED(64)

static void fa_opt_fail(char *failed, size_t size, int *count, const char *op) {
    const size_t len = strlen(op);
    for (const char *at = failed; (at = strstr(at, op)) != NULL; at += len)
        if ((at == failed || at[-1] == ' ') && (at[len] == ' ' || at[len] == '\0'))
            return; /* each op once */
    (*count)++;
    const size_t used = strlen(failed);
    if (used + len + 2 > size) return;
    if (used > 0) failed[used] = ' ';
    memcpy(failed + used + (used > 0), op, len + 1);
}

/* 2^k as a double, k in [-1022, 1023]; floor of a small double; no libm here
 * (the extension links none) */
static double fa_opt_pow2(int k) { return fa_from_bits_f64((uint64_t)(k + 1023) << 52); }
static double fa_opt_floor(double x) {
    const double t = (double)(long long)x;
    return t > x ? t - 1 : t;
}
/* v 2^k for |k| <= 2044, rounded once (the factors are exact powers of two) */
static double fa_opt_scale_f64(double v, int k) {
    const int half = k / 2;
    return v * fa_opt_pow2(half) * fa_opt_pow2(k - half);
}
static float fa_opt_scale_f32(float v, int k) { return (float)fa_opt_scale_f64(v, k); }

/* the same float: equal bits, or both NaN (payloads are not part of any contract) */
static int fa_opt_same_f32(float a, float b) {
    return (a != a && b != b) || memcmp(&a, &b, sizeof a) == 0;
}
static int fa_opt_same_f64(double a, double b) {
    return (a != a && b != b) || memcmp(&a, &b, sizeof a) == 0;
}

/* the fused reference: the hardware's where the target has FMA, else scalar.h's
 * exact emulation (the only layer that builds without FMA; tests/test_simd_ops.py
 * holds that emulation to exact rational arithmetic) */
#if FA_TARGET_HAS_FMA
#define fa_opt_fma_f32 fa_fma_f32
#define fa_opt_fma_f64 fa_fma_f64
#else
#define fa_opt_fma_f32 fa_scalar_soft_fma_f32
#define fa_opt_fma_f64 fa_scalar_soft_fma_f64
#endif

/* r is the fused a b + c of this layer: rounded once, or for float on a layer
 * that rounds it through double (simd/sse2.h: FA_SIMD_FMA_F32_DOUBLE_ROUNDED)
 * that double rounding's value, which differs only where the double lands on
 * a midpoint between floats */
static int fa_opt_fused_f32(float r, float a, float b, float c) {
#if defined(FA_SIMD_FMA_F32_DOUBLE_ROUNDED) && FA_SIMD_FMA_F32_DOUBLE_ROUNDED
    volatile double product = (double)a * (double)b; /* no contraction */
    if (fa_opt_same_f32(r, (float)(product + (double)c))) return 1;
#endif
    return fa_opt_same_f32(r, fa_opt_fma_f32(a, b, c));
}
static int fa_opt_fused_f64(double r, double a, double b, double c) {
    return fa_opt_same_f64(r, fa_opt_fma_f64(a, b, c));
}

/* r is this layer's _mul_add(a, b, c): its fused op where the target has FMA
 * or the layer asks for it (simd/simd.h), else the product rounded, then the
 * sum rounded */
#if FA_TARGET_HAS_FMA || FA_SIMD_MUL_ADD_FUSED
#define fa_opt_mul_add_f32 fa_opt_fused_f32
#define fa_opt_mul_add_f64 fa_opt_fused_f64
#else
static int fa_opt_mul_add_f32(float r, float a, float b, float c) {
    volatile float product = a * b; /* no contraction */
    return fa_opt_same_f32(r, product + c);
}
static int fa_opt_mul_add_f64(double r, double a, double b, double c) {
    volatile double product = a * b;
    return fa_opt_same_f64(r, product + c);
}
#endif

#define FA_OPT_CHECK(cond, op)                                                                     \
    do {                                                                                           \
        if (!(cond)) fa_opt_fail(failed, size, &count, op);                                        \
    } while (0)

/* clang-format off */
/* The checks both dtypes share: S the suffix, T the element type, F the libm
 * MAXK scale2's |k| bound, EPS the unit roundoff 2^-p + 1. */
#define FA_OPT_DEFINE(S, T, MAXK, HUGE, TINY, EPS)                                               \
    static int fa_opt_check_##S(char *failed, size_t size) {                                   \
        enum { W = FA_V_LANES_##S };                                                           \
        static const T values[FA_OPT_N_VALUES] = {0, -0.0, 1, -1, 1.5, -2.5, 2.5, 0.1,         \
                                                  HUGE, -HUGE, TINY, -TINY, INFINITY,          \
                                                  -INFINITY, NAN, 7};                          \
        FA_OPT_ARRAY T a[FA_OPT_MAX_LANES], b[FA_OPT_MAX_LANES], c[FA_OPT_MAX_LANES],        \
            r[FA_OPT_MAX_LANES];                                                               \
        int count = 0;                                                                         \
        const fa_v##S one = fa_v##S##_set1(1), zero = fa_v##S##_set1(0);                       \
        /* every pair of values meets in lane 0, the other lanes see others */                \
        for (int shift = 0; shift < FA_OPT_N_VALUES * FA_OPT_N_VALUES; shift++) {              \
            const int sa = shift % FA_OPT_N_VALUES, sb = shift / FA_OPT_N_VALUES;              \
            for (int i = 0; i < W; i++) {                                                      \
                a[i] = values[(i + sa) % FA_OPT_N_VALUES];                                     \
                b[i] = values[(3 * i + sb) % FA_OPT_N_VALUES];                                 \
                c[i] = values[(5 * i + sa + sb + 1) % FA_OPT_N_VALUES];                        \
            }                                                                                  \
            const fa_v##S va = fa_v##S##_load(a), vb = fa_v##S##_load(b), vc = fa_v##S##_load(c); \
            /* each op into r, then every lane against plain C */                             \
            fa_v##S##_store(r, fa_v##S##_add(va, vb));                                         \
            for (int i = 0; i < W; i++) FA_OPT_CHECK(fa_opt_same_##S(r[i], a[i] + b[i]), "add_" #S); \
            fa_v##S##_store(r, fa_v##S##_sub(va, vb));                                         \
            for (int i = 0; i < W; i++) FA_OPT_CHECK(fa_opt_same_##S(r[i], a[i] - b[i]), "sub_" #S); \
            fa_v##S##_store(r, fa_v##S##_mul(va, vb));                                         \
            for (int i = 0; i < W; i++) FA_OPT_CHECK(fa_opt_same_##S(r[i], a[i] * b[i]), "mul_" #S); \
            fa_v##S##_store(r, fa_v##S##_div(va, vb));                                         \
            for (int i = 0; i < W; i++) FA_OPT_CHECK(fa_opt_same_##S(r[i], a[i] / b[i]), "div_" #S); \
            fa_v##S##_store(r, fa_v##S##_fma(va, vb, vc));                                     \
            for (int i = 0; i < W; i++)                                                        \
                FA_OPT_CHECK(fa_opt_fused_##S(r[i], a[i], b[i], c[i]), "fma_" #S);      \
            fa_v##S##_store(r, fa_v##S##_fnma(va, vb, vc));                                    \
            for (int i = 0; i < W; i++)                                                        \
                FA_OPT_CHECK(fa_opt_fused_##S(r[i], -a[i], b[i], c[i]), "fnma_" #S);    \
            fa_v##S##_store(r, fa_v##S##_fms(va, vb, vc));                                     \
            for (int i = 0; i < W; i++)                                                        \
                FA_OPT_CHECK(fa_opt_fused_##S(r[i], a[i], b[i], -c[i]), "fms_" #S);     \
            fa_v##S##_store(r, fa_v##S##_mul_add(va, vb, vc));                                 \
            for (int i = 0; i < W; i++)                                                        \
                FA_OPT_CHECK(fa_opt_mul_add_##S(r[i], a[i], b[i], c[i]), "mul_add_" #S);   \
            fa_v##S##_store(r, fa_v##S##_nmul_add(va, vb, vc));                                \
            for (int i = 0; i < W; i++)                                                        \
                FA_OPT_CHECK(fa_opt_mul_add_##S(r[i], -a[i], b[i], c[i]), "nmul_add_" #S); \
            fa_v##S##_store(r, fa_v##S##_copysign(va, vb));                                    \
            for (int i = 0; i < W; i++)                                                        \
                FA_OPT_CHECK(fa_opt_same_##S(r[i], fa_copysign_##S(a[i], b[i])), "copysign_" #S);  \
            fa_v##S##_store(r, fa_v##S##_or_sign(fa_v##S##_abs(va), vb));                      \
            for (int i = 0; i < W; i++)                                                        \
                FA_OPT_CHECK(fa_opt_same_##S(r[i], fa_copysign_##S(a[i], b[i])), "or_sign_" #S);   \
            fa_v##S##_store(r, fa_v##S##_neg_abs(va));                                         \
            for (int i = 0; i < W; i++)                                                        \
                FA_OPT_CHECK(fa_opt_same_##S(r[i], -fa_abs_##S(a[i])), "neg_abs_" #S);            \
            fa_v##S##_store(r, fa_v##S##_abs(va));                                             \
            for (int i = 0; i < W; i++) FA_OPT_CHECK(fa_opt_same_##S(r[i], fa_abs_##S(a[i])), "abs_" #S); \
            fa_v##S##_store(r, fa_v##S##_select(fa_v##S##_ge(va, vb), one, zero));             \
            for (int i = 0; i < W; i++) FA_OPT_CHECK(r[i] == (a[i] >= b[i] ? 1 : 0), "ge_" #S);  \
            fa_v##S##_store(r, fa_v##S##_select(fa_v##S##_lt(va, vb), va, vb));                \
            for (int i = 0; i < W; i++)                                                        \
                FA_OPT_CHECK(fa_opt_same_##S(r[i], a[i] < b[i] ? a[i] : b[i]), "lt_select_" #S); \
            fa_v##S##_store(r, fa_v##S##_zero_where(fa_v##S##_lt(va, vb), vc));                \
            for (int i = 0; i < W; i++)                                                        \
                FA_OPT_CHECK(fa_opt_same_##S(r[i], a[i] < b[i] ? 0 : c[i]), "zero_where_" #S); \
            fa_v##S##_store(r, fa_v##S##_select(fa_v##S##_nan(vb), one, zero));                \
            for (int i = 0; i < W; i++) FA_OPT_CHECK(r[i] == (b[i] != b[i] ? 1 : 0), "nan_" #S); \
            {                                                                                  \
                int any = 0;                                                                   \
                for (int i = 0; i < W; i++) any |= a[i] < b[i];                                \
                FA_OPT_CHECK(fa_v##S##_any(fa_v##S##_lt(va, vb)) == any, "any_" #S);           \
            }                                                                                  \
            fa_v##S##_store(r, fa_v##S##_select_sign(vb, va, vc));                             \
            for (int i = 0; i < W; i++)                                                        \
                FA_OPT_CHECK(fa_opt_same_##S(r[i], (fa_bits_##S(b[i]) >> (8 * sizeof(T) - 1)) ? a[i] : c[i]), "select_sign_" #S); \
            /* max/min_keep_nan(c, x): c is a constant, never NaN; zeros of both     \
             * signs may come out either way */                                        \
            if (b[0] == b[0]) {                                                                \
                const fa_v##S cst = fa_v##S##_set1(b[0]);                                      \
                fa_v##S##_store(r, fa_v##S##_max_keep_nan(cst, va));                          \
                for (int i = 0; i < W; i++)                                                    \
                    FA_OPT_CHECK(a[i] != a[i] ? r[i] != r[i]                                   \
                                 : r[i] == (b[0] > a[i] ? b[0] : a[i]), "max_keep_nan_" #S);   \
                fa_v##S##_store(r, fa_v##S##_min_keep_nan(cst, va));                           \
                for (int i = 0; i < W; i++)                                                    \
                    FA_OPT_CHECK(a[i] != a[i] ? r[i] != r[i]                                   \
                                 : r[i] == (b[0] < a[i] ? b[0] : a[i]), "min_keep_nan_" #S);   \
            }                                                                                  \
        }                                                                                      \
        /* round: to nearest, ties to even */                                                  \
        {                                                                                      \
            static const T ties[8] = {0.5, 1.5, 2.5, -0.5, -2.5, 3.49999, 1e6 + 0.5, -7.5};    \
            static const T even[8] = {0, 2, 2, -0.0, -2, 3, 1e6, -8};                          \
            for (int start = 0; start < 8; start += W) { /* every tie, whatever W */          \
                for (int i = 0; i < W; i++) a[i] = ties[(start + i) % 8];                      \
                fa_v##S##_store(r, fa_v##S##_round(fa_v##S##_load(a)));                        \
                for (int i = 0; i < W; i++)                                                    \
                    FA_OPT_CHECK(fa_opt_same_##S(r[i], even[(start + i) % 8]), "round_" #S);   \
            }                                                                                  \
        }                                                                                      \
        /* load_first / store_first: n lanes, the others 0 / untouched */                      \
        for (size_t n = 0; n < (size_t)W; n++) {                                               \
            for (int i = 0; i < W; i++) a[i] = (T)(i + 1), r[i] = -1;                          \
            fa_v##S##_store(c, fa_v##S##_load_first(a, n));                                    \
            fa_v##S##_store_first(r, fa_v##S##_set1(9), n);                                    \
            for (int i = 0; i < W; i++) {                                                      \
                FA_OPT_CHECK(fa_opt_same_##S(c[i], (size_t)i < n ? a[i] : 0), "load_first_" #S); \
                FA_OPT_CHECK(r[i] == ((size_t)i < n ? 9 : -1), "store_first_" #S);             \
            }                                                                                  \
        }                                                                                      \
        /* scale2: v 2^k, rounded once, |k| <= MAXK */                                         \
        for (int k = -MAXK; k <= MAXK; k += 3) {                                               \
            for (int i = 0; i < W; i++) a[i] = (T)(1 + 0.125 * i) * (i & 1 ? -1 : 1);          \
            fa_v##S##_store(r, fa_v##S##_scale2(fa_v##S##_load(a), fa_v##S##_set1((T)k)));     \
            for (int i = 0; i < W; i++)                                                        \
                FA_OPT_CHECK(fa_opt_same_##S(r[i], fa_opt_scale_##S(a[i], k)), "scale2_" #S);         \
        }                                                                                      \
        /* recip_seed: |1 - d y| <= 2^-FA_RECIP_SEED_BITS for d in [1, 2] */                  \
        for (int step = 0; step < 64; step++) {                                                \
            for (int i = 0; i < W; i++) a[i] = (T)(1 + (step * W + i) / (64.0 * W));           \
            fa_v##S##_store(r, fa_v##S##_recip_seed(fa_v##S##_load(a)));                       \
            for (int i = 0; i < W; i++)                                                        \
                FA_OPT_CHECK(fa_abs_f64(fa_opt_fma_f64(-(double)a[i], (double)r[i], 1.0)) <=  \
                                 fa_opt_pow2(-FA_RECIP_SEED_BITS_##S), "recip_seed_" #S);       \
        }                                                                                      \
        /* inv: 1/d for 1 <= d <= 2^120, within an ULP of the correctly rounded value */      \
        for (int e = 0; e <= 120; e += 7) {                                                    \
            for (int i = 0; i < W; i++) a[i] = (T)((1 + 0.0625 * i + 0.001 * e) * fa_opt_pow2(e)); \
            fa_v##S##_store(r, fa_v##S##_inv(fa_v##S##_load(a)));                              \
            for (int i = 0; i < W; i++) {                                                      \
                const T exact = 1 / a[i];                                                      \
                FA_OPT_CHECK(fa_abs_##S(r[i] - exact) <= fa_abs_##S(exact) * (T)EPS, "inv_" #S); \
            }                                                                                  \
        }                                                                                      \
        return count;                                                                          \
    }

FA_OPT_DEFINE(f32, float, 252, 3e38f, 1e-40f, 0x1p-23)
FA_OPT_DEFINE(f64, double, 2044, 1.7e308, 5e-320, 0x1p-52)
#undef FA_OPT_DEFINE
/* clang-format on */

/* the ops only one dtype has: exponent and table helpers, float <-> double */
static int fa_opt_check_helpers(char *failed, size_t size) {
    enum { W = FA_V_LANES_f32, W64 = FA_V_LANES_f64 };
    static const float table32[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static const double table64[16] = {-1, -2,  -3,  -4,  -5,  -6,  -7,  -8,
                                       -9, -10, -11, -12, -13, -14, -15, -16};
    FA_OPT_ARRAY float a[FA_OPT_MAX_LANES], r[FA_OPT_MAX_LANES];
    FA_OPT_ARRAY double d[FA_OPT_MAX_LANES], q[FA_OPT_MAX_LANES];
    int count = 0;
    /* widen_lo / widen_hi / narrow: exact both ways (one lane: hi is +0) */
    for (int i = 0; i < W; i++) a[i] = (float)(i * 1.25 - 3) * 0x1p-130f;
    {
        enum { HALF = W > 1 ? W / 2 : 1 };
        const fa_vf32 v = fa_vf32_load(a);
        fa_vf64_store(d, fa_vf32_widen_lo(v));
        fa_vf64_store(d + HALF, fa_vf32_widen_hi(v));
        for (int i = 0; i < W; i++) FA_OPT_CHECK(d[i] == (double)a[i], "widen_f32");
        if (W == 1) FA_OPT_CHECK(fa_opt_same_f64(d[1], 0.0), "widen_f32");
        fa_vf32_store(r, fa_vf32_narrow(fa_vf64_load(d), fa_vf64_load(d + HALF)));
        for (int i = 0; i < W; i++) FA_OPT_CHECK(fa_opt_same_f32(r[i], a[i]), "narrow_f32");
    }
    /* lookup16 / lookup8: t[j], j the low bits of each lane's bit pattern */
    for (int base = 0; base < 16; base++) {
        FA_OPT_ARRAY uint32_t bits[FA_OPT_MAX_LANES];
        for (int i = 0; i < W; i++)
            bits[i] = 0x4b400000u + (uint32_t)(((base + 5 * i) & 15) | (i << 7));
        memcpy(a, bits, sizeof bits);
        fa_vf32_store(r, fa_vf32_lookup16(table32, fa_vf32_load(a)));
        for (int i = 0; i < W; i++) FA_OPT_CHECK(r[i] == table32[bits[i] & 15], "lookup16_f32");
        fa_vf32_store(r, fa_vf32_lookup8(table32, fa_vf32_load(a)));
        for (int i = 0; i < W; i++) FA_OPT_CHECK(r[i] == table32[bits[i] & 7], "lookup8_f32");
        FA_OPT_ARRAY uint64_t bits64[FA_OPT_MAX_LANES];
        for (int i = 0; i < W64; i++)
            bits64[i] = 0x4338000000000000ull + (uint64_t)(((base + 3 * i) & 15) | (i << 9));
        memcpy(d, bits64, sizeof(uint64_t) * W64);
        fa_vf64_store(q, fa_vf64_lookup16(table64, fa_vf64_load(d)));
        for (int i = 0; i < W64; i++) FA_OPT_CHECK(q[i] == table64[bits64[i] & 15], "lookup16_f64");
        fa_vf64_store(q, fa_vf64_lookup4(table64, fa_vf64_load(d)));
        for (int i = 0; i < W64; i++) FA_OPT_CHECK(q[i] == table64[bits64[i] & 3], "lookup4_f64");
    }
    /* pow2_floor / pow2_floor_plus32 / scale2_floor (float), for k = s - 0x1.8p19,
     * k in steps of 1/16 */
    for (int K = -158 * 16; K < 128 * 16; K += 7) {
        FA_OPT_ARRAY float s[FA_OPT_MAX_LANES], k[FA_OPT_MAX_LANES];
        for (int i = 0; i < W; i++) {
            k[i] = (float)(K + i) / 16;
            s[i] = 0x1.8p19f + k[i];
        }
        const fa_vf32 vk = fa_vf32_load(k), vs = fa_vf32_load(s);
        fa_vf32_store(r, fa_vf32_pow2_floor_plus32(vk, vs));
        for (int i = 0; i < W; i++)
            if (fa_opt_floor(k[i]) <= 95)
                FA_OPT_CHECK(r[i] == (float)fa_opt_pow2((int)fa_opt_floor(k[i]) + 32),
                             "pow2_floor_plus32_f32");
        fa_vf32_store(r, fa_vf32_pow2_floor(vk, vs));
        for (int i = 0; i < W; i++)
            if (k[i] >= 0 && fa_opt_floor(k[i]) <= 127)
                FA_OPT_CHECK(r[i] == (float)fa_opt_pow2((int)fa_opt_floor(k[i])), "pow2_floor_f32");
        fa_vf32_store(r, fa_vf32_scale2_floor(fa_vf32_set1(1.5f), vk));
        for (int i = 0; i < W; i++)
            FA_OPT_CHECK(r[i] == fa_opt_scale_f32(1.5f, (int)fa_opt_floor(k[i])),
                         "scale2_floor_f32");
    }
    /* abs_min(c, x) = min(c, |x|): both signs, zeros, infinities; NaN x: NaN or c */
    {
        static const float xs[12] = {0.0f,   -0.0f,  1.5f,   -1.5f,      14.5f, -14.5f,
                                     14.75f, -20.0f, 1e-45f, -0x1p-126f, 0.0f,  0.0f};
        FA_OPT_ARRAY float in[FA_OPT_MAX_LANES];
        for (int v = 0; v < 12; v += W < 12 ? W : 12) {
            for (int i = 0; i < W; i++) {
                const int n = (v + i) % 12;
                in[i] = n == 10 ? (float)INFINITY : n == 11 ? (float)NAN : xs[n];
                if (n == 10 && (i & 1)) in[i] = -in[i];
            }
            fa_vf32_store(r, fa_vf32_abs_min(fa_vf32_set1(14.5f), fa_vf32_load(in)));
            for (int i = 0; i < W; i++) {
                const float ax = fa_abs_f32(in[i]);
                /* NaN x: NaN or c */
                FA_OPT_CHECK(in[i] != in[i] ? r[i] != r[i] || r[i] == 14.5f
                                            : fa_opt_same_f32(r[i], ax < 14.5f ? ax : 14.5f),
                             "abs_min_f32");
            }
        }
    }
    /* pow2_biased: 2^j from v = shifter + j + bias; bits_shr */
    for (int j = -126; j <= 127; j++) {
        fa_vf32_store(r, fa_vf32_pow2_biased(fa_vf32_set1(0x1.8p23f + (float)(j + 127))));
        FA_OPT_CHECK(r[0] == (float)fa_opt_pow2(j), "pow2_biased_f32");
        fa_vf64_store(q, fa_vf64_pow2_biased(fa_vf64_set1(0x1.8p52 + (double)(8 * j + 1023))));
        FA_OPT_CHECK(q[0] == fa_opt_pow2(8 * j), "pow2_biased_f64");
    }
    {
        const float v = 0x1.234568p+3f;
        uint32_t bits, shifted;
        memcpy(&bits, &v, sizeof bits);
        fa_vf32_store(r, fa_vf32_bits_shr(fa_vf32_set1(v), 21));
        memcpy(&shifted, r, sizeof shifted);
        FA_OPT_CHECK(shifted == bits >> 21, "bits_shr_f32");
    }
    /* bits_add_shl: the integer sum wraps (a negative v's bits shifted) */
    for (int k = 0; k < 3; k++) {
        const float a = 0x1.f72b84p+63f, v = k < 2 ? 0x1.8p23f + (float)(5 - 700 * k) : -3.0f;
        uint32_t abits, vbits, sum;
        memcpy(&abits, &a, sizeof abits);
        memcpy(&vbits, &v, sizeof vbits);
        fa_vf32_store(r, fa_vf32_bits_add_shl(fa_vf32_set1(a), fa_vf32_set1(v), 20));
        memcpy(&sum, r, sizeof sum);
        FA_OPT_CHECK(sum == (uint32_t)(abits + (vbits << 20)), "bits_add_shl_f32");
    }
    /* doubles: scale2_shifted (k = n + 0x1.8p52), floor_for_scale2, pow2_floor
     * (t = k + 0x1.8p(52 - b), k in steps of 2^-b) */
    for (int n = -1022; n <= 1022; n += 5) {
        fa_vf64_store(q, fa_vf64_scale2_shifted(fa_vf64_set1(-1.25), fa_vf64_set1(0x1.8p52 + n)));
        FA_OPT_CHECK(q[0] == -1.25 * fa_opt_pow2(n), "scale2_shifted_f64");
        const double x = n + 0.75;
        fa_vf64_store(q,
                      fa_vf64_scale2(fa_vf64_set1(1), fa_vf64_floor_for_scale2(fa_vf64_set1(x))));
        FA_OPT_CHECK(q[0] == fa_opt_pow2((int)fa_opt_floor(x)), "floor_for_scale2_f64");
    }
    for (int b = 2; b <= 4; b += 2)
        for (int K = 0; K < 1023 << b; K += 37) {
            const double k = (double)K * fa_opt_pow2(-b);
            fa_vf64_store(q, fa_vf64_pow2_floor(fa_vf64_set1(k),
                                                fa_vf64_set1(1.5 * fa_opt_pow2(52 - b) + k), b));
            FA_OPT_CHECK(q[0] == fa_opt_pow2((int)fa_opt_floor(k)), "pow2_floor_f64");
        }
    /* recip_approx: |1 - d y| <= 2^-FA_RECIP_APPROX_BITS_f32 for 1 <= d <= 0x1.8p125
     * (mantissas across [1, 2) at exponents 0 .. 124, and 0x1.8p125 itself) */
    for (int step = 0; step < 64 * 126; step++) {
        const int e = step / 64;
        for (int i = 0; i < W; i++)
            a[i] = e == 125 ? 0x1.8p125f
                            : (float)((1 + ((step % 64) * W + i) / (64.0 * W)) * fa_opt_pow2(e));
        fa_vf32_store(r, fa_vf32_recip_approx(fa_vf32_load(a)));
        for (int i = 0; i < W; i++)
            FA_OPT_CHECK(fa_abs_f64(fa_opt_fma_f64(-(double)a[i], (double)r[i], 1.0)) <=
                             fa_opt_pow2(-FA_RECIP_APPROX_BITS_f32),
                         "recip_approx_f32");
    }
    /* bits_add_shl, doubles: the 64-bit sum wraps (a negative v's bits
     * shifted), n = 50 (a table entry and kf) and 52 (n into the exponent) */
    for (int k = 0; k < 4; k++) {
        const double a = 0x1.306fe0a31b715p-700,
                     v = k < 3 ? 0x1.8p52 + (double)(7 - 600 * k) : -3.0;
        uint64_t abits, vbits, sum;
        memcpy(&abits, &a, sizeof abits);
        memcpy(&vbits, &v, sizeof vbits);
        fa_vf64_store(q, fa_vf64_bits_add_shl(fa_vf64_set1(a), fa_vf64_set1(v), 50));
        memcpy(&sum, q, sizeof sum);
        FA_OPT_CHECK(sum == (uint64_t)(abits + (vbits << 50)), "bits_add_shl_f64");
        fa_vf64_store(q, fa_vf64_bits_add_shl(fa_vf64_set1(a), fa_vf64_set1(v), 52));
        memcpy(&sum, q, sizeof sum);
        FA_OPT_CHECK(sum == (uint64_t)(abits + (vbits << 52)), "bits_add_shl_f64");
    }
    return count;
}

/* _prod_err(a, b, p), p = _mul(a, b): on the pair grid of fa_opt_check_S's
 * values (zeros, +-1e308, subnormals, inf, NaN), squares and products of
 * significands with all bits set, a seeded sample over the whole exponent
 * range (subnormal operands included), and the ends of sse2.h's exact domain
 * (simd/simd.h). Where the error is a representable number (float: |a b| >=
 * 2^-101; double: sse2.h's domain, |a|, |b| < 2^996 and a b = 0 or 2^-968
 * <= |a b| < 2^1023) it must be exact: p + r = a b, checked in double for
 * float (the product is exact there) and by the fused reference (exact when
 * its result is representable) for double; NaN where a or b is inf or NaN;
 * and the layer's _fms itself everywhere except on sse2.h's double (Dekker's
 * product: outside the domain not specified). */
static uint64_t fa_opt_next(uint64_t *state) { /* SplitMix64 */
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
/* a random double of exponent e (-1074 <= e <= 1023; below -1022 a
 * subnormal with e + 1075 bits), random significand and sign */
static double fa_opt_random_f64(uint64_t *state, int e) {
    const uint64_t r = fa_opt_next(state), sign = r & 0x8000000000000000ull;
    if (e >= -1022)
        return fa_from_bits_f64(sign | (uint64_t)(e + 1023) << 52 | (r & 0xfffffffffffffull));
    return fa_from_bits_f64(sign | (1ull << (e + 1074)) | (r & ((1ull << (e + 1074)) - 1)));
}
static int fa_opt_prod_err_domain_f64(double a, double b) {
    const double aa = fa_abs_f64(a), ab = fa_abs_f64(b), m = aa * ab;
    return aa < 0x1p996 && ab < 0x1p996 &&
           (m == 0 ? aa == 0 || ab == 0 : m >= 0x1p-968 && m < 0x1p1023);
}
static int fa_opt_prod_err_ok_f64(double r, double a, double b) {
    const double p = a * b;
    if (!(a - a == 0 && b - b == 0)) return r != r; /* inf or NaN operand: NaN */
    if (fa_opt_prod_err_domain_f64(a, b)) return fa_opt_same_f64(r, fa_opt_fma_f64(a, b, -p));
#if defined(FA_SIMD_LAYER_SSE2)
    return 1; /* Dekker's product outside its domain */
#else
    return fa_opt_same_f64(r, fa_opt_fma_f64(a, b, -p)); /* the fused op */
#endif
}
static int fa_opt_prod_err_ok_f32(float r, float a, float b) {
    const float p = a * b;
    if (!(a - a == 0 && b - b == 0)) return r != r;
    const double exact = (double)a * (double)b;
    if (p - p == 0 && (exact == 0 || fa_abs_f64(exact) >= 0x1p-101) &&
        (double)p + (double)r != exact)
        return 0; /* p + r = a b, exactly */
    return fa_opt_fused_f32(r, a, b, -p);
}
static float fa_opt_random_f32(uint64_t *state, int e) { /* -149 <= e <= 127 */
    const uint32_t r = (uint32_t)(fa_opt_next(state) >> 32), sign = r & 0x80000000u;
    if (e >= -126) return fa_from_bits_f32(sign | (uint32_t)(e + 127) << 23 | (r & 0x7fffffu));
    return fa_from_bits_f32(sign | (1u << (e + 149)) | (r & ((1u << (e + 149)) - 1)));
}
/* an exponent in [low, high], then one for b with ea + eb in [sum_lo, sum_hi] */
static int fa_opt_random_int(uint64_t *state, int low, int high) {
    return low + (int)(fa_opt_next(state) % (uint64_t)(high - low + 1));
}
static void fa_opt_exponents(uint64_t *state, int low, int high, int sum_lo, int sum_hi, int *ea,
                             int *eb) {
    do {
        *ea = fa_opt_random_int(state, low, high);
    } while (sum_lo - *ea > high || sum_hi - *ea < low);
    *eb = fa_opt_random_int(state, sum_lo - *ea < low ? low : sum_lo - *ea,
                            sum_hi - *ea > high ? high : sum_hi - *ea);
}
static int fa_opt_check_prod_err(char *failed, size_t size) {
    enum { W = FA_V_LANES_f32, W64 = FA_V_LANES_f64, N = 64 * FA_OPT_MAX_LANES };
    static const double values[FA_OPT_N_VALUES] = {
        0,       -0.0,     1,      -1,      1.5,      -2.5,      2.5, 0.1,
        1.7e308, -1.7e308, 5e-320, -5e-320, INFINITY, -INFINITY, NAN, 7};
    static const float values32[FA_OPT_N_VALUES] = {
        0,     -0.0f,  1,      -1,      1.5f,     -2.5f,     2.5f, 0.1f,
        3e38f, -3e38f, 1e-40f, -1e-40f, INFINITY, -INFINITY, NAN,  7};
    /* the domain's ends and the split's worst cases (all bits set) */
    static const double edges[] = {0x1.fffffffffffffp995, 0x1p996, 0x1.fffffffffffffp0,
                                   0x1.fffffffffffffp511, 0x1p-484, 0x1.0000000000001p-484,
                                   0x1.8p-485, 0x1p-1074, 0x1.ffffffffffffep-1023, 0x1.4p+100, 3,
                                   0x1.8000001p0,
                                   /* just outside: the split overflows; a b ~ 2^-970 */
                                   0x1.fffffffffffffp996, 0x1.ffffffffffffdp-486};
    static const float edges32[] = {0x1.fffffep127f, 0x1.fffffep63f, 0x1p-50f,      0x1.000002p-51f,
                                    0x1p-149f,       0x1p-126f,      0x1.fffffep0f, 3,
                                    0x1.8p-60f,      0x1.001p0f,     0x1.4p+40f,    0x1.fffp-75f,
                                    0x1.fffffep-52f, 0x1.fffffap-52f};
    enum { N_EDGES = sizeof edges / sizeof edges[0] }; /* as many in edges32 */
    FA_OPT_ARRAY double a[N], b[N], r[N];
    FA_OPT_ARRAY float af[N], bf[N], rf[N];
    int count = 0, n = 0, ea, eb;
    uint64_t state = 17;
    FA_OPT_CHECK(sizeof edges32 / sizeof edges32[0] == N_EDGES,
                 "prod_err_f32"); /* the test's own */
    for (int i = 0; i < FA_OPT_N_VALUES; i++)
        for (int j = 0; j < FA_OPT_N_VALUES; j++, n++)
            a[n] = values[i], b[n] = values[j], af[n] = values32[i], bf[n] = values32[j];
    for (int i = 0; i < N_EDGES * N_EDGES; i++, n++) {
        a[n] = edges[i / N_EDGES] * (i & 1 ? -1 : 1), b[n] = edges[i % N_EDGES];
        af[n] = edges32[i / N_EDGES] * (i & 2 ? -1 : 1), bf[n] = edges32[i % N_EDGES];
    }
    for (; n < N; n++) { /* ea + eb across the domain's ends, and past them */
        fa_opt_exponents(&state, -1074, 1023, -1000, 1030, &ea, &eb);
        a[n] = fa_opt_random_f64(&state, ea), b[n] = fa_opt_random_f64(&state, eb);
        fa_opt_exponents(&state, -149, 127, -120, 130, &ea, &eb);
        af[n] = fa_opt_random_f32(&state, ea), bf[n] = fa_opt_random_f32(&state, eb);
    }
    for (int start = 0; start < N; start += W64) {
        const fa_vf64 va = fa_vf64_load(a + start), vb = fa_vf64_load(b + start);
        fa_vf64_store(r + start, fa_vf64_prod_err(va, vb, fa_vf64_mul(va, vb)));
    }
    for (int start = 0; start < N; start += W) {
        const fa_vf32 va = fa_vf32_load(af + start), vb = fa_vf32_load(bf + start);
        fa_vf32_store(rf + start, fa_vf32_prod_err(va, vb, fa_vf32_mul(va, vb)));
    }
    for (int i = 0; i < N; i++) {
        FA_OPT_CHECK(fa_opt_prod_err_ok_f64(r[i], a[i], b[i]), "prod_err_f64");
        FA_OPT_CHECK(fa_opt_prod_err_ok_f32(rf[i], af[i], bf[i]), "prod_err_f32");
    }
    return count;
}

static int fa_simd_op_selftest_here(char *failed, size_t size) {
    if (size > 0) failed[0] = '\0';
    return fa_opt_check_f32(failed, size) + fa_opt_check_f64(failed, size) +
           fa_opt_check_helpers(failed, size) + fa_opt_check_prod_err(failed, size);
}

#undef FA_OPT_CHECK
#undef FA_OPT_ARRAY
#endif /* FA_SIMD */
#endif
