/* fa_sweep_f32: see sweep.h. Blocks of inputs are split across the thread
 * pool; each range keeps its own maxima, merged in range order at the end. */
#include <math.h> /* INFINITY only: no libm call */
#include <stdlib.h>
#include <string.h>

#include "sweep.h"
#include "threads.h"

#define SWEEP_BLOCK 4096

typedef struct {
    fa_kernel_f32 fast[FA_N_ISAS]; /* NULL where the ISA cannot run */
    fa_kernel_f64 exact;
    const double *params;
    uint64_t first, stride;
    const double *zeros;
    int n_zeros;
    fa_sweep_worst *per_range; /* [range][isa] */
} sweep_job;

static uint32_t bits_of(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* |got - exact| in ULPs of exact rounded to float32, as fastact._accuracy.ulp_error:
 * 0 when got equals the rounded value (or both are NaN), inf when one side is
 * NaN or infinite and the other not. Subnormals count in 2**-149. */
static double ulp_error(float got, double exact) {
    const float rounded = (float)exact;
    if (got == rounded || (got != got && exact != exact)) return 0.0;
    const uint32_t exponent = (bits_of(rounded) >> 23) & 0xff;
    if (exponent == 0xff || got != got || exact != exact) return INFINITY;
    const uint64_t spacing_bits = (uint64_t)((exponent ? exponent : 1) + 873) << 52;
    double spacing;
    memcpy(&spacing, &spacing_bits, sizeof spacing);
    const double error = (got > exact ? (double)got - exact : exact - (double)got) / spacing;
    return error == error ? error : INFINITY; /* inf - inf */
}

static int near_zero(double x, const double *zeros, int n_zeros) {
    for (int k = 0; k < n_zeros; k++) {
        const double d = x - zeros[k], half = 0.5 * (zeros[k] < 0 ? -zeros[k] : zeros[k]);
        if ((d < 0 ? -d : d) <= half) return 1;
    }
    return 0;
}

static void sweep_range(void *ctx, size_t range, size_t begin, size_t end) {
    const sweep_job *job = ctx;
    fa_sweep_worst *worst = job->per_range + range * FA_N_ISAS;
    float x[SWEEP_BLOCK], got[SWEEP_BLOCK];
    double wide[SWEEP_BLOCK], exact[SWEEP_BLOCK];
    unsigned char normal[SWEEP_BLOCK];
    const double tiny = 1.1754943508222875e-38; /* FLT_MIN */
    for (size_t start = begin; start < end; start += SWEEP_BLOCK) {
        const size_t count = end - start < SWEEP_BLOCK ? end - start : SWEEP_BLOCK;
        for (size_t i = 0; i < count; i++) {
            const uint32_t pattern = (uint32_t)(job->first + (start + i) * job->stride);
            memcpy(&x[i], &pattern, sizeof pattern);
            wide[i] = (double)x[i];
        }
        job->exact(wide, NULL, exact, count, job->params, 0);
        for (size_t i = 0; i < count; i++) {
            const double magnitude = exact[i] < 0 ? -exact[i] : exact[i];
            normal[i] = magnitude >= tiny && magnitude <= 3.4028234663852886e38 &&
                        !near_zero(wide[i], job->zeros, job->n_zeros);
        }
        for (int isa = 0; isa < FA_N_ISAS; isa++) {
            if (job->fast[isa] == NULL) continue;
            fa_sweep_worst *w = &worst[isa];
            job->fast[isa](x, NULL, got, count, job->params, 0);
            for (size_t i = 0; i < count; i++) {
                const double error = ulp_error(got[i], exact[i]);
                if (error > w->max_ulp) w->max_ulp = error, w->max_at = bits_of(x[i]);
                if (normal[i] && error > w->normal_max_ulp)
                    w->normal_max_ulp = error, w->normal_at = bits_of(x[i]);
            }
            w->count += count;
        }
    }
}

int fa_sweep_f32(int activation, int pass, const double *params, uint64_t first, uint64_t last,
                 uint64_t stride, const double *zeros, int n_zeros,
                 fa_sweep_worst worst[FA_N_ISAS]) {
    if (activation < 0 || activation >= FA_N_ACTIVATIONS ||
        (pass != FA_FORWARD && pass != FA_DERIVATIVE) || stride == 0 || last > (1ull << 32) ||
        first > last)
        return -1;
    sweep_job job;
    memset(&job, 0, sizeof job);
    memset(worst, 0, FA_N_ISAS * sizeof *worst);
    fa_kernel_table table;
    for (int isa = 0; isa < FA_N_ISAS; isa++) {
        if (fa_fill_table(isa, &table) != 0) continue;
        job.fast[isa] = table.f32[activation][pass];
        job.exact = table.f64[activation][pass]; /* the best ISA's, filled last */
    }
    if (job.exact == NULL) return -1;
    job.params = params;
    job.first = first;
    job.stride = stride;
    job.zeros = zeros;
    job.n_zeros = n_zeros;
    const uint64_t n = (last - first + stride - 1) / stride;
    const size_t ranges = fa_parallel_ranges((size_t)n, 1 << 16);
    job.per_range = calloc(ranges * FA_N_ISAS, sizeof *job.per_range);
    if (job.per_range == NULL) return -2;
    fa_parallel_for((size_t)n, ranges, SWEEP_BLOCK, sweep_range, &job);
    for (size_t r = 0; r < ranges; r++)
        for (int isa = 0; isa < FA_N_ISAS; isa++) {
            const fa_sweep_worst *p = &job.per_range[r * FA_N_ISAS + isa];
            fa_sweep_worst *w = &worst[isa];
            if (p->max_ulp > w->max_ulp) w->max_ulp = p->max_ulp, w->max_at = p->max_at;
            if (p->normal_max_ulp > w->normal_max_ulp)
                w->normal_max_ulp = p->normal_max_ulp, w->normal_at = p->normal_at;
            w->count += p->count;
        }
    free(job.per_range);
    return 0;
}
