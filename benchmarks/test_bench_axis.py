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

try:
    import torch
except ImportError:  # optional: pip install torch (CPU build)
    torch = None
else:
    torch.set_num_threads(1)  # one thread against one thread

# logits of a classifier, of a GPT-2 vocabulary, short attention rows
SOFTMAX_SHAPES = [(1024, 1000), (64, 50257), (4096, 128)]
SOFTMAX_DTYPES = ["float32", "float64"]


def _torch_peer(name: str, pass_: str):
    """torch's own kernels along the last axis (what F.softmax and autograd call)."""
    t = torch.from_numpy
    if pass_ == "forward":
        function = torch._softmax if name == "softmax" else torch._log_softmax
        return lambda x, dy, y: function(t(x), -1, False).numpy()
    backward = (torch._softmax_backward_data if name == "softmax"
                else torch._log_softmax_backward_data)
    return lambda x, dy, y: backward(t(dy), t(y), -1, t(y).dtype).numpy()


def _peers(name: str, pass_: str):
    function, twin = getattr(fa, name), getattr(reference, name)
    if pass_ == "forward":
        peers = {"fastact": lambda x, dy, y: function(x), "numpy-reference": lambda x, dy, y: twin(x)}
        if scipy_special is not None:
            scipy_function = getattr(scipy_special, name)
            peers["scipy"] = lambda x, dy, y: scipy_function(x, axis=-1)
    else:
        peers = {"fastact": lambda x, dy, y: function.backward(dy, y=y),
                 "numpy-reference": lambda x, dy, y: twin.backward(dy, y=y)}
    if torch is not None:
        peers["torch"] = _torch_peer(name, pass_)
    return peers


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
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(shape) * 4).astype(dtype)
    dy = rng.standard_normal(shape).astype(dtype)
    y = getattr(fa, name)(x)
    benchmark.group = f"{name}.{pass_} {dtype} {shape[0]}x{shape[1]}"
    benchmark.extra_info.update(n=x.size, dtype=dtype, function=name, pass_=pass_, impl=impl)
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
