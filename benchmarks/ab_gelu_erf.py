"""A/B timing of gelu (erf form) for two builds of fastact: forward,
derivative and backward from x, float32/float64, on x = 4 N(0, 1) (the
ladder's input) and on x all in the tail (-14 < x < -9), beside torch's
gelu and gelu_backward; min over rounds of ab_gelu.best (thread CPU time with
FASTACT_AB_CLOCK=thread), ns per element, out= given, one thread. Two
builds' extension modules cannot share a process (the first one loaded
serves both), so run it once per build, alternating builds, PYTHONPATH
picking the build (a copy of another build's installed fastact package):
  for i in 1 2 3; do for p in /tmp/ab/A ""; do
    FASTACT_NUM_THREADS=1 FASTACT_AB_CLOCK=thread PYTHONPATH=$p python benchmarks/ab_gelu_erf.py [n] [rounds] [dtypes]
  done; done
For AVX2 set FASTACT_ISA=avx2 ATEN_CPU_CAPABILITY=avx2 (torch reads it when
it loads)."""
import os
import sys

import numpy as np

import fastact as fa
from ab_gelu import best


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 65536
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    tags = sys.argv[3].split(",") if len(sys.argv) > 3 else ["32", "64"]
    reps = max(1, int(1e8 // (n * 50 * rounds)))
    import torch
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    for tag in tags:
        dt = {"32": np.float32, "64": np.float64}[tag]
        normal = (rng.standard_normal(n) * 4).astype(dt)
        tail = -(9 + 5 * rng.random(n)).astype(dt)
        for name, x in (("4N(0,1)", normal), ("tail", tail)):
            dy = rng.standard_normal(n).astype(dt)
            out = np.empty_like(x)
            tx, tdy, tout = (torch.from_numpy(a) for a in (x, dy, out))
            fns = {"fwd": lambda: fa.gelu(x, out=out),
                   "der": lambda: fa.gelu.derivative(x, out=out),
                   "bwd": lambda: fa.gelu.backward(dy, x, out=out),
                   "torch_fwd": lambda: torch._C._nn.gelu(tx, approximate="none", out=tout),
                   "torch_bwd": lambda: torch.ops.aten.gelu_backward.grad_input(
                       tdy, tx, approximate="none", grad_input=tout)}
            times = {k: float("inf") for k in fns}
            for _ in range(rounds):
                for k, f in fns.items():
                    times[k] = min(times[k], best(f, reps))
            isa = os.environ.get("FASTACT_ISA", "auto")
            print(f"{'B' if '/wt-' in fa.__file__ else 'A'} float{tag} n={n} "
                  f"x={name} isa={isa} " + " ".join(f"{k}={v / n:.3f}" for k, v in times.items()))


if __name__ == "__main__":
    main()
