"""Measure the accuracy of every elementwise forward and derivative, per ISA.

float32: a sweep over all 2**32 float32 inputs (or every STRIDE-th bit pattern)
for every elementwise row (gelu_tanh included), in C (csrc/sweep.c), against the float64 kernels rounded to float32. The float64 kernels are
themselves held to <= 3-4 ULP of float64 (about 1e-15 relative, 1e-8 float32
ULP) by the float64 mode below, so they serve as a float32 reference that is
fast enough to cover the whole range in minutes.

float64: 1e7 random inputs spread over the whole range plus edge values, for
every elementwise row (gelu_tanh included) at its default parameters, against
benchmarks/reference64.py (quad precision for gelu, gelu_tanh, swish and mish,
the long double NumPy twins for the rest; x86 long double needed), one process
per CPU; the oracle itself is checked against mpmath on --check inputs per row.

    python benchmarks/accuracy.py float32 [--stride 1] [--functions sigmoid,tanh]
    python benchmarks/accuracy.py float64 [--samples 1e7] [--check 10000] [--workers 2]

Prints a Markdown table (function, pass, ISA, max ULP, the input where it
occurs) for ACCURACY.md. Derivatives also get the max over the inputs whose
true value is a normal number, the quantity the accuracy target speaks of.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time

import numpy as np

import fastact as fa
from fastact import _core, _table
from fastact._accuracy import near_derivative_zero, ulp_error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference64  # noqa: E402  (the float64 oracle, next to this file)

PASSES = ["forward", "derivative"]
PASS_INDEX = {name: i for i, name in enumerate(_table.PASSES)}
CHUNK = 1 << 22


def run(activation, pass_: str, x: np.ndarray) -> np.ndarray:
    return activation(x) if pass_ == "forward" else activation.derivative(x)


class Worst:
    """Running maximum of the ULP error and where it happened."""

    def __init__(self) -> None:
        self.ulp, self.x, self.normal_ulp, self.normal_x = 0.0, None, 0.0, None

    def update(self, errors: np.ndarray, x: np.ndarray, normal: np.ndarray) -> None:
        if errors.size:
            i = int(np.argmax(errors))
            if errors[i] > self.ulp:
                self.ulp, self.x = float(errors[i]), x[i]
        masked = np.where(normal, errors, 0.0)
        if masked.size:
            i = int(np.argmax(masked))
            if masked[i] > self.normal_ulp:
                self.normal_ulp, self.normal_x = float(masked[i]), x[i]


def sweep_float32(names: list[str], isas: list[str], stride: int) -> dict:
    """The sweep runs in C (fastact._core.sweep_f32, split across the threads
    fastact.set_num_threads allows): about a minute per function and pass for
    all 2**32 inputs and every ISA on one 2-core machine."""
    worst = {}
    start = time.perf_counter()
    for name in names:
        public, keywords = _table.public_call(name)
        activation = fa.get(public)
        kernel = activation._kernel(dict(keywords), public)
        params = activation._padded_defaults
        spec, full = _table.resolve(public, keywords)
        zeros = tuple(float(z) for z in spec.derivative_zeros(full))
        for pass_ in PASSES:
            found = _core.sweep_f32(kernel, PASS_INDEX[pass_], params, 0, 1 << 32, stride,
                                    zeros if pass_ == "derivative" else ())
            for isa in isas:
                max_ulp, at, normal_ulp, normal_at, _ = found[isa]
                w = worst[(name, pass_, isa)] = Worst()
                w.ulp, w.x = max_ulp, _float32(at)
                w.normal_ulp, w.normal_x = normal_ulp, _float32(normal_at)
            print(f"{name} {pass_}: {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return worst


def _float32(bits: int) -> np.float32:
    return np.array([bits], dtype=np.uint32).view(np.float32)[0]


# --- float64 --------------------------------------------------------------------------
#: exp's thresholds in float64: ln(max), -ln(tiny), -ln(smallest subnormal), the
#: point below which e^x rounds to 0, ln(2**53), ln(2**54) and where tanh rounds to 1
EXP_EDGES = (709.782712893384, 708.3964185322641, 744.4400719213812, 745.1332191019411,
             36.7368005696771, 37.42994775023705, 18.714973875118524, 19.061547465398498)
#: kinks and thresholds of the default parameters (relu6, hard_*, softplus) and small
#: integers
KINK_EDGES = (0.5, 1.0, 2.0, 3.0, 6.0, 20.0)


def sample_float64(n: int) -> np.ndarray:
    """n random inputs: half random finite bit patterns of both signs (uniform in the
    exponent, so every magnitude), a quarter N(0, 5^2), a quarter uniform on
    [-800, 800] (the range where exp-family functions are neither 0 nor saturated)."""
    rng = np.random.default_rng(2026)
    bits = rng.integers(0, 0x7FF0000000000000, n // 2, dtype=np.int64)
    spread = bits.view(np.float64) * rng.choice([-1.0, 1.0], n // 2)
    dense = np.concatenate([rng.standard_normal(n // 4) * 5, rng.uniform(-800, 800, n - n // 2 - n // 4)])
    return np.concatenate([spread, dense])


def _neighbours(anchors: np.ndarray, reach: int = 4) -> np.ndarray:
    """Each anchor and the `reach` float64 numbers on either side of it."""
    around = [anchors]
    for direction in (np.inf, -np.inf):
        step = anchors.copy()
        for _ in range(reach):
            with np.errstate(over="ignore"):  # past the largest finite: inf
                step = np.nextafter(step, direction)
            around.append(step)
    return np.concatenate(around)


def edge_values(row: str) -> np.ndarray:
    """Edge inputs for one row, both signs: +-0, +-inf, NaN, the smallest subnormal,
    the smallest normal, the largest finite, every power of two, exp's thresholds,
    the kinks, the zeros of f', the largest x whose selu does not overflow, each
    with its 4 neighbours either side; a 1/8 grid on [-40, 40] and 1/2 on +-[700, 750]."""
    info = np.finfo(np.float64)
    spec = next(s for s in _table.ACTIVATIONS if s.name == row)
    zeros = spec.derivative_zeros({p.name: p.default for p in spec.params})
    anchors = np.array([info.smallest_subnormal, info.tiny, info.max, info.max / 1.0507009873554805,
                        *EXP_EDGES, *KINK_EDGES, *np.abs(zeros)])
    powers = np.ldexp(1.0, np.arange(-1074, 1024))
    grid = np.concatenate([np.arange(0.0, 40.0, 0.125), np.arange(700.0, 750.0, 0.5)])
    positive = np.concatenate([_neighbours(anchors), powers, grid])
    return np.concatenate([positive, -positive, [0.0, -0.0, np.inf, -np.inf, np.nan]])


def run_row(row: str, pass_: str, x: np.ndarray) -> np.ndarray:
    name, keywords = _table.public_call(row)
    activation = fa.get(name)
    with np.errstate(all="ignore"):
        return activation(x, **keywords) if pass_ == "forward" else activation.derivative(x, **keywords)


def errors_against(result: np.ndarray, exact: np.ndarray, rounded: np.ndarray) -> np.ndarray:
    """ulp_error(result, exact), computed only where result is not exact rounded
    (elsewhere it is 0): most results are correctly rounded, and long double
    arithmetic is slow."""
    errors = np.zeros(result.shape)
    differ = (result != rounded) & ~(np.isnan(result) & np.isnan(exact))
    with np.errstate(all="ignore"):
        errors[differ] = ulp_error(result[differ], exact[differ])
    return errors


def sweep_row(row: str, isas: list[str], x_all: np.ndarray) -> dict:
    """Worst errors of one row's passes on every ISA over x_all, in chunks."""
    name, keywords = _table.public_call(row)
    worst = {(row, p, i): Worst() for p in PASSES for i in isas}
    tiny = np.finfo(np.float64).tiny
    for start in range(0, x_all.size, CHUNK):
        x = x_all[start:start + CHUNK]
        exact = dict(zip(("forward", "derivative"), reference64.exact(row, x)))
        for pass_ in PASSES:
            with np.errstate(all="ignore"):
                rounded = exact[pass_].astype(np.float64)
            normal = np.abs(exact[pass_]) >= tiny
            if pass_ == "derivative":
                normal &= ~near_derivative_zero(name, keywords, x)
            previous, errors = None, None
            for isa in isas:
                _core.select_isa(isa)
                result = run_row(row, pass_, x)
                if previous is None or not np.array_equal(result, previous, equal_nan=True):
                    errors = errors_against(result, exact[pass_], rounded)
                previous = result
                worst[(row, pass_, isa)].update(errors, x, normal)
    _core.select_isa(_core.best_isa())
    return worst


def _float64_task(task: tuple) -> tuple[str, dict, float]:
    """One unit of work for the pool: ("sweep", row, isas, n) or ("check", row, k, n)."""
    start = time.perf_counter()
    kind, row, arg, n = task
    x = np.concatenate([_cached_sample(n), edge_values(row)])
    if kind == "sweep":
        found = sweep_row(row, arg, x)
    else:
        subset = np.random.default_rng(7).choice(x[:n], size=min(arg, n), replace=False)
        found = reference64.self_check(row, np.concatenate([subset, edge_values(row)]))
    return kind, found, time.perf_counter() - start


_SAMPLES: dict[int, np.ndarray] = {}


def _cached_sample(n: int) -> np.ndarray:
    if n not in _SAMPLES:
        _SAMPLES[n] = sample_float64(n)
    return _SAMPLES[n]


def _one_thread() -> None:
    fa.set_num_threads(1)


def sweep_float64(names: list[str], isas: list[str], n: int, check: int, workers: int) -> tuple[dict, dict]:
    """Every row's forward and derivative on every ISA over n samples plus the
    edges, and the oracle's self-check on `check` of them per row (0: none),
    spread over `workers` processes, quad-precision rows first (the slowest)."""
    reference64.quad_library()  # compile once, before the workers start
    order = sorted(names, key=lambda row: row not in reference64.QUAD_ROWS)
    tasks = [("sweep", row, isas, n) for row in order]
    tasks += [("check", row, check, n) for row in order if check]
    worst, checked = {}, {}
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers, initializer=_one_thread) as pool:
        for (kind, row, *_), (_, found, seconds) in zip(tasks, pool.imap(_float64_task, tasks)):
            if kind == "sweep":
                worst.update(found)
            else:
                checked[row] = found
            print(f"{kind} {row}: {seconds:.1f} s (at {time.perf_counter() - start:.0f} s)", file=sys.stderr)
    ordered = {key: worst[key] for row in names for key in worst if key[0] == row}
    return ordered, {row: checked[row] for row in names if row in checked}


def check_table(checked: dict, digits: int) -> str:
    lines = [f"| function | pass | oracle's max error vs mpmath ({digits} digits), float64 ULP | at x |",
             "|---|---|---|---|"]
    for row, found in checked.items():
        for pass_, (error, at) in found.items():
            lines.append(f"| {row} | {pass_} | {error:.2g} | {at!r} |")
    return "\n".join(lines)


def table(worst: dict, dtype: str) -> str:
    lines = [f"| function | pass | ISA | max ULP ({dtype}) | at x | max ULP, normal results | at x |",
             "|---|---|---|---|---|---|---|"]
    for (name, pass_, isa), w in worst.items():
        lines.append(f"| {name} | {pass_} | {isa} | {w.ulp:.3g} | {w.x!r} | {w.normal_ulp:.3g} | {w.normal_x!r} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dtype", choices=["float32", "float64"])
    parser.add_argument("--stride", type=int, default=1, help="float32: test every STRIDE-th bit pattern")
    parser.add_argument("--samples", type=float, default=1e7, help="float64: random inputs")
    parser.add_argument("--functions", default="", help="comma-separated names (default: all)")
    parser.add_argument("--isa", default="", help="comma-separated ISAs (default: all supported)")
    parser.add_argument("--passes", default="forward,derivative", help="comma-separated passes")
    parser.add_argument("--check", type=int, default=10000,
                        help="float64: inputs per function for the oracle's check against mpmath (0: none)")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)),
                        help="float64: processes (default: the CPUs this process may use)")
    args = parser.parse_args()
    rows = _table.elementwise(public_only=False)
    names = [n for n in args.functions.split(",") if n] or [s.name for s in rows]
    isas = args.isa.split(",") if args.isa else list(_core.isas_supported())
    PASSES[:] = [p for p in args.passes.split(",") if p]
    start = time.perf_counter()
    checked = {}
    if args.dtype == "float32":
        worst = sweep_float32(names, isas, args.stride)
        how = f"every {args.stride}-th float32 bit pattern" if args.stride > 1 else "all 2**32 float32 inputs"
    else:
        worst, checked = sweep_float64(names, isas, int(args.samples), args.check, args.workers)
        how = f"{int(args.samples)} float64 samples plus edge values, {args.workers} processes"
    print(f"<!-- python benchmarks/accuracy.py {' '.join(sys.argv[1:])}: {how}, "
          f"{time.perf_counter() - start:.0f} s, default parameters -->")
    print(table(worst, args.dtype))
    if checked:
        print(f"\n<!-- the oracle (benchmarks/reference64.py) on {args.check} of the samples "
              f"plus the edge values per function -->")
        print(check_table(checked, reference64.MP_DIGITS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
