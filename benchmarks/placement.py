"""Piecewise-linear forwards against np.copyto at chosen placements of x and out.

    python benchmarks/placement.py [--old path/to/old/_core.so] [--functions relu,step]

Where x and out sit matters to an L2-bound pass: a vector load of x that is not
64-byte aligned splits two cache lines, and out just above x modulo 4096 makes
the loads falsely alias the stores before them (4K aliasing). This places both
inside one big page-aligned buffer at offsets (x, out) in {0, 16, 32, 48} mod 64,
with out - x either that small difference mod 4096 (the 4K-aliasing case) or
2048 more, and times (one thread, n = 65536, min ns/element over many
alternating repeats):

* ``out=``  fastact with out= given (fa.<name>(x, out=out));
* ``new``   the kernel alone through _core.run_<dtype> into out;
* ``old``   the same call into another build's _core (--old), for A/B in one
  process;
* ``alloc`` fastact allocating its output (where that lands is malloc's choice);
* ``copy``  np.copyto(out, x).

It also prints where the benchmark's arrays land (address mod 4096).
"""

from __future__ import annotations

import argparse
import importlib.util
import time

import numpy as np

import fastact as fa
from fastact import _core

FUNCTIONS = ["relu", "relu6", "leaky_relu", "step", "hard_sigmoid", "hard_tanh", "linear",
             "hard_swish"]
N = 65536


def load_core(path: str):
    """Another build's _core extension, importable beside this one."""
    spec = importlib.util.spec_from_file_location("fastact_old._core", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def min_times(calls: dict, repeats: int, inner: int = 8) -> dict:
    """min seconds per call of each callable, alternating them repeat by repeat."""
    best = dict.fromkeys(calls, float("inf"))
    names = list(calls)
    for r in range(repeats):
        for name in names[r % len(names):] + names[:r % len(names)]:
            f = calls[name]
            t0 = time.perf_counter()
            for _ in range(inner):
                f()
            best[name] = min(best[name], (time.perf_counter() - t0) / inner)
    return best


def placed(buffer: np.ndarray, byte_offset: int, dtype: np.dtype) -> np.ndarray:
    return buffer[byte_offset:byte_offset + N * dtype.itemsize].view(dtype)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", help="path of another build's _core*.so (A/B)")
    parser.add_argument("--functions", default=",".join(FUNCTIONS))
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--offsets", default="0,16,32,48")
    parser.add_argument("--gaps", default="0,2048", help="out - x beyond the offsets, mod 4096")
    args = parser.parse_args()
    fa.set_num_threads(1)
    old = load_core(args.old) if args.old else None
    if old is not None:
        old.set_num_threads(1)
        old.select_isa(_core.current_isa())
    print(f"isa {_core.current_isa()}; n = {N}; min ns/element; ratios to np.copyto")

    # where the benchmark's arrays land (as benchmarks/test_bench_elementwise.py makes them)
    rng = np.random.default_rng(0)
    for dtype in args.dtypes.split(","):
        x = (rng.standard_normal(N) * 4).astype(dtype)
        y = fa.relu(x)
        copy_out = np.empty_like(x)
        print(f"benchmark-like {dtype}: x % 4096 = {x.ctypes.data % 4096}, "
              f"fastact's output % 4096 = {y.ctypes.data % 4096}, "
              f"copyto's out % 4096 = {copy_out.ctypes.data % 4096}, "
              f"(out - x) % 4096 = {(y.ctypes.data - x.ctypes.data) % 4096}")

    offsets = [int(o) for o in args.offsets.split(",")]
    gaps = [int(g) for g in args.gaps.split(",")]
    raw = np.empty(8 << 20, np.uint8)
    base = (-raw.ctypes.data) % 4096
    for dtype in map(np.dtype, args.dtypes.split(",")):
        run = _core.run_f32 if dtype == np.float32 else _core.run_f64
        run_old = None if old is None else (old.run_f32 if dtype == np.float32 else old.run_f64)
        source = (np.random.default_rng(1).standard_normal(N) * 4).astype(dtype)
        header = f"{'function':>12} {'x%64':>4} {'out%64':>6} {'(out-x)%4096':>12} {'copy':>6}"
        header += f" {'out=':>6} {'new':>6}" + (f" {'old':>6}" if old else "") + f" {'alloc':>6}"
        print(f"\n{dtype}\n{header}   (ratios: out=, new" + (", old" if old else "") + ", alloc)")
        for name in args.functions.split(","):
            act = fa.get(name)
            index = act._index
            for gap in gaps:
                for xo in offsets:
                    for oo in offsets:
                        x = placed(raw, base + xo, dtype)
                        out = placed(raw, base + (4 << 20) + gap + oo, dtype)
                        x[:] = source
                        calls = {
                            "copy": lambda: np.copyto(out, x),
                            "out=": lambda: act(x, out=out),
                            "new": lambda: run(index, 0, x, None, out),
                            "alloc": lambda: act(x),
                        }
                        if run_old is not None:
                            calls["old"] = lambda: run_old(index, 0, x, None, out)
                        t = min_times(calls, args.repeats)
                        ns = {k: v / N * 1e9 for k, v in t.items()}
                        cols = ["copy", "out=", "new"] + (["old"] if old else []) + ["alloc"]
                        line = f"{name:>12} {xo:>4} {oo:>6} {(out.ctypes.data - x.ctypes.data) % 4096:>12}"
                        line += "".join(f" {ns[c]:6.3f}" for c in cols)
                        line += "   " + " ".join(f"{ns[c] / ns['copy']:.2f}" for c in cols[1:])
                        print(line, flush=True)


if __name__ == "__main__":
    main()
