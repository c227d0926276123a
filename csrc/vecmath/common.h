/* Helpers shared by the vector math and the activation math. Everything is
 * inline and branch-free so that loops calling it vectorise. */
#ifndef FASTACT_VECMATH_COMMON_H
#define FASTACT_VECMATH_COMMON_H

#include <stdint.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define FA_INLINE static inline __attribute__((always_inline))
#else
#define FA_INLINE static inline
#endif

#define FA_CAT(a, b) a##b
#define FA_XCAT(a, b) FA_CAT(a, b)

/* Bit casts through memcpy: defined behaviour, and compilers turn them into
 * plain register moves (or nothing) inside vector loops. */
FA_INLINE uint32_t fa_bits_f32(float x) { uint32_t u; memcpy(&u, &x, sizeof u); return u; }
FA_INLINE float fa_from_bits_f32(uint32_t u) { float x; memcpy(&x, &u, sizeof x); return x; }
FA_INLINE uint64_t fa_bits_f64(double x) { uint64_t u; memcpy(&u, &x, sizeof u); return u; }
FA_INLINE double fa_from_bits_f64(uint64_t u) { double x; memcpy(&x, &u, sizeof x); return x; }

/* |x| by clearing the sign bit (no libm call, exact for NaN and -0). */
FA_INLINE float fa_abs_f32(float x) { return fa_from_bits_f32(fa_bits_f32(x) & 0x7fffffffu); }
FA_INLINE double fa_abs_f64(double x) { return fa_from_bits_f64(fa_bits_f64(x) & 0x7fffffffffffffffull); }

#endif
