"""Constants of csrc/simd/tanh_f32.h (issue 13, session 7): per cell j the centre
A_j, a float near j h whose tanh lies nearest a float (so that t0 = tanh(A_j)
needs no low part), t0 and s0 = 1 - t0^2 rounded to float; and the odd
polynomial tanh(d) = d + d^3 P(d^2) on |d| <= half, fitted to the relative
error by Lawson's iteration (weighted least squares), each coefficient rounded
to float high order first and the rest refitted. Prints float hex literals.

usage: python tools/fit_tanh_cells.py 16   # the 16-cell body (h = 159/256)
       python tools/fit_tanh_cells.py 8    # the 8-cell body (h = 1.21)
       python tools/fit_tanh_cells.py 8 coth   # its AVX2 form: d coth(d) = 1 + y R(y)
       python tools/fit_tanh_cells.py 16 coth  # the 16-cell body's AVX-512 form (R of 3 terms)
"""

from __future__ import annotations

import sys

import mpmath as mp
import numpy as np

mp.mp.prec = 120
#: cells: (h, the search window around j h: narrow cells, wider ones, from j, half of |d|, terms of P)
CELLS = {16: (159 / 256, 2.0**-10, 2.0**-10, 16, 0.3116, 3), 8: (1.21, 2.0**-10, 2.0**-5, 5, 0.606, 5)}


def ulp_below(v: float) -> float:
    """The ULP of float32 at v in [0, 1] (2^-24 at 1, the spacing below it)."""
    return 2.0**-24 if v >= 1.0 else float(np.spacing(np.float32(v)))


def centre(c: float, window: float) -> tuple[float, float, float]:
    """The float a0 within window of c whose tanh is nearest a float: (a0, that float, distance in ULPs)."""
    lo, hi = np.float32(c - window), np.float32(c + window)
    a = np.arange(lo.view(np.int32), hi.view(np.int32) + 1, dtype=np.int32).view(np.float32)
    t = np.tanh(a.astype(np.float64))
    tf = t.astype(np.float32).astype(np.float64)
    best = (np.inf, 0.0, 0.0)
    for i in np.argsort(np.abs(t - tf) / np.array([ulp_below(v) for v in tf]))[:50]:
        exact = mp.tanh(mp.mpf(float(a[i])))
        near = float(np.float32(float(exact)))
        dist = abs(float(exact - near)) / ulp_below(near)
        best = min(best, (dist, float(a[i]), near))
    return best[1], best[2], best[0]


def fit_odd(half: float, terms: int) -> list[float]:
    """P's coefficients (float32, low order first) for tanh(d) = d + d^3 P(d^2) on |d| <= half."""
    d = np.cos(np.linspace(0, np.pi / 2, 4000)) * half
    d = d[d > 1e-4]
    exact = np.array([float(mp.tanh(mp.mpf(v))) for v in d])
    basis = np.stack([d**3 * (d * d) ** i for i in range(terms)], 1) / exact[:, None]
    target = (exact - d) / exact
    fixed: list[float] = []
    for k in range(terms):
        rest, goal = basis[:, k:], target - basis[:, :k] @ np.array(fixed, dtype=np.float64)
        weight = np.ones_like(d)
        for _ in range(60):
            coef, *_ = np.linalg.lstsq(rest * weight[:, None], goal * weight, rcond=None)
            weight *= np.sqrt(np.abs(rest @ coef - goal)) + 1e-30
            weight /= weight.max()
        fixed.append(float(np.float32(coef[0])))
    err = np.abs(basis @ np.array(fixed) - target).max()
    print(f"P on |d| <= {half}: {terms} terms, max relative error 2^{np.log2(err):.2f}")
    return fixed


def fit_coth(half: float, terms: int) -> list[float]:
    """R's coefficients (float32, low order first) for d coth(d) = 1 + y R(y), y = d^2, on
    |d| <= half (session 12: tanh_f32.h's AVX2 8-cell body divides d by it)."""
    d = np.cos(np.linspace(0, np.pi / 2, 4000)) * half
    d = d[d > 1e-4]
    exact = np.array([float(mp.mpf(v) / mp.tanh(mp.mpf(v))) for v in d])
    y = d * d
    basis = np.stack([y * y**i for i in range(terms)], 1) / exact[:, None]
    target = (exact - 1) / exact
    fixed: list[float] = []
    for k in range(terms):
        rest, goal = basis[:, k:], target - basis[:, :k] @ np.array(fixed, dtype=np.float64)
        weight = np.ones_like(d)
        for _ in range(80):
            coef, *_ = np.linalg.lstsq(rest * weight[:, None], goal * weight, rcond=None)
            weight *= np.sqrt(np.abs(rest @ coef - goal)) + 1e-30
            weight /= weight.max()
        fixed.append(float(np.float32(coef[0])))
    err = np.abs(basis @ np.array(fixed) - target).max()
    print(f"R on |d| <= {half}: {terms} terms, max relative error 2^{np.log2(err):.2f}")
    return fixed


if __name__ == "__main__":
    if sys.argv[2:] == ["coth"]:
        # R's terms: 4 on the 8-cell |d| <= 0.606 (2^-31.7), 3 on the 16-cell |d| <= 0.3116 (2^-32.0)
        for k, c in enumerate(fit_coth(CELLS[int(sys.argv[1])][4], {8: 4, 16: 3}[int(sys.argv[1])])):
            print(f"  R[{k}] = {c.hex()}")
        sys.exit(0)
    cells = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    h, narrow, wide, wide_from, half, terms = CELLS[cells]
    h = float(np.float32(h))
    rows = [(0.0, 0.0, 0.0)] + [centre(j * h, wide if j >= wide_from else narrow) for j in range(1, cells)]
    for j, (a0, t0, dist) in enumerate(rows):
        s0 = float(np.float32(float(1 - mp.tanh(mp.mpf(a0)) ** 2)))
        print(f"  j={j:2d}  A={a0.hex()}  tanh(A)={t0.hex()} ({dist:.1e} ULP off)  s0={s0.hex()}")
    print(f"  1/h = {float(np.float32(1 / h)).hex()}")
    for k, c in enumerate(fit_odd(half, terms)):
        print(f"  P[{k}] = {c.hex()}")
