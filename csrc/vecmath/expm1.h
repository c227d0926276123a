/* e^x - 1 for float and double: branch-free, no libm, vectorisable.
 *
 * x = n ln2 + r, |r| <= ln2/2 (Cody-Waite, as in exp.h); c is the rounding
 * error of r (r + c = x - n ln2 to about twice working precision), and
 *   expm1(x) = 2^n ((1 - 2^-n) + expm1(r + c)),
 *   expm1(r + c) ~= r + r^2/2 + r^3 q(r) + c (1 + r),
 * with q a minimax fit (tools/fit_expm1_log1p.py; degree 7 / 12 in all).
 * 1 - 2^-n (exact, or split in two for large n) plus r is summed exactly
 * (Fast2Sum) and r^2/2 enters as the product of the last (fused) operation, so
 * the only large rounding is the final addition; for small |x|, n = 0 and the
 * result is r + r^2/2 + ..., with no cancellation. 2^n is applied as
 * 2 * 2^(n-1), so that n = 128 / 1024 (results just below the overflow
 * threshold) stays finite. The input is clamped (NaN passes the comparisons
 * untouched): expm1(NaN) = NaN, expm1(+inf) = +inf, expm1(-inf) = -1, and a
 * final select keeps expm1(-0) = -0.
 */
#ifndef FASTACT_VECMATH_EXPM1_H
#define FASTACT_VECMATH_EXPM1_H

#include "common.h"
#include "exp.h" /* the ln2 split and log2e */

FA_INLINE float fa_expm1_f32(float x) {
    /* expm1 rounds to -1 below -17.33 and overflows above 88.73; the clamps
     * keep n in [-24, 128] (for x < -16.98, n = -24 and r down to -0.76: only
     * the rounding of -1 + 2^-24 e^r depends on it). */
    float xc = x < -17.4f ? -17.4f : x;
    xc = xc > 89.0f ? 89.0f : xc;
    const float shifter = 0x1.8p23f;
    const float k = xc * FA_EXP_LOG2E_f32 + shifter;  /* n = round(x / ln2) in the low bits */
    /* mb = n + 25, raised to 1 (n >= -24, so that 1 - 2^-n is exact) by an
     * integer max: a float select here lets the compiler duplicate the code */
    uint32_t mb = fa_bits_f32(k) - fa_bits_f32(shifter) + 25u;
    mb = mb < 1u ? 1u : mb;
    const float n = fa_from_bits_f32(fa_bits_f32(shifter) - 25u + mb) - shifter;
    const float hi = xc - n * FA_EXP_LN2_HI_f32;           /* ln2_hi: 9 bits, exact */
    const float nl = n * FA_EXP_LN2_LO_f32;          /* n * ln2_lo */
    const float r = hi - nl;
    const float c = (hi - r) - nl;                  /* rounding error of r */
    float q = 0x1.9e77aap-13f;                      /* expm1(r) = r + r^2/2 + r^3 q(r) */
    q = q * r + 0x1.6d3a4ap-10f;
    q = q * r + 0x1.1112d6p-7f;
    q = q * r + 0x1.5554f8p-5f;
    q = q * r + 0x1.555554p-3f;
    const uint32_t mt = mb > 125u ? 125u : mb;      /* n <= 100 for 2^-n */
    const float tn = fa_from_bits_f32((152u - mt) << 23);       /* 2^-n */
    const float t = 1.0f - tn;                       /* exact for -24 <= n <= 24 */
    const float tl = (1.0f - t) - tn;                /* 1 - 2^-n = t + tl, for n >= 25 */
    const float s = t + r;
    const float e = (t - s) + r;                     /* s + e = t + r exactly */
    /* small terms first; r^2/2 is the last, fused product (exact with FMA) */
    const float lo = ((r * r) * r) * q + ((c * r + c) + (e + tl));
    const float w = r * (0.5f * r) + lo;
    const float scale = fa_from_bits_f32((mb + 101u) << 23);     /* 2^(n-1) */
    const float y = ((s + w) * 2.0f) * scale;
    return x == 0.0f ? x : y;                        /* -0 */
}

FA_INLINE double fa_expm1_f64(double x) {
    /* expm1 rounds to -1 below -37.43 and overflows above 709.79; n is kept
     * in [-53, 1024] (for x < -37.08, n = -53 and r down to -0.76) */
    double xc = x < -37.5 ? -37.5 : x;
    xc = xc > 710.0 ? 710.0 : xc;
    const double shifter = 0x1.8p52;
    const double k = xc * FA_EXP_LOG2E_f64 + shifter;
    /* mb = n + 54, raised to 1 (n >= -53) without a 64-bit compare (SSE2 has none) */
    uint64_t mb = fa_bits_f64(k) - fa_bits_f64(shifter) + 54u;
    mb += (mb - 1u) >> 63;
    const double n = fa_from_bits_f64(fa_bits_f64(shifter) - 54u + mb) - shifter;
    const double hi = xc - n * FA_EXP_LN2_HI_f64;     /* ln2_hi: 32 bits, exact */
    const double nl = n * FA_EXP_LN2_LO_f64;    /* n * ln2_lo */
    const double r = hi - nl;
    const double c = (hi - r) - nl;                 /* rounding error of r */
    double q = 0x1.1f2a9ecad13f3p-29;               /* expm1(r) = r + r^2/2 + r^3 q(r) */
    q = q * r + 0x1.af5d2204cfacbp-26;
    q = q * r + 0x1.27e5025769b13p-22;
    q = q * r + 0x1.71ddf9333e784p-19;
    q = q * r + 0x1.a01a0199dff2ap-16;
    q = q * r + 0x1.a01a01af99f53p-13;
    q = q * r + 0x1.6c16c16c1747bp-10;
    q = q * r + 0x1.111111110f719p-7;
    q = q * r + 0x1.5555555555558p-5;
    q = q * r + 0x1.5555555555559p-3;
    uint64_t et = 1077u - mb;                       /* exponent field of 2^-n, */
    et &= (et >> 63) - 1u;                          /* 0 (tn = 0) where n = 1024 */
    const double tn = fa_from_bits_f64(et << 52);
    const double t = 1.0 - tn;                      /* exact for -53 <= n <= 53 */
    const double tl = (1.0 - t) - tn;               /* 1 - 2^-n = t + tl, for n >= 54 */
    const double s = t + r;
    const double e = (t - s) + r;                   /* s + e = t + r exactly */
    const double lo = ((r * r) * r) * q + ((c * r + c) + (e + tl));
    const double w = r * (0.5 * r) + lo;
    const double scale = fa_from_bits_f64((mb + 968u) << 52);  /* 2^(n-1) */
    const double y = ((s + w) * 2.0) * scale;
    return x == 0.0 ? x : y;                        /* -0 */
}

#endif
