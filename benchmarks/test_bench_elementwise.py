"""fastact against its NumPy reference twin, side by side in one group per
(function, pass, dtype, n). Run: pytest benchmarks --benchmark-only

Every row of the table is benchmarked with its default parameters; the NumPy
baseline is fastact.reference (the stable NumPy form), plus np.copyto as the
floor any elementwise pass can reach and, for some functions, the naive
formula people write by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa
from fastact import _table, reference

SIZES = [8, 65536, 1_000_000]
DTYPES = ["float32", "float64"]
PASSES = ["forward", "derivative", "backward_x", "backward_y"]

#: Hand-written NumPy one-liners people use instead, per (function, pass).
NAIVE = {
    ("sigmoid", "forward"): lambda x, dy, y: 1 / (1 + np.exp(-x)),
    ("relu", "forward"): lambda x, dy, y: np.maximum(x, 0),
}


def _data(dtype: str, n: int):
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(n) * 4).astype(dtype)
    dy = rng.standard_normal(n).astype(dtype)
    return x, dy


def _call(obj, pass_):
    if pass_ == "forward":
        return lambda x, dy, y: obj(x)
    if pass_ == "derivative":
        return lambda x, dy, y: obj.derivative(x)
    if pass_ == "backward_x":
        return lambda x, dy, y: obj.backward(dy, x)
    return lambda x, dy, y: obj.backward(dy, y=y)


def _cases():
    for spec in _table.ACTIVATIONS:
        for pass_ in PASSES:
            if pass_ == "backward_y" and spec.y_backward is None:
                continue
            for dtype in DTYPES:
                for n in SIZES:
                    group = f"{spec.name}.{pass_} {dtype} n={n}"
                    impls = ["fastact", "numpy-reference"]
                    if (spec.name, pass_) in NAIVE:
                        impls.append("numpy-naive")
                    if pass_ == "forward":
                        impls.append("np.copyto")
                    for impl in impls:
                        yield pytest.param(spec.name, pass_, dtype, n, impl, group,
                                           id=f"{spec.name}-{pass_}-{dtype}-{n}-{impl}")


@pytest.mark.parametrize("name, pass_, dtype, n, impl, group", list(_cases()))
def test_elementwise(benchmark, name, pass_, dtype, n, impl, group):
    x, dy = _data(dtype, n)
    y = fa.get(name)(x)
    if impl == "fastact":
        function = _call(fa.get(name), pass_)
    elif impl == "numpy-reference":
        function = _call(getattr(reference, name), pass_)
    elif impl == "numpy-naive":
        function = NAIVE[(name, pass_)]
    else:
        out = np.empty_like(x)

        def function(x, dy, y):
            np.copyto(out, x)

    benchmark.group = group
    benchmark.extra_info.update(n=n, dtype=dtype, function=name, pass_=pass_, impl=impl,
                                isa=fa._config.config()["isa"])
    with np.errstate(over="ignore"):
        benchmark(function, x, dy, y)
