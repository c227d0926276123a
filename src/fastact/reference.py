"""Plain-NumPy twins of every fastact pass, in numerically stable form.

They are the tests' oracle and the benchmarks' baseline, and anyone may call
them: ``reference.sigmoid(x)``, ``reference.sigmoid.derivative(x)``,
``reference.sigmoid.backward(dy, x)`` or ``backward(dy, y=y)``. They follow the
same dtype rules as fastact (float32 stays float32, integers become float64)
but make temporaries freely: clarity first, speed is fastact's job.
"""

from __future__ import annotations

from typing import Callable

import math
import warnings

import numpy as np

__all__ = ["Reference", "step", "linear", "identity", "sigmoid", "relu", "relu6", "leaky_relu",
           "swish", "silu", "mish", "softsign", "hard_sigmoid", "hard_swish", "hard_tanh", "prelu", "softmax", "log_softmax",
           "tanh", "elu", "selu", "celu", "gelu", "softplus", "log_sigmoid"]


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
                 derivative_from_y: Callable | None = None, name: str | None = None) -> None:
        self.name = name or forward.__name__
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


def _c(x: np.ndarray, value: float) -> np.ndarray:
    """A constant in x's dtype (so float32 stays float32 and long double stays long)."""
    return np.asarray(value, dtype=x.dtype)


def _keep_nan(x: np.ndarray, value: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(x), x, value)


def _twin(name: str, forward: Callable, derivative: Callable,
          derivative_from_y: Callable | None = None) -> Reference:
    return Reference(forward, derivative, derivative_from_y, name=name)


def _sigmoid_parts(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sigmoid(z), sigmoid(z) * sigmoid(-z)) from e = exp(-|z|), no overflow."""
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, _one(z), e) / (1 + e)
    return s, e / (1 + e) ** 2


def _two_prod(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(p, e) with a b = p + e exactly: Dekker's product (NumPy has no fma). The
    products that feed exp (beta x, x / alpha, x / sqrt2, x^2) are rounded, and
    exp turns that into a relative error |argument| times larger (~700 ULP in
    float64's tails): each twin corrects by e to first order. e is 0 where the
    split would overflow (|a|, |b| beyond ~1e300) or p is not finite."""
    p = a * b
    split = _c(p, 2.0 ** ((np.finfo(p.dtype).nmant + 2) // 2) + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        t = split * a
        a_hi = t - (t - a)
        t = split * b
        b_hi = t - (t - b)
        a_lo, b_lo = a - a_hi, b - b_hi
        e = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    return p, np.where(np.isfinite(e), e, _c(p, 0))


#: float64 twins compute in long double where it is x87's 80-bit format
#: (x86-64 Linux, Intel macOS): hardware, about 7x slower than double. AArch64
#: Linux's long double is IEEE quad done in software (two orders of magnitude,
#: and the aarch64 CI run under qemu took 3x longer with it), so there, as
#: where long double is double (Windows, Apple silicon), they compute in
#: float64 and keep a few ULP of rounding (tests/test_oracle.py skips them).
WIDE_FLOAT64 = np.finfo(np.longdouble).nmant == 63


def _wide32(x: np.ndarray) -> np.ndarray:
    """float16/float32 inputs in float64; float64 and long double as they are."""
    return x.astype(np.float64) if x.dtype.itemsize < 8 else x


def _wide(x: np.ndarray) -> np.ndarray:
    """x in a wider dtype, for the twins whose arithmetic in x's own dtype
    would overflow or lose the tails (sigmoid(z) is subnormal in float32 below
    z = -87, swish's x sigmoid(z) kept 25-51 ULP of it) or that round several
    times in a row (sigmoid 2.2 / 1.25 ULP, tanh' 3.0 / 2.5, mish 3.2 / 3.4,
    gelu_tanh 112 / 366 in float32 / float64 against mpmath: tests/mp_oracle.py):
    float16/float32 in float64, float64 in x87 long double where that is the
    long double (WIDE_FLOAT64; elsewhere float64 stays float64)."""
    if x.dtype.itemsize < 8:
        return x.astype(np.float64)
    if x.dtype == np.float64 and WIDE_FLOAT64:
        return x.astype(np.longdouble)
    return x


def _widened(function: Callable) -> Callable:
    """function evaluated on _wide(x) (the other arguments as they are), the
    result rounded back to x's dtype."""
    def twin(x: np.ndarray, *args, **params):
        params = {k: _kept(x, v) for k, v in params.items()}  # as x's kernel sees them
        return function(_wide(x), *args, **params).astype(x.dtype)
    twin.__name__, twin.__doc__ = function.__name__, function.__doc__
    return twin


def _kept(x: np.ndarray, value: float) -> float:
    """A parameter as the kernel for x's dtype sees it (rounded to float32 for
    float16/float32), so that a widened twin computes the same function."""
    return float(x.dtype.type(value)) if x.dtype.itemsize < 8 else value


# --- step, linear --------------------------------------------------------------
step = _twin(
    "step",
    lambda x, threshold=0.0: _keep_nan(x, (x >= _c(x, threshold)).astype(x.dtype)),
    lambda x, threshold=0.0: _keep_nan(x, np.zeros_like(x)),
    lambda y, threshold=0.0: _keep_nan(y, np.zeros_like(y)),
)
linear = identity = _twin(
    "linear",
    lambda x, slope=1.0, intercept=0.0: _c(x, slope) * x + _c(x, intercept),
    lambda x, slope=1.0, intercept=0.0: _keep_nan(x, np.full_like(x, slope)),
    lambda y, slope=1.0, intercept=0.0: _keep_nan(y, np.full_like(y, slope)),
)


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
sigmoid = Reference(_widened(_sigmoid), _widened(_sigmoid_derivative), _sigmoid_derivative_from_y)


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


# --- piecewise linear ------------------------------------------------------------
def _inside(x: np.ndarray, low: float, high: float, value: float = 1.0) -> np.ndarray:
    """value on the open interval (low, high), 0 elsewhere, NaN kept."""
    return _keep_nan(x, np.where((x > _c(x, low)) & (x < _c(x, high)), _c(x, value), _c(x, 0)))


relu6 = _twin(
    "relu6",
    lambda x: _keep_nan(x, np.clip(x, _c(x, 0), _c(x, 6))),
    lambda x: _inside(x, 0, 6),
    lambda y: _inside(y, 0, 6),
)


def _leaky_derivative(x: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    return _keep_nan(x, np.where(x > 0, _one(x), _c(x, negative_slope)))


leaky_relu = _twin(
    "leaky_relu",
    lambda x, negative_slope=0.01: np.where(x > 0, x, _c(x, negative_slope) * x),
    _leaky_derivative,
    _leaky_derivative,
)
hard_sigmoid = _twin(
    "hard_sigmoid",
    lambda x: _keep_nan(x, np.clip((x + 3) / 6, _c(x, 0), _c(x, 1))),
    lambda x: _inside(x, -3, 3, 1 / 6),
)


def _hard_swish_derivative(x: np.ndarray) -> np.ndarray:
    middle = (2 * x + 3) / 6
    return _keep_nan(x, np.where(x <= -3, _c(x, 0), np.where(x >= 3, _one(x), middle)))


hard_swish = _twin(
    "hard_swish",
    lambda x: _keep_nan(x, np.where(x <= -3, _c(x, 0), np.where(x >= 3, x, x * (x + 3) / 6))),
    _hard_swish_derivative,
)
hard_tanh = _twin(
    "hard_tanh",
    lambda x, min_val=-1.0, max_val=1.0: _keep_nan(x, np.clip(x, _c(x, min_val), _c(x, max_val))),
    lambda x, min_val=-1.0, max_val=1.0: _inside(x, min_val, max_val),
    lambda y, min_val=-1.0, max_val=1.0: _inside(y, min_val, max_val),
)


# --- rational ----------------------------------------------------------------------
softsign = _twin(
    "softsign",
    lambda x: np.where(np.isinf(x), np.sign(x), x / (1 + np.abs(x))),
    lambda x: (1 / (1 + np.abs(x))) ** 2,
)


# --- exponential family ---------------------------------------------------------------
def _swish_argument(x: np.ndarray, beta: float) -> tuple[np.ndarray, np.ndarray]:
    """z = beta x rounded and dz, the rest of the exact product (beta = 0 and
    infinite x: z = 0)."""
    return _two_prod(_c(x, beta), np.where(np.isinf(x) & (beta == 0), _c(x, 0), x))


def _swish(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    """swish(x) = x * sigmoid(beta x); the limit 0 where x * sigmoid is inf * 0.
    sigmoid(z + dz) = s + dz s (1 - s) to first order (dz: see _two_prod)."""
    w, beta = _wide(x), _kept(x, beta)
    z, dz = _swish_argument(w, beta)
    s, sd = _sigmoid_parts(z)
    s = s + dz * sd
    return np.where(s == 0, _c(w, 0), w * s).astype(x.dtype)


def _swish_derivative(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    """swish'(x) = g(z) = s + z s (1 - s), z = beta x, s = sigmoid(z); corrected
    by dz g'(z), g' = s (1 - s) (2 + z (1 - 2 s))."""
    w, beta = _wide(x), _kept(x, beta)
    z, dz = _swish_argument(w, beta)
    s, sd = _sigmoid_parts(z)
    slope = s + z * sd + dz * sd * (2 + z * ((1 - s) - s))
    return np.where(np.isinf(z), np.where(z > 0, _one(w), _c(w, 0)), slope).astype(x.dtype)


swish = silu = _twin("swish", _swish, _swish_derivative)


def _mish_t(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(tanh(softplus(x)), 1 - tanh(softplus(x))) without cancellation."""
    e = np.exp(-np.abs(x))
    n = e * (e + 2)
    den_positive = 1 + 2 * e + 2 * e * e
    t = np.where(x > 0, (1 + 2 * e) / den_positive, n / (n + 2))
    one_minus_t = np.where(x > 0, 2 * e * e / den_positive, 2 / (n + 2))
    return t, one_minus_t


def _mish(x: np.ndarray) -> np.ndarray:
    t, _ = _mish_t(x)
    return np.where(np.isneginf(x), _c(x, 0), x * t)


def _mish_derivative(x: np.ndarray) -> np.ndarray:
    """mish'(x) = t + x (1 - t^2) sigmoid(x), t = tanh(softplus(x))."""
    t, one_minus_t = _mish_t(x)
    s, _ = _sigmoid_parts(x)
    slope = t + x * one_minus_t * (2 - one_minus_t) * s
    return np.where(np.isinf(x), np.where(x > 0, _one(x), _c(x, 0)), slope)


mish = _twin("mish", _widened(_mish), _widened(_mish_derivative))


# --- along an axis -----------------------------------------------------------------
class _Softmax:
    """softmax (log=False) or log_softmax (log=True) along an axis, max-shifted."""

    def __init__(self, name: str, log: bool) -> None:
        self.name, self._log = name, log

    def __repr__(self) -> str:
        return f"<fastact.reference {self.name}>"

    def __call__(self, x: object, axis: int = -1) -> np.ndarray:
        x = _as_float(x)
        if x.size == 0:
            return np.empty_like(x)
        # widened (tests/mp_oracle.py: float32 softmax 59 ULP, log_softmax's top
        # element far off; float64 softmax 17 ULP, its sum of n terms)
        return self._rows(_wide(x), axis).astype(x.dtype)

    def _rows(self, x: np.ndarray, axis: int) -> np.ndarray:
        peak = np.max(x, axis=axis, keepdims=True)
        # rows holding +inf (and no NaN): the limit, the +inf entries share the mass
        at_inf = np.isposinf(peak)
        if at_inf.any():
            x = np.where(at_inf, np.where(np.isposinf(x), _c(x, 0), _c(x, -np.inf)), x)
            peak = np.where(at_inf, _c(x, 0), peak)
        shifted = x - peak
        exp = np.exp(shifted)
        if not self._log:
            return exp / np.sum(exp, axis=axis, keepdims=True)
        # log(sum) = log1p(sum - 1) with the 1 (a maximum's e^0) left out of the
        # sum rather than subtracted after it: where the rest is tiny, log(1 + rest)
        # in floating point would keep only its absolute accuracy, and the top
        # element, -log(sum), would lose its relative one
        top = shifted == 0
        rest = (np.sum(np.where(top, 0, exp), axis=axis, keepdims=True)
                + (np.sum(top, axis=axis, keepdims=True) - 1))
        # the tie count is an int64, which promotes float32 to float64: round back
        return (shifted - np.log1p(rest)).astype(x.dtype, copy=False)

    def derivative(self, x: object, axis: int = -1) -> np.ndarray:
        """The Jacobian, shape (..., n, n) with the other axes first."""
        s = np.moveaxis(softmax(x, axis=axis), axis, -1)
        eye = np.eye(s.shape[-1], dtype=s.dtype)
        return eye - s[..., None, :] if self._log else s[..., :, None] * (eye - s[..., None, :])

    def backward(self, dy: object, x: object = None, *, y: object = None, axis: int = -1) -> np.ndarray:
        dy = _as_float(dy)
        y = self(x, axis=axis) if y is None else _as_float(y)
        if self._log:
            return dy - np.exp(y) * np.sum(dy, axis=axis, keepdims=True)
        return y * (dy - np.sum(dy * y, axis=axis, keepdims=True))


softmax = _Softmax("softmax", log=False)
log_softmax = _Softmax("log_softmax", log=True)


class _PReLU:
    """prelu(x, alpha, axis=-1) = where(x > 0, x, alpha[c] x), alpha broadcast along axis."""

    name = "prelu"

    def __repr__(self) -> str:
        return "<fastact.reference prelu>"

    @staticmethod
    def _slope(x: np.ndarray, alpha: object, axis: int) -> np.ndarray:
        alpha = np.asarray(alpha, dtype=x.dtype)
        if alpha.ndim == 0 or alpha.size == 1:
            return alpha.reshape(())
        shape = [1] * x.ndim
        shape[axis] = alpha.size
        return alpha.reshape(shape)

    def __call__(self, x: object, alpha: object, axis: int = -1) -> np.ndarray:
        x = _as_float(x)
        return np.where(x > 0, x, self._slope(x, alpha, axis) * x)

    def derivative(self, x: object, alpha: object, axis: int = -1) -> np.ndarray:
        x = _as_float(x)
        slope = np.broadcast_to(self._slope(x, alpha, axis), x.shape)
        return _keep_nan(x, np.where(x > 0, _one(x), slope))

    def backward(self, dy: object, x: object, alpha: object, axis: int = -1):
        """(dx, dalpha): dalpha sums dy * x over x <= 0, in float64, shaped like alpha."""
        dy, x = _as_float(dy), _as_float(x)
        dx = dy * self.derivative(x, alpha, axis)
        contribution = np.where(x > 0, 0.0, dy.astype(np.float64) * x.astype(np.float64))
        alpha = np.asarray(alpha)
        if alpha.ndim == 0 or alpha.size == 1:
            dalpha = np.sum(contribution).reshape(alpha.shape)
        else:
            others = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
            dalpha = np.sum(contribution, axis=others)
        return dx, dalpha.astype(dx.dtype)


prelu = _PReLU()


# --- tanh family -------------------------------------------------------------------
def _sech2(x: np.ndarray) -> np.ndarray:
    """1 - tanh(x)^2 as 4e / (1 + e)^2, e = exp(-2|x|): no cancellation."""
    e = np.exp(-2 * np.abs(x))
    return 4 * e / (1 + e) ** 2


tanh = _twin("tanh", np.tanh, _widened(_sech2), lambda y: (1 - y) * (1 + y))


# --- exponential linear units ----------------------------------------------------------
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _elu(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """elu(x) = x if x > 0 else alpha * expm1(x)."""
    return np.where(x > 0, x, _c(x, alpha) * np.expm1(np.minimum(x, 0)))


def _elu_derivative(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    return np.where(x > 0, _one(x), _c(x, alpha) * np.exp(np.minimum(x, 0)))


# widened: alpha e^x is a normal number where e^x alone is subnormal (|alpha|
# = 2^70: 270 / 1650 ULP in float32 / float64 at x = -103 / -744)
elu = _twin("elu", _widened(_elu), _widened(_elu_derivative),
            lambda y, alpha=1.0: np.where(y > 0, _one(y), y + _c(y, alpha)))
selu = _twin(
    "selu",
    _widened(lambda x: _c(x, _SELU_SCALE) * _elu(x, _SELU_ALPHA)),
    _widened(lambda x: _keep_nan(x, _c(x, _SELU_SCALE) * _elu_derivative(x, _SELU_ALPHA))),
)
def _celu_quotient(x: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(w, u, u_lo): w = x in float64 (or long double), u = min(w, 0) / alpha
    rounded, u_lo = the rest of the exact quotient (from the exact remainder)."""
    w = _wide(x)
    a = _c(w, _kept(x, alpha))
    v = np.minimum(w, 0)
    u = v / a
    p, e = _two_prod(u, a)
    with np.errstate(invalid="ignore"):
        u_lo = ((v - p) - e) / a
    keep = np.isfinite(u_lo) & np.isfinite(a)
    return w, u, np.where(keep, u_lo, _c(w, 0))


def _celu(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """celu(x) = x if x > 0 else alpha expm1(x / alpha) = alpha (m + (m + 1) u_lo),
    m = expm1(u); alpha = +-inf: x. Computed in float64 for float32 (alpha < 0
    makes e^u overflow float32 before alpha scales it down); where e^u overflows
    float64, alpha e^u = sign(alpha) e^(u + log|alpha|)."""
    w, u, u_lo = _celu_quotient(x, alpha)
    a = _c(w, _kept(x, alpha))
    with np.errstate(over="ignore", invalid="ignore"):
        m = np.expm1(u)
        small = a * (m + (m + 1) * u_lo)
        scaled = np.exp(u + np.log(np.abs(a)))
        # the sign last, and no correction past the overflow (u_lo is moot there:
        # -inf * (1 + u_lo) gave +inf at x = -FLT_MAX for alpha = -0.3)
        big = np.copysign(np.where(np.isinf(scaled), scaled, scaled * (1 + u_lo)), a)
    negative = np.where(np.isinf(m), big, small) if np.isfinite(alpha) else w
    return np.where(w > 0, w, negative).astype(x.dtype)


def _celu_derivative(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """e^(x / alpha) = e^u (1 + u_lo) for x <= 0, 1 above."""
    w, u, u_lo = _celu_quotient(x, alpha)
    with np.errstate(over="ignore"):
        return np.where(w > 0, _one(w), np.exp(u) * (1 + u_lo)).astype(x.dtype)


celu = _twin("celu", _celu, _celu_derivative)


# --- softplus family ---------------------------------------------------------------------
def _softplus(x: np.ndarray, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    """log1p(exp(beta x)) / beta as (max(z, 0) + log1p(exp(-|z|)) + dz s) / beta,
    z + dz = beta x exactly, s = sigmoid(z) (the slope of log1p(e^z)); x above
    the threshold."""
    w, beta = _wide(x), _kept(x, beta)
    z, dz = _two_prod(_c(w, beta), w)
    s, _ = _sigmoid_parts(z)
    smooth = (np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))) + dz * s) / _c(w, beta)
    return np.where(z > _kept(x, threshold), w, smooth).astype(x.dtype)


def _softplus_derivative(x: np.ndarray, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    """sigmoid(z + dz) = s + dz s (1 - s)."""
    w, beta = _wide(x), _kept(x, beta)
    z, dz = _two_prod(_c(w, beta), w)
    s, sd = _sigmoid_parts(z)
    return np.where(z > _kept(x, threshold), _one(w), s + dz * sd).astype(x.dtype)


def _softplus_derivative_from_y(y: np.ndarray, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    z = _c(y, beta) * y
    return np.where(z > threshold, _one(y), -np.expm1(-z))


softplus = _twin("softplus", _softplus, _softplus_derivative, _softplus_derivative_from_y)
log_sigmoid = _twin(
    "log_sigmoid",
    lambda x: np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x))),
    lambda x: _sigmoid_parts(-x)[0],
)


# --- gelu ----------------------------------------------------------------------------------
def _erfc(u: np.ndarray) -> np.ndarray:
    """erfc elementwise: NumPy has none. math.erfc (double) for float inputs; for long
    double inputs mpmath (when installed) so that the float64 kernels can be checked."""
    if u.dtype == np.longdouble and np.finfo(np.longdouble).nmant > 52:
        try:
            import mpmath
        except ImportError:
            pass
        else:
            out = np.empty(u.shape, dtype=u.dtype)
            flat_in, flat_out = u.reshape(-1), out.reshape(-1)
            with mpmath.workdps(30), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # below long double's range: 0
                for i, v in enumerate(flat_in):
                    if abs(v) < 200:  # beyond, erfc is 0 or 2 in long double too
                        flat_out[i] = np.longdouble(mpmath.nstr(mpmath.erfc(mpmath.mpf(str(v))), 25))
                    else:
                        flat_out[i] = math.erfc(float(v))
            return out
    return np.vectorize(math.erfc, otypes=[np.float64])(u).astype(u.dtype)


_INV_SQRT_2PI = 0.39894228040143267794
_GELU_TANH_K = 0.7978845608028654  # sqrt(2/pi)


_SQRT_HALF = 0.7071067811865476  # 1/sqrt2 rounded, and the rest:
_SQRT_HALF_LO = -4.833646656726457e-17
_TWO_OVER_SQRT_PI = 1.1283791670955126


def _gelu_cdf(w: np.ndarray) -> np.ndarray:
    """Phi(w) = erfc(a) / 2, a = -w / sqrt2 carried as a + da (the product with
    1/sqrt2 in two parts); erfc(a + da) = erfc(a) - da 2/sqrt(pi) e^(-a^2): erfc
    has condition ~2 a^2 (~1400 at w = -37), where rounding a alone cost 1400 ULP."""
    p, e = _two_prod(-w, _c(w, _SQRT_HALF))
    with np.errstate(invalid="ignore"):
        e = np.where(np.isfinite(p), e + (-w) * _c(w, _SQRT_HALF_LO), _c(w, 0))  # inf: a = p
    a = p + e
    with np.errstate(invalid="ignore"):
        da = e - (a - p)
        slope = _c(w, _TWO_OVER_SQRT_PI) * np.exp(-a * a)
        return (_erfc(a) - np.where(np.isfinite(da), da * slope, _c(w, 0))) / 2


def _gelu_density(w: np.ndarray) -> np.ndarray:
    """e^(-w^2/2) / sqrt(2 pi) with w^2 = q + dq exact: e^(-q/2) (1 - dq/2)."""
    q, dq = _two_prod(w, w)
    # in long double where wider: e^(-q/2) is subnormal in float64 past |w| = 37.5
    # while x e^(-q/2) is not (gelu' at x = -37.68 was 10.5 ULP)
    q, dq = _wide(q), _wide(dq)
    return _c(q, _INV_SQRT_2PI) * np.exp(-q / 2) * (1 - dq / 2)


def _gelu(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    """x * Phi(x), Phi(x) = erfc(-x / sqrt(2)) / 2 (in float64 for float32: math.erfc
    is double anyway); 'tanh': x * sigmoid(2u) = x (1 + tanh u) / 2 with
    u = sqrt(2/pi) (x + 0.044715 x^3)."""
    if approximate == "tanh":
        w = _wide(x)
        z = 2 * _c(w, _GELU_TANH_K) * (w + _c(w, 0.044715) * w**3)
        s, _ = _sigmoid_parts(z)
        return np.where(s == 0, _c(w, 0), w * s).astype(x.dtype)
    w = _wide32(x)  # long double erfc would be mpmath's, per element
    value = w * _gelu_cdf(w)
    if w.dtype == np.float64 and WIDE_FLOAT64:
        # below x = -36 Phi is (near) subnormal in float64 and math.erfc keeps few
        # of its bits (30 ULP at x = -37.68); there x Phi(x) = -phi(x) S(1/x^2),
        # S the Mills ratio series (8 terms: < 1e-19 relative for |x| >= 36),
        # phi in long double
        with np.errstate(over="ignore", divide="ignore"):
            t = 1 / _wide(w * w)
        series = 1 + t * (-1 + t * (3 + t * (-15 + t * (105 + t * (-945 + t * (10395 - 135135 * t))))))
        value = np.where(w < -36, -_gelu_density(w) * series, value)
    return np.where(np.isneginf(w), _c(w, -0.0), value).astype(x.dtype)


def _gelu_derivative(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    """Phi(x) + x phi(x); 'tanh': s + x z' s (1 - s), z = 2u, s = sigmoid(z)."""
    if approximate == "tanh":
        w = _wide(x)
        z = 2 * _c(w, _GELU_TANH_K) * (w + _c(w, 0.044715) * w**3)
        z_slope = 2 * _c(w, _GELU_TANH_K) * (1 + 3 * _c(w, 0.044715) * w * w)
        s, sd = _sigmoid_parts(z)
        slope = s + np.where(sd == 0, _c(w, 0), w * z_slope * sd)
        return np.where(np.isnan(w), w, slope).astype(x.dtype)
    w = _wide32(x)  # long double erfc would be mpmath's, per element
    density = _gelu_density(w)
    slope = _gelu_cdf(w) + np.where(density == 0, _c(w, 0), w * density)
    return np.where(np.isnan(w), w, slope).astype(x.dtype)


gelu = _twin("gelu", _gelu, _gelu_derivative)


# --- dropout ------------------------------------------------------------------------

_PHILOX_M = (0xD2511F53, 0xCD9E8D57)  # Salmon et al., SC11, table 2
_PHILOX_W = (0x9E3779B9, 0xBB67AE85)
_LOW32 = np.uint64(0xFFFFFFFF)
_DROPOUT_LANES, _DROPOUT_GROUP = 16, 64  # csrc/fastact.h: FA_DROPOUT_LANES, FA_DROPOUT_GROUP


def philox4x32_10(counter: tuple, key: tuple[int, int]) -> list[np.ndarray]:
    """Philox4x32-10 over arrays: counter is four arrays (or ints) of 32-bit words,
    key two ints; returns the four output words as uint64 arrays. The round:
    (c0, c1, c2, c3) -> (hi(M1 c2) ^ c1 ^ k0, lo(M1 c2), hi(M0 c0) ^ c3 ^ k1, lo(M0 c0)),
    the key bumped by (W0, W1) between rounds."""
    c = [np.asarray(w, dtype=np.uint64) for w in counter]
    k0, k1 = int(key[0]), int(key[1])
    for _ in range(10):
        p0, p1 = np.uint64(_PHILOX_M[0]) * c[0], np.uint64(_PHILOX_M[1]) * c[2]
        c = [(p1 >> np.uint64(32)) ^ c[1] ^ np.uint64(k0), p1 & _LOW32,
             (p0 >> np.uint64(32)) ^ c[3] ^ np.uint64(k1), p0 & _LOW32]
        k0, k1 = (k0 + _PHILOX_W[0]) & 0xFFFFFFFF, (k1 + _PHILOX_W[1]) & 0xFFFFFFFF
    return c


class _Dropout:
    """NumPy twin of fa.dropout: the same Philox4x32-10 draw per element (its
    index i in C order: counter 16 (i // 64) + i % 16, word (i % 64) // 16,
    key (seed mod 2**32, seed // 2**32)), kept when the draw >= round(p * 2**32);
    kept elements x * s, s = 1 / (1 - p) in x's dtype, dropped ones 0. A few
    hundred times slower than fastact's kernel (about 120 ns per element): the
    Philox rounds run as whole-array uint64 operations."""

    name = "dropout"

    @staticmethod
    def _key(seed: object) -> int:
        if isinstance(seed, np.random.Generator):
            return int(seed.integers(0, 2**64, dtype=np.uint64))
        if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
            raise TypeError("seed must be an int or a numpy.random.Generator, "
                            f"not {type(seed).__name__}")
        if not 0 <= int(seed) < 2**64:
            raise ValueError(f"seed must be in [0, 2**64), got {seed}")
        return int(seed)

    @staticmethod
    def _threshold(p: float) -> int:
        if not 0.0 <= float(p) <= 1.0:
            raise ValueError(f"p must be in [0, 1], got {p!r}")
        return round(float(p) * 2**32)

    def mask(self, shape: int | tuple[int, ...], p: float, *, seed: object) -> np.ndarray:
        """True where the element is kept."""
        key, t = self._key(seed), self._threshold(p)
        shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
        i = np.arange(math.prod(shape), dtype=np.uint64)
        lanes, group = np.uint64(_DROPOUT_LANES), np.uint64(_DROPOUT_GROUP)
        counter = lanes * (i // group) + i % lanes
        zeros = np.zeros_like(i)
        words = philox4x32_10((counter & _LOW32, counter >> np.uint64(32), zeros, zeros),
                              (key & 0xFFFFFFFF, key >> 32))
        word = ((i % group) // lanes).astype(np.intp)
        return (np.choose(word, words) >= np.uint64(t)).reshape(shape)

    def __call__(self, x: object, p: float, *, seed: object, training: bool = True) -> np.ndarray:
        """x / (1 - p) where kept, 0 where dropped (float16 computed in float32)."""
        a = _as_float(x)
        if not training:
            self._threshold(p)
            return a.copy()
        work = a.astype(np.float32) if a.dtype == np.float16 else a
        keep = self.mask(a.shape, p, seed=seed)
        scale = work.dtype.type(1.0 / (1.0 - p)) if p < 1 else work.dtype.type(0)
        return np.where(keep, work * scale, work.dtype.type(0)).astype(a.dtype)

    def backward(self, dy: object, p: float, *, seed: object) -> np.ndarray:
        """dy / (1 - p) where the forward pass kept the element, else 0."""
        return self(dy, p, seed=seed)


dropout = _Dropout()
__all__ += ["dropout", "philox4x32_10"]
