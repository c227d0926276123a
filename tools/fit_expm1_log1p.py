"""Fit the polynomials of csrc/vecmath/expm1.h and csrc/vecmath/log1p.h,
minimising the maximum relative error (Lawson-reweighted least squares in
50-digit arithmetic, as tools/fit_exp.py). Coefficients are rounded to the
target type one at a time, lowest degree first, refitting the rest after each
(all of them for float, the first three for double). Prints C hex literals and
the relative error of the rounded polynomial.

  expm1: expm1(r) ~= r + r^2/2 + sum_{k>=3} c_k r^k,   |r| <= ln2/2
  log1p float: log(1+f) ~= f - f^2/2 + sum_{k>=3} c_k f^k,  f in [sqrt(1/2)-1, sqrt(2)-1]
  log1p double: log(1+f) = 2 atanh(s), s = f/(2+f), |s| <= (sqrt2-1)/(sqrt2+1);
                2 atanh(s) ~= 2s + sum_{j>=1} L_j s^(2j+1)  (R(z) = sum L_j z^(j-1))
  log1p on [0, 1] (csrc/simd/log1p_unit.h, no reduction): e - e^2/2 + sum_{k>=3} c_k e^k

usage: python tools/fit_expm1_log1p.py   (a few minutes)
"""

from __future__ import annotations

import mpmath as mp
import numpy as np

mp.mp.dps = 50


def lawson(f, fixed, powers, a, b, nodes, rounds):
    xs = [(a + b) / 2 + (b - a) / 2 * mp.cos(mp.pi * (i + 0.5) / nodes) for i in range(nodes)]
    fs = [f(x) for x in xs]
    fx = [fixed(x) for x in xs]
    w = [mp.mpf(1)] * nodes
    for _ in range(rounds):
        a_m = mp.matrix(nodes, len(powers))
        b_m = mp.matrix(nodes, 1)
        for i, x in enumerate(xs):
            for j, p in enumerate(powers):
                a_m[i, j] = w[i] * x**p / fs[i]
            b_m[i] = w[i] * (fs[i] - fx[i]) / fs[i]
        c, _ = mp.qr_solve(a_m, b_m)
        err = [abs((fx[i] + sum(c[j] * xs[i] ** p for j, p in enumerate(powers)) - fs[i]) / fs[i])
               for i in range(nodes)]
        worst = max(err)
        w = [wi * (1 + 3 * e / worst) for wi, e in zip(w, err)]
    return [c[j] for j in range(len(powers))]


def fit(name, f, fixed, powers, a, b, ctype, nseq, nodes, rounds):
    done = []
    while True:
        fx = lambda t, d=tuple(done): fixed(t) + sum(mp.mpf(c) * t**p for p, c in d)
        rest = powers[len(done):]
        c = lawson(f, fx, rest, a, b, nodes, rounds)
        if len(done) < nseq and len(rest) > 1:
            done.append((rest[0], float(ctype(float(c[0])))))
        else:
            done += [(p, float(ctype(float(x)))) for p, x in zip(rest, c)]
            break
    worst = max(abs((fixed(t) + sum(mp.mpf(c) * t**p for p, c in done) - f(t)) / f(t))
                for t in (mp.mpf(float(v)) for v in np.linspace(float(a), float(b), 3001)) if t != 0)
    print(f"{name}: max relative error {mp.nstr(worst, 4)} (2^{float(mp.log(worst, 2)):.1f})")
    for p, c in reversed(done):
        print(f"  x^{p}: {c.hex()}")


if __name__ == "__main__":
    ln2 = mp.log(2)
    r_max = ln2 / 2 * mp.mpf("1.0005")
    expm1_fixed = lambda t: t + t * t / 2
    fit("expm1 float", mp.expm1, expm1_fixed, list(range(3, 8)), -r_max, r_max, np.float32, 99, 200, 40)
    fit("expm1 double", mp.expm1, expm1_fixed, list(range(3, 13)), -r_max, r_max, np.float64, 3, 160, 25)
    fit("log1p float", mp.log1p, lambda t: t - t * t / 2, list(range(3, 11)),
        mp.sqrt(0.5) - 1, mp.sqrt(2) - 1, np.float32, 99, 200, 40)
    s_max = (mp.sqrt(2) - 1) / (mp.sqrt(2) + 1) * mp.mpf("1.0002")
    fit("log1p double (2 atanh s)", lambda t: 2 * mp.atanh(t), lambda t: 2 * t, [3, 5, 7, 9, 11, 13, 15],
        mp.mpf(10) ** -6, s_max, np.float64, 3, 150, 40)
    fit("log1p [0, 1] float", mp.log1p, lambda t: t - t * t / 2, list(range(3, 12)),
        mp.mpf(10) ** -8, mp.mpf(1), np.float32, 99, 120, 30)
    fit("log1p [0, 1] double", mp.log1p, lambda t: t - t * t / 2, list(range(3, 22)),
        mp.mpf(10) ** -12, mp.mpf(1), np.float64, 3, 160, 30)
