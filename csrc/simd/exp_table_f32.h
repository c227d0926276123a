/* e^z for float over SIMD vectors through a 16-entry table held in a register
 * (one lookup16 each for its high and low parts), so that the polynomial is
 * of degree 3 only and no correction term of the reduction is needed:
 *   z = k ln2 + r,  k = K / 16 (K integral),  2^k = 2^floor(k) 2^(j/16), j = K mod 16
 *   e^z = 2^floor(k) (T_j + Tl_j) e^r,  |r| <= ln2 / 32
 * K comes from the shifter trick: s = z log2e + 1.5 2^19 rounds z log2e to a
 * multiple of 1/16, so s's bit pattern holds K in its low bits (j in the low 4,
 * which is what lookup16 reads) and k = s - 1.5 2^19 exactly. k has at most 12
 * significant bits for |z| <= 110, so k LN2_HI (12 bits) is exact and r =
 * (z - k LN2_HI) - k LN2_LO is rounded once, to 2^-30 absolute.
 * Used by sigmoid_f32.h. */
#ifndef FASTACT_SIMD_EXP_TABLE_F32_H
#define FASTACT_SIMD_EXP_TABLE_F32_H

#include "simd/simd.h"

#if FA_SIMD
/* 2^(j/16) rounded to float, and the rest (to 2^-48) */
static const float fa_exp_table_hi_f32[16] = {
    0x1p+0f,        0x1.0b5586p+0f, 0x1.172b84p+0f, 0x1.2387a6p+0f, 0x1.306fep+0f,  0x1.3dea64p+0f,
    0x1.4bfdaep+0f, 0x1.5ab07ep+0f, 0x1.6a09e6p+0f, 0x1.7a1148p+0f, 0x1.8ace54p+0f, 0x1.9c4918p+0f,
    0x1.ae89fap+0f, 0x1.c199bep+0f, 0x1.d5818ep+0f, 0x1.ea4afap+0f};
static const float fa_exp_table_lo_f32[16] = {
    0x0p+0f,          0x1.9f3122p-25f,  -0x1.c15742p-27f, 0x1.ceac48p-25f,
    0x1.4636e2p-25f,  0x1.824684p-25f,  -0x1.593abcp-25f, -0x1.5bd5ecp-27f,
    0x1.9fcef4p-26f,  -0x1.829fdp-25f,  0x1.15506ep-27f,  0x1.51f848p-27f,
    -0x1.a94b14p-26f, -0x1.3d56b2p-27f, -0x1.822dbcp-27f, 0x1.52486cp-27f};

/* rho_j = 2^(j/16) / T_j - 1 rounded, T_j = fa_exp_table_hi_f32[j] (mpmath):
 * T_j's rounding, which sigmoid_f32.h and gelu_f32.h's AVX-512 derivative
 * (its forward since session 14 leaves it out) fold into their polynomials
 * instead of adding fa_exp_table_lo_f32 */
static const float fa_exp_table_rho_f32[16] = {
    0x0p+0f,          0x1.8d96d4p-25f,  -0x1.9c0c22p-27f, 0x1.964904p-25f,
    0x1.125002p-25f,  0x1.370be4p-25f,  -0x1.0a355p-25f,  -0x1.00d8acp-27f,
    0x1.26055cp-26f,  -0x1.05cb44p-25f, 0x1.67a1cap-28f,  0x1.a3b5e4p-28f,
    -0x1.f9c304p-27f, -0x1.6961b4p-28f, -0x1.a5217cp-28f, 0x1.61428ep-28f};

#define FA_EXPT_SHIFTER 0x1.8p19f /* its ULP is 1/16 */
#define FA_EXPT_LOG2E 0x1.715476p+0f
#define FA_EXPT_LN2_HI 0x1.62ep-1f /* 12 significant bits */
#define FA_EXPT_LN2_LO 0x1.0bfbe8p-15f /* ln2 - LN2_HI */

/* r with z = k ln2 + r, and *t_hi, *t_lo = the table entries for k */
FA_INLINE fa_vf32 fa_simd_exp_table_reduce_f32(fa_vf32 z, fa_vf32 *k, fa_vf32 *t_hi,
                                               fa_vf32 *t_lo) {
    const fa_vf32 shifter = fa_vf32_set1(FA_EXPT_SHIFTER);
    /* the shifter trick tolerates z log2e rounded first: k is exact either way */
    const fa_vf32 s = fa_vf32_mul_add(z, fa_vf32_set1(FA_EXPT_LOG2E), shifter);
    *k = fa_vf32_sub(s, shifter);
    *t_hi = fa_vf32_lookup16(fa_exp_table_hi_f32, s);
    *t_lo = fa_vf32_lookup16(fa_exp_table_lo_f32, s);
    /* k LN2_HI is exact (12 + 12 bits), so the unfused op gives the fused bits */
    const fa_vf32 r_hi = fa_vf32_nmul_add(*k, fa_vf32_set1(FA_EXPT_LN2_HI), z); /* exact */
    return fa_vf32_nmul_add(*k, fa_vf32_set1(FA_EXPT_LN2_LO), r_hi);
}
#endif

#endif
