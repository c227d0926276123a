"""Constants of csrc/simd/lut8_f32.h's sigmoid (AVX2, session 10): an 8-entry
table T_j = beta 2^(j/8) rounded to float, with beta (a float near 1) chosen so
that every T_j lies near a float (max |T_j / (beta 2^(j/8)) - 1| about 2^-27.6,
where beta = 1 leaves 2^-24.9 and needed a second table of rests), and the
polynomial 1 + w(t) ~ e^t / beta: session 7's fit 1 + t + C2 t^2 + C3 t^3 of
e^t on |t| <= ln2/16 divided by beta, so w = C0 + C1 t + C2' t^2 + C3' t^3
with C0 = 1/beta - 1 small (its rounding, and w's, stay below 2^-28 of e^t).
The reduction's error n (ln2/8 - LN2_8) enters w divided by beta as well.

lut8_f32.h takes beta = 0x1.06f124p+0 (2^-27.56, the best above 1): 1.84 ULP
over all 2^32 inputs, where the search's best, 0x1.feb052p-1 (2^-27.71),
measured 1.86 (ACCURACY.md 2026-12-07 session 10).

usage: python tools/fit_sigmoid_lut8.py 0x1.06f124p+0   # lut8_f32.h's constants
       python tools/fit_sigmoid_lut8.py                 # search [0.96, 1.04]
"""

from __future__ import annotations

import sys

import mpmath as mp
import numpy as np

mp.mp.prec = 100
C2 = float.fromhex("0x1.000876p-1")  # lut8_f32.h FA_SIGL8_C2 / C3 before session 10
C3 = float.fromhex("0x1.55568cp-3")
LN2_8 = float.fromhex("0x1.62e43p-4")


def table_error(beta: np.ndarray) -> np.ndarray:
    """max over j of |fl(beta 2^(j/8)) / (beta 2^(j/8)) - 1| (float64 is exact enough here)"""
    worst = np.zeros_like(beta)
    for j in range(8):
        y = beta * 2.0 ** (j / 8)
        worst = np.maximum(worst, np.abs(y.astype(np.float32).astype(np.float64) - y) / y)
    return worst


def search() -> float:
    """the float beta in [0.96, 1.04] with the least table error"""
    best = (np.inf, 1.0)
    for lo, hi, ulp in ((0.96, 1.0, 2.0**-24), (1.0, 1.04, 2.0**-23)):
        beta = np.arange(round(lo / ulp), round(hi / ulp), dtype=np.float64) * ulp
        err = table_error(beta)
        best = min(best, (float(err.min()), float(beta[err.argmin()])))
    return best[1]


def f32(v) -> str:
    return float(np.float32(float(v))).hex().replace("0000000p", "p") + "f"


if __name__ == "__main__":
    beta_f = float.fromhex(sys.argv[1]) if len(sys.argv) > 1 else search()
    beta = mp.mpf(beta_f)
    print(f"beta = {f32(beta)}, table error 2^{np.log2(table_error(np.array([beta_f]))[0]):.2f}")
    entries = []
    for j in range(8):
        t = np.float32(float(mp.mpf(2) ** 64 * beta * mp.power(2, mp.mpf(j) / 8)))
        entries.append(f32(np.int32(int(t.view(np.int32)) - (j << 20)).view(np.float32)))
    print("table (bits(2^64 T_j) - (j << 20)):", ", ".join(entries))
    err = mp.log(2) / 8 - mp.mpf(LN2_8)
    for name, v in (("C0", 1 / beta - 1), ("C1", 1 / beta), ("C2", C2 / beta), ("C3", C3 / beta),
                    ("LN2_8_ERR / beta", err / beta)):
        print(f"{name} = {f32(v)}")
