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

/* The constants of the reduction and of q(r), e^r = 1 + r + r^2 q(r) on
 * |r| <= ln2/2, in one place for the scalar math here and the SIMD kernels in
 * csrc/simd/: FA_EXP_Q_<dtype>(r, FMA, K) is Horner's scheme with FMA(a, b, c) =
 * a b + c and K(c) turning a coefficient into an operand. ln2 = LN2_HI + LN2_LO,
 * with n * LN2_HI exact for the n that occur. */
/* below MIN e^x is 0 (once scaled): arguments are clamped there */
#define FA_EXP_MIN_f32 -104.0f
#define FA_EXP_LOG2E_f32 0x1.715476p+0f
#define FA_EXP_LN2_HI_f32 0x1.63p-1f /* 9 bits */
#define FA_EXP_LN2_LO_f32 -0x1.bd0106p-13f
#define FA_EXP_Q_f32(r, FMA, K)                                                                    \
    FMA(FMA(FMA(FMA(K(0x1.6a245p-10f), r, K(0x1.1239d4p-7f)), r, K(0x1.5558f2p-5f)), r,            \
            K(0x1.555492p-3f)),                                                                    \
        r, K(0x1.fffffcp-2f))

#define FA_EXP_MIN_f64 -746.0
#define FA_EXP_LOG2E_f64 0x1.71547652b82fep+0
#define FA_EXP_LN2_HI_f64 0x1.62e42feep-1 /* low 32 bits zero */
#define FA_EXP_LN2_LO_f64 0x1.a39ef35793c76p-33
#define FA_EXP_Q_f64(r, FMA, K)                                                                    \
    FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(K(0x1.ad7f78c4795aap-26), r, K(0x1.28ad692660f7bp-22)), r, \
                                    K(0x1.71df253cba893p-19)),                                     \
                                r, K(0x1.a0199a1646b40p-16)),                                      \
                            r, K(0x1.a01a012a67d3fp-13)),                                          \
                        r, K(0x1.6c16c18426abbp-10)),                                              \
                    r, K(0x1.1111111127ba4p-7)),                                                   \
                r, K(0x1.555555555088bp-5)),                                                       \
            r, K(0x1.55555555554fap-3)),                                                           \
        r, K(0x1.000000000000ap-1))

#define FA_SCALAR_FMA(a, b, c) ((a) * (b) + (c))
#define FA_SCALAR_CONST(c) (c)

FA_INLINE float fa_exp_q_f32(float r) { return FA_EXP_Q_f32(r, FA_SCALAR_FMA, FA_SCALAR_CONST); }
FA_INLINE double fa_exp_q_f64(double r) { return FA_EXP_Q_f64(r, FA_SCALAR_FMA, FA_SCALAR_CONST); }

FA_INLINE float fa_exp_f32(float x) {
    /* exp(-104) rounds to 0 and exp(89) to inf; clamping keeps n in [-150, 129].
     * Comparisons with NaN are false, so NaN goes through untouched. */
    x = x < FA_EXP_MIN_f32 ? FA_EXP_MIN_f32 : x;
    x = x > 89.0f ? 89.0f : x;
    const float shifter = 0x1.8p23f;
    const float k = x * FA_EXP_LOG2E_f32 + shifter; /* n = round(x / ln2) in the low bits */
    const float n = k - shifter;
    float r = x - n * FA_EXP_LN2_HI_f32;
    r = r - n * FA_EXP_LN2_LO_f32;
    const float q = fa_exp_q_f32(r);
    const float poly = 1.0f + (r + (r * r) * q);
    /* m = n + 152 >= 2; 2^n = 2^(m/2 - 76) * 2^(m - m/2 - 76), both halves normal */
    const uint32_t m = fa_bits_f32(k) - fa_bits_f32(shifter) + 152u;
    const float scale1 = fa_from_bits_f32(((m >> 1) + 51u) << 23);
    const float scale2 = fa_from_bits_f32((m - (m >> 1) + 51u) << 23);
    return (poly * scale1) * scale2;
}

FA_INLINE double fa_exp_f64(double x) {
    x = x < FA_EXP_MIN_f64 ? FA_EXP_MIN_f64 : x;
    x = x > 710.0 ? 710.0 : x;
    const double shifter = 0x1.8p52;
    const double k = x * FA_EXP_LOG2E_f64 + shifter;
    const double n = k - shifter;
    double r = x - n * FA_EXP_LN2_HI_f64;
    r = r - n * FA_EXP_LN2_LO_f64;
    const double q = fa_exp_q_f64(r);
    const double poly = 1.0 + (r + (r * r) * q);
    /* m = n + 1078 >= 1; 2^n = 2^(m/2 - 539) * 2^(m - m/2 - 539) */
    const uint64_t m = fa_bits_f64(k) - fa_bits_f64(shifter) + 1078u;
    const double scale1 = fa_from_bits_f64(((m >> 1) + 484u) << 52);
    const double scale2 = fa_from_bits_f64((m - (m >> 1) + 484u) << 52);
    return (poly * scale1) * scale2;
}

/* 2^s e^(x + x_lo), for the accurate edges of a few passes (act/elu.h,
 * celu.h, softplus.h; not the default bodies, where the plain fa_exp is
 * faster under GCC 12):
 * - x_lo, a small tail of x (below ~2^-16 |x|: the rest of a rounded quotient,
 *   finite, 0 where moot), joins the reduced argument, so e^(x + x_lo) is
 *   rounded once; rounding e^x first and multiplying by 1 + x_lo gave inf for
 *   x just above ln max where e^(x + x_lo) is just below it.
 * - s in [0, 126] (float) / [0, 1022] (double), a per-call constant, serves
 *   a e^x for a huge factor a = b 2^s, |b| < 1 (fa_exp_shift), computed as
 *   b (2^s e^x): 2^s e^x is normal wherever a e^x is, so the one product
 *   rounds it about once even where e^x alone is subnormal (|a| = 2^70:
 *   rounding e^x first cost 141 ULP float, 711 double).
 * s joins the shifter, so 2^n carries it at no cost (a variable in the integer
 * part stopped GCC 12 vectorising); the clamp moves with s: below -(153 + s) ln2
 * (-(1079 + s) ln2) b 2^s e^x is under half the smallest subnormal for any
 * |b| < 4, so clamping there keeps it 0, and m below stays >= 0. For x <= 0
 * both halves of the scale are finite; above, an overflowing result is inf. */
FA_INLINE float fa_exp_shifted_tail_f32(float x, float x_lo, uint32_t s) {
    const float lowest = -(float)(153u + s) * 0x1.62e432p-1f; /* ln2 rounded up */
    x = x < lowest ? lowest : x;
    x = x > 89.0f ? 89.0f : x;
    const float shifter = 0x1.8p23f, shifter_s = shifter + (float)s;
    const float k = x * FA_EXP_LOG2E_f32 + shifter_s; /* n + s in the low bits */
    const float n = k - shifter_s;
    float r = x - n * FA_EXP_LN2_HI_f32;
    r = (r - n * FA_EXP_LN2_LO_f32) + x_lo;
    const float q = fa_exp_q_f32(r);
    const float poly = 1.0f + (r + (r * r) * q);
    /* m = n + s + 154 >= 0; 2^(n + s) = 2^(m/2 - 77) * 2^(m - m/2 - 77) */
    const uint32_t m = fa_bits_f32(k) - fa_bits_f32(shifter) + 154u;
    const float scale1 = fa_from_bits_f32(((m >> 1) + 50u) << 23);
    const float scale2 = fa_from_bits_f32((m - (m >> 1) + 50u) << 23);
    return (poly * scale1) * scale2;
}

FA_INLINE double fa_exp_shifted_tail_f64(double x, double x_lo, uint32_t s) {
    const double lowest = -(double)(1079u + s) * 0x1.62e42fefa39fp-1;
    x = x < lowest ? lowest : x;
    x = x > 710.0 ? 710.0 : x;
    const double shifter = 0x1.8p52, shifter_s = shifter + (double)s;
    const double k = x * FA_EXP_LOG2E_f64 + shifter_s;
    const double n = k - shifter_s;
    double r = x - n * FA_EXP_LN2_HI_f64;
    r = (r - n * FA_EXP_LN2_LO_f64) + x_lo;
    const double q = fa_exp_q_f64(r);
    const double poly = 1.0 + (r + (r * r) * q);
    /* m = n + s + 1080 >= 0; halves 2^(m/2 - 540) */
    const uint64_t m = fa_bits_f64(k) - fa_bits_f64(shifter) + 1080u;
    const double scale1 = fa_from_bits_f64(((m >> 1) + 483u) << 52);
    const double scale2 = fa_from_bits_f64((m - (m >> 1) + 483u) << 52);
    return (poly * scale1) * scale2;
}

FA_INLINE float fa_exp_shifted_f32(float x, uint32_t s) {
    return fa_exp_shifted_tail_f32(x, 0.0f, s);
}
FA_INLINE double fa_exp_shifted_f64(double x, uint32_t s) {
    return fa_exp_shifted_tail_f64(x, 0.0, s);
}
FA_INLINE float fa_exp_tail_f32(float x, float x_lo) {
    return fa_exp_shifted_tail_f32(x, x_lo, 0u);
}
FA_INLINE double fa_exp_tail_f64(double x, double x_lo) {
    return fa_exp_shifted_tail_f64(x, x_lo, 0u);
}

/* s for fa_exp_shifted from a factor a, per call: 0 for |a| < 2 (and 0), else
 * its binary exponent + 1, so that |a 2^-s| < 1, capped at 126 / 1022 (|a 2^-s|
 * < 4 there); a 2^-s is exact. */
FA_INLINE uint32_t fa_exp_shift_f32(float a) {
    const uint32_t field = (fa_bits_f32(a) >> 23) & 0xffu;
    return field <= 127u ? 0u : (field - 126u > 126u ? 126u : field - 126u);
}
FA_INLINE uint32_t fa_exp_shift_f64(double a) {
    const uint32_t field = (uint32_t)(fa_bits_f64(a) >> 52) & 0x7ffu;
    return field <= 1023u ? 0u : (field - 1022u > 1022u ? 1022u : field - 1022u);
}
/* 2^-s, a normal number for the s above */
FA_INLINE float fa_exp_unshift_f32(uint32_t s) { return fa_from_bits_f32((127u - s) << 23); }
FA_INLINE double fa_exp_unshift_f64(uint32_t s) {
    return fa_from_bits_f64((uint64_t)(1023u - s) << 52);
}

/* e^x for x <= 0 (or NaN) in parts, for results that must not carry the
 * rounding of e^x itself: e^x = (hi + *lo) * *scale * 2^-64 with hi + *lo
 * in [0.7, 1.42] good to ~2^-28, *scale = 2^(n + 64) a normal number (the
 * caller applies it after its own arithmetic on hi + lo, so that subnormal
 * results are rounded once) and *lo below half an ULP of hi. The reduction
 * keeps the rounding error c of r; e^(r + c) = 1 + r + r^2 q(r) + c (1 + r).
 * Only the lower clamp is needed: x is clamped at -fa_exp_parts_limit, as far
 * as *scale stays normal (n >= -189 for float, -1085 for double). That is
 * well beyond where e^x alone underflows, so products B e^x come out right
 * for |B| up to 2^39 (float) or 2^10 (double): beyond the clamp they are 0. */
FA_INLINE float fa_exp_parts_unit_f32(void) { return 0x1p-64f; }
FA_INLINE double fa_exp_parts_unit_f64(void) { return 0x1p-64; }
FA_INLINE float fa_exp_parts_limit_f32(void) { return 131.0f; }
FA_INLINE double fa_exp_parts_limit_f64(void) { return 752.0; }

FA_INLINE float fa_exp_neg_parts_f32(float x, float *lo, float *scale) {
    x = x < -fa_exp_parts_limit_f32() ? -fa_exp_parts_limit_f32() : x;
    const float shifter = 0x1.8p23f;
    const float k = x * FA_EXP_LOG2E_f32 + shifter;
    const float n = k - shifter;
    const float hi = x - n * FA_EXP_LN2_HI_f32; /* exact */
    const float nl = n * FA_EXP_LN2_LO_f32;
    const float r = hi - nl;
    const float c = (hi - r) - nl;                /* rounding error of r */
    const float q = fa_exp_q_f32(r);
    const float w = r + ((r * r) * q + (c * r + c));
    const float p = 1.0f + w;
    *lo = (1.0f - p) + w;
    *scale = fa_from_bits_f32((fa_bits_f32(k) - fa_bits_f32(shifter) + 191u) << 23); /* n >= -189 */
    return p;
}

FA_INLINE double fa_exp_neg_parts_f64(double x, double *lo, double *scale) {
    x = x < -fa_exp_parts_limit_f64() ? -fa_exp_parts_limit_f64() : x;
    const double shifter = 0x1.8p52;
    const double k = x * FA_EXP_LOG2E_f64 + shifter;
    const double n = k - shifter;
    const double hi = x - n * FA_EXP_LN2_HI_f64; /* exact */
    const double nl = n * FA_EXP_LN2_LO_f64;
    const double r = hi - nl;
    const double c = (hi - r) - nl;
    const double q = fa_exp_q_f64(r);
    const double w = r + ((r * r) * q + (c * r + c));
    const double p = 1.0 + w;
    *lo = (1.0 - p) + w;
    *scale =
        fa_from_bits_f64((fa_bits_f64(k) - fa_bits_f64(shifter) + 1087u) << 52); /* n >= -1085 */
    return p;
}

/* Beyond this |argument| e^-a is 0 (and e^a inf): corrections to it are moot. */
FA_INLINE float fa_exp_limit_f32(void) { return 128.0f; }
FA_INLINE double fa_exp_limit_f64(void) { return 1024.0; }

#endif
