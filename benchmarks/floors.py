"""Floors of the cheap, load/store-bound backward passes (issue 13 items 1, 3, 4):
fastact, torch and the cheapest pass over the same arrays side by side, one
thread, in ns/element:

    FASTACT_NUM_THREADS=1 python benchmarks/floors.py [--isa avx2] [--repeat 25]

* elementwise backward from y (sigmoid, tanh, elu) and log_sigmoid's from x, at
  n = 65536 (in L2) and 1e7 (memory): the floor is benchmarks/floors.c's
  c = a b over dy and y (x), plain stores and streaming stores (the better of
  the two is the floor; fastact streams large outputs, stream.h);
* softmax / log_softmax backward from y along the last axis: floors.c's two
  passes a row (the sum, then the product pass).

The floor loops repeat inside one call (no call overhead); fastact and torch
are timed as a user calls them, out= given, so their figures include a call
(about 0.45 us fastact, 2.2 us torch on the CPU of BENCHMARKS.md: the first
line printed). Each figure is the minimum over --repeat rounds (calls taking
turns) of the thread CPU time. Where torch / floor is under 1.5, the issue's
1.5x over torch cannot be met by any pass that reads and writes these arrays.

Then log_sigmoid forward + backward as a training step runs them: torch's
forward (log_sigmoid_forward) writes the e^-|x| buffer beside its output, and
its backward reads it (three arrays, no exp); fastact's backward recomputes
from x. The backward alone flatters torch; the pair is the fair comparison.

--isa avx2 runs a child with FASTACT_ISA=avx2, ATEN_CPU_CAPABILITY=avx2 and
NPY_DISABLE_CPU_FEATURES=X86_V4, and the floor compiled for x86-64-v3. Needs a
C compiler (cc, or $CC) and PyTorch.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import subprocess
import sys
import tempfile
import time
from typing import Callable

HERE = os.path.dirname(os.path.abspath(__file__))
ELEMENTWISE = (("sigmoid", "backward_y"), ("tanh", "backward_y"), ("elu", "backward_y"),
               ("log_sigmoid", "backward_x"))
SIZES = (65536, 10**7)
SHAPES = ((1024, 1000), (64, 50257), (4096, 128))
CHILD_ENV = {"FASTACT_ISA": "avx2", "ATEN_CPU_CAPABILITY": "avx2", "NPY_DISABLE_CPU_FEATURES": "X86_V4"}


def compile_floor(isa: str, directory: str) -> ctypes.CDLL:
    """floors.c built for isa (x86-64-v4 for avx512, v3 for avx2)."""
    march = "x86-64-v4" if isa == "avx512" else "x86-64-v3"
    lib = os.path.join(directory, f"floors_{isa}.so")
    subprocess.run([os.environ.get("CC", "cc"), "-O3", f"-march={march}", "-ffast-math", "-shared",
                    "-fPIC", os.path.join(HERE, "floors.c"), "-o", lib], check=True)
    floor = ctypes.CDLL(lib)
    p, size, int_ = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int
    for name in ("mul_f32", "mul_f64"):
        getattr(floor, name).argtypes = [p, p, p, size, int_, int_]
    for name in ("rows_f32", "rows_f64", "rowsum_f32", "rowsum_f64"):
        getattr(floor, name).argtypes = [p, p, p, size, size, int_]
    return floor


def minima(calls: dict[str, tuple[Callable[[], object], int]], elements: int, repeat: int) -> dict[str, float]:
    """ns/element of each (call, passes a call): the fastest batch, calls taking turns."""
    batch = {}
    for name, (call, _) in calls.items():
        call()
        start = time.thread_time_ns()
        call()
        batch[name] = max(1, int(2e6 / max(time.thread_time_ns() - start, 1)))
    best = dict.fromkeys(calls, float("inf"))
    for round_ in range(repeat):
        for name in (list(calls) if round_ % 2 == 0 else list(calls)[::-1]):
            call, passes = calls[name]
            start = time.thread_time_ns()
            for _ in range(batch[name]):
                call()
            elapsed = time.thread_time_ns() - start
            best[name] = min(best[name], elapsed / batch[name] / passes / elements)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--isa", choices=("avx512", "avx2"), default="avx512")
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()
    if args.isa == "avx2" and os.environ.get("FASTACT_ISA") != "avx2":
        sys.exit(subprocess.call([sys.executable, *sys.argv], env={**os.environ, **CHILD_ENV}))
    os.environ.setdefault("FASTACT_NUM_THREADS", "1")
    sys.path.insert(0, HERE)
    import numpy as np
    import torch

    import fastact as fa
    import oracle
    import peers
    from ladder import cpu_model

    torch.set_num_threads(1)
    aten = torch.ops.aten
    reps = 10  # passes of a floor call
    with tempfile.TemporaryDirectory() as directory:
        floor = compile_floor(args.isa, directory)
        print(f"CPU {cpu_model()}; "
              f"fastact {fa._config.config()['isa']}, torch {torch.backends.cpu.get_cpu_capability()}; "
              f"one thread; {os.popen('uptime').read().strip()}")
        x16, dy16 = oracle.inputs("float32", 16)
        y16, o16 = fa.sigmoid(x16), np.empty_like(x16)
        call = minima({"fastact": (peers.bind(peers.fastact_impl("sigmoid", "backward_y"), x16, dy16, y16, o16), 1),
                       "torch": (peers.bind(peers.PEERS[("sigmoid", "backward_y")]["torch"], x16, dy16, y16, o16), 1)},
                      1, args.repeat)
        print(f"call overhead (n = 16), ns: fastact {call['fastact']:.0f}, torch {call['torch']:.0f}\n")
        print("| pass | dtype, size | fastact | torch | floor plain / streaming | torch / floor | fastact / floor |")
        print("|---|---|---|---|---|---|---|")
        ptr = lambda a: a.ctypes.data  # noqa: E731
        for dtype in ("float32", "float64"):
            suffix = "f32" if dtype == "float32" else "f64"
            for size in SIZES:
                x, dy = oracle.inputs(dtype, size)
                out = np.empty_like(x)
                out.fill(0)
                mul = getattr(floor, "mul_" + suffix)
                for row, pass_ in ELEMENTWISE:
                    y = peers.as_numpy(peers.bind(peers.fastact_impl(row, "forward"), x)())
                    second = y if pass_ == "backward_y" else x
                    ns = minima({
                        "fastact": (peers.bind(peers.fastact_impl(row, pass_), x, dy, y, out), 1),
                        "torch": (peers.bind(peers.PEERS[(row, pass_)]["torch"], x, dy, y, out), 1),
                        "plain": (lambda s=second: mul(ptr(dy), ptr(s), ptr(out), size, 0, reps), reps),
                        "stream": (lambda s=second: mul(ptr(dy), ptr(s), ptr(out), size, 1, reps), reps),
                    }, size, args.repeat)
                    low = min(ns["plain"], ns["stream"])
                    print(f"| {row} {pass_} | {dtype} {size:g} | {ns['fastact']:.3f} | {ns['torch']:.3f} | "
                          f"{ns['plain']:.3f} / {ns['stream']:.3f} | {ns['torch'] / low:.2f} | "
                          f"{ns['fastact'] / low:.2f} |", flush=True)
            for shape in SHAPES:
                x, dy = oracle.inputs(dtype, shape)
                out = np.empty_like(x)
                out.fill(0)
                for row, kind in (("softmax", "rows_"), ("log_softmax", "rowsum_")):
                    y = peers.as_numpy(peers.bind(peers.fastact_impl(row, "forward"), x)())
                    rows = getattr(floor, kind + suffix)
                    ns = minima({
                        "fastact": (peers.bind(peers.fastact_impl(row, "backward_y"), x, dy, y, out), 1),
                        "torch": (peers.bind(peers.AXIS_PEERS[(row, "backward_y")]["torch"], x, dy, y, out), 1),
                        "floor": (lambda y=y, rows=rows, s=shape: rows(ptr(dy), ptr(y), ptr(out), s[0], s[1], reps), reps),
                    }, x.size, args.repeat)
                    print(f"| {row} backward_y | {dtype} {shape[0]}x{shape[1]} | {ns['fastact']:.3f} | "
                          f"{ns['torch']:.3f} | {ns['floor']:.3f} (two passes) | {ns['torch'] / ns['floor']:.2f} | "
                          f"{ns['fastact'] / ns['floor']:.2f} |", flush=True)
        print("\nlog_sigmoid forward + backward (torch: log_sigmoid_forward with its buffer, "
              "then log_sigmoid_backward from it; fastact: forward, then backward from x)\n")
        print("| dtype, size | fastact fwd + bwd | torch fwd (+buffer) + bwd (buffer) | torch / fastact |")
        print("|---|---|---|---|")
        f = fa.get("log_sigmoid")
        for dtype in ("float32", "float64"):
            for size in SIZES:
                x, dy = oracle.inputs(dtype, size)
                y, dx, buffer = np.zeros_like(x), np.zeros_like(x), np.zeros_like(x)
                tx, tdy, ty, tdx, tbuffer = map(torch.from_numpy, (x, dy, y, dx, buffer))
                ns = minima({
                    "fa fwd": (lambda: f(x, out=y), 1),
                    "fa bwd": (lambda: f.backward(dy, x, out=dx), 1),
                    "torch fwd": (lambda: aten.log_sigmoid_forward.output(tx, output=ty, buffer=tbuffer), 1),
                    "torch bwd": (lambda: aten.log_sigmoid_backward.grad_input(tdy, tx, tbuffer, grad_input=tdx), 1),
                }, size, args.repeat)
                ours, theirs = ns["fa fwd"] + ns["fa bwd"], ns["torch fwd"] + ns["torch bwd"]
                print(f"| {dtype} {size:g} | {ns['fa fwd']:.3f} + {ns['fa bwd']:.3f} = {ours:.3f} | "
                      f"{ns['torch fwd']:.3f} + {ns['torch bwd']:.3f} = {theirs:.3f} | {theirs / ours:.2f}x |",
                      flush=True)
        print(f"\n{os.popen('uptime').read().strip()}")


if __name__ == "__main__":
    main()
