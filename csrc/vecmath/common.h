/* Helpers shared by the vector math and the activation math. Everything is
 * inline and branch-free so that loops calling it vectorise. */
#ifndef FASTACT_VECMATH_COMMON_H
#define FASTACT_VECMATH_COMMON_H

#include <math.h> /* INFINITY and NAN only: no libm function is called */
#include <stdint.h>
#include <string.h>

#include "portable.h" /* FA_INLINE, FA_TARGET_HAS_FMA */

#define FA_CAT(a, b) a##b
#define FA_XCAT(a, b) FA_CAT(a, b)
#define FA_STR_(x) #x
#define FA_STR(x) FA_STR_(x) /* x's expansion, as a string literal */

/* Bit casts through memcpy: defined behaviour, and compilers turn them into
 * plain register moves (or nothing) inside vector loops. */
FA_INLINE uint32_t fa_bits_f32(float x) {
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}
FA_INLINE float fa_from_bits_f32(uint32_t u) {
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}
FA_INLINE uint64_t fa_bits_f64(double x) {
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}
FA_INLINE double fa_from_bits_f64(uint64_t u) {
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* |x| by clearing the sign bit (no libm call, exact for NaN and -0). */
FA_INLINE float fa_abs_f32(float x) { return fa_from_bits_f32(fa_bits_f32(x) & 0x7fffffffu); }
FA_INLINE double fa_abs_f64(double x) {
    return fa_from_bits_f64(fa_bits_f64(x) & 0x7fffffffffffffffull);
}

/* a b + c rounded once, as one instruction, where the target has FMA: never
 * libm's fma(), a call in the middle of a vector loop. MSVC has no
 * __builtin_fma; its scalar FMA intrinsics compile to the same vfmadd. */
#if FA_TARGET_HAS_FMA && FA_MSVC
#include <immintrin.h>
FA_INLINE float fa_fma_f32(float a, float b, float c) {
    return _mm_cvtss_f32(_mm_fmadd_ss(_mm_set_ss(a), _mm_set_ss(b), _mm_set_ss(c)));
}
FA_INLINE double fa_fma_f64(double a, double b, double c) {
    return _mm_cvtsd_f64(_mm_fmadd_sd(_mm_set_sd(a), _mm_set_sd(b), _mm_set_sd(c)));
}
#elif FA_TARGET_HAS_FMA
FA_INLINE float fa_fma_f32(float a, float b, float c) { return __builtin_fmaf(a, b, c); }
FA_INLINE double fa_fma_f64(double a, double b, double c) { return __builtin_fma(a, b, c); }
#endif

/* a * b = *hi + *lo exactly (for products that neither overflow nor underflow):
 * one fused multiply-add where the target has FMA, Dekker's splitting otherwise.
 * Used where a scaled argument (beta * x, x / sqrt 2) feeds an exponential whose
 * condition number is the argument itself. */
#if FA_TARGET_HAS_FMA
FA_INLINE float fa_two_prod_f32(float a, float b, float *lo) {
    const float hi = a * b;
    *lo = fa_fma_f32(a, b, -hi);
    return hi;
}
FA_INLINE double fa_two_prod_f64(double a, double b, double *lo) {
    const double hi = a * b;
    *lo = fa_fma_f64(a, b, -hi);
    return hi;
}
#else
/* Float inputs are exact in double, and so is their product (48 bits). */
FA_INLINE float fa_two_prod_f32(float a, float b, float *lo) {
    const double exact = (double)a * (double)b;
    const float hi = (float)exact;
    *lo = (float)(exact - (double)hi);
    return hi;
}
FA_INLINE double fa_dekker_high(double a) {
    const double split = a * 134217729.0; /* 2^27 + 1 */
    return split - (split - a);
}
FA_INLINE double fa_two_prod_f64(double a, double b, double *lo) {
    const double hi = a * b;
    const double a_hi = fa_dekker_high(a), a_lo = a - a_hi;
    const double b_hi = fa_dekker_high(b), b_lo = b - b_hi;
    *lo = ((a_hi * b_hi - hi) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo;
    return hi;
}
#endif

/* c - a b rounded once, for c within a few ULP of a b (then the result is the
 * exact remainder of a quotient or product): a fused multiply-add where the
 * target has FMA; otherwise float works in double (the product is exact there)
 * and double subtracts Dekker's exact product (c - hi is exact by Sterbenz). */
#if FA_TARGET_HAS_FMA
FA_INLINE float fa_fnma_f32(float a, float b, float c) { return fa_fma_f32(-a, b, c); }
FA_INLINE double fa_fnma_f64(double a, double b, double c) { return fa_fma_f64(-a, b, c); }
#else
FA_INLINE float fa_fnma_f32(float a, float b, float c) {
    return (float)((double)c - (double)a * (double)b);
}
FA_INLINE double fa_fnma_f64(double a, double b, double c) {
    double lo;
    const double hi = fa_two_prod_f64(a, b, &lo);
    return (c - hi) - lo;
}
#endif

/* (nh + nl) / (dh + dl), with |nl|, |dl| below an ULP of nh, dh and y within
 * ~15% of 1 / dh: the rounded quotient is corrected by the division's exact
 * remainder and the low parts, so the result carries one rounding plus a few
 * hundredths of an ULP (instead of the errors of nh, dh and the division).
 * Where the remainder would not be exact (|q| near overflow, q infinite or
 * NaN) the plain quotient is returned. */
FA_INLINE float fa_div2_f32(float nh, float nl, float dh, float dl, float y) {
    const float q = nh / dh;
    const float fixed = q + ((fa_fnma_f32(q, dh, nh) + (nl - q * dl)) * y);
    return fa_abs_f32(q) < 0x1p100f ? fixed : q;
}
FA_INLINE double fa_div2_f64(double nh, double nl, double dh, double dl, double y) {
    const double q = nh / dh;
    const double fixed = q + ((fa_fnma_f64(q, dh, nh) + (nl - q * dl)) * y);
    return fa_abs_f64(q) < 0x1p900 ? fixed : q;
}

/* 1 / d to 6% for d in [1, 2] (the linear minimax fit, 24/17 - 8/17 d), as
 * fa_div2 wants its y. */
FA_INLINE float fa_recip_rough_f32(float d) { return 0x1.696969p+0f - 0x1.e1e1e2p-2f * d; }
FA_INLINE double fa_recip_rough_f64(double d) { return 0x1.696969p+0 - 0x1.e1e1e2p-2 * d; }

/* a + b = result + *lo exactly (Knuth's two-sum, any order of magnitudes). */
FA_INLINE float fa_two_sum_f32(float a, float b, float *lo) {
    const float s = a + b, bb = s - a;
    *lo = (a - (s - bb)) + (b - bb);
    return s;
}
FA_INLINE double fa_two_sum_f64(double a, double b, double *lo) {
    const double s = a + b, bb = s - a;
    *lo = (a - (s - bb)) + (b - bb);
    return s;
}

/* copysign(magnitude, sign) by bits. */
FA_INLINE float fa_copysign_f32(float magnitude, float sign) {
    return fa_from_bits_f32((fa_bits_f32(magnitude) & 0x7fffffffu) |
                            (fa_bits_f32(sign) & 0x80000000u));
}
FA_INLINE double fa_copysign_f64(double magnitude, double sign) {
    return fa_from_bits_f64((fa_bits_f64(magnitude) & 0x7fffffffffffffffull) |
                            (fa_bits_f64(sign) & 0x8000000000000000ull));
}

#endif
