/* What the hand-written SIMD bodies share: every .inc of csrc/simd includes this
 * first (its prelude), whatever it includes next. The headers and vector layer
 * they use, their per-dtype constants and the names they write (below).
 * kernels/elementwise.c instantiates them per dtype (simd/kernels_dtype.inc)
 * and puts their kernels in the kernel table (fa_simd_fill), where they
 * replace the compiler-vectorised loops of kernels/elementwise_dtype.inc on
 * this ISA. Which body serves which cell on which vector layer is data,
 * src/fastact/_kernel_table.py; the build turns it into fastact_simd_kernels.inc
 * and fastact_simd_fill.inc (tools/gen_table_header.py). */
#ifndef FASTACT_SIMD_KERNELS_H
#define FASTACT_SIMD_KERNELS_H

#include "fastact.h"
#include "simd/simd.h"
#include "vecmath/exp.h"
#include "vecmath/tanh.h"
#include "simd/log1p_unit.h"

#if FA_SIMD
#include <float.h>

/* The names a body file writes, pasted from FA_S (f32, f64) in each dtype's
 * pass (for_each_dtype.inc adds FA_FN, FA_K and FA_MATH):
 *   VT, VM            the vector and its mask: fa_vf32, fa_mf32
 *   V(op)             an op of the layer (simd/simd.h's list): V(fma) is
 *                     fa_vf32_fma. One letter: bodies write it on every line.
 *   FA_SIMD_FN(name)  a function of csrc/simd: FA_SIMD_FN(swish_forward) is
 *                     fa_simd_swish_forward_f32 (the comment above each
 *                     definition spells its full names, for grep)
 *   FA_SIMD_KERNEL_NAME(kernel)  the kernel a loop macro of loops.inc
 *                     defines: <kernel>_simd_f32 */
#define VT FA_XCAT(fa_v, FA_S)
#define VM FA_XCAT(fa_m, FA_S)
#define V(op) FA_XCAT(FA_XCAT(fa_v, FA_S), FA_XCAT(_, op))
#define FA_SIMD_FN(name) FA_XCAT(FA_XCAT(fa_simd_, name), FA_XCAT(_, FA_S))
#define FA_SIMD_KERNEL_NAME(kernel) FA_XCAT(FA_XCAT(kernel, _simd_), FA_S)

#include "act/gelu_constants.h"
#include "act/selu_constants.h"
#include "simd/gelu_f32.h"
#include "simd/gelu_f64.h"
#include "simd/sigmoid_f32.h"
#include "simd/sigmoid_f64.h"
#include "simd/lut8_f32.h"
#include "simd/tanh_f32.h"

#define FA_MANT_BITS_f32 24
#define FA_MANT_BITS_f64 53
#define FA_MANT_BITS FA_K(FA_MANT_BITS)
/* e^MIN 2^2 and |x| e^x (swish) round to 0 below MIN, and k stays within the
 * range scale2 takes on every ISA */
#define FA_SIMD_EXP_MIN_f32 -110.0f
#define FA_SIMD_EXP_MIN_f64 -760.0
/* e = e^-|z| is scaled by no less than 2^KMIN where it only joins 1 + e (swish.inc) */
#define FA_SIMD_E_KMIN_f32 -50.0f
#define FA_SIMD_E_KMIN_f64 -200.0
/* swish scales x down beyond this, so that x e^r stays finite */
#define FA_SWISH_HUGE_f32 0x1p100f
#define FA_SWISH_HUGE_f64 0x1p1000
/* adding then subtracting it rounds to an integer (|z log2e| < 2^22) */
#define FA_SLOPE_SHIFTER_f32 0x1.8p23f
#define FA_SLOPE_SHIFTER_f64 0x1.8p52
/* softplus, beta != 1: e = 2^k (hi + lo) is scaled by no less than this before
 * log1p and / beta, the rest after (simd/softplus.inc) */
#define FA_SOFTPLUS_K_MIN_f32 -100.0f
#define FA_SOFTPLUS_K_MIN_f64 -1000.0
/* softsign': 1/x^2 rounds to 0 beyond these */
#define FA_SOFTSIGN_BIG_f32 0x1p76f
#define FA_SOFTSIGN_BIG_f64 0x1p540

/* float64 exp-family forwards over the table-driven e^z (simd/exp_table_f64.inc;
 * swish's for beta != 1 and silu's lanes beyond 680, silu itself below). Which
 * bodies serve which cells on which layer: src/fastact/_kernel_table.py. */
#define FA_SIMD_TABLE_EXP_f32 0
#define FA_SIMD_TABLE_EXP_f64 1
/* silu (swish, beta = 1) forward, derivative and backward from x: float32
 * over a 2^(j/2^b) table of its own, b = 4 with a cheap permute (AVX-512), else
 * 3 (simd/silu_f32.inc), float64 over a 2^(j/2^b) table (simd/silu_f64.inc);
 * both round u = sigmoid(-|x|) once (issue 13's speed for the spec's 2 / 3 / 4
 * ULP), except the float32 forward on AVX2 (session 11) and AVX-512 (session
 * 12): x / (1 + e^-x) over lut8_f32.h's table, one division (silu_f32.inc's
 * silu_lut8_forward); other beta
 * keep swish.inc / exp_table_f64.inc.
 * float64's table: b = 4 (exp_table_f64.h's, lookup16 one vpermt2pd) on
 * AVX-512; on AVX2 lookup16 is two gathers, and b = 2 (lookup4: one vpermps
 * each for hi and lo, the polynomial two degrees longer) measured 1.89 -> 1.57
 * ns/el forward, 2.61 -> 2.06 derivative (n = 65536, AMD EPYC Zen 4, load ~6) */
#define FA_SIMD_SILU_TABLE_f32 1
#define FA_SIMD_SILU_TABLE_f64 1
#if FA_SIMD_PERMUTE_CHEAP
#define FA_SIMD_SILU_F64_TABLE_BITS 4
#else
#define FA_SIMD_SILU_F64_TABLE_BITS 2
#endif

#endif

#endif
