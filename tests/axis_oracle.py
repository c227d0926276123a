"""softmax and log_softmax in 40 digits (mpmath), jointly over axes and with
JAX's where=, for the axis tests."""

from __future__ import annotations

import numpy as np
import pytest

from fastact import _axis


def oracle(x: np.ndarray, axis, where=None) -> tuple[np.ndarray, np.ndarray]:
    """(softmax, log_softmax) jointly over axis in 40 digits, the excluded
    entries 0 and -inf (JAX's values), a row with none included all 0 / -inf."""
    mpmath = pytest.importorskip("mpmath")
    axes = _axis.normalize_axes(axis, x.ndim, "oracle")
    keep = np.ones(x.shape, bool) if where is None else np.broadcast_to(where, x.shape)
    last = tuple(range(x.ndim - len(axes), x.ndim))
    moved, kept = np.moveaxis(x, axes, last), np.moveaxis(keep, axes, last)
    n = int(np.prod(moved.shape[x.ndim - len(axes):], dtype=np.int64))
    rows = moved.reshape(-1, n).astype(np.float64)
    keeps = kept.reshape(-1, n)
    soft, log = np.zeros(rows.shape), np.full(rows.shape, -np.inf)
    with mpmath.workdps(40):
        for r, (row, k) in enumerate(zip(rows, keeps)):
            if not k.any():
                continue
            top = max(float(v) for v in row[k])
            shifted = [mpmath.mpf(float(v)) - top for v in row[k]]
            total = mpmath.fsum(mpmath.exp(t) for t in shifted)
            soft[r, k] = [float(mpmath.exp(t) / total) for t in shifted]
            log[r, k] = [float(t - mpmath.log(total)) for t in shifted]
    back = lambda a: np.moveaxis(a.reshape(moved.shape), last, axes)
    return back(soft), back(log)
