"""Constants of csrc/simd/exp_table_f64.h: the table 2^(j/16) = T_HI[j] + T_LO[j]
(j = 0..15, T_HI rounded to double, T_LO the rest) and the polynomial
e^r ~= 1 + r + r^2 P(r) on |r| <= ln2/32 (plus a margin for the rounded
reduction), minimising the maximum relative error (tools/fit_exp.py's fit).

usage: python tools/fit_exp_table.py [degree of e^r, default 7]
"""

from __future__ import annotations

import sys

import mpmath as mp
import numpy as np
from fit_exp import _poly, fit  # same directory

mp.mp.dps = 40
HALF = mp.log(2) / 32 * (1 + mp.mpf(2) ** -20)


if __name__ == "__main__":
    degree = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    coef = [float(c) for c in fit(degree, nodes=300, half=HALF)]
    worst = max(
        abs(_poly([mp.mpf(c) for c in coef], mp.mpf(r)) / mp.exp(r) - 1)
        for r in np.linspace(-float(HALF), float(HALF), 2001)
    )
    print(f"degree {degree}, max relative error {mp.nstr(worst, 4)} (2^{mp.nstr(mp.log(worst, 2), 4)})")
    for k, c in reversed(list(enumerate(coef, start=2))):
        print(f"  c{k} = {c.hex()}")
    for j in range(16):
        t = mp.mpf(2) ** (mp.mpf(j) / 16)
        hi = float(t)
        print(f"  T[{j:2d}] = {hi.hex()}, {float(t - mp.mpf(hi)).hex()}")
    ln2_16 = mp.log(2) / 16
    hi = float(mp.mpf(int(ln2_16 * 2**42)) / 2**42)  # 37 significant bits: k hi exact for |k| < 2^16
    print(f"  LN2_16_HI = {hi.hex()}  LN2_16_LO = {float(ln2_16 - mp.mpf(hi)).hex()}  INV = {float(16 / mp.log(2)).hex()}")
