"""Max ULP error of fastact and of every peer the benchmarks compare it with
(benchmarks/peers.py: hand-written NumPy, SciPy, numexpr, PyTorch where
installed), on the same inputs, against the float64 oracle of
benchmarks/reference64.py: "at least as accurate" measured, not claimed.

    python benchmarks/peer_accuracy.py [--stride 4099] [--samples 1e6]

float32: every STRIDE-th float32 bit pattern (finite); float64: the random
samples and edge values of accuracy.py. Forward passes at default parameters.
Prints a Markdown table: per function and dtype, each implementation's max
ULP over the results whose exact value is a normal number (subnormal and zero
results are where peers flush or underflow early; the "all" column counts them,
in units of the smallest subnormal) and the input where it occurs.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

import fastact as fa
from fastact._accuracy import ulp_error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accuracy  # noqa: E402  (the float64 sample and edges)
import reference64  # noqa: E402  (the oracle)
from peers import PEERS, as_numpy, bind, fastact_impl  # noqa: E402


def float32_inputs(stride: int) -> np.ndarray:
    bits = np.arange(0, 1 << 32, stride, dtype=np.uint64).astype(np.uint32)
    x = bits.view(np.float32)
    return x[np.isfinite(x)]


def float64_inputs(name: str, samples: int) -> np.ndarray:
    return np.concatenate([accuracy.sample_float64(samples), accuracy.edge_values(name)])


def worst(result: np.ndarray, exact: np.ndarray, x: np.ndarray) -> tuple[float, float, object]:
    """(max ULP over normal exact values, max ULP over all, where the first occurs)."""
    result = np.asarray(result, dtype=x.dtype)
    errors = ulp_error(result, exact)
    normal = np.abs(exact) >= np.finfo(x.dtype).tiny
    normal_errors = np.where(normal, errors, 0.0)
    i = int(np.argmax(normal_errors))
    return float(normal_errors[i]), float(errors.max()), x[i]


def implementations(name: str) -> dict:
    found = {"fastact": fastact_impl(name, "forward")}
    found.update(PEERS.get((name, "forward"), {}))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stride", type=int, default=4099, help="float32: every STRIDE-th bit pattern")
    parser.add_argument("--samples", type=float, default=1e6, help="float64: random inputs")
    args = parser.parse_args()
    names = sorted({name for name, pass_ in PEERS if pass_ == "forward"} - {"relu"})
    print(f"<!-- python benchmarks/peer_accuracy.py {' '.join(sys.argv[1:])}: float32 every "
          f"{args.stride}-th bit pattern, float64 {int(args.samples)} samples plus edges; "
          f"fastact ISA {fa._config.config()['isa']} -->")
    print("| function | dtype | implementation | max ULP (normal results) | at x | max ULP (all) |")
    print("|---|---|---|---|---|---|")
    for name in names:
        for dtype in ("float32", "float64"):
            x = float32_inputs(args.stride) if dtype == "float32" else float64_inputs(name, int(args.samples))
            exact = reference64.exact(name, x.astype(np.float64))[0]
            for impl, found in implementations(name).items():
                with np.errstate(all="ignore"):
                    result = as_numpy(bind(found, x)())
                normal_ulp, all_ulp, at = worst(result, exact, x)
                print(f"| {name} | {dtype} | {impl} | {normal_ulp:.3g} | {at!r} | {all_ulp:.3g} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
