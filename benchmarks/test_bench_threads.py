"""Thread scaling: the same call with 1, 2 and (when the machine has more) all
usable CPUs, at n = 1e6 and 1e7 with out= given.

    pytest benchmarks/test_bench_threads.py --benchmark-only

The target: two threads at least 1.7x one thread for n >= 1e6. Each benchmark
records the max ULP of its result (benchmarks/oracle.py) in extra_info.
"""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa
from fastact._threads import usable_cpus
from oracle import inputs, max_ulp, ulp_info

FUNCTIONS = ["sigmoid", "tanh", "gelu", "relu"]
THREADS = sorted({1, 2, min(usable_cpus(), 256)})


@pytest.mark.parametrize("threads", THREADS)
@pytest.mark.parametrize("n", [1_000_000, 10_000_000])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", FUNCTIONS)
def test_threads(benchmark, name, dtype, n, threads):
    x, _ = inputs(dtype, n)
    out = np.empty_like(x)
    activation = fa.get(name)
    fa.set_num_threads(threads)  # the conftest fixture restores the count
    benchmark.group = f"threads {name} {dtype} n={n}"
    benchmark.extra_info.update(n=n, dtype=dtype, function=name, pass_="forward, threads",
                                impl=f"fastact {threads} thread{'s' if threads > 1 else ''}")
    benchmark.extra_info.update(ulp_info(("threads", name, dtype, n, threads),
                                         lambda: max_ulp(name, "forward", activation(x, out=out), x)))
    benchmark(lambda: activation(x, out=out))
