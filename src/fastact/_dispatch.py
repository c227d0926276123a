"""Activation calls that go through the pass's numpy.ufunc (fastact.ufuncs).

An activation serves plain ndarrays, NumPy scalars, Python numbers and lists
itself. Anything else (pandas, xarray, Dask, masked arrays, np.matrix and other
ndarray subclasses, as input, dy, y or out), an ``out=`` tuple, and NumPy's
ufunc keywords (``where=``, ``dtype=``, ``casting=``, ``order=``, ``subok=``)
go to the ufunc, whose ``__array_ufunc__`` protocol hands back the caller's own
type (Dask lazily). The parameters are checked as on the plain path: rounded to
the dtype the kernel runs in and validated by the table, so that both paths
give the same bits and the same errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ._apply import compute_dtypes
from .ufuncs import BY_KERNEL

if TYPE_CHECKING:
    from ._activation import Activation

#: keywords the ufunc takes that the plain path does not
UFUNC_KEYWORDS = ("where", "dtype", "casting", "order", "subok")
_KEYWORDS = frozenset(UFUNC_KEYWORDS)
#: what the plain path serves itself (exact types; NumPy scalars by isinstance);
#: str, bytes and complex stay there too, for its error naming the dtype
_PLAIN = frozenset((np.ndarray, list, tuple, float, int, bool, complex, str, bytes, type(None)))


def _plain(value: object) -> bool:
    return type(value) in _PLAIN or isinstance(value, np.generic)


def wanted(arrays: tuple, out: object, params: Mapping[str, object]) -> bool:
    """Whether this call goes to the ufunc (cheap: every keyword call asks)."""
    for a in arrays:
        if type(a) not in _PLAIN and not isinstance(a, np.generic):
            return True
    kind = type(out)
    if kind is tuple or (kind not in _PLAIN and isinstance(out, np.ndarray)):
        return True  # (out that is no array at all: the plain path's error names it)
    return bool(params) and not _KEYWORDS.isdisjoint(params)


def _dtype_of(value: object) -> np.dtype | None:
    """The dtype of an input without converting it (Dask must stay lazy); a
    DataFrame's common dtype; None for what has no NumPy dtype."""
    dtype = getattr(value, "dtype", None)
    dtypes = getattr(value, "dtypes", None)
    if dtype is None and dtypes is not None:  # a DataFrame's Series, a Dataset's mapping
        try:
            return np.result_type(*(dtypes.values() if isinstance(dtypes, Mapping) else dtypes))
        except TypeError:
            return None
    if dtype is None:
        return np.asarray(value).dtype if _plain(value) else None
    try:
        return np.dtype(dtype)
    except TypeError:
        return None


def kernel_dtype(arrays: tuple, params: Mapping[str, object], caller: str) -> np.dtype:
    """The dtype the kernel will run in: from dtype= if given, else from the
    inputs (fastact's rule: a TypeError naming an unsupported dtype)."""
    if params.get("dtype") is not None:
        wanted_dtype = np.dtype(params["dtype"])  # type: ignore[call-overload]
    else:
        dtypes = [d for d in map(_dtype_of, arrays) if d is not None]
        wanted_dtype = np.result_type(*dtypes) if dtypes else np.dtype(np.float64)
    return compute_dtypes(wanted_dtype, caller)[0]


def route(activation: Activation, pass_: str, arrays: tuple, out: object,
          params: Mapping[str, object], caller: str) -> Any:
    """Run the pass through its ufunc (for a call that wanted() sends here)."""
    given = dict(params)
    ufunc_kwargs = {key: given.pop(key) for key in UFUNC_KEYWORDS if key in given}
    kernel = activation._kernel(given, caller)
    ufunc = BY_KERNEL[(kernel, pass_)]
    values = activation._params(given, caller)
    dtype = kernel_dtype(arrays, ufunc_kwargs, caller)
    kept = activation._params_for(values, dtype, caller)
    if pass_ == "backward_y":
        reason = activation.spec.y_backward(activation._named(kept))  # type: ignore[misc]
        if reason is not None:
            raise ValueError(reason)
    if out is not None:
        ufunc_kwargs["out"] = out
    return ufunc(*arrays, *kept[:ufunc.nin - len(arrays)], **ufunc_kwargs)
