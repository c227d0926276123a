/* gelu (erf form) for float over SIMD vectors, forward and derivative, in
 * float arithmetic (the body before it widened each vector to two double
 * vectors: 1.14 ns/el AVX-512, 2.24 AVX2). h = Phi(-m), m = min(|x|, C), as
 * e^(-m^2/2) R(m):
 *   m^2 = hi + lo exactly (one fms), so the exponent carries no rounding
 *   error (m^2/2 reaches 106, where 2^-24 relative would be ~200 ULP)
 *   e^(-(hi + lo)/2) = 2^floor(k) E, E = T_j (1 + w) + T_lo_j: exp_table_f32.h's
 *   table, k = K/16 from -hi log2e / 2; r2 = 2r = (-hi - 2k LN2_HI) -
 *   (2k LN2_LO + lo), the first exact (k has <= 12 bits, as exp_table_f32.h),
 *   the second rounded to 2^-31; w = e^(r2/2) - 1 of degree 3 (2^-28.7
 *   relative). E stays in two parts, e_hi = T_j and e_lo = T_j w + T_lo_j
 *   (dropping T_lo: forward 1.54 -> 2.15 ULP for 2% of the time: not taken)
 *   R(t) = e^(t^2/2) Phi(-t) piecewise, each piece a polynomial in d = t - a_j
 *   (exact: t in [a_j / 2, 2 a_j], or a_j = 0), a_j near the piece's middle
 *   where R is nearest a float (so that c0 = R(a_j) is good to 2^-30). The
 *   piece is read from the bits of t + 2^i (the exponent's low 2 bits and the
 *   top mantissa bits):
 *     AVX-512: 32 pieces from t + 2 (steps 1/4 in [0, 2), 1/2 to 6, 1 to 14,
 *     2 beyond), degree 5, one vpermt2ps a coefficient; 2^-27.3 relative
 *     AVX2: 8 pieces from t + 1 (steps 1/2 in [0, 1), 1 to 3, 2 to 7, 4 to
 *     15), degree 8, one vpermps a coefficient (lookup32 is 7 instructions
 *     there: fwd 1.23 -> 0.87 ns/el); 2^-27.9 relative
 *   tools/fit_gelu_f32.py prints all constants (and the errors above). The
 *   last Horner step is kept in two parts, R = r0 + rd, and multiplied out
 *   with E (forward 1.76 -> 1.42 ULP on a sample for two instructions).
 *   2^floor(k) is applied as p = 2^(floor(k) + 32) (normal: floor(k) >= -153)
 *   to m, exactly, while R's coefficients are stored times 2^-32: every
 *   intermediate is then normal, subnormal m included, and the one product
 *   that may be subnormal (x in [-14.54, -13]) is rounded once, last.
 * C = 14.5419921875: beyond it C Phi(-C) and C phi(C) are both below 2^-150,
 * so gelu rounds to x or -0 and gelu' to 1 or -0, +-inf included, without a
 * select (tools/fit_gelu_f32.py's clamp()). NaN passes min and max.
 * Measured: see fa_simd_gelu_forward_f32 / fa_simd_gelu_derivative_f32. */
#ifndef FASTACT_SIMD_GELU_F32_H
#define FASTACT_SIMD_GELU_F32_H

#include "simd/simd.h"
#include "simd/exp_table_f32.h"

#define FA_GELU_F32_CLAMP 0x1.d158p+3f
#define FA_GELU_F32_W1 0x1p-1f /* e^(r2/2) - 1 = r2 (W1 + r2 (W2 + W3 r2)) */
#define FA_GELU_F32_W2 0x1.0001ecp-3f
#define FA_GELU_F32_W3 0x1.55562ep-6f
#define FA_GELU_F32_INV_SQRT_2PI_HI 0x1.988454p-34f /* 1/sqrt(2 pi) 2^-32 = HI + LO */
#define FA_GELU_F32_INV_SQRT_2PI_LO -0x1.857936p-59f

/* tools/fit_gelu_f32.py's output: the pieces of R for AVX-512 (p32) and AVX2 (p8) */
/* p32: t + 2, 32 pieces of degree 5; a_j */
static const float fa_gelu_f32_p32_start[32] = {
    0x0p+0f, 0x1.7ecp-2f, 0x1.3e2p-1f, 0x1.be5p-1f, 0x1.20a8p+0f, 0x1.5e08p+0f,
    0x1.9e78p+0f, 0x1.e18cp+0f, 0x1.1fp+1f, 0x1.600cp+1f, 0x1.a1e4p+1f, 0x1.df88p+1f,
    0x1.1034p+2f, 0x1.3002p+2f, 0x1.5026p+2f, 0x1.6f02p+2f, 0x1.a07p+2f, 0x1.e1b4p+2f,
    0x1.0ffap+3f, 0x1.300ep+3f, 0x1.5022p+3f, 0x1.6f2ap+3f, 0x1.901ep+3f, 0x1.afbap+3f,
    0x1.decp+3f, 0x1p+4f, 0x1.2p+4f, 0x1.4p+4f, 0x1.6p+4f, 0x1.8p+4f,
    0x1.ap+4f, 0x1.cp+4f};
/* p32: the coefficients of R(a_j + d) times 2^-32 (exact), lowest order first */
static const float fa_gelu_f32_p32_r0[32] = {
    0x1p-33f, 0x1.85093p-34f, 0x1.4bdb34p-34f, 0x1.1f019p-34f, 0x1.f5cb4p-35f, 0x1.bf4d24p-35f,
    0x1.906a1ap-35f, 0x1.6832fap-35f, 0x1.3b886cp-35f, 0x1.0bb1d6p-35f, 0x1.cee0cp-36f, 0x1.9a1e2ap-36f,
    0x1.6dc44cp-36f, 0x1.4a7046p-36f, 0x1.2ce214p-36f, 0x1.14fabp-36f, 0x1.eb2762p-37f, 0x1.aaeb78p-37f,
    0x1.7b675ap-37f, 0x1.54434p-37f, 0x1.3461bp-37f, 0x1.1ab776p-37f, 0x1.03bbc8p-37f, 0x1.e1db1ap-38f,
    0x1.b2f67ap-38f, 0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
    0x0p+0f, 0x0p+0f};
static const float fa_gelu_f32_p32_r1[32] = {
    -0x1.988446p-34f, -0x1.071a74p-34f, -0x1.94a4ep-35f, -0x1.3caa3cp-35f, -0x1.f67562p-36f, -0x1.9ade6ap-36f,
    -0x1.5182bep-36f, -0x1.16f7c6p-36f, -0x1.b6331p-37f, -0x1.431a06p-37f, -0x1.eb826ep-38f, -0x1.8682aep-38f,
    -0x1.39976ap-38f, -0x1.01c6b4p-38f, -0x1.adddeep-39f, -0x1.6dd8ep-39f, -0x1.211c6p-39f, -0x1.b7019p-40f,
    -0x1.5bda02p-40f, -0x1.1876e4p-40f, -0x1.cd93a2p-41f, -0x1.84777cp-41f, -0x1.483d5ep-41f, -0x1.1aab22p-41f,
    -0x1.cd1ae8p-42f, 0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
    0x0p+0f, 0x0p+0f};
static const float fa_gelu_f32_p32_r2[32] = {
    0x1.fffa22p-35f, 0x1.22b146p-35f, 0x1.9c4a7p-36f, 0x1.29f954p-36f, 0x1.b5089ap-37f, 0x1.4cd14ap-37f,
    0x1.fcc91ep-38f, 0x1.874bacp-38f, 0x1.179a86p-38f, 0x1.6c426cp-39f, 0x1.edb0c2p-40f, 0x1.62f92cp-40f,
    0x1.029dbp-40f, 0x1.8524aep-41f, 0x1.2a886cp-41f, 0x1.d7899ap-42f, 0x1.4dabb2p-42f, 0x1.bc84aep-43f,
    0x1.3afb88p-43f, 0x1.c9ae5ep-44f, 0x1.56898cp-44f, 0x1.08fc86p-44f, 0x1.9c4ddp-45f, 0x1.49e72ep-45f,
    0x1.e6b6f6p-46f, 0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
    0x0p+0f, 0x0p+0f};
static const float fa_gelu_f32_p32_r3[32] = {
    -0x1.0feb4cp-35f, -0x1.165ea4p-36f, -0x1.70c076p-37f, -0x1.f223aep-38f, -0x1.556c12p-38f, -0x1.e8e5bep-39f,
    -0x1.5edd1ap-39f, -0x1.fa6c36p-40f, -0x1.4ca41p-40f, -0x1.83657p-41f, -0x1.d84b9cp-42f, -0x1.35985ap-42f,
    -0x1.9bcb2p-43f, -0x1.1cf7acp-43f, -0x1.93ee1ep-44f, -0x1.28f864p-44f, -0x1.79ee16p-45f, -0x1.bb7736p-46f,
    -0x1.19d22ap-46f, -0x1.71c66cp-47f, -0x1.f83b38p-48f, -0x1.67034cp-48f, -0x1.016486p-48f, -0x1.7eff6ap-49f,
    -0x1.ff9afp-50f, 0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
    0x0p+0f, 0x0p+0f};
static const float fa_gelu_f32_p32_r4[32] = {
    0x1.f20734p-37f, 0x1.dec9eep-38f, 0x1.2a9266p-38f, 0x1.7b89d2p-39f, 0x1.ea1428p-40f, 0x1.4bfe7cp-40f,
    0x1.c214ep-41f, 0x1.32aeb6p-41f, 0x1.76c61p-42f, 0x1.896c46p-43f, 0x1.b25daap-44f, 0x1.04edb4p-44f,
    0x1.3e4e94p-45f, 0x1.96d1d6p-46f, 0x1.0b48e4p-46f, 0x1.6eeb26p-47f, 0x1.a72cep-48f, 0x1.b66ccap-49f,
    0x1.f47bb6p-50f, 0x1.28e95ap-50f, 0x1.7134acp-51f, 0x1.e3e7bp-52f, 0x1.3fe11p-52f, 0x1.bb2888p-53f,
    0x1.0d4214p-53f, 0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
    0x0p+0f, 0x0p+0f};
static const float fa_gelu_f32_p32_r5[32] = {
    -0x1.4875f6p-38f, -0x1.75a734p-39f, -0x1.b6d78ep-40f, -0x1.05a344p-40f, -0x1.46ee1ap-41f, -0x1.a11ebep-42f,
    -0x1.0fcb0ep-42f, -0x1.63f458p-43f, -0x1.8944c4p-44f, -0x1.7cd84p-45f, -0x1.86c6f8p-46f, -0x1.a366aep-47f,
    -0x1.df9884p-48f, -0x1.1b742ap-48f, -0x1.5a688p-49f, -0x1.c76ccap-50f, -0x1.cfe7b2p-51f, -0x1.b1c046p-52f,
    -0x1.b486c2p-53f, -0x1.d70aecp-54f, -0x1.0b9e68p-54f, -0x1.3a8cdap-55f, -0x1.957fep-56f, -0x1.0f2eep-56f,
    -0x1.14195ap-57f, 0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
    0x0p+0f, 0x0p+0f};
/* p8: t + 1, 8 pieces of degree 8; a_j */
static const float fa_gelu_f32_p8_start[8] = {
    0x1.81ep+0f, 0x1.3ee8p+1f, 0x1.023p+2f, 0x1.8228p+2f, 0x1.23bp+3f, 0x1.a36p+3f,
    0x0p+0f, 0x1.87ap-1f};
/* p8: the coefficients of R(a_j + d) times 2^-32 (exact), lowest order first */
static const float fa_gelu_f32_p8_r0[8] = {
    0x1.a416aep-35f, 0x1.223f32p-35f, 0x1.7fbef4p-36f, 0x1.07ed3ap-36f, 0x1.625e14p-37f, 0x1.efe3a2p-38f,
    0x1p-33f, 0x1.30cea8p-34f};
static const float fa_gelu_f32_p8_r1[8] = {
    -0x1.6fa5eep-36f, -0x1.77964ep-37f, -0x1.57ded8p-38f, -0x1.4cec98p-39f, -0x1.2ff072p-40f, -0x1.2b47bep-41f,
    -0x1.988454p-34f, -0x1.5ebe82p-35f};
static const float fa_gelu_f32_p8_r2[8] = {
    0x1.1e032p-37f, 0x1.c2753p-39f, 0x1.277f2p-40f, 0x1.9a9b2ep-42f, 0x1.01d936p-43f, 0x1.673eap-45f,
    0x1.000024p-34f, 0x1.555538p-36f};
static const float fa_gelu_f32_p8_r3[8] = {
    -0x1.959402p-39f, -0x1.fabeb8p-41f, -0x1.e90f9ap-43f, -0x1.efc974p-45f, -0x1.b0e40cp-47f, -0x1.ace0d2p-49f,
    -0x1.105cbep-35f, -0x1.259c06p-37f};
static const float fa_gelu_f32_p8_r4[8] = {
    0x1.0a5b3ap-40f, 0x1.0dad58p-42f, 0x1.870e7cp-45f, 0x1.256672p-47f, 0x1.67acaep-50f, 0x1.fd464cp-53f,
    0x1.004498p-36f, 0x1.ca1484p-39f};
static const float fa_gelu_f32_p8_r5[8] = {
    -0x1.479bfp-42f, -0x1.10c478p-44f, -0x1.2e7de6p-47f, -0x1.54f4a6p-50f, -0x1.26f65ep-53f, -0x1.2c6692p-56f,
    -0x1.b7fdc6p-38f, -0x1.480aa4p-40f};
static const float fa_gelu_f32_p8_r6[8] = {
    0x1.7cc51p-44f, 0x1.07215ep-46f, 0x1.c6309p-50f, 0x1.834d4ep-53f, 0x1.ddfa4p-57f, 0x1.60398ap-60f,
    0x1.6686c8p-39f, 0x1.bf9d4cp-42f};
static const float fa_gelu_f32_p8_r7[8] = {
    -0x1.b2feaap-46f, -0x1.0f3252p-48f, -0x1.645aecp-52f, -0x1.b51d4cp-56f, -0x1.a86a06p-60f, -0x1.b5bf8ap-64f,
    -0x1.144122p-40f, -0x1.91722p-43f};
static const float fa_gelu_f32_p8_r8[8] = {
    0x1.cd6c4ep-48f, 0x1.272552p-50f, 0x1.0985bep-54f, 0x1.0f76bap-58f, 0x1.6f219p-63f, 0x1.097de2p-67f,
    0x1.2568b4p-42f, -0x1.ada6ep-46f};

/* R(m) 2^-32 = *r0 + d r' (returned): the last Horner step left to the
 * caller; and, through *e_hi, *e_lo, *p, e^(-m^2/2) = (e_hi + e_lo) p 2^-32
 * (e_hi = T_j, e_lo = T_j w + T_lo: E in two parts; p = 2^(floor(k) + 32)) */
FA_INLINE fa_vf32 fa_simd_gelu_parts_f32(fa_vf32 m, fa_vf32 *r0, fa_vf32 *e_hi, fa_vf32 *e_lo, fa_vf32 *p) {
    const fa_vf32 hi = fa_vf32_mul(m, m);
    const fa_vf32 lo = fa_vf32_fms(m, m, hi);
    const fa_vf32 shifter = fa_vf32_set1(FA_EXPT_SHIFTER);
    const fa_vf32 s = fa_vf32_fma(hi, fa_vf32_set1(-0.5f * FA_EXPT_LOG2E), shifter);
    const fa_vf32 k = fa_vf32_sub(s, shifter);
    const fa_vf32 r2 = fa_vf32_add(fa_vf32_fms(k, fa_vf32_set1(-2.0f * FA_EXPT_LN2_HI), hi),
                                   fa_vf32_fms(k, fa_vf32_set1(-2.0f * FA_EXPT_LN2_LO), lo));
    const fa_vf32 w = fa_vf32_mul(r2, fa_vf32_fma(fa_vf32_fma(fa_vf32_set1(FA_GELU_F32_W3), r2, fa_vf32_set1(FA_GELU_F32_W2)), r2,
                                                  fa_vf32_set1(FA_GELU_F32_W1)));
    *e_hi = fa_vf32_lookup16(fa_exp_table_hi_f32, s);
    *e_lo = fa_vf32_fma(*e_hi, w, fa_vf32_lookup16(fa_exp_table_lo_f32, s));
    *p = fa_vf32_pow2_floor_plus32(k, s);
#if FA_SIMD_PERMUTE_CHEAP
    /* the piece: bits 20..24 of m + 2 (32 entries, degree 5) */
    const fa_vf32 j = fa_vf32_bits_shr(fa_vf32_add(m, fa_vf32_set1(2.0f)), 20);
    const fa_vf32 d = fa_vf32_sub(m, fa_vf32_lookup32(fa_gelu_f32_p32_start, j));
    fa_vf32 r = fa_vf32_fma(fa_vf32_lookup32(fa_gelu_f32_p32_r5, j), d, fa_vf32_lookup32(fa_gelu_f32_p32_r4, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup32(fa_gelu_f32_p32_r3, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup32(fa_gelu_f32_p32_r2, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup32(fa_gelu_f32_p32_r1, j));
    *r0 = fa_vf32_lookup32(fa_gelu_f32_p32_r0, j);
#else
    /* the piece: bits 22..24 of m + 1 (8 entries, one vpermps each; degree 8) */
    const fa_vf32 j = fa_vf32_bits_shr(fa_vf32_add(m, fa_vf32_set1(1.0f)), 22);
    const fa_vf32 d = fa_vf32_sub(m, fa_vf32_lookup8(fa_gelu_f32_p8_start, j));
    fa_vf32 r = fa_vf32_fma(fa_vf32_lookup8(fa_gelu_f32_p8_r8, j), d, fa_vf32_lookup8(fa_gelu_f32_p8_r7, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup8(fa_gelu_f32_p8_r6, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup8(fa_gelu_f32_p8_r5, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup8(fa_gelu_f32_p8_r4, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup8(fa_gelu_f32_p8_r3, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup8(fa_gelu_f32_p8_r2, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup8(fa_gelu_f32_p8_r1, j));
    *r0 = fa_vf32_lookup8(fa_gelu_f32_p8_r0, j);
#endif
    return fa_vf32_mul(r, d);
}

/* gelu = b - q, b = max(-0, x), q = m h = (m p) (R (e_hi + e_lo) 2^-32):
 * x < 0: -q; x >= 0: x - q (q <= x/2: its error, relative, adds at most as
 * much to x - q). Measured: @FWD@ */
FA_INLINE fa_vf32 fa_simd_gelu_forward_f32(fa_vf32 x, const float *params) {
    (void)params;
    const fa_vf32 m = fa_vf32_min_keep_nan(fa_vf32_set1(FA_GELU_F32_CLAMP), fa_vf32_abs(x));
    fa_vf32 r0, e_hi, e_lo, p;
    const fa_vf32 rd = fa_simd_gelu_parts_f32(m, &r0, &e_hi, &e_lo, &p);
    /* h = (r0 + rd)(e_hi + e_lo) = r0 e_hi + (rd e_hi + r e_lo), r = r0 + rd rounded */
    const fa_vf32 h = fa_vf32_fma(r0, e_hi, fa_vf32_fma(rd, e_hi, fa_vf32_mul(fa_vf32_add(r0, rd), e_lo)));
    const fa_vf32 q = fa_vf32_mul(fa_vf32_mul(m, p), h);
    return fa_vf32_sub(fa_vf32_max_keep_nan(fa_vf32_set1(-0.0f), x), q);
}

/* gelu'(x) = Phi(x) + x phi(x): with g = h - m phi(m) = e^(-m^2/2) (R - m c),
 * c = 1/sqrt(2 pi) in two parts, x < 0: g; x >= 0: 1 - g. R - m c cancels
 * next to f''s zero at m = 0.7518 (x < 0): there the error is absolute (R's,
 * ~2^-26). (R - m c) E multiplied out in parts as the forward's (sample:
 * 2.44 -> 1.6 ULP for one instruction). x < -C gives -0 (the generic
 * kernel: +0). Measured: @DER@ */
FA_INLINE fa_vf32 fa_simd_gelu_derivative_f32(fa_vf32 x, const float *params) {
    (void)params;
    const fa_vf32 m = fa_vf32_min_keep_nan(fa_vf32_set1(FA_GELU_F32_CLAMP), fa_vf32_abs(x));
    fa_vf32 r0, e_hi, e_lo, p;
    const fa_vf32 rd = fa_simd_gelu_parts_f32(m, &r0, &e_hi, &e_lo, &p);
    const fa_vf32 a = fa_vf32_fnma(fa_vf32_set1(FA_GELU_F32_INV_SQRT_2PI_HI), m, r0);
    const fa_vf32 b = fa_vf32_fnma(fa_vf32_set1(FA_GELU_F32_INV_SQRT_2PI_LO), m, rd);
    /* (a + b)(e_hi + e_lo) = a e_hi + (b e_hi + (a + b) e_lo) */
    const fa_vf32 ge = fa_vf32_fma(a, e_hi, fa_vf32_fma(b, e_hi, fa_vf32_mul(fa_vf32_add(a, b), e_lo)));
    const fa_vf32 g = fa_vf32_mul(ge, p);
    return fa_vf32_select(fa_vf32_lt(x, fa_vf32_set1(0.0f)), g, fa_vf32_sub(fa_vf32_set1(1.0f), g));
}

#endif
