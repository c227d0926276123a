"""softmax, log_softmax and PReLU against NumPy (and SciPy when installed), side
by side per (function, pass, shape). Run: pytest benchmarks --benchmark-only"""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa
from fastact import reference

try:
    import scipy.special as scipy_special
except ImportError:  # the bench extra installs it
    scipy_special = None

SOFTMAX_SHAPES = [(1024, 1000), (64, 50257)]


def _peers(name: str, pass_: str):
    function, twin = getattr(fa, name), getattr(reference, name)
    if pass_ == "forward":
        peers = {"fastact": lambda x, dy, y: function(x), "numpy-reference": lambda x, dy, y: twin(x)}
        if scipy_special is not None:
            scipy_function = getattr(scipy_special, name)
            peers["scipy"] = lambda x, dy, y: scipy_function(x, axis=-1)
        return peers
    return {"fastact": lambda x, dy, y: function.backward(dy, y=y),
            "numpy-reference": lambda x, dy, y: twin.backward(dy, y=y)}


def _cases():
    for name in ("softmax", "log_softmax"):
        for pass_ in ("forward", "backward_y"):
            for shape in SOFTMAX_SHAPES:
                for impl in _peers(name, pass_):
                    yield pytest.param(name, pass_, shape, impl,
                                       id=f"{name}-{pass_}-{shape[0]}x{shape[1]}-{impl}")


@pytest.mark.parametrize("name, pass_, shape, impl", list(_cases()))
def test_softmax_family(benchmark, name, pass_, shape, impl):
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(shape) * 4).astype(np.float32)
    dy = rng.standard_normal(shape).astype(np.float32)
    y = getattr(fa, name)(x)
    benchmark.group = f"{name}.{pass_} float32 {shape[0]}x{shape[1]}"
    benchmark.extra_info.update(n=x.size, dtype="float32", function=name, pass_=pass_, impl=impl)
    benchmark(_peers(name, pass_)[impl], x, dy, y)


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
    benchmark(PRELU[(pass_, impl)], x, dy, alpha)
