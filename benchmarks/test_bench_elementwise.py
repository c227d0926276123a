"""fastact against its NumPy reference twin and the peers of benchmarks/peers.py,
side by side in one group per (function, pass, dtype, n).

    pytest benchmarks --benchmark-only [--benchmark-json=bench.json]
    python benchmarks/report.py bench.json

Every row of the table (gelu's tanh form included) is benchmarked with its
default parameters at n = 8, 65536 and 1e6 (float32 and float64); np.copyto of
the same array is in every forward group as the floor any elementwise pass can
reach. The main functions also run at n = 1024 and 1e7 for the
ns/element-against-n plot, and at 1e7 with out= given (the large-array target).
Peers run on arguments prepared once outside the timed call (torch: tensors
sharing the arrays' memory; benchmarks/peers.py).

Each benchmark records in extra_info the max ULP error of its implementation on
its own input against the high-precision oracle (benchmarks/oracle.py; computed
once per input and implementation, not timed) and how many elements were
checked: max_ulp, ulp_checked (np.copyto: none).
"""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa
from fastact import _table
from oracle import inputs, max_ulp, ulp_info
from peers import PEERS, as_numpy, bind, fastact_impl, reference_impl

SIZES = [8, 65536, 1_000_000]
CURVE_SIZES = [1024, 10_000_000]
CURVE_FUNCTIONS = ["sigmoid", "tanh", "relu", "gelu", "swish"]
DTYPES = ["float32", "float64"]
PASSES = ["forward", "derivative", "backward_x", "backward_y"]


def _impls(name: str, pass_: str) -> list[str]:
    impls = ["fastact", "numpy-reference", *PEERS.get((name, pass_), {})]
    if pass_ == "forward":
        impls.append("np.copyto")
    return impls


def _cases():
    for spec in _table.elementwise():
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


def _impl(name: str, pass_: str, impl: str):
    if impl == "fastact":
        return fastact_impl(name, pass_)
    if impl == "numpy-reference":
        return reference_impl(name, pass_)
    return PEERS[(name, pass_)][impl]


def _accuracy(name: str, pass_: str, impl: str, call, x, dy, y) -> dict:
    """max_ulp and ulp_checked of call's result (once per input and implementation)."""
    def compute():
        with np.errstate(all="ignore"):
            return max_ulp(name, pass_, as_numpy(call()), x, dy, y)
    return ulp_info(("elementwise", name, pass_, x.dtype.name, x.size, impl), compute)


@pytest.mark.parametrize("name, pass_, dtype, n, impl", list(_cases()))
def test_elementwise(benchmark, name, pass_, dtype, n, impl):
    x, dy = inputs(dtype, n)
    y = fastact_impl(name, "forward").call(x, None, None)
    benchmark.group = f"{name}.{pass_} {dtype} n={n}"
    benchmark.extra_info.update(n=n, dtype=dtype, function=name, pass_=pass_, impl=impl,
                                isa=fa._config.config()["isa"])
    if impl == "np.copyto":
        out = np.empty_like(x)
        call = lambda: np.copyto(out, x)  # noqa: E731
    else:
        call = bind(_impl(name, pass_, impl), x, dy, y)
        benchmark.extra_info.update(_accuracy(name, pass_, impl, call, x, dy, y))
    with np.errstate(all="ignore"):
        benchmark(call)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("impl", ["fastact sigmoid", "fastact relu", "np.copyto"])
def test_large_with_out(benchmark, dtype, impl):
    """n = 1e7 with out= given: memory bound, compared with a plain copy."""
    x, _ = inputs(dtype, 10_000_000)
    out = np.empty_like(x)
    benchmark.group = f"large out= {dtype} n=10000000"
    benchmark.extra_info.update(n=x.size, dtype=dtype, function="large-out", pass_="forward",
                                impl=impl)
    if impl == "np.copyto":
        function = lambda: np.copyto(out, x)  # noqa: E731
    else:
        name = impl.split()[1]
        activation = fa.get(name)
        function = lambda: activation(x, out=out)  # noqa: E731
        benchmark.extra_info.update(_accuracy(name, "forward", "fastact out=", function, x, None, None))
    benchmark(function)


IN_PLACE_FUNCTIONS = ["relu", "hard_swish", "sigmoid"]


@pytest.mark.parametrize("n", [65536, 10_000_000])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", IN_PLACE_FUNCTIONS)
@pytest.mark.parametrize("impl", ["fastact out=", "fastact in place"])
def test_in_place(benchmark, name, dtype, n, impl):
    """f(x, out=x) against f(x, out=o): the spec allows in place 10% more at any size."""
    x, _ = inputs(dtype, n)
    activation = fa.get(name)
    in_place = impl == "fastact in place"

    def once():  # on a copy: the timed calls overwrite their input
        work = x.copy()
        return activation(work, out=work if in_place else np.empty_like(x))
    work = x.copy()  # in place rewrites its input on every call: keep x apart
    out = work if in_place else np.empty_like(x)
    benchmark.group = f"in place {name} {dtype} n={n}"
    benchmark.extra_info.update(n=n, dtype=dtype, function=name, pass_="forward", impl=impl)
    benchmark.extra_info.update(_accuracy(name, "forward", impl, once, x, None, None))
    benchmark(lambda: activation(work, out=out))
