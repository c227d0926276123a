/* The op conformance test (simd/op_selftest.h) over the one-lane layer
 * simd/scalar.h, compiled for the baseline target with the dispatch code: so
 * that the layer that builds anywhere is checked on every build, whatever
 * variant uses it (tests/test_simd_ops.py). */
#define FA_SIMD_HEADER "simd/scalar.h"
#include "simd/op_selftest.h"

#include "fastact.h"

#if !FA_SIMD
#error "simd/simd.h did not take FA_SIMD_HEADER"
#endif

int fa_simd_scalar_op_selftest(char *failed, size_t size) {
    return fa_simd_op_selftest_here(failed, size);
}

/* a b + c rounded once by scalar.h's integer emulation (the fused ops where the
 * target has no FMA), for the tests to hold it to exact arithmetic */
double fa_scalar_soft_fma(double a, double b, double c) { return fa_scalar_soft_fma_f64(a, b, c); }
float fa_scalar_soft_fmaf(float a, float b, float c) { return fa_scalar_soft_fma_f32(a, b, c); }
