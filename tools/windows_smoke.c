/* Smoke test for csrc/ built for Windows by tools/check_windows_build.sh.
 * Linking it proves that every translation unit, the Win32 thread layer
 * included, resolves. Run (on Windows or under wine) it checks, for every ISA
 * this CPU runs, that the thread pool hands ranges to its workers and covers
 * each element once, that 1 and 4 threads give the same bits, and that
 * sigmoid, tanh and softmax are near their definitions. Exit status 0: passed. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fastact.h"
#include "threads.h"

#define N ((size_t)1 << 20) /* 16 ranges of 65536 with 4 threads */
#define ROWS 64
#define COLS (N / ROWS)

static int failures;

static void check(int ok, const char *isa, const char *what) {
    printf("  %-8s %-52s %s\n", isa, what, ok ? "ok" : "FAILED");
    if (!ok) failures++;
}

/* fa_parallel_for's ranges: each element counted once, some on workers. */
typedef struct {
    unsigned char *seen;
    const float *x;
    float *y;
} cover_job;

static void cover_range(void *ctx, size_t range, size_t begin, size_t end) {
    static const double no_params[FA_MAX_PARAMS] = {0};
    const cover_job *job = ctx;
    (void)range;
    for (size_t i = begin; i < end; i++) job->seen[i]++;
    /* some work, so that the workers wake before the caller has run every
     * range; a call from inside a region finds the pool busy and runs its own
     * ranges on this thread */
    fa_run_f32(FA_ACT_TANH, FA_FORWARD, job->x + begin, NULL, job->y + begin, end - begin,
               no_params);
}

static void check_pool(const char *isa, const float *x, float *y) {
    cover_job job = {calloc(N, 1), x, y};
    if (job.seen == NULL) exit(2);
    fa_set_num_threads(4);
    const size_t ranges = fa_parallel_ranges(N, 32768);
    const unsigned long before = fa_worker_ranges();
    int rounds = 0, once = 1;
    do {
        memset(job.seen, 0, N);
        fa_parallel_for(N, ranges, 64, cover_range, &job);
        for (size_t i = 0; i < N; i++) once &= job.seen[i] == 1;
    } while (fa_worker_ranges() == before && ++rounds < 100);
    check(ranges == 16, isa, "fa_parallel_ranges(2^20, 32768) with 4 threads = 16");
    check(once, isa, "fa_parallel_for covers every element once");
    check(fa_worker_ranges() > before, isa, "worker threads ran ranges");
    free(job.seen);
}

static double max_relative_error_f32(const float *got, const double *want, size_t n) {
    double worst = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double e = fabs((double)got[i] - want[i]) / fabs(want[i]);
        if (!(e <= worst)) worst = e; /* NaN counts as the worst */
    }
    return worst;
}

static double max_relative_error_f64(const double *got, const double *want, size_t n) {
    double worst = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double e = want[i] == 0.0 ? fabs(got[i]) : fabs(got[i] - want[i]) / fabs(want[i]);
        if (!(e <= worst)) worst = e;
    }
    return worst;
}

int main(void) {
    float *xf = malloc(N * sizeof *xf), *y1 = malloc(N * sizeof *y1), *y4 = malloc(N * sizeof *y4);
    double *xd = malloc(N * sizeof *xd), *d1 = malloc(N * sizeof *d1), *d4 = malloc(N * sizeof *d4);
    double *want = malloc(N * sizeof *want);
    float *dropped = malloc(N * sizeof *dropped); /* the baseline's dropout, for the others */
    if (!xf || !y1 || !y4 || !xd || !d1 || !d4 || !want || !dropped) return 2;
    uint64_t state = 12345;
    for (size_t i = 0; i < N; i++) { /* uniform in [-20, 20) from a fixed LCG */
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        xd[i] = ((double)(state >> 11) * 0x1p-53 - 0.5) * 40.0;
        xf[i] = (float)xd[i];
    }
    const double params[FA_MAX_PARAMS] = {0};

    printf("fastact csrc/ on Windows: best ISA %s\n", fa_isa_name(fa_best_isa()));
    for (int isa = 0; isa < FA_N_ISAS; isa++) {
        const char *name = fa_isa_name(isa);
        printf("  %-8s compiled %d, supported here %d\n", name, fa_isa_compiled(isa),
               fa_isa_supported(isa));
        if (!fa_isa_supported(isa)) continue;
        check(fa_select_isa(isa) == 0 && fa_current_isa() == isa, name, "fa_select_isa");
        check_pool(name, xf, y1);

        /* sigmoid float32 */
        fa_set_num_threads(1);
        fa_run_f32(FA_ACT_SIGMOID, FA_FORWARD, xf, NULL, y1, N, params);
        fa_set_num_threads(4);
        fa_run_f32(FA_ACT_SIGMOID, FA_FORWARD, xf, NULL, y4, N, params);
        check(memcmp(y1, y4, N * sizeof *y1) == 0, name, "sigmoid f32: 1 and 4 threads, same bits");
        for (size_t i = 0; i < N; i++) want[i] = 1.0 / (1.0 + exp(-(double)xf[i]));
        check(max_relative_error_f32(y1, want, N) < 1e-6, name, "sigmoid f32 within 1e-6");

        /* tanh float64, in place */
        memcpy(d1, xd, N * sizeof *d1);
        fa_set_num_threads(1);
        fa_run_f64(FA_ACT_TANH, FA_FORWARD, d1, NULL, d1, N, params);
        fa_set_num_threads(4);
        fa_run_f64(FA_ACT_TANH, FA_FORWARD, xd, NULL, d4, N, params);
        check(memcmp(d1, d4, N * sizeof *d1) == 0, name,
              "tanh f64 (in place): 1 and 4 threads, same bits");
        for (size_t i = 0; i < N; i++) want[i] = tanh(xd[i]);
        check(max_relative_error_f64(d1, want, N) < 1e-14, name, "tanh f64 within 1e-14");

        /* softmax float64 along rows */
        fa_set_num_threads(1);
        fa_run_axis_f64(FA_SOFTMAX, xd, NULL, d1, ROWS, COLS, 1);
        fa_set_num_threads(4);
        fa_run_axis_f64(FA_SOFTMAX, xd, NULL, d4, ROWS, COLS, 1);
        check(memcmp(d1, d4, N * sizeof *d1) == 0, name, "softmax f64: 1 and 4 threads, same bits");
        double worst = 0.0;
        for (size_t r = 0; r < ROWS; r++) {
            double sum = 0.0;
            for (size_t c = 0; c < COLS; c++) sum += d1[r * COLS + c];
            if (!(fabs(sum - 1.0) <= worst)) worst = fabs(sum - 1.0);
        }
        check(worst < 1e-12, name, "softmax f64 rows sum to 1 within 1e-12");

        /* dropout float32: the same mask on every ISA and thread count (the
         * baseline's), Philox's first known answer */
        fa_set_num_threads(1);
        fa_run_dropout_f32(xf, y1, N, 0x01234567u, 0x89ABCDEFu, (uint64_t)1 << 31, 2.0f);
        fa_set_num_threads(4);
        fa_run_dropout_f32(xf, y4, N, 0x01234567u, 0x89ABCDEFu, (uint64_t)1 << 31, 2.0f);
        check(memcmp(y1, y4, N * sizeof *y1) == 0, name, "dropout f32: 1 and 4 threads, same bits");
        if (isa == FA_ISA_BASELINE) memcpy(dropped, y1, N * sizeof *y1);
        check(memcmp(y1, dropped, N * sizeof *y1) == 0, name, "dropout f32: the baseline's bits");
        const uint32_t zero_counter[4] = {0, 0, 0, 0}, zero_key[2] = {0, 0};
        uint32_t words[4];
        fa_philox4x32_10(zero_counter, zero_key, words);
        check(words[0] == 0x6627e8d5u && words[3] == 0x9b00dbd8u, name,
              "Philox4x32-10 known answer");
    }
    printf("%s\n", failures ? "windows smoke test FAILED" : "windows smoke test passed");
    free(xf), free(y1), free(y4), free(xd), free(d1), free(d4), free(want), free(dropped);
    return failures ? 1 : 0;
}
