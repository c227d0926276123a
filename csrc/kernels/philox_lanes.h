/* Philox4x32-10 (csrc/philox.h) over FA_PHILOX_WIDTH consecutive counters at
 * once, one per 32-bit lane, for the dropout kernels: x86 (SSE2, AVX2,
 * AVX-512) and AArch64 NEON. Elsewhere FA_PHILOX_WIDTH stays undefined and
 * dropout.c takes its portable form. Integer operations only: every ISA gives
 * the same words.
 *
 * Op list (fa_u32v: a vector of FA_PHILOX_WIDTH uint32 lanes):
 *   fa_u32v_set1(s)               every lane s
 *   fa_u32v_iota_plus(s)          lane l: s + l (no lane wraps: s is a multiple of 16)
 *   fa_u32v_mulhilo(a, m, hi, lo) the 64-bit products a * m per lane, split in halves
 *   fa_u32v_xor3(a, b, c)         a ^ b ^ c
 *   fa_u32v_store(p, v)           unaligned store of the lanes, lane 0 first
 * x86's mulhilo is the unsigned multiply of the even lanes (pmuludq, 64-bit
 * results): the odd lanes' products come from the operand shifted down by 32
 * bits, and blends put the halves back in 32-bit lanes (AVX-512 takes the low
 * halves from vpmulld instead). NEON's is the
 * widening multiply of each half (umull, umull2) and two unzips. */
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
    return _mm512_add_epi32(
        _mm512_set1_epi32((int)s),
        _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}
FA_INLINE void fa_u32v_mulhilo(fa_u32v a, fa_u32v m, fa_u32v *hi, fa_u32v *lo) {
    const __m512i even = _mm512_mul_epu32(a, m),
                  odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), m);
    *hi = _mm512_mask_blend_epi32((__mmask16)0xAAAA, _mm512_srli_epi64(even, 32), odd);
    *lo = _mm512_mullo_epi32(a, m); /* one vpmulld: measured 10% faster than a shift and a blend */
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
FA_INLINE void fa_u32v_mulhilo(fa_u32v a, fa_u32v m, fa_u32v *hi, fa_u32v *lo) {
    const __m256i even = _mm256_mul_epu32(a, m),
                  odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
    *lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
}
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
FA_INLINE void fa_u32v_mulhilo(fa_u32v a, fa_u32v m, fa_u32v *hi, fa_u32v *lo) {
    const __m128i even = _mm_mul_epu32(a, m), odd = _mm_mul_epu32(_mm_srli_epi64(a, 32), m);
    const __m128i odd_lanes = _mm_setr_epi32(0, -1, 0, -1); /* SSE2 has no blend */
    *hi = _mm_or_si128(_mm_srli_epi64(even, 32), _mm_and_si128(odd_lanes, odd));
    *lo = _mm_or_si128(_mm_andnot_si128(odd_lanes, even), _mm_slli_epi64(odd, 32));
}
FA_INLINE fa_u32v fa_u32v_xor3(fa_u32v a, fa_u32v b, fa_u32v c) {
    return _mm_xor_si128(_mm_xor_si128(a, b), c);
}
FA_INLINE void fa_u32v_store(uint32_t *p, fa_u32v v) { _mm_storeu_si128((__m128i *)p, v); }

#elif ((defined(__aarch64__) && defined(__ARM_NEON)) || defined(_M_ARM64)) &&                      \
    !defined(__ARM_BIG_ENDIAN)
#include <arm_neon.h>
#define FA_PHILOX_WIDTH 4
typedef uint32x4_t fa_u32v;
FA_INLINE fa_u32v fa_u32v_set1(uint32_t s) { return vdupq_n_u32(s); }
FA_INLINE fa_u32v fa_u32v_iota_plus(uint32_t s) {
    static const uint32_t iota[4] = {0, 1, 2, 3};
    return vaddq_u32(vdupq_n_u32(s), vld1q_u32(iota));
}
FA_INLINE void fa_u32v_mulhilo(fa_u32v a, fa_u32v m, fa_u32v *hi, fa_u32v *lo) {
    /* lanes 0, 1 and 2, 3 widened; little-endian: a 64-bit lane's low half is
     * the even 32-bit lane */
    const uint32x4_t p01 = vreinterpretq_u32_u64(vmull_u32(vget_low_u32(a), vget_low_u32(m)));
    const uint32x4_t p23 = vreinterpretq_u32_u64(vmull_high_u32(a, m));
    *hi = vuzp2q_u32(p01, p23);
    *lo = vuzp1q_u32(p01, p23);
}
FA_INLINE fa_u32v fa_u32v_xor3(fa_u32v a, fa_u32v b, fa_u32v c) {
    return veorq_u32(veorq_u32(a, b), c);
}
FA_INLINE void fa_u32v_store(uint32_t *p, fa_u32v v) { vst1q_u32(p, v); }
#endif

#ifdef FA_PHILOX_WIDTH
/* Counters a + l and b + l, l < FA_PHILOX_WIDTH (a, b multiples of
 * FA_PHILOX_WIDTH): the four output words of each into wa[k * FA_DROPOUT_LANES
 * + l] and wb[k * FA_DROPOUT_LANES + l] (csrc/fastact.h's layout). Two
 * independent vectors per call, interleaved round by round, keep the multiply
 * units busy (AVX-512: 0.43 -> 0.33 ns per element for the draws alone). */
FA_INLINE void fa_philox_lanes2(uint64_t a, uint64_t b, const uint32_t key[2], uint32_t *wa,
                                uint32_t *wb) {
    const fa_u32v m0 = fa_u32v_set1(FA_PHILOX_M0), m1 = fa_u32v_set1(FA_PHILOX_M1);
    const fa_u32v zero = fa_u32v_set1(0);
    fa_u32v a0 = fa_u32v_iota_plus((uint32_t)a), a1 = fa_u32v_set1((uint32_t)(a >> 32));
    fa_u32v b0 = fa_u32v_iota_plus((uint32_t)b), b1 = fa_u32v_set1((uint32_t)(b >> 32));
    fa_u32v a2 = zero, a3 = zero, b2 = zero, b3 = zero;
    uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < FA_PHILOX_ROUNDS; round++) { /* as in philox.h */
        fa_u32v ahi0, alo0, ahi1, alo1, bhi0, blo0, bhi1, blo1;
        fa_u32v_mulhilo(a0, m0, &ahi0, &alo0);
        fa_u32v_mulhilo(a2, m1, &ahi1, &alo1);
        fa_u32v_mulhilo(b0, m0, &bhi0, &blo0);
        fa_u32v_mulhilo(b2, m1, &bhi1, &blo1);
        const fa_u32v key0 = fa_u32v_set1(k0), key1 = fa_u32v_set1(k1);
        a0 = fa_u32v_xor3(ahi1, a1, key0);
        a2 = fa_u32v_xor3(ahi0, a3, key1);
        a1 = alo1;
        a3 = alo0;
        b0 = fa_u32v_xor3(bhi1, b1, key0);
        b2 = fa_u32v_xor3(bhi0, b3, key1);
        b1 = blo1;
        b3 = blo0;
        k0 += FA_PHILOX_W0;
        k1 += FA_PHILOX_W1;
    }
    fa_u32v_store(wa, a0);
    fa_u32v_store(wa + FA_DROPOUT_LANES, a1);
    fa_u32v_store(wa + 2 * FA_DROPOUT_LANES, a2);
    fa_u32v_store(wa + 3 * FA_DROPOUT_LANES, a3);
    fa_u32v_store(wb, b0);
    fa_u32v_store(wb + FA_DROPOUT_LANES, b1);
    fa_u32v_store(wb + 2 * FA_DROPOUT_LANES, b2);
    fa_u32v_store(wb + 3 * FA_DROPOUT_LANES, b3);
}
#endif

#endif
