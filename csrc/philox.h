/* Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw,
 * "Parallel Random Numbers: As Easy as 1, 2, 3" (SC11, 2011), section 4 and
 * table 2: a keyed bijection of 128-bit counters, so any draw is had from its
 * counter alone (no state), on any thread, in any order.
 *
 * One round maps counter (c0, c1, c2, c3) under key (k0, k1) to
 *     (hi(M1 c2) ^ c1 ^ k0,  lo(M1 c2),  hi(M0 c0) ^ c3 ^ k1,  lo(M0 c0))
 * with hi/lo the halves of the 64-bit product; between rounds the key is
 * bumped by the Weyl constants W0, W1 (mod 2^32). Ten rounds, as the paper's
 * Philox4x32-10; tests/test_dropout.py checks the Random123 distribution's
 * known-answer vectors (examples/kat_vectors).
 *
 * Integer arithmetic only, in uint32_t/uint64_t (no signed overflow, no
 * shifts by the width): every ISA and compiler gives the same bits, and GCC
 * and Clang vectorise loops over counters with 32x32->64 multiplies
 * (pmuludq/vpmuludq, NEON umull). */
#ifndef FASTACT_PHILOX_H
#define FASTACT_PHILOX_H

#include <stdint.h>

#include "portable.h"

#define FA_PHILOX_M0 0xD2511F53u /* multipliers (paper, table 2) */
#define FA_PHILOX_M1 0xCD9E8D57u
#define FA_PHILOX_W0 0x9E3779B9u /* key bumps: golden ratio, sqrt(3) - 1 */
#define FA_PHILOX_W1 0xBB67AE85u
#define FA_PHILOX_ROUNDS 10

/* out = Philox4x32-10(counter c, key k) */
FA_INLINE void fa_philox4x32_10_inline(const uint32_t c[4], const uint32_t k[2], uint32_t out[4]) {
    uint32_t c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], k0 = k[0], k1 = k[1];
    for (int round = 0; round < FA_PHILOX_ROUNDS; round++) {
        const uint64_t p0 = (uint64_t)FA_PHILOX_M0 * c0, p1 = (uint64_t)FA_PHILOX_M1 * c2;
        const uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0, n1 = (uint32_t)p1;
        const uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1, n3 = (uint32_t)p0;
        c0 = n0;
        c1 = n1;
        c2 = n2;
        c3 = n3;
        k0 += FA_PHILOX_W0; /* the bump after the last round is never used */
        k1 += FA_PHILOX_W1;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

#endif
