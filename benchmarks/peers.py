"""The other ways to compute an activation from NumPy, for the benchmarks:
hand-written NumPy, SciPy, numexpr and PyTorch (CPU), each where installed.
PEERS[(function, pass)] -> {name: f(x, dy, y)}."""

from __future__ import annotations

import numpy as np

PEERS: dict = {}


def _add(function: str, pass_: str, name: str, call) -> None:
    PEERS.setdefault((function, pass_), {})[name] = call


_add("sigmoid", "forward", "numpy-naive", lambda x, dy, y: 1 / (1 + np.exp(-x)))
_add("tanh", "forward", "np.tanh", lambda x, dy, y: np.tanh(x))
_add("relu", "forward", "np.maximum", lambda x, dy, y: np.maximum(x, 0))
_add("softsign", "forward", "numpy-naive", lambda x, dy, y: x / (1 + np.abs(x)))

try:
    import scipy.special as sp
except ImportError:
    pass
else:
    _add("sigmoid", "forward", "scipy", lambda x, dy, y: sp.expit(x))
    _add("log_sigmoid", "forward", "scipy", lambda x, dy, y: sp.log_expit(x))
    _add("gelu", "forward", "scipy", lambda x, dy, y: x * sp.ndtr(x))

try:
    import numexpr as ne
except ImportError:
    pass
else:
    _add("sigmoid", "forward", "numexpr", lambda x, dy, y: ne.evaluate("1 / (1 + exp(-x))"))
    _add("tanh", "forward", "numexpr", lambda x, dy, y: ne.evaluate("tanh(x)"))
    _add("swish", "forward", "numexpr", lambda x, dy, y: ne.evaluate("x / (1 + exp(-x))"))
    _add("softplus", "forward", "numexpr", lambda x, dy, y: ne.evaluate("log1p(exp(x))"))
    _add("elu", "forward", "numexpr", lambda x, dy, y: ne.evaluate("where(x > 0, x, expm1(x))"))

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    pass
else:
    torch.set_num_threads(1)  # the comparison is one thread against one thread

    def _torch(function):
        return lambda x, dy, y: function(torch.from_numpy(x)).numpy()

    for name, function in {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": F.relu,
                           "gelu": F.gelu, "swish": F.silu, "mish": F.mish, "elu": F.elu,
                           "softplus": F.softplus, "log_sigmoid": F.logsigmoid,
                           "hard_swish": F.hardswish}.items():
        _add(name, "forward", "torch", _torch(function))
    _add("sigmoid", "backward_y", "torch", lambda x, dy, y: torch.ops.aten.sigmoid_backward(
        torch.from_numpy(dy), torch.from_numpy(y)).numpy())
    _add("tanh", "backward_y", "torch", lambda x, dy, y: torch.ops.aten.tanh_backward(
        torch.from_numpy(dy), torch.from_numpy(y)).numpy())
    _add("gelu", "backward_x", "torch", lambda x, dy, y: torch.ops.aten.gelu_backward(
        torch.from_numpy(dy), torch.from_numpy(x)).numpy())
    _add("swish", "backward_x", "torch", lambda x, dy, y: torch.ops.aten.silu_backward(
        torch.from_numpy(dy), torch.from_numpy(x)).numpy())
