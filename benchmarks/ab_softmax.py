"""A/B timing of softmax / log_softmax (forward, backward from y) along the last
axis of the shapes of test_bench_axis.py, against torch's own kernels
(`_softmax`, `_log_softmax`, `_softmax_backward_data`,
`_log_softmax_backward_data`) and, optionally, another build of fastact, all in
one process: the implementations take turns call by call, and each keeps the
minimum over the repetitions, in ns per element. Thread CPU time by default
(robust to other processes taking a shared machine's core; one thread only):

  FASTACT_NUM_THREADS=1 python benchmarks/ab_softmax.py [--reps 200] [--out]
      [--dtypes float32,float64] [--shapes 1024x1000,64x50257,4096x128]
      [--names softmax,log_softmax] [--passes forward,backward_y] [--base fastact_base]

--out gives out= to every implementation (as the ladder does), one array for
all of them (an output's address modulo 4096 against the inputs' moved a
float32 backward row by up to 40%: simd/softmax_f32.h fa_smx_from_end), and
adds a "bound" column: np.negative(x, out=) for the forward passes,
np.multiply(dy, y, out=) for the backward ones (the same arrays' traffic with
almost no arithmetic); without it each call allocates its result. --base names an importable copy of an earlier build
(copy an installed fastact package to DIR/fastact_base and put DIR on
PYTHONPATH; its relative imports make it a second, independent library), timed
beside the installed one. FASTACT_ISA / ATEN_CPU_CAPABILITY hold both to an ISA."""
from __future__ import annotations

import argparse
import importlib
import time

import numpy as np

import fastact as fa

SHAPES = "1024x1000,64x50257,4096x128"


def calls(lib, name: str, pass_: str, x, dy, y, out):
    """A no-argument call of lib's (fastact or torch) name/pass on the arrays."""
    if lib == "torch":
        import torch
        tx, tdy, ty = (torch.from_numpy(a) for a in (x, dy, y))
        to = torch.from_numpy(out) if out is not None else None
        if pass_ == "forward":
            f = torch._softmax if name == "softmax" else torch._log_softmax
            return (lambda: f(tx, -1, False)) if to is None else (lambda: f(tx, -1, False, out=to))
        f = torch._softmax_backward_data if name == "softmax" else torch._log_softmax_backward_data
        if to is None:
            return lambda: f(tdy, ty, -1, ty.dtype)
        key = "grad_input" if name == "softmax" else "out"
        return lambda: f(tdy, ty, -1, ty.dtype, **{key: to})
    f = getattr(lib, name)
    if pass_ == "forward":
        return (lambda: f(x)) if out is None else (lambda: f(x, out=out))
    return (lambda: f.backward(dy, y=y)) if out is None else (lambda: f.backward(dy, y=y, out=out))


def race(impls: dict, reps: int) -> dict:
    """min thread CPU ns of each call, the calls taking turns"""
    clock = time.thread_time_ns
    best = {k: float("inf") for k in impls}
    for f in impls.values():
        f()
    for _ in range(reps):
        for k, f in impls.items():
            t0 = clock()
            f()
            best[k] = min(best[k], clock() - t0)
    return best


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reps", type=int, default=200)
    p.add_argument("--out", action="store_true")
    p.add_argument("--dtypes", default="float32,float64")
    p.add_argument("--shapes", default=SHAPES)
    p.add_argument("--names", default="softmax,log_softmax")
    p.add_argument("--passes", default="forward,backward_y")
    p.add_argument("--base", default=None)
    p.add_argument("--no-torch", action="store_true")
    args = p.parse_args()
    libs = {"fastact": fa}
    if args.base:
        libs = {"base": importlib.import_module(args.base), **libs}
    if not args.no_torch:
        import torch
        torch.set_num_threads(1)
        libs["torch"] = "torch"
    print(f"fastact {fa.__file__}; ISA {fa._core.current_isa()}; "
          f"out= {'given' if args.out else 'allocated'}; reps {args.reps}; ns/element (min thread CPU)")
    for dtype in args.dtypes.split(","):
        for shape in [tuple(int(v) for v in s.split("x")) for s in args.shapes.split(",")]:
            rng = np.random.default_rng(0)
            x = (rng.standard_normal(shape) * 4).astype(dtype)  # as test_bench_axis.py
            dy = rng.standard_normal(shape).astype(dtype)
            for name in args.names.split(","):
                y = getattr(fa, name)(x)
                for pass_ in args.passes.split(","):
                    out = np.empty_like(x) if args.out else None
                    impls = {k: calls(lib, name, pass_, x, dy, y, out) for k, lib in libs.items()}
                    if out is not None:
                        impls["bound"] = ((lambda: np.negative(x, out=out)) if pass_ == "forward"
                                          else (lambda: np.multiply(dy, y, out=out)))
                    t = race(impls, args.reps)
                    ns = {k: v / x.size for k, v in t.items()}
                    cells = " ".join(f"{k} {v:.3f}" for k, v in ns.items())
                    ratios = ""
                    if "torch" in ns:
                        ratios += f" torch/fastact {ns['torch'] / ns['fastact']:.2f}x"
                    if "base" in ns:
                        ratios += f" base/fastact {ns['base'] / ns['fastact']:.2f}x"
                    print(f"{dtype} {'x'.join(map(str, shape)):>9} {name:>11} {pass_:>10}: {cells} |{ratios}",
                          flush=True)


if __name__ == "__main__":
    main()
