"""Activations that work along an axis: softmax, log_softmax and PReLU.

The kernels see C-contiguous (outer, n, inner) blocks and run along n. A
C-contiguous input is such a block for any axis, and a Fortran-contiguous one is
the block of its transpose: neither is copied. Other layouts are copied once.
Several axes (a tuple, or None for all) are moved to the end and merged into
one, which copies only where the axes are not already adjacent in memory.
pandas, xarray and Dask inputs go through _axis_containers.
"""

from __future__ import annotations

import functools
import math
from typing import Sequence, Union

import numpy as np

from . import _axis_containers as _containers
from . import _core, _table
from ._activation import by_name
from ._apply import broadcast, check_out, compute_dtypes, flat_view

try:  # NumPy >= 1.25
    from numpy.exceptions import AxisError
except ImportError:  # pragma: no cover
    AxisError = np.AxisError  # type: ignore[attr-defined,misc]


def normalize_axis(axis: object, ndim: int, caller: str) -> int:
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"{caller}: axis must be an integer, not {type(axis).__name__}")
    if not -ndim <= axis < ndim:
        raise AxisError(f"{caller}: axis {axis} is out of bounds for an array of dimension {ndim}")
    return int(axis) % ndim  # type: ignore[call-overload]


Axes = Union[int, "tuple[int, ...]", None]


def normalize_axes(axis: object, ndim: int, caller: str) -> tuple[int, ...]:
    """axis as a tuple of distinct non-negative axes: None is every axis (as
    SciPy and JAX take it); a tuple may be empty (each element alone)."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, tuple):
        axes = tuple(normalize_axis(a, ndim, caller) for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError(f"{caller}: axis {axis} repeats an axis (of an array of dimension {ndim})")
        return axes
    if isinstance(axis, list):
        raise TypeError(f"{caller}: axis must be an integer, a tuple of integers or None, not a list")
    return (normalize_axis(axis, ndim, caller),)


def promoted_dtype(arrays: Sequence[np.ndarray]) -> np.dtype:
    """The dtype NumPy 2 gives these arrays together, on every NumPy version:
    np.promote_types never looks at values, where NumPy 1.x's result_type let
    a 0-d operand's value pick a smaller type."""
    return functools.reduce(np.promote_types, (a.dtype for a in arrays))


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
        self.outer = math.prod(dims[:position])
        self.n = int(dims[position])
        self.inner = math.prod(dims[position + 1:])
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


def _arrays(inputs: Sequence[object], caller: str,
            allow_0d: bool = False) -> tuple[list[np.ndarray], np.dtype, np.dtype]:
    arrays = [np.asarray(a) for a in inputs]
    dtype = arrays[0].dtype if len(arrays) == 1 else promoted_dtype(arrays)
    kernel_dtype, result_dtype = compute_dtypes(dtype, caller)
    arrays = broadcast(arrays, caller)
    if arrays[0].ndim == 0 and not allow_0d:
        raise AxisError(f"{caller}: needs an array with at least one dimension, got a 0-d one "
                        "(axis=None takes it)")
    return arrays, kernel_dtype, result_dtype


def _mask(where: object, shape: tuple[int, ...], caller: str) -> np.ndarray:
    """where= as a bool array of the result's shape (broadcast, not copied)."""
    mask = np.asarray(where)
    if mask.dtype != np.bool_:
        raise TypeError(f"{caller}: where must be a boolean array, not of dtype {mask.dtype}")
    try:
        return np.broadcast_to(mask, shape)
    except ValueError:
        raise ValueError(f"{caller}: where has shape {mask.shape}, which does not broadcast "
                         f"to the array's shape {shape}") from None


def _run_one_axis(op: int, arrays: Sequence[np.ndarray], axis: int, out: np.ndarray | None,
                  dtype: np.dtype) -> np.ndarray:
    """op along one axis into out (when its layout allows) or a fresh array."""
    blocks = Blocks(arrays, axis, dtype)
    target = blocks.writable_target(out)
    b = blocks.flats[1] if len(blocks.flats) > 1 else None
    _core.run_axis(op, blocks.flats[0], b, blocks.flat(target), blocks.outer, blocks.n, blocks.inner)
    return target


def _run_axes(op: int, arrays: Sequence[np.ndarray], axes: tuple[int, ...],
              dtype: np.dtype) -> np.ndarray:
    """op jointly over several axes: they are moved to the end and merged into
    one (reshape copies only where they are not adjacent in memory)."""
    ndim = arrays[0].ndim
    last = tuple(range(ndim - len(axes), ndim))
    merged = [_axes_last(a, axes) for a in arrays]
    result = _run_one_axis(op, merged, ndim - len(axes), None, dtype)
    return np.moveaxis(result.reshape(np.moveaxis(arrays[0], axes, last).shape), last, axes)


def run_axes(op: int, inputs: Sequence[object], axis: Axes, out: object, caller: str,
             where: object = None, fills: Sequence[float] = (), excluded: float = 0.0) -> np.ndarray:
    """out = op(*inputs) jointly over axis (an int, a tuple or None), with
    NumPy's rules for dtypes and out=. With where=, inputs[i] is replaced by
    fills[i] where the mask is False (so the kernel leaves those entries out of
    its max and sum) and the result there is `excluded`, as in JAX."""
    arrays, kernel_dtype, result_dtype = _arrays(inputs, caller, allow_0d=not isinstance(axis, int))
    shape = arrays[0].shape
    axes = normalize_axes(axis, len(shape), caller)
    out = check_optional_out(out, shape, result_dtype, caller)
    mask = None
    if where is not None:
        mask = _mask(where, shape, caller)
        arrays = [np.where(mask, np.asarray(a, kernel_dtype), kernel_dtype.type(fill))
                  for a, fill in zip(arrays, fills)]
    if len(axes) == 1:
        result = _run_one_axis(op, arrays, axes[0], out if mask is None else None, kernel_dtype)
    else:
        result = _run_axes(op, arrays, axes, kernel_dtype)
    if mask is not None:  # also an all-excluded row, which the kernel makes NaN
        np.copyto(result, kernel_dtype.type(excluded), where=~mask)
    return finish(result, out, result_dtype)


def run_axis(op: int, inputs: Sequence[object], axis: int, out: object, caller: str) -> np.ndarray:
    """out = op(*inputs) along axis, with NumPy's rules for dtypes and out=."""
    if (out is None or type(out) is np.ndarray) and (axis == -1 or (type(axis) is int and axis >= 0)):
        first = inputs[0]
        if axis == -1 or axis == getattr(first, "ndim", 0) - 1:  # the common call, compiled
            result = _core.plain_last_axis(op, first, inputs[1] if len(inputs) > 1 else None, out)
            if result is not None:
                return result
    arrays, kernel_dtype, result_dtype = _arrays(inputs, caller)
    axis = normalize_axis(axis, arrays[0].ndim, caller)
    out = check_optional_out(out, arrays[0].shape, result_dtype, caller)
    target = _run_one_axis(op, arrays, axis, out, kernel_dtype)
    return finish(target, out, result_dtype)


class AxisActivation:
    """softmax or log_softmax along an axis (``axis=-1`` by default).

    softmax(x)_i = e^(x_i - m) / sum_j e^(x_j - m), m = max_j x_j, and
    log_softmax(x)_i = (x_i - m) - log(sum_j e^(x_j - m)); the sums run over
    ``axis``: an int, a tuple of axes (taken jointly, as SciPy and JAX do) or
    None (every element). Sums are accumulated in float64 (float32 data) or
    with compensated lanes (float64), so rows of huge values (1e30) work.

    +inf entries give the limit: the k of them in a row share the mass (1/k,
    log_softmax -log k) and the rest get 0 and -inf, where PyTorch and SciPy
    give NaN (their max-shifted form takes inf - inf). A row that holds NaN,
    or is all -inf (0/0), gives NaN; -inf elsewhere gives 0 (softmax) and -inf
    (log_softmax). A length-1 axis gives 1 and 0; an empty axis an empty result.

    ``where=`` (a boolean mask broadcastable to x, JAX's meaning): entries where
    it is False are left out of the max and the sum, and come back as 0
    (softmax) or -inf (log_softmax), as jax.nn.softmax / log_softmax give; a row
    with no entry included is all 0 / all -inf. A masked array's masked entries
    are left out the same way and stay masked in the result (a MaskedArray).

    np.matrix and other ndarray subclasses come back as their own type; pandas
    (Series/DataFrame: index and columns kept; axis 0 / "index" runs down each
    column, -1 / 1 / "columns" across each row, None over the whole frame),
    xarray (``dim="name"`` or a tuple of names; dims, coords and attrs kept) and
    Dask (lazily: where the axes are split in several chunks, they are rechunked
    whole if a row fits Dask's array.chunk-size, else the max and the sums are
    taken as Dask reductions in two passes) come back as their own types.

    ``f(x, axis=-1, out=None, *, where=None, dim=None)``, ``f.derivative(x,
    axis=-1)`` (the Jacobian, shape (..., n, n) with the other axes first; n the
    product of the lengths of the axes, in C order), ``f.backward(dy, x,
    axis=-1)`` or ``f.backward(dy, y=f(x), axis=-1)`` (the cheap form: softmax
    y * (dy - sum(dy * y)), log_softmax dy - e^y sum(dy)); backward and derivative
    take the same where= (excluded entries get a zero gradient).
    """

    def __init__(self, spec: _table.Spec) -> None:
        self.spec = spec
        self.name = spec.name
        self._log = spec.name == "log_softmax"
        self._forward_op = _core.AXIS_OPS[spec.name]
        self._backward_op = _core.AXIS_OPS[spec.name + "_backward_y"]
        # what an excluded entry becomes: of y before the kernels (so that it
        # adds nothing), and of the forward result (JAX's value)
        self._y_fill = -np.inf if self._log else 0.0
        self.__doc__ = f"{spec.formula}\n\nDerivative: {spec.derivative}\n\n{AxisActivation.__doc__}"

    def __repr__(self) -> str:
        return f"<fastact activation {self.name}(axis=-1)>"

    def __reduce__(self) -> tuple:
        return by_name, (self.name,)

    def __call__(self, x: object, axis: Axes = -1, out: np.ndarray | None = None, *,
                 where: object = None, dim: object = None) -> np.ndarray:
        if axis == -1 and where is None and dim is None and (out is None or type(out) is np.ndarray):
            result = _core.plain_last_axis(self._forward_op, x, None, out)  # the common call, compiled
            if result is not None:
                return result
        caller = f"fastact.{self.name}"
        if type(x) is np.ndarray and where is None and type(axis) is int and dim is None:
            return run_axis(self._forward_op, (x,), axis, out, caller)  # the common case, first
        if not isinstance(x, np.ndarray) or dim is not None:
            wrapped = _containers.forward(self, x, axis, out, where, dim, caller)
            if wrapped is not NotImplemented:
                return wrapped
        if isinstance(x, np.ma.MaskedArray):
            keep = _keep(where, (x,), caller)
            data = run_axes(self._forward_op, (x.data,), axis, _data(out), caller,
                            keep, (-np.inf,), self._y_fill)
            return _masked(data, (x,), out)
        result = run_axes(self._forward_op, (x,), axis, out, caller, where, (-np.inf,), self._y_fill)
        return _wrap(result, x, out)

    def backward(self, dy: object, x: object = None, out: np.ndarray | None = None, *,
                 y: object = None, axis: Axes = -1, where: object = None,
                 dim: object = None) -> np.ndarray:
        """The gradient with respect to x, from x or (cheaper) from y = f(x)."""
        caller = f"fastact.{self.name}.backward"
        if (x is None) == (y is None):
            raise TypeError(f"{caller}() takes exactly one of x and y= "
                            f"({'both' if x is not None else 'neither'} given)")
        other = x if y is None else y
        if (where is None and dim is None and type(axis) is int and type(dy) is np.ndarray
                and type(other) is np.ndarray):
            if y is None:  # the common calls, as __call__'s first branch
                y = run_axis(self._forward_op, (x,), axis, None, caller)
            return run_axis(self._backward_op, (dy, y), axis, out, caller)
        if dim is not None or not all(isinstance(a, np.ndarray) for a in (dy, other)):
            wrapped = _containers.backward(self, dy, x, y, axis, out, where, dim, caller)
            if wrapped is not NotImplemented:
                return wrapped
        if any(isinstance(a, np.ma.MaskedArray) for a in (dy, other)):
            keep = _keep(where, (dy, other), caller)
            plain = [_unmasked(a) for a in (dy, other)]
            data = self._backward(plain[0], plain[1] if y is None else None,
                                  plain[1] if y is not None else None, axis, _data(out), keep, caller)
            return _masked(data, (dy, other), out)
        return _wrap(self._backward(dy, x, y, axis, out, where, caller), dy, out)

    def _backward(self, dy: object, x: object, y: object, axis: Axes, out: object,
                  where: object, caller: str) -> np.ndarray:
        if y is None:
            y = run_axes(self._forward_op, (x,), axis, None, caller, where, (-np.inf,), self._y_fill)
        # an excluded entry adds nothing to the sums (dy 0, y 0 or -inf) and gets 0
        return run_axes(self._backward_op, (dy, y), axis, out, caller, where, (0.0, self._y_fill), 0.0)

    def derivative(self, x: object, axis: Axes = -1, *, where: object = None,
                   dim: object = None) -> np.ndarray:
        """The Jacobian d f(x)_i / d x_j over axis: shape (..., n, n), other axes
        first, n the product of the axes' lengths (their elements in C order)."""
        caller = f"fastact.{self.name}.derivative"
        if dim is not None or not isinstance(x, np.ndarray):
            x, axis, where = _containers.plain(x, axis, where, dim, caller)
        if isinstance(x, np.ma.MaskedArray):
            where = _keep(where, (x,), caller)
            x = np.ma.getdata(x)
        x = np.asarray(x)
        if x.ndim == 0 and isinstance(axis, int):
            raise AxisError(f"{caller}: needs an array with at least one dimension, got a 0-d one")
        axes = normalize_axes(axis, x.ndim, caller)
        s = run_axes(_core.AXIS_OPS["softmax"], (x,), axes, None, caller, where, (-np.inf,), 0.0)
        s = _axes_last(s, axes)
        eye = np.eye(s.shape[-1], dtype=s.dtype)
        if not self._log:  # an excluded entry has s = 0: its row and column vanish
            return s[..., :, None] * (eye - s[..., None, :])
        jacobian = eye - s[..., None, :]
        if where is not None:
            keep = _axes_last(_mask(where, x.shape, caller), axes)
            jacobian *= keep[..., :, None] & keep[..., None, :]
        return jacobian


def _axes_last(a: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """a with axes moved to the end and merged into one (C order)."""
    lead = a.ndim - len(axes)
    moved = np.moveaxis(a, axes, tuple(range(lead, a.ndim)))
    return moved.reshape(moved.shape[:lead] + (math.prod(moved.shape[lead:]),))


def _keep(where: object, arrays: Sequence[object], caller: str) -> np.ndarray:
    """The entries to include: not masked in any of arrays, and where= (if given)."""
    shape = np.broadcast_shapes(*(np.asarray(a).shape for a in arrays))
    masked = functools.reduce(np.logical_or, (np.ma.getmaskarray(a) for a in arrays
                                              if isinstance(a, np.ma.MaskedArray)))
    keep = ~np.broadcast_to(masked, shape)
    return keep if where is None else keep & _mask(where, shape, caller)


def _unmasked(a: object) -> object:
    return a.data if isinstance(a, np.ma.MaskedArray) else a


def _data(out: object) -> np.ndarray | None:
    """out= for the kernels: a masked out's data (its mask is set afterwards)."""
    return _unmasked(out)  # type: ignore[return-value]


def _masked(data: np.ndarray, arrays: Sequence[object], out: object) -> np.ma.MaskedArray:
    """data as a MaskedArray masked where any input was masked (out's mask set)."""
    mask = functools.reduce(np.logical_or, (np.ma.getmaskarray(a) for a in arrays
                                            if isinstance(a, np.ma.MaskedArray)))
    mask = np.broadcast_to(mask, data.shape).copy()
    if isinstance(out, np.ma.MaskedArray):
        out.mask = mask
        return out
    return np.ma.MaskedArray(data, mask=mask)


def _wrap(result: np.ndarray, like: object, out: object) -> np.ndarray:
    """result as like's ndarray subclass (np.matrix, ...); a 0-d result of a
    0-d input (axis=None) as a NumPy scalar."""
    if out is not None:
        return result
    if isinstance(like, np.ndarray) and type(like) is not np.ndarray:
        return like.__array_wrap__(result)
    return result if result.ndim else result[()]


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

    def __reduce__(self) -> tuple:
        return by_name, ("prelu",)

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
    # A 1-D alpha takes part in the dtype like an operand; a scalar one is weak,
    # as a Python float is in NumPy 2 (x's dtype wins), on every NumPy version
    # (NumPy 1.x's result_type let 0-d values choose: a float32 scalar x with a
    # float alpha gave float64).
    result_type = promoted_dtype(arrays + [alpha] if alpha.ndim else arrays)
    kernel_dtype, result_dtype = compute_dtypes(np.dtype(result_type), caller)
    arrays = broadcast(arrays, caller)
    return arrays, kernel_dtype, result_dtype
