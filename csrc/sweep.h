/* Accuracy sweep over float32 inputs, in C so that all 2**32 of them take
 * minutes: each ISA's float32 kernel against the float64 kernel of the best
 * ISA (itself held to a few float64 ULP by benchmarks/accuracy.py float64). */
#ifndef FASTACT_SWEEP_H
#define FASTACT_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "fastact.h"

typedef struct {
    double max_ulp;        /* over every input */
    uint32_t max_at;       /* bit pattern of the input where it occurs */
    double normal_max_ulp; /* over inputs whose exact result is a normal float32,
                              away from the given zeros of f' */
    uint32_t normal_at;
    uint64_t count;        /* inputs compared */
} fa_sweep_worst;

/* Inputs: the float32 bit patterns first, first + stride, ... below last.
 * pass: FA_FORWARD or FA_DERIVATIVE. zeros: points where f' = 0; inputs within
 * half a zero's magnitude are left out of the normal maximum (cancellation).
 * worst[isa] is filled for every ISA this CPU runs (count 0 for the others).
 * Returns 0, -1 for a bad argument, -2 when memory cannot be had. */
int fa_sweep_f32(int activation, int pass, const double *params, uint64_t first, uint64_t last,
                 uint64_t stride, const double *zeros, int n_zeros,
                 fa_sweep_worst worst[FA_N_ISAS]);

#endif
