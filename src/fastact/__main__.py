"""python -m fastact: the configuration, then for every function and pass the
speed against the NumPy reference and the max error on a sample, on this machine.

    python -m fastact [--n 65536] [--repeat 7]
    python -m fastact --peers [ladder options]   the peer ladder, benchmarks/ladder.py
"""

from __future__ import annotations

import argparse
import runpy
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np

import fastact as fa
from fastact import _table, reference
from fastact._accuracy import near_derivative_zero, precise, ulp_error


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


def run_ladder(argv: list[str]) -> int:
    """Run benchmarks/ladder.py (fastact against PyTorch, NumPy, SciPy, numexpr:
    speed and accuracy) from the source tree this package was built from, or from
    the current directory's; it is not installed with the package."""
    here = Path(__file__).resolve().parent
    for root in (here.parents[1], Path.cwd()):  # src/fastact -> the checkout; or cwd
        ladder = root / "benchmarks" / "ladder.py"
        if ladder.is_file():
            sys.argv = [str(ladder), *argv]
            runpy.run_path(str(ladder), {"INVOKED_AS": "python -m fastact --peers"},
                           run_name="__main__")  # exits through SystemExit
            return 0
    print("The peer ladder is benchmarks/ladder.py in fastact's source (a git checkout or the "
          "sdist), not installed with the package. From the source tree:\n"
          "    python benchmarks/ladder.py [--quick] [--isa avx2]   (or python -m fastact --peers there)",
          file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--peers"]:
        return run_ladder(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python -m fastact", description=__doc__.splitlines()[0],
        epilog="--peers [options]: the peer ladder (benchmarks/ladder.py; --peers --help for its options)")
    parser.add_argument("--n", type=int, default=65536, help="elements per timed array (default 65536)")
    parser.add_argument("--repeat", type=int, default=7, help="timing repeats, the best is kept")
    args = parser.parse_args(argv)

    fa.show_config()
    print()
    header = (f"{'function':<10} {'pass':<11} {'dtype':<8} {'fastact ns/el':>13} "
              f"{'numpy ns/el':>11} {'speed-up':>9} {'max ULP':>8}")
    print(f"time: best of {args.repeat}, n = {args.n}, x ~ 4*N(0,1); numpy = fastact.reference "
          "(the stable NumPy form)")
    print(f"max ULP: {args.n} samples incl. tails, against the reference in a wider dtype "
          "(derivatives: outside the band next to a zero of f')")
    print(header)
    print("-" * len(header))
    for spec in _table.elementwise(public_only=True):
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
                    errors = ulp_error(run_pass(fast, pass_, x, dy, y), exact)
                    if pass_ != "forward":  # next to a zero of f' the error is absolute
                        errors = errors[~near_derivative_zero(spec.name, {}, x)]
                    worst = errors.max()
                print(f"{spec.name:<10} {pass_:<11} {dtype.name:<8} {t_fast / args.n * 1e9:>13.3f} "
                      f"{t_numpy / args.n * 1e9:>11.3f} {t_numpy / t_fast:>8.1f}x {worst:>8.2f}")
    print()
    print_axis_table(args.repeat)
    return 0


def print_axis_table(repeat: int) -> None:
    """softmax, log_softmax and prelu on a (1024, 1000) float32 batch, along the last axis."""
    rng = np.random.default_rng(4)
    x = (rng.standard_normal((1024, 1000)) * 4).astype(np.float32)
    dy = rng.standard_normal(x.shape).astype(np.float32)
    alpha = np.full(1000, 0.25, np.float32)
    wide = x.astype(np.float64)
    rows = [
        ("softmax", "forward", lambda m: m.softmax(x), lambda: reference.softmax(wide)),
        ("softmax", "backward_y", lambda m: m.softmax.backward(dy, y=fa.softmax(x)) if m is fa
         else m.softmax.backward(dy, y=fa.softmax(x)), None),
        ("log_softmax", "forward", lambda m: m.log_softmax(x), lambda: reference.log_softmax(wide)),
        ("prelu", "forward", lambda m: m.prelu(x, alpha), lambda: reference.prelu(wide, alpha)),
        ("prelu", "backward", lambda m: m.prelu.backward(dy, x, alpha)[0],
         lambda: reference.prelu.backward(dy.astype(np.float64), wide, alpha)[0]),
    ]
    header = f"{'function':<12} {'pass':<11} {'fastact ns/el':>13} {'numpy ns/el':>11} {'speed-up':>9} {'max rel err':>11}"
    print("(1024, 1000) float32 along the last axis; error against float64")
    print(header)
    print("-" * len(header))
    for name, pass_, call, exact in rows:
        t_fast = best_time(lambda: call(fa), repeat)
        t_numpy = best_time(lambda: call(reference), repeat)
        error = ""
        if exact is not None:
            want = exact()
            got = call(fa).astype(np.float64)
            scale = np.abs(want) if name != "log_softmax" else np.abs(want) + 1.0
            error = f"{np.max(np.abs(got - want) / np.maximum(scale, 1e-30)):.2e}"
        print(f"{name:<12} {pass_:<11} {t_fast / x.size * 1e9:>13.3f} {t_numpy / x.size * 1e9:>11.3f} "
              f"{t_numpy / t_fast:>8.1f}x {error:>11}")


if __name__ == "__main__":
    raise SystemExit(main())
