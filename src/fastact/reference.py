"""Plain-NumPy twins of every fastact pass, in numerically stable form.

They are the tests' oracle and the benchmarks' baseline, and anyone may call
them: ``reference.sigmoid(x)``, ``reference.sigmoid.derivative(x)``,
``reference.sigmoid.backward(dy, x)`` or ``backward(dy, y=y)``. They follow the
same dtype rules as fastact (float32 stays float32, integers become float64)
but make temporaries freely: clarity first, speed is fastact's job.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = ["Reference", "sigmoid", "relu"]


def _as_float(a: object) -> np.ndarray:
    a = np.asarray(a)
    if a.dtype.kind in "biu":
        return a.astype(np.float64)
    if a.dtype.kind != "f":
        raise TypeError(f"reference twins take real arrays, not dtype {a.dtype}")
    return a


class Reference:
    """A NumPy twin: forward, derivative and (where possible) derivative from y."""

    def __init__(self, forward: Callable, derivative: Callable,
                 derivative_from_y: Callable | None = None) -> None:
        self.name = forward.__name__
        self.__doc__ = forward.__doc__
        self._forward = forward
        self._derivative = derivative
        self._derivative_from_y = derivative_from_y

    def __repr__(self) -> str:
        return f"<fastact.reference {self.name}>"

    def __call__(self, x: object, **params: float) -> np.ndarray:
        return self._forward(_as_float(x), **params)

    def derivative(self, x: object, **params: float) -> np.ndarray:
        return self._derivative(_as_float(x), **params)

    def backward(self, dy: object, x: object = None, *, y: object = None,
                 **params: float) -> np.ndarray:
        """dy * f'(x) as a NumPy chain of separate passes."""
        dy = _as_float(dy)
        if x is not None:
            return dy * self._derivative(_as_float(x), **params)
        if self._derivative_from_y is None:
            raise ValueError(f"{self.name}: the gradient cannot be had from y")
        return dy * self._derivative_from_y(_as_float(y), **params)


def _one(x: np.ndarray) -> np.ndarray:
    return np.ones((), dtype=x.dtype)


# --- sigmoid ---------------------------------------------------------------
def _sigmoid(x: np.ndarray) -> np.ndarray:
    """sigmoid(x) = 1 / (1 + exp(-x)), as where(x >= 0, 1, e) / (1 + e), e = exp(-|x|)."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, _one(x), e) / (1 + e)


def _sigmoid_derivative(x: np.ndarray) -> np.ndarray:
    """sigmoid'(x) = sigmoid(x) sigmoid(-x) = e / (1 + e)^2, e = exp(-|x|)."""
    e = np.exp(-np.abs(x))
    return e / (1 + e) ** 2


def _sigmoid_derivative_from_y(y: np.ndarray) -> np.ndarray:
    return y * (1 - y)


_sigmoid.__name__ = "sigmoid"
sigmoid = Reference(_sigmoid, _sigmoid_derivative, _sigmoid_derivative_from_y)


# --- relu ------------------------------------------------------------------
def _relu(x: np.ndarray, threshold: float = 0.0) -> np.ndarray:
    """relu(x) = x if x > threshold else 0 (NaN stays NaN)."""
    return np.where(x <= x.dtype.type(threshold), np.zeros((), x.dtype), x)


def _relu_derivative(x: np.ndarray, threshold: float = 0.0) -> np.ndarray:
    """relu'(x) = 1 if x > threshold else 0; 0 at the kink; NaN stays NaN."""
    step = (x > x.dtype.type(threshold)).astype(x.dtype)
    return np.where(np.isnan(x), x, step)


_relu.__name__ = "relu"
relu = Reference(_relu, _relu_derivative, _relu_derivative)
