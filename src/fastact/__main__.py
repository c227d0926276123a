"""python -m fastact: the configuration, then for every function and pass the
speed against the NumPy reference and the max error on a sample, on this machine.

    python -m fastact [--n 65536] [--repeat 7]
"""

from __future__ import annotations

import argparse
import time
from typing import Callable

import numpy as np

import fastact as fa
from fastact import _table, reference
from fastact._accuracy import precise, ulp_error


def best_time(function: Callable[[], object], repeat: int, budget: float = 0.05) -> float:
    """Fastest time of one call, over `repeat` batches of calls lasting ~budget/repeat each."""
    function()
    calls = 1
    while True:  # batch size so that one batch lasts long enough to time
        start = time.perf_counter()
        for _ in range(calls):
            function()
        elapsed = time.perf_counter() - start
        if elapsed > budget / repeat or calls > 1 << 20:
            break
        calls *= 4
    best = elapsed / calls
    for _ in range(repeat - 1):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def timing_sample(dtype: np.dtype, n: int) -> np.ndarray:
    """Typical pre-activations (as in benchmarks/): no subnormal results, which
    cost microcode assists on x86 whatever computes them."""
    return (np.random.default_rng(1).standard_normal(n) * 4).astype(dtype)


def accuracy_sample(dtype: np.dtype, n: int) -> np.ndarray:
    """Wide inputs, tails and subnormal results included."""
    rng = np.random.default_rng(2)
    wide = rng.uniform(-120, 120, n // 2) if dtype.itemsize == 4 else rng.uniform(-800, 800, n // 2)
    return np.concatenate([rng.standard_normal(n - n // 2) * 4, wide]).astype(dtype)


def passes(spec: _table.Spec) -> list[str]:
    return [p for p in _table.PASSES if p != "backward_y" or spec.y_backward is not None]


def run_pass(obj, pass_: str, x, dy, y):
    if pass_ == "forward":
        return obj(x)
    if pass_ == "derivative":
        return obj.derivative(x)
    if pass_ == "backward_x":
        return obj.backward(dy, x)
    return obj.backward(dy, y=y)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fastact", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=65536, help="elements per timed array (default 65536)")
    parser.add_argument("--repeat", type=int, default=7, help="timing repeats, the best is kept")
    args = parser.parse_args(argv)

    fa.show_config()
    print()
    header = (f"{'function':<10} {'pass':<11} {'dtype':<8} {'fastact ns/el':>13} "
              f"{'numpy ns/el':>11} {'speed-up':>9} {'max ULP':>8}")
    print(f"time: best of {args.repeat}, n = {args.n}, x ~ 4*N(0,1); numpy = fastact.reference "
          "(the stable NumPy form)")
    print(f"max ULP: {args.n} samples incl. tails, against the reference in a wider dtype")
    print(header)
    print("-" * len(header))
    for spec in _table.ACTIVATIONS:
        fast, twin = fa.get(spec.name), getattr(reference, spec.name)
        for pass_ in passes(spec):
            for dtype in (np.dtype(np.float32), np.dtype(np.float64)):
                x = timing_sample(dtype, args.n)
                dy = np.random.default_rng(3).uniform(-2, 2, args.n).astype(dtype)
                with np.errstate(all="ignore"):
                    y = fast(x)
                    t_fast = best_time(lambda: run_pass(fast, pass_, x, dy, y), args.repeat)
                    t_numpy = best_time(lambda: run_pass(twin, pass_, x, dy, y), args.repeat)
                    x = accuracy_sample(dtype, args.n)
                    y = fast(x)
                    wide = precise(dtype)
                    exact = run_pass(twin, pass_, x.astype(wide), dy.astype(wide), y.astype(wide))
                    worst = ulp_error(run_pass(fast, pass_, x, dy, y), exact).max()
                print(f"{spec.name:<10} {pass_:<11} {dtype.name:<8} {t_fast / args.n * 1e9:>13.3f} "
                      f"{t_numpy / args.n * 1e9:>11.3f} {t_numpy / t_fast:>8.1f}x {worst:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
