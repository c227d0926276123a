/* The thread pool behind fa_parallel_for (see threads.h), written once over
 * the primitives of threads_platform.h. */
#include <stdint.h>

#include "portable.h"
#include "threads.h"
#include "threads_platform.h"

static size_t split_count(size_t n, size_t grain, int threads) {
    if (threads <= 1 || grain == 0 || n / grain < 2) return 1;
    const size_t most = n / grain, wanted = (size_t)threads * FA_RANGES_PER_THREAD;
    return most < wanted ? most : wanted;
}

/* Range r of k over [0, n): boundaries at multiples of align, never empty
 * because each range gets n / k >= grain >= align elements before rounding. */
static size_t range_start(size_t r, size_t k, size_t n, size_t align) {
    if (r == 0) return 0;
    if (r == k) return n;
    const size_t start = r * (n / k);
    return align > 1 ? start - start % align : start;
}

#if FA_THREADS_POOL

/* Waking a thread asleep on a condition variable takes tens of microseconds
 * (more in a virtual machine, whose idle vCPU halts), as long as a float32
 * range of 32K elements runs: so a worker, and a caller waiting for the last
 * range, first poll the lock FA_SPIN_POLLS times (a pause each, about 0.1 ms
 * in all) before they sleep. Two threads against one, float32 sigmoid, AMD
 * EPYC Zen 4 (2 vCPUs, KVM): n = 65536 1.07x -> 1.84x, n = 1e6 1.60x -> 1.97x
 * (BENCHMARKS.md, 2026-12-06 session 5). */
#define FA_SPIN_POLLS 2000
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#include <emmintrin.h>
#define fa_cpu_relax() _mm_pause()
#elif defined(__aarch64__) && (defined(__GNUC__) || defined(__clang__))
#define fa_cpu_relax() __asm__ __volatile__("yield" ::: "memory")
#else
#define fa_cpu_relax() ((void)0)
#endif

typedef struct {
    fa_range_fn fn;
    void *ctx;
    size_t bounds[FA_MAX_RANGES + 1];
    size_t n_ranges;
    size_t next;       /* first range nobody has claimed */
    size_t unfinished; /* ranges claimed or not, not yet done */
    int helpers;       /* workers allowed to join: threads - 1 at the call */
    int joined;
    unsigned long generation;
} fa_job;

static fa_mutex pool_lock = FA_MUTEX_INIT;
static fa_cond work_ready = FA_COND_INIT;
static fa_cond work_done = FA_COND_INIT;
/* Held for a whole parallel region: one region at a time. */
static fa_mutex region_lock = FA_MUTEX_INIT;

static fa_job job;
static int workers_started; /* under pool_lock */
static int requested_threads = 1; /* under pool_lock */
static unsigned long worker_ranges; /* ranges run by workers, for the tests */

/* Claim and run ranges until none is left; pool_lock held on entry and exit. */
static void run_ranges_locked(int is_caller) {
    while (job.next < job.n_ranges) {
        const size_t r = job.next++;
        const fa_range_fn fn = job.fn;
        void *const ctx = job.ctx;
        const size_t begin = job.bounds[r], end = job.bounds[r + 1];
        fa_mutex_unlock(&pool_lock);
        fn(ctx, r, begin, end);
        fa_mutex_lock(&pool_lock);
        if (!is_caller) worker_ranges++;
        if (--job.unfinished == 0) fa_cond_signal(&work_done);
    }
}

/* arg: the generation current when the worker was created, so that the job
 * being posted right after its creation is not mistaken for one already seen. */
static FA_THREAD_ENTRY(worker_main, arg) {
    unsigned long seen = (unsigned long)(uintptr_t)arg;
    fa_x87_scrub(); /* its creator's x87 registers, copied (threads.h) */
    fa_mutex_lock(&pool_lock);
    for (;;) {
        for (int poll = 0; poll < FA_SPIN_POLLS && job.generation == seen; poll++) {
            fa_mutex_unlock(&pool_lock);
            fa_cpu_relax();
            fa_mutex_lock(&pool_lock);
        }
        while (job.generation == seen) fa_cond_wait(&work_ready, &pool_lock);
        seen = job.generation;
        if (job.joined < job.helpers) { /* workers beyond the thread count sit out */
            job.joined++;
            run_ranges_locked(0);
        }
    }
    return 0; /* not reached: workers live as long as the process */
}

#if FA_THREADS_FORK
static fa_once fork_handlers_once = FA_ONCE_INIT;

/* Around fork(): no region may be running, and the child, which has only the
 * forking thread, starts with fresh locks and no workers. */
static void before_fork(void) {
    fa_mutex_lock(&region_lock);
    fa_mutex_lock(&pool_lock);
}
static void after_fork_parent(void) {
    fa_mutex_unlock(&pool_lock);
    fa_mutex_unlock(&region_lock);
}
static void after_fork_child(void) {
    fa_mutex_reinit(&pool_lock);
    fa_mutex_reinit(&region_lock);
    fa_cond_reinit(&work_ready);
    fa_cond_reinit(&work_done);
    workers_started = 0;
    worker_ranges = 0;
}
static void install_fork_handlers(void) {
    fa_at_fork(before_fork, after_fork_parent, after_fork_child);
}
#endif

/* Start workers up to `wanted`; pool_lock held. A failure only means fewer
 * helpers: the caller claims whatever ranges nobody else takes. */
static void start_workers_locked(int wanted) {
    while (workers_started < wanted) {
        void *const seen = (void *)(uintptr_t)job.generation;
        if (fa_thread_start_detached(worker_main, seen) != 0) return;
        workers_started++;
    }
}

int fa_set_num_threads(int n) {
    if (n < 1) n = 1;
    if (n > FA_MAX_THREADS) n = FA_MAX_THREADS;
    fa_mutex_lock(&pool_lock);
    requested_threads = n;
    fa_mutex_unlock(&pool_lock);
    return n;
}

int fa_get_num_threads(void) {
    fa_mutex_lock(&pool_lock);
    const int n = requested_threads;
    fa_mutex_unlock(&pool_lock);
    return n;
}

unsigned long fa_worker_ranges(void) {
    fa_mutex_lock(&pool_lock);
    const unsigned long n = worker_ranges;
    fa_mutex_unlock(&pool_lock);
    return n;
}

size_t fa_parallel_ranges(size_t n, size_t grain) {
    if (grain == 0 || n / grain < 2) return 1; /* the common case takes no lock */
    return split_count(n, grain, fa_get_num_threads());
}

void fa_parallel_for(size_t n, size_t ranges, size_t align, fa_range_fn fn, void *ctx) {
    const size_t k = ranges < 1 ? 1 : (ranges > FA_MAX_RANGES ? FA_MAX_RANGES : ranges);
    if (k == 1) {
        if (n > 0) fn(ctx, 0, 0, n);
        return;
    }
    if (!fa_mutex_trylock(&region_lock)) {
        /* another thread's region is running: same ranges, on this thread */
        for (size_t r = 0; r < k; r++)
            fn(ctx, r, range_start(r, k, n, align), range_start(r + 1, k, n, align));
        return;
    }
#if FA_THREADS_FORK
    fa_once_run(&fork_handlers_once, install_fork_handlers);
#endif
    fa_mutex_lock(&pool_lock);
    const size_t helpers = (k < (size_t)requested_threads ? k : (size_t)requested_threads) - 1;
    start_workers_locked((int)helpers);
    job.fn = fn;
    job.ctx = ctx;
    for (size_t r = 0; r <= k; r++) job.bounds[r] = range_start(r, k, n, align);
    job.n_ranges = k;
    job.helpers = (int)helpers;
    job.joined = 0;
    job.next = 0;
    job.unfinished = k;
    job.generation++;
    fa_cond_broadcast(&work_ready);
    run_ranges_locked(1);
    for (int poll = 0; poll < FA_SPIN_POLLS && job.unfinished > 0; poll++) {
        fa_mutex_unlock(&pool_lock);
        fa_cpu_relax();
        fa_mutex_lock(&pool_lock);
    }
    while (job.unfinished > 0) fa_cond_wait(&work_done, &pool_lock);
    fa_mutex_unlock(&pool_lock);
    fa_mutex_unlock(&region_lock);
}

#else /* no thread primitives: one thread, and get_num_threads says so */

int fa_set_num_threads(int n) {
    (void)n;
    return 1;
}

int fa_get_num_threads(void) { return 1; }

unsigned long fa_worker_ranges(void) { return 0; }

size_t fa_parallel_ranges(size_t n, size_t grain) { return split_count(n, grain, 1); }

void fa_parallel_for(size_t n, size_t ranges, size_t align, fa_range_fn fn, void *ctx) {
    const size_t k = ranges < 1 ? 1 : (ranges > FA_MAX_RANGES ? FA_MAX_RANGES : ranges);
    for (size_t r = 0; r < k; r++) {
        const size_t begin = range_start(r, k, n, align), end = range_start(r + 1, k, n, align);
        if (end > begin) fn(ctx, r, begin, end);
    }
}

#endif

/* The thread count under names threadpoolctl can find: its custom controller
 * (src/fastact/_threadpool.py) recognises fastact's extension by these symbols
 * and calls them through ctypes, so threadpool_info() lists the pool and
 * threadpool_limits(n) limits it. Exported, unlike the rest of csrc/. */
FA_EXPORT int fastact_threadpool_get_num_threads(void);
FA_EXPORT int fastact_threadpool_set_num_threads(int n);

FA_EXPORT int fastact_threadpool_get_num_threads(void) { return fa_get_num_threads(); }

FA_EXPORT int fastact_threadpool_set_num_threads(int n) { return fa_set_num_threads(n); }
