/* Kernels that run along one axis: softmax, log_softmax and their backward
 * passes, and PReLU with its per-channel slope. Compiled once per instruction
 * set like elementwise.c (FA_ISA_SUFFIX); fa_fill_axis_table<suffix> registers them.
 *
 * Every kernel sees C-contiguous (outer, n, inner) blocks and works along n:
 * inner == 1 is a row of n contiguous elements (vectorised along the row with
 * fixed lanes of partial results); softmax's family runs a strided axis
 * (inner > 1) as rows, its columns gathered into scratch a block at a time,
 * so it gives a row's bits; PReLU is elementwise across inner. Reductions use
 * a fixed order: results do not depend on alignment or on how callers split
 * the outer dimension. */
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

/* Which row functions serve softmax / log_softmax rows (inner == 1) on this
 * vector layer is data: src/fastact/_kernel_table.py's rows, which the build
 * turns into fastact_axis_rows.inc (FA_ROWS_<ACTIVATION>_<PASS>, read by
 * kernels/axis_dtype.inc, whose axis_reports spells them for fa.kernels()). */

#define FA_DTYPE_TEMPLATE "kernels/axis_dtype.inc"
#include "for_each_dtype.inc"

void FA_XCAT(fa_fill_axis_table, FA_ISA_SUFFIX)(fa_kernel_table *t);

void FA_XCAT(fa_fill_axis_table, FA_ISA_SUFFIX)(fa_kernel_table *t) {
    axis_reports_f32(t->axis_body_f32);
    axis_reports_f64(t->axis_body_f64);
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
