/* Dropout kernels, compiled once per instruction set like elementwise.c
 * (FA_ISA_SUFFIX); fa_fill_dropout_table<suffix> registers them.
 *
 * Which draw decides element i (of the logical array, in C order) is fixed by
 * i alone (fastact.h, "Dropout"): elements come in groups of FA_DROPOUT_GROUP,
 * whose FA_DROPOUT_LANES Philox counters give one 32-bit word per element,
 * word w of counter j deciding element w * FA_DROPOUT_LANES + j of the group.
 * A group's words are thus four contiguous runs, one per output word of a
 * vector of consecutive counters (philox_lanes.h, one counter per lane), and
 * the select loop reads them in order, with no shuffles. Integer draws and
 * one IEEE multiply per kept element: every ISA gives the same bits. */
#include <stddef.h>
#include <stdint.h>

#include "fastact.h"
#include "philox.h"
#include "kernels/philox_lanes.h"
#include "vecmath/common.h" /* FA_XCAT */

#ifndef FA_ISA_SUFFIX
#error "compile with -DFA_ISA_SUFFIX=_name"
#endif

/* Groups drawn per call: two where one vector holds a group's counters
 * (AVX-512), so that fa_philox_lanes2 has two independent vectors to
 * interleave; one elsewhere. */
#if defined(FA_PHILOX_WIDTH) && FA_PHILOX_WIDTH == FA_DROPOUT_LANES
#define FA_BLOCK_GROUPS 2
#else
#define FA_BLOCK_GROUPS 1
#endif
#define FA_BLOCK (FA_BLOCK_GROUPS * FA_DROPOUT_GROUP)
#define FA_LO32 UINT64_C(0x00000000FFFFFFFF)
#define FA_HI32 UINT64_C(0xFFFFFFFF00000000)

/* words[i] = the draw for element block * FA_BLOCK + i.
 *
 * Without vector lanes (philox_lanes.h), two counters share each uint64_t
 * (counter 2q in the low half, 2q + 1 in the high half), so the 32x32->64
 * products of both come from 64-bit operations: (v & 0xFFFFFFFF) * M and
 * (v >> 32) * M; xor and the key act on both halves at once, which never mix. */
FA_INLINE void dropout_block_draws(uint64_t block, const uint32_t key[2],
                                   uint32_t words[FA_BLOCK]) {
    const uint64_t first = block * (FA_BLOCK_GROUPS * FA_DROPOUT_LANES);
#if FA_BLOCK_GROUPS == 2 /* AVX-512: one vector per group */
    fa_philox_lanes2(first, first + FA_DROPOUT_LANES, key, words, words + FA_DROPOUT_GROUP);
#elif defined(FA_PHILOX_WIDTH) /* AVX2, SSE2, NEON: a group in 2 or 4 vectors */
    for (int j = 0; j < FA_DROPOUT_LANES; j += 2 * FA_PHILOX_WIDTH)
        fa_philox_lanes2(first + (uint64_t)j, first + (uint64_t)(j + FA_PHILOX_WIDTH), key,
                         words + j, words + j + FA_PHILOX_WIDTH);
#else
    for (int q = 0; q < FA_DROPOUT_LANES / 2; q++) {
        const uint64_t even = first + 2 * (uint64_t)q, odd = even + 1;
        uint64_t c0 = (even & FA_LO32) | (odd << 32), c1 = (even >> 32) | (odd & FA_HI32);
        uint64_t c2 = 0, c3 = 0;
        uint32_t k0 = key[0], k1 = key[1];
        for (int round = 0; round < FA_PHILOX_ROUNDS; round++) { /* as in philox.h */
            const uint64_t k0s = k0 | ((uint64_t)k0 << 32), k1s = k1 | ((uint64_t)k1 << 32);
            const uint64_t p0e = (c0 & FA_LO32) * FA_PHILOX_M0, p0o = (c0 >> 32) * FA_PHILOX_M0;
            const uint64_t p1e = (c2 & FA_LO32) * FA_PHILOX_M1, p1o = (c2 >> 32) * FA_PHILOX_M1;
            const uint64_t hi0 = (p0e >> 32) | (p0o & FA_HI32), lo0 = (p0e & FA_LO32) | (p0o << 32);
            const uint64_t hi1 = (p1e >> 32) | (p1o & FA_HI32), lo1 = (p1e & FA_LO32) | (p1o << 32);
            c0 = hi1 ^ c1 ^ k0s;
            c2 = hi0 ^ c3 ^ k1s;
            c1 = lo1;
            c3 = lo0;
            k0 += FA_PHILOX_W0;
            k1 += FA_PHILOX_W1;
        }
        words[2 * q] = (uint32_t)c0; /* counters 2q, 2q + 1: lanes 2q, 2q + 1 of each word's run */
        words[2 * q + 1] = (uint32_t)(c0 >> 32);
        words[FA_DROPOUT_LANES + 2 * q] = (uint32_t)c1;
        words[FA_DROPOUT_LANES + 2 * q + 1] = (uint32_t)(c1 >> 32);
        words[2 * FA_DROPOUT_LANES + 2 * q] = (uint32_t)c2;
        words[2 * FA_DROPOUT_LANES + 2 * q + 1] = (uint32_t)(c2 >> 32);
        words[3 * FA_DROPOUT_LANES + 2 * q] = (uint32_t)c3;
        words[3 * FA_DROPOUT_LANES + 2 * q + 1] = (uint32_t)(c3 >> 32);
    }
#endif
}

/* The part of the block starting at element `start` inside [begin, end), as
 * offsets [*lo, *hi) into the block. */
FA_INLINE void dropout_block_span(size_t start, size_t begin, size_t end, size_t *lo, size_t *hi) {
    *lo = begin > start ? begin - start : 0;
    *hi = end - start < FA_BLOCK ? end - start : FA_BLOCK;
}

#define FA_DTYPE_TEMPLATE "kernels/dropout_dtype.inc"
#include "for_each_dtype.inc"

/* out[i] = 1 where element i is kept, else 0. */
static void dropout_mask_kernel(unsigned char *out, size_t begin, size_t end, const uint32_t key[2],
                                uint32_t threshold) {
    for (size_t start = begin - begin % FA_BLOCK; start < end; start += FA_BLOCK) {
        uint32_t words[FA_BLOCK];
        dropout_block_draws(start / FA_BLOCK, key, words);
        size_t lo, hi;
        dropout_block_span(start, begin, end, &lo, &hi);
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
