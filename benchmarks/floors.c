/* The floors of benchmarks/floors.py: the cheapest pass over a backward's
 * arrays, compiled by that script for the ISA it times (-march=x86-64-v4 or
 * x86-64-v3, -ffast-math: the row sums may reassociate). Each function repeats
 * its pass `reps` times inside one call, so that no call overhead joins it.
 *   mul:    c = a b, two inputs and one output (a backward from y or from x
 *           reads dy and one array, writes dx); stream: streaming stores from
 *           c's first 64-byte boundary on (the large-array path of fastact)
 *   rows:   softmax backward's traffic, per row s = sum dy y, dx = y (dy - s)
 *   rowsum: log_softmax backward's, per row s = sum dy, dx = dy - y s (a
 *           product where the kernel takes e^y) */
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__AVX512F__)
#define FLOOR_W 64 /* bytes a vector */
typedef __m512 vf;
typedef __m512d vd;
#define LOADF _mm512_loadu_ps
#define STOREF _mm512_storeu_ps
#define STREAMF _mm512_stream_ps
#define MULF _mm512_mul_ps
#define LOADD _mm512_loadu_pd
#define STORED _mm512_storeu_pd
#define STREAMD _mm512_stream_pd
#define MULD _mm512_mul_pd
#else
#define FLOOR_W 32
typedef __m256 vf;
typedef __m256d vd;
#define LOADF _mm256_loadu_ps
#define STOREF _mm256_storeu_ps
#define STREAMF _mm256_stream_ps
#define MULF _mm256_mul_ps
#define LOADD _mm256_loadu_pd
#define STORED _mm256_storeu_pd
#define STREAMD _mm256_stream_pd
#define MULD _mm256_mul_pd
#endif

#define FLOOR_MUL(name, T, LOAD, STORE, STREAM, MUL)                                               \
    void name(const T *a, const T *b, T *c, size_t n, int stream, int reps) {                      \
        const size_t w = FLOOR_W / sizeof(T);                                                      \
        for (int r = 0; r < reps; r++) {                                                           \
            size_t i = 0;                                                                          \
            if (stream) {                                                                          \
                for (; (uintptr_t)(c + i) % 64 != 0 && i < n; i++) c[i] = a[i] * b[i];             \
                for (; i + 2 * w <= n; i += 2 * w) {                                               \
                    STREAM(c + i, MUL(LOAD(a + i), LOAD(b + i)));                                  \
                    STREAM(c + i + w, MUL(LOAD(a + i + w), LOAD(b + i + w)));                      \
                }                                                                                  \
                _mm_sfence();                                                                      \
            } else                                                                                 \
                for (; i + 2 * w <= n; i += 2 * w) {                                               \
                    STORE(c + i, MUL(LOAD(a + i), LOAD(b + i)));                                   \
                    STORE(c + i + w, MUL(LOAD(a + i + w), LOAD(b + i + w)));                       \
                }                                                                                  \
            for (; i < n; i++) c[i] = a[i] * b[i];                                                 \
        }                                                                                          \
    }
FLOOR_MUL(mul_f32, float, LOADF, STOREF, STREAMF, MULF)
FLOOR_MUL(mul_f64, double, LOADD, STORED, STREAMD, MULD)

#define FLOOR_ROWS(name, T, SUM_TERM, OUT)                                                         \
    void name(const T *dy, const T *y, T *dx, size_t rows, size_t n, int reps) {                   \
        for (int r = 0; r < reps; r++)                                                             \
            for (size_t o = 0; o < rows; o++) {                                                    \
                const T *d = dy + o * n, *v = y + o * n;                                           \
                T *x = dx + o * n, s = 0;                                                          \
                for (size_t i = 0; i < n; i++) s += SUM_TERM;                                      \
                for (size_t i = 0; i < n; i++) x[i] = OUT;                                         \
            }                                                                                      \
    }
FLOOR_ROWS(rows_f32, float, d[i] * v[i], v[i] * (d[i] - s))
FLOOR_ROWS(rows_f64, double, d[i] * v[i], v[i] * (d[i] - s))
FLOOR_ROWS(rowsum_f32, float, d[i], d[i] - v[i] * s)
FLOOR_ROWS(rowsum_f64, double, d[i], d[i] - v[i] * s)
