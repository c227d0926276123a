/* Constants of the table-driven e^z for double (simd/exp_table_f64.inc),
 * from tools/fit_exp_table.py: z = (n + j/16) ln2 + r, |r| <= ln2/32,
 *   e^z = 2^n (T_HI[j] + T_LO[j]) (1 + p),  p = e^r - 1 = r + r^2 P(r)
 * T_HI + T_LO = 2^(j/16) to ~2^-106. e^r of degree 7 (relative error 2^-65)
 * for a 1 - e that cancels (exact_p; tanh's until session 7); degree 6 (2^-56.3) for the others, where
 * e's error passes into the result once (+0.01-0.04 ULP measured on 1e7
 * inputs, one fma less). */
#ifndef FASTACT_SIMD_EXP_TABLE_F64_H
#define FASTACT_SIMD_EXP_TABLE_F64_H

/* z/ln2 rounded to a sixteenth by adding 1.5 2^48 (its ULP), ln2 = HI + LO
 * with HI of 37 bits: k HI exact for the k = kf/16, |kf| < 2^16, that occur */
#define FA_EXP16_SHIFTER_f64 0x1.8p48
#define FA_EXP16_INV_f64 0x1.71547652b82fep+0
#define FA_EXP16_LN2_HI_f64 0x1.62e42fefa0000p-1
#define FA_EXP16_LN2_LO_f64 0x1.cf79abc9e3b3ap-40
/* degree 7: P(r) = C2 + C3 r + ... + C7 r^5 */
#define FA_EXP16_C2_f64 0x1.0000000000004p-1
#define FA_EXP16_C3_f64 0x1.555555555554ap-3
#define FA_EXP16_C4_f64 0x1.555555547fc2dp-5
#define FA_EXP16_C5_f64 0x1.11111111e9f73p-7
#define FA_EXP16_C6_f64 0x1.6c184135f0de5p-10
#define FA_EXP16_C7_f64 0x1.a019a7625369ap-13
/* degree 6: P(r) = D2 + D3 r + ... + D6 r^4 */
#define FA_EXP16_D2_f64 0x1.fffffffffffb9p-2
#define FA_EXP16_D3_f64 0x1.555555548f87dp-3
#define FA_EXP16_D4_f64 0x1.55555558fcacfp-5
#define FA_EXP16_D5_f64 0x1.11123aaf296e5p-7
#define FA_EXP16_D6_f64 0x1.6c14c6e6bc56dp-10

static const double fa_exp16_hi[16] = {
    0x1.0000000000000p+0, 0x1.0b5586cf9890fp+0, 0x1.172b83c7d517bp+0, 0x1.2387a6e756238p+0,
    0x1.306fe0a31b715p+0, 0x1.3dea64c123422p+0, 0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0,
    0x1.6a09e667f3bcdp+0, 0x1.7a11473eb0187p+0, 0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f090p+0,
    0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0, 0x1.d5818dcfba487p+0, 0x1.ea4afa2a490dap+0,
};
static const double fa_exp16_lo[16] = {
    0x0.0p+0,
    0x1.8a62e4adc610bp-54,
    -0x1.19041b9d78a76p-55,
    0x1.9b07eb6c70573p-54,
    0x1.6f46ad23182e4p-55,
    0x1.ada0911f09ebcp-55,
    0x1.d4397afec42e2p-56,
    0x1.6324c054647adp-54,
    -0x1.bdd3413b26456p-54,
    -0x1.41577ee04992fp-55,
    0x1.6e9f156864b27p-54,
    0x1.c7c46b071f2bep-56,
    0x1.7a1cd345dcc81p-54,
    0x1.11065895048ddp-55,
    0x1.2ed02d75b3707p-55,
    -0x1.e9c23179c2893p-54,
};

#endif
