"""Two threads against one, wall time, on a shared machine (issue 13 item 6).

    python benchmarks/ab_threads.py [functions] [dtypes] [sizes] [rounds]
    python benchmarks/ab_threads.py sigmoid,gelu,relu float32,float64 1e6,1e7 30

Per (function, dtype, n), forward with out=: short bursts of calls (about 2e6
elements a burst) with 1 and 2 threads in turn, the order swapped every
round; the minimum per-call wall time of each over the rounds, in ns/element,
and their ratio. Thread CPU time cannot see a second thread's work, so this is
wall time: on a loaded machine the minimum is the round in which the second
core happened to be free, and the ratio a lower bound on what the pool gives.
The load average is printed before and after.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

import fastact as fa


def main() -> None:
    args = sys.argv[1:] + [None] * 4
    names = (args[0] or "sigmoid,gelu,relu").split(",")
    dtypes = (args[1] or "float32,float64").split(",")
    sizes = [int(float(s)) for s in (args[2] or "1e6,1e7").split(",")]
    rounds = int(args[3] or 30)
    print(f"load average {os.getloadavg()}")
    for dtype in dtypes:
        for n in sizes:
            x = (np.random.default_rng(0).standard_normal(n) * 3).astype(dtype)
            out = np.zeros_like(x)  # written: its pages faulted in
            for name in names:
                f = fa.get(name)
                best = {1: float("inf"), 2: float("inf")}
                burst = max(1, int(2e6 // n))
                for r in range(rounds):
                    for threads in ((1, 2) if r % 2 == 0 else (2, 1)):
                        fa.set_num_threads(threads)
                        f(x, out=out)  # wakes the pool
                        start = time.perf_counter()
                        for _ in range(burst):
                            f(x, out=out)
                        best[threads] = min(best[threads], (time.perf_counter() - start) / burst)
                print(f"{name:10s} {dtype} n={n:.0e}  1 thread {best[1] * 1e9 / n:.3f}  "
                      f"2 threads {best[2] * 1e9 / n:.3f} ns/el  {best[1] / best[2]:.2f}x", flush=True)
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
