"""Error in units in the last place (ULP), used by the tests, ``python -m fastact``
and the accuracy scripts in benchmarks/."""

from __future__ import annotations

from typing import Mapping

import numpy as np

from . import _table


def precise(dtype: np.dtype) -> np.dtype:
    """A wider dtype to evaluate a reference in: float64 for float32 and float16,
    long double for float64 (80-bit on x86, 128-bit on arm64 Linux)."""
    if np.dtype(dtype).itemsize >= 8:
        return np.dtype(np.longdouble)
    return np.dtype(np.float64)


def ulp_error(result: np.ndarray, exact: np.ndarray) -> np.ndarray:
    """|result - exact| in ULPs of exact rounded to result's dtype.

    ``exact`` is a more precise evaluation (see :func:`precise`). Identical
    values, including matching infinities and NaN against NaN, count 0; a NaN
    on one side only, or an infinity against a finite value, counts inf.
    Subnormal results are measured in the smallest subnormal.
    """
    result = np.asarray(result)
    exact = np.asarray(exact)
    with np.errstate(over="ignore"):
        rounded = exact.astype(result.dtype)
    both_nan = np.isnan(result) & np.isnan(exact)
    same = (result == rounded) | both_nan
    with np.errstate(invalid="ignore", over="ignore"):
        spacing = np.abs(np.spacing(rounded)).astype(exact.dtype)
        error = np.abs(result.astype(exact.dtype) - exact) / spacing
    error = np.where(np.isfinite(error), error, np.inf)
    return np.where(same, 0.0, error).astype(np.float64)


def near_derivative_zero(name: str, params: Mapping[str, object], x) -> np.ndarray:
    """Mask of the x within half a zero's magnitude of a zero of f' (the table's
    derivative_zeros): the band where f' = a - b with |a|, |b| ~ 1 cancels, so a
    derivative there is accurate in absolute, not relative, terms."""
    spec, full = _table.resolve(name, params)
    x = np.asarray(x, dtype=np.float64)
    near = np.zeros(x.shape, dtype=bool)
    for zero in spec.derivative_zeros(full):
        near |= np.abs(x - zero) <= 0.5 * abs(zero)
    return near
