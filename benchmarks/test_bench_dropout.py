"""Dropout against the NumPy idiom, float32 n = 1e6, one and two threads:

    pytest benchmarks/test_bench_dropout.py --benchmark-only

forward: fa.dropout(x, p, seed=s, out=out) against
    m = rng.random(x.shape) >= p; y = x * m / (1 - p)
backward: fa.dropout.backward(dy, p, seed=s, out=out) against the idiom's
backward, its mask drawn again the same way (a Generator re-seeded to the
forward's state) and dy * m / (1 - p). The target: fastact at least 5x the
idiom, forward and backward, one thread; two threads scale. NumPy's side is
single-threaded whatever the count; benchmarks/ab_dropout.py gives the same
figures as thread-CPU-time minima.
"""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa

P = 0.5
N = 1_000_000
SEED = 20261206


def numpy_forward(x: np.ndarray, p: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    m = rng.random(x.shape) >= p
    return x * m / (1 - p)


def numpy_backward(dy: np.ndarray, p: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)  # the same stream: the forward's mask again
    m = rng.random(dy.shape) >= p
    return dy * m / (1 - p)


def arrays():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(N).astype(np.float32)
    dy = rng.standard_normal(N).astype(np.float32)
    return x, dy, np.empty_like(x)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("pass_", ["forward", "backward"])
def test_dropout_fastact(benchmark, pass_, threads):
    x, dy, out = arrays()
    fa.set_num_threads(threads)  # the conftest fixture restores the count
    benchmark.group = f"dropout {pass_} float32 n={N}"
    benchmark.extra_info.update(n=N, dtype="float32", function="dropout", pass_=pass_,
                                impl=f"fastact {threads} thread{'s' if threads > 1 else ''}")
    if pass_ == "forward":
        benchmark(lambda: fa.dropout(x, P, seed=SEED, out=out))
    else:
        benchmark(lambda: fa.dropout.backward(dy, P, seed=SEED, out=out))
    kept = np.count_nonzero(out) / N
    assert abs(kept - (1 - P)) < 0.01  # the call did drop


@pytest.mark.parametrize("pass_", ["forward", "backward"])
def test_dropout_numpy_idiom(benchmark, pass_):
    x, dy, _ = arrays()
    benchmark.group = f"dropout {pass_} float32 n={N}"
    benchmark.extra_info.update(n=N, dtype="float32", function="dropout", pass_=pass_,
                                impl="numpy idiom")
    if pass_ == "forward":
        benchmark(lambda: numpy_forward(x, P, SEED))
    else:
        benchmark(lambda: numpy_backward(dy, P, SEED))
