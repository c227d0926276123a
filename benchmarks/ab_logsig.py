"""A/B of log_sigmoid backward (from x) and derivative, and softplus'
(beta = 1, the shared body): main's build (before: its package directory,
loaded as fastact_before by ab_before_after.load_before), this build (after)
and torch's log_sigmoid_backward (which reads the buffer e^-|x| its forward
saved) in one process, calls alternating in rounds; thread CPU time, minimum
over samples of `block` calls (10 below n = 1e6, else 1), ns/element, out=
given, x = 4 N(0, 1), dy = N(0, 1). One thread:

  FASTACT_NUM_THREADS=1 python benchmarks/ab_logsig.py \\
      /work/main/.venv/lib/python3.11/site-packages/fastact [n] [samples] [dtypes]

dtypes: comma-separated of float32, float64 (default both). torch's
derivative column is log_sigmoid_backward with dy = 1.
"""
from __future__ import annotations

import os
import sys

import numpy as np
import torch
from ab_before_after import load_before, race_blocks

import fastact as after


def main() -> None:
    torch.set_num_threads(1)
    before = load_before(sys.argv[1])
    n = int(float(sys.argv[2])) if len(sys.argv) > 2 else 65536
    samples = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    dtypes = sys.argv[4].split(",") if len(sys.argv) > 4 else ["float32", "float64"]
    block = 10 if n < 1e6 else 1
    print(f"n={n} isa={os.environ.get('FASTACT_ISA', 'auto')} "
          f"load={os.getloadavg()[0]:.1f} after={after.__file__}")
    for dt in dtypes:
        rng = np.random.default_rng(0)
        x = (rng.standard_normal(n) * 4).astype(dt)
        dy = rng.standard_normal(n).astype(dt)
        out = np.empty_like(x)
        tx, tdy, tout = (torch.from_numpy(a) for a in (x, dy, out))
        ones = torch.ones(n, dtype=tx.dtype)
        buf = torch.ops.aten.log_sigmoid_forward(tx)[1]

        def calls(mod):
            return {"bwd": lambda: mod.log_sigmoid.backward(dy, x, out=out),
                    "der": lambda: mod.log_sigmoid.derivative(x, out=out),
                    "sp_der": lambda: mod.softplus.derivative(x, out=out)}

        torch_calls = {
            "bwd": lambda: torch.ops.aten.log_sigmoid_backward.grad_input(
                tdy, tx, buf, grad_input=tout),
            "der": lambda: torch.ops.aten.log_sigmoid_backward.grad_input(
                ones, tx, buf, grad_input=tout),
            "sp_der": lambda: torch.ops.aten.softplus_backward.grad_input(
                ones, tx, 1.0, 20.0, grad_input=tout)}
        b_calls, a_calls = calls(before), calls(after)
        for row in ("bwd", "der", "sp_der"):
            cs = {"before": b_calls[row], "after": a_calls[row], "torch": torch_calls[row]}
            t = race_blocks(cs, samples, block)
            b, a, tt = (t[k] / n for k in ("before", "after", "torch"))
            print(f"{row} {dt}: before {b:.3f} after {a:.3f} ({b / a:.2f}x) torch {tt:.3f} "
                  f"(torch/before {tt / b:.2f}, torch/after {tt / a:.2f})")


if __name__ == "__main__":
    main()
