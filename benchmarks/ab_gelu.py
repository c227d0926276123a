"""A/B timing of gelu float32 (forward, backward from x) in one process: min
over repetitions of one call on n elements, ns per element, against torch.
Run once per build (PYTHONPATH picks it), alternating builds, several rounds:
  FASTACT_NUM_THREADS=1 python benchmarks/ab_gelu.py [n] [reps]"""
import sys
import time

import numpy as np

import fastact as fa


def best(f, reps):
    f()
    t = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        f()
        t.append(time.perf_counter_ns() - t0)
    return min(t)


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 65536
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(n) * 4).astype(np.float32)  # as test_bench_elementwise.py
    dy = rng.standard_normal(n).astype(np.float32)
    out = np.empty_like(x)
    row = {"fwd": best(lambda: fa.gelu(x, out=out), reps) / n,
           "bwd": best(lambda: fa.gelu.backward(dy, x, out=out), reps) / n}
    try:
        import torch
        torch.set_num_threads(1)
        tx, tdy, tout = torch.from_numpy(x), torch.from_numpy(dy), torch.from_numpy(out)
        row["torch_fwd"] = best(lambda: torch._C._nn.gelu(tx, out=tout), reps) / n
        row["torch_bwd"] = best(lambda: torch.ops.aten.gelu_backward.grad_input(tdy, tx, grad_input=tout), reps) / n
    except ImportError:
        pass
    print(fa.__file__, fa.show_config.__module__ if False else "", " ".join(f"{k}={v:.3f}" for k, v in row.items()))


if __name__ == "__main__":
    main()
