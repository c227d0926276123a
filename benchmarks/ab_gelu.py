"""A/B timing of gelu float32 (float64 with --float64; forward, derivative,
backward from x; the erf form, or the tanh form with --tanh) in one process: min over repetitions of one
call on n elements with out= given, ns per element, against torch (F.gelu's
aten.gelu.out and aten.gelu_backward; torch has no derivative alone, so its
gelu_backward stands beside both). Run once per build (PYTHONPATH picks it),
alternating builds, several rounds:
  FASTACT_NUM_THREADS=1 python benchmarks/ab_gelu.py [n] [reps] [--tanh] [--float64]
AVX2 on both sides: FASTACT_ISA=avx2 ATEN_CPU_CAPABILITY=avx2 (set before
torch is imported, as here)."""
import os
import sys
import time

import numpy as np

import fastact as fa


def best(f, reps):
    """min over reps of one call, in ns: wall time, or with FASTACT_AB_CLOCK=thread
    the calling thread's CPU time (robust to other processes taking the core;
    one thread only). Shared by the other ab_*.py scripts."""
    clock = time.thread_time_ns if os.environ.get("FASTACT_AB_CLOCK") == "thread" else time.perf_counter_ns
    f()
    t = []
    for _ in range(reps):
        t0 = clock()
        f()
        t.append(clock() - t0)
    return min(t)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    tanh = "--tanh" in sys.argv
    dtype = np.float64 if "--float64" in sys.argv else np.float32
    n = int(float(args[0])) if args else 65536
    reps = int(args[1]) if len(args) > 1 else 2000
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(n) * 4).astype(dtype)  # as test_bench_elementwise.py
    dy = rng.standard_normal(n).astype(dtype)
    out = np.empty_like(x)
    kw = {"approximate": "tanh"} if tanh else {}
    row = {"fwd": best(lambda: fa.gelu(x, out=out, **kw), reps) / n,
           "der": best(lambda: fa.gelu.derivative(x, out=out, **kw), reps) / n,
           "bwd": best(lambda: fa.gelu.backward(dy, x, out=out, **kw), reps) / n}
    try:
        import torch
        torch.set_num_threads(1)
        tx, tdy, tout = torch.from_numpy(x), torch.from_numpy(dy), torch.from_numpy(out)
        approximate = "tanh" if tanh else "none"
        row["torch_fwd"] = best(lambda: torch._C._nn.gelu(tx, approximate=approximate, out=tout), reps) / n
        row["torch_bwd"] = best(lambda: torch.ops.aten.gelu_backward.grad_input(
            tdy, tx, approximate=approximate, grad_input=tout), reps) / n
    except ImportError:
        pass
    print(fa.__file__, "tanh" if tanh else "erf", np.dtype(dtype).name, n, " ".join(f"{k}={v:.3f}" for k, v in row.items()))


if __name__ == "__main__":
    main()
