/* A small persistent thread pool for splitting one kernel call into ranges.
 *
 * The split depends only on n, the grain, the alignment and the thread count,
 * and every kernel computes each element (or row) on its own, so results do not
 * depend on how many threads ran. One parallel region runs at a time; a caller
 * that finds the pool busy (another Python thread inside a kernel) runs its
 * ranges itself, which gives the same bits. The workers are recreated lazily in
 * a child after fork(). Plain C99 over POSIX or Win32 threads
 * (threads_platform.h); elsewhere everything runs on the calling thread. */
#ifndef FASTACT_THREADS_H
#define FASTACT_THREADS_H

#include <stddef.h>

/* Upper bound on threads. */
#define FA_MAX_THREADS 256
/* Ranges per thread: a few, so that a worker the OS delays (another process on
 * its core) holds up only a small share while the others claim the rest. */
#define FA_RANGES_PER_THREAD 4
#define FA_MAX_RANGES (FA_MAX_THREADS * FA_RANGES_PER_THREAD)

/* Work on elements (or rows) [begin, end), the range-th of the split. */
typedef void (*fa_range_fn)(void *ctx, size_t range, size_t begin, size_t end);

/* n >= 1; values above FA_MAX_THREADS are clamped. Returns the value kept. */
int fa_set_num_threads(int n);
int fa_get_num_threads(void);

/* Ranges the pool's workers (not the callers) have run in this process: lets
 * the tests see that work really went to other threads, also after fork(). */
unsigned long fa_worker_ranges(void);

/* How many ranges to split n into: min(FA_RANGES_PER_THREAD * threads,
 * n / grain); 1 with one thread or whenever n < 2 * grain. */
size_t fa_parallel_ranges(size_t n, size_t grain);

/* Run fn over [0, n) split into `ranges` ranges (from fa_parallel_ranges, with
 * a grain >= align), each starting at a multiple of `align`, and return when
 * all are done. One range runs on the calling thread. */
void fa_parallel_for(size_t n, size_t ranges, size_t align, fa_range_fn fn, void *ctx);

/* Zero the x87 registers where they hold values (dispatch.c: they slow the
 * vector kernels on Zen 4 by about 6%), keeping the x87 environment; a no-op
 * elsewhere. Called by the large calls of run_dtype.inc and once by each
 * worker thread (which starts with a copy of its creator's registers). */
void fa_x87_scrub(void);

#endif
