/* e^z for double over a 4-entry table, where lookup16 is not one permute
 * (AVX2: two gathers; NEON; scalar): z = kf / 4 ln2 + r, |r| <= ln2/8,
 * 2^(j/4) = hi + lo (tools/fit_exp_table.py's values for j = 0, 4, 8, 12) and
 * e^r = 1 + r + r^2 P(r), P of degree 6 (e^r to degree 8): 2^-57.6 relative
 * (fit_exp's fit over that interval), against exp_table_f64.h's degree 6 on
 * ln2/32 (2^-56.3). Used by silu_f64.inc (its b = 2) and softmax_f64.h (AVX2). */
#ifndef FASTACT_SIMD_EXP4_TABLE_F64_H
#define FASTACT_SIMD_EXP4_TABLE_F64_H

#include "simd/simd.h"

#if FA_SIMD && !FA_SIMD_PERMUTE_CHEAP
static const double fa_exp4_hi[4] = {0x1.0000000000000p+0, 0x1.306fe0a31b715p+0,
                                     0x1.6a09e667f3bcdp+0, 0x1.ae89f995ad3adp+0};
static const double fa_exp4_lo[4] = {0x0.0p+0, 0x1.6f46ad23182e4p-55, -0x1.bdd3413b26456p-54,
                                     0x1.7a1cd345dcc81p-54};
#define FA_EXP4_SHIFTER_f64 0x1.8p50 /* its ULP is 1/4 */

/* P(r), so that e^r - 1 = r + r^2 P(r) */
FA_INLINE fa_vf64 fa_simd_exp4_tail_f64(fa_vf64 r, fa_vf64 r2) {
#define FA_C(c) fa_vf64_set1(c)
    const fa_vf64 a = fa_vf64_mul_add(FA_C(0x1.5555555557e65p-3), r, FA_C(0x1.0000000000006p-1));
    const fa_vf64 b = fa_vf64_mul_add(FA_C(0x1.111110a196c48p-7), r, FA_C(0x1.5555555541be8p-5));
    const fa_vf64 c = fa_vf64_mul_add(FA_C(0x1.a030c56ca4036p-13), r, FA_C(0x1.6c16c381d5268p-10));
    const fa_vf64 c8 = fa_vf64_mul_add(FA_C(0x1.a000b3c0d9765p-16), r2, c);
#undef FA_C
    return fa_vf64_mul_add(fa_vf64_mul(r2, r2), c8, fa_vf64_mul_add(r2, b, a));
}
#endif

#endif
