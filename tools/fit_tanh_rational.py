"""Constants of csrc/simd/tanh_f64.h's rational bodies (issue 13, session 9): h / E
~ tanh(th) as th (1 + O1 w + ... ) / (1 + E1 w + ...) in w = th^2 on |th| <= b,
fitted to the relative error by a Remez-type iteration in mpmath (the levelled
error solved by findroot at the error's alternating extrema, started from the
interpolant at Chebyshev nodes). Prints the max relative error (log2) and the
coefficients O1.., E1.. as double hex literals.

usage: python tools/fit_tanh_rational.py 2 3 2   # tanh: b = ln2/2, O of degree 2, E 3
       python tools/fit_tanh_rational.py 2 2 4   # sigmoid: b = ln2/4, 2 and 2 (2^-57.4)

The sigmoid body's constants are this script's output. tanh's were found by the
same iteration started from the (6, 6) Pade approximant instead of the
Chebyshev interpolant (2^-58.8, stopped early); this start gives 2^-59.6, not
yet measured in the library (session 9 ran out of time).
"""

from __future__ import annotations

import sys

import mpmath as mp

mp.mp.dps = 50


def fit(n_odd: int, n_even: int, b: mp.mpf, grid_points: int = 3000, rounds: int = 15) -> tuple:
    """(max relative error, [O1.., E1..]) of the best iterate"""
    top = b * b
    m = n_odd + n_even

    def f(w):
        return mp.mpf(1) if w == 0 else mp.tanh(mp.sqrt(w)) / mp.sqrt(w)

    def ratio(c, w):
        num = 1 + sum(c[k] * w ** (k + 1) for k in range(n_odd))
        den = 1 + sum(c[n_odd + k] * w ** (k + 1) for k in range(n_even))
        return num / den

    nodes = [top * (1 - mp.cos(mp.pi * (k + 1) / (m + 1))) / 2 for k in range(m)]
    c = list(mp.findroot(lambda *v: [ratio(list(v), p) - f(p) for p in nodes],
                         [mp.mpf(1) / 10] * n_odd + [mp.mpf(4) / 10] * n_even))
    grid = [top * k / grid_points for k in range(grid_points + 1)]
    best = None
    for _ in range(rounds):
        err = [ratio(c, w) / f(w) - 1 for w in grid]
        worst = max(abs(e) for e in err)
        if best is None or worst < best[0]:
            best = (worst, list(c))
        peaks = [k for k in range(len(grid)) if (k == 0 or abs(err[k]) >= abs(err[k - 1]))
                 and (k == len(grid) - 1 or abs(err[k]) >= abs(err[k + 1]))]
        alternating: list[int] = []
        for k in peaks:
            if alternating and mp.sign(err[k]) == mp.sign(err[alternating[-1]]):
                if abs(err[k]) > abs(err[alternating[-1]]):
                    alternating[-1] = k
            else:
                alternating.append(k)
        while len(alternating) > m + 1:
            alternating.pop(0 if abs(err[alternating[0]]) < abs(err[alternating[-1]]) else -1)
        if len(alternating) < m + 1:
            break
        points = [grid[k] for k in alternating]
        sol = mp.findroot(lambda *v: [ratio(list(v[:m]), p) / f(p) - 1 - (-1) ** i * v[m]
                                      for i, p in enumerate(points)], c + [mp.mpf(0)])
        c = list(sol[:m])
    return best


def main() -> None:
    n_odd, n_even, divisor = (int(a) for a in sys.argv[1:4])
    worst, c = fit(n_odd, n_even, mp.log(2) / divisor)
    print(f"max relative error 2^{float(mp.log(worst, 2)):.2f}")
    for name, value in zip([f"O{k + 1}" for k in range(n_odd)] + [f"E{k + 1}" for k in range(n_even)], c):
        print(name, float(value).hex())


if __name__ == "__main__":
    main()
