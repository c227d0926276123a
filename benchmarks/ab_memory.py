"""Large arrays and in place, this install against another fastact install, in
one process, alternating (issue 13 items 5 and 6):

    python benchmarks/ab_memory.py [--other /path/to/site-packages/fastact]
        [--functions relu,sigmoid,...] [--dtypes float32,float64] [--sizes 65536,1e7]

Per (function, pass, dtype, n), one thread (--threads N: N threads, wall
time), the minimum over many repetitions of the thread CPU time (time.thread_time_ns: immune to the other processes of a
loaded machine) of one call, in ns/element:

* ``out=``   f(x, out=out), out written before timing (its pages faulted in,
  as a training loop's buffers are);
* ``inpl``   f(x, out=x) (backward: out=dy) on a copy of the input, refreshed
  before each timed call so that every call sees the same values (each call
  is timed alone, the small sizes too, so the columns compare alike);
* ``copy``   np.copyto(out, x): the memory bound of a one-input pass;
* ``A``-prefixed columns: the same calls through the other install.

Item 5 asks out= at n = 1e7 <= 1.1 max(copy at 1e7, out= at n = 65536) and in
place within 1.1x of out= at every size. The load average is printed.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("FASTACT_NUM_THREADS", "1")

import numpy as np

from ab_dispatch import _load  # another install's fastact, beside this one

BACKWARD_Y = {"sigmoid", "tanh"}  # backward timed from y for these, from x otherwise


CLOCK = time.thread_time_ns  # wall time (perf_counter_ns) with --threads above 1


def _per_call(call, inner: int) -> int:
    start = CLOCK()
    for _ in range(inner):
        call()
    return (CLOCK() - start) // inner


def _calls(fa, name: str, pass_: str, x, dy, y, out, scratch) -> dict:
    f = fa.get(name)
    if pass_ == "forward":
        def refresh():
            np.copyto(scratch, x)
        return {"out=": lambda: f(x, out=out), "inpl": lambda: f(scratch, out=scratch),
                "_refresh": refresh}
    def refresh():
        np.copyto(scratch, dy)
    if name in BACKWARD_Y:
        return {"out=": lambda: f.backward(dy, y=y, out=out),
                "inpl": lambda: f.backward(scratch, y=y, out=scratch), "_refresh": refresh}
    return {"out=": lambda: f.backward(dy, x, out=out),
            "inpl": lambda: f.backward(scratch, x, out=scratch), "_refresh": refresh}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--other", help="another install's fastact package directory (A)")
    parser.add_argument("--functions", default="relu,sigmoid,tanh,silu,gelu,elu,hard_swish")
    parser.add_argument("--passes", default="forward,backward")
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--sizes", default="65536,1e7")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--no-inplace", action="store_true")
    parser.add_argument("--threads", type=int, default=1,
                        help="fastact threads; above 1, timed in wall time (minima)")
    args = parser.parse_args()
    global CLOCK
    if args.threads > 1:
        CLOCK = time.perf_counter_ns

    import fastact as b
    installs = [("B", b)]
    if args.other:
        a = _load("fastact_other", args.other)
        assert a._core.__file__ != b._core.__file__
        installs.insert(0, ("A", a))
    for _, fa in installs:
        fa.set_num_threads(args.threads)
    print(" / ".join(f"{label}: {fa.__file__}" for label, fa in installs))
    clock = "thread-CPU" if args.threads == 1 else f"wall ({args.threads} threads)"
    print(f"load average {os.getloadavg()}; min {clock} ns/element")
    rng = np.random.default_rng(0)
    for dtype in args.dtypes.split(","):
        for size in args.sizes.split(","):
            n = int(float(size))
            x = (rng.standard_normal(n) * 3).astype(dtype)
            dy = rng.standard_normal(n).astype(dtype)
            out = np.zeros_like(x)  # zeros_like writes: pages faulted in
            scratch = x.copy()
            copy = lambda out=out, x=x: np.copyto(out, x)  # noqa: E731
            add = lambda out=out, x=x, dy=dy: np.add(x, dy, out=out)  # noqa: E731
            for name in args.functions.split(","):
                y = b.get(name)(x)
                for pass_ in args.passes.split(","):
                    cases = {"copy": copy} if pass_ == "forward" else {"add": add}
                    refresh = {}
                    for label, fa in installs:
                        c = _calls(fa, name, pass_, x, dy, y, out, scratch)
                        refresh_fn = c.pop("_refresh")
                        for key, call in c.items():
                            if key == "inpl" and args.no_inplace:
                                continue
                            cases[f"{label} {key}"] = call
                            refresh[f"{label} {key}"] = refresh_fn if key == "inpl" else None
                    best = dict.fromkeys(cases, float("inf"))
                    for r in range(args.rounds):
                        keys = list(cases) if r % 2 == 0 else list(cases)[::-1]
                        for key in keys:
                            for _ in range(5 if n >= 10**6 else 100):
                                if refresh.get(key):
                                    refresh[key]()
                                best[key] = min(best[key], _per_call(cases[key], 1))
                    cols = "  ".join(f"{k} {v / n:.3f}" for k, v in best.items())
                    print(f"{name:10s} {pass_:8s} {dtype} n={size:6s} {cols}", flush=True)
            del x, dy, out, scratch
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
