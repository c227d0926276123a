"""Per-cell speed of the baseline variant (FASTACT_ISA=baseline) for a few
functions, one thread, n = 65536: the minimum over repetitions of the thread
CPU time of a block of 10 calls, in ns per element (blocks: single calls of
13 us scattered by 10-40% under load; benchmarks/ab_baseline.py times every
body cell one call at a time).

    python benchmarks/ab_baseline_cells.py --functions sigmoid,gelu [--dtype float32] [--reps 40]

Two builds cannot share a process: run one process per build (PYTHONPATH
pointing at a copy of each installed package), alternating, and take the
minima (BENCHMARKS.md 2026-12-07 session 8).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

os.environ["FASTACT_ISA"] = "baseline"
os.environ["FASTACT_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402

import fastact as fa  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ab_before_after import best_block  # noqa: E402

N = 65536
BLOCK = 10


def ns_per_element(name: str, pass_: str, dtype: str, reps: int) -> float:
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(N) * 4).astype(dtype)
    dy = rng.standard_normal(N).astype(dtype)
    out = np.empty_like(x)
    act = fa.get(name)
    calls = {"forward": lambda: act(x, out=out), "derivative": lambda: act.derivative(x, out=out),
             "backward_x": lambda: act.backward(dy, x, out=out)}
    return best_block(calls[pass_], reps, BLOCK) / N


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--functions", required=True, help="comma-separated names")
    parser.add_argument("--dtype", default="float32")
    parser.add_argument("--passes", default="forward,derivative,backward_x")
    parser.add_argument("--reps", type=int, default=40)
    args = parser.parse_args()
    found = {f"{name} {pass_}": ns_per_element(name, pass_, args.dtype, args.reps)
             for name in args.functions.split(",") for pass_ in args.passes.split(",")}
    print(json.dumps({"fastact": fa.__file__, "dtype": args.dtype, "cells": found}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
