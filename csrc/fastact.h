/* fastact C kernels: the interface the Cython layer calls. Plain C99, no Python. */
#ifndef FASTACT_H
#define FASTACT_H

#include <stddef.h>

#include "fastact_table.h" /* generated from src/fastact/_table.py */

#ifdef __cplusplus
extern "C" {
#endif

/* Every pass of every elementwise activation has this one shape:
 *   forward, derivative:  out[i] = f(a[i])            (b unused, may be NULL)
 *   backward_x:           out[i] = a[i] * f'(b[i])    (a = dy, b = x)
 *   backward_y:           out[i] = a[i] * f'(from y = b[i])
 * params holds FA_MAX_PARAMS doubles, in the order of the table's parameters. */
typedef void (*fa_kernel_f32)(const float *restrict a, const float *restrict b,
                              float *restrict out, size_t n, const double *params);
typedef void (*fa_kernel_f64)(const double *restrict a, const double *restrict b,
                              double *restrict out, size_t n, const double *params);

typedef struct fa_kernel_table {
    fa_kernel_f32 f32[FA_N_ACTIVATIONS][FA_N_PASSES];
    fa_kernel_f64 f64[FA_N_ACTIVATIONS][FA_N_PASSES];
} fa_kernel_table;

/* Instruction-set variants, in order of preference (higher is better). */
enum fa_isa { FA_ISA_BASELINE = 0, FA_ISA_AVX2 = 1, FA_ISA_AVX512 = 2, FA_N_ISAS = 3 };

const char *fa_isa_name(int isa);
int fa_isa_compiled(int isa);  /* this build holds the variant */
int fa_isa_supported(int isa); /* compiled, and this CPU and OS can run it */
int fa_best_isa(void);
int fa_current_isa(void);
int fa_select_isa(int isa); /* 0 on success, -1 if the variant cannot run here */

/* Run one pass over n contiguous elements with the selected variant. out may be
 * a or b exactly (in place) but must not overlap them partially.
 * Returns 0, or -1 when the activation has no such pass. */
int fa_run_f32(int activation, int pass, const float *a, const float *b, float *out,
               size_t n, const double *params);
int fa_run_f64(int activation, int pass, const double *a, const double *b, double *out,
               size_t n, const double *params);

#ifdef __cplusplus
}
#endif

#endif
