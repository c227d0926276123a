"""Measure the accuracy of the fused backward pass, backward(dy, x) = dy f'(x), per ISA.

The oracle is dy times f'(x) from benchmarks/reference64.py (long double, or
quad where that row needs it), so the error counts both the derivative's and
the product's roundings. dy is uniform in [-3, 3] (seeded).

    python benchmarks/backward_accuracy.py float32 [--stride 61] [--functions sigmoid,tanh]
    python benchmarks/backward_accuracy.py float64 [--samples 1000000]

float32: every STRIDE-th bit pattern; float64: random inputs over the whole
range (as accuracy.py). Prints a Markdown table: max ULP where f'(x) is a normal
number, and where f'(x) is subnormal (there f' alone has lost bits, so dy f'
can carry up to |dy| / 2 ULP more, as the unfused chain does).
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

import fastact as fa
from fastact import _core
from fastact._accuracy import ulp_error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference64  # noqa: E402  (the float64 oracle, next to this file)
from accuracy import sample_float64  # noqa: E402

CHUNK = 1 << 22


def inputs(dtype: str, stride: int, samples: int) -> np.ndarray:
    if dtype == "float32":
        x = np.arange(0, 2**32, stride, dtype=np.uint64).astype(np.uint32).view(np.float32)
        return x[np.isfinite(x)]
    return sample_float64(samples)


def sweep(name: str, x_all: np.ndarray, isas: list[str]) -> dict:
    """(max ULP where f' is normal, where f' is subnormal, x and dy at the first) per ISA."""
    rng = np.random.default_rng(61)
    worst = {isa: [0.0, 0.0, None] for isa in isas}
    tiny = np.finfo(x_all.dtype).tiny
    for start in range(0, x_all.size, CHUNK):
        x = x_all[start:start + CHUNK]
        dy = rng.uniform(-3, 3, x.size).astype(x.dtype)
        slope = reference64.exact(name, x.astype(np.float64))[1]
        exact = dy.astype(slope.dtype) * slope
        normal = np.abs(slope) >= tiny
        for isa in isas:
            _core.select_isa(isa)
            with np.errstate(all="ignore"):
                errors = ulp_error(fa.get(name).backward(dy, x), exact)
            record = worst[isa]
            i = int(np.argmax(np.where(normal, errors, 0.0)))
            if normal[i] and errors[i] > record[0]:
                record[0], record[2] = float(errors[i]), (x[i], dy[i])
            record[1] = max(record[1], float(np.max(errors[~normal], initial=0.0)))
    _core.select_isa(_core.best_isa())
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dtype", choices=["float32", "float64"])
    parser.add_argument("--stride", type=int, default=61)
    parser.add_argument("--samples", type=float, default=1e6)
    parser.add_argument("--functions", default="sigmoid,tanh")
    parser.add_argument("--isa", default=None, help="comma-separated ISAs (default: all supported)")
    args = parser.parse_args()
    fa.set_num_threads(1)
    isas = args.isa.split(",") if args.isa else list(_core.isas_supported())
    x = inputs(args.dtype, args.stride, int(args.samples))
    print(f"<!-- python benchmarks/backward_accuracy.py {' '.join(sys.argv[1:])}: {x.size} inputs -->")
    print("| function | ISA | max ULP of dy f'(x), f' normal | at (x, dy) | max ULP, f' subnormal |")
    print("|---|---|---|---|---|")
    for name in args.functions.split(","):
        for isa, (normal, subnormal, where) in sweep(name, x, isas).items():
            print(f"| {name} | {isa} | {normal:.3g} | {where} | {subnormal:.3g} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
