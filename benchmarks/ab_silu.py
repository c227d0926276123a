"""A/B timing of silu (swish, beta = 1: forward, backward from x; float32 and
float64) against torch, as ab_gelu.py (its best(): min over repetitions):
  FASTACT_NUM_THREADS=1 python benchmarks/ab_silu.py [n] [reps]"""
import sys

import numpy as np

import fastact as fa
from ab_gelu import best


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 65536
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rng = np.random.default_rng(0)
    row = {}
    for dt, tag in ((np.float32, "32"), (np.float64, "64")):
        x = (rng.standard_normal(n) * 4).astype(dt)  # as test_bench_elementwise.py
        dy = rng.standard_normal(n).astype(dt)
        out = np.empty_like(x)
        row["fwd" + tag] = best(lambda: fa.swish(x, out=out), reps) / n
        row["bwd" + tag] = best(lambda: fa.swish.backward(dy, x, out=out), reps) / n
        try:
            import torch
            torch.set_num_threads(1)
            tx, tdy, tout = torch.from_numpy(x), torch.from_numpy(dy), torch.from_numpy(out)
            row["torch_fwd" + tag] = best(lambda: torch._C._nn.silu(tx, out=tout), reps) / n
            row["torch_bwd" + tag] = best(
                lambda: torch.ops.aten.silu_backward.grad_input(tdy, tx, grad_input=tout), reps) / n
        except ImportError:
            pass
    print(fa.__file__, " ".join(f"{k}={v:.3f}" for k, v in row.items()))


if __name__ == "__main__":
    main()
