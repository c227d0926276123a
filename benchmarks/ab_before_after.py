"""A/B timing of fastact forwards in one process: the installed fastact (after)
against another installed copy (before, e.g. main's: the package directory of
its venv), loaded side by side under the name fastact_before, calls alternating
A, B, A, B. Each sample times `block` calls with the thread's CPU clock (on a
shared VM single calls of ~20 us read low now and then: the minimum of
one-call samples drifted by 30%), min over samples, ns/element; out= given.
One thread: set FASTACT_NUM_THREADS=1 (and FASTACT_ISA=avx2 for AVX2).

  FASTACT_NUM_THREADS=1 python benchmarks/ab_before_after.py \\
      /work/main/.venv/lib/python3.11/site-packages/fastact sigmoid,tanh [n] [samples]

A name may end in .derivative or .backward (from x, dy ~ N(0, 1)):
silu.backward,gelu.derivative; parameters after an @, ; between them:
swish@beta=2,softplus.derivative@beta=0.75;threshold=10.
"""
from __future__ import annotations

import os
import pathlib
import re
import shutil
import sys
import tempfile
import time

import numpy as np


def load_before(package_dir: str):
    """Import a copy of package_dir as fastact_before (its own _core)."""
    root = pathlib.Path(tempfile.mkdtemp(prefix="fastact_before_"))
    copy = root / "fastact_before"
    shutil.copytree(package_dir, copy, ignore=shutil.ignore_patterns("__pycache__"))
    for py in copy.glob("*.py"):
        text = re.sub(r"\b(from|import) fastact\b", r"\1 fastact_before", py.read_text())
        py.write_text(text)
    sys.path.insert(0, str(root))
    import fastact_before  # noqa: PLC0415

    return fastact_before


def best_block(call, samples: int, block: int = 10) -> float:
    """min over samples of the thread CPU time of block calls, ns per call"""
    call()
    best = float("inf")
    for _ in range(samples):
        t0 = time.thread_time_ns()
        for _ in range(block):
            call()
        best = min(best, (time.thread_time_ns() - t0) / block)
    return best



def race_blocks(calls: dict, samples: int, block: int, rounds: int = 8) -> dict:
    """best_block of each call in ns per call, the calls taking turns over
    rounds (so that a burst of load reaches all of them alike)"""
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(rounds):
        for key, call in calls.items():
            best[key] = min(best[key], best_block(call, max(1, samples // rounds), block))
    return best

def _call(mod, name: str, x, dy, out):
    """f(x), f.derivative(x) or f.backward(dy, x), out= given; parameters
    after an @: swish.backward@beta=2,threshold=10 (float values)"""
    name, _, given = name.partition("@")
    kw = {k: float(v) for k, v in (item.split("=") for item in given.split(";") if item)}
    base, _, pass_ = name.partition(".")
    f = getattr(mod, base)
    if pass_ == "derivative":
        return lambda: f.derivative(x, out=out, **kw)
    if pass_ == "backward":
        return lambda: f.backward(dy, x, out=out, **kw)
    return lambda: f(x, out=out, **kw)


def main() -> None:
    import fastact as after

    before = load_before(sys.argv[1])
    names = sys.argv[2].split(",")
    n = int(float(sys.argv[3])) if len(sys.argv) > 3 else 65536
    samples = int(sys.argv[4]) if len(sys.argv) > 4 else 400
    rng = np.random.default_rng(0)
    print(f"n={n} isa={os.environ.get('FASTACT_ISA', 'auto')} after={after.__file__}")
    for dt in (np.float32, np.float64):
        x = (rng.standard_normal(n) * 4).astype(dt)  # as test_bench_elementwise.py
        dy = rng.standard_normal(n).astype(dt)
        out = np.empty_like(x)
        for name in names:
            calls = {tag: _call(mod, name, x, dy, out)
                     for tag, mod in (("before", before), ("after", after))}
            times = {tag: float("inf") for tag in calls}
            for _ in range(8):  # alternate in rounds
                for tag, call in calls.items():
                    times[tag] = min(times[tag], best_block(call, max(1, samples // 8)))
            b, a = times["before"] / n, times["after"] / n
            print(f"{name} {np.dtype(dt).name}: before {b:.3f} after {a:.3f} ns/el ({b / a:.2f}x)")


if __name__ == "__main__":
    main()
