/* Kernels that run along one axis: softmax, log_softmax and their backward
 * passes, and PReLU with its per-channel slope. Compiled once per instruction
 * set like elementwise.c (FA_ISA_SUFFIX); fa_fill_axis_table<suffix> registers them.
 *
 * Every kernel sees C-contiguous (outer, n, inner) blocks and works along n:
 * inner == 1 is a row of n contiguous elements (vectorised along the row with
 * fixed lanes of partial results), inner > 1 a strided axis (vectorised across
 * inner, so no transpose is needed). Reductions use a fixed order: results do
 * not depend on alignment or on how callers split the outer dimension. */
#include <stddef.h>

#include "fastact.h"
#include "vecmath/common.h"
#include "vecmath/exp.h"
#include "vecmath/log1p.h"
#include "simd/softmax_f32.h"
#include "simd/softmax_f64.h"

#ifndef FA_ISA_SUFFIX
#error "compile with -DFA_ISA_SUFFIX=_name"
#endif

/* Partial results per row: enough independent lanes to fill two AVX-512 registers. */
#define FA_LANES 16

/* which dtypes take a hand-written SIMD row body for softmax / log_softmax
 * (inner == 1): float32 where this ISA has the vector layer (simd/softmax_f32.h);
 * float64 forward rows and log_softmax's backward rows (simd/softmax_f64.h)
 * on x86 (AVX2, AVX-512) only for now: AArch64 keeps the generic rows until
 * its qemu suite has run them */
#if defined(FA_SIMD_LAYER_SSE2)
/* x86-64's baseline over SSE2 keeps the generic rows: with its emulated fused
 * ops the SIMD rows measured 1.4-1.7x (float32) and 8x (float64) slower
 * (BENCHMARKS.md, 2026-12-06 session 6) */
#define FA_SOFTMAX_ROW_SIMD_f32 0
#else
#define FA_SOFTMAX_ROW_SIMD_f32 FA_SIMD
#endif
#if defined(FA_SIMD_HEADER) && !defined(FA_SIMD_LAYER_SSE2)
#define FA_SOFTMAX_FORWARD_ROW_SIMD_f64 1
#else
#define FA_SOFTMAX_FORWARD_ROW_SIMD_f64 0
#endif
#define FA_SOFTMAX_ROW_SIMD_f64 0
#define FA_SOFTMAX_FORWARD_ROW_SIMD_f32 0

/* what fa.kernels() reports for the axis ops */
#define FA_AXIS_BODY "kernels/axis_dtype.inc (rows and strided axes)"
#define FA_AXIS_BODY_SIMD_ROWS "simd/softmax_f32.h rows, kernels/axis_dtype.inc strided axes"
#define FA_AXIS_BODY_SIMD_ROWS_F64 "simd/softmax_f64.h rows, kernels/axis_dtype.inc strided axes"

#define FA_DTYPE_TEMPLATE "kernels/axis_dtype.inc"
#include "for_each_dtype.inc"

void FA_XCAT(fa_fill_axis_table, FA_ISA_SUFFIX)(fa_kernel_table *t);

void FA_XCAT(fa_fill_axis_table, FA_ISA_SUFFIX)(fa_kernel_table *t) {
    for (int op = 0; op < FA_N_AXIS_OPS; op++) {
        t->axis_body_f32[op] = FA_SOFTMAX_ROW_SIMD_f32 ? FA_AXIS_BODY_SIMD_ROWS : FA_AXIS_BODY;
        t->axis_body_f64[op] = FA_SOFTMAX_ROW_SIMD_f64 ? FA_AXIS_BODY_SIMD_ROWS : FA_AXIS_BODY;
    }
    /* float64: the forward rows and log_softmax's backward rows (softmax's
     * backward rows stay generic: a product and a sum, no exp) */
    if (FA_SOFTMAX_FORWARD_ROW_SIMD_f64) {
        t->axis_body_f64[FA_SOFTMAX] = FA_AXIS_BODY_SIMD_ROWS_F64;
        t->axis_body_f64[FA_LOG_SOFTMAX] = FA_AXIS_BODY_SIMD_ROWS_F64;
        t->axis_body_f64[FA_LOG_SOFTMAX_BACKWARD_Y] = FA_AXIS_BODY_SIMD_ROWS_F64;
    }
    t->axis_f32[FA_SOFTMAX] = softmax_kernel_f32;
    t->axis_f32[FA_LOG_SOFTMAX] = log_softmax_kernel_f32;
    t->axis_f32[FA_SOFTMAX_BACKWARD_Y] = softmax_backward_y_kernel_f32;
    t->axis_f32[FA_LOG_SOFTMAX_BACKWARD_Y] = log_softmax_backward_y_kernel_f32;
    t->axis_f64[FA_SOFTMAX] = softmax_kernel_f64;
    t->axis_f64[FA_LOG_SOFTMAX] = log_softmax_kernel_f64;
    t->axis_f64[FA_SOFTMAX_BACKWARD_Y] = softmax_backward_y_kernel_f64;
    t->axis_f64[FA_LOG_SOFTMAX_BACKWARD_Y] = log_softmax_backward_y_kernel_f64;
    t->prelu_f32[FA_FORWARD] = prelu_forward_kernel_f32;
    t->prelu_f32[FA_DERIVATIVE] = prelu_derivative_kernel_f32;
    t->prelu_f64[FA_FORWARD] = prelu_forward_kernel_f64;
    t->prelu_f64[FA_DERIVATIVE] = prelu_derivative_kernel_f64;
    t->prelu_backward_f32 = prelu_backward_kernel_f32;
    t->prelu_backward_f64 = prelu_backward_kernel_f64;
}
