"""Fit the polynomial of csrc/vecmath/exp.h: e^r ~= 1 + r + sum_{k>=2} c_k r^k on
|r| <= ln2/2, minimising the maximum relative error (Lawson-reweighted least
squares in 40-digit arithmetic). Prints the coefficients as C hex literals,
rounded to the target type, and the error of the rounded polynomial.

usage: python tools/fit_exp.py
"""

from __future__ import annotations

import mpmath as mp
import numpy as np

mp.mp.dps = 40


def fit(degree: int, nodes: int = 400, rounds: int = 30, half=None) -> list:
    """c_2..c_degree on |r| <= half (default ln2/2)"""
    half = mp.log(2) / 2 if half is None else half
    xs = [half * mp.cos(mp.pi * (i + 0.5) / nodes) for i in range(nodes)]
    weights = [mp.mpf(1)] * nodes
    for _ in range(rounds):
        a = mp.matrix(nodes, degree - 1)
        b = mp.matrix(nodes, 1)
        for i, r in enumerate(xs):
            e = mp.exp(r)
            for k in range(2, degree + 1):
                a[i, k - 2] = weights[i] * r**k / e
            b[i] = weights[i] * (e - 1 - r) / e
        coef, _ = mp.qr_solve(a, b)
        errors = [abs(_poly(coef, r) / mp.exp(r) - 1) for r in xs]
        worst = max(errors)
        weights = [w * (1 + 3 * e / worst) for w, e in zip(weights, errors)]
    return [coef[k] for k in range(degree - 1)]


def _poly(coef, r):
    return 1 + r + sum(c * r ** (k + 2) for k, c in enumerate(coef))


def report(name: str, degree: int, ctype) -> None:
    coef = [ctype(float(c)) for c in fit(degree)]
    half = float(mp.log(2) / 2)
    worst = max(
        abs(_poly([mp.mpf(float(c)) for c in coef], mp.mpf(r)) / mp.exp(r) - 1)
        for r in np.linspace(-half, half, 2001)
    )
    print(f"{name}: degree {degree}, max relative error {mp.nstr(worst, 4)}")
    for k, c in reversed(list(enumerate(coef, start=2))):
        print(f"  c{k} = {float(c).hex()}")


if __name__ == "__main__":
    report("float", 6, np.float32)
    report("double", 11, np.float64)
