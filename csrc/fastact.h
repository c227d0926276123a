/* fastact C kernels: the interface the Cython layer calls. Plain C99, no Python. */
#ifndef FASTACT_H
#define FASTACT_H

#include <stddef.h>
#include <stdint.h>

#include "fastact_table.h" /* generated from src/fastact/_table.py */
#include "isa_list.h"      /* FA_FOR_EACH_ISA */
#include "portable.h"      /* FA_RESTRICT */

#ifdef __cplusplus
extern "C" {
#endif

/* Every pass of every elementwise activation has this one shape:
 *   forward, derivative:  out[i] = f(a[i])            (b unused, may be NULL)
 *   backward_x:           out[i] = a[i] * f'(b[i])    (a = dy, b = x)
 *   backward_y:           out[i] = a[i] * f'(from y = b[i])
 * params holds FA_MAX_PARAMS doubles, in the order of the table's parameters.
 * out may be a or b exactly (in place): every kernel must give the same bits
 * then (tests/test_in_place.py checks each one), so the pointers are not
 * restrict; it never overlaps them otherwise (the Python layer copies partial
 * overlaps). stream nonzero (never in place): out is larger than the caches,
 * write it with non-temporal stores where out is aligned for them (stream.h;
 * the same bits either way); the caller fences before out is read. */
/* 4K aliasing (csrc/simd/loops.inc, fa_simd_alias_ahead): whether out lies
 * 16 to window_end - 1 bytes above in modulo 4096, where an ascending loop's
 * loads wait on the stores just before them and the kernels run downward. */
FA_INLINE int fa_alias_ahead(const void *in, const void *out, size_t window_end) {
    const size_t d = (size_t)(((uintptr_t)out - (uintptr_t)in) % 4096u);
    return d >= 16 && d < window_end;
}
/* Two inputs: above either and below neither (downward, out just below an
 * input meets the same hazard); one compare pair a call. */
FA_INLINE int fa_alias_ahead2(const void *a, const void *b, const void *out, size_t window_end) {
    return (fa_alias_ahead(a, out, window_end) || fa_alias_ahead(b, out, window_end)) &&
           !fa_alias_ahead(out, a, window_end) && !fa_alias_ahead(out, b, window_end);
}
typedef void (*fa_kernel_f32)(const float *a, const float *b, float *out, size_t n,
                              const double *params, int stream);
typedef void (*fa_kernel_f64)(const double *a, const double *b, double *out, size_t n,
                              const double *params, int stream);

/* Along-an-axis kernels see C-contiguous (outer, n, inner) blocks and work along n.
 *   softmax, log_softmax:             out = f(a)                 (b unused)
 *   *_backward_y:                     out = gradient from dy = a and y = b
 * scratch: room for inner > 1, as fa_run_axis_* allocates it (run_dtype.inc):
 * a strided axis is run as rows, fa_axis_columns(n, inner, sizeof(T))
 * columns at a time gathered into FA_AXIS_SCRATCH_ROWS such blocks of
 * contiguous rows (x and y forward; dy, y and dx backward, where the
 * backward passes gather at all: log_softmax where the permute is dear, see
 * softmax_backward_any), each FA_AXIS_PAD bytes apart. */
enum { FA_AXIS_SCRATCH_ROWS = 3, FA_AXIS_PAD = 1024 };
/* Columns gathered at a time: as many as fill FA_AXIS_BLOCK_BYTES, from 16
 * (each row of the strided array read and written as a run of 64 bytes or
 * more: runs the prefetcher follows) to 32 float32 or 64 float64 columns
 * (wider, the block's transposes and rows fall out of L1/L2 between the
 * gather, the rows and the scatter); fewer where that many would pass
 * FA_AXIS_GATHER_MAX elements per block, at least one. Zen 4, AVX-512,
 * softmax at axis 0, one thread, ns/element, forward / backward, against
 * 64 KiB and 8 to 32 columns (BENCHMARKS.md 2026-12-07 session 10,
 * h10-axisfast): float32 (4096, 128) 0.73 / 0.70 -> 0.63 / 0.62, (1000,
 * 1000) 0.60 / 0.99 -> 0.58 / 0.90; float64 (1000, 1000) 1.89 / 2.54 ->
 * 1.60 / 2.07, (128, 4096) 1.78 / 1.27 -> 1.53 / 1.01; none slower. The
 * worst case of memory is a long axis (n > 2^18) with inner = 2: one column
 * a block, 3 n elements of scratch per thread beside the 2 n of the input.
 * Results do not depend on it: each column is a row. */
#define FA_AXIS_BLOCK_BYTES ((size_t)262144)
#define FA_AXIS_COLUMNS_MAX 64 /* the most fa_axis_columns returns */
/* Columns a strided backward pass (softmax_backward_any, axis_dtype.inc)
 * takes at once where it works in place: its sums b <= fa_axis_columns at a
 * time, then the end of all of them row by row, up to FA_AXIS_SPAN_MAX
 * columns (whole rows of up to 1024: the end then reads and writes each row
 * as one run, where 16-32 columns at a time left each row's dx stores a few
 * loads ahead of the next row's dy and y at the same address modulo 4096,
 * and scattered short runs). Zen 4, AVX-512, one thread, axis 0, ns/element
 * (BENCHMARKS.md 2026-12-07 session 11, h11-stridedbwd): float32 (1000,
 * 1000) softmax 0.47 -> 0.35, (4096, 128) 0.55 -> 0.34; float64 (1000, 1000)
 * softmax 1.9 -> 1.1; 4096 columns no faster than 1024 at (128, 4096). The
 * results do not depend on it (elementwise). */
#define FA_AXIS_SPAN_MAX 1024
FA_INLINE size_t fa_axis_span(size_t inner, size_t b) {
    size_t s = FA_AXIS_SPAN_MAX - FA_AXIS_SPAN_MAX % b;
    return s < inner ? s : inner;
}
#define FA_AXIS_GATHER_MAX ((size_t)1 << 18)
FA_INLINE size_t fa_axis_columns(size_t n, size_t inner, size_t element_bytes) {
    const size_t most = element_bytes * 8; /* 32 float32, 64 float64 */
    size_t b = n > 0 ? FA_AXIS_BLOCK_BYTES / (n * element_bytes) : most;
    b = b < 16 ? 16 : b > most ? most : b;
    const size_t cap = n > FA_AXIS_GATHER_MAX ? 1 : FA_AXIS_GATHER_MAX / (n > 0 ? n : 1);
    b = b < cap ? b : cap;
    return b < inner ? b : inner;
}
/* The stride in elements of the b gathered rows of n: n itself where the rows
 * start on b different lines modulo 4096 bytes (L1's sets: rows of 256
 * doubles, 2 KiB, began on two, and the transposes' lines evicted each other:
 * float64 softmax backward at axis 0 of (256, 64) 2.5 ns/element, against 0.45
 * for rows), else n padded to an odd number of 64-byte lines (64 sets apart).
 * Where it is not n, each row goes to the row function alone (the same bits:
 * the row functions' bits do not depend on their row count). */
FA_INLINE size_t fa_axis_row_stride(size_t n, size_t b, size_t element_bytes) {
    uint64_t seen = 0;
    for (size_t c = 0; c < b && c < 64; c++)
        seen |= (uint64_t)1 << ((c * n * element_bytes / 64) & 63);
    size_t spread = 0;
    for (int k = 0; k < 64; k++) spread += (size_t)((seen >> k) & 1);
    if (spread >= (b < 64 ? b : 64)) return n;
    const size_t lines = ((n * element_bytes + 63) / 64) | 1;
    return lines * 64 / element_bytes;
}

enum fa_axis_op {
    FA_SOFTMAX = 0,
    FA_LOG_SOFTMAX = 1,
    FA_SOFTMAX_BACKWARD_Y = 2,
    FA_LOG_SOFTMAX_BACKWARD_Y = 3,
    FA_N_AXIS_OPS = 4
};
typedef void (*fa_axis_kernel_f32)(const float *FA_RESTRICT a, const float *FA_RESTRICT b,
                                   float *FA_RESTRICT out, size_t outer, size_t n, size_t inner,
                                   void *FA_RESTRICT scratch);
typedef void (*fa_axis_kernel_f64)(const double *FA_RESTRICT a, const double *FA_RESTRICT b,
                                   double *FA_RESTRICT out, size_t outer, size_t n, size_t inner,
                                   void *FA_RESTRICT scratch);

/* PReLU on (outer, channels, inner) blocks with one slope per channel:
 *   forward / derivative: out = f(x; alpha[c])
 *   backward: dx = dy f'(x) and, per block of FA_PRELU_BLOCK_ROWS outer rows,
 *             block_sums[block][c] = sum over channel c of dy x where x <= 0, in
 *             double (dalpha is the sum of the blocks in order) */
#define FA_PRELU_BLOCK_ROWS 256
typedef void (*fa_prelu_kernel_f32)(const float *FA_RESTRICT x, const float *FA_RESTRICT alpha,
                                    float *FA_RESTRICT out, size_t outer, size_t channels,
                                    size_t inner);
typedef void (*fa_prelu_kernel_f64)(const double *FA_RESTRICT x, const double *FA_RESTRICT alpha,
                                    double *FA_RESTRICT out, size_t outer, size_t channels,
                                    size_t inner);
typedef void (*fa_prelu_backward_f32)(const float *FA_RESTRICT dy, const float *FA_RESTRICT x,
                                      const float *FA_RESTRICT alpha, float *FA_RESTRICT dx,
                                      double *FA_RESTRICT block_sums, size_t outer, size_t channels,
                                      size_t inner);
typedef void (*fa_prelu_backward_f64)(const double *FA_RESTRICT dy, const double *FA_RESTRICT x,
                                      const double *FA_RESTRICT alpha, double *FA_RESTRICT dx,
                                      double *FA_RESTRICT block_sums, size_t outer, size_t channels,
                                      size_t inner);

/* Dropout (csrc/kernels/dropout.c). Element i of the logical array (its index
 * in C order) is kept when its 32-bit draw is >= threshold, where the draw is
 *   Philox4x32-10(counter (lo32(c), hi32(c), 0, 0), key)[w],
 *   c = FA_DROPOUT_LANES * (i / FA_DROPOUT_GROUP) + i % FA_DROPOUT_LANES,
 *   w = (i % FA_DROPOUT_GROUP) / FA_DROPOUT_LANES:
 * a function of (key, i) alone, whatever the ISA, thread count or split.
 * Kernels work on elements [begin, end) of arrays that start at element 0;
 * kept elements become x * scale, dropped ones +0. out may be x exactly. */
#define FA_DROPOUT_LANES 16
#define FA_DROPOUT_GROUP (4 * FA_DROPOUT_LANES)
typedef void (*fa_dropout_kernel_f32)(const float *x, float *out, size_t begin, size_t end,
                                      const uint32_t key[2], uint32_t threshold, float scale);
typedef void (*fa_dropout_kernel_f64)(const double *x, double *out, size_t begin, size_t end,
                                      const uint32_t key[2], uint32_t threshold, double scale);
/* out[i] = 1 where element i is kept, else 0 */
typedef void (*fa_dropout_mask_kernel)(unsigned char *out, size_t begin, size_t end,
                                       const uint32_t key[2], uint32_t threshold);

typedef struct fa_kernel_table {
    fa_kernel_f32 f32[FA_N_ACTIVATIONS][FA_N_PASSES];
    fa_kernel_f64 f64[FA_N_ACTIVATIONS][FA_N_PASSES];
    fa_axis_kernel_f32 axis_f32[FA_N_AXIS_OPS];
    fa_axis_kernel_f64 axis_f64[FA_N_AXIS_OPS];
    fa_prelu_kernel_f32 prelu_f32[2]; /* FA_FORWARD, FA_DERIVATIVE */
    fa_prelu_kernel_f64 prelu_f64[2];
    fa_prelu_backward_f32 prelu_backward_f32;
    fa_prelu_backward_f64 prelu_backward_f64;
    fa_dropout_kernel_f32 dropout_f32;
    fa_dropout_kernel_f64 dropout_f64;
    fa_dropout_mask_kernel dropout_mask;
    /* which body serves each cell, as text (fa_kernel_body, fa.kernels()):
     * set beside every kernel pointer, so the report cannot drift from it */
    const char *body_f32[FA_N_ACTIVATIONS][FA_N_PASSES];
    const char *body_f64[FA_N_ACTIVATIONS][FA_N_PASSES];
    const char *axis_body_f32[FA_N_AXIS_OPS];
    const char *axis_body_f64[FA_N_AXIS_OPS];
    /* the vector op layer's conformance test (simd/op_selftest.h); NULL in a
     * variant without the layer */
    int (*simd_op_selftest)(char *failed, size_t size);
} fa_kernel_table;

/* Instruction-set variants, in order of preference (higher is better): the
 * rows of isa_list.h, FA_ISA_BASELINE = 0 first. */
#define FA_ISA_ENUM_ROW(name, NAME, arch, check) FA_ISA_##NAME,
enum fa_isa { FA_FOR_EACH_ISA(FA_ISA_ENUM_ROW) FA_N_ISAS };
#undef FA_ISA_ENUM_ROW

const char *fa_isa_name(int isa);
const char *fa_baseline_target(void); /* what "baseline" means in this build */
int fa_isa_compiled(int isa);  /* this build holds the variant */
int fa_isa_supported(int isa); /* compiled, and this CPU and OS can run it */
int fa_best_isa(void);
int fa_current_isa(void);
int fa_select_isa(int isa); /* 0 on success, -1 if the variant cannot run here */
/* The kernels of one variant, without selecting it (-1 if it cannot run here). */
int fa_fill_table(int isa, fa_kernel_table *t);
/* The body that variant isa runs for (activation, pass) in float32 (f64 = 0)
 * or float64 (f64 = 1), as a static string; NULL where there is none (no such
 * pass, or the variant cannot run here). fa_axis_kernel_body: the same for an
 * enum fa_axis_op. */
const char *fa_kernel_body(int isa, int f64, int activation, int pass);
const char *fa_axis_kernel_body(int isa, int f64, int op);
/* Run variant isa's vector op conformance test: the number of ops that broke
 * their contract (their names, space separated, in failed), or -1 where the
 * variant has no vector layer or cannot run here. */
int fa_simd_op_selftest(int isa, char *failed, size_t size);
/* The same test over the one-lane layer simd/scalar.h (simd/scalar_selftest.c),
 * and that layer's exact a b + c for targets without FMA. */
int fa_simd_scalar_op_selftest(char *failed, size_t size);
double fa_scalar_soft_fma(double a, double b, double c);
float fa_scalar_soft_fmaf(float a, float b, float c);
/* The same test over simd/sse2.h (simd/sse2_selftest.c; -1 where the build is
 * not for x86-64), and lane 0 of that layer's fused a b + c. */
int fa_simd_sse2_op_selftest(char *failed, size_t size);
double fa_sse2_fma(double a, double b, double c);
float fa_sse2_fmaf(float a, float b, float c);

/* Threads for large calls (csrc/threads.h): n >= 1, clamped to FA_MAX_THREADS. */
int fa_set_num_threads(int n);
int fa_get_num_threads(void);

/* Run one pass over n contiguous elements with the selected variant. out may be
 * a or b exactly (in place) but must not overlap them partially.
 * Returns 0, or -1 when the activation has no such pass. */
int fa_run_f32(int activation, int pass, const float *a, const float *b, float *out, size_t n,
               const double *params);
int fa_run_f64(int activation, int pass, const double *a, const double *b, double *out, size_t n,
               const double *params);

/* Calls of fa_run_* whose output has at least this many bytes and is no
 * input write it with streaming stores (stream.h; default 8 MiB). Returns the
 * previous value. For the tests, which lower it to reach that path with small
 * arrays: not while another thread runs a kernel. */
size_t fa_set_stream_min_bytes(size_t bytes);

/* Along-axis ops on (outer, n, inner) blocks; out must not overlap a or b.
 * Returns 0, -1 for an unknown op, -2 when scratch memory cannot be had. */
int fa_run_axis_f32(int op, const float *a, const float *b, float *out, size_t outer, size_t n,
                    size_t inner);
int fa_run_axis_f64(int op, const double *a, const double *b, double *out, size_t outer, size_t n,
                    size_t inner);

/* PReLU; pass is FA_FORWARD or FA_DERIVATIVE. out must not overlap x. */
int fa_run_prelu_f32(int pass, const float *x, const float *alpha, float *out, size_t outer,
                     size_t channels, size_t inner);
int fa_run_prelu_f64(int pass, const double *x, const double *alpha, double *out, size_t outer,
                     size_t channels, size_t inner);
/* dx must not overlap the inputs; dalpha receives channels doubles. */
int fa_run_prelu_backward_f32(const float *dy, const float *x, const float *alpha, float *dx,
                              double *dalpha, size_t outer, size_t channels, size_t inner);
int fa_run_prelu_backward_f64(const double *dy, const double *x, const double *alpha, double *dx,
                              double *dalpha, size_t outer, size_t channels, size_t inner);

/* Dropout over n contiguous elements (element 0 first, C order), threshold in
 * [0, 2^32]: 2^32 drops every element (p = 1). out may be x exactly, else
 * must not overlap it. */
int fa_run_dropout_f32(const float *x, float *out, size_t n, uint32_t key0, uint32_t key1,
                       uint64_t threshold, float scale);
int fa_run_dropout_f64(const double *x, double *out, size_t n, uint32_t key0, uint32_t key1,
                       uint64_t threshold, double scale);
/* The keep mask (1 kept, 0 dropped) of the same draw. */
int fa_run_dropout_mask(unsigned char *out, size_t n, uint32_t key0, uint32_t key1,
                        uint64_t threshold);
/* One Philox4x32-10 block (csrc/philox.h), for the known-answer tests. */
void fa_philox4x32_10(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4]);

#ifdef __cplusplus
}
#endif

#endif
