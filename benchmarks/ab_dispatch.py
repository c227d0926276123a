"""Call time of a plain float32 call, this install against another fastact
install (e.g. main's), in one process, alternating: did routing through the
ufuncs (fastact._dispatch) cost the plain-ndarray calls anything?

    FASTACT_NUM_THREADS=1 python benchmarks/ab_dispatch.py /path/to/other/site-packages/fastact

Prints the minimum over many repetitions of the thread CPU time of one call
(time.thread_time_ns; immune to the other processes of a loaded machine) at
n = 8 and n = 65536, with the load average.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time

os.environ.setdefault("FASTACT_NUM_THREADS", "1")

import numpy as np


def _load(name: str, root: str):
    spec = importlib.util.spec_from_file_location(name, os.path.join(root, "__init__.py"),
                                                  submodule_search_locations=[root])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _best(call, inner: int, reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.thread_time_ns()
        for _ in range(inner):
            call()
        times.append((time.thread_time_ns() - start) / inner)
    return min(times)


def main() -> None:
    # this install first: the compiled _core registers itself as fastact._core
    import fastact as b

    a = _load("fastact_other", sys.argv[1])
    assert a._core.__file__ != b._core.__file__
    a.set_num_threads(1)
    b.set_num_threads(1)
    print(f"A: {a.__file__}\nB: {b.__file__}")
    rng = np.random.default_rng(0)
    for n, inner, reps in ((8, 2000, 300), (65536, 20, 300)):
        x = rng.standard_normal(n).astype(np.float32)
        out = np.empty_like(x)
        cases = {}
        for label, fa in (("A", a), ("B", b)):
            cases[f"{label} fa.sigmoid(x)"] = lambda fa=fa, x=x: fa.sigmoid(x)
            cases[f"{label} fa.sigmoid(x, out=out)"] = (
                lambda fa=fa, x=x, out=out: fa.sigmoid(x, out=out))
            cases[f"{label} fa.leaky_relu(x, negative_slope=0.2)"] = (
                lambda fa=fa, x=x: fa.leaky_relu(x, negative_slope=0.2))
        if hasattr(b, "ufuncs"):
            cases["B fa.ufuncs.sigmoid(x)"] = lambda x=x: b.ufuncs.sigmoid(x)
        cases["np.tanh(x)"] = lambda x=x: np.tanh(x)
        best = {k: float("inf") for k in cases}
        for _ in range(5):  # rounds, each case in turn
            for key, call in cases.items():
                best[key] = min(best[key], _best(call, inner, reps // 5))
        print(f"n = {n}, load average {os.getloadavg()}")
        for key, value in best.items():
            print(f"  {key:45s} {value / 1000:9.3f} us")


if __name__ == "__main__":
    main()
