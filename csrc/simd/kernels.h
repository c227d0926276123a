/* Hand-written SIMD kernels, and the config table saying which passes they
 * replace on this ISA (the rest keep the compiler-vectorised loops of
 * kernels/elementwise_dtype.inc). Included by kernels/elementwise.c. */
#ifndef FASTACT_SIMD_KERNELS_H
#define FASTACT_SIMD_KERNELS_H

#include "fastact.h"
#include "simd/simd.h"
#include "vecmath/exp.h"
#include "vecmath/tanh.h"
#include "simd/log1p_unit.h"

#if FA_SIMD
#include <float.h>

#include "act/gelu_constants.h"
#include "act/selu_constants.h"
#include "simd/gelu_f32.h"
#include "simd/gelu_f64.h"
#include "simd/sigmoid_f32.h"
#include "simd/sigmoid_f64.h"
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

/* X(activation, pass, kernel name, vector function, loop). log_sigmoid' and
 * softplus' (simd/log_sigmoid_derivative.inc): one quotient each, 0.7x the
 * sigmoid forward's time; elu', selu', celu' (simd/elu_derivative.inc): one
 * body, whose loops take the generic ones for the parameters it does not serve
 * (their kernel names are those loops' stems) */
#define FA_FOR_EACH_SIMD_KERNEL(X)                                                                 \
    X(FA_ACT_SIGMOID, FA_DERIVATIVE, sigmoid_derivative_kernel, sigmoid_derivative,                \
      FA_SIMD_UNARY_KERNEL_X2)                                                                     \
    X(FA_ACT_SIGMOID, FA_BACKWARD_X, sigmoid_backward_x_kernel, sigmoid_derivative,                \
      FA_SIMD_TIMES_KERNEL_X2)                                                                     \
    X(FA_ACT_TANH, FA_DERIVATIVE, tanh_derivative_kernel, tanh_derivative,                         \
      FA_SIMD_UNARY_KERNEL_X2)                                                                     \
    X(FA_ACT_TANH, FA_BACKWARD_X, tanh_backward_x_kernel, tanh_derivative,                         \
      FA_SIMD_TIMES_KERNEL_X2)                                                                     \
    X(FA_ACT_MISH, FA_FORWARD, mish_forward_kernel, mish_forward, FA_SIMD_UNARY_KERNEL)            \
    X(FA_ACT_MISH, FA_DERIVATIVE, mish_derivative_kernel, mish_derivative, FA_SIMD_UNARY_KERNEL)   \
    X(FA_ACT_MISH, FA_BACKWARD_X, mish_backward_x_kernel, mish_derivative, FA_SIMD_TIMES_KERNEL)   \
    X(FA_ACT_SOFTSIGN, FA_DERIVATIVE, softsign_derivative_kernel, softsign_derivative,             \
      FA_SIMD_UNARY_KERNEL)                                                                        \
    X(FA_ACT_SOFTSIGN, FA_BACKWARD_X, softsign_backward_x_kernel, softsign_derivative,             \
      FA_SIMD_TIMES_KERNEL)                                                                        \
    X(FA_ACT_GELU_TANH, FA_FORWARD, gelu_tanh_forward_kernel, gelu_tanh_table_forward,             \
      FA_SIMD_UNARY_KERNEL)                                                                        \
    X(FA_ACT_GELU_TANH, FA_DERIVATIVE, gelu_tanh_derivative_kernel, gelu_tanh_table_derivative,    \
      FA_SIMD_UNARY_KERNEL)                                                                        \
    X(FA_ACT_GELU_TANH, FA_BACKWARD_X, gelu_tanh_backward_x_kernel, gelu_tanh_table_derivative,    \
      FA_SIMD_TIMES_KERNEL)                                                                        \
    X(FA_ACT_GELU, FA_FORWARD, gelu_forward_kernel, gelu_forward, FA_SIMD_UNARY_KERNEL)            \
    X(FA_ACT_GELU, FA_DERIVATIVE, gelu_derivative_kernel, gelu_derivative, FA_SIMD_UNARY_KERNEL)   \
    X(FA_ACT_GELU, FA_BACKWARD_X, gelu_backward_x_kernel, gelu_derivative, FA_SIMD_TIMES_KERNEL)   \
    X(FA_ACT_RELU, FA_FORWARD, relu_forward_kernel, relu_forward, FA_SIMD_UNARY_ALIGNED_KERNEL)    \
    X(FA_ACT_LEAKY_RELU, FA_FORWARD, leaky_relu_forward_kernel, leaky_relu_forward,                \
      FA_SIMD_UNARY_ALIGNED_KERNEL)                                                                \
    X(FA_ACT_LINEAR, FA_FORWARD, linear_forward_kernel, linear_forward,                            \
      FA_SIMD_UNARY_ALIGNED_KERNEL)                                                                \
    X(FA_ACT_HARD_SWISH, FA_FORWARD, hard_swish_forward_kernel, hard_swish_forward,                \
      FA_SIMD_UNARY_ALIGNED_KERNEL)                                                                \
    X(FA_ACT_LOG_SIGMOID, FA_DERIVATIVE, log_sigmoid_derivative_kernel, log_sigmoid_slope,         \
      FA_SIMD_UNARY_KERNEL_X2)                                                                     \
    X(FA_ACT_LOG_SIGMOID, FA_BACKWARD_X, log_sigmoid_backward_x_kernel, log_sigmoid_slope,         \
      FA_SIMD_TIMES_KERNEL_X2)                                                                     \
    X(FA_ACT_SOFTPLUS, FA_DERIVATIVE, softplus_derivative_kernel, softplus_slope,                  \
      FA_SIMD_UNARY_KERNEL_X2)                                                                     \
    X(FA_ACT_SOFTPLUS, FA_BACKWARD_X, softplus_backward_x_kernel, softplus_slope,                  \
      FA_SIMD_TIMES_KERNEL_X2)                                                                     \
    X(FA_ACT_ELU, FA_DERIVATIVE, elu_derivative, elu_slope, FA_SIMD_ELU_KERNEL)                    \
    X(FA_ACT_ELU, FA_BACKWARD_X, elu_backward_x, elu_slope, FA_SIMD_ELU_TIMES_KERNEL)              \
    X(FA_ACT_ELU, FA_BACKWARD_Y, elu_backward_y_kernel, elu_slope_from_y, FA_SIMD_TIMES_KERNEL_X2) \
    X(FA_ACT_SELU, FA_DERIVATIVE, selu_derivative_kernel, selu_slope, FA_SIMD_UNARY_KERNEL)        \
    X(FA_ACT_SELU, FA_BACKWARD_X, selu_backward_x_kernel, selu_slope, FA_SIMD_TIMES_KERNEL)        \
    X(FA_ACT_CELU, FA_DERIVATIVE, celu_derivative, celu_slope, FA_SIMD_CELU_KERNEL)                \
    X(FA_ACT_CELU, FA_BACKWARD_X, celu_backward_x, celu_slope, FA_SIMD_CELU_TIMES_KERNEL)

/* Rows for AVX-512 only: on AVX2 a select is vblendvps (GCC's generic loops
 * take min and an and-not for these), and these four measured 3-5% slower
 * there than the generic loops (median over placements, n = 65536) */
#if FA_SIMD_PERMUTE_CHEAP
#define FA_FOR_EACH_SIMD_KERNEL_AVX512(X)                                                          \
    X(FA_ACT_RELU6, FA_FORWARD, relu6_forward_kernel, relu6_forward, FA_SIMD_UNARY_ALIGNED_KERNEL) \
    X(FA_ACT_STEP, FA_FORWARD, step_forward_kernel, step_forward, FA_SIMD_UNARY_ALIGNED_KERNEL)    \
    X(FA_ACT_HARD_TANH, FA_FORWARD, hard_tanh_forward_kernel, hard_tanh_forward,                   \
      FA_SIMD_UNARY_ALIGNED_KERNEL)                                                                \
    X(FA_ACT_HARD_SIGMOID, FA_FORWARD, hard_sigmoid_forward_kernel, hard_sigmoid_forward,          \
      FA_SIMD_UNARY_ALIGNED_KERNEL)
#else
#define FA_FOR_EACH_SIMD_KERNEL_AVX512(X) /* none */
#endif

/* Rows for one dtype only, where the other keeps its generic loop (same columns).
 * The float32 exp-family forwards: float64 has its own bodies below.
 * sigmoid and tanh forward: float32 through 16-entry tables in registers
 * (sigmoid_f32.h, tanh_f32.h), two vectors a step; sigmoid on AVX2 by the
 * polynomial body of sigmoid_poly.inc instead, as its lookups and vscalef are
 * emulations there (0.77 -> 0.46 ns/el, 0.78 -> 1.48 ULP; on AVX-512 that body
 * measured 0.336 against the table's 0.362, 7% for twice the error, so the
 * table stays: AMD EPYC Zen 4, n = 65536, one thread, benchmarks/ab_sigtanh.py).
 * softplus' from y: float64 two vectors a step (3-8% faster, AVX-512), float32
 * one (3-5% slower with two) */
#if FA_SIMD_PERMUTE_CHEAP
#define FA_SIMD_SIGMOID_F32 sigmoid_table_forward
#else
#define FA_SIMD_SIGMOID_F32 sigmoid_poly_forward
#endif
#define FA_FOR_EACH_SIMD_KERNEL_f32(X)                                                             \
    X(FA_ACT_SIGMOID, FA_FORWARD, sigmoid_forward_kernel, FA_SIMD_SIGMOID_F32,                     \
      FA_SIMD_UNARY_KERNEL_X2)                                                                     \
    X(FA_ACT_TANH, FA_FORWARD, tanh_forward_kernel, tanh_table_forward, FA_SIMD_UNARY_KERNEL_X2)   \
    X(FA_ACT_SWISH, FA_FORWARD, swish_forward_kernel, silu_table_forward, FA_SIMD_SWISH_KERNEL)    \
    X(FA_ACT_SWISH, FA_DERIVATIVE, swish_derivative_kernel, silu_table_derivative,                 \
      FA_SIMD_SWISH_SLOPE_KERNEL)                                                                  \
    X(FA_ACT_SWISH, FA_BACKWARD_X, swish_backward_x_kernel, silu_table_derivative,                 \
      FA_SIMD_SWISH_TIMES_KERNEL)                                                                  \
    X(FA_ACT_SOFTPLUS, FA_FORWARD, softplus_forward_kernel, softplus_forward,                      \
      FA_SIMD_UNARY_KERNEL)                                                                        \
    X(FA_ACT_LOG_SIGMOID, FA_FORWARD, log_sigmoid_forward_kernel, log_sigmoid_forward,             \
      FA_SIMD_UNARY_KERNEL)                                                                        \
    X(FA_ACT_SOFTPLUS, FA_BACKWARD_Y, softplus_backward_y_kernel, softplus_derivative_from_y,      \
      FA_SIMD_TIMES_KERNEL)
/* float64 exp-family forwards over the table-driven e^z (simd/exp_table_f64.inc;
 * swish's for beta != 1 and silu's lanes beyond 680, silu itself below);
 * tanh's on AVX2 only with a permute there: its gathers made it 0.7x as fast as
 * tanh.inc's body (the other four gained 5-20% even so). sigmoid's on AVX2 is
 * the polynomial body of sigmoid_poly.inc instead: 2.71 -> 1.6 ns/el (torch
 * 1.78), 0.78 -> 0.82 ULP; on AVX-512 it measured 1.19 against the table's
 * 1.06 (AMD EPYC Zen 4, n = 65536, benchmarks/ab_sigtanh.py) */
#define FA_SIMD_TABLE_EXP_f32 0
#define FA_SIMD_TABLE_EXP_f64 1
/* silu (swish, beta = 1) forward, derivative and backward from x: float32
 * over a 2^(j/2^b) table of its own, b = 4 with a cheap permute (AVX-512), else
 * 3 (simd/silu_f32.inc), float64 over a 2^(j/2^b) table (simd/silu_f64.inc);
 * both round u = sigmoid(-|x|) once (issue 13's speed for the spec's 2 / 3 / 4
 * ULP); other beta keep swish.inc / exp_table_f64.inc.
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
#if FA_SIMD_PERMUTE_CHEAP
#define FA_SIMD_TANH_F64 tanh16_forward
#else
#define FA_SIMD_TANH_F64 tanh_forward
#endif
#if FA_SIMD_PERMUTE_CHEAP
#define FA_SIMD_SIGMOID_F64 sigmoid16_forward
#else
#define FA_SIMD_SIGMOID_F64 sigmoid_poly_forward
#endif
#define FA_FOR_EACH_SIMD_KERNEL_f64(X)                                                             \
    X(FA_ACT_SIGMOID, FA_FORWARD, sigmoid_forward_kernel, FA_SIMD_SIGMOID_F64,                     \
      FA_SIMD_UNARY_KERNEL_X2)                                                                     \
    X(FA_ACT_TANH, FA_FORWARD, tanh_forward_kernel, FA_SIMD_TANH_F64, FA_SIMD_UNARY_KERNEL)        \
    X(FA_ACT_SWISH, FA_FORWARD, swish_forward_kernel, silu_table_forward, FA_SIMD_SWISH_KERNEL)    \
    X(FA_ACT_SWISH, FA_DERIVATIVE, swish_derivative_kernel, silu_table_derivative,                 \
      FA_SIMD_SWISH_SLOPE_KERNEL)                                                                  \
    X(FA_ACT_SWISH, FA_BACKWARD_X, swish_backward_x_kernel, silu_table_derivative,                 \
      FA_SIMD_SWISH_TIMES_KERNEL)                                                                  \
    X(FA_ACT_SOFTPLUS, FA_FORWARD, softplus_forward_kernel, softplus16_forward,                    \
      FA_SIMD_UNARY_KERNEL)                                                                        \
    X(FA_ACT_LOG_SIGMOID, FA_FORWARD, log_sigmoid_forward_kernel, log_sigmoid16_forward,           \
      FA_SIMD_UNARY_KERNEL)                                                                        \
    X(FA_ACT_SOFTPLUS, FA_BACKWARD_Y, softplus_backward_y_kernel, softplus_derivative_from_y,      \
      FA_SIMD_TIMES_KERNEL_X2)

#define FA_DTYPE_TEMPLATE "simd/kernels_dtype.inc"
#include "for_each_dtype.inc"

/* the body's name as fa.kernels() reports it: the vector function (defined as
 * fa_simd_<fn>_<dtype> in csrc/simd/) and the loop that runs it */
#define FA_SIMD_BODY(fn, loop, dtype) "fa_simd_" FA_STR(fn) "_" #dtype " in " FA_STR(loop)
#define FA_SET_SIMD_KERNEL_f32(activation, pass, kernel, fn, loop)                                 \
    t->f32[activation][pass] = kernel##_simd_f32;                                                  \
    t->body_f32[activation][pass] = FA_SIMD_BODY(fn, loop, f32);
#define FA_SET_SIMD_KERNEL_f64(activation, pass, kernel, fn, loop)                                 \
    t->f64[activation][pass] = kernel##_simd_f64;                                                  \
    t->body_f64[activation][pass] = FA_SIMD_BODY(fn, loop, f64);
#define FA_SET_SIMD_KERNEL(activation, pass, kernel, fn, loop)                                     \
    FA_SET_SIMD_KERNEL_f32(activation, pass, kernel, fn, loop)                                     \
        FA_SET_SIMD_KERNEL_f64(activation, pass, kernel, fn, loop)

/* Put the SIMD kernels of this ISA in the table. */
static void fa_simd_fill(fa_kernel_table *t) {
    FA_FOR_EACH_SIMD_KERNEL(FA_SET_SIMD_KERNEL)
    FA_FOR_EACH_SIMD_KERNEL_AVX512(FA_SET_SIMD_KERNEL)
    FA_FOR_EACH_SIMD_KERNEL_f32(FA_SET_SIMD_KERNEL_f32)
        FA_FOR_EACH_SIMD_KERNEL_f64(FA_SET_SIMD_KERNEL_f64)
}
#undef FA_SIMD_BODY
#undef FA_SET_SIMD_KERNEL
#undef FA_SET_SIMD_KERNEL_f32
#undef FA_SET_SIMD_KERNEL_f64

#else
static void fa_simd_fill(fa_kernel_table *t) { (void)t; }
#endif

#endif
