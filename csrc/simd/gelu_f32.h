/* gelu (erf form) for float over SIMD vectors, forward and derivative, in
 * float arithmetic (the body before it widened each vector to two double
 * vectors: 1.14 ns/el AVX-512, 2.24 AVX2). h = Phi(-m), m = min(|x|, C), as
 * e^(-m^2/2) R(m):
 *   m^2 = hi + lo exactly (one fms), so the exponent carries no rounding
 *   error (m^2/2 reaches 106, where 2^-24 relative would be ~200 ULP;
 *   AVX-512 since session 9: r2 from m in one fnma, below)
 *   e^(-(hi + lo)/2) = 2^floor(k) E, E = T_j (1 + w) + T_lo_j: AVX-512
 *   exp_table_f32.h's table, k = K/16 from -hi log2e / 2, w = e^(r2/2) - 1
 *   of degree 3 (2^-28.7 relative); AVX2 (and the other ISAs without a
 *   cheap 16-entry permute) 2^(j/8), k = K/8, w of degree 4 (2^-32.0): its
 *   two lookups are one vpermps each where lookup16 takes four instructions
 *   (forward 0.86 -> 0.81 ns/el, derivative 0.96 -> 0.91, AVX2, session 5);
 *   r2 = 2r = (-hi - 2k LN2_HI) - (2k LN2_LO + lo), the first exact (k has
 *   <= 12 bits, as exp_table_f32.h), the second rounded to 2^-31 (K/8: 2^-30).
 *   E stays in two parts, e_hi = T_j and e_lo = T_j w + T_lo_j
 *   (dropping T_lo: forward 1.54 -> 2.15 ULP, every 61st input, for 2% of
 *   the time: not taken; AVX-512 since session 9: T_j (1 + eps), below)
 *   R(t) = e^(t^2/2) Phi(-t) piecewise, each piece a polynomial in d = t - a_j
 *   (exact: t in [a_j / 2, 2 a_j], or a_j = 0), a_j near the piece's middle
 *   where R is nearest a float (so that c0 = R(a_j) is good to 2^-30). The
 *   piece is read from the bits of t + 1 (the exponent's low 2 bits and the
 *   top mantissa bits), one vpermps a coefficient:
 *     AVX-512: 16 pieces (steps 1/4 in [0, 1), 1/2 to 3, 1 to 7, 2 to 15),
 *     degree 6; 2^-27.5 relative (32 pieces of degree 5 through vpermt2ps,
 *     each with a register copy: forward 0.495 -> 0.486 ns/el without)
 *     AVX2: 8 pieces (steps 1/2 in [0, 1), 1 to 3, 2 to 7, 4 to 15), degree
 *     8; 2^-27.9 relative (a 32-entry lookup is 7 instructions there: the
 *     32 pieces measured 1.23 ns/el forward against 0.87)
 *   tools/fit_gelu_f32.py prints all constants (and the errors above). The
 *   last Horner step is kept in two parts, R = r0 + rd, and multiplied out
 *   with E (forward 1.76 -> 1.42 ULP on a sample for two instructions).
 *   2^floor(k) is applied as p = 2^(floor(k) + 32) (normal: floor(k) >= -153)
 *   to m, exactly, while R's coefficients are stored times 2^-32: every
 *   intermediate is then normal, subnormal m included, and the one product
 *   that may be subnormal (x in [-14.54, -13]) is rounded once, last.
 * AVX-512 (session 9, fa_simd_gelu_pieces16_f32) reads the same pieces and
 * 2^(j/16) in fewer operations: forward 36 vector operations in the loop
 * instead of 40 (49 -> 44 instructions; 43 since session 13, x read once),
 * derivative 53 -> 49, backward_x 56 -> 50:
 *   m = min(C, |x|) is one vrangeps (abs_min; the forward only: the
 *   derivative's NaN must reach its result through m)
 *   r2 = (-2k LN2_HI - m m) - 2k LN2_LO from m itself: the fnma's product is
 *   exact and its result (|.| < 2^-4) rounded once to 2^-29, so m^2 needs no
 *   hi + lo split (m m rounded only feeds k)
 *   E = T_j (1 + eps), eps = (1 + w)(1 + rho_j) - 1 (w rho_j < 2^-29.8
 *   dropped) in w's last fma: rho_j = 2^(j/16) / T_j - 1 in place of T_lo, no
 *   e_lo step
 *   h = T_j (r0 + small), small = r d (1 + eps) + r0 eps (as the parts
 *   above: r0 T_j exact inside the last fma); the derivative's (a + b) E
 *   likewise
 *   the forward's m 2^floor(k) is one vscalef of m (of min(m, 1) since
 *   session 14; T_j read times 2^32):
 *   exact but where subnormal (x < -13.2), an error below 2^-150 absolute
 *   in the result
 *   (forward 0.495 -> 0.447 ns/el, derivative 0.534 -> 0.511, backward_x
 *   0.557 -> 0.535, AVX-512 n = 65536, BENCHMARKS.md 2026-12-07 session 9;
 *   max ULP over all inputs at each function).
 *   Session 14: the forward alone reads its own pieces s16 (F = R on [0, 1),
 *   m R(m) from 1, degree 5, as AVX2's s8) and leaves rho_j out (eps = r2
 *   w): 34 vector operations in the loop, 41 instructions (at the forward).
 * AVX2 (session 11, fa_simd_gelu_lut8_f32) keeps 2^(j/8) and the 8 pieces of
 * degree 8 but takes session 9's shortcuts that need no vscalef / vrangeps
 * (r2 from m in one fnma, E = T_j (1 + eps) with rho_j, no e_lo step) and a
 * shorter chain: R's r by Estrin (the forward r1 + d S, S by Estrin: the
 * full Estrin measured 1.87 ULP there, all inputs), eps joining h one fma
 * before the end, the
 * result b - (m p) h in one fnma (m p exact: one rounding fewer than m p then
 * b - q), p = 2^(floor(k) + 32) from t's bits (a vpermps and two integer
 * operations); and its own pieces (p8c: piece 0 expanded at 0.237, not 0,
 * so that r d stays below 1/4 of R there as on the other pieces: the
 * shorter steps' roundings, relative to r d, no longer reach 0.43 of R;
 * session 14's g8 and s8 keep that piece 0).
 * About as many instructions (forward 55 -> 56 in the loop, derivative 60
 * -> 61), the longest chain ~63 -> ~49 cycles (Zen 4 latencies). Session 12:
 * the products with T_j formed from d T_j (ready before r), so that r
 * reaches h three fmas before the end instead of five operations: the
 * chain ~49 -> ~45 cycles for one multiply more (the same instruction
 * counts, 111 a two-vector forward step, derivative 62 -> 63; the loop is
 * latency-bound, each vector's ~50 FP operations filling Zen 4's FP
 * scheduler: forward 1.04x, backward_x 1.12x; eps's polynomial by Estrin,
 * 4 cycles shorter and one multiply more, measured 2% slower on the forward
 * and backward, 2% faster on the derivative: not taken; BENCHMARKS.md
 * 2026-12-07 session 12). Session 13: the forward reads its own pieces
 * (s8, degree 7, one lookup and one fma fewer): F = R on [0, 1), m R(m)
 * from 1, so q = (min(m, 1) p) h; m R is ~flat where R ~ 1/m (degree 7 on
 * p8's pieces: 2^-26.6 for m R against 2^-24.7 for R), and h then carries
 * q's mantissa: its rounding is 0.5 ULP of the result where m h could
 * double it (all inputs 1.80 -> 1.42 ULP). Session 14: the derivative
 * reads its own (g8, degree 7, a_j where G is near a float, piece 1 to 2
 * expanded at 1.35): G = R - m c fitted itself (2^-28.6 of R + m c), so c m
 * is in the table and ge is the forward's h over it (fa_gelu_f32_lut8_h):
 * derivative 63 -> 58 instructions a vector in the loop, 13 -> 12 vpermps.
 * The speed and ULP at the forward's and derivative's comments below.
 * C = 14.5419921875: beyond it C Phi(-C) and C phi(C) are both below 2^-150,
 * so gelu rounds to x or -0 and gelu' to 1 or -0, +-inf included, without a
 * select (tools/fit_gelu_f32.py's clamp()). NaN passes min and max (AVX-512's
 * forward: abs_min gives C there, and the NaN comes through max(-0, x)).
 * The steps that tolerate a second rounding (the shifter, r2's correction,
 * the polynomials, the low parts) are _mul_add: fused on FMA targets (the
 * same bits), a multiply and an add on SSE2, whose emulated fused ops made
 * this body 1.2x slower than the generic loop there; the 4 left fused
 * (m^2's low part, R e_hi, R - m c and 1 - g) carry the error analysis.
 * SSE2, session 8: forward 9.54 -> 4.97 ns/el against the generic loop,
 * backward_x 12.29 -> 6.23; 1.87 ULP (all inputs), derivative 2.32 outside
 * the band (every 61st).
 * Measured: at fa_simd_gelu_forward_f32 / fa_simd_gelu_derivative_f32. */
#ifndef FASTACT_SIMD_GELU_F32_H
#define FASTACT_SIMD_GELU_F32_H

#include "simd/simd.h"
#include "simd/exp_table_f32.h"
#if FA_SIMD_LAYER_AVX2
#include "simd/lut8_f32.h" /* fa_lut8_rest_f32: rho_j of fa_gelu_f32_exp8_hi */
#endif

#define FA_GELU_F32_CLAMP 0x1.d158p+3f
#define FA_GELU_F32_W1 0x1p-1f /* e^(r2/2) - 1 = r2 (W1 + r2 (W2 + W3 r2)) */
#define FA_GELU_F32_W2 0x1.0001ecp-3f
#define FA_GELU_F32_W3 0x1.55562ep-6f
#define FA_GELU_F32_INV_SQRT_2PI_HI 0x1.988454p-34f /* 1/sqrt(2 pi) 2^-32 = HI + LO */
#define FA_GELU_F32_INV_SQRT_2PI_LO -0x1.857936p-59f

#if !FA_SIMD_PERMUTE_CHEAP
/* e^(r2/2) with k in steps of 1/8: 2^(j/8) = HI + LO (to 2^-48), and e^(r2/2)
 * - 1 = r2 (W1 + r2 (W2 + r2 (W3 + r2 W4))), |r2| <= ln2/8: 2^-32.0 relative
 * (tools/fit_gelu_f32.py) */
#define FA_GELU_F32_SHIFTER8 0x1.8p20f /* its ULP is 1/8 */
#define FA_GELU_F32_W8_1 0x1p-1f
#define FA_GELU_F32_W8_2 0x1p-3f
#define FA_GELU_F32_W8_3 0x1.555c22p-6f
#define FA_GELU_F32_W8_4 0x1.55587ap-9f
static const float fa_gelu_f32_exp8_hi[8] = {0x1p+0f,        0x1.172b84p+0f, 0x1.306fep+0f,
                                             0x1.4bfdaep+0f, 0x1.6a09e6p+0f, 0x1.8ace54p+0f,
                                             0x1.ae89fap+0f, 0x1.d5818ep+0f};
static const float fa_gelu_f32_exp8_lo[8] = {0x0p+0f,          -0x1.c15742p-27f, 0x1.4636e2p-25f,
                                             -0x1.593abcp-25f, 0x1.9fcef4p-26f,  0x1.15506ep-27f,
                                             -0x1.a94b14p-26f, -0x1.822dbcp-27f};
#endif

#if FA_SIMD_PERMUTE_CHEAP
/* the AVX-512 forward's exp table: T_j 2^32 (T_j = fa_exp_table_hi_f32[j],
 * 2^(j/16) rounded to float); its rho_j = 2^(j/16) / T_j - 1 rounded is
 * exp_table_f32.h's fa_exp_table_rho_f32 (tools/fit_gelu_f32.py prints both) */
static const float fa_gelu_f32_exp_hi_2p32[16] = {
    0x1p+32f,        0x1.0b5586p+32f, 0x1.172b84p+32f, 0x1.2387a6p+32f,
    0x1.306fep+32f,  0x1.3dea64p+32f, 0x1.4bfdaep+32f, 0x1.5ab07ep+32f,
    0x1.6a09e6p+32f, 0x1.7a1148p+32f, 0x1.8ace54p+32f, 0x1.9c4918p+32f,
    0x1.ae89fap+32f, 0x1.c199bep+32f, 0x1.d5818ep+32f, 0x1.ea4afap+32f};
#endif

/* tools/fit_gelu_f32.py's output: the pieces of R for AVX-512 (p16) and AVX2 (p8) */
#if FA_SIMD_PERMUTE_CHEAP
/* p16: t + 1, 16 pieces of degree 6; a_j */
static const float fa_gelu_f32_p16_start[16] = {
    0x1.407p+0f, 0x1.bd28p+0f, 0x1.1fp+1f,   0x1.600cp+1f, 0x1.c18p+1f,  0x1.1e04p+2f,
    0x1.5fbp+2f, 0x1.a07p+2f,  0x1.fc08p+2f, 0x1.41b4p+3f, 0x1.7f0cp+3f, 0x1.c18cp+3f,
    0x0p+0f,     0x1.7ecp-2f,  0x1.3e2p-1f,  0x1.be5p-1f};
/* p16: the coefficients of R(a_j + d) times 2^-32 (exact), lowest order first */
static const float fa_gelu_f32_p16_r0[16] = {
    0x1.d835fp-35f,  0x1.7d101p-35f,  0x1.3b886cp-35f, 0x1.0bb1d6p-35f,
    0x1.b24f62p-36f, 0x1.5d919ap-36f, 0x1.205d72p-36f, 0x1.eb2762p-37f,
    0x1.957694p-37f, 0x1.41f538p-37f, 0x1.0f27c8p-37f, 0x1.cef288p-38f,
    0x1p-33f,        0x1.85093p-34f,  0x1.4bdb34p-34f, 0x1.1f019p-34f};
static const float fa_gelu_f32_p16_r1[16] = {
    -0x1.c3ed48p-36f, -0x1.34d06p-36f,  -0x1.b63312p-37f, -0x1.431a06p-37f,
    -0x1.b39224p-38f, -0x1.1f633p-38f,  -0x1.8bbe76p-39f, -0x1.211c6p-39f,
    -0x1.8c95a8p-40f, -0x1.f6bbdp-41f,  -0x1.658c96p-41f, -0x1.050654p-41f,
    -0x1.988452p-34f, -0x1.071a74p-34f, -0x1.94a4ep-35f,  -0x1.3caa3ep-35f};
static const float fa_gelu_f32_p16_r2[16] = {
    0x1.7abd92p-37f, 0x1.c2435p-38f,  0x1.179b2cp-38f, 0x1.6c42e8p-39f,
    0x1.9f46dcp-40f, 0x1.c7c4e2p-41f, 0x1.088568p-41f, 0x1.4dac62p-42f,
    0x1.7e7d0ep-43f, 0x1.84eefep-44f, 0x1.d45ea6p-45f, 0x1.24ebd4p-45f,
    0x1.ffff6p-35f,  0x1.22b184p-35f, 0x1.9c4a98p-36f, 0x1.29f988p-36f};
static const float fa_gelu_f32_p16_r3[16] = {
    -0x1.1e819p-38f,  -0x1.2d87a8p-39f, -0x1.4c9e0ep-40f, -0x1.8363fep-41f,
    -0x1.7a8f68p-42f, -0x1.5dacc4p-43f, -0x1.591084p-44f, -0x1.79f08cp-45f,
    -0x1.6be5f8p-46f, -0x1.2a346ap-47f, -0x1.30c668p-48f, -0x1.4723c2p-49f,
    -0x1.104ab6p-35f, -0x1.165e72p-36f, -0x1.70c08p-37f,  -0x1.f2149cp-38f};
static const float fa_gelu_f32_p16_r4[16] = {
    0x1.8ed2fp-40f,  0x1.783902p-41f, 0x1.74a47ap-42f, 0x1.87bc9ap-43f,
    0x1.4b7bbep-44f, 0x1.045588p-45f, 0x1.b7f34ep-47f, 0x1.a4cd08p-48f,
    0x1.560734p-49f, 0x1.c5440ap-51f, 0x1.8a42b4p-52f, 0x1.6b97d4p-53f,
    0x1.fde50ap-37f, 0x1.dd3958p-38f, 0x1.2a06cp-38f,  0x1.79f4e4p-39f};
static const float fa_gelu_f32_p16_r5[16] = {
    -0x1.05c952p-41f, -0x1.bc14eep-43f, -0x1.8f734cp-44f, -0x1.7e7a74p-45f,
    -0x1.1cf5b6p-46f, -0x1.7d8d1ep-48f, -0x1.14b89ap-49f, -0x1.ccc352p-51f,
    -0x1.43c128p-52f, -0x1.5ad6a2p-54f, -0x1.00b696p-55f, -0x1.9533a2p-57f,
    -0x1.9e59f4p-38f, -0x1.763dacp-39f, -0x1.b710f6p-40f, -0x1.121012p-40f};
static const float fa_gelu_f32_p16_r6[16] = {
    0x1.3f6d1p-43f,  0x1.e45d8p-45f,  0x1.8f49e4p-46f, 0x1.4290d2p-47f,
    0x1.d7bc2ap-49f, 0x1.063368p-50f, 0x1.4fe126p-52f, 0x1.c51f82p-54f,
    0x1.1b09aep-55f, 0x1.098decp-57f, 0x1.3ef452p-59f, 0x1.c8b062p-61f,
    0x1.cf1f94p-40f, 0x1.1f9682p-40f, 0x1.a2f09p-42f,  0x1.41cbd4p-41f};
/* s16 (session 14, the forward's own): F = R on [0, 1), t R(t) from 1, on p16's
 * pieces, degree 5 (tools/fit_gelu_f32.py); a_j */
static const float fa_gelu_f32_s16_start[16] = {
    0x1.3fbp+0f, 0x1.c3a8p+0f, 0x1.212cp+1f, 0x1.6074p+1f, 0x1.bce8p+1f, 0x1.218cp+2f,
    0x1.5f1p+2f, 0x1.a0dp+2f,  0x1.006cp+3f, 0x1.41d4p+3f, 0x1.81bcp+3f, 0x1.c108p+3f,
    0x0p+0f,     0x1.7ecp-2f,  0x1.3e2p-1f,  0x1.be5p-1f};
/* s16: the coefficients of F(a_j + d) times 2^-32 (exact), lowest order first */
static const float fa_gelu_f32_s16_r0[16] = {
    0x1.2741ep-34f,  0x1.4cb974p-34f, 0x1.62549ep-34f, 0x1.70338cp-34f,
    0x1.7cd27cp-34f, 0x1.86f124p-34f, 0x1.8c1c04p-34f, 0x1.8f7f58p-34f,
    0x1.926e5ep-34f, 0x1.94979ep-34f, 0x1.95c2f6p-34f, 0x1.967918p-34f,
    0x1p-33f,        0x1.85093p-34f,  0x1.4bdb34p-34f, 0x1.1f019p-34f};
static const float fa_gelu_f32_s16_r1[16] = {
    0x1.7c0096p-36f,  0x1.b6f56ep-37f,  0x1.1369cap-37f, 0x1.6b574ep-38f,
    0x1.a9a0f8p-39f,  0x1.b9974cp-40f,  0x1.09c9eap-40f, 0x1.4cd85p-41f,
    0x1.7467fap-42f,  0x1.847f6p-43f,   0x1.cae66ap-44f, 0x1.25e96cp-44f,
    -0x1.988446p-34f, -0x1.071a74p-34f, -0x1.94a4ep-35f, -0x1.3caa3cp-35f};
static const float fa_gelu_f32_s16_r2[16] = {
    -0x1.af854ap-37f, -0x1.b638dp-38f,  -0x1.e98d7cp-39f, -0x1.219ebcp-39f,
    -0x1.2502cp-40f,  -0x1.f77e4p-42f,  -0x1.0468fep-42f, -0x1.1a85b4p-43f,
    -0x1.077b5p-44f,  -0x1.bea43ep-46f, -0x1.bcf63ep-47f, -0x1.ece91p-48f,
    0x1.fffa22p-35f,  0x1.22b146p-35f,  0x1.9c4a7p-36f,   0x1.29f954p-36f};
static const float fa_gelu_f32_s16_r3[16] = {
    0x1.90b466p-38f,  0x1.6a61acp-39f,  0x1.6c4604p-40f,  0x1.86053cp-41f,
    0x1.58815cp-42f,  0x1.ef209cp-44f,  0x1.bb53c4p-45f,  0x1.a2bfc2p-46f,
    0x1.471e7cp-47f,  0x1.c4452cp-49f,  0x1.7d01acp-50f,  0x1.6d9fd8p-51f,
    -0x1.0feb4cp-35f, -0x1.165ea4p-36f, -0x1.70c076p-37f, -0x1.f223aep-38f};
static const float fa_gelu_f32_s16_r4[16] = {
    -0x1.48b024p-39f, -0x1.0ad968p-40f, -0x1.e6002ap-42f, -0x1.d98b4p-43f,
    -0x1.74fd18p-44f, -0x1.c2c9d2p-46f, -0x1.5e0ee2p-47f, -0x1.208a46p-48f,
    -0x1.81eaa8p-50f, -0x1.b1341ep-52f, -0x1.33d1a8p-53f, -0x1.feaa14p-55f,
    0x1.f20734p-37f,  0x1.dec9eep-38f,  0x1.2a9266p-38f,  0x1.7b89d2p-39f};
static const float fa_gelu_f32_s16_r5[16] = {
    0x1.e3801ap-41f,  0x1.6d8116p-42f,  0x1.2c66b8p-43f,  0x1.09a4ep-44f,
    0x1.65cc9ap-46f,  0x1.874bbp-48f,   0x1.fbe184p-50f,  0x1.7a14a8p-51f,
    0x1.acb71cp-53f,  0x1.958414p-55f,  0x1.e50312p-57f,  0x1.580554p-58f,
    -0x1.4875f6p-38f, -0x1.75a734p-39f, -0x1.b6d78ep-40f, -0x1.05a344p-40f};
#else
/* p8: t + 1, 8 pieces of degree 8; a_j */
static const float fa_gelu_f32_p8_start[8] = {0x1.81ep+0f, 0x1.3ee8p+1f, 0x1.023p+2f, 0x1.8228p+2f,
                                              0x1.23bp+3f, 0x1.a36p+3f,  0x0p+0f,     0x1.87ap-1f};
/* p8: the coefficients of R(a_j + d) times 2^-32 (exact), lowest order first */
static const float fa_gelu_f32_p8_r0[8] = {0x1.a416aep-35f, 0x1.223f32p-35f, 0x1.7fbef4p-36f,
                                           0x1.07ed3ap-36f, 0x1.625e14p-37f, 0x1.efe3a2p-38f,
                                           0x1p-33f,        0x1.30cea8p-34f};
static const float fa_gelu_f32_p8_r1[8] = {-0x1.6fa5eep-36f, -0x1.77964ep-37f, -0x1.57ded8p-38f,
                                           -0x1.4cec98p-39f, -0x1.2ff072p-40f, -0x1.2b47bep-41f,
                                           -0x1.988454p-34f, -0x1.5ebe82p-35f};
static const float fa_gelu_f32_p8_r2[8] = {0x1.1e032p-37f,  0x1.c2753p-39f,  0x1.277f2p-40f,
                                           0x1.9a9b2ep-42f, 0x1.01d936p-43f, 0x1.673eap-45f,
                                           0x1.000024p-34f, 0x1.555538p-36f};
static const float fa_gelu_f32_p8_r3[8] = {-0x1.959402p-39f, -0x1.fabeb8p-41f, -0x1.e90f9ap-43f,
                                           -0x1.efc974p-45f, -0x1.b0e40cp-47f, -0x1.ace0d2p-49f,
                                           -0x1.105cbep-35f, -0x1.259c06p-37f};
static const float fa_gelu_f32_p8_r4[8] = {0x1.0a5b3ap-40f, 0x1.0dad58p-42f, 0x1.870e7cp-45f,
                                           0x1.256672p-47f, 0x1.67acaep-50f, 0x1.fd464cp-53f,
                                           0x1.004498p-36f, 0x1.ca1484p-39f};
static const float fa_gelu_f32_p8_r5[8] = {-0x1.479bfp-42f,  -0x1.10c478p-44f, -0x1.2e7de6p-47f,
                                           -0x1.54f4a6p-50f, -0x1.26f65ep-53f, -0x1.2c6692p-56f,
                                           -0x1.b7fdc6p-38f, -0x1.480aa4p-40f};
static const float fa_gelu_f32_p8_r6[8] = {0x1.7cc51p-44f,  0x1.07215ep-46f, 0x1.c6309p-50f,
                                           0x1.834d4ep-53f, 0x1.ddfa4p-57f,  0x1.60398ap-60f,
                                           0x1.6686c8p-39f, 0x1.bf9d4cp-42f};
static const float fa_gelu_f32_p8_r7[8] = {-0x1.b2feaap-46f, -0x1.0f3252p-48f, -0x1.645aecp-52f,
                                           -0x1.b51d4cp-56f, -0x1.a86a06p-60f, -0x1.b5bf8ap-64f,
                                           -0x1.144122p-40f, -0x1.91722p-43f};
static const float fa_gelu_f32_p8_r8[8] = {0x1.cd6c4ep-48f, 0x1.272552p-50f, 0x1.0985bep-54f,
                                           0x1.0f76bap-58f, 0x1.6f219p-63f,  0x1.097de2p-67f,
                                           0x1.2568b4p-42f, -0x1.ada6ep-46f};
#endif

#if FA_SIMD_LAYER_AVX2
/* s8: R on [0, 1), t R(t) from 1 (p8's pieces), degree 7; a_j */
static const float fa_gelu_f32_s8_start[8] = {0x1.79cp+0f,  0x1.4018p+1f, 0x1.f8cp+1f, 0x1.7d9p+2f,
                                              0x1.1fa8p+3f, 0x1.9e7p+3f,  0x1.e5cp-3f, 0x1.87ap-1f};
/* s8: the coefficients of F(a_j + d) times 2^-32 (exact), lowest order first */
static const float fa_gelu_f32_s8_r0[8] = {0x1.3a4bfp-34f,  0x1.69d424p-34f, 0x1.82298p-34f,
                                           0x1.8de104p-34f, 0x1.93a36ep-34f, 0x1.961faap-34f,
                                           0x1.abe01p-34f,  0x1.30cea8p-34f};
static const float fa_gelu_f32_s8_r1[8] = {0x1.27defcp-36f,  0x1.bef306p-38f, 0x1.38c698p-39f,
                                           0x1.a83d5ap-41f,  0x1.0c58bap-42f, 0x1.73f124p-44f,
                                           -0x1.330846p-34f, -0x1.5ebe82p-35f};
static const float fa_gelu_f32_s8_r2[8] = {-0x1.3d2e34p-37f, -0x1.7852a8p-39f, -0x1.8aa61ap-41f,
                                           -0x1.840f56p-43f, -0x1.5639e6p-45f, -0x1.50d202p-47f,
                                           0x1.630d74p-35f,  0x1.555538p-36f};
static const float fa_gelu_f32_s8_r3[8] = {0x1.17b8c4p-38f,  0x1.0a834ep-40f, 0x1.ab3d1p-43f,
                                           0x1.35271ap-45f,  0x1.7fe224p-48f, 0x1.0da29ap-50f,
                                           -0x1.613cbap-36f, -0x1.259bf8p-37f};
static const float fa_gelu_f32_s8_r4[8] = {-0x1.b0c2eep-40f, -0x1.50f204p-42f, -0x1.a2f168p-45f,
                                           -0x1.c4a506p-48f, -0x1.8e07eep-51f, -0x1.9223ccp-54f,
                                           0x1.39256ap-37f,  0x1.ca1568p-39f};
static const float fa_gelu_f32_s8_r5[8] = {0x1.3015e4p-41f,  0x1.876e02p-44f, 0x1.8151b4p-47f,
                                           0x1.38f2c2p-50f,  0x1.892eeep-54f, 0x1.1ed7f6p-57f,
                                           -0x1.f95df2p-39f, -0x1.4829p-40f};
static const float fa_gelu_f32_s8_r6[8] = {-0x1.9a4cb6p-43f, -0x1.b61abep-46f, -0x1.673712p-49f,
                                           -0x1.afc07cp-53f, -0x1.a0c8cp-57f,  -0x1.a14f4ap-61f,
                                           0x1.7de1b8p-40f,  0x1.bdc72ap-42f};
static const float fa_gelu_f32_s8_r7[8] = {0x1.dd1d54p-45f,  0x1.c7be74p-48f, 0x1.1496dp-51f,
                                           0x1.08b27cp-55f,  0x1.860d56p-60f, 0x1.131fc6p-64f,
                                           -0x1.1127d8p-41f, -0x1.8362c2p-43f};
/* g8: G = R - t c on p8's pieces, degree 7; a_j */
static const float fa_gelu_f32_g8_start[8] = {0x1.599p+0f, 0x1.42bp+1f,  0x1.0188p+2f, 0x1.7f5p+2f,
                                              0x1.1cfp+3f, 0x1.a1f8p+3f, 0x1.ee4p-3f,  0x1.78p-1f};
/* g8: the coefficients of G(a_j + d) = R - (a_j + d) c times 2^-32 (exact), lowest order first */
static const float fa_gelu_f32_g8_r0[8] = {-0x1.45fb44p-34f, -0x1.bb0f76p-33f, -0x1.82ebccp-32f,
                                           -0x1.298882p-31f, -0x1.c10786p-31f, -0x1.4b8c1cp-30f,
                                           0x1.4803fp-34f,   0x1.478612p-39f};
static const float fa_gelu_f32_g8_r1[8] = {-0x1.0059aep-33f, -0x1.c6a4d4p-34f, -0x1.ae1a92p-34f,
                                           -0x1.a31094p-34f, -0x1.9d7c56p-34f, -0x1.9adedap-34f,
                                           -0x1.650a42p-33f, -0x1.2699cap-33f};
static const float fa_gelu_f32_g8_r2[8] = {0x1.534b86p-37f, 0x1.b767b8p-39f, 0x1.296314p-40f,
                                           0x1.a2fa32p-42f, 0x1.13bee8p-43f, 0x1.6acc32p-45f,
                                           0x1.60dc8ap-35f, 0x1.631954p-36f};
static const float fa_gelu_f32_g8_r3[8] = {-0x1.f497f6p-39f, -0x1.eb18f2p-41f, -0x1.ed1bap-43f,
                                           -0x1.fd0d5p-45f,  -0x1.d8c418p-47f, -0x1.b2999ap-49f,
                                           -0x1.5ea892p-36f, -0x1.33ff9ep-37f};
static const float fa_gelu_f32_g8_r4[8] = {0x1.54a798p-40f, 0x1.03bdcep-42f, 0x1.8a761ap-45f,
                                           0x1.2ef174p-47f, 0x1.910dd6p-50f, 0x1.031974p-52f,
                                           0x1.368aaep-37f, 0x1.e3ffeep-39f};
static const float fa_gelu_f32_g8_r5[8] = {-0x1.b3b36ap-42f, -0x1.05bdecp-44f, -0x1.311f14p-47f,
                                           -0x1.6151f2p-50f, -0x1.55d742p-53f, -0x1.2d45d8p-56f,
                                           -0x1.f2471p-39f,  -0x1.593846p-40f};
static const float fa_gelu_f32_g8_r6[8] = {0x1.09171cp-43f, 0x1.022776p-46f, 0x1.ea899cp-50f,
                                           0x1.a3736cp-53f, 0x1.27d5f8p-56f, 0x1.64b9b8p-60f,
                                           0x1.797a44p-40f, 0x1.dfd52ep-42f};
static const float fa_gelu_f32_g8_r7[8] = {-0x1.e4563cp-46f, -0x1.ecae52p-49f, -0x1.7ea18ep-52f,
                                           -0x1.e84774p-56f, -0x1.8e7064p-60f, -0x1.3cf03cp-63f,
                                           -0x1.61f73cp-41f, -0x1.4692a6p-42f};
/* bits(2^32) - (j << 20): 2^(floor(k) + 32) = bits_add_shl(this[j], t, 20) */
static const float fa_gelu_f32_pow2_32_biased8[8] = {
    0x1p+32f, 0x1.ep+31f, 0x1.cp+31f, 0x1.ap+31f, 0x1.8p+31f, 0x1.6p+31f, 0x1.4p+31f, 0x1.2p+31f};
/* AVX2 (session 11): the parts of fa_simd_gelu_parts_f32 in fewer
 * operations and a shorter chain, as pieces16 on AVX-512, with 2^(j/8):
 *   r2 = (-2 k LN2_HI - m m) - 2 k LN2_LO, -2 k LN2_HI exact in one fma from t
 *   itself (t = SHIFTER8 + K/8, K <= 1221: 11 bits, LN2_HI 12), the fnma's
 *   result (|.| < 0.1) rounded once, to 2^-28 absolute
 *   e^(-m^2/2) = 2^floor(k) T_j (1 + eps), eps = (1 + w)(1 + rho_j) - 1, w of
 *   degree 4 (2^-32.0), rho_j = lut8_f32.h's rest of T_j = fa_gelu_f32_exp8_hi
 *   (w rho_j < 2^-28 dropped)
 *   *p = 2^(floor(k) + 32) from t's bits (lut8_f32.h's bits_add_shl: two
 *   integer operations and a vpermps, in place of the 1/16 shifter's add,
 *   shift, and, add)
 *   F(m) 2^-32 = *r0 + r d (r returned, *d = m - a_j) over 8 pieces of
 *   degree 7 (p8's, tools/fit_gelu_f32.py), r = r1 + d S of degree 6, S by
 *   Estrin (d^2, d^4), whose roundings reach r times d S / r < 1/4 (session
 *   11: 1.80 ULP against 1.87 with the full Estrin): forward_s8 (the forward,
 *   session 13) s8's F = R for m < 1, m R from 1 (2^-26.6); else (the
 *   derivative, session 14) g8's F = G = R - m c, c = 1/sqrt(2 pi) (2^-28.9
 *   of R + m c; was p8c's R of degree 8, full Estrin, c m subtracted after)
 * m in [0, C] or NaN; forward_s8 a constant */
FA_INLINE fa_vf32 fa_simd_gelu_lut8_f32(fa_vf32 m, fa_vf32 *r0, fa_vf32 *d, fa_vf32 *eps,
                                        fa_vf32 *t_j, fa_vf32 *p, const int forward_s8) {
    const fa_vf32 shifter8 = fa_vf32_set1(FA_GELU_F32_SHIFTER8);
    const fa_vf32 t = fa_vf32_fma(fa_vf32_mul(m, m), fa_vf32_set1(-0.5f * FA_EXPT_LOG2E), shifter8);
    const fa_vf32 khi = fa_vf32_fma(t, fa_vf32_set1(-2.0f * FA_EXPT_LN2_HI),
                                    fa_vf32_set1(FA_GELU_F32_SHIFTER8 * 2.0f * FA_EXPT_LN2_HI));
    const fa_vf32 r2 = fa_vf32_fma(fa_vf32_sub(t, shifter8), fa_vf32_set1(-2.0f * FA_EXPT_LN2_LO),
                                   fa_vf32_fnma(m, m, khi));
    fa_vf32 w = fa_vf32_fma(fa_vf32_set1(FA_GELU_F32_W8_4), r2, fa_vf32_set1(FA_GELU_F32_W8_3));
    w = fa_vf32_fma(w, r2, fa_vf32_set1(FA_GELU_F32_W8_2));
    w = fa_vf32_fma(w, r2, fa_vf32_set1(FA_GELU_F32_W8_1));
    *eps = fa_vf32_fma(r2, w, fa_vf32_lookup8(fa_lut8_rest_f32, t));
    *t_j = fa_vf32_lookup8(fa_gelu_f32_exp8_hi, t);
    *p = fa_vf32_bits_add_shl(fa_vf32_lookup8(fa_gelu_f32_pow2_32_biased8, t), t, 20);
    const fa_vf32 j = fa_vf32_bits_shr(fa_vf32_add(m, fa_vf32_set1(1.0f)), 22);
    *d = fa_vf32_sub(m,
                     fa_vf32_lookup8(forward_s8 ? fa_gelu_f32_s8_start : fa_gelu_f32_g8_start, j));
    *r0 = fa_vf32_lookup8(forward_s8 ? fa_gelu_f32_s8_r0 : fa_gelu_f32_g8_r0, j);
    const fa_vf32 d2 = fa_vf32_mul(*d, *d), d4 = fa_vf32_mul(d2, d2);
    const fa_vf32 p23 =
        fa_vf32_fma(fa_vf32_lookup8(forward_s8 ? fa_gelu_f32_s8_r3 : fa_gelu_f32_g8_r3, j), *d,
                    fa_vf32_lookup8(forward_s8 ? fa_gelu_f32_s8_r2 : fa_gelu_f32_g8_r2, j));
    const fa_vf32 p45 =
        fa_vf32_fma(fa_vf32_lookup8(forward_s8 ? fa_gelu_f32_s8_r5 : fa_gelu_f32_g8_r5, j), *d,
                    fa_vf32_lookup8(forward_s8 ? fa_gelu_f32_s8_r4 : fa_gelu_f32_g8_r4, j));
    const fa_vf32 p67 =
        fa_vf32_fma(fa_vf32_lookup8(forward_s8 ? fa_gelu_f32_s8_r7 : fa_gelu_f32_g8_r7, j), *d,
                    fa_vf32_lookup8(forward_s8 ? fa_gelu_f32_s8_r6 : fa_gelu_f32_g8_r6, j));
    const fa_vf32 sum = fa_vf32_fma(p67, d4, fa_vf32_fma(p45, d2, p23));
    return fa_vf32_fma(sum, *d,
                       fa_vf32_lookup8(forward_s8 ? fa_gelu_f32_s8_r1 : fa_gelu_f32_g8_r1, j));
}
/* h = F T_j (1 + eps) 2^-32 = T_j r0 + x, x = T_j r d + (T_j r0 + T_j r d)
 * eps (the forward's comment, session 12): the forward's h and the
 * derivative's g e^(m^2/2) 2^-floor(k) */
FA_INLINE fa_vf32 fa_gelu_f32_lut8_h(fa_vf32 r, fa_vf32 r0, fa_vf32 d, fa_vf32 eps, fa_vf32 t) {
    const fa_vf32 dt = fa_vf32_mul(d, t);
    const fa_vf32 trd = fa_vf32_mul(r, dt);
    const fa_vf32 tr = fa_vf32_fma(r, dt, fa_vf32_mul(r0, t));
    return fa_vf32_fma(r0, t, fa_vf32_fma(tr, eps, trd));
}
#endif

#if !FA_SIMD_PERMUTE_CHEAP
/* a b - c, fused where _mul_add is (simd/simd.h: FMA targets, scalar.h); a
 * multiply and a subtraction elsewhere (SSE2 emulates fms through double):
 * r2's first term has an exact product (the same bits either way), its
 * second is a correction that tolerates a second rounding */
FA_INLINE fa_vf32 fa_gelu_f32_mul_sub(fa_vf32 a, fa_vf32 b, fa_vf32 c) {
#if FA_TARGET_HAS_FMA || FA_SIMD_MUL_ADD_FUSED
    return fa_vf32_fms(a, b, c);
#else
    return fa_vf32_sub(fa_vf32_mul(a, b), c);
#endif
}
/* The ISAs without a cheap 16-entry permute (AVX-512 reads
 * fa_simd_gelu_pieces16_f32 instead): R(m) 2^-32 = *r0 + d r' (returned):
 * the last Horner step left to the caller; and, through *e_hi, *e_lo, *p,
 * e^(-m^2/2) = (e_hi + e_lo) p 2^-32 (e_hi = T_j, e_lo = T_j w + T_lo: E in
 * two parts; p = 2^(floor(k) + 32)) */
FA_INLINE fa_vf32 fa_simd_gelu_parts_f32(fa_vf32 m, fa_vf32 *r0, fa_vf32 *e_hi, fa_vf32 *e_lo,
                                         fa_vf32 *p) {
    const fa_vf32 hi = fa_vf32_mul(m, m);
    const fa_vf32 lo = fa_vf32_fms(m, m, hi);
    const fa_vf32 shifter = fa_vf32_set1(FA_EXPT_SHIFTER);
    /* k in steps of 1/8: the 8-entry table, one vpermps each (lookup16 takes
     * four instructions here); s = k + the shifter of 1/16 (exact: |k| <=
     * 153) is what pow2_floor_plus32 reads */
    const fa_vf32 shifter8 = fa_vf32_set1(FA_GELU_F32_SHIFTER8);
    const fa_vf32 t_index = fa_vf32_mul_add(hi, fa_vf32_set1(-0.5f * FA_EXPT_LOG2E), shifter8);
    const fa_vf32 k = fa_vf32_sub(t_index, shifter8);
    const fa_vf32 s = fa_vf32_add(k, shifter);
    const fa_vf32 r2 =
        fa_vf32_add(fa_gelu_f32_mul_sub(k, fa_vf32_set1(-2.0f * FA_EXPT_LN2_HI), hi),
                    fa_gelu_f32_mul_sub(k, fa_vf32_set1(-2.0f * FA_EXPT_LN2_LO), lo));
    fa_vf32 w = fa_vf32_mul_add(fa_vf32_set1(FA_GELU_F32_W8_4), r2, fa_vf32_set1(FA_GELU_F32_W8_3));
    w = fa_vf32_mul_add(w, r2, fa_vf32_set1(FA_GELU_F32_W8_2));
    w = fa_vf32_mul(r2, fa_vf32_mul_add(w, r2, fa_vf32_set1(FA_GELU_F32_W8_1)));
    *e_hi = fa_vf32_lookup8(fa_gelu_f32_exp8_hi, t_index);
    *e_lo = fa_vf32_mul_add(*e_hi, w, fa_vf32_lookup8(fa_gelu_f32_exp8_lo, t_index));
    *p = fa_vf32_pow2_floor_plus32(k, s);
    /* the piece: bits 22..24 of m + 1 (8 entries, one vpermps each; degree 8) */
    const fa_vf32 j = fa_vf32_bits_shr(fa_vf32_add(m, fa_vf32_set1(1.0f)), 22);
    const fa_vf32 d = fa_vf32_sub(m, fa_vf32_lookup8(fa_gelu_f32_p8_start, j));
    fa_vf32 r = fa_vf32_mul_add(fa_vf32_lookup8(fa_gelu_f32_p8_r8, j), d,
                                fa_vf32_lookup8(fa_gelu_f32_p8_r7, j));
    r = fa_vf32_mul_add(r, d, fa_vf32_lookup8(fa_gelu_f32_p8_r6, j));
    r = fa_vf32_mul_add(r, d, fa_vf32_lookup8(fa_gelu_f32_p8_r5, j));
    r = fa_vf32_mul_add(r, d, fa_vf32_lookup8(fa_gelu_f32_p8_r4, j));
    r = fa_vf32_mul_add(r, d, fa_vf32_lookup8(fa_gelu_f32_p8_r3, j));
    r = fa_vf32_mul_add(r, d, fa_vf32_lookup8(fa_gelu_f32_p8_r2, j));
    r = fa_vf32_mul_add(r, d, fa_vf32_lookup8(fa_gelu_f32_p8_r1, j));
    *r0 = fa_vf32_lookup8(fa_gelu_f32_p8_r0, j);
    return fa_vf32_mul(r, d);
}
#endif

#if FA_SIMD_PERMUTE_CHEAP
/* AVX-512's steps (the file's comment, session 9), in parts that the forward
 * and fa_simd_gelu_pieces16_f32 issue in their own orders. m in [0, C].
 * r2 = (-2 k LN2_HI - m m) - 2 k LN2_LO: k LN2_HI exact (12 + 12 bits), the
 * fnma's result below 0.054 (ln2/16 and 2k LN2_LO <= 0.0098) and r2's each
 * rounded once, to 2^-29 absolute */
FA_INLINE fa_vf32 fa_gelu16_r2_f32(fa_vf32 m, fa_vf32 k) {
    return fa_vf32_fma(k, fa_vf32_set1(-2.0f * FA_EXPT_LN2_LO),
                       fa_vf32_fnma(m, m, fa_vf32_mul(k, fa_vf32_set1(-2.0f * FA_EXPT_LN2_HI))));
}
/* w / r2 for w = e^(r2/2) - 1; eps = (1 + w)(1 + rho_j) - 1 = fma(r2, this,
 * rho_j) to 2^-29 (w rho_j dropped) */
FA_INLINE fa_vf32 fa_gelu16_w_f32(fa_vf32 r2) {
    return fa_vf32_fma(fa_vf32_fma(fa_vf32_set1(FA_GELU_F32_W3), r2, fa_vf32_set1(FA_GELU_F32_W2)),
                       r2, fa_vf32_set1(FA_GELU_F32_W1));
}
/* piece j's R(a_j + d) 2^-32 = *r0 + r d (r returned) */
FA_INLINE fa_vf32 fa_gelu16_r_f32(fa_vf32 j, fa_vf32 d, fa_vf32 *r0) {
    fa_vf32 r = fa_vf32_fma(fa_vf32_lookup16(fa_gelu_f32_p16_r6, j), d,
                            fa_vf32_lookup16(fa_gelu_f32_p16_r5, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup16(fa_gelu_f32_p16_r4, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup16(fa_gelu_f32_p16_r3, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup16(fa_gelu_f32_p16_r2, j));
    *r0 = fa_vf32_lookup16(fa_gelu_f32_p16_r0, j);
    return fa_vf32_fma(r, d, fa_vf32_lookup16(fa_gelu_f32_p16_r1, j));
}
/* The derivative's order: R(m) 2^-32 = *r0 + r d (r returned; *d = m - a_j
 * exact) and e^(-m^2/2) = 2^floor(k) T_j (1 + eps) (*eps, *k, *s: T_j is
 * lookup16 of a 2^(j/16) table at s) */
FA_INLINE fa_vf32 fa_simd_gelu_pieces16_f32(fa_vf32 m, fa_vf32 *r0, fa_vf32 *d, fa_vf32 *eps,
                                            fa_vf32 *k, fa_vf32 *s) {
    const fa_vf32 shifter = fa_vf32_set1(FA_EXPT_SHIFTER);
    *s = fa_vf32_fma(fa_vf32_mul(m, m), fa_vf32_set1(-0.5f * FA_EXPT_LOG2E), shifter);
    *k = fa_vf32_sub(*s, shifter);
    const fa_vf32 r2 = fa_gelu16_r2_f32(m, *k);
    *eps = fa_vf32_fma(r2, fa_gelu16_w_f32(r2), fa_vf32_lookup16(fa_exp_table_rho_f32, *s));
    const fa_vf32 j = fa_vf32_bits_shr(fa_vf32_add(m, fa_vf32_set1(1.0f)), 21);
    *d = fa_vf32_sub(m, fa_vf32_lookup16(fa_gelu_f32_p16_start, j));
    return fa_gelu16_r_f32(j, *d, r0);
}
#endif

/* gelu = b - q, b = max(-0, x), q = m h = (m p) (R (e_hi + e_lo) 2^-32):
 * x < 0: -q; x >= 0: x - q (q <= x/2: its error, relative, adds at most as
 * much to x - q; AVX-512: one fnma, b - (m p) h). Measured, all 2**32
 * inputs: 1.42 ULP AVX2 (session 13's s8 pieces; 1.80 session 11's lut8 body and session 12's; 1.72 with the parts, 1.70
 * with the 16-entry exp table), 1.68 AVX-512 (session 14's s16 without
 * rho_j; 1.67 on p16, 1.59 with the parts of the other ISAs; tests hold
 * 2.0); 0.438 ns/el AVX-512, 0.415 in session 13's order, 0.418 -> 0.395
 * with session 14's s16 (n = 1e7: 0.440 -> 0.408; 0.486 with those parts,
 * 1.14 in double; torch 0.69 in the ladder, 0.48-0.54 at 1e7),
 * AVX2 0.80 -> 0.71 with the lut8 body and two vectors a step (session 11; 0.867 in session 5, was 2.26),
 * 0.668 -> 0.653 with session 12's d T_j (torch 0.72-0.74 in the ladder),
 * 0.667 -> 0.645 / 0.588 -> 0.561 with session 13's s8 (A/B, two runs),
 * n = 65536, one thread, AMD EPYC Zen 4 (benchmarks/ab_gelu.py,
 * ab_gelu_erf.py, ab_before_after.py; BENCHMARKS.md 2026-12-06 sessions 2
 * and 5, 2026-12-07 sessions 9, 11, 12 and 13, 2026-12-08 session 14) */
FA_INLINE fa_vf32 fa_simd_gelu_forward_f32(fa_vf32 x, const float *params) {
    (void)params;
#if FA_SIMD_PERMUTE_CHEAP
    /* AVX-512: 2^(j/16) (the file's comment) and its own pieces s16 (session
     * 14): F = R on [0, 1), m R(m) from 1, on p16's pieces, of degree 5 (R
     * needs 6: m R is ~flat where R ~ 1/m; 2^-24.5 worst piece against
     * 2^-27.5, tools/fit_gelu_f32.py), so q = (min(m, 1) 2^floor(k)) h and
     * h's rounding is 0.5 ULP of q from m = 1 on (AVX2's s8, session 13),
     * and eps = r2 w without rho_j (T_j's rounding, < 2^-25 relative, left
     * in): 34 vector operations in the loop (was 36: one fma and two vpermps
     * fewer, one vminps more), 8 vpermps. Zen 4 runs one zmm FMA-class
     * operation a cycle and its permutes share those pipes (BENCHMARKS.md
     * 2026-12-07 session 13); speed and ULP at this function's comment */
    const fa_vf32 m = fa_vf32_abs_min(fa_vf32_set1(FA_GELU_F32_CLAMP), x);
    const fa_vf32 b = fa_vf32_max_keep_nan(fa_vf32_set1(-0.0f), x);
    const fa_vf32 shifter = fa_vf32_set1(FA_EXPT_SHIFTER);
    const fa_vf32 mm = fa_vf32_mul(m, m);
    const fa_vf32 m1 = fa_vf32_add(m, fa_vf32_set1(1.0f));
    const fa_vf32 s = fa_vf32_fma(mm, fa_vf32_set1(-0.5f * FA_EXPT_LOG2E), shifter);
    const fa_vf32 k = fa_vf32_sub(s, shifter);
    const fa_vf32 r2 = fa_gelu16_r2_f32(m, k);
    const fa_vf32 w = fa_gelu16_w_f32(r2);
    const fa_vf32 j = fa_vf32_bits_shr(m1, 21);
    const fa_vf32 eps = fa_vf32_mul(r2, w);
    const fa_vf32 d = fa_vf32_sub(m, fa_vf32_lookup16(fa_gelu_f32_s16_start, j));
    const fa_vf32 t = fa_vf32_lookup16(fa_gelu_f32_exp_hi_2p32, s);
    /* min(m, 1) 2^floor(k), rounded only where subnormal (x < -13.2: below
     * 2^-150 absolute in the result) */
    const fa_vf32 mp = fa_vf32_scale2_floor(fa_vf32_min_keep_nan(fa_vf32_set1(1.0f), m), k);
    fa_vf32 r = fa_vf32_fma(fa_vf32_lookup16(fa_gelu_f32_s16_r5, j), d,
                            fa_vf32_lookup16(fa_gelu_f32_s16_r4, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup16(fa_gelu_f32_s16_r3, j));
    r = fa_vf32_fma(r, d, fa_vf32_lookup16(fa_gelu_f32_s16_r2, j));
    const fa_vf32 r0 = fa_vf32_lookup16(fa_gelu_f32_s16_r0, j);
    r = fa_vf32_fma(r, d, fa_vf32_lookup16(fa_gelu_f32_s16_r1, j));
    /* h = F E = t (r0 + small), small = r d (1 + eps) + r0 eps: r0 t exact
     * inside the last fma */
    const fa_vf32 small = fa_vf32_fma(r, fa_vf32_fma(d, eps, d), fa_vf32_mul(r0, eps));
    const fa_vf32 h = fa_vf32_fma(r0, t, fa_vf32_mul(t, small));
    return fa_vf32_fnma(mp, h, b);
#elif FA_SIMD_LAYER_AVX2
    /* AVX2 (session 11, fa_simd_gelu_lut8_f32): h = R T_j (1 + eps) 2^-32 =
     * T_j r0 + x, x = T_j r d + (T_j r0 + T_j r d) eps: T_j r0 exact inside
     * the last fma, eps reaches h through two fmas (AVX-512's small: four
     * operations; x = fma(r d, T_j, (T_j R) eps), T_j r d exact inside,
     * measured 0.1 ULP better on a sample and 4% slower); the result
     * b - (m p) h in one fnma (m p exact). Session 12: T_j r d = r (d T_j),
     * and T_j R = fma(r, d T_j, r0 T_j) beside it, not after it (d T_j
     * rounded: 2^-24 of the r d part, < 1/4 of R; T_j R only meets eps):
     * r reaches h three fmas before the end (was five operations) for one
     * multiply more; all inputs 1.80 ULP as before. Session 13: R is F,
     * m R from m = 1 on (s8), so q = (min(m, 1) p) h: min(m, 1) p exact;
     * h's rounding is then 0.5 ULP of q (1.80 -> 1.42 ULP, all inputs) */
    const fa_vf32 m = fa_vf32_min_keep_nan(fa_vf32_set1(FA_GELU_F32_CLAMP), fa_vf32_abs(x));
    fa_vf32 r0, d, eps, t, p;
    const fa_vf32 r = fa_simd_gelu_lut8_f32(m, &r0, &d, &eps, &t, &p, 1);
    const fa_vf32 h = fa_gelu_f32_lut8_h(r, r0, d, eps, t);
    return fa_vf32_fnma(fa_vf32_mul(fa_vf32_min_keep_nan(fa_vf32_set1(1.0f), m), p), h,
                        fa_vf32_max_keep_nan(fa_vf32_set1(-0.0f), x));
#else
    const fa_vf32 m = fa_vf32_min_keep_nan(fa_vf32_set1(FA_GELU_F32_CLAMP), fa_vf32_abs(x));
    fa_vf32 r0, e_hi, e_lo, p;
    const fa_vf32 rd = fa_simd_gelu_parts_f32(m, &r0, &e_hi, &e_lo, &p);
    /* h = (r0 + rd)(e_hi + e_lo) = r0 e_hi + (rd e_hi + r e_lo), r = r0 + rd rounded */
    const fa_vf32 h =
        fa_vf32_fma(r0, e_hi, fa_vf32_mul_add(rd, e_hi, fa_vf32_mul(fa_vf32_add(r0, rd), e_lo)));
    const fa_vf32 q = fa_vf32_mul(fa_vf32_mul(m, p), h);
    return fa_vf32_sub(fa_vf32_max_keep_nan(fa_vf32_set1(-0.0f), x), q);
#endif
}

/* gelu'(x) = Phi(x) + x phi(x): with g = h - m phi(m) = e^(-m^2/2) (R - m c),
 * c = 1/sqrt(2 pi) in two parts, x < 0: g; x >= 0: 1 - g. R - m c cancels
 * next to f''s zero at m = 0.7518 (x < 0): there the error is absolute (R's,
 * ~2^-26). (R - m c) E multiplied out in parts as the forward's (sample:
 * 2.44 -> 1.6 ULP for one instruction). x < -C gives -0 (the generic
 * kernel: +0). 1 - g is one fnma from ge p: g is subnormal below x = -13.2,
 * and a subtraction reading it took twice as long on all-tail vectors
 * (AVX-512 0.93 -> 0.79 ns/el there, session 5). Measured, all 2**32
 * inputs, normal results outside the band: 1.75 ULP AVX2 (session 14's g8;
 * 1.89 session 12's tail, 1.97 session 11's, 2.46 with the parts, 2.38 with the 16-entry exp
 * table), 1.52 AVX-512 (1.51 with the parts; tests hold 2.5); backward_x
 * 0.535 ns/el AVX-512 (0.557 with the parts, 1.30 in double; torch's
 * gelu_backward 1.08), AVX2 0.92 -> 0.85 with the lut8 body (session 11;
 * 1.05 in session 5, was 2.52), 0.847 -> 0.778 with session 12's tail
 * (derivative 0.794 -> 0.751), 0.751 -> 0.650 / 0.762 -> 0.727 with
 * session 14's g8 and one-fnma end (derivative / backward_x; 1e7: 0.805 ->
 * 0.712, 0.817 -> 0.780), as above */
FA_INLINE fa_vf32 fa_simd_gelu_derivative_f32(fa_vf32 x, const float *params) {
    (void)params;
    /* min of abs, not abs_min: NaN must reach the result through m */
    const fa_vf32 m = fa_vf32_min_keep_nan(fa_vf32_set1(FA_GELU_F32_CLAMP), fa_vf32_abs(x));
#if FA_SIMD_PERMUTE_CHEAP
    /* AVX-512: the forward's pieces16 steps; (a + b) T (1 + eps) = T (a +
     * small), small = b (1 + eps) + a eps, a T exact inside the last fma */
    fa_vf32 r0, d, eps, k, s;
    const fa_vf32 r = fa_simd_gelu_pieces16_f32(m, &r0, &d, &eps, &k, &s);
    const fa_vf32 t = fa_vf32_lookup16(fa_exp_table_hi_f32, s);
    const fa_vf32 p = fa_vf32_pow2_floor_plus32(k, s);
    const fa_vf32 a = fa_vf32_fnma(fa_vf32_set1(FA_GELU_F32_INV_SQRT_2PI_HI), m, r0);
    const fa_vf32 b = fa_vf32_fnma(fa_vf32_set1(FA_GELU_F32_INV_SQRT_2PI_LO), m, fa_vf32_mul(r, d));
    const fa_vf32 small = fa_vf32_fma(a, eps, fa_vf32_fma(b, eps, b));
    const fa_vf32 ge = fa_vf32_fma(a, t, fa_vf32_mul(t, small));
#elif FA_SIMD_LAYER_AVX2
    /* AVX2 (session 14): G = R - m c read as the forward reads F (g8's
     * pieces, degree 7), ge = G T_j (1 + eps) 2^-32 the forward's h: 6
     * operations after the pieces where c m's two parts took 9 */
    fa_vf32 r0, d, eps, t, p;
    const fa_vf32 r = fa_simd_gelu_lut8_f32(m, &r0, &d, &eps, &t, &p, 0);
    const fa_vf32 ge = fa_gelu_f32_lut8_h(r, r0, d, eps, t);
    /* s - ge sp, x's sign bit set: s = -0, sp = -p (ge p, -0 as the old
     * multiply's: its sign where ge p rounds to 0); clear: 1 - ge p. One
     * fnma after ge where a multiply, an fnma, a compare and a blend took
     * two steps; sp and s (two vblendvps, one vorps) wait only for p and x.
     * x = -0 takes ge p = 1/2 exactly (1 - ge p with x < 0's compare) */
    return fa_vf32_fnma(ge, fa_vf32_select_sign(x, fa_vf32_neg_abs(p), p),
                        fa_vf32_select_sign(x, fa_vf32_set1(-0.0f), fa_vf32_set1(1.0f)));
#else
    fa_vf32 r0, e_hi, e_lo, p;
    const fa_vf32 rd = fa_simd_gelu_parts_f32(m, &r0, &e_hi, &e_lo, &p);
    const fa_vf32 a = fa_vf32_fnma(fa_vf32_set1(FA_GELU_F32_INV_SQRT_2PI_HI), m, r0);
    const fa_vf32 b = fa_vf32_nmul_add(fa_vf32_set1(FA_GELU_F32_INV_SQRT_2PI_LO), m, rd);
    /* (a + b)(e_hi + e_lo) = a e_hi + (b e_hi + (a + b) e_lo) */
    const fa_vf32 ge =
        fa_vf32_fma(a, e_hi, fa_vf32_mul_add(b, e_hi, fa_vf32_mul(fa_vf32_add(a, b), e_lo)));
#endif
#if !FA_SIMD_LAYER_AVX2
    const fa_vf32 g = fa_vf32_mul(ge, p);
    return fa_vf32_select(fa_vf32_lt(x, fa_vf32_set1(0.0f)), g,
                          fa_vf32_fnma(ge, p, fa_vf32_set1(1.0f)));
#endif
}

#endif
