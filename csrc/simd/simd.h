/* The vector op layer the hand-written kernels of csrc/simd/ are written over:
 * one header per target defines the same ops over its own registers, and the
 * bodies (*.inc, *_f32.h, *_f64.h) are written once over them. FA_SIMD is 1
 * where this translation unit has such a layer.
 *
 * Which header: FA_SIMD_HEADER where the build names one (CMake passes
 * "simd/<name>.h" to the variant <name> of csrc/isa_list.h whose header
 * exists: avx2.h, avx512.h; "simd/sse2.h" to x86-64's baseline unless
 * -DFASTACT_BASELINE_SSE2=OFF, which then runs the bodies only in the cells
 * _kernel_table.LAYER_CELLS gives it; "simd/scalar.h" to x86-64's baseline
 * only with -DFASTACT_BASELINE_BODIES=ON);
 * otherwise neon.h on AArch64, whose one variant ("baseline") has NEON and FMA
 * on every CPU. scalar.h, one lane in plain C, builds anywhere
 * (simd/scalar_selftest.c checks it on every build; simd/sse2_selftest.c
 * checks sse2.h on every x86-64 build). sse2.h's float fused ops round
 * through double (twice, on a midpoint: see there).
 *
 * The op list. S is f32 or f64, fa_vS a vector of FA_V_LANES_S lanes, fa_mS a
 * mask of as many; every op works lane by lane unless it says otherwise, and
 * simd/op_selftest.h checks each against this contract on every layer.
 *   fa_vS_set1(c), _load(p), _store(p, v)      unaligned, all lanes
 *   fa_vS_load_first(p, n), _store_first(p, v, n)
 *                                    the first n < W lanes; others read as 0,
 *                                    are not read and not written
 *   _add, _sub, _mul, _div           IEEE, rounded once
 *   _fma(a, b, c), _fnma, _fms       a b + c, c - a b, a b - c: fused, rounded once
 *   _prod_err(a, b, p)               a b - p exactly, for p = _mul(a, b): the
 *                                    error of a product (p + err = a b). The
 *                                    op for that step, whatever the layer:
 *                                    _fms where the target has FMA (avx2.h,
 *                                    avx512.h, neon.h), in float everywhere
 *                                    (sse2.h's through double is exact here)
 *                                    and on scalar.h; sse2.h's double is
 *                                    Dekker's product (16 instructions, not
 *                                    the emulated _fms), exact for |a|, |b| <
 *                                    2^996 and a b = 0 or 2^-968 <= |a b| <
 *                                    2^1023, NaN for a or b inf or NaN, not
 *                                    specified elsewhere (overflow, underflow)
 *   _mul_add(a, b, c), _nmul_add     a b + c, c - a b: fused where the target
 *                                    has FMA hardware (the bits of _fma /
 *                                    _fnma) or the layer sets
 *                                    FA_SIMD_MUL_ADD_FUSED (scalar.h by
 *                                    default: AVX2's bits), a multiply then
 *                                    an add elsewhere (rounded twice).
 *                                    Defined here, once for
 *                                    every layer: for the steps whose error
 *                                    analysis tolerates the second rounding
 *                                    (polynomial terms), so that an FMA-less
 *                                    layer (sse2.h, scalar.h at x86-64's
 *                                    baseline) pays its emulated _fma only in
 *                                    the error-free steps that need it
 *   _abs, _neg_abs, _copysign(m, s)  sign-bit operations (NaN stays NaN)
 *   _or_sign(m, s)                   m with s's sign bit or-ed in: copysign
 *                                    for m whose sign bit is clear, an
 *                                    operation fewer (tanh_f64.h)
 *   _max_keep_nan(c, x), _min_keep_nan(c, x)
 *                                    c never NaN; x where x is NaN; zeros of
 *                                    either sign may come out
 *   fa_vf32_abs_min(c, x)            min(c, |x|), c >= +0 never NaN; where x is
 *                                    NaN, NaN or c (the caller carries NaN
 *                                    another way). simd.h: min_keep_nan of
 *                                    abs (NaN) unless the layer sets
 *                                    FA_SIMD_HAS_ABS_MIN (avx512.h: one
 *                                    vrangeps, c)
 *   _round                           to nearest, ties to even
 *   _ge, _lt (ordered: false on NaN), _nan -> mask; _any(m) -> int
 *   _select(m, a, b)                 m ? a : b;  _zero_where(m, v): m ? +0 : v
 *   _select_sign(s, a, b)            s's sign bit set ? a : b
 *   _scale2(v, k)                    v 2^k, integral k, |k| <= 252 (f32) /
 *                                    2044 (f64), rounded once
 *   _recip_seed(d)                   |1 - d y| <= 2^-FA_RECIP_SEED_BITS_S, d in [1, 2]
 *   _inv(d)                          1/d within an ULP, 1 <= d <= 2^120 (f32) / 2^1000
 *   _pow2_biased(v)                  2^j for v = 0x1.8p23 + j + 127 (f64:
 *                                    0x1.8p52 + j + 1023)
 *   fa_vf32_widen_lo / _widen_hi(x) -> fa_vf64, fa_vf32_narrow(lo, hi)
 *                                    the low / high half of the float lanes,
 *                                    exactly; narrow rounds each lane once. A
 *                                    one-lane layer (scalar.h) has no high
 *                                    half: widen_hi gives +0, narrow reads lo
 *   fa_vf32_lookup16 / _lookup8(t, s) t[j], j the low 4 / 3 bits of s's bits
 *   fa_vf32_scale2_floor(v, k)       v 2^floor(k)
 *   fa_vf32_pow2_floor(k, s), _pow2_floor_plus32(k, s)
 *                                    2^floor(k) (+32) for k = s - 0x1.8p19
 *   fa_vf32_bits_shr / fa_vf64_bits_shr(v, n)
 *                                    the bits shifted right by a constant n
 *   fa_vf64_lookup16 / _lookup4(t, s) t[j], j the low 4 / 2 bits of s's bits
 *   fa_vf64_scale2_shifted(v, k)     v 2^n for k = n + 0x1.8p52
 *   fa_vf64_floor_for_scale2(x)      a k that scale2 reads as floor(x)
 *   fa_vf64_pow2_floor(k, t, b)      2^floor(k) for k = t - 0x1.8p(52 - b)
 *   fa_vf32_recip_approx(d)          |1 - d y| <= 2^-FA_RECIP_APPROX_BITS_f32 for
 *                                    1 <= d <= 0x1.8p125: the raw hardware
 *                                    approximation (vrcpps: no Newton step)
 *   fa_vf32_bits_add_shl(a, v, n)    the bits of a plus those of v shifted left
 *                                    by a constant n, as 32-bit integers that wrap
 *   fa_vf64_bits_add_shl(a, v, n)    the same as 64-bit integers (softmax_f64.h,
 *                                    silu_f64.inc: 2^k joins a value in two
 *                                    integer operations)
 * FA_SIMD_PERMUTE_CHEAP 1 (avx512.h) adds the aligned-source ops of loops.inc
 * (load_aligned, load_block_from, shift_index, shift_pair); 0 elsewhere. */
#ifndef FASTACT_SIMD_H
#define FASTACT_SIMD_H

#include "vecmath/common.h"

/* FA_TARGET_HAS_FMA, not __FMA__: MSVC's /arch:AVX2 and /arch:AVX512 never
 * define __FMA__; each op header checks its own target macros. */
#if defined(FA_SIMD_HEADER)
#include FA_SIMD_HEADER
#define FA_SIMD 1
#elif defined(__aarch64__) && defined(__ARM_NEON) && FA_TARGET_HAS_FMA
/* AArch64's one variant ("baseline"): every AArch64 CPU has NEON and FMA */
#include "simd/neon.h"
#define FA_SIMD 1
#else
#define FA_SIMD 0
#endif

#if FA_SIMD
/* _mul_add / _nmul_add (the op list above), for both dtypes */
#ifndef FA_SIMD_MUL_ADD_FUSED
#define FA_SIMD_MUL_ADD_FUSED 0
#endif
#if FA_TARGET_HAS_FMA || FA_SIMD_MUL_ADD_FUSED
#define FA_SIMD_DEFINE_MUL_ADD(S)                                                                  \
    FA_INLINE fa_v##S fa_v##S##_mul_add(fa_v##S a, fa_v##S b, fa_v##S c) {                         \
        return fa_v##S##_fma(a, b, c);                                                             \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_nmul_add(fa_v##S a, fa_v##S b, fa_v##S c) {                        \
        return fa_v##S##_fnma(a, b, c);                                                            \
    }
#else
#define FA_SIMD_DEFINE_MUL_ADD(S)                                                                  \
    FA_INLINE fa_v##S fa_v##S##_mul_add(fa_v##S a, fa_v##S b, fa_v##S c) {                         \
        return fa_v##S##_add(fa_v##S##_mul(a, b), c);                                              \
    }                                                                                              \
    FA_INLINE fa_v##S fa_v##S##_nmul_add(fa_v##S a, fa_v##S b, fa_v##S c) {                        \
        return fa_v##S##_sub(c, fa_v##S##_mul(a, b));                                              \
    }
#endif
FA_SIMD_DEFINE_MUL_ADD(f32)
FA_SIMD_DEFINE_MUL_ADD(f64)
#undef FA_SIMD_DEFINE_MUL_ADD
#ifndef FA_SIMD_HAS_ABS_MIN
/* abs_min (the op list above): two ops where the layer has no single one */
FA_INLINE fa_vf32 fa_vf32_abs_min(fa_vf32 c, fa_vf32 x) {
    return fa_vf32_min_keep_nan(c, fa_vf32_abs(x));
}
#endif
/* FA_EACH(k, m) statement: the statement for vectors k = 0 .. m - 1, in a body
 * written over m = 1 or 2 vectors at once (lut8_f32.h's sigmoid, tanh_f32.h's
 * 8-cell tanh: loops.inc's FA_SIMD_UNARY_KERNEL_X2N); m is a constant where
 * the body is inlined, so the loops unroll and the arrays stay in registers */
#define FA_EACH(k, m) for (int k = 0; k < (m); k++)
#endif

#endif
