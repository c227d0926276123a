"""Calls the stubs must reject: mypy --strict reports an error on every line
marked "# error" (tests/test_typing.py checks each one, and no other line)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

import fastact as fa

x32: NDArray[np.float32] = np.linspace(-3, 3, 8, dtype=np.float32)
out = np.empty_like(x32)

wrong_dtype: np.float32 = fa.sigmoid(1.0)  # error: a Python float gives np.float64
scalar_is_not_array: NDArray[np.float32] = fa.sigmoid(np.float32(1))  # error
fa.sigmoid(x32, out)  # error: out= is keyword-only, sigmoid has no parameters
fa.leaky_relu(x32, 0.2, 0.3)  # error: one parameter
fa.leaky_relu(x32, slope=0.2)  # error: the parameter is negative_slope
fa.softplus(x32, beta="2")  # error
fa.gelu(x32, approximate="exact")  # error
fa.mish.backward(x32, y=x32)  # error: mish's output does not determine its gradient
fa.sigmoid.derivative(x32, axis=0)  # error
fa.sigmoid(x32, out=3.0)  # error
fa.not_an_activation  # error
