/* Philox4x32-10 (csrc/philox.h) over FA_PHILOX_WIDTH consecutive counters at
 * once, one per 32-bit lane, for the dropout kernels.
 *
 * The 32x32->64 products are the x86 unsigned "multiply even lanes"
 * (pmuludq: lanes 0, 2, ... of each operand, 64-bit results): the odd lanes'
 * products come from the operand shifted down by 32 bits, and two blends put
 * the high and low halves back into 32-bit lanes. Per ISA, a handful of
 * operations (the op list below); elsewhere (AArch64, other targets) the
 * portable form of dropout.c, two counters per uint64_t, which the compiler
 * vectorises. Integer operations only: every ISA gives the same words.
 *
 * Op list (fa_u32v: a vector of FA_PHILOX_WIDTH uint32 lanes):
 *   fa_u32v_set1(s)          every lane s
 *   fa_u32v_iota_plus(s)     lane l: s + l (no lane wraps: s is a multiple of 16)
 *   fa_u32v_mul_even(a, m)   64-bit lanes: lo32(a) * lo32(m)
 *   fa_u32v_shr32(a)         64-bit lanes shifted right by 32
 *   fa_u32v_shl32(a)         64-bit lanes shifted left by 32
 *   fa_u32v_odd_from(a, b)   odd 32-bit lanes from b, even ones from a
 *   fa_u32v_xor3(a, b, c)    a ^ b ^ c
 *   fa_u32v_store(p, v)      unaligned store of the lanes, lane 0 first */
#ifndef FASTACT_PHILOX_LANES_H
#define FASTACT_PHILOX_LANES_H

#include <stdint.h>

#include "philox.h"
#include "portable.h"

#if FA_X86 && defined(__AVX512F__)
#include <immintrin.h>
#define FA_PHILOX_WIDTH 16
typedef __m512i fa_u32v;
FA_INLINE fa_u32v fa_u32v_set1(uint32_t s) { return _mm512_set1_epi32((int)s); }
FA_INLINE fa_u32v fa_u32v_iota_plus(uint32_t s) {
    return _mm512_add_epi32(_mm512_set1_epi32((int)s),
                            _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}
FA_INLINE fa_u32v fa_u32v_mul_even(fa_u32v a, fa_u32v m) { return _mm512_mul_epu32(a, m); }
FA_INLINE fa_u32v fa_u32v_shr32(fa_u32v a) { return _mm512_srli_epi64(a, 32); }
FA_INLINE fa_u32v fa_u32v_shl32(fa_u32v a) { return _mm512_slli_epi64(a, 32); }
FA_INLINE fa_u32v fa_u32v_odd_from(fa_u32v a, fa_u32v b) {
    return _mm512_mask_blend_epi32((__mmask16)0xAAAA, a, b);
}
FA_INLINE fa_u32v fa_u32v_xor3(fa_u32v a, fa_u32v b, fa_u32v c) {
    return _mm512_ternarylogic_epi32(a, b, c, 0x96);
}
FA_INLINE void fa_u32v_store(uint32_t *p, fa_u32v v) { _mm512_storeu_si512((void *)p, v); }

#elif FA_X86 && defined(__AVX2__)
#include <immintrin.h>
#define FA_PHILOX_WIDTH 8
typedef __m256i fa_u32v;
FA_INLINE fa_u32v fa_u32v_set1(uint32_t s) { return _mm256_set1_epi32((int)s); }
FA_INLINE fa_u32v fa_u32v_iota_plus(uint32_t s) {
    return _mm256_add_epi32(_mm256_set1_epi32((int)s), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
FA_INLINE fa_u32v fa_u32v_mul_even(fa_u32v a, fa_u32v m) { return _mm256_mul_epu32(a, m); }
FA_INLINE fa_u32v fa_u32v_shr32(fa_u32v a) { return _mm256_srli_epi64(a, 32); }
FA_INLINE fa_u32v fa_u32v_shl32(fa_u32v a) { return _mm256_slli_epi64(a, 32); }
FA_INLINE fa_u32v fa_u32v_odd_from(fa_u32v a, fa_u32v b) { return _mm256_blend_epi32(a, b, 0xAA); }
FA_INLINE fa_u32v fa_u32v_xor3(fa_u32v a, fa_u32v b, fa_u32v c) {
    return _mm256_xor_si256(_mm256_xor_si256(a, b), c);
}
FA_INLINE void fa_u32v_store(uint32_t *p, fa_u32v v) { _mm256_storeu_si256((__m256i *)p, v); }

#elif FA_X86 && (defined(__SSE2__) || defined(_M_X64)) /* every x86-64 CPU has SSE2 */
#include <emmintrin.h>
#define FA_PHILOX_WIDTH 4
typedef __m128i fa_u32v;
FA_INLINE fa_u32v fa_u32v_set1(uint32_t s) { return _mm_set1_epi32((int)s); }
FA_INLINE fa_u32v fa_u32v_iota_plus(uint32_t s) {
    return _mm_add_epi32(_mm_set1_epi32((int)s), _mm_setr_epi32(0, 1, 2, 3));
}
FA_INLINE fa_u32v fa_u32v_mul_even(fa_u32v a, fa_u32v m) { return _mm_mul_epu32(a, m); }
FA_INLINE fa_u32v fa_u32v_shr32(fa_u32v a) { return _mm_srli_epi64(a, 32); }
FA_INLINE fa_u32v fa_u32v_shl32(fa_u32v a) { return _mm_slli_epi64(a, 32); }
FA_INLINE fa_u32v fa_u32v_odd_from(fa_u32v a, fa_u32v b) { /* SSE2 has no blend */
    const __m128i odd = _mm_setr_epi32(0, -1, 0, -1);
    return _mm_or_si128(_mm_andnot_si128(odd, a), _mm_and_si128(odd, b));
}
FA_INLINE fa_u32v fa_u32v_xor3(fa_u32v a, fa_u32v b, fa_u32v c) {
    return _mm_xor_si128(_mm_xor_si128(a, b), c);
}
FA_INLINE void fa_u32v_store(uint32_t *p, fa_u32v v) { _mm_storeu_si128((__m128i *)p, v); }
#endif

#ifdef FA_PHILOX_WIDTH
/* Counters first + l, l < FA_PHILOX_WIDTH (first a multiple of 16): the four
 * output words into w0..w3[l]. */
FA_INLINE void fa_philox_lanes(uint64_t first, const uint32_t key[2], uint32_t *w0, uint32_t *w1,
                               uint32_t *w2, uint32_t *w3) {
    const fa_u32v m0 = fa_u32v_set1(FA_PHILOX_M0), m1 = fa_u32v_set1(FA_PHILOX_M1);
    fa_u32v c0 = fa_u32v_iota_plus((uint32_t)first), c1 = fa_u32v_set1((uint32_t)(first >> 32));
    fa_u32v c2 = fa_u32v_set1(0), c3 = fa_u32v_set1(0);
    uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < FA_PHILOX_ROUNDS; round++) {
        const fa_u32v p0e = fa_u32v_mul_even(c0, m0), p0o = fa_u32v_mul_even(fa_u32v_shr32(c0), m0);
        const fa_u32v p1e = fa_u32v_mul_even(c2, m1), p1o = fa_u32v_mul_even(fa_u32v_shr32(c2), m1);
        const fa_u32v hi0 = fa_u32v_odd_from(fa_u32v_shr32(p0e), p0o);
        const fa_u32v lo0 = fa_u32v_odd_from(p0e, fa_u32v_shl32(p0o));
        const fa_u32v hi1 = fa_u32v_odd_from(fa_u32v_shr32(p1e), p1o);
        const fa_u32v lo1 = fa_u32v_odd_from(p1e, fa_u32v_shl32(p1o));
        c0 = fa_u32v_xor3(hi1, c1, fa_u32v_set1(k0));
        c2 = fa_u32v_xor3(hi0, c3, fa_u32v_set1(k1));
        c1 = lo1;
        c3 = lo0;
        k0 += FA_PHILOX_W0;
        k1 += FA_PHILOX_W1;
    }
    fa_u32v_store(w0, c0);
    fa_u32v_store(w1, c1);
    fa_u32v_store(w2, c2);
    fa_u32v_store(w3, c3);
}
#endif

#endif
