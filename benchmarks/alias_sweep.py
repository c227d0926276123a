"""4K aliasing: fastact f(x, out=o) with o placed d bytes above x modulo 4096.

x and o lie in one buffer, a page multiple plus d bytes apart, x at x_offset
bytes past a 64-byte boundary; one thread (set FASTACT_NUM_THREADS=1, and
FASTACT_ISA=avx2 for AVX2), n = 65536; ns/element = min over 200 samples of 5
calls, thread CPU time. Run it under each build's interpreter to compare
(BENCHMARKS.md 2026-12-07 session 10, h10-near):

  FASTACT_NUM_THREADS=1 python benchmarks/alias_sweep.py tanh,gelu,silu float32 \\
      0,16,48,80,144,208,272,400,528,2048 48
"""
from __future__ import annotations

import sys
import time

import numpy as np

import fastact as fa


def main() -> None:
    names = sys.argv[1].split(",")
    dtype = np.dtype(sys.argv[2])
    ds = [int(v) for v in sys.argv[3].split(",")]
    x_offset = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    n, size = 65536, dtype.itemsize
    big = np.empty(3 * n + 8192 // size, dtype)
    base = (-big.ctypes.data % 4096) // size + x_offset // size
    x = big[base:base + n]
    x[:] = 4 * np.random.default_rng(0).standard_normal(n)

    def best(f, reps=200):
        b = 1e9
        for _ in range(reps):
            t0 = time.thread_time_ns()
            for _ in range(5):
                f()
            b = min(b, time.thread_time_ns() - t0)
        return b / n / 5

    print(f"fastact {fa.__file__}, {dtype}, x at {x_offset} mod 64; ns/element")
    print("| d (bytes) | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for d in ds:
        s = base + n + 4096 // size + d // size
        o = big[s:s + n]
        assert (o.ctypes.data - x.ctypes.data) % 4096 == d % 4096
        row = [best(lambda nm=nm: getattr(fa, nm)(x, out=o)) for nm in names]
        print(f"| {d} | " + " | ".join(f"{v:.3f}" for v in row) + " |")


if __name__ == "__main__":
    main()
