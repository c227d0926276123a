"""Per-cell speed of the baseline variant (FASTACT_ISA=baseline), one thread,
n = 65536: the minimum over many repetitions of the thread CPU time of one
call, in ns per element, for every cell that serves a hand-written body on
AVX2 (those the x86-64 baseline can run over simd/scalar.h), and the
softmax / log_softmax rows.

    python benchmarks/ab_baseline.py [--reps 200] [--json out.json]

Run it once per build to compare (issue 17 item 2: the one-lane bodies
against the generic loops they replace), alternating the builds, each
process printing {cell: ns/el}; BENCHMARKS.md 2026-12-06 session 5.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ["FASTACT_ISA"] = "baseline"
os.environ["FASTACT_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402

import fastact as fa  # noqa: E402
from fastact import _table  # noqa: E402

N = 65536


def body_cells() -> list[tuple[str, str, str]]:
    """(activation, pass, dtype) served by a hand-written body on AVX2."""
    return [(k["activation"], k["pass"], k["dtype"]) for k in fa.kernels("avx2")
            if "fa_simd_" in k["body"]]


def ns_per_element(row: str, pass_: str, dtype: str, reps: int) -> float:
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(N) * 4).astype(dtype)
    dy = rng.standard_normal(N).astype(dtype)
    out = np.empty_like(x)
    name, keywords = _table.public_call(row)
    act = fa.get(name)
    if pass_ == "forward":
        def call(): act(x, out=out, **keywords)
    elif pass_ == "derivative":
        def call(): act.derivative(x, out=out, **keywords)
    elif pass_ == "backward_x":
        def call(): act.backward(dy, x, out=out, **keywords)
    else:
        y = np.abs(act(x, **keywords)) if row != "softplus" else act(x)

        def call(): act.backward(dy, y=y, out=out, **keywords)
    call()
    best = float("inf")
    for _ in range(reps):
        start = time.thread_time_ns()
        call()
        best = min(best, time.thread_time_ns() - start)
    return best / N


def rows_ns_per_element(name: str, dtype: str, reps: int) -> float:
    """softmax / log_softmax forward over 256 rows of 256 (the row bodies)."""
    x = (np.random.default_rng(0).standard_normal((256, 256)) * 4).astype(dtype)
    out = np.empty_like(x)
    fn = getattr(fa, name)
    fn(x, axis=-1, out=out)
    best = float("inf")
    for _ in range(reps):
        start = time.thread_time_ns()
        fn(x, axis=-1, out=out)
        best = min(best, time.thread_time_ns() - start)
    return best / x.size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    assert fa.show_config is not None
    found = {f"{r} {p} {d}": ns_per_element(r, p, d, args.reps) for r, p, d in body_cells()}
    for dtype in ("float32", "float64"):
        for name in ("softmax", "log_softmax"):
            found[f"{name} rows(256x256) {dtype}"] = rows_ns_per_element(name, dtype, args.reps)
    text = json.dumps({"fastact": fa.__file__, "cells": found})
    if args.json:
        with open(args.json, "w") as f:
            f.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
