"""Accuracy beside speed: the max ULP error of an implementation's result on a
benchmark's own input, against a high-precision oracle. Shared by the peer
ladder (ladder.py) and the pytest-benchmark suite (test_bench_*.py, which
record it in extra_info).

Oracles:

* elementwise rows: f(x) and f'(x) from benchmarks/reference64.py (quad
  precision for gelu, gelu_tanh, swish and mish, the long double NumPy twins for
  the rest) for float32 and float64 inputs alike; backward_x is dy * f'(x) in long
  double, backward_y the twin's dy * g(y) in long double on the y given (the
  exact gradient of the inputs the implementation was handed). Without an x86
  extended long double, float32 falls back to the twins in float64 and float64
  is not measured (None).
* softmax, log_softmax and their backward from y: fastact.reference's twins in
  long double. y (dy - sum(dy y)) (softmax) and dy - e^y sum(dy) (log_softmax)
  cancel, in the difference and inside the sum, so a backward's error is counted
  in ULPs of the larger of the result and the magnitude of its terms,
  y (|dy| + sum |dy y|) and |dy| + e^y sum |dy|: an error of k such ULPs is what
  a sum rounded k times relative to its terms' magnitudes gives.

What is counted: fastact._accuracy.ulp_error over the elements whose exact value
is a normal number or zero, and for derivatives and backward passes outside the
band next to a zero of f' (fastact._accuracy.near_derivative_zero), where f' =
a - b cancels and only absolute accuracy is meaningful; the same conventions as
ACCURACY.md. Arrays longer than CHECK elements are checked on an evenly strided
subsample of CHECK elements plus the last 64 (the vector tail), so the oracle
costs at most ~0.2 s per input (quad rows) whatever n.

    max_ulp(row, pass_, result, x, dy, y) -> (max ULP, elements checked)
    axis_max_ulp(name, pass_, result, x, dy, y) -> (max ULP, elements checked)
"""

from __future__ import annotations

import hashlib
import os
import sys

import numpy as np

from fastact import reference
from fastact._accuracy import near_derivative_zero, ulp_error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference64  # noqa: E402  (the float64 oracle, next to this file)

#: elements checked per elementwise input (more: a strided subsample)
CHECK = 65536
#: elements checked per axis input (whole rows, every k-th row beyond this)
AXIS_CHECK = 1 << 18
TAIL = 64
SEED = 0


def inputs(dtype, shape) -> tuple[np.ndarray, np.ndarray]:
    """The benchmarks' inputs: x ~ 4 N(0, 1) (typical pre-activations, no subnormal
    results) and dy ~ N(0, 1), seed 0, in dtype."""
    rng = np.random.default_rng(SEED)
    x = (rng.standard_normal(shape) * 4).astype(dtype)
    dy = rng.standard_normal(shape).astype(dtype)
    return x, dy


def checked_indices(n: int) -> np.ndarray:
    """All of 0..n-1, or CHECK of them evenly strided plus the last TAIL."""
    if n <= CHECK:
        return np.arange(n)
    spread = np.linspace(0, n - 1, CHECK).astype(np.int64)
    return np.unique(np.concatenate([spread, np.arange(n - TAIL, n)]))


def extended_long_double() -> bool:
    return np.finfo(np.longdouble).nmant > 52


def public(row: str) -> tuple[str, dict]:
    """The public name and keywords that compute a row of fastact._table."""
    return ("gelu", {"approximate": "tanh"}) if row == "gelu_tanh" else (row, {})


def elementwise_exact(row: str, pass_: str, x: np.ndarray, dy=None, y=None) -> np.ndarray | None:
    """The high-precision value of (row, pass) on these inputs (long double, or
    float64 for float32 inputs without an extended long double), or None."""
    name, kw = public(row)
    twin = getattr(reference, name)
    extended = extended_long_double()
    if not extended and x.dtype != np.float32:
        return None
    with np.errstate(all="ignore"):
        if pass_ == "backward_y":
            wide = np.longdouble if extended else np.float64
            return twin.backward(dy.astype(wide), y=y.astype(wide), **kw)
        if extended:
            value, slope = reference64.exact(row, x.astype(np.float64))
        else:
            value, slope = twin(x.astype(np.float64), **kw), twin.derivative(x.astype(np.float64), **kw)
        if pass_ == "forward":
            return value
        return slope if pass_ == "derivative" else dy.astype(slope.dtype) * slope


def _checked(row: str, pass_: str, x: np.ndarray, exact: np.ndarray) -> np.ndarray:
    """Mask of the elements counted: exact value normal or zero, and for
    derivatives outside the band next to a zero of f'."""
    tiny = np.finfo(x.dtype).tiny
    keep = np.isfinite(x) & ~((exact != 0) & (np.abs(exact) < tiny))
    if pass_ != "forward":
        name, kw = public(row)
        keep &= ~near_derivative_zero(name, kw, x)
    return keep


def _fingerprint(*arrays) -> str:
    digest = hashlib.sha1()
    for a in arrays:
        if a is not None:
            digest.update(str((a.dtype.str, a.shape)).encode())
            digest.update(np.ascontiguousarray(a).tobytes())
    return digest.hexdigest()


_CACHE: dict = {}


def _cached(key, compute):
    if key not in _CACHE:
        if len(_CACHE) > 64:  # inputs come one group at a time: keep memory flat
            _CACHE.clear()
        _CACHE[key] = compute()
    return _CACHE[key]


def _take(a, index):
    return None if a is None else np.asarray(a).reshape(-1)[index]


def max_ulp(row: str, pass_: str, result, x: np.ndarray, dy=None, y=None) -> tuple[float | None, int]:
    """(max ULP of result against the oracle over the checked elements, their
    count); (None, 0) where no oracle is available. The oracle is cached per input."""
    index = checked_indices(x.size)
    xs, dys, ys = _take(x, index), _take(dy, index), _take(y, index)

    def compute():
        exact = elementwise_exact(row, pass_, xs, dys, ys)
        return None if exact is None else (exact, _checked(row, pass_, xs, exact))
    found = _cached((row, pass_, _fingerprint(xs, dys, ys)), compute)
    if found is None:
        return None, 0
    exact, keep = found
    got = _take(np.asarray(result), index).astype(x.dtype, copy=False)
    errors = ulp_error(got[keep], exact[keep])
    return (float(errors.max()) if errors.size else 0.0), int(keep.sum())


# --- along the last axis ------------------------------------------------------------------
def scaled_ulp(result: np.ndarray, exact: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """ulp_error, counted in ULPs of max(|exact|, scale) rather than of exact."""
    with np.errstate(all="ignore"):
        rounded = np.abs(exact.astype(result.dtype))
        magnitude = np.maximum(rounded, np.asarray(scale).astype(result.dtype))
        factor = (np.spacing(rounded) / np.spacing(magnitude)).astype(np.float64)
    return ulp_error(result, exact) * np.where(np.isfinite(factor) & (factor > 0), factor, 1.0)


def axis_exact(name: str, pass_: str, x: np.ndarray, dy=None, y=None):
    """(exact, scale or None) of softmax / log_softmax (forward, or backward from y)
    along the last axis, in long double (float64 for float32 without one); scale:
    the magnitude of a backward's terms (see the module's docstring)."""
    if not extended_long_double() and x.dtype != np.float32:
        return None
    wide = np.longdouble if extended_long_double() else np.float64
    twin = getattr(reference, name)
    with np.errstate(all="ignore"):
        if pass_ == "forward":
            return twin(x.astype(wide)), None
        dy, y = dy.astype(wide), y.astype(wide)
        exact = twin.backward(dy, y=y)
        if name == "softmax":
            scale = np.abs(y) * (np.abs(dy) + np.sum(np.abs(dy * y), axis=-1, keepdims=True))
        else:
            scale = np.abs(dy) + np.exp(y) * np.sum(np.abs(dy), axis=-1, keepdims=True)
        return exact, scale


def axis_max_ulp(name: str, pass_: str, result, x: np.ndarray, dy=None, y=None) -> tuple[float | None, int]:
    """max ULP (scaled for the backward passes, see axis_exact) of result along
    the last axis, over every k-th row so that at most AXIS_CHECK elements count."""
    rows = x.reshape(-1, x.shape[-1])
    step = max(1, -(-x.size // AXIS_CHECK))
    pick = [None if a is None else np.asarray(a).reshape(rows.shape)[::step] for a in (x, dy, y)]

    def compute():
        found = axis_exact(name, pass_, *pick)
        if found is None:
            return None
        exact, scale = found
        tiny = np.finfo(x.dtype).tiny
        return exact, scale, ~((exact != 0) & (np.abs(exact) < tiny))
    found = _cached((name, pass_, _fingerprint(*pick)), compute)
    if found is None:
        return None, 0
    exact, scale, keep = found
    got = np.asarray(result).reshape(rows.shape)[::step].astype(x.dtype, copy=False)
    errors = ulp_error(got, exact) if scale is None else scaled_ulp(got, exact, scale)
    errors = errors[keep]
    return (float(errors.max()) if errors.size else 0.0), int(keep.sum())


def prelu_max_ulp(pass_: str, result, x: np.ndarray, dy: np.ndarray, alpha: np.ndarray) -> tuple[float | None, int]:
    """max ULP of prelu along the last axis: the forward, or the backward's
    (dx, dalpha) together, dalpha (a sum over the other axes) in ULPs of the sum
    of its terms' magnitudes."""
    if not extended_long_double() and x.dtype != np.float32:
        return None, 0
    wide = np.longdouble if extended_long_double() else np.float64
    xw, dyw, aw = x.astype(wide), dy.astype(wide), alpha.astype(wide)
    with np.errstate(all="ignore"):
        if pass_ == "forward":
            errors = ulp_error(np.asarray(result), reference.prelu(xw, aw))
            return float(errors.max()), errors.size
        dx, dalpha = result
        terms = np.where(xw > 0, 0, dyw * xw).reshape(-1, x.shape[-1])
        exact_dalpha = terms.sum(axis=0)
        errors = np.concatenate([
            ulp_error(np.asarray(dx), dyw * np.where(xw > 0, 1, aw)).ravel(),
            scaled_ulp(np.asarray(dalpha), exact_dalpha, np.abs(terms).sum(axis=0))])
    return float(errors.max()), errors.size


_ULP_MEMO: dict = {}


def ulp_info(key: tuple, compute) -> dict:
    """The extra_info a benchmark records: {"max_ulp": ..., "ulp_checked": ...},
    computed once per key (the input and the implementation) and remembered."""
    if key not in _ULP_MEMO:
        worst, count = compute()
        _ULP_MEMO[key] = {"max_ulp": worst, "ulp_checked": count}
    return _ULP_MEMO[key]
