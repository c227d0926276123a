/* e^x for float and double: branch-free, no libm, vectorisable.
 *
 * x = n*ln2 + r with |r| <= ln2/2 (Cody-Waite split of ln2 so n*ln2_hi is exact),
 * e^r by a minimax polynomial fitted to relative error (tools/fit_exp.py:
 * 3.1e-9 for float, 3.6e-18 for double), then scaled by 2^n. The scale is
 * applied as two halves 2^n1 * 2^n2, each a normal number, so that results in
 * the subnormal range are rounded once and overflow gives +inf; no integer
 * conversion of a float happens (the rounding trick adds 1.5*2^23 / 1.5*2^52),
 * so NaN and +-inf need no special path:
 *   exp(NaN) = NaN, exp(+inf) = +inf, exp(-inf) = 0.
 */
#ifndef FASTACT_VECMATH_EXP_H
#define FASTACT_VECMATH_EXP_H

#include "common.h"

FA_INLINE float fa_exp_f32(float x) {
    /* exp(-104) rounds to 0 and exp(89) to inf; clamping keeps n in [-150, 129].
     * Comparisons with NaN are false, so NaN goes through untouched. */
    x = x < -104.0f ? -104.0f : x;
    x = x > 89.0f ? 89.0f : x;
    const float shifter = 0x1.8p23f;
    const float k = x * 0x1.715476p+0f + shifter; /* n = round(x / ln2) in the low bits */
    const float n = k - shifter;
    float r = x - n * 0x1.63p-1f;                 /* ln2_hi: 9 bits, n*ln2_hi exact */
    r = r - n * -0x1.bd0106p-13f;                 /* ln2_lo */
    float q = 0x1.6a245p-10f;                    /* e^r = 1 + r + r^2 q(r) */
    q = q * r + 0x1.1239d4p-7f;
    q = q * r + 0x1.5558f2p-5f;
    q = q * r + 0x1.555492p-3f;
    q = q * r + 0x1.fffffcp-2f;
    const float poly = 1.0f + (r + (r * r) * q);
    /* m = n + 152 >= 2; 2^n = 2^(m/2 - 76) * 2^(m - m/2 - 76), both halves normal */
    const uint32_t m = fa_bits_f32(k) - fa_bits_f32(shifter) + 152u;
    const float scale1 = fa_from_bits_f32(((m >> 1) + 51u) << 23);
    const float scale2 = fa_from_bits_f32((m - (m >> 1) + 51u) << 23);
    return (poly * scale1) * scale2;
}

FA_INLINE double fa_exp_f64(double x) {
    x = x < -746.0 ? -746.0 : x;
    x = x > 710.0 ? 710.0 : x;
    const double shifter = 0x1.8p52;
    const double k = x * 0x1.71547652b82fep+0 + shifter;
    const double n = k - shifter;
    double r = x - n * 0x1.62e42feep-1;        /* ln2_hi: low 32 bits zero */
    r = r - n * 0x1.a39ef35793c76p-33;         /* ln2_lo */
    double q = 0x1.ad7f78c4795aap-26;          /* e^r = 1 + r + r^2 q(r) */
    q = q * r + 0x1.28ad692660f7bp-22;
    q = q * r + 0x1.71df253cba893p-19;
    q = q * r + 0x1.a0199a1646b40p-16;
    q = q * r + 0x1.a01a012a67d3fp-13;
    q = q * r + 0x1.6c16c18426abbp-10;
    q = q * r + 0x1.1111111127ba4p-7;
    q = q * r + 0x1.555555555088bp-5;
    q = q * r + 0x1.55555555554fap-3;
    q = q * r + 0x1.000000000000ap-1;
    const double poly = 1.0 + (r + (r * r) * q);
    /* m = n + 1078 >= 1; 2^n = 2^(m/2 - 539) * 2^(m - m/2 - 539) */
    const uint64_t m = fa_bits_f64(k) - fa_bits_f64(shifter) + 1078u;
    const double scale1 = fa_from_bits_f64(((m >> 1) + 484u) << 52);
    const double scale2 = fa_from_bits_f64((m - (m >> 1) + 484u) << 52);
    return (poly * scale1) * scale2;
}

#endif
