"""A/B timing of softmax / log_softmax (forward, backward from y) along a
strided axis (axis 0 of C-ordered 2-D arrays: inner > 1), beside the same
data's rows (axis -1, inner == 1) and, optionally, another build of fastact, all
in one process, calls taking turns; minimum thread CPU time over the
repetitions, ns per element, out= given, one thread:

  FASTACT_NUM_THREADS=1 python benchmarks/ab_axis_strided.py [--reps 100]
      [--dtypes float32,float64] [--shapes 1000x1000,4096x128,128x4096]
      [--names softmax,log_softmax] [--passes forward,backward_y] [--base fastact_base]
      [--torch]

--base as in ab_softmax.py (an importable copy of an earlier build).
FASTACT_ISA holds both builds to an ISA (ATEN_CPU_CAPABILITY torch)."""
from __future__ import annotations

import argparse
import importlib

import numpy as np
from ab_softmax import race

import fastact as fa


def call(lib, name, pass_, axis, x, dy, y, out):
    if lib == "torch":  # torch's own kernels, out= given (as ab_softmax.py)
        import torch
        tx, tdy, ty, to = (torch.from_numpy(a) for a in (x, dy, y, out))
        if pass_ == "forward":
            f = torch._softmax if name == "softmax" else torch._log_softmax
            return lambda: f(tx, axis, False, out=to)
        f = torch._softmax_backward_data if name == "softmax" else torch._log_softmax_backward_data
        key = "grad_input" if name == "softmax" else "out"
        return lambda: f(tdy, ty, axis, ty.dtype, **{key: to})
    f = getattr(lib, name)
    if pass_ == "forward":
        return lambda: f(x, axis=axis, out=out)
    return lambda: f.backward(dy, y=y, axis=axis, out=out)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--reps", type=int, default=100)
    p.add_argument("--dtypes", default="float32,float64")
    p.add_argument("--shapes", default="1000x1000,4096x128,128x4096")
    p.add_argument("--names", default="softmax,log_softmax")
    p.add_argument("--passes", default="forward,backward_y")
    p.add_argument("--base", default=None)
    p.add_argument("--torch", action="store_true", help="time torch's kernels along axis 0 too")
    a = p.parse_args()
    libs = {"new": fa}
    if a.base:
        libs["base"] = importlib.import_module(a.base)
    for lib in libs.values():
        lib.set_num_threads(1)
    print(f"isa {fa._config.config()['isa']}; ns/element, min thread CPU time")
    for dt in a.dtypes.split(","):
        for shape in a.shapes.split(","):
            dims = tuple(int(d) for d in shape.split("x"))
            rng = np.random.default_rng(0)
            x = (rng.standard_normal(dims) * 3).astype(dt)
            dy = rng.standard_normal(dims).astype(dt)
            out = np.empty_like(x)
            for name in a.names.split(","):
                y = fa.get(name)(x, axis=0)
                for pass_ in a.passes.split(","):
                    impls = {}
                    for key, lib in libs.items():
                        impls[f"{key} axis0"] = call(lib, name, pass_, 0, x, dy, y, out)
                    impls["new axis-1"] = call(fa, name, pass_, -1, x, dy, y, out)
                    if a.torch:
                        impls["torch axis0"] = call("torch", name, pass_, 0, x, dy, y, out)
                    best = race(impls, a.reps)
                    cells = "  ".join(f"{k} {v / x.size:.3f}" for k, v in best.items())
                    ratio = ""
                    if "base axis0" in best:
                        ratio = f"  base/new {best['base axis0'] / best['new axis0']:.2f}x"
                    if "torch axis0" in best:
                        ratio += f"  torch/new {best['torch axis0'] / best['new axis0']:.2f}x"
                    print(f"{dt} {shape} {name} {pass_}: {cells}{ratio}", flush=True)


if __name__ == "__main__":
    main()
