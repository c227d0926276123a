"""4K aliasing: fastact f(x, out=o) with o placed d bytes above x modulo 4096.

x and o lie in one buffer, a page multiple plus d bytes apart, x at x_offset
bytes past a 64-byte boundary; one thread (set FASTACT_NUM_THREADS=1, and
FASTACT_ISA=avx2 for AVX2), n = 65536; ns/element = min over 200 samples of 5
calls, thread CPU time. Run it under each build's interpreter to compare
(BENCHMARKS.md 2026-12-07 session 10, h10-near):

  FASTACT_NUM_THREADS=1 python benchmarks/alias_sweep.py tanh,gelu,silu float32 \\
      0,16,48,80,144,208,272,400,528,2048 48

The two-input passes (session 11, h11-alias2): a name with a suffix, tanh:bx
(backward from x, fa.tanh.backward(dy, x, out=o)) or tanh:by (from y), places
o d bytes above x (or y); tanh:bx@dy, tanh:by@dy d bytes above dy. The other
input then sits 2048 bytes off both, away from either window. relu:bx@ip runs
in place, dy (= out) d bytes above x, x in [20, 30) where f' is 1 or 0;
relu:d the derivative.
"""
from __future__ import annotations

import sys
import time

import numpy as np

import fastact as fa


def _call(spec: str, bufs):
    """(callable, which input o is placed against) for name[:bx|:by][@dy]"""
    name, _, rel = spec.partition("@")
    name, _, pass_ = name.partition(":")
    act = getattr(fa, name)
    u, v, o = bufs[:3]  # u: the input o is placed against, v: the other
    if not pass_:
        return lambda: act(u, out=o)
    if pass_ == "d":
        return lambda: act.derivative(u, out=o)
    other = "y" if pass_ == "by" else "x"
    if rel == "ip":  # in place: o is dy, d bytes above x = xs (f' is 1 or 0 there)
        xs = bufs[3]
        o[:] = v
        return lambda: act.backward(o, out=o, **{other: xs})
    if rel == "dy":  # u is dy, v is x or y
        return lambda: act.backward(u, out=o, **{other: v})
    return lambda: act.backward(v, out=o, **{other: u})


def main() -> None:
    names = sys.argv[1].split(",")
    dtype = np.dtype(sys.argv[2])
    ds = [int(v) for v in sys.argv[3].split(",")]
    x_offset = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    n, size = 65536, dtype.itemsize
    big = np.empty(5 * n + 32768 // size, dtype)
    base = (-big.ctypes.data % 4096) // size + x_offset // size
    x = big[base:base + n]
    rng = np.random.default_rng(0)
    x[:] = 4 * rng.standard_normal(n)
    # the other input of the backward passes: 2048 bytes off x modulo 4096
    vb = base + 3 * n + 2 * 4096 // size + 2048 // size
    v = big[vb:vb + n]
    v[:] = np.tanh(rng.standard_normal(n))  # serves as dy, x or y alike
    # x for the in-place runs (@ip): where f' is 1 or 0, so that dy stays put
    xs = big[base + 4 * n + 3 * 4096 // size:base + 5 * n + 3 * 4096 // size]
    xs[:] = 20 + 10 * rng.random(n)

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
        row = [best(_call(nm, (x, v, o, xs))) for nm in names]
        print(f"| {d} | " + " | ".join(f"{v:.3f}" for v in row) + " |")


if __name__ == "__main__":
    main()
