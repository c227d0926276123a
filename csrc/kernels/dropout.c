/* Dropout kernels, compiled once per instruction set like elementwise.c
 * (FA_ISA_SUFFIX); fa_fill_dropout_table<suffix> registers them.
 *
 * Which draw decides element i (of the logical array, in C order) is fixed by
 * i alone (fastact.h, "Dropout"): elements come in groups of FA_DROPOUT_GROUP,
 * whose FA_DROPOUT_LANES Philox counters give one 32-bit word per element,
 * word w of counter j deciding element w * FA_DROPOUT_LANES + j of the group.
 * A group's words are thus four contiguous runs, so the select loop reads
 * them in order (no shuffles), and the Philox rounds run over the counters
 * as plain loops the compiler vectorises. Integer draws and one IEEE multiply
 * per kept element: every ISA gives the same bits. */
#include <stddef.h>
#include <stdint.h>

#include "fastact.h"
#include "philox.h"
#include "vecmath/common.h" /* FA_XCAT */

#ifndef FA_ISA_SUFFIX
#error "compile with -DFA_ISA_SUFFIX=_name"
#endif

/* words[i] = the draw for element group * FA_DROPOUT_GROUP + i. One whole
 * Philox per counter in the loop body (the rounds unrolled inside it), so that
 * the compiler vectorises across the counters instead of unrolling them. */
FA_INLINE void dropout_group_draws(uint64_t group, const uint32_t key[2],
                                   uint32_t words[FA_DROPOUT_GROUP]) {
    const uint64_t first = group * FA_DROPOUT_LANES;
    const uint32_t key0 = key[0], key1 = key[1];
    for (int j = 0; j < FA_DROPOUT_LANES; j++) {
        const uint64_t counter = first + (uint64_t)j;
        uint32_t c0 = (uint32_t)counter, c1 = (uint32_t)(counter >> 32), c2 = 0, c3 = 0;
        uint32_t k0 = key0, k1 = key1;
        for (int round = 0; round < FA_PHILOX_ROUNDS; round++) { /* as in philox.h */
            const uint64_t p0 = (uint64_t)FA_PHILOX_M0 * c0, p1 = (uint64_t)FA_PHILOX_M1 * c2;
            c0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
            c2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
            c1 = (uint32_t)p1;
            c3 = (uint32_t)p0;
            k0 += FA_PHILOX_W0;
            k1 += FA_PHILOX_W1;
        }
        words[j] = c0;
        words[FA_DROPOUT_LANES + j] = c1;
        words[2 * FA_DROPOUT_LANES + j] = c2;
        words[3 * FA_DROPOUT_LANES + j] = c3;
    }
}

/* The part of group `start` (its first element) inside [begin, end), as
 * offsets [*lo, *hi) into the group. */
FA_INLINE void dropout_group_span(size_t start, size_t begin, size_t end, size_t *lo,
                                  size_t *hi) {
    *lo = begin > start ? begin - start : 0;
    *hi = end - start < FA_DROPOUT_GROUP ? end - start : FA_DROPOUT_GROUP;
}

#define FA_DTYPE_TEMPLATE "kernels/dropout_dtype.inc"
#include "for_each_dtype.inc"

/* out[i] = 1 where element i is kept, else 0. */
static void dropout_mask_kernel(unsigned char *out, size_t begin, size_t end,
                                const uint32_t key[2], uint32_t threshold) {
    for (size_t start = begin - begin % FA_DROPOUT_GROUP; start < end; start += FA_DROPOUT_GROUP) {
        uint32_t words[FA_DROPOUT_GROUP];
        dropout_group_draws(start / FA_DROPOUT_GROUP, key, words);
        size_t lo, hi;
        dropout_group_span(start, begin, end, &lo, &hi);
        unsigned char *FA_RESTRICT o = out + start;
        for (size_t i = lo; i < hi; i++) o[i] = (unsigned char)(words[i] >= threshold);
    }
}

void FA_XCAT(fa_fill_dropout_table, FA_ISA_SUFFIX)(fa_kernel_table *t);

void FA_XCAT(fa_fill_dropout_table, FA_ISA_SUFFIX)(fa_kernel_table *t) {
    t->dropout_f32 = dropout_kernel_f32;
    t->dropout_f64 = dropout_kernel_f64;
    t->dropout_mask = dropout_mask_kernel;
}
