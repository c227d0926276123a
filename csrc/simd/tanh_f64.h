/* tanh for double without a table (_kernel_table.py: AVX2, AVX-512, SSE2), one
 * division: with e = e^-2|x| = 2^n (1 + w),
 *   -2|x| = n ln2 + t  (n by the shifter, whose low bits make 2^n by one
 *          shift: pow2_biased; t in two FMAs, exact for n = 0),
 *   w = e^t - 1 by sigmoid_f64.h's degree-11 fit on |t| <= ln2/2 (2^-55.8
 *          before w's own rounding),
 *   tanh|x| = (1 - e) / (1 + e) = N / D,  N = (1 - 2^n) - 2^n w,
 *          D = (1 + 2^n) + 2^n w, each one FMA (1 -+ 2^n exact for n >= -52)
 *   and the sign of x put back by bits.
 * Every fused op is _mul_add / _nmul_add: n HI and 2^n w are exact, n needs
 * no exact product and t's LO step is a correction, so the FMA-less baseline
 * (sse2.h) runs a multiply and an add for each.
 * No small-argument branch: for |x| < 0.17, n = 0 and N = -w exactly, w the
 * e^t - 1 of an exact t = -2|x|, so N carries no cancellation; where
 * |x| <= 1.5 2^-27 (tanh x rounds to x) x itself is selected: tanh x = x for
 * tiny and subnormal x, +-0 keep their sign. -2|x| is clamped at -40 (tanh
 * rounds to 1 from |x| = 19.1; +-inf give +-1), where max keeps NaN.
 * Error: the roundings of w, N, D and the quotient, each ~2^-53 relative:
 * 2.12 ULP on 1e7 samples (benchmarks/accuracy.py; ACCURACY.md, 2026-12-07
 * session 7), where tanh16_forward (exp_table_f64.inc: e in two
 * parts, 2t = n + (n_lo + N t0)) took 1.50 and tanh.inc 1.37. Carrying w, N
 * and D in two parts and the quotient's remainder (13 operations more) gave
 * 1.15 ULP at 1.87 / 1.32 ns/el; the pair N with 2t = N + N t0 (8 more) 1.69
 * at 1.78 / 1.12: the bound went 1.6 -> 2.25 (the spec's 3) for the spec's
 * 0.8 ns/el. Speed (n = 65536, AMD EPYC Zen 4, one thread, out=, A/B against
 * the bodies before, benchmarks/ab_before_after.py): AVX2 2.23 -> 1.21 ns/el
 * (tanh.inc), AVX-512 1.10 -> 0.81 (tanh16_forward); the select for tiny x
 * costs 4% of it (0.775 without, C harness). The divider is not the limit:
 * with a product in its place the loop took the same time; the FMA pipes
 * are (17 of the 38 instructions a vector, 11 of them the polynomial). */
#ifndef FASTACT_SIMD_TANH_F64_H
#define FASTACT_SIMD_TANH_F64_H

#include "simd/sigmoid_f64.h"

#if FA_SIMD
/* 0x1.8p52 + 1023: v's low 12 bits hold n + 1023 (pow2_biased), n >= -58 */
#define FA_TANH_POLY_SHIFTER_f64 (0x1.8p52 + 1023.0)
#define FA_TANH_POLY_CLAMP_f64 (-40.0)
/* -|x| above this: tanh x = x (x^2/3 < 2^-54, under half an ULP), where the
 * roundings of D and the quotient may move N / D an ULP off x */
#define FA_TANH_POLY_TINY_f64 (-0x1.8p-27)
#define FA_TANH_POLY_LOG2E_f64 0x1.71547652b82fep+0
/* ln2 = HI + LO, n HI exact (HI of 37 bits) */
#define FA_TANH_POLY_LN2_HI_f64 0x1.62e42fefa0000p-1
#define FA_TANH_POLY_LN2_LO_f64 0x1.cf79abc9e3b3ap-40

FA_INLINE fa_vf64 fa_simd_tanh_poly_forward_f64(fa_vf64 x, const double *p) {
    (void)p;
    const fa_vf64 one = fa_vf64_set1(1.0), shifter = fa_vf64_set1(FA_TANH_POLY_SHIFTER_f64);
    const fa_vf64 a = fa_vf64_neg_abs(x);
    const fa_vf64 z = fa_vf64_max_keep_nan(fa_vf64_set1(FA_TANH_POLY_CLAMP_f64), fa_vf64_add(a, a));
    const fa_vf64 v = fa_vf64_mul_add(z, fa_vf64_set1(FA_TANH_POLY_LOG2E_f64), shifter);
    const fa_vf64 scale = fa_vf64_pow2_biased(v); /* 2^n */
    const fa_vf64 n = fa_vf64_sub(v, shifter);
    const fa_vf64 t =
        fa_vf64_nmul_add(n, fa_vf64_set1(FA_TANH_POLY_LN2_LO_f64),
                         fa_vf64_nmul_add(n, fa_vf64_set1(FA_TANH_POLY_LN2_HI_f64), z));
    const fa_vf64 w = fa_simd_sigmoid_poly_expm1_short_f64(t);
    const fa_vf64 num = fa_vf64_nmul_add(scale, w, fa_vf64_sub(one, scale));
    const fa_vf64 den = fa_vf64_mul_add(scale, w, fa_vf64_add(one, scale));
    const fa_vf64 y = fa_vf64_copysign(fa_vf64_div(num, den), x);
    return fa_vf64_select(fa_vf64_ge(a, fa_vf64_set1(FA_TANH_POLY_TINY_f64)), x, y);
}
#endif

#endif
