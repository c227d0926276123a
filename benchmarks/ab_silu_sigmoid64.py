"""A/B of float64 silu (forward, backward from x, derivative) and sigmoid
forward: main's build (before: its package directory, loaded as fastact_before
by ab_before_after.load_before), this build (after) and torch in one process,
calls alternating in rounds; thread CPU time, minimum over samples of `block`
calls (10 below n = 1e6, else 1), ns/element, out= given, x = 4 N(0, 1), dy =
N(0, 1) (as test_bench_elementwise.py). One thread:

  FASTACT_NUM_THREADS=1 python benchmarks/ab_silu_sigmoid64.py \\
      /work/main/.venv/lib/python3.11/site-packages/fastact [n] [samples] [rows]

rows: comma-separated of silu_fwd, silu_bwd, silu_der, sig_fwd (default all).
torch's derivative column is silu_backward with dy = 1 (ab_silu.py says why).
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
    rows = sys.argv[4].split(",") if len(sys.argv) > 4 else [
        "silu_fwd", "silu_bwd", "silu_der", "sig_fwd"]
    block = 10 if n < 1e6 else 1
    rng = np.random.default_rng(0)
    x = rng.standard_normal(n) * 4
    dy = rng.standard_normal(n)
    out = np.empty_like(x)
    tx, tdy, tout = (torch.from_numpy(a) for a in (x, dy, out))
    ones = torch.ones(n, dtype=torch.float64)

    def fastact_calls(mod):
        return {"silu_fwd": lambda: mod.swish(x, out=out),
                "silu_bwd": lambda: mod.swish.backward(dy, x, out=out),
                "silu_der": lambda: mod.swish.derivative(x, out=out),
                "sig_fwd": lambda: mod.sigmoid(x, out=out)}

    torch_calls = {
        "silu_fwd": lambda: torch._C._nn.silu(tx, out=tout),
        "silu_bwd": lambda: torch.ops.aten.silu_backward.grad_input(tdy, tx, grad_input=tout),
        "silu_der": lambda: torch.ops.aten.silu_backward.grad_input(ones, tx, grad_input=tout),
        "sig_fwd": lambda: torch.sigmoid(tx, out=tout)}
    b_calls, a_calls = fastact_calls(before), fastact_calls(after)
    print(f"n={n} isa={os.environ.get('FASTACT_ISA', 'auto')} "
          f"load={os.getloadavg()[0]:.1f} after={after.__file__}")
    for row in rows:
        calls = {"before": b_calls[row], "after": a_calls[row], "torch": torch_calls[row]}
        t = race_blocks(calls, samples, block)
        b, a, tt = (t[k] / n for k in ("before", "after", "torch"))
        print(f"{row:9s} before {b:.3f} after {a:.3f} torch {tt:.3f} ns/el  "
              f"after/before {b / a:.3f}x  torch/before {tt / b:.2f}x  torch/after {tt / a:.2f}x")


if __name__ == "__main__":
    main()
