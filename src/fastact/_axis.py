"""Activations that work along an axis: softmax, log_softmax and PReLU.

The kernels see C-contiguous (outer, n, inner) blocks and run along n. A
C-contiguous input is such a block for any axis, and a Fortran-contiguous one is
the block of its transpose: neither is copied. Other layouts are copied once.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from . import _core, _table
from ._apply import broadcast, check_out, compute_dtypes, flat_view

try:  # NumPy >= 1.25
    from numpy.exceptions import AxisError
except ImportError:  # pragma: no cover
    AxisError = np.AxisError  # type: ignore[attr-defined,misc]


def normalize_axis(axis: int, ndim: int, caller: str) -> int:
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"{caller}: axis must be an integer, not {type(axis).__name__}")
    if not -ndim <= axis < ndim:
        raise AxisError(f"{caller}: axis {axis} is out of bounds for an array of dimension {ndim}")
    return int(axis) % ndim


class Blocks:
    """Arrays viewed as flat (outer, n, inner) blocks in one memory order."""

    def __init__(self, arrays: Sequence[np.ndarray], axis: int, dtype: np.dtype) -> None:
        shape = arrays[0].shape
        if all(a.flags.c_contiguous for a in arrays):
            order = "C"
        elif all(a.flags.f_contiguous for a in arrays):
            order = "F"
        else:
            order = "C"
        self.order, self.shape, self.dtype = order, shape, dtype
        dims = shape if order == "C" else shape[::-1]
        position = axis if order == "C" else len(shape) - 1 - axis
        self.outer = int(np.prod(dims[:position], dtype=np.int64))
        self.n = int(dims[position])
        self.inner = int(np.prod(dims[position + 1:], dtype=np.int64))
        self.flats = [flat_view(a, dtype, order) for a in arrays]

    def empty(self) -> np.ndarray:
        return np.empty(self.shape, dtype=self.dtype, order=self.order)

    def flat(self, a: np.ndarray) -> np.ndarray:
        return a.view(np.ndarray).ravel(order=self.order)  # np.matrix ravels to 2-D

    def writable_target(self, out: np.ndarray | None) -> np.ndarray:
        """An array the kernel may write: out itself when its layout allows and it
        overlaps no input, else a fresh array (copied into out afterwards)."""
        if out is not None and out.dtype == self.dtype and out.flags.aligned:
            contiguous = out.flags.c_contiguous if self.order == "C" else out.flags.f_contiguous
            if contiguous and not any(np.may_share_memory(out, f) for f in self.flats):
                return out
        return self.empty()


def check_optional_out(out: object, shape: tuple, dtype: np.dtype, caller: str) -> np.ndarray | None:
    return None if out is None else check_out(out, shape, dtype, caller)


def finish(result: np.ndarray, out: np.ndarray | None, result_dtype: np.dtype) -> np.ndarray:
    if out is not None:
        if result is not out:
            np.copyto(out, result, casting="unsafe")
        return out
    return result if result.dtype == result_dtype else result.astype(result_dtype)


def _arrays(inputs: Sequence[object], caller: str) -> tuple[list[np.ndarray], np.dtype, np.dtype]:
    arrays = [np.asarray(a) for a in inputs]
    result_type = arrays[0].dtype if len(arrays) == 1 else np.result_type(*arrays)
    kernel_dtype, result_dtype = compute_dtypes(np.dtype(result_type), caller)
    arrays = broadcast(arrays, caller)
    if arrays[0].ndim == 0:
        raise AxisError(f"{caller}: needs an array with at least one dimension, got a 0-d one")
    return arrays, kernel_dtype, result_dtype


def run_axis(op: int, inputs: Sequence[object], axis: int, out: object, caller: str) -> np.ndarray:
    """out = op(*inputs) along axis, with NumPy's rules for dtypes and out=."""
    arrays, kernel_dtype, result_dtype = _arrays(inputs, caller)
    axis = normalize_axis(axis, arrays[0].ndim, caller)
    out = check_optional_out(out, arrays[0].shape, result_dtype, caller)
    blocks = Blocks(arrays, axis, kernel_dtype)
    target = blocks.writable_target(out)
    b = blocks.flats[1] if len(blocks.flats) > 1 else None
    _core.run_axis(op, blocks.flats[0], b, blocks.flat(target), blocks.outer, blocks.n, blocks.inner)
    return finish(target, out, result_dtype)


class AxisActivation:
    """softmax or log_softmax along an axis (``axis=-1`` by default).

    Max-shifted, so rows of huge values (1e30) work; sums are accumulated in
    float64. +inf entries give the limit: the k of them in a row share the
    mass (1/k, log_softmax -log k) and the rest get 0 and -inf, where PyTorch
    and SciPy give NaN (their max-shifted form takes inf - inf). A row that
    holds NaN, or is all -inf (0/0), gives NaN; -inf elsewhere gives 0
    (softmax) and -inf (log_softmax). A length-1 axis gives 1 and 0; an empty
    axis an empty result.

    ``f(x, axis=-1, out=None)``, ``f.derivative(x, axis=-1)`` (the Jacobian,
    shape (..., n, n) with the other axes first), ``f.backward(dy, x, axis=-1)``
    or ``f.backward(dy, y=f(x), axis=-1)`` (the cheap form).
    """

    def __init__(self, spec: _table.Spec) -> None:
        self.spec = spec
        self.name = spec.name
        self._log = spec.name == "log_softmax"
        self._forward_op = _core.AXIS_OPS[spec.name]
        self._backward_op = _core.AXIS_OPS[spec.name + "_backward_y"]
        self.__doc__ = f"{spec.formula}\n\nDerivative: {spec.derivative}\n\n{AxisActivation.__doc__}"

    def __repr__(self) -> str:
        return f"<fastact activation {self.name}(axis=-1)>"

    def __call__(self, x: object, axis: int = -1, out: np.ndarray | None = None) -> np.ndarray:
        return run_axis(self._forward_op, (x,), axis, out, f"fastact.{self.name}")

    def backward(self, dy: object, x: object = None, out: np.ndarray | None = None, *,
                 y: object = None, axis: int = -1) -> np.ndarray:
        """The gradient with respect to x, from x or (cheaper) from y = f(x)."""
        caller = f"fastact.{self.name}.backward"
        if (x is None) == (y is None):
            raise TypeError(f"{caller}() takes exactly one of x and y= "
                            f"({'both' if x is not None else 'neither'} given)")
        if y is None:
            y = self(x, axis=axis)
        return run_axis(self._backward_op, (dy, y), axis, out, caller)

    def derivative(self, x: object, axis: int = -1) -> np.ndarray:
        """The Jacobian d f(x)_i / d x_j along axis: shape (..., n, n), other axes first."""
        caller = f"fastact.{self.name}.derivative"
        x = np.asarray(x)
        if x.ndim == 0:
            raise AxisError(f"{caller}: needs an array with at least one dimension, got a 0-d one")
        axis = normalize_axis(axis, x.ndim, caller)
        s = np.moveaxis(run_axis(_core.AXIS_OPS["softmax"], (x,), axis, None, caller), axis, -1)
        eye = np.eye(s.shape[-1], dtype=s.dtype)
        if self._log:
            return eye - s[..., None, :]
        return s[..., :, None] * (eye - s[..., None, :])


class PReLU:
    """prelu(x, alpha, axis=-1): x if x > 0 else alpha[c] * x, c the index along axis.

    alpha is a scalar or a 1-D array with one slope per channel (x.shape[axis]);
    axis=-1 serves (batch, features) arrays, axis=1 (N, C, H, W) ones.
    ``backward(dy, x, alpha, axis=-1)`` returns (dx, dalpha), dalpha shaped like
    alpha (summed over every other axis, accumulated in float64).
    """

    def __init__(self, spec: _table.Spec) -> None:
        self.spec = spec
        self.name = spec.name
        self.__doc__ = f"{spec.formula}\n\nDerivative: {spec.derivative}\n\n{PReLU.__doc__}"

    def __repr__(self) -> str:
        return "<fastact activation prelu(alpha, axis=-1)>"

    def _prepare(self, inputs: Sequence[object], alpha: object, axis: int, caller: str):
        alpha_array = np.asarray(alpha)
        arrays, kernel_dtype, result_dtype = _arrays_with_alpha(inputs, alpha_array, caller)
        x = arrays[-1]
        if alpha_array.ndim == 0 or alpha_array.shape == (1,):
            # one slope for everything: a single channel, vectorised over all elements
            blocks = Blocks(arrays, 0, kernel_dtype) if x.ndim else None
            flats = blocks.flats if blocks else [flat_view(a, kernel_dtype, "C") for a in arrays]
            layout = (1, 1, x.size)
            return arrays, flats, blocks, layout, kernel_dtype, result_dtype, alpha_array
        if alpha_array.ndim != 1:
            raise ValueError(f"{caller}: alpha must be a scalar or 1-D, got shape {alpha_array.shape}")
        if x.ndim == 0:
            raise ValueError(f"{caller}: alpha of shape {alpha_array.shape} needs x with a channel "
                             "axis, got a 0-d x")
        axis = normalize_axis(axis, x.ndim, caller)
        if alpha_array.shape[0] != x.shape[axis]:
            raise ValueError(f"{caller}: alpha has shape {alpha_array.shape} but x has shape "
                             f"{x.shape}, whose axis {axis} has {x.shape[axis]} channels")
        blocks = Blocks(arrays, axis, kernel_dtype)
        layout = (blocks.outer, blocks.n, blocks.inner)
        return arrays, blocks.flats, blocks, layout, kernel_dtype, result_dtype, alpha_array

    def _alpha(self, alpha_array: np.ndarray, dtype: np.dtype) -> np.ndarray:
        return flat_view(alpha_array.reshape(-1), dtype, "C")

    def _elementwise(self, pass_: int, x: object, alpha: object, axis: int, out: object, caller: str):
        arrays, flats, blocks, layout, kernel_dtype, result_dtype, alpha_array = self._prepare(
            (x,), alpha, axis, caller)
        shape = arrays[0].shape
        out = check_optional_out(out, shape, result_dtype, caller)
        if blocks is None:  # 0-d x with a scalar alpha
            target = np.empty(shape, kernel_dtype)
            flat_target = target.reshape(-1)
        else:
            target = blocks.writable_target(out)
            flat_target = blocks.flat(target)
        _core.run_prelu(pass_, flats[0], self._alpha(alpha_array, kernel_dtype), flat_target, *layout)
        result = finish(target, out, result_dtype)
        return result if result.ndim or out is not None else result[()]

    def __call__(self, x: object, alpha: object, axis: int = -1, out: np.ndarray | None = None):
        return self._elementwise(0, x, alpha, axis, out, "fastact.prelu")

    def derivative(self, x: object, alpha: object, axis: int = -1, out: np.ndarray | None = None):
        """dy/dx: 1 where x > 0, else alpha of the channel (alpha at 0, as PyTorch)."""
        return self._elementwise(1, x, alpha, axis, out, "fastact.prelu.derivative")

    def backward(self, dy: object, x: object, alpha: object, axis: int = -1,
                 out: np.ndarray | None = None):
        """(dx, dalpha): dx = dy * prelu'(x); dalpha[c] = sum of dy * x over x <= 0 in channel c."""
        caller = "fastact.prelu.backward"
        arrays, flats, blocks, layout, kernel_dtype, result_dtype, alpha_array = self._prepare(
            (dy, x), alpha, axis, caller)
        shape = arrays[0].shape
        out = check_optional_out(out, shape, result_dtype, caller)
        if blocks is None:
            target = np.empty(shape, kernel_dtype)
            flat_target = target.reshape(-1)
        else:
            target = blocks.writable_target(out)
            flat_target = blocks.flat(target)
        dalpha = np.empty(layout[1], dtype=np.float64)
        _core.run_prelu_backward(flats[0], flats[1], self._alpha(alpha_array, kernel_dtype),
                                 flat_target, dalpha, *layout)
        dx = finish(target, out, result_dtype)
        if not dx.ndim and out is None:
            dx = dx[()]
        dalpha = dalpha.astype(result_dtype).reshape(alpha_array.shape)
        return dx, (dalpha if dalpha.ndim else dalpha[()])


def _arrays_with_alpha(inputs: Sequence[object], alpha: np.ndarray, caller: str):
    arrays = [np.asarray(a) for a in inputs]
    if alpha.dtype.kind not in "biuf":
        raise TypeError(f"{caller} does not support alpha of dtype {alpha.dtype}")
    # alpha takes part in the dtype like a NumPy operand; a Python float stays weak
    result_type = np.result_type(*arrays, alpha if alpha.ndim else alpha.item())
    kernel_dtype, result_dtype = compute_dtypes(np.dtype(result_type), caller)
    arrays = broadcast(arrays, caller)
    return arrays, kernel_dtype, result_dtype
