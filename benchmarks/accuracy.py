"""Measure the accuracy of every elementwise forward and derivative, per ISA.

float32: a sweep over all 2**32 float32 inputs (or every STRIDE-th bit pattern),
in C (csrc/sweep.c), against the float64 kernels rounded to float32. The float64 kernels are
themselves held to <= 3-4 ULP of float64 (about 1e-15 relative, 1e-8 float32
ULP) by the float64 mode below, so they serve as a float32 reference that is
fast enough to cover the whole range in minutes.

float64: 1e7 random inputs spread over the whole range plus the edge values,
against the NumPy reference twins evaluated in long double (64-bit mantissa on
x86; another platform needs mpmath).

    python benchmarks/accuracy.py float32 [--stride 1] [--functions sigmoid,tanh]
    python benchmarks/accuracy.py float64 [--samples 10000000]

Prints a Markdown table (function, pass, ISA, max ULP, the input where it
occurs) for ACCURACY.md. Derivatives also get the max over the inputs whose
true value is a normal number, the quantity the accuracy target speaks of.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

import fastact as fa
from fastact import _core, _table, reference
from fastact._accuracy import near_derivative_zero, ulp_error

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
        activation = fa.get(name)
        kernel = activation._kernel({}, name)
        params = activation._padded_defaults
        spec, full = _table.resolve(name, {})
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


def sample_float64(n: int) -> np.ndarray:
    rng = np.random.default_rng(2026)
    bits = rng.integers(0, 0x7FF0000000000000, n // 2, dtype=np.int64)  # every finite magnitude
    spread = bits.view(np.float64) * rng.choice([-1.0, 1.0], n // 2)
    dense = np.concatenate([rng.standard_normal(n // 4) * 5, rng.uniform(-800, 800, n - n // 2 - n // 4)])
    info = np.finfo(np.float64)
    edges = [0.0, -0.0, np.inf, -np.inf, info.tiny, -info.tiny, info.smallest_subnormal,
             -info.smallest_subnormal, info.max, -info.max, 88.0, -88.0, 1000.0, -1000.0,
             700.0, -700.0, 745.0, -745.0, 20.0, -20.0, 1.0, -1.0]
    return np.concatenate([spread, dense, edges])


def sweep_float64(names: list[str], isas: list[str], n: int) -> dict:
    if np.finfo(np.longdouble).nmant <= 52:
        raise SystemExit("float64 mode needs an extended long double (x86); use mpmath elsewhere")
    worst = {(name, p, i): Worst() for name in names for p in PASSES for i in isas}
    tiny = np.finfo(np.float64).tiny
    x_all = sample_float64(n)
    for start in range(0, x_all.size, CHUNK):
        x = x_all[start:start + CHUNK]
        wide = x.astype(np.longdouble)
        for name in names:
            twin = getattr(reference, name)
            for pass_ in PASSES:
                with np.errstate(all="ignore"):
                    exact = twin(wide) if pass_ == "forward" else twin.derivative(wide)
                normal = np.abs(exact) >= tiny
                if pass_ == "derivative":
                    normal &= ~near_derivative_zero(name, {}, x)
                for isa in isas:
                    _core.select_isa(isa)
                    with np.errstate(all="ignore"):
                        errors = ulp_error(run(fa.get(name), pass_, x), exact)
                    worst[(name, pass_, isa)].update(errors, x, normal)
    _core.select_isa(_core.best_isa())
    return worst


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
    args = parser.parse_args()
    names = [s.name for s in _table.elementwise(public_only=True)]
    if args.functions:
        names = [n for n in args.functions.split(",") if n]
    isas = args.isa.split(",") if args.isa else list(_core.isas_supported())
    PASSES[:] = [p for p in args.passes.split(",") if p]
    start = time.perf_counter()
    if args.dtype == "float32":
        worst = sweep_float32(names, isas, args.stride)
        how = f"every {args.stride}-th float32 bit pattern" if args.stride > 1 else "all 2**32 float32 inputs"
    else:
        worst = sweep_float64(names, isas, int(args.samples))
        how = f"{int(args.samples)} float64 samples plus edge values"
    print(f"<!-- python benchmarks/accuracy.py {' '.join(sys.argv[1:])}: {how}, "
          f"{time.perf_counter() - start:.0f} s, default parameters -->")
    print(table(worst, args.dtype))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
