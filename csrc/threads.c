/* The thread pool behind fa_parallel_for (see threads.h). */
#include "threads.h"

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

#if defined(FA_HAVE_PTHREADS)
#include <pthread.h>
#include <stdint.h>

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

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_ready = PTHREAD_COND_INITIALIZER;
static pthread_cond_t work_done = PTHREAD_COND_INITIALIZER;
/* Held for a whole parallel region: one region at a time. */
static pthread_mutex_t region_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t fork_handlers_once = PTHREAD_ONCE_INIT;

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
        pthread_mutex_unlock(&pool_lock);
        fn(ctx, r, begin, end);
        pthread_mutex_lock(&pool_lock);
        if (!is_caller) worker_ranges++;
        if (--job.unfinished == 0) pthread_cond_signal(&work_done);
    }
}

/* arg: the generation current when the worker was created, so that the job
 * being posted right after its creation is not mistaken for one already seen. */
static void *worker_main(void *arg) {
    unsigned long seen = (unsigned long)(uintptr_t)arg;
    pthread_mutex_lock(&pool_lock);
    for (;;) {
        while (job.generation == seen) pthread_cond_wait(&work_ready, &pool_lock);
        seen = job.generation;
        if (job.joined < job.helpers) { /* workers beyond the thread count sit out */
            job.joined++;
            run_ranges_locked(0);
        }
    }
    return NULL; /* not reached: workers live as long as the process */
}

/* Around fork(): no region may be running, and the child, which has only the
 * forking thread, starts with fresh locks and no workers. */
static void before_fork(void) {
    pthread_mutex_lock(&region_lock);
    pthread_mutex_lock(&pool_lock);
}
static void after_fork_parent(void) {
    pthread_mutex_unlock(&pool_lock);
    pthread_mutex_unlock(&region_lock);
}
static void after_fork_child(void) {
    pthread_mutex_init(&pool_lock, NULL);
    pthread_mutex_init(&region_lock, NULL);
    pthread_cond_init(&work_ready, NULL);
    pthread_cond_init(&work_done, NULL);
    workers_started = 0;
    worker_ranges = 0;
}
static void install_fork_handlers(void) {
    pthread_atfork(before_fork, after_fork_parent, after_fork_child);
}

/* Start workers up to `wanted`; pool_lock held. A failure only means fewer
 * helpers: the caller claims whatever ranges nobody else takes. */
static void start_workers_locked(int wanted) {
    while (workers_started < wanted) {
        pthread_t thread;
        pthread_attr_t attr;
        if (pthread_attr_init(&attr) != 0) return;
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        void *const seen = (void *)(uintptr_t)job.generation;
        const int failed = pthread_create(&thread, &attr, worker_main, seen);
        pthread_attr_destroy(&attr);
        if (failed) return;
        workers_started++;
    }
}

int fa_set_num_threads(int n) {
    if (n < 1) n = 1;
    if (n > FA_MAX_THREADS) n = FA_MAX_THREADS;
    pthread_mutex_lock(&pool_lock);
    requested_threads = n;
    pthread_mutex_unlock(&pool_lock);
    return n;
}

int fa_get_num_threads(void) {
    pthread_mutex_lock(&pool_lock);
    const int n = requested_threads;
    pthread_mutex_unlock(&pool_lock);
    return n;
}

unsigned long fa_worker_ranges(void) {
    pthread_mutex_lock(&pool_lock);
    const unsigned long n = worker_ranges;
    pthread_mutex_unlock(&pool_lock);
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
    if (pthread_mutex_trylock(&region_lock) != 0) {
        /* another thread's region is running: same ranges, on this thread */
        for (size_t r = 0; r < k; r++)
            fn(ctx, r, range_start(r, k, n, align), range_start(r + 1, k, n, align));
        return;
    }
    pthread_once(&fork_handlers_once, install_fork_handlers);
    pthread_mutex_lock(&pool_lock);
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
    pthread_cond_broadcast(&work_ready);
    run_ranges_locked(1);
    while (job.unfinished > 0) pthread_cond_wait(&work_done, &pool_lock);
    pthread_mutex_unlock(&pool_lock);
    pthread_mutex_unlock(&region_lock);
}

#else /* no POSIX threads: one thread, and get_num_threads says so */

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
