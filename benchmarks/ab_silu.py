"""A/B timing of silu (swish, beta = 1: forward, derivative, backward from x;
float32 and float64) against torch, as ab_gelu.py (its best(): min over
repetitions), out= given, one thread:
  FASTACT_NUM_THREADS=1 python benchmarks/ab_silu.py [n] [reps] [dtypes]
dtypes: 32, 64 or 32,64 (default). For AVX2 hold both to it:
  FASTACT_ISA=avx2 ATEN_CPU_CAPABILITY=avx2 FASTACT_NUM_THREADS=1 python benchmarks/ab_silu.py
(torch reads ATEN_CPU_CAPABILITY when it loads: set it in the environment).
torch has no silu derivative of its own: its column is silu_backward with
dy = 1, which is what a derivative costs there."""
import os
import sys

import numpy as np

import fastact as fa
from ab_gelu import best


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 65536
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    tags = sys.argv[3].split(",") if len(sys.argv) > 3 else ["32", "64"]
    rng = np.random.default_rng(0)
    row = {}
    try:
        import torch
        torch.set_num_threads(1)
    except ImportError:
        torch = None
    for tag in tags:
        dt = {"32": np.float32, "64": np.float64}[tag]
        x = (rng.standard_normal(n) * 4).astype(dt)  # as test_bench_elementwise.py
        dy = rng.standard_normal(n).astype(dt)
        ones = np.ones(n, dt)
        out = np.empty_like(x)
        fns = {"fwd": lambda: fa.swish(x, out=out),
               "der": lambda: fa.swish.derivative(x, out=out),
               "bwd": lambda: fa.swish.backward(dy, x, out=out)}
        if torch is not None:
            tx, tdy, tone, tout = (torch.from_numpy(a) for a in (x, dy, ones, out))
            fns["torch_fwd"] = lambda: torch._C._nn.silu(tx, out=tout)
            fns["torch_der"] = lambda: torch.ops.aten.silu_backward.grad_input(tone, tx, grad_input=tout)
            fns["torch_bwd"] = lambda: torch.ops.aten.silu_backward.grad_input(tdy, tx, grad_input=tout)
        # alternate fastact and torch in rounds, min over all of them
        times = {k: float("inf") for k in fns}
        for _ in range(4):
            for k, f in fns.items():
                times[k] = min(times[k], best(f, max(1, reps // 4)))
        for k, t in times.items():
            row[k + tag] = t / n
    isa = os.environ.get("FASTACT_ISA", "auto")
    aten = os.environ.get("ATEN_CPU_CAPABILITY", "default")
    print(f"n={n} isa={isa} aten={aten} {fa.__file__}")
    print(" ".join(f"{k}={v:.3f}" for k, v in row.items()))


if __name__ == "__main__":
    main()
