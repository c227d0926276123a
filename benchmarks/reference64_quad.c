/* Quad-precision (__float128, 113-bit mantissa) reference for gelu, gelu_tanh,
 * swish and mish, the float64 accuracy sweep's oracle where long double is not
 * enough. gelu and gelu_tanh take e^t of arguments (x^2 / 2, z = K x (1 + C x^2))
 * that are not exact in long double, and e^t multiplies the argument's rounding
 * by |t|, up to ~745. All four have a zero of f', next to which f' = a - b cancels
 * and long double's 11 extra bits are used up. Compiled and loaded through
 * ctypes by benchmarks/reference64.py; not part of the library. Results are rounded to long double (2^-64 relative, about 1/2048
 * of a float64 ULP).
 *
 * gelu(x)       = x Phi(x),  Phi(x) = erfc(-x / sqrt 2) / 2
 * gelu'(x)      = Phi(x) + x phi(x),  phi(x) = e^(-x^2 / 2) / sqrt(2 pi)
 * gelu_tanh(x)  = x sigmoid(z),  z = K x (1 + C x^2)
 * gelu_tanh'(x) = s + x z' s (1 - s),  z' = K (1 + 3 C x^2),  s = sigmoid(z)
 * swish(x)      = x sigmoid(beta x), swish'(x) = s + beta x s (1 - s)
 * mish(x)       = x t,  t = tanh(softplus(x)),  mish'(x) = t + x (1 - t^2) sigmoid(x)
 * K = 2 sqrt(2/pi) and C = 0.044715 are taken as the float64 numbers that
 * fastact.reference and csrc/act/gelu_tanh.h use, exactly. */
#include <quadmath.h>
#include <stddef.h>

#define Q_INV_SQRT2 0.707106781186547524400844362104849039Q
#define Q_INV_SQRT_2PI 0.398942280401432677939946059934381868Q

/* sigmoid(z) and sigmoid(z) sigmoid(-z) from e = e^-|z|, no overflow. */
static void sigmoid_parts(__float128 z, __float128 *s, __float128 *slope) {
    const __float128 e = expq(-fabsq(z));
    *s = (z >= 0 ? 1 : e) / (1 + e);
    *slope = e / ((1 + e) * (1 + e));
}

/* Each row writes f(x) to *f and f'(x) to *d, for finite x. */
static void gelu(__float128 x, __float128 *f, __float128 *d) {
    const __float128 cdf = erfcq(-x * Q_INV_SQRT2) / 2;
    *f = x * cdf;
    *d = cdf + x * Q_INV_SQRT_2PI * expq(-x * x / 2);
}

static void gelu_tanh(__float128 x, const double *params, __float128 *f, __float128 *d) {
    const __float128 k = params[0], c = params[1];
    __float128 s, slope;
    sigmoid_parts(k * x * (1 + c * x * x), &s, &slope);
    *f = x * s;
    *d = s + x * k * (1 + 3 * c * x * x) * slope;
}

static void swish(__float128 x, const double *params, __float128 *f, __float128 *d) {
    const __float128 z = (__float128)params[0] * x;
    __float128 s, slope;
    sigmoid_parts(z, &s, &slope);
    *f = x * s;
    *d = s + z * slope;
}

/* t = tanh(softplus(x)) and 1 - t from e = e^-|x| without cancellation (with
 * w = 1 + e^x, t = (w^2 - 1) / (w^2 + 1)); sigmoid(x) from the same e. */
static void mish(__float128 x, __float128 *f, __float128 *d) {
    const __float128 e = expq(-fabsq(x));
    __float128 t, one_minus_t;
    if (x > 0) {
        const __float128 den = 1 + 2 * e + 2 * e * e;
        t = (1 + 2 * e) / den;
        one_minus_t = 2 * e * e / den;
    } else {
        const __float128 n = e * (e + 2);
        t = n / (n + 2);
        one_minus_t = 2 / (n + 2);
    }
    const __float128 s = (x >= 0 ? 1 : e) / (1 + e);
    *f = x * t;
    *d = t + x * one_minus_t * (1 + t) * s;
}

/* which: 0 gelu, 1 gelu_tanh (params k, c), 2 swish (params beta), 3 mish.
 * Writes f(x[i]) to forward[i] and f'(x[i]) to derivative[i]: NaN stays NaN,
 * +-inf give the limits (f(inf) = inf, f(-inf) = 0, f'(inf) = 1, f'(-inf) = 0;
 * swish with beta > 0). */
void fa_ref_quad(int which, const double *x, size_t n, const double *params,
                 long double *forward, long double *derivative) {
    for (size_t i = 0; i < n; i++) {
        const __float128 v = x[i];
        __float128 f, d;
        if (isnanq(v)) {
            f = d = v;
        } else if (isinfq(v)) {
            f = v > 0 ? v : 0;
            d = v > 0 ? 1 : 0;
        } else if (which == 0) {
            gelu(v, &f, &d);
        } else if (which == 1) {
            gelu_tanh(v, params, &f, &d);
        } else if (which == 2) {
            swish(v, params, &f, &d);
        } else {
            mish(v, &f, &d);
        }
        forward[i] = (long double)f;
        derivative[i] = (long double)d;
    }
}
