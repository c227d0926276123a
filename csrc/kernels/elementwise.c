/* Elementwise kernels, compiled once per instruction set.
 *
 * CMake builds this file several times with different -m flags and
 * FA_ISA_SUFFIX (_baseline, _avx2, _avx512); each copy exports one function,
 * fa_fill_table<suffix>, that fills a kernel table with its own loops. The
 * loops are plain C over the inline element math in csrc/act/ and the compiler
 * vectorises them for the target; on AVX2 and AVX-512 a few hot passes are
 * replaced by the hand-written SIMD kernels of csrc/simd/. */
#include <stddef.h>

#include "fastact.h"
#include "vecmath/common.h"
#include "vecmath/erf.h"
#include "vecmath/exp.h"
#include "vecmath/expm1.h"
#include "vecmath/log1p.h"
#include "vecmath/tanh.h"
#include "simd/kernels.h"

/* The hand-written SIMD kernels of this ISA, and fa_simd_fill, which puts them
 * in the table with the body each cell runs as fa.kernels() reports it:
 * fa_simd_<function>_<dtype> in <loop>. Generated from
 * src/fastact/_kernel_table.py, which serves each cell at most once. */
#if FA_SIMD
#define FA_DTYPE_TEMPLATE "simd/kernels_dtype.inc"
#include "for_each_dtype.inc"

static void fa_simd_fill(fa_kernel_table *t) {
#include "fastact_simd_fill.inc"
}
#else
static void fa_simd_fill(fa_kernel_table *t) { (void)t; }
#endif

#include "simd/op_selftest.h"
#include "stream.h" /* after simd/kernels.h: fa_stream_ok, fa_stream_copy */

#ifndef FA_ISA_SUFFIX
#error "compile with -DFA_ISA_SUFFIX=_name"
#endif

#define FA_DTYPE_TEMPLATE "kernels/elementwise_dtype.inc"
#include "for_each_dtype.inc"

/* the generic loops' body: the element math of csrc/act/<name>.h */
#define FA_GENERIC_BODY(name, pass) "generic loop over " #name "_" #pass " (csrc/act/" #name ".h)"
#define FA_SET_BODY(name, index, pass_enum, pass)                                                  \
    t->body_f32[index][pass_enum] = FA_GENERIC_BODY(name, pass);                                   \
    t->body_f64[index][pass_enum] = FA_GENERIC_BODY(name, pass);

#define FA_SET_PASSES(name, index)                                                                 \
    FA_SET_BODY(name, index, FA_FORWARD, forward)                                                  \
    FA_SET_BODY(name, index, FA_DERIVATIVE, derivative)                                            \
    FA_SET_BODY(name, index, FA_BACKWARD_X, backward_x)                                            \
    t->f32[index][FA_FORWARD] = name##_forward_kernel_f32;                                         \
    t->f32[index][FA_DERIVATIVE] = name##_derivative_kernel_f32;                                   \
    t->f32[index][FA_BACKWARD_X] = name##_backward_x_kernel_f32;                                   \
    t->f64[index][FA_FORWARD] = name##_forward_kernel_f64;                                         \
    t->f64[index][FA_DERIVATIVE] = name##_derivative_kernel_f64;                                   \
    t->f64[index][FA_BACKWARD_X] = name##_backward_x_kernel_f64;

#define FA_SET_Y_PASS(name, index)                                                                 \
    FA_SET_BODY(name, index, FA_BACKWARD_Y, backward_y)                                            \
    t->f32[index][FA_BACKWARD_Y] = name##_backward_y_kernel_f32;                                   \
    t->f64[index][FA_BACKWARD_Y] = name##_backward_y_kernel_f64;

#define FA_SET_PICK(index, name, pass_enum, pass)                                                  \
    t->f32[index][pass_enum] = name##_##pass##_pick_kernel_f32;                                    \
    t->f64[index][pass_enum] = name##_##pass##_pick_kernel_f64;

void FA_XCAT(fa_fill_table, FA_ISA_SUFFIX)(fa_kernel_table *t);

void FA_XCAT(fa_fill_table, FA_ISA_SUFFIX)(fa_kernel_table *t) {
    FA_FOR_EACH_ACTIVATION(FA_SET_PASSES)
    FA_FOR_EACH_Y_BACKWARD(FA_SET_Y_PASS)
    /* the passes with an edge body, picked per call (elementwise_dtype.inc) */
    FA_SET_PICK(FA_ACT_ELU, elu, FA_DERIVATIVE, derivative)
    FA_SET_PICK(FA_ACT_ELU, elu, FA_BACKWARD_X, backward_x)
    FA_SET_PICK(FA_ACT_CELU, celu, FA_DERIVATIVE, derivative)
    FA_SET_PICK(FA_ACT_CELU, celu, FA_BACKWARD_X, backward_x)
    FA_SET_PICK(FA_ACT_SOFTPLUS, softplus, FA_FORWARD, forward)
    FA_SET_PICK(FA_ACT_CELU, celu, FA_FORWARD, forward)
    fa_simd_fill(t); /* hand-written kernels replace some loops on SIMD ISAs */
#if FA_SIMD
    t->simd_op_selftest = fa_simd_op_selftest_here;
#endif
}
