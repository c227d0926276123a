"""softmax, log_softmax and PReLU against NumPy (the reference twins), SciPy
and PyTorch where installed (benchmarks/peers.py), side by side per (function,
pass, shape). Run: pytest benchmarks --benchmark-only

Each benchmark records in extra_info the max ULP error of its implementation on
its own input (benchmarks/oracle.py; backward passes in ULPs of the magnitude of
their terms) and the count of elements checked: max_ulp, ulp_checked.
"""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa
from fastact import reference
from oracle import axis_max_ulp, inputs, prelu_max_ulp, ulp_info
from peers import AXIS_PEERS, as_numpy, bind, fastact_impl, reference_impl

# logits of a classifier, of a GPT-2 vocabulary, short attention rows
SOFTMAX_SHAPES = [(1024, 1000), (64, 50257), (4096, 128)]
SOFTMAX_DTYPES = ["float32", "float64"]


def _peers(name: str, pass_: str) -> dict:
    return {"fastact": fastact_impl(name, pass_), "numpy-reference": reference_impl(name, pass_),
            **AXIS_PEERS.get((name, pass_), {})}


def _cases():
    for name in ("softmax", "log_softmax"):
        for pass_ in ("forward", "backward_y"):
            for dtype in SOFTMAX_DTYPES:
                for shape in SOFTMAX_SHAPES:
                    for impl in _peers(name, pass_):
                        yield pytest.param(name, pass_, dtype, shape, impl,
                                           id=f"{name}-{pass_}-{dtype}-{shape[0]}x{shape[1]}-{impl}")


@pytest.mark.parametrize("name, pass_, dtype, shape, impl", list(_cases()))
def test_softmax_family(benchmark, name, pass_, dtype, shape, impl):
    x, dy = inputs(dtype, shape)
    y = getattr(fa, name)(x)
    call = bind(_peers(name, pass_)[impl], x, dy, y)
    benchmark.group = f"{name}.{pass_} {dtype} {shape[0]}x{shape[1]}"
    benchmark.extra_info.update(n=x.size, dtype=dtype, function=name, pass_=pass_, impl=impl)
    benchmark.extra_info.update(ulp_info(("axis", name, pass_, dtype, shape, impl),
                                         lambda: axis_max_ulp(name, pass_, as_numpy(call()), x, dy, y)))
    benchmark(call)


PRELU = {
    ("forward", "fastact"): lambda x, dy, a: fa.prelu(x, a),
    ("forward", "numpy-reference"): lambda x, dy, a: reference.prelu(x, a),
    ("backward", "fastact"): lambda x, dy, a: fa.prelu.backward(dy, x, a),
    ("backward", "numpy-reference"): lambda x, dy, a: reference.prelu.backward(dy, x, a),
}


@pytest.mark.parametrize("pass_, impl", list(PRELU), ids=lambda v: str(v))
def test_prelu(benchmark, pass_, impl):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4096, 1024)).astype(np.float32)
    dy = rng.standard_normal((4096, 1024)).astype(np.float32)
    alpha = np.full(1024, 0.25, np.float32)
    benchmark.group = f"prelu.{pass_} float32 4096x1024"
    benchmark.extra_info.update(n=x.size, dtype="float32", function="prelu", pass_=pass_, impl=impl)
    benchmark.extra_info.update(ulp_info(("prelu", pass_, impl), lambda: prelu_max_ulp(
        pass_, PRELU[(pass_, impl)](x, dy, alpha), x, dy, alpha)))
    benchmark(PRELU[(pass_, impl)], x, dy, alpha)
