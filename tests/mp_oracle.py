"""An independent oracle for every row of the table: each function, its
derivative and its derivative from y written out in mpmath (40 digits), a fixed
sample of x per (row, parameter set, dtype) covering the tails, kinks and zeros
of f', and the parameter edges of each row generated from its Params (issue 14
item 9). The exact values are computed once per sample (cached), so that the
kernels of every ISA and the reference twins are all measured against the same
numbers.

Used by tests/test_oracle.py (asserting the bounds of tests/cases.py, i.e.
ACCURACY.md) and tools/oracle_ulp.py (the table in ACCURACY.md).

Adding a row to the table means adding its mpmath formulas to ``EXACT`` (or
``AXIS`` / ``CHANNEL``); tests/test_oracle.py fails for a row without them.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Callable, Mapping

import mpmath
import numpy as np

from fastact import _table
from fastact._accuracy import near_derivative_zero, ulp_error

from cases import CASES, ulp_bound
from helpers import around

mp = mpmath.mpf
DPS = 30
_FAR = mp(10) ** 1000  # +-inf stands for +-_FAR in mpmath: the limit


def _sig(z):
    return 1 / (1 + mpmath.exp(-z))


def _times(slope, v):
    """slope v, but NaN for 0 times an infinite x (IEEE's 0 inf, as the kernels)"""
    return mpmath.nan if slope == 0 and abs(v) >= _FAR else slope * v


def _clip(v, lo, hi):
    return min(max(v, lo), hi)


@dataclass(frozen=True)
class Exact:
    """f(x), f'(x) and (rows with a y-backward) f' as the function of y the
    kernels use, in mpmath, from x (or y) and the parameters (mpf, as the
    kernel of the dtype sees them)."""

    forward: Callable
    derivative: Callable
    from_y: Callable | None = None


def _celu(v, p):
    a = p["alpha"]
    if v > 0:
        return v
    return v if mpmath.isinf(a) else a * mpmath.expm1(v / a)


def _celu_d(v, p):
    a = p["alpha"]
    return mp(1) if v > 0 or mpmath.isinf(a) else mpmath.exp(v / a)


def _swish(v, p):
    return v * _sig(p["beta"] * v)


def _swish_d(v, p):
    s = _sig(p["beta"] * v)
    return s + p["beta"] * v * s * (1 - s)


# the doubles the kernels (csrc/act/gelu_constants.h), the twin and PyTorch use:
# sqrt(2/pi) rounded moves z = 2u by ~1e-16 relative, ~200 float64 ULP of e^z at x = -20
_K = mp(1.5957691216057308) / 2
_C = mp(0.044715)


def _gelu_tanh(v, p):
    return v * _sig(2 * _K * (v + _C * v ** 3))


def _gelu_tanh_d(v, p):
    s = _sig(2 * _K * (v + _C * v ** 3))
    return s + v * 2 * _K * (1 + 3 * _C * v * v) * s * (1 - s)


def _phi(v):
    """Phi(v) = erfc(-v / sqrt2) / 2; mpmath's erfc overflows on |v| ~ 1e300:
    beyond |v| = 1e4, Phi is 0 or 1 far below any dtype's resolution"""
    if abs(v) > 10000:
        return mp(0) if v < 0 else mp(1)
    return mpmath.erfc(-v / mpmath.sqrt(2)) / 2


def _softplus_linear(v, p) -> bool:
    return p["beta"] * v > p["threshold"]


def _mish_t(v):
    return mpmath.tanh(mpmath.log1p(mpmath.exp(v)))


_SELU_ALPHA = mp("1.6732632423543772848170429916717")
_SELU_SCALE = mp("1.0507009873554804934193349852946")

#: every elementwise row (public or reached through a choice) in mpmath
EXACT: dict[str, Exact] = {
    "step": Exact(lambda v, p: mp(1 if v >= p["threshold"] else 0), lambda v, p: mp(0),
                  lambda y, p: mp(0)),
    "linear": Exact(lambda v, p: _times(p["slope"], v) + p["intercept"], lambda v, p: p["slope"],
                    lambda y, p: p["slope"]),
    "sigmoid": Exact(lambda v, p: _sig(v), lambda v, p: _sig(v) * _sig(-v), lambda y, p: y * (1 - y)),
    "tanh": Exact(lambda v, p: mpmath.tanh(v), lambda v, p: mpmath.sech(v) ** 2,
                  lambda y, p: (1 - y) * (1 + y)),
    "relu": Exact(lambda v, p: v if v > p["threshold"] else mp(0),
                  lambda v, p: mp(1 if v > p["threshold"] else 0),
                  lambda y, p: mp(1 if y > p["threshold"] else 0)),
    "relu6": Exact(lambda v, p: _clip(v, 0, 6), lambda v, p: mp(1 if 0 < v < 6 else 0),
                   lambda y, p: mp(1 if 0 < y < 6 else 0)),
    "leaky_relu": Exact(lambda v, p: v if v > 0 else _times(p["negative_slope"], v),
                        lambda v, p: mp(1) if v > 0 else p["negative_slope"],
                        lambda y, p: mp(1) if y > 0 else p["negative_slope"]),
    "elu": Exact(lambda v, p: v if v > 0 else p["alpha"] * mpmath.expm1(v),
                 lambda v, p: mp(1) if v > 0 else p["alpha"] * mpmath.exp(v),
                 lambda y, p: mp(1) if y > 0 else y + p["alpha"]),
    "selu": Exact(lambda v, p: _SELU_SCALE * (v if v > 0 else _SELU_ALPHA * mpmath.expm1(v)),
                  lambda v, p: _SELU_SCALE * (1 if v > 0 else _SELU_ALPHA * mpmath.exp(v))),
    "celu": Exact(_celu, _celu_d),
    "gelu": Exact(lambda v, p: v * _phi(v), lambda v, p: _phi(v) + v * mpmath.npdf(v)),
    "gelu_tanh": Exact(_gelu_tanh, _gelu_tanh_d),
    "swish": Exact(_swish, _swish_d),
    "mish": Exact(lambda v, p: v * _mish_t(v),
                  lambda v, p: _mish_t(v) + v * (1 - _mish_t(v) ** 2) * _sig(v)),
    "softplus": Exact(
        lambda v, p: v if _softplus_linear(v, p) else mpmath.log1p(mpmath.exp(p["beta"] * v)) / p["beta"],
        lambda v, p: mp(1) if _softplus_linear(v, p) else _sig(p["beta"] * v),
        lambda y, p: mp(1) if _softplus_linear(y, p) else -mpmath.expm1(-p["beta"] * y)),
    "softsign": Exact(lambda v, p: v / (1 + abs(v)), lambda v, p: 1 / (1 + abs(v)) ** 2),
    "hard_sigmoid": Exact(lambda v, p: _clip(v / 6 + mp(1) / 2, 0, 1),
                          lambda v, p: mp(1) / 6 if -3 < v < 3 else mp(0)),
    "hard_swish": Exact(lambda v, p: v * _clip(v / 6 + mp(1) / 2, 0, 1),
                        lambda v, p: mp(0) if v <= -3 else mp(1) if v >= 3 else v / 3 + mp(1) / 2),
    "hard_tanh": Exact(lambda v, p: _clip(v, p["min_val"], p["max_val"]),
                       lambda v, p: mp(1 if p["min_val"] < v < p["max_val"] else 0),
                       lambda y, p: mp(1 if p["min_val"] < y < p["max_val"] else 0)),
    "log_sigmoid": Exact(lambda v, p: -mpmath.log1p(mpmath.exp(-v)), lambda v, p: _sig(-v)),
}

#: rows along an axis, as functions of a whole row (lists of mpf) -> list of mpf
AXIS: dict[str, Callable] = {
    "softmax": lambda row: _softmax_row(row, log=False),
    "log_softmax": lambda row: _softmax_row(row, log=True),
}
#: rows with a slope per channel: prelu(x, alpha) for one x and its channel's alpha
CHANNEL: dict[str, Callable] = {"prelu": lambda v, a: v if v > 0 else a * v}


def _softmax_row(row, log: bool):
    top = max(row)
    shifted = [v - top for v in row]
    total = mpmath.fsum(mpmath.exp(t) for t in shifted)
    if log:
        return [t - mpmath.log(total) for t in shifted]
    return [mpmath.exp(t) / total for t in shifted]


def covered_rows() -> set[str]:
    return set(EXACT) | set(AXIS) | set(CHANNEL)


# ---------------------------------------------------------------- parameter edges
#: each parameter alone at these values (the others at their defaults), where
#: the row's validation accepts them: 0, tiny and huge magnitudes of both signs
#: (powers of two: representable in float32), and ordinary ones
EDGES = (0.0, 2.0 ** -70, -(2.0 ** -70), 2.0 ** 70, -(2.0 ** 70), 0.3, -0.3, 3.7, -3.7)


def public_call(spec: _table.Spec) -> tuple[str, dict]:
    """(public name, extra keywords) that reach a row: its own name, or the
    public row whose choice keyword selects it (gelu_tanh: gelu, approximate='tanh')."""
    return _table.public_call(spec.name)


def parameter_sets(spec: _table.Spec) -> list[dict[str, float]]:
    """The defaults, the generic test sets of tests/cases.py, and each
    parameter alone at every value of EDGES the row accepts."""
    name, _ = public_call(spec)
    defaults = {p.name: p.default for p in spec.params}
    sets = [dict(defaults)]
    for given in CASES[name].params:
        extra = {k: v for k, v in given.items() if k in defaults}
        if extra:
            sets.append({**defaults, **extra})
    for param in spec.params:
        for value in EDGES:
            sets.append({**defaults, param.name: value})
    unique = []
    for params in sets:
        if params not in unique and (spec.validate is None or spec.validate(params) is None):
            unique.append(params)
    return unique


# ---------------------------------------------------------------- the sample
def _tails(dtype: np.dtype) -> list[float]:
    """Arguments where exp over/underflows the dtype (to normal, to subnormal, to 0)."""
    info = np.finfo(dtype)
    return [math.log(float(info.max)), -math.log(float(info.tiny)),
            -math.log(float(info.smallest_subnormal)), 1.0, 20.0, 40.0]


def sample(spec: _table.Spec, params: Mapping[str, float], dtype: np.dtype, points: int) -> np.ndarray:
    """x for one (row, parameters, dtype): POINTS spread over [-12, 12] and all
    magnitudes, the dtype's edges, and 5 floats around each anchor: the kinks
    (tests/cases.py), the zeros of f' (the table) and the tails of exp in the
    row's argument (t, t / |beta|, t |alpha|, sqrt(2 t), both signs)."""
    dtype = np.dtype(dtype)
    name, _ = public_call(spec)
    rng = np.random.default_rng(points)  # fixed: the same x on every run
    info = np.finfo(dtype)
    lo = math.log2(float(info.smallest_subnormal))
    magnitudes = np.exp2(rng.uniform(lo, math.log2(float(info.max)), points // 2))
    spread = magnitudes * rng.choice([-1.0, 1.0], magnitudes.size)
    near = rng.uniform(-12, 12, points - points // 2)
    edges = [0.0, -0.0, info.smallest_subnormal, info.tiny, info.max, np.inf]
    kept = {k: float(dtype.type(v)) for k, v in params.items()}
    anchors = list(CASES[name].kinks(kept)) + list(spec.derivative_zeros(kept))
    scales = [1.0]
    if kept.get("beta"):
        scales.append(1 / abs(kept["beta"]))
    if kept.get("alpha"):
        scales.append(abs(kept["alpha"]))
    for t in _tails(dtype):
        anchors += [t * s for s in scales] + [math.sqrt(2 * t)]
    anchors = [a for a in anchors if math.isfinite(a) and abs(a) < float(info.max)]
    with np.errstate(over="ignore"):
        x = np.concatenate([near, spread, edges, -np.array(edges)]).astype(dtype)
    x = np.unique(np.concatenate([x, around(anchors, dtype, width=1)]))
    return x[~np.isnan(x)]  # around 0, around() steps into NaN bit patterns


# ---------------------------------------------------------------- exact values
def _to_float(values, dtype=np.float64) -> np.ndarray:
    return np.array([float(v) for v in values], dtype)


@dataclass
class Elementwise:
    """One (row, parameters, dtype) with its sample and exact values."""

    spec: _table.Spec
    name: str           # the public row that computes it
    call: dict          # keywords of the public call (parameters and choice)
    params: dict        # the parameters as the kernel of dtype sees them
    dtype: np.dtype
    x: np.ndarray
    dy: np.ndarray
    forward: np.ndarray     # exact f(x) (float64; mpmath's value rounded once)
    derivative: np.ndarray  # exact f'(x)
    backward_x: np.ndarray  # exact dy f'(x)
    y: np.ndarray | None            # f(x) correctly rounded to dtype
    backward_y: np.ndarray | None   # exact dy g(y), g the y-form of f'

    @property
    def label(self) -> str:
        """The row and the parameters that differ from its defaults: 'swish beta=2'."""
        defaults = {p.name: p.default for p in self.spec.params}
        shown = [f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                 for k, v in self.call.items() if defaults.get(k, object()) != v]
        return " ".join([self.spec.name, *shown])


def _long(value) -> np.longdouble:
    """An mpf as long double, from two doubles (faster than through a string)."""
    hi = float(value)
    if not math.isfinite(hi) or hi == 0:
        return np.longdouble(hi)
    return np.longdouble(hi) + float(value - hi)


def _exact_float(f, x, params, extra=None) -> np.ndarray:
    """f at each x in mpmath, as long double (two doubles' worth of it: far
    below a float64 ULP)."""
    out = np.empty(x.shape, np.longdouble)
    with mpmath.workdps(DPS), np.errstate(over="ignore", under="ignore"):
        for i, v in enumerate(x):
            # +-inf as +-10^1000: mpmath then gives the limit (inf * 0 would be NaN)
            v = mp(float(v)) if np.isfinite(v) else mp(float(np.sign(v))) * _FAR
            value = f(v, params) if extra is None else f(v, params, extra[i])
            out[i] = _long(value)
    return out


@functools.cache
def _elementwise(row: str, frozen: tuple, dtype_name: str, points: int) -> Elementwise:
    spec = next(s for s in _table.ACTIVATIONS if s.name == row)
    dtype = np.dtype(dtype_name)
    params = dict(frozen)
    name, choice = public_call(spec)
    with np.errstate(over="ignore"):
        kept = {k: float(dtype.type(v)) for k, v in params.items()}
    x = sample(spec, params, dtype, points)
    exact = EXACT[row]
    mparams = {k: mp(v) for k, v in kept.items()}
    if row == "softplus":  # the branch as the kernel takes it: on beta x rounded
        x = _softplus_unambiguous(x, kept, dtype)
    rng = np.random.default_rng(3)
    dy = rng.uniform(-2, 2, x.shape).astype(dtype)
    forward = _exact_float(exact.forward, x, mparams)
    derivative = _exact_float(exact.derivative, x, mparams)
    with mpmath.workdps(DPS):
        backward_x = derivative * dy.astype(np.longdouble)  # one more rounding: 2^-64 relative
    y = backward_y = None
    if exact.from_y is not None and spec.y_backward is not None and spec.y_backward(kept) is None:
        with np.errstate(over="ignore", under="ignore"):
            y = forward.astype(dtype)
        y_exact = _exact_float(exact.from_y, y, mparams)
        backward_y = y_exact * dy.astype(np.longdouble)
    return Elementwise(spec, name, {**params, **choice}, kept, dtype, x, dy, forward, derivative,
                       backward_x, y, backward_y)


def _softplus_unambiguous(x: np.ndarray, kept: dict, dtype: np.dtype) -> np.ndarray:
    """x whose branch (beta x > threshold) is the same for beta x exact and
    rounded to dtype (the kernels compare the rounded product)."""
    beta, threshold = kept["beta"], kept["threshold"]
    with np.errstate(over="ignore", invalid="ignore"):
        rounded = (dtype.type(beta) * x).astype(np.longdouble) > threshold
        exact = np.longdouble(beta) * x.astype(np.longdouble) > threshold
    return x[rounded == exact]


def elementwise_cases(dtype, points: int = 160, edge_points: int = 160) -> list[Elementwise]:
    """Every elementwise row of the table, every parameter set, for dtype:
    POINTS spread points for the defaults and the sets of tests/cases.py,
    EDGE_POINTS for the parameter edges (the anchors in full for both)."""
    out = []
    for spec in _table.elementwise():
        for i, params in enumerate(parameter_sets(spec)):
            frozen = tuple(sorted(params.items()))
            usual = i < 1 + len(CASES[public_call(spec)[0]].params)
            out.append(_elementwise(spec.name, frozen, np.dtype(dtype).name, points if usual else edge_points))
    return out


# ---------------------------------------------------------------- measuring
@dataclass(frozen=True)
class Measured:
    label: str
    pass_: str
    dtype: str
    ulp: float        # max ULP (derivative passes: where the exact value is normal, off the f'-zero band)
    at: float         # x where it occurs
    band: float       # max absolute error / eps in the f'-zero band (0 if none)
    bound: float


def ulp_of(result, exact, dtype) -> np.ndarray:
    """ulp_error against the long double exact value (float32 results: as float64)."""
    if np.dtype(dtype) == np.float32:
        exact = exact.astype(np.float64)
    return ulp_error(result, exact)


def _call(obj, pass_: str, case: Elementwise):
    with np.errstate(all="ignore"):
        if pass_ == "forward":
            return obj(case.x, **case.call)
        if pass_ == "derivative":
            return obj.derivative(case.x, **case.call)
        if pass_ == "backward_x":
            return obj.backward(case.dy, case.x, **case.call)
        return obj.backward(case.dy, y=case.y, **case.call)


def measure_elementwise(case: Elementwise, obj) -> list[Measured]:
    """Max ULP of each pass of obj (a fastact activation or a reference twin)
    on the case. Derivative passes: over the results whose exact value is a
    normal number (ACCURACY.md), and next to a zero of f' (the table's
    derivative_zeros) in absolute terms: |error| / (eps max(1, |dy|))."""
    passes = ["forward", "derivative", "backward_x"] + (["backward_y"] if case.y is not None else [])
    eps = float(np.finfo(case.dtype).eps)
    tiny = float(np.finfo(case.dtype).tiny)
    out = []
    for pass_ in passes:
        exact = getattr(case, pass_)
        got = np.asarray(_call(obj, pass_, case))
        errors = ulp_of(got, exact, case.dtype)
        band = 0.0
        if pass_ != "forward":
            # normal numbers: not subnormal, and f' not beyond the dtype's range
            slope = case.derivative if pass_ == "backward_x" else exact
            if pass_ == "backward_y":
                slope = exact / case.dy.astype(np.longdouble)
            with np.errstate(invalid="ignore", divide="ignore"):
                keep = (np.abs(exact) >= tiny) & (np.abs(slope) <= float(np.finfo(case.dtype).max))
            errors = np.where(keep | (errors == 0), errors, 0.0)
            at_zero = near_derivative_zero(case.name, case.call, case.x)
            if at_zero.any():
                with np.errstate(invalid="ignore"):
                    scale = eps * np.maximum(1.0, np.abs(case.dy)) if pass_.startswith("backward") else eps
                    absolute = np.abs(got.astype(np.longdouble) - exact) / scale
                band = float(np.nanmax(np.where(at_zero, absolute, 0.0)))
                errors = np.where(at_zero, 0.0, errors)
        i = int(np.argmax(errors))
        out.append(Measured(case.label, pass_, case.dtype.name, float(errors[i]), float(case.x[i]),
                            band, ulp_bound(case.name, pass_, case.dtype.name)))
    return out


# ---------------------------------------------------------------- softmax, log_softmax, prelu
#: forward bound of the axis rows (spec: every log_softmax element keeps
#: relative accuracy; tests/test_axis.py holds both to 4 ULP)
AXIS_ULP = 4.0
#: backward passes, which cancel (dy - sum dy y): |error| <= AXIS_SCALED eps
#: times the sum of the magnitudes of the terms
AXIS_SCALED = 8.0


@functools.cache
def axis_rows(dtype_name: str) -> tuple[np.ndarray, np.ndarray]:
    """Rows (n = 1, 2, 7, 100, 1000): a dominant top (0 and -30, -40..-25), a
    spread wider than exp's range, ties, and N(0, 16); dy N(0, 1)."""
    dtype = np.dtype(dtype_name)
    rng = np.random.default_rng(14)
    big = 700.0 if dtype == np.float64 else 80.0
    rows = [np.array([0.0]), np.array([0.0, -30.0]), np.array([1.0, 1.0, -2.0, 3.0, 3.0, -big, 0.5]),
            np.concatenate([[0.0], np.linspace(-40, -25, 99)]), rng.uniform(-big, big, 100),
            rng.standard_normal(1000) * 4]
    return [row.astype(dtype) for row in rows], [rng.standard_normal(row.size).astype(dtype) for row in rows]


@functools.cache
def axis_exact(name: str, dtype_name: str) -> list[np.ndarray]:
    rows, _ = axis_rows(dtype_name)
    with mpmath.workdps(DPS):
        return [np.array([_long(v) for v in AXIS[name]([mp(float(v)) for v in row])])
                for row in rows]


def measure_axis(name: str, dtype, obj) -> list[Measured]:
    """forward: max ULP over the rows; backward from x and from y (y the
    correctly rounded exact output): max |error| / (eps * sum of |terms|)."""
    dtype = np.dtype(dtype)
    rows, dys = axis_rows(dtype.name)
    exact = axis_exact(name, dtype.name)
    soft = axis_exact("softmax", dtype.name)
    eps = float(np.finfo(dtype).eps)
    worst = {"forward": (0.0, 0.0), "backward_x": (0.0, 0.0), "backward_y": (0.0, 0.0)}
    for row, dy, want, s in zip(rows, dys, exact, soft):
        with np.errstate(all="ignore"):
            got = obj(row)
        e = ulp_of(got, want, dtype)
        worst["forward"] = max(worst["forward"], (float(e.max()), float(row[int(np.argmax(e))])))
        dyl = dy.astype(np.longdouble)
        if name == "softmax":
            inner = np.sum(dyl * s)
            want_dx = s * (dyl - inner)
            scale = s * (np.abs(dyl) + np.sum(np.abs(dyl) * s))
        else:
            want_dx = dyl - s * np.sum(dyl)
            scale = np.abs(dyl) + s * np.sum(np.abs(dyl))
        for pass_, kwargs in (("backward_x", {"x": row}), ("backward_y", {"y": want.astype(dtype)})):
            with np.errstate(all="ignore"):
                dx = obj.backward(dy, **kwargs)
            tiny = float(np.finfo(dtype).tiny)
            scaled = np.abs(dx.astype(np.longdouble) - want_dx) / (eps * np.maximum(scale, tiny))
            worst[pass_] = max(worst[pass_], (float(scaled.max()), float(row[int(np.argmax(scaled))])))
    return [Measured(name, p, dtype.name, u, at, 0.0, AXIS_ULP if p == "forward" else AXIS_SCALED)
            for p, (u, at) in worst.items()]


def measure_prelu(dtype, obj) -> list[Measured]:
    """prelu on the elementwise sample of leaky_relu's edges, one slope per
    channel (4 channels: 0.25, -0.3, 2^-70, 3.7): forward, derivative and dx
    one rounding (0.5 ULP); dalpha = sum of dy x over x <= 0 per channel,
    to 4 eps of the terms' magnitudes (pairwise sums in float64)."""
    dtype = np.dtype(dtype)
    spec = next(s for s in _table.ACTIVATIONS if s.name == "leaky_relu")
    x = sample(spec, {"negative_slope": 0.01}, dtype, 160)
    x = x[np.isfinite(x) & (np.abs(x) < 1e30)]
    x = x[: x.size // 4 * 4].reshape(-1, 4)
    alpha = np.array([0.25, -0.3, 2.0 ** -70, 3.7], dtype)
    dy = np.random.default_rng(4).uniform(-2, 2, x.shape).astype(dtype)
    xl, al, dyl = x.astype(np.longdouble), alpha.astype(np.longdouble), dy.astype(np.longdouble)
    want = np.where(xl > 0, xl, al * xl)
    slope = np.where(xl > 0, 1, al + 0 * xl)
    terms = np.where(xl > 0, 0, dyl * xl)
    want_da, scale_da = terms.sum(axis=0), np.abs(terms).sum(axis=0)
    with np.errstate(all="ignore"):
        got, d = obj(x, alpha), obj.derivative(x, alpha)
        dx, da = obj.backward(dy, x, alpha)
    eps = float(np.finfo(dtype).eps)
    da_err = np.abs(da.astype(np.longdouble) - want_da) / (eps * np.maximum(scale_da, 1e-300))
    out = []
    for pass_, result, exact in (("forward", got, want), ("derivative", d, slope),
                                 ("backward_x", dx, dyl * slope)):
        e = ulp_of(result, exact, dtype).ravel()
        out.append(Measured("prelu", pass_, dtype.name, float(e.max()), float(x.ravel()[int(np.argmax(e))]),
                            0.0, 0.5))
    # pairwise sums: log2(n) eps of the magnitudes, n = 40 to 100 terms a channel
    out.append(Measured("prelu", "dalpha", dtype.name, float(da_err.max()), 0.0, 0.0, 4.0))
    return out
