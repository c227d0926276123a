"""Fit the polynomials of csrc/vecmath/tanh.h and csrc/vecmath/erf.h.

Each approximation is  f(x) ~ sum_k c_k v(x)^k  on an interval, with the maximum
of |weight(x) * (approximation - f(x))| minimised by Lawson-reweighted least
squares in 50-digit arithmetic (weight 1/f: relative error). Coefficients are
rounded to the target type from the lowest order up (all of them for float,
the first three for double), refitting the rest after each rounding. Prints the
coefficients as C hex literals, lowest order first, and the weighted error of
the rounded polynomial on a dense grid.

usage: python tools/fit_tanh_erf.py [name ...]   (no name: all; the double erfc
       fit takes several minutes)
"""

from __future__ import annotations

import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 50
F32, F64 = np.float32, np.float64


def _lawson(fv, wv, basis, rounds):
    nodes, m = len(fv), len(basis[0])
    lw = [mp.mpf(1) / nodes] * nodes
    coef = None
    for _ in range(rounds):
        a = mp.matrix(nodes, m)
        b = mp.matrix(nodes, 1)
        for i in range(nodes):
            s = mp.sqrt(lw[i]) * wv[i]
            for k in range(m):
                a[i, k] = s * basis[i][k]
            b[i] = s * fv[i]
        coef, _ = mp.qr_solve(a, b)
        err = [abs(wv[i] * (sum(coef[k] * basis[i][k] for k in range(m)) - fv[i])) for i in range(nodes)]
        worst = max(err)
        lw = [lw[i] * (err[i] / worst) + mp.mpf(10) ** -40 for i in range(nodes)]
        total = sum(lw)
        lw = [v / total for v in lw]
    return [coef[k] for k in range(m)]


def fit(f, var, lo, hi, deg, dtype, weight=None, fixed=None, greedy=99, nodes=250, rounds=30):
    lo, hi = mp.mpf(lo), mp.mpf(hi)
    xs = [(lo + hi) / 2 + (hi - lo) / 2 * mp.cos(mp.pi * (i + 0.5) / nodes) for i in range(nodes)]
    fx = [f(x) for x in xs]
    wv = [weight(x) if weight else 1 / abs(v) for x, v in zip(xs, fx)]
    vs = [var(x) for x in xs]
    coef = dict(fixed or {})
    rnd = lambda c: mp.mpf(float(dtype(float(c))))
    for k in range(deg + 1):
        if k in coef:
            continue
        free = [j for j in range(deg + 1) if j not in coef]
        res = [fx[i] - sum(coef[j] * vs[i] ** j for j in coef) for i in range(nodes)]
        c = _lawson(res, wv, [[vs[i] ** j for j in free] for i in range(nodes)], rounds)
        if k >= greedy:
            coef.update({j: rnd(cj) for j, cj in zip(free, c)})
            break
        coef[k] = rnd(c[0])
    cs = [coef[k] for k in range(deg + 1)]
    grid = [lo + (hi - lo) * i / 4000 for i in range(4001)]
    worst = max(
        abs((weight(x) if weight else 1 / f(x)) * (sum(c * var(x) ** k for k, c in enumerate(cs)) - f(x))) for x in grid
    )
    return cs, worst


def hexs(v, dtype):
    m, e = float(v).hex().split("p")
    m = m.rstrip("0").rstrip(".") if "." in m else m
    return f"{m}p{e}" + ("f" if dtype is F32 else "")


def show(name, cs, worst, dtype, extra=""):
    print(f"{name}: max weighted error {mp.nstr(worst, 3)} (2^{mp.nstr(mp.log(worst, 2), 4)}) {extra}")
    for k, c in enumerate(cs):
        print(f"  c{k} = {hexs(c, dtype)}")


erfcx = lambda x: mp.exp(x * x) * mp.erfc(x)


def tanh_small(t, deg, dtype):
    """tanh(a) = a + a^3 P(a^2) on a < t: P in y = a^2, relative error of tanh."""
    def f(y):
        if y == 0:
            return mp.mpf(-1) / 3
        x = mp.sqrt(y)
        return (mp.tanh(x) - x) / x**3

    def w(y):
        if y == 0:
            return mp.mpf(0)
        x = mp.sqrt(y)
        return x**3 / mp.tanh(x)

    return fit(f, lambda y: y, 0, t * t, deg, dtype, weight=w)


def erf_small(t, deg, dtype):
    """erf(a) = a + a P(a^2) on a < t: P ~ erf(a)/a - 1, relative error of erf."""
    f = lambda y: (mp.erf(mp.sqrt(y)) / mp.sqrt(y) if y > 0 else 2 / mp.sqrt(mp.pi)) - 1
    return fit(f, lambda y: y, 0, t * t, deg, dtype, weight=lambda y: 1 / (f(y) + 1), greedy=99 if dtype is F32 else 3)


def erfc_small(t, deg, dtype):
    """erfc(a) = 1 - a Q(a^2) on a < t: Q ~ erf(a)/a, relative error of erfc
    (erf.h evaluates Q - 1, whose constant c0 - 1 is exact)."""
    f = lambda y: mp.erf(mp.sqrt(y)) / mp.sqrt(y) if y > 0 else 2 / mp.sqrt(mp.pi)
    return fit(f, lambda y: y, 0, t * t, deg, dtype, weight=lambda y: mp.sqrt(y) / mp.erfc(mp.sqrt(y)), greedy=3)


def erf32_large():
    """float erf on [1, 4]: erf = 1 - e^(-a^2) Q(a - 2.5), absolute error."""
    return fit(erfcx, lambda x: x - 2.5, 1, 4, 7, F32, weight=lambda x: mp.exp(-x * x))


def erf64_large():
    """double erf on [1, 5.95]: erf = 1 - e^(-a^2) Q(s), s = K/(1 + a/2) - C, absolute error."""
    p, lo, hi = 0.5, 1.0, 5.95
    ua, ub = 1 / (1 + p * hi), 1 / (1 + p * lo)
    k, c = float(F64(2 / (ub - ua))), float(F64((ub + ua) / (ub - ua)))
    cs, w = fit(erfcx, lambda x: k / (1 + p * x) - c, lo, hi, 11, F64, weight=lambda x: mp.exp(-x * x), greedy=3)
    return cs, w, f"K={hexs(k, F64)} C={hexs(c, F64)}"


def erfc32():
    """float erfc, evaluated in double on [0, 10.5]: e^(a^2) erfc(a) = u G(s),
    u = 1/(1 + 0.4a), s = K u - C; relative error of G."""
    p, lo, hi = 0.4, 0.0, 10.5
    ua, ub = 1 / (1 + p * hi), 1 / (1 + p * lo)
    k, c = float(F64(2 / (ub - ua))), float(F64((ub + ua) / (ub - ua)))
    cs, w = fit(lambda x: erfcx(x) * (1 + p * x), lambda x: k / (1 + p * x) - c, lo, hi, 10, F64, greedy=3, nodes=300)
    return cs, w, f"K={hexs(k, F64)} C={hexs(c, F64)}"


def exp6():
    """e^r = 1 + r + r^2 q(r) on |r| <= ln2/2, degree 6 (the exponential of float
    erfc); prints c0 = c1 = 1, which are fixed."""
    h = mp.log(2) / 2
    return fit(mp.exp, lambda r: r, -h, h, 6, F64, fixed={0: mp.mpf(1), 1: mp.mpf(1)})


def erfc64(deg=28):
    """double erfc on [0.5, 27.3]: e^(b^2) erfc(b) = u e^tau(s), u = c0/(1 + b),
    s = K u - C in [-1, 1]; tau fitted to absolute error (it is added to the
    argument of the exponential); c0 centres tau around 0."""
    lo, hi = 0.5, 27.3
    ua, ub = 1 / (1 + hi), 1 / (1 + lo)
    gs = [erfcx(mp.mpf(x)) * (1 + x) for x in np.linspace(lo, hi, 401)]
    c0 = float(F64(float(mp.sqrt(max(gs) * min(gs)))))
    k, c = float(F64(2 / (ub - ua) / c0)), float(F64((ub + ua) / (ub - ua)))
    f = lambda x: mp.log(erfcx(x) * (1 + x) / c0)
    cs, w = fit(f, lambda x: k * c0 / (1 + x) - c, lo, hi, deg, F64, weight=lambda x: mp.mpf(1), greedy=3, nodes=300)
    return cs, w, f"c0={hexs(c0, F64)} K={hexs(k, F64)} C={hexs(c, F64)}"


JOBS = {
    "tanh_f32": lambda: show("tanh_f32 small, a < 0.75", *tanh_small(0.75, 5, F32), F32),
    "tanh_f64": lambda: show("tanh_f64 small, a < 0.625", *tanh_small(0.625, 10, F64), F64),
    "erf_f32_small": lambda: show("erf_f32 small, a < 1", *erf_small(1.0, 6, F32), F32),
    "erf_f32_large": lambda: show("erf_f32 large, 1 <= a <= 4", *erf32_large(), F32),
    "erf_f64_small": lambda: show("erf_f64 small, a < 1", *erf_small(1.0, 11, F64), F64),
    "erf_f64_large": lambda: (lambda r: show("erf_f64 large, 1 <= a <= 5.95", r[0], r[1], F64, r[2]))(erf64_large()),
    "erfc_f32": lambda: (lambda r: show("erfc_f32 (in double), 0 <= a <= 10.5", r[0], r[1], F64, r[2]))(erfc32()),
    "erfc_f32_exp": lambda: show("erfc_f32 exponential", *exp6(), F64),
    "erfc_f64_small": lambda: show("erfc_f64 small, a < 0.5", *erfc_small(0.5, 8, F64), F64),
    "erfc_f64": lambda: (lambda r: show("erfc_f64 tau, 0.5 <= b <= 27.3", r[0], r[1], F64, r[2]))(erfc64()),
}

if __name__ == "__main__":
    for name in sys.argv[1:] or list(JOBS):
        JOBS[name]()
