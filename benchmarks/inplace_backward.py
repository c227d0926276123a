"""In place against out of place for the backward passes (SPEC: in place never
more than 10% slower than out of place, at any size): f.backward(dy, x,
out=dy) against out= a separate array, dy refreshed before every call (outside
the timing; in place it would shrink to subnormals), both with the same cache
state. One thread (FASTACT_NUM_THREADS=1); thread CPU time, min over samples;
ns/element. Session 11 (h11-alias2):

  FASTACT_NUM_THREADS=1 python benchmarks/inplace_backward.py float32 65536,10000000 \\
      [names] [samples]
"""
from __future__ import annotations

import sys
import time

import numpy as np

import fastact as fa

NAMES = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "celu", "gelu",
         "silu", "swish", "mish", "softplus", "softsign", "log_sigmoid", "hard_sigmoid",
         "hard_swish", "hard_tanh", "relu6", "linear", "step"]


def main() -> None:
    dtype = np.dtype(sys.argv[1])
    sizes = [int(float(v)) for v in sys.argv[2].split(",")]
    names = sys.argv[3].split(",") if len(sys.argv) > 3 and sys.argv[3] else NAMES
    samples = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    print(f"fastact {fa.__file__}, {dtype}; ns/element, out of place / in place (out=dy)")
    for n in sizes:
        reps = samples or (200 if n < 1e6 else 12)
        rng = np.random.default_rng(1)
        x = (4 * rng.standard_normal(n)).astype(dtype)
        dy0 = rng.standard_normal(n).astype(dtype)
        dy = np.empty_like(dy0)
        o = np.empty_like(dy0)
        print(f"n = {n}\n| function | out of place | in place | ratio |\n|---|---|---|---|")
        for nm in names:
            act = getattr(fa, nm)
            best = {"oop": 1e18, "in": 1e18}
            for _ in range(reps):
                for which, out in (("oop", o), ("in", dy)):
                    np.copyto(dy, dy0)
                    t0 = time.thread_time_ns()
                    act.backward(dy, x, out=out)
                    best[which] = min(best[which], time.thread_time_ns() - t0)
            a, b = best["oop"] / n, best["in"] / n
            flag = " ✗" if b > 1.1 * a else ""
            print(f"| {nm} | {a:.3f} | {b:.3f} | {b / a:.2f}{flag} |")


if __name__ == "__main__":
    main()
