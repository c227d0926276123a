"""A/B timing of the exp family's backward passes (log_sigmoid, softplus, elu,
selu, celu from x; sigmoid, tanh, elu from y) against torch's aten *_backward
kernels (the ladder's peers, benchmarks/peers.py), out= given, one thread,
min over repetitions of thread CPU time (ab_gelu.best), fastact and torch
taking turns:
  FASTACT_AB_CLOCK=thread FASTACT_NUM_THREADS=1 python benchmarks/ab_expbwd.py [n] [reps] [dtypes] [rows]
dtypes: 32, 64 or 32,64 (default); rows: comma-separated names below (default all).
For AVX2 hold both to it (torch reads ATEN_CPU_CAPABILITY when it loads):
  FASTACT_ISA=avx2 ATEN_CPU_CAPABILITY=avx2 ... python benchmarks/ab_expbwd.py
Before/after across builds: run it under each build (PYTHONPATH or venv);
torch's column, timed in the same process, is the yardstick for the ratio."""
import os
import sys

import numpy as np

import fastact as fa
from ab_gelu import best

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def rows(x, dy, y, out, torch):
    """name -> (fastact call, torch call or None)"""
    t = {}
    if torch is not None:
        aten = torch.ops.aten
        tx, tdy, tout = (torch.from_numpy(a) for a in (x, dy, out))
        ty = {k: torch.from_numpy(v) for k, v in y.items()}
        buf = aten.log_sigmoid_forward(tx)[1]

        def elu(alpha, scale, from_y, arg):
            return lambda: aten.elu_backward.grad_input(tdy, alpha, scale, 1.0, from_y, arg, grad_input=tout)
        t = {"log_sigmoid": lambda: aten.log_sigmoid_backward.grad_input(tdy, tx, buf, grad_input=tout),
             "softplus": lambda: aten.softplus_backward.grad_input(tdy, tx, 1.0, 20.0, grad_input=tout),
             "elu": elu(1.0, 1.0, False, tx), "selu": elu(SELU_ALPHA, SELU_SCALE, False, tx),
             "celu": elu(1.0, 1.0, False, tx),
             "sigmoid_y": lambda: aten.sigmoid_backward.grad_input(tdy, ty["sigmoid"], grad_input=tout),
             "tanh_y": lambda: aten.tanh_backward.grad_input(tdy, ty["tanh"], grad_input=tout),
             "elu_y": elu(1.0, 1.0, True, ty["elu"])}
    f = {"log_sigmoid": lambda: fa.log_sigmoid.backward(dy, x, out=out),
         "softplus": lambda: fa.softplus.backward(dy, x, out=out),
         "elu": lambda: fa.elu.backward(dy, x, out=out),
         "selu": lambda: fa.selu.backward(dy, x, out=out),
         "celu": lambda: fa.celu.backward(dy, x, out=out),
         "sigmoid_y": lambda: fa.sigmoid.backward(dy, y=y["sigmoid"], out=out),
         "tanh_y": lambda: fa.tanh.backward(dy, y=y["tanh"], out=out),
         "elu_y": lambda: fa.elu.backward(dy, y=y["elu"], out=out)}
    return {k: (f[k], t.get(k)) for k in f}


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 65536
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    tags = sys.argv[3].split(",") if len(sys.argv) > 3 else ["32", "64"]
    pick = sys.argv[4].split(",") if len(sys.argv) > 4 else None
    try:
        import torch
        torch.set_num_threads(1)
    except ImportError:
        torch = None
    rng = np.random.default_rng(0)
    print(f"n={n} isa={os.environ.get('FASTACT_ISA', 'auto')} "
          f"aten={os.environ.get('ATEN_CPU_CAPABILITY', 'default')} {fa.__file__}")
    for tag in tags:
        dt = {"32": np.float32, "64": np.float64}[tag]
        x = (rng.standard_normal(n) * 4).astype(dt)  # as the ladder
        dy = rng.standard_normal(n).astype(dt)
        y = {"sigmoid": fa.sigmoid(x), "tanh": fa.tanh(x), "elu": fa.elu(x)}
        out = np.empty_like(x)
        for name, (mine, theirs) in rows(x, dy, y, out, torch).items():
            if pick and name not in pick:
                continue
            tm, tt = float("inf"), float("inf")
            for _ in range(4):  # taking turns, min over all rounds
                tm = min(tm, best(mine, max(1, reps // 4)))
                if theirs is not None:
                    tt = min(tt, best(theirs, max(1, reps // 4)))
            print(f"f{tag} {name:12s} fastact {tm / n:.3f} torch {tt / n:.3f} ns/el  ratio {tt / tm:.2f}x")


if __name__ == "__main__":
    main()
