/* Square tiles transposed in 256-bit registers, for avx2.h and avx512.h (an
 * AVX-512 target has these instructions too): 8 x 8 floats, 4 x 4 doubles.
 * kernels/axis_dtype.inc gathers a strided axis's columns into rows and
 * scatters them back with them (softmax_any's gather_columns); the other
 * layers copy element by element. Zen 4, columns of a (1000, 1000) float32
 * array into rows of scratch: 0.31 ns/element element by element, 0.15 by
 * these tiles (the rest is the array's traffic from L3). A copy: no rounding.
 *
 * fa_tile_transpose_S(src, src_stride, dst, dst_stride):
 *   dst[c dst_stride + r] = src[r src_stride + c] for r, c < FA_TILE_S */
#ifndef FASTACT_SIMD_TILE_AVX_H
#define FASTACT_SIMD_TILE_AVX_H

#include <immintrin.h>
#include <stddef.h>

#include "portable.h" /* FA_INLINE */

#define FA_SIMD_HAS_TILE_TRANSPOSE 1
enum { FA_TILE_f32 = 8, FA_TILE_f64 = 4 };

FA_INLINE void fa_tile_transpose_f32(const float *src, size_t src_stride, float *dst,
                                     size_t dst_stride) {
    __m256 r[8], t[8], s[8];
    for (int k = 0; k < 8; k++) r[k] = _mm256_loadu_ps(src + (size_t)k * src_stride);
    for (int k = 0; k < 8; k += 2) {
        t[k] = _mm256_unpacklo_ps(r[k], r[k + 1]);
        t[k + 1] = _mm256_unpackhi_ps(r[k], r[k + 1]);
    }
    for (int k = 0; k < 8; k += 4) {
        s[k] = _mm256_shuffle_ps(t[k], t[k + 2], 0x44);
        s[k + 1] = _mm256_shuffle_ps(t[k], t[k + 2], 0xEE);
        s[k + 2] = _mm256_shuffle_ps(t[k + 1], t[k + 3], 0x44);
        s[k + 3] = _mm256_shuffle_ps(t[k + 1], t[k + 3], 0xEE);
    }
    for (int k = 0; k < 4; k++) {
        _mm256_storeu_ps(dst + (size_t)k * dst_stride,
                         _mm256_permute2f128_ps(s[k], s[k + 4], 0x20));
        _mm256_storeu_ps(dst + (size_t)(k + 4) * dst_stride,
                         _mm256_permute2f128_ps(s[k], s[k + 4], 0x31));
    }
}

FA_INLINE void fa_tile_transpose_f64(const double *src, size_t src_stride, double *dst,
                                     size_t dst_stride) {
    __m256d r[4], t[4];
    for (int k = 0; k < 4; k++) r[k] = _mm256_loadu_pd(src + (size_t)k * src_stride);
    t[0] = _mm256_unpacklo_pd(r[0], r[1]); /* r00 r10 r02 r12 */
    t[1] = _mm256_unpackhi_pd(r[0], r[1]); /* r01 r11 r03 r13 */
    t[2] = _mm256_unpacklo_pd(r[2], r[3]);
    t[3] = _mm256_unpackhi_pd(r[2], r[3]);
    _mm256_storeu_pd(dst, _mm256_permute2f128_pd(t[0], t[2], 0x20));
    _mm256_storeu_pd(dst + dst_stride, _mm256_permute2f128_pd(t[1], t[3], 0x20));
    _mm256_storeu_pd(dst + 2 * dst_stride, _mm256_permute2f128_pd(t[0], t[2], 0x31));
    _mm256_storeu_pd(dst + 3 * dst_stride, _mm256_permute2f128_pd(t[1], t[3], 0x31));
}

#endif
