/* erf and erfc for float and double: branch-free, no libm, vectorisable.
 * Every piece is computed and the right one picked by selects; the polynomials
 * come from tools/fit_tanh_erf.py. With a = |x|:
 *
 * erf:  a < 1:  erf(a) = a + a P(a^2)  (tiny and subnormal x: a + a*0.128..);
 *       a >= 1: erf(a) = 1 - e^(-a^2) Q(a), Q fitted to the absolute error of
 *               erf (so a^2 may be rounded); a is clamped where erf rounds to 1,
 *               which keeps +-inf finite inside; sign put back by bits.
 * erfc: x < 0 gives 2 - erfc(a). float: evaluated in double, where a^2 is exact
 *       and the result (>= 1e-49 before rounding) is normal, so the only
 *       rounding that counts is the last one; e^(a^2) erfc(a) = u G(u),
 *       u = 1/(1 + 0.4a). double: a < 0.5: 1 - a Q(a^2); a >= 0.5:
 *       e^(a^2) erfc(a) = u e^tau(u), u = c0/(1 + a), with 1 + a and the
 *       division's rounding errors carried as a correction e, a^2 split into
 *       hi + lo exactly, and tau - lo added to the reduced argument of the
 *       exponential, so that the relative error stays bounded down to the
 *       subnormal results (the 2^n scale is applied in two halves, the last
 *       product rounding once). fa_mul_erfc(f, x, dx) = f erfc(x + dx)
 *       rounded once, for products that are normal where erfc(x) is not and
 *       arguments carried in two parts (dx to first order).
 * NaN gives NaN (comparisons with NaN are false, clamps let it through);
 * erf(+-inf) = +-1, erfc(+inf) = 0, erfc(-inf) = 2, erf(-0) = -0.
 */
#ifndef FASTACT_VECMATH_ERF_H
#define FASTACT_VECMATH_ERF_H

#include "common.h"
#include "exp.h"

FA_INLINE float fa_erf_f32(float x) {
    const float a = fa_abs_f32(x);
    /* a < 1: erf(a) = a + a P(a^2), P ~ erf(a)/a - 1 */
    const float y = a * a;
    float p = 0x1.4771fcp-14f;
    p = p * y + -0x1.a3515ep-11f;
    p = p * y + 0x1.53f224p-8f;
    p = p * y + -0x1.b7f71ap-6f;
    p = p * y + 0x1.ce2ce6p-4f;
    p = p * y + -0x1.81273ep-2f;
    p = p * y + 0x1.06eba8p-3f;
    const float small = a + a * p;
    /* a >= 1: erf(a) = 1 - e^(-a^2) Q(a), Q ~ e^(a^2) erfc(a) to absolute
     * accuracy e^(-a^2) Q; erf(a) rounds to 1 beyond 4 */
    const float b = a > 4.0f ? 4.0f : a;
    const float t = b - 2.5f;
    float q = -0x1.97c0f4p-12f;
    q = q * t + -0x1.a38e5p-11f;
    q = q * t + -0x1.012d48p-9f;
    q = q * t + 0x1.01b96ep-9f;
    q = q * t + -0x1.ff769ep-8f;
    q = q * t + 0x1.9c2f3cp-6f;
    q = q * t + -0x1.3054ecp-4f;
    q = q * t + 0x1.afbb58p-3f;
    const float large = 1.0f - fa_exp_f32(-(b * b)) * q;
    return fa_copysign_f32(a < 1.0f ? small : large, x);
}

/* float erfc is evaluated in double: a float input squares exactly there, the
 * result (down to 1e-49) is a normal double, and the only rounding that counts
 * is the final one to float (which also rounds subnormal results once).
 * fa_mul_erfc_f32(b, x) = b erfc(x) likewise, so that a product that is a normal
 * float keeps its bits where erfc(x) alone would be subnormal.
 * Its polynomials, Horner's scheme as FA_EXP_Q (macros over FMA and constant:
 * the float32 SIMD gelu once shared them, see csrc/simd/gelu_f32.h's history):
 * G(s) ~ e^(a^2) erfc(a) / u, and Q(r) for e^r = 1 + r + r^2 Q(r). */
#define FA_ERFC_WIDE_G(s, FMA, K)                                                                  \
    FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(K(-0x1.2a32a33939009p-19), s,                          \
                                            K(-0x1.32df52ec9f241p-17)),                            \
                                        s, K(0x1.1502e203c3bbfp-15)),                              \
                                    s, K(0x1.f23a888180f9cp-14)),                                  \
                                s, K(-0x1.9fa14cfacdd1fp-12)),                                     \
                            s, K(-0x1.e0d332bcbfd72p-10)),                                         \
                        s, K(0x1.8d02b7cc5bffbp-9)),                                               \
                    s, K(0x1.46db5b85c7302p-5)),                                                   \
                s, K(0x1.2a5f951f5583ep-3)),                                                       \
            s, K(0x1.4a7df42242fcep-2)),                                                           \
        s, K(0x1.f680baea13723p-2))
#define FA_ERFC_WIDE_Q(r, FMA, K)                                                                  \
    FMA(FMA(FMA(FMA(K(0x1.6a243c7379e3ap-10), r, K(0x1.1239d4f78a20cp-7)), r,                      \
                K(0x1.5558f13a17e87p-5)),                                                          \
            r, K(0x1.555491658ca66p-3)),                                                           \
        r, K(0x1.fffffb9adafedp-2))
FA_INLINE double fa_erfc_wide_f32(float xf, float dxf) {
    const double x = (double)xf;
    double a = fa_abs_f64(x);
    const double da = x < 0.0 ? -(double)dxf : (double)dxf;
    a = a > 10.5 ? 10.5 : a; /* erfc(10.5) rounds to 0; NaN passes */
    /* e^(a^2) erfc(a) = u G(s), u = 1/(1 + 0.4a), s = K u - C in [-1, 1] */
    const double u = 1.0 / (1.0 + 0.4 * a);
    const double s = u * 0x1.3cf3cf3cf3cf4p+1 - 0x1.79e79e79e79e7p+0;
    const double g = FA_ERFC_WIDE_G(s, FA_SCALAR_FMA, FA_SCALAR_CONST);
    /* e^(-a^2) = 2^n e^r, a^2 exact, n >= -159 */
    const double z = a * a;
    const double shifter = 0x1.8p52;
    const double k = z * -FA_EXP_LOG2E_f64 + shifter;
    const double n = k - shifter;
    const double r = n * -0x1.62e42fefa39efp-1 - z;
    const double q = FA_ERFC_WIDE_Q(r, FA_SCALAR_FMA, FA_SCALAR_CONST);
    const double er = 1.0 + (r + (r * r) * q);
    const double scale = fa_from_bits_f64((fa_bits_f64(k) - fa_bits_f64(shifter) + 1023u) << 52);
    /* erfc(a + da) = e^(-a^2) (e^(a^2) erfc(a) - 2/sqrt(pi) da) to first order */
    const double res = ((u * g - 0x1.20dd750429b6dp+0 * da) * er) * scale;
    return x < 0.0 ? 2.0 - res : res;
}

FA_INLINE float fa_erfc_f32(float x) { return (float)fa_erfc_wide_f32(x, 0.0f); }
FA_INLINE float fa_mul_erfc_f32(float f, float x, float dx) {
    return (float)((double)f * fa_erfc_wide_f32(x, dx));
}

FA_INLINE double fa_erf_f64(double x) {
    const double a = fa_abs_f64(x);
    /* a < 1: erf(a) = a + a P(a^2), P ~ erf(a)/a - 1 */
    const double y = a * a;
    double p = -0x1.a15035de68a4dp-31;
    p = p * y + 0x1.d39b931a21f0ep-27;
    p = p * y + -0x1.5b84d637fde95p-23;
    p = p * y + 0x1.b96a6be23fa5ep-20;
    p = p * y + -0x1.f4c81f4455805p-17;
    p = p * y + 0x1.f9a296316fc27p-14;
    p = p * y + -0x1.c02daeb6c068cp-11;
    p = p * y + 0x1.565bcceef8842p-8;
    p = p * y + -0x1.b82ce311ab42bp-6;
    p = p * y + 0x1.ce2f21a03f953p-4;
    p = p * y + -0x1.812746b03799ep-2;
    p = p * y + 0x1.06eba8214db68p-3;
    const double small = a + a * p;
    /* a >= 1: erf(a) = 1 - e^(-a^2) Q(s), Q ~ e^(a^2) erfc(a) to absolute accuracy
     * e^(-a^2) Q, in s = K u - C, u = 1/(1 + a/2); erf(a) rounds to 1 beyond 5.95 */
    const double b = a > 5.95 ? 5.95 : a;
    const double u = 1.0 / (1.0 + 0.5 * b);
    const double s = u * 0x1.345d1745d1746p+2 - 0x1.1b26c9b26c9b3p+1;
    double q = 0x1.9d2b7df3ddf9ap-31;
    q = q * s + 0x1.cbe0f447a6a1fp-29;
    q = q * s + -0x1.34bf4aab40525p-24;
    q = q * s + 0x1.548dfaa3d7502p-23;
    q = q * s + 0x1.035b06b486abbp-19;
    q = q * s + -0x1.de272ed8353cfp-18;
    q = q * s + -0x1.4d33c8ea46adep-14;
    q = q * s + 0x1.9412cccf707p-13;
    q = q * s + 0x1.6a5475c84712p-8;
    q = q * s + 0x1.3a05ee39b139ap-5;
    q = q * s + 0x1.4ae6afb43ff3p-3;
    q = q * s + 0x1.c6bd6fb7cc7b5p-3;
    const double large = 1.0 - fa_exp_f64(-(b * b)) * q;
    return fa_copysign_f64(a < 1.0 ? small : large, x);
}

/* fa_mul_erfc_f64's polynomials, Horner's scheme as FA_EXP_Q: P(a^2) for
 * a < 0.5 and tau(s) for the rest (csrc/simd/gelu_f64.h splits tau's chain
 * over fa_erfc_tau_coeff). */
#define FA_ERFC_SMALL_Q(y, FMA, K)                                                                 \
    FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(K(0x1.88baf2e540aebp-20), y, K(-0x1.f1ceba7b90cbp-17)), y,     \
                                K(0x1.f9891050ecb25p-14)),                                         \
                            y, K(-0x1.c02d2dbd23fbp-11)),                                          \
                        y, K(0x1.565bcb6edd459p-8)),                                               \
                    y, K(-0x1.b82ce30cb5adap-6)),                                                  \
                y, K(0x1.ce2f21a037ca2p-4)),                                                       \
            y, K(-0x1.812746b03795fp-2)),                                                          \
        y, K(0x1.06eba8214db68p-3))
/* tau's coefficients, lowest order first (constant-folded where i is) */
FA_INLINE double fa_erfc_tau_coeff(int i) {
    static const double c[29] = {
        0x1.c4c4df4625081p-5,   0x1.df6d18fa30b97p-3,   -0x1.fc0f48a6ac76dp-5,
        -0x1.08ffd1c1b398ap-8,  0x1.e53d07e72df35p-8,   -0x1.dc1c37934f1fbp-10,
        -0x1.1fa43747a8bd7p-11, 0x1.32de8af8856e7p-11,  -0x1.5b781fe8e504ap-13,
        -0x1.7c52f9a82ca28p-15, 0x1.0c2175878212p-14,   -0x1.b022c7177cc47p-16,
        -0x1.8a44d6520dd04p-21, 0x1.e35ffed9ba11ep-18,  -0x1.2c037df9ebbd4p-18,
        0x1.0ef2559039e9fp-20,  0x1.2d180015ade15p-21,  -0x1.679397c37bc19p-21,
        0x1.469aef379df55p-22,  -0x1.849cf2f3a46ep-25,  -0x1.24271c507ad27p-25,
        0x1.f8a8b8d472363p-25,  -0x1.d0168d334c666p-25, 0x1.26fda1e9c593cp-27,
        0x1.5f49bfc5ecd53p-26,  -0x1.6034074ce1592p-27, -0x1.fc1191535c8fdp-30,
        0x1.f0319567ea086p-30,  -0x1.736b635e23773p-33,
    };
    return c[i];
}
#define FA_ERFC_TAU(s, FMA, K)                                                                                                           \
    FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(K(fa_erfc_tau_coeff( \
                                                                                                                        28)),            \
                                                                                                                    s,                   \
                                                                                                                    K(fa_erfc_tau_coeff( \
                                                                                                                        27))),           \
                                                                                                                s,                       \
                                                                                                                K(fa_erfc_tau_coeff(     \
                                                                                                                    26))),               \
                                                                                                            s,                           \
                                                                                                            K(fa_erfc_tau_coeff(         \
                                                                                                                25))),                   \
                                                                                                        s,                               \
                                                                                                        K(fa_erfc_tau_coeff(             \
                                                                                                            24))),                       \
                                                                                                    s,                                   \
                                                                                                    K(fa_erfc_tau_coeff(                 \
                                                                                                        23))),                           \
                                                                                                s,                                       \
                                                                                                K(fa_erfc_tau_coeff(                     \
                                                                                                    22))),                               \
                                                                                            s,                                           \
                                                                                            K(fa_erfc_tau_coeff(                         \
                                                                                                21))),                                   \
                                                                                        s,                                               \
                                                                                        K(fa_erfc_tau_coeff(                             \
                                                                                            20))),                                       \
                                                                                    s,                                                   \
                                                                                    K(fa_erfc_tau_coeff(                                 \
                                                                                        19))),                                           \
                                                                                s,                                                       \
                                                                                K(fa_erfc_tau_coeff(                                     \
                                                                                    18))),                                               \
                                                                            s,                                                           \
                                                                            K(fa_erfc_tau_coeff(                                         \
                                                                                17))),                                                   \
                                                                        s,                                                               \
                                                                        K(fa_erfc_tau_coeff(16))),                                       \
                                                                    s, K(fa_erfc_tau_coeff(15))),                                        \
                                                                s, K(fa_erfc_tau_coeff(14))),                                            \
                                                            s, K(fa_erfc_tau_coeff(13))),                                                \
                                                        s, K(fa_erfc_tau_coeff(12))),                                                    \
                                                    s, K(fa_erfc_tau_coeff(11))),                                                        \
                                                s, K(fa_erfc_tau_coeff(10))),                                                            \
                                            s, K(fa_erfc_tau_coeff(9))),                                                                 \
                                        s, K(fa_erfc_tau_coeff(8))),                                                                     \
                                    s, K(fa_erfc_tau_coeff(7))),                                                                         \
                                s, K(fa_erfc_tau_coeff(6))),                                                                             \
                            s, K(fa_erfc_tau_coeff(5))),                                                                                 \
                        s, K(fa_erfc_tau_coeff(4))),                                                                                     \
                    s, K(fa_erfc_tau_coeff(3))),                                                                                         \
                s, K(fa_erfc_tau_coeff(2))),                                                                                             \
            s, K(fa_erfc_tau_coeff(1))),                                                                                                 \
        s, K(fa_erfc_tau_coeff(0)))

/* f erfc(x + dx), rounded once: f enters before the 2^n scale, so that a
 * product that is a normal number keeps its bits where erfc(x) alone would be
 * subnormal (f finite, |f| <= 2^20: beyond the clamp at 27.6, f erfc(27.6)
 * rounds to 0); dx, a tail of the argument (|dx| <= 2^-50 |x|), is taken to
 * first order: into 1 + a and a^2 below, and by the slope for a < 0.5. */
FA_INLINE double fa_mul_erfc_f64(double f, double x, double dx) {
    const double a = fa_abs_f64(x);
    const double da = x < 0.0 ? -dx : dx;
    /* a < 0.5: erfc(a) = 1 - a (1 + P(a^2)) = (0.5 - a) + (0.5 - a P), P ~ erf(a)/a - 1;
     * 0.5 - a is exact for a >= 0.25 and a P <= 0.07 */
    const double y = a * a;
    const double q = FA_ERFC_SMALL_Q(y, FA_SCALAR_FMA, FA_SCALAR_CONST);
    const double small = (0.5 - a) + ((0.5 - a * q) - 0x1.20dd750429b6dp+0 * da * (1.0 - y));
    const double b = a > 27.6 ? 27.6 : a; /* see above; NaN passes */
    /* e^(b^2) erfc(b) = u e^tau(s): u = c0/(1 + b), tau a polynomial in s = K u - C
     * in [-1, 1], |tau| < 0.23; tau goes into the argument of the exponential */
    const double C0 = 0x1.7829a7fea9cbcp-1;
    const double d = 1.0 + b;
    const double db = d - b;
    const double dl = (1.0 - db) + (b - (d - db)) + da; /* 1 + b + da = d + dl (TwoSum) */
    const double u = C0 / d;
    /* e: relative correction for the roundings of 1 + b and of the division,
     * u (1 + e) = c0/(1 + b) to about 2^-100 */
#if FA_TARGET_HAS_FMA
    /* c0 - d u is exact as one FMA, written out: contraction is up to the compiler */
    const double rem = fa_fnma_f64(dl, u, fa_fnma_f64(d, u, C0));
#else
    /* c0 - d u exactly: Dekker's product with halves cut by bit masks */
    const double dh = fa_from_bits_f64(fa_bits_f64(d) & 0xfffffffff8000000ull), dt = d - dh;
    const double uh = fa_from_bits_f64(fa_bits_f64(u) & 0xfffffffff8000000ull), ut = u - uh;
    const double du = d * u;
    const double duerr = ((dh * uh - du) + dh * ut + dt * uh) + dt * ut;
    const double rem = ((C0 - du) - duerr) - dl * u;
#endif
    const double e = rem * (1.0 / C0);
    const double s =
        (u * 0x1.13f5e9d621a0ap+2 - 0x1.1ca81e9131acp+0) + (u * 0x1.13f5e9d621a0ap+2) * e;
    const double tau = FA_ERFC_TAU(s, FA_SCALAR_FMA, FA_SCALAR_CONST);
    /* b^2 = hi + lo: bh keeps the 26 leading bits of b, so bh*bh and 2bh*bl are exact */
    const double bh = fa_from_bits_f64(fa_bits_f64(b) & 0xfffffffff8000000ull);
    const double bl = b - bh;
    const double hi = bh * bh;
    const double lo = (2.0 * bh) * bl + bl * bl + (2.0 * b) * da; /* (b + da)^2 */
    /* e^(tau - hi - lo) = 2^n (1 + w) as in fa_exp_f64, with lo and tau folded into r */
    const double shifter = 0x1.8p52;
    const double k = (tau - (hi + lo)) * FA_EXP_LOG2E_f64 + shifter;
    const double n = k - shifter;
    const double r0 = n * -FA_EXP_LN2_HI_f64 - hi; /* exact */
    const double r = r0 + ((tau - lo) - n * FA_EXP_LN2_LO_f64);
    const double c = fa_exp_q_f64(r);
    const double w = r + (r * r) * c;
    /* u (1 + e)(1 + w) = u + u (w + e), rounded once at the end */
    const double m = u + u * (w + e);
    /* n >= -1105; 2^n = 2^(j/2 - 560) 2^(j - j/2 - 560) with j = n + 1120 */
    const uint64_t j = fa_bits_f64(k) - fa_bits_f64(shifter) + 1120u;
    const double scale1 = fa_from_bits_f64(((j >> 1) + 463u) << 52);
    const double scale2 = fa_from_bits_f64((j - (j >> 1) + 463u) << 52);
    const double large = ((m * f) * scale1) * scale2;
    return a < 0.5 ? (x < 0.0 ? 2.0 - small : small) * f : x < 0.0 ? 2.0 * f - large : large;
}

FA_INLINE double fa_erfc_f64(double x) { return fa_mul_erfc_f64(1.0, x, 0.0); }

#endif
