"""Dropout against the NumPy idiom (benchmarks/test_bench_dropout.py's calls),
float32, ns/element as minima over repetitions, in one process:
  python benchmarks/ab_dropout.py [n] [reps]
One thread: the calling thread's CPU time (robust to other processes on the
core). Two threads: wall time (a thread's CPU clock sees only its own share),
so read those figures on a quiet machine; the script prints the load."""
import os
import sys

import numpy as np

import fastact as fa
from ab_gelu import best
from test_bench_dropout import P, SEED, numpy_backward, numpy_forward


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    rng = np.random.default_rng(0)
    x = rng.standard_normal(n).astype(np.float32)
    dy = rng.standard_normal(n).astype(np.float32)
    out = np.empty_like(x)
    calls = {
        "fastact forward": lambda: fa.dropout(x, P, seed=SEED, out=out),
        "fastact backward": lambda: fa.dropout.backward(dy, P, seed=SEED, out=out),
        "numpy forward": lambda: numpy_forward(x, P, SEED),
        "numpy backward": lambda: numpy_backward(dy, P, SEED),
    }
    print(f"{fa.__file__}  isa {fa._config.config()['isa']}  n={n}  p={P}  "
          f"load {os.getloadavg()[0]:.2f}")
    rows = {}
    for threads, clock in ((1, "thread"), (2, "wall")):
        os.environ["FASTACT_AB_CLOCK"] = clock  # ab_gelu.best reads it at each call
        fa.set_num_threads(threads)
        for _ in range(3):  # alternate the implementations, keep each one's minimum
            for name, f in calls.items():
                if threads == 2 and name.startswith("numpy"):
                    continue  # NumPy is single-threaded
                key = (name, threads)
                rows[key] = min(rows.get(key, np.inf), best(f, reps) / n)
    for (name, threads), v in rows.items():
        clock = "thread CPU" if threads == 1 else "wall"
        plural = "s" if threads > 1 else " "
        print(f"{name:18s} {threads} thread{plural} {v:7.3f} ns/element ({clock})")
    for pass_ in ("forward", "backward"):
        one, two = rows["fastact " + pass_, 1], rows["fastact " + pass_, 2]
        print(f"{pass_}: fastact {rows['numpy ' + pass_, 1] / one:.1f}x the idiom (1 thread), "
              f"2 threads {one / two:.2f}x 1 thread")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    main()
