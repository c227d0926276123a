"""Checked by mypy --strict (tests/test_typing.py): fastact's stubs as users
meet them. reveal_type is avoided so the file also runs; the annotated
assignments are the assertions (mypy rejects a wrong one)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
from numpy.typing import NDArray

import fastact as fa

x32: NDArray[np.float32] = np.linspace(-3, 3, 8, dtype=np.float32)
x64: NDArray[np.float64] = np.linspace(-3, 3, 8)

# float32 arrays stay float32, float64 float64, in every pass
y32: NDArray[np.float32] = fa.sigmoid(x32)
d32: NDArray[np.float32] = fa.sigmoid.derivative(x32)
g32: NDArray[np.float32] = fa.sigmoid.backward(np.ones_like(x32), x32)
h32: NDArray[np.float32] = fa.sigmoid.backward(np.ones_like(x32), y=y32)
y64: NDArray[np.float64] = fa.tanh(x64)

# scalars in, NumPy scalars out
s32: np.float32 = fa.sigmoid(np.float32(0.5))
s64: np.float64 = fa.gelu(0.5)
si: np.float64 = fa.relu(3)
sd: np.float64 = fa.elu.derivative(-1.0, 0.5)

# integer arrays are computed in float64; lists give arrays
i64: NDArray[np.float64] = fa.relu(np.arange(4))
listed: NDArray[Any] = fa.softsign([1.0, 2.0])

# parameters positionally in the table's order, as torch takes them, or by name
leaky: NDArray[np.float32] = fa.leaky_relu(x32, 0.2)
leaky_named: NDArray[np.float32] = fa.leaky_relu(x32, negative_slope=0.2)
soft: NDArray[np.float64] = fa.softplus(x64, 2.0, 10.0)
clipped: NDArray[np.float64] = fa.hard_tanh.backward(np.ones(8), x64, -2.0, 2.0)
from_y: NDArray[np.float64] = fa.elu.backward(np.ones(8), y=fa.elu(x64), alpha=0.5)
approx: NDArray[np.float32] = fa.gelu(x32, approximate="tanh")
approx_flag: NDArray[np.float32] = fa.gelu.derivative(x32, approximate=True)

# out= returns out, typed as out
out = np.empty_like(x32)
into: NDArray[np.float32] = fa.swish(x32, out=out)
into_dx: NDArray[np.float32] = fa.swish.backward(x32, x32, 1.5, out=out)

# axis functions and prelu
p: NDArray[Any] = fa.softmax(x64.reshape(2, 4), axis=0)
lp: NDArray[Any] = fa.log_softmax.backward(np.ones((2, 4)), y=fa.log_softmax(x64.reshape(2, 4)))
jac: NDArray[Any] = fa.softmax.derivative(x64[:3])
dx, dalpha = fa.prelu.backward(np.ones(8), x64, 0.25)

# the registry: literal names give the activation's own type, others the union
by_name = fa.get("hardswish")
hs: NDArray[np.float32] = by_name(x32)
same: fa.Activation = fa.get(fa.sigmoid)
anything = fa.get("".join(["s", "igmoid"]))
names: list[str] = fa.available()

# activations are Activations, so generic code takes any of them
def apply(f: fa.Activation, values: NDArray[np.float64]) -> Any:
    return f(values)


apply(fa.mish, x64)
apply(fa.leaky_relu, x64)
passes: list[Callable[..., Any]] = [fa.relu, fa.relu.derivative, fa.relu.backward]

config: dict[str, Any] = fa.show_config()
fa.set_num_threads(1)
threads: int = fa.get_num_threads()
version: str = fa.__version__
twin: NDArray[Any] = fa.reference.sigmoid(x64)
bodies: list[dict[str, str]] = fa.kernels()

# training pieces: dropout (seeded, backward from the same seed) and initialisers
seed: int = fa.dropout.new_seed(np.random.default_rng(0))
dropped = fa.dropout(x64, 0.5, seed=seed)
grad = fa.dropout.backward(x64, 0.5, seed=seed)
keep: NDArray[np.bool_] = fa.dropout.mask(x64.shape, 0.5, seed=seed)
weights = fa.init.he_normal((4, 3), rng=0)
fan_in, fan_out = fa.init.fans((16, 3, 5, 5))
u: np.ufunc = fa.ufuncs.leaky_relu_backward_y
