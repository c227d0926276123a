/* The op conformance test (simd/op_selftest.h) over simd/sse2.h, compiled for
 * x86-64's baseline with the dispatch code: so that the SSE2 layer is checked
 * on every x86-64 build, whether or not the baseline variant runs the bodies
 * over it (tests/test_simd_ops.py); elsewhere it reports that it is absent. */
#include <math.h> /* NAN */

#include "fastact.h"

#if defined(__x86_64__) || ((defined(_M_X64) || defined(_M_AMD64)) && !defined(_M_ARM64EC))
#define FA_SIMD_HEADER "simd/sse2.h"
#include "simd/op_selftest.h"

#if !FA_SIMD
#error "simd/simd.h did not take FA_SIMD_HEADER"
#endif

int fa_simd_sse2_op_selftest(char *failed, size_t size) {
    return fa_simd_op_selftest_here(failed, size);
}

/* lane 0 of sse2.h's fused a b + c (float: through double; double: exact),
 * for the tests to hold it to exact arithmetic */
double fa_sse2_fma(double a, double b, double c) {
    return _mm_cvtsd_f64(fa_vf64_fma(_mm_set1_pd(a), _mm_set1_pd(b), _mm_set1_pd(c)));
}
float fa_sse2_fmaf(float a, float b, float c) {
    return _mm_cvtss_f32(fa_vf32_fma(_mm_set1_ps(a), _mm_set1_ps(b), _mm_set1_ps(c)));
}
#else
int fa_simd_sse2_op_selftest(char *failed, size_t size) {
    if (size > 0) failed[0] = '\0';
    return -1; /* not an x86-64 build */
}
double fa_sse2_fma(double a, double b, double c) {
    (void)a, (void)b, (void)c;
    return (double)NAN;
}
float fa_sse2_fmaf(float a, float b, float c) {
    (void)a, (void)b, (void)c;
    return NAN;
}
#endif
