/* log(1 + x) for float and double: branch-free, no libm, vectorisable.
 *
 * u = 1 + x rounded and c = 1 + x - u exactly (for x >= 2^24 / 2^53, where c
 * may be inexact, it is far below the last bit of the result). u = 2^k m with
 * m in [sqrt(1/2), sqrt(2)) is split with integer bit operations, so
 *   1 + x = 2^k (1 + f),  f = (m - 1) + c 2^-k = fh + fl  (Fast2Sum, exact),
 *   log1p(x) = k ln2 + log(1 + fh) + fl (1 - fh)   (fl / (1 + fh), |fl| tiny),
 *   float:  log(1 + f) ~= f - f^2/2 + f^3 q(f)                  (degree 10)
 *   double: log(1 + f) = f - f^2/2 + s (f^2/2 + s^2 R(s^2)), s = f / (2 + f)
 * with q, R minimax fits (tools/fit_expm1_log1p.py). For double the division
 * is cheaper than the degree-21 polynomial in f that the same accuracy needs.
 * k ln2_hi + fh is summed exactly and f^2/2 enters as the product of the last
 * (fused) operation, so the only large rounding is the final addition; for
 * small |x|, k = 0 and fh = x, so there is no cancellation.
 * Special values by selects: log1p(-1) = -inf, log1p(x < -1) = NaN,
 * log1p(+inf) = +inf, log1p(-0) = -0; NaN propagates through the arithmetic.
 */
#ifndef FASTACT_VECMATH_LOG1P_H
#define FASTACT_VECMATH_LOG1P_H

#include "common.h"

FA_INLINE float fa_log1p_f32(float x) {
    const float u = 1.0f + x;
    const float c = (1.0f - u) + x;                 /* 1 + x = u + c */
    const uint32_t iu = fa_bits_f32(u);
    /* kb = k + 127 with u = 2^k m, m in [sqrt(1/2), sqrt(2)); 0x3f3504f3 = sqrt(1/2) */
    const uint32_t kb = (iu + (0x3f800000u - 0x3f3504f3u)) >> 23;
    const float m = fa_from_bits_f32(iu - (kb << 23) + 0x3f800000u);
    const float kf = (float)(int32_t)kb - 127.0f;
    const float f0 = m - 1.0f;                      /* exact */
    /* c 2^-k as c 2^(64-k) 2^-64: both factors normal for k in [-24, 128] */
    const float cs = (c * fa_from_bits_f32((318u - kb) << 23)) * 0x1p-64f;
    const float fh = f0 + cs;
    const float fl = (f0 - fh) + cs;                /* fh + fl = f exactly */
    const float kh = kf * 0x1.62e4p-1f;             /* k ln2_hi, exact */
    const float hi = kh + fh;
    const float lo = (kh - hi) + fh;                /* hi + lo = k ln2_hi + fh exactly */
    float q = -0x1.38cf2p-4f;                       /* log(1+f) = f - f^2/2 + f^3 q(f) */
    q = q * fh + 0x1.05602ep-3f;
    q = q * fh - 0x1.0d81f2p-3f;
    q = q * fh + 0x1.22d8f8p-3f;
    q = q * fh - 0x1.54728cp-3f;
    q = q * fh + 0x1.99a01ep-3f;
    q = q * fh - 0x1.000226p-2f;
    q = q * fh + 0x1.555554p-2f;
    const float sm = ((fh * fh) * fh) * q + ((fl - fl * fh) + (kf * 0x1.7f7d1cp-20f + lo));
    float y = hi + (fh * (-0.5f * fh) + sm);
    y = x == 0.0f ? x : y;                                        /* -0 */
    y = x == fa_from_bits_f32(0x7f800000u) ? x : y;               /* +inf */
    y = u == 0.0f ? fa_from_bits_f32(0xff800000u) : y;            /* x = -1: -inf */
    y = u < 0.0f ? fa_from_bits_f32(0x7fc00000u) : y;             /* x < -1: NaN */
    return y;
}

FA_INLINE double fa_log1p_f64(double x) {
    const double u = 1.0 + x;
    const double c = (1.0 - u) + x;                 /* 1 + x = u + c */
    const uint64_t iu = fa_bits_f64(u);
    /* kb = k + 1023 with u = 2^k m, m in [sqrt(1/2), sqrt(2)) */
    const uint64_t kb = (iu + (0x3ff0000000000000ull - 0x3fe6a09e667f3bcdull)) >> 52;
    const double m = fa_from_bits_f64(iu - (kb << 52) + 0x3ff0000000000000ull);
    /* k as a double without an integer conversion: 2^52 + kb exactly, minus 2^52 + 1023 */
    const double kf = fa_from_bits_f64(0x4330000000000000ull | kb) - 0x1.00000000003ffp+52;
    const double f0 = m - 1.0;                      /* exact */
    /* c 2^-k as c 2^(512-k) 2^-512: both factors normal for k in [-53, 1024] */
    const double cs = (c * fa_from_bits_f64((2558u - kb) << 52)) * 0x1p-512;
    const double fh = f0 + cs;
    const double fl = (f0 - fh) + cs;               /* fh + fl = f exactly */
    const double kh = kf * 0x1.62e42fefa3800p-1;    /* k ln2_hi, exact */
    const double hi = kh + fh;
    const double lo = (kh - hi) + fh;               /* hi + lo = k ln2_hi + fh exactly */
    const double sd = fh / (2.0 + fh);              /* s: log(1+f) = 2 atanh(s) */
    const double z = sd * sd;
    double R = 0x1.2f048a6c9664dp-3;                /* 2 atanh(s) = 2s + s^3 R(s^2) */
    R = R * z + 0x1.39a1d907958a2p-3;
    R = R * z + 0x1.74663d58e503bp-3;
    R = R * z + 0x1.c71c52132ca35p-3;
    R = R * z + 0x1.24924941e1bd5p-2;
    R = R * z + 0x1.999999997ff1ep-2;
    R = R * z + 0x1.5555555555592p-1;
    const double hf = 0.5 * (fh * fh);
    const double sm = sd * (hf + z * R) + ((fl - fl * fh) + (kf * 0x1.ef35793c76730p-45 + lo));
    double y = hi + (fh * (-0.5 * fh) + sm);
    y = x == 0.0 ? x : y;                                           /* -0 */
    y = x == fa_from_bits_f64(0x7ff0000000000000ull) ? x : y;       /* +inf */
    y = u == 0.0 ? fa_from_bits_f64(0xfff0000000000000ull) : y;     /* x = -1: -inf */
    y = u < 0.0 ? fa_from_bits_f64(0x7ff8000000000000ull) : y;      /* x < -1: NaN */
    return y;
}

#endif
