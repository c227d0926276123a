"""A/B timing of softmax / log_softmax (forward, backward from y) along the last
axis of the shapes of test_bench_axis.py, against torch's own kernels, in one
process: min over repetitions, ns per element, output arrays allocated by every
call on both sides (as the benchmarks do). Run once per build (on a shared
machine FASTACT_AB_CLOCK=thread times the thread's CPU time, see ab_gelu.best):
  FASTACT_NUM_THREADS=1 FASTACT_AB_CLOCK=thread python benchmarks/ab_softmax.py [reps] [dtype ...]"""
import sys

import numpy as np

import fastact as fa
from ab_gelu import best

SHAPES = [(1024, 1000), (64, 50257), (4096, 128)]


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    dtypes = sys.argv[2:] or ["float32", "float64"]
    try:
        import torch
        torch.set_num_threads(1)
    except ImportError:
        torch = None
    for dtype in dtypes:
        for shape in SHAPES:
            rng = np.random.default_rng(0)
            x = (rng.standard_normal(shape) * 4).astype(dtype)  # as test_bench_axis.py
            dy = rng.standard_normal(shape).astype(dtype)
            cells = []
            for name in ("softmax", "log_softmax"):
                f = getattr(fa, name)
                y = f(x)
                mine = (best(lambda: f(x), reps) / x.size, best(lambda: f.backward(dy, y=y), reps) / x.size)
                theirs = (float("nan"),) * 2
                if torch is not None:
                    tx, tdy, ty = torch.from_numpy(x), torch.from_numpy(dy), torch.from_numpy(y)
                    fwd = torch._softmax if name == "softmax" else torch._log_softmax
                    bwd = torch._softmax_backward_data if name == "softmax" else torch._log_softmax_backward_data
                    theirs = (best(lambda: fwd(tx, -1, False), reps) / x.size,
                              best(lambda: bwd(tdy, ty, -1, ty.dtype), reps) / x.size)
                for tag, a, b in (("fwd", mine[0], theirs[0]), ("bwd", mine[1], theirs[1])):
                    cells.append(f"{name}.{tag} {a:.3f}/{b:.3f} ({b / a:.2f}x)")
            print(dtype, shape, " | ".join(cells), flush=True)


if __name__ == "__main__":
    main()
