/* a b + c rounded once, for any floats, without FMA hardware: exact integer
 * arithmetic (fa_scalar_soft_fma_f64; float through double with rounding to
 * odd). The fused ops of simd/scalar.h where the target has no FMA, and the
 * rare lanes simd/sse2.h's float64 fused ops cannot do exactly in vector
 * registers (huge, tiny or non-finite operands). Plain C99, no libm. */
#ifndef FASTACT_SIMD_SOFT_FMA_H
#define FASTACT_SIMD_SOFT_FMA_H

#include <stdint.h>

#include "vecmath/common.h" /* fa_bits_*, fa_from_bits_*, fa_two_sum_f64 */

/* 128-bit unsigned arithmetic on (hi, lo) pairs, for the exact product */
typedef struct {
    uint64_t hi, lo;
} fa_scalar_u128;

FA_INLINE fa_scalar_u128 fa_scalar_mul_64x64(uint64_t a, uint64_t b) {
    const uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    const uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    const uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    fa_scalar_u128 r;
    r.lo = (mid << 32) | (p00 & 0xffffffffu);
    r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    return r;
}
/* the index of the highest set bit (x != 0) */
FA_INLINE int fa_scalar_msb_128(fa_scalar_u128 x) {
    uint64_t w = x.hi ? x.hi : x.lo;
    int n = x.hi ? 64 : 0;
    for (int step = 32; step > 0; step >>= 1)
        if (w >> step) w >>= step, n += step;
    return n;
}
FA_INLINE fa_scalar_u128 fa_scalar_shl_128(fa_scalar_u128 x, int s) { /* 0 <= s < 128 */
    fa_scalar_u128 r;
    if (s == 0) return x;
    if (s >= 64) {
        r.hi = x.lo << (s - 64), r.lo = 0;
    } else {
        r.hi = (x.hi << s) | (x.lo >> (64 - s)), r.lo = x.lo << s;
    }
    return r;
}
/* x >> s, with the bits shifted out ORed into bit 0 (sticky), s >= 0 */
FA_INLINE fa_scalar_u128 fa_scalar_shr_sticky_128(fa_scalar_u128 x, int s) {
    fa_scalar_u128 r;
    uint64_t lost;
    if (s == 0) return x;
    if (s >= 128) {
        r.hi = 0, r.lo = (x.hi | x.lo) != 0;
        return r;
    }
    if (s >= 64) {
        lost = x.lo | (s > 64 ? x.hi << (128 - s) : 0);
        r.lo = s > 64 ? x.hi >> (s - 64) : x.hi, r.hi = 0;
    } else {
        lost = x.lo << (64 - s);
        r.lo = (x.lo >> s) | (x.hi << (64 - s)), r.hi = x.hi >> s;
    }
    r.lo |= lost != 0;
    return r;
}
FA_INLINE int fa_scalar_less_128(fa_scalar_u128 a, fa_scalar_u128 b) {
    return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
}

/* a b + c rounded once (to nearest, ties to even), for any doubles: the
 * product exact in 128 bits, c aligned to it with a sticky bit, the sum
 * rounded once to the double (or subnormal) grid. */
FA_INLINE double fa_scalar_soft_fma_f64(double a, double b, double c) {
    const uint64_t ua = fa_bits_f64(a), ub = fa_bits_f64(b), uc = fa_bits_f64(c);
    const int ea = (int)(ua >> 52 & 0x7ff), eb = (int)(ub >> 52 & 0x7ff),
              ec = (int)(uc >> 52 & 0x7ff);
    const uint64_t frac = ((uint64_t)1 << 52) - 1;
    if (ea == 0x7ff || eb == 0x7ff || a == 0 || b == 0) return a * b + c; /* exact product */
    if (ec == 0x7ff) return c;                                         /* a b finite */
    if (c == 0) return a * b; /* one rounding; a b + 0 keeps a b's sign */
    /* |a| = ma 2^(ea - 1075) (subnormals: exponent field 1, no implicit bit) */
    const uint64_t ma = (ua & frac) | (ea ? (uint64_t)1 << 52 : 0);
    const uint64_t mb = (ub & frac) | (eb ? (uint64_t)1 << 52 : 0);
    fa_scalar_u128 p = fa_scalar_mul_64x64(ma, mb), q;
    int ep = (ea ? ea : 1) + (eb ? eb : 1) - 2150;
    q.hi = 0, q.lo = (uc & frac) | (ec ? (uint64_t)1 << 52 : 0);
    int eq = (ec ? ec : 1) - 1075;
    /* both with their top bit at 125: two bits of room for the carry */
    int shift = 125 - fa_scalar_msb_128(p);
    p = fa_scalar_shl_128(p, shift), ep -= shift;
    shift = 125 - fa_scalar_msb_128(q);
    q = fa_scalar_shl_128(q, shift), eq -= shift;
    const int sp = (int)((ua ^ ub) >> 63), sq = (int)(uc >> 63);
    int e;
    if (ep >= eq) {
        q = fa_scalar_shr_sticky_128(q, ep - eq), e = ep;
    } else {
        p = fa_scalar_shr_sticky_128(p, eq - ep), e = eq;
    }
    fa_scalar_u128 m;
    int sign;
    if (sp == sq) {
        m.lo = p.lo + q.lo;
        m.hi = p.hi + q.hi + (m.lo < p.lo);
        sign = sp;
    } else {
        const int p_smaller = fa_scalar_less_128(p, q);
        const fa_scalar_u128 big = p_smaller ? q : p, small = p_smaller ? p : q;
        m.lo = big.lo - small.lo;
        m.hi = big.hi - small.hi - (big.lo < small.lo);
        sign = p_smaller ? sq : sp;
        if ((m.hi | m.lo) == 0) return 0.0; /* exact cancellation: +0 */
    }
    /* m 2^e: keep the bits from 2^max(msb + e - 52, -1074) up, round the rest */
    const int msb = fa_scalar_msb_128(m);
    int biased = msb + e + 1023, drop = msb - 52;
    if (biased < 1) drop = -1074 - e, biased = 0; /* subnormal: the 2^-1074 grid */
    uint64_t kept;
    if (drop <= 0) {
        kept = fa_scalar_shl_128(m, -drop).lo; /* exact */
    } else {
        /* m >> (drop - 2): bit 1 the round bit, bit 0 the sticky bit */
        const fa_scalar_u128 t =
            drop >= 2 ? fa_scalar_shr_sticky_128(m, drop - 2) : fa_scalar_shl_128(m, 1);
        kept = t.hi << 62 | t.lo >> 2;
        kept += (t.lo >> 1) & ((t.lo | kept) & 1); /* to nearest, ties to even */
    }
    if (biased > 2046) return sign ? -(double)INFINITY : (double)INFINITY;
    /* normal: (biased - 1) << 52 plus kept (its implicit bit carries into the
     * exponent, and so does a rounding up to 2^53); subnormal: kept itself */
    const uint64_t bits = (biased ? (uint64_t)(biased - 1) << 52 : 0) + kept;
    return fa_from_bits_f64(bits | (uint64_t)sign << 63);
}

/* float: the product is exact in double; the sum is rounded to odd there (the
 * last bit set where inexact), so that the rounding to float is the only one
 * that counts (53 >= 24 + 2 bits) */
FA_INLINE float fa_scalar_soft_fma_f32(float a, float b, float c) {
    const double p = (double)a * (double)b;
    double lo;
    const double s = fa_two_sum_f64(p, (double)c, &lo);
    uint64_t bits = fa_bits_f64(s);
    if (lo == lo && lo != 0 && (bits & 1) == 0) bits += ((lo > 0) == (s > 0)) ? 1 : (uint64_t)-1;
    return (float)fa_from_bits_f64(bits);
}

#endif
