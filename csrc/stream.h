/* Non-temporal ("streaming") stores, for outputs too large for the caches.
 *
 * A plain store first reads the output line into the cache (a third of an
 * elementwise pass's memory traffic) and later writes it back; a streaming
 * store writes the line straight to memory. run_dtype.inc decides per call
 * (the output's size, not in place) and passes the kernels `stream`; the
 * kernels then store out through the functions here, interleaved with their
 * arithmetic, so that compute and memory overlap (a separate burst of streaming
 * stores after each computed block stalled the core: float32 sigmoid at
 * n = 1e7 took 0.45-0.62 ns/element that way against 0.37 in cache, AMD EPYC
 * Zen 4). The caller fences (fa_stream_fence) before another thread may read
 * out. Elsewhere than x86 with SSE2 (or with out not aligned for them) the
 * kernels store as usual: the same bits either way. */
#ifndef FASTACT_STREAM_H
#define FASTACT_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "portable.h"

#if FA_X86 && (defined(__SSE2__) || defined(_M_X64) || defined(_M_AMD64))
#define FA_STREAM_STORES 1
#include <immintrin.h>
#else
#define FA_STREAM_STORES 0
#endif

/* Streaming stores need out aligned to the vector; the kernels ask for a cache
 * line (run_dtype.inc computes the elements below out's first line boundary
 * on their own, without streaming) and store as usual otherwise. */
#define FA_STREAM_ALIGN 64

/* Whether a kernel asked to stream into out really streams. */
FA_INLINE int fa_stream_ok(const void *out, int stream) {
    return FA_STREAM_STORES && stream && (uintptr_t)out % FA_STREAM_ALIGN == 0;
}

/* Bytes the generic (compiler-vectorised) loops compute into an L1 block
 * before they stream it out (elementwise_dtype.inc): the compiler cannot emit
 * streaming stores from portable C. 1 KiB against 2 and 4 KiB: the same for
 * elu, softsign forward (within 5-9% of their time in cache; the block path
 * before, a kernel call per block and 16-byte streaming stores, 15-20% over),
 * 10-15% faster for the memory-bound float64 relu backward (n = 1e7, AVX-512,
 * AMD EPYC Zen 4). */
#define FA_STREAM_CHUNK_BYTES 1024
/* The same for the hand-written piecewise-linear loops (simd/loops.inc), which
 * only move bytes: 2 KiB, 5-8% faster than 1 KiB for relu, hard_swish forward
 * at n = 1e7, both dtypes; 8 KiB and more much slower (the block leaves L1). */
#define FA_STREAM_BURST_BYTES 2048

/* dst[0 .. bytes) = src[0 .. bytes) with streaming stores, dst aligned to
 * FA_STREAM_ALIGN, src to the widest vector; the bytes past the last whole
 * vector with plain stores. */
FA_INLINE void fa_stream_copy(void *FA_RESTRICT dst, const void *FA_RESTRICT src, size_t bytes) {
    char *d = (char *)dst;
    const char *s = (const char *)src;
    size_t i = 0;
#if FA_STREAM_STORES && defined(__AVX512F__)
    for (; i + 64 <= bytes; i += 64)
        _mm512_stream_si512((void *)(d + i), _mm512_load_si512((const void *)(s + i)));
#elif FA_STREAM_STORES && defined(__AVX__)
    for (; i + 32 <= bytes; i += 32)
        _mm256_stream_si256((__m256i *)(d + i), _mm256_load_si256((const __m256i *)(s + i)));
#elif FA_STREAM_STORES
    for (; i + 16 <= bytes; i += 16)
        _mm_stream_si128((__m128i *)(d + i), _mm_load_si128((const __m128i *)(s + i)));
#endif
    memcpy(d + i, s + i, bytes - i);
}

/* Streaming stores are weakly ordered: this makes them visible before what
 * follows (the range reported done to the thread pool). */
FA_INLINE void fa_stream_fence(void) {
#if FA_STREAM_STORES
    _mm_sfence();
#endif
}

#endif

/* For the hand-written SIMD loops (simd/loops.inc; include after
 * simd/simd.h): fa_vf32_store_stream(p, v), fa_vf64_store_stream(p, v) store a
 * whole vector at p, aligned to the vector, with a streaming store: one
 * instruction beside the ops of simd/avx512.h and simd/avx2.h, a plain store
 * over the other op headers. */
#if defined(FA_SIMD) && FA_SIMD && !defined(FASTACT_STREAM_SIMD_H)
#define FASTACT_STREAM_SIMD_H
#if FA_STREAM_STORES && defined(FASTACT_SIMD_AVX512_H)
FA_INLINE void fa_vf32_store_stream(float *p, fa_vf32 v) { _mm512_stream_ps(p, v); }
FA_INLINE void fa_vf64_store_stream(double *p, fa_vf64 v) { _mm512_stream_pd(p, v); }
#elif FA_STREAM_STORES && defined(FASTACT_SIMD_AVX2_H)
FA_INLINE void fa_vf32_store_stream(float *p, fa_vf32 v) { _mm256_stream_ps(p, v); }
FA_INLINE void fa_vf64_store_stream(double *p, fa_vf64 v) { _mm256_stream_pd(p, v); }
#else
FA_INLINE void fa_vf32_store_stream(float *p, fa_vf32 v) { fa_vf32_store(p, v); }
FA_INLINE void fa_vf64_store_stream(double *p, fa_vf64 v) { fa_vf64_store(p, v); }
#endif
#endif
