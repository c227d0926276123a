"""Array handling shared by every elementwise pass: dtypes, layout, out=.

The kernels only see 1-D contiguous arrays of float32 or float64. This module
turns what the user passed into such views (copying only when the memory is
not already in that form), runs the kernel and hands back what NumPy would.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from . import _core

_FLOAT32 = np.dtype(np.float32)
_FLOAT64 = np.dtype(np.float64)
#: the Cython entry point per native dtype (also used by the Activation fast path)
KERNEL_RUNNERS = {_FLOAT32: _core.run_f32, _FLOAT64: _core.run_f64}


def compute_dtypes(dtype: np.dtype, caller: str) -> tuple[np.dtype, np.dtype]:
    """(dtype the kernel runs in, dtype returned) for an input dtype.

    float32/float64 run natively; float16 runs in float32 and comes back as
    float16; bool and integers run in float64 (as np.exp does); anything else
    is a TypeError naming the dtype.
    """
    if dtype == _FLOAT32 or dtype == _FLOAT64:
        return dtype, dtype
    if dtype.kind == "f" and dtype.itemsize in (4, 8):  # non-native byte order
        native = _FLOAT32 if dtype.itemsize == 4 else _FLOAT64
        return native, native
    if dtype.kind == "f" and dtype.itemsize == 2:
        return _FLOAT32, dtype.newbyteorder("=")
    if dtype.kind in "biu":
        return _FLOAT64, _FLOAT64
    raise TypeError(
        f"{caller} does not support dtype {dtype} (kind {dtype.kind!r}); "
        "pass float16, float32, float64, bool or integer arrays"
    )


def broadcast(arrays: list[np.ndarray], caller: str) -> list[np.ndarray]:
    """The inputs broadcast against each other (unchanged when shapes agree)."""
    if all(a.shape == arrays[0].shape for a in arrays[1:]):
        return arrays
    try:
        return list(np.broadcast_arrays(*arrays))
    except ValueError:
        shapes = " and ".join(str(a.shape) for a in arrays)
        raise ValueError(f"{caller}: shapes {shapes} do not broadcast together") from None


def _layout(arrays: Sequence[np.ndarray]) -> str:
    """'C', or 'F' when every input is Fortran-contiguous (then no copy is needed)."""
    if all(a.flags.c_contiguous for a in arrays):
        return "C"
    if all(a.flags.f_contiguous for a in arrays):
        return "F"
    return "C"


def flat_view(a: np.ndarray, dtype: np.dtype, order: str) -> np.ndarray:
    """A 1-D contiguous, aligned view of a in the given memory order, copying
    only if needed (C may not read a float at an address that is not a
    multiple of its size)."""
    a = np.asarray(a, dtype=dtype, order=order)
    if not a.flags.aligned:
        a = a.copy(order=order)
    return a.ravel(order=order)


def _same_buffer(a: np.ndarray, b: np.ndarray) -> bool:
    return a.__array_interface__["data"][0] == b.__array_interface__["data"][0]


def check_out(out: object, shape: tuple[int, ...], dtype: np.dtype, caller: str) -> np.ndarray:
    if not isinstance(out, np.ndarray):
        raise TypeError(f"{caller}: out must be a numpy.ndarray, not {type(out).__name__}")
    if out.shape != shape:
        raise ValueError(f"{caller}: out has shape {out.shape}, the result has shape {shape}")
    if out.dtype.newbyteorder("=") != dtype:  # either byte order, as NumPy writes both
        raise TypeError(f"{caller}: out has dtype {out.dtype}, the result has dtype {dtype}")
    if not out.flags.writeable:
        raise ValueError(f"{caller}: out is read-only")
    return out


def direct_target(out: np.ndarray, kernel_dtype: np.dtype, order: str,
                  flats: Sequence[np.ndarray]) -> np.ndarray | None:
    """out as the 1-D view (in the given memory order) a kernel may write
    straight into, or None when the result has to go through a temporary: out
    has another dtype, layout or alignment, or overlaps an input partially.
    Exactly an input (in place) is fine: every kernel allows out == input."""
    if not (out.dtype == kernel_dtype and out.flags.aligned
            and (out.flags.c_contiguous if order == "C" else out.flags.f_contiguous)):
        return None
    target = out.view(np.ndarray).ravel(order=order)  # np.matrix ravels to 2-D
    if all(not np.may_share_memory(target, f) or (_same_buffer(target, f) and f.size == target.size)
           for f in flats):
        return target
    return None


def run_elementwise(
    caller: str,
    activation: int,
    pass_: int,
    inputs: Sequence[object],
    out: object,
    params: Sequence[float] | Callable[[np.dtype], Sequence[float]],
) -> np.ndarray | np.generic:
    """out = kernel(*inputs) elementwise, with NumPy's rules for dtypes and out=.

    inputs is (x,) for forward/derivative and (dy, x_or_y) for backward; they are
    broadcast against each other. params may be a function of the dtype the
    kernel runs in (rounding and checking them for it).
    """
    arrays = [np.asarray(a) for a in inputs]
    result_type = arrays[0].dtype if len(arrays) == 1 else np.result_type(*arrays)
    kernel_dtype, result_dtype = compute_dtypes(np.dtype(result_type), caller)
    if callable(params):
        params = params(kernel_dtype)
    arrays = broadcast(arrays, caller)
    shape = arrays[0].shape
    order = _layout(arrays)
    flats = [flat_view(a, kernel_dtype, order) for a in arrays]
    run: Callable = KERNEL_RUNNERS[kernel_dtype]

    if out is None:
        result = np.empty(shape, dtype=kernel_dtype, order=order)
        run(activation, pass_, flats[0], flats[1] if len(flats) > 1 else None,
            result.ravel(order=order), *params)
        if result_dtype != kernel_dtype:
            result = result.astype(result_dtype)
        return result if result.ndim else result[()]

    out = check_out(out, shape, result_dtype, caller)
    target = direct_target(out, kernel_dtype, order, flats)
    if target is not None:
        run(activation, pass_, flats[0], flats[1] if len(flats) > 1 else None, target, *params)
        return out
    temporary = np.empty(shape, dtype=kernel_dtype, order=order)
    run(activation, pass_, flats[0], flats[1] if len(flats) > 1 else None,
        temporary.ravel(order=order), *params)
    np.copyto(out, temporary, casting="unsafe")
    return out
