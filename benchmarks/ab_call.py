"""Call overhead of plain float32 sigmoid calls (forward, forward with out=,
derivative, backward), n = 8 and 65536, one thread, the minimum of 300 x
(2000 or 20 calls) in thread CPU time, printed as JSON.

    python benchmarks/ab_call.py B          # the installed fastact
    python benchmarks/ab_call.py A DIR      # a copy of another install, DIR/fastact_before

(the copy: cp -r "$(python -c 'import fastact, os; print(os.path.dirname(fastact.__file__))')"
DIR/fastact_before, taken before installing the change).

Two builds of the extension do not load into one process, so an A/B runs the
two sides alternately in separate processes (4 rounds each) and keeps each
side's minimum."""
import json
import os
import sys
import time

os.environ["FASTACT_NUM_THREADS"] = "1"
import numpy as np

if sys.argv[1] == "A":
    sys.path.insert(0, sys.argv[2])
    import fastact_before as fa
else:
    import fastact as fa
fa.set_num_threads(1)


def best(f, reps, inner):
    t = time.thread_time_ns
    m = float("inf")
    for _ in range(reps):
        s = t()
        for _ in range(inner):
            f()
        m = min(m, (t() - s) / inner)
    return m


res = {}
for n, inner in ((8, 2000), (65536, 20)):
    x = np.random.default_rng(0).standard_normal(n).astype(np.float32)
    out = np.empty_like(x)
    f = fa.sigmoid
    res[f"forward n={n}"] = best(lambda: f(x), 300, inner)
    res[f"forward out= n={n}"] = best(lambda: f(x, out=out), 300, inner)
    res[f"derivative n={n}"] = best(lambda: f.derivative(x), 300, inner)
    res[f"backward n={n}"] = best(lambda: f.backward(x, x), 300, inner)
    res[f"np.tanh n={n}"] = best(lambda: np.tanh(x), 300, inner)  # the spec's yardstick at n = 8
print(json.dumps(res))
