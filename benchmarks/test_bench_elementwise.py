"""fastact against its NumPy reference twin and the peers of benchmarks/peers.py,
side by side in one group per (function, pass, dtype, n).

    pytest benchmarks --benchmark-only [--benchmark-json=bench.json]

Every public row of the table is benchmarked with its default parameters at
n = 8, 65536 and 1e6 (float32 and float64); np.copyto of the same array is in
every forward group as the floor any elementwise pass can reach. The main
functions also run at n = 1024 and 1e7 for the ns/element-against-n plot, and
at 1e7 with out= given (the large-array target).
"""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa
from fastact import _table, reference
from peers import PEERS

SIZES = [8, 65536, 1_000_000]
CURVE_SIZES = [1024, 10_000_000]
CURVE_FUNCTIONS = ["sigmoid", "tanh", "relu", "gelu", "swish"]
DTYPES = ["float32", "float64"]
PASSES = ["forward", "derivative", "backward_x", "backward_y"]


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


def _impls(name: str, pass_: str) -> list[str]:
    impls = ["fastact", "numpy-reference", *PEERS.get((name, pass_), {})]
    if pass_ == "forward":
        impls.append("np.copyto")
    return impls


def _cases():
    for spec in _table.elementwise(public_only=True):
        for pass_ in PASSES:
            if pass_ == "backward_y" and spec.y_backward is None:
                continue
            for dtype in DTYPES:
                sizes = list(SIZES)
                if pass_ == "forward" and dtype == "float32" and spec.name in CURVE_FUNCTIONS:
                    sizes += CURVE_SIZES
                for n in sorted(sizes):
                    for impl in _impls(spec.name, pass_):
                        yield pytest.param(spec.name, pass_, dtype, n, impl,
                                           id=f"{spec.name}-{pass_}-{dtype}-{n}-{impl}")


def _function(name: str, pass_: str, impl: str, x):
    if impl == "fastact":
        return _call(fa.get(name), pass_)
    if impl == "numpy-reference":
        return _call(getattr(reference, name), pass_)
    if impl == "np.copyto":
        out = np.empty_like(x)
        return lambda x, dy, y: np.copyto(out, x)
    return PEERS[(name, pass_)][impl]


@pytest.mark.parametrize("name, pass_, dtype, n, impl", list(_cases()))
def test_elementwise(benchmark, name, pass_, dtype, n, impl):
    x, dy = _data(dtype, n)
    y = fa.get(name)(x)
    benchmark.group = f"{name}.{pass_} {dtype} n={n}"
    benchmark.extra_info.update(n=n, dtype=dtype, function=name, pass_=pass_, impl=impl,
                                isa=fa._config.config()["isa"])
    with np.errstate(all="ignore"):
        benchmark(_function(name, pass_, impl, x), x, dy, y)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("impl", ["fastact sigmoid", "fastact relu", "np.copyto"])
def test_large_with_out(benchmark, dtype, impl):
    """n = 1e7 with out= given: memory bound, compared with a plain copy."""
    x, _ = _data(dtype, 10_000_000)
    out = np.empty_like(x)
    if impl == "np.copyto":
        function = lambda: np.copyto(out, x)  # noqa: E731
    else:
        activation = fa.get(impl.split()[1])
        function = lambda: activation(x, out=out)  # noqa: E731
    benchmark.group = f"large out= {dtype} n=10000000"
    benchmark.extra_info.update(n=x.size, dtype=dtype, function="large-out", pass_="forward",
                                impl=impl)
    benchmark(function)


IN_PLACE_FUNCTIONS = ["relu", "hard_swish", "sigmoid"]


@pytest.mark.parametrize("n", [65536, 10_000_000])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", IN_PLACE_FUNCTIONS)
@pytest.mark.parametrize("impl", ["fastact out=", "fastact in place"])
def test_in_place(benchmark, name, dtype, n, impl):
    """f(x, out=x) against f(x, out=o): the spec allows in place 10% more at any size."""
    x, _ = _data(dtype, n)
    work = x.copy()  # in place rewrites its input on every call: keep x apart
    out = work if impl == "fastact in place" else np.empty_like(x)
    activation = fa.get(name)
    benchmark.group = f"in place {name} {dtype} n={n}"
    benchmark.extra_info.update(n=n, dtype=dtype, function=name, pass_="forward", impl=impl)
    benchmark(lambda: activation(work, out=out))
