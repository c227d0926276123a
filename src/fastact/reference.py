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
def _swish(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    """swish(x) = x * sigmoid(beta x); the limit 0 where x * sigmoid is inf * 0."""
    z = _c(x, beta) * np.where(np.isinf(x) & (beta == 0), _c(x, 0), x)
    s, _ = _sigmoid_parts(z)
    return np.where(s == 0, _c(x, 0), x * s)


def _swish_derivative(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    """swish'(x) = s + z s (1 - s), z = beta x, s = sigmoid(z)."""
    z = _c(x, beta) * np.where(np.isinf(x) & (beta == 0), _c(x, 0), x)
    s, sd = _sigmoid_parts(z)
    return np.where(np.isinf(z), np.where(z > 0, _one(x), _c(x, 0)), s + z * sd)


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


mish = _twin("mish", _mish, _mish_derivative)


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
        return shifted - np.log1p(rest)

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


tanh = _twin("tanh", np.tanh, _sech2, lambda y: (1 - y) * (1 + y))


# --- exponential linear units ----------------------------------------------------------
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _elu(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """elu(x) = x if x > 0 else alpha * expm1(x)."""
    return np.where(x > 0, x, _c(x, alpha) * np.expm1(np.minimum(x, 0)))


def _elu_derivative(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    return np.where(x > 0, _one(x), _c(x, alpha) * np.exp(np.minimum(x, 0)))


elu = _twin("elu", _elu, _elu_derivative,
            lambda y, alpha=1.0: np.where(y > 0, _one(y), y + _c(y, alpha)))
selu = _twin(
    "selu",
    lambda x: _c(x, _SELU_SCALE) * _elu(x, _SELU_ALPHA),
    lambda x: _keep_nan(x, _c(x, _SELU_SCALE) * _elu_derivative(x, _SELU_ALPHA)),
)
celu = _twin(
    "celu",
    lambda x, alpha=1.0: np.where(x > 0, x, _c(x, alpha) * np.expm1(np.minimum(x, 0) / _c(x, alpha))),
    lambda x, alpha=1.0: np.where(x > 0, _one(x), np.exp(np.minimum(x, 0) / _c(x, alpha))),
)


# --- softplus family ---------------------------------------------------------------------
def _softplus(x: np.ndarray, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    """log1p(exp(beta x)) / beta as (max(z, 0) + log1p(exp(-|z|))) / beta; x above the threshold."""
    z = _c(x, beta) * x
    smooth = (np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))) / _c(x, beta)
    return np.where(z > threshold, x, smooth)


def _softplus_derivative(x: np.ndarray, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    z = _c(x, beta) * x
    s, _ = _sigmoid_parts(z)
    return np.where(z > threshold, _one(x), s)


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


def _gelu(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    """x * Phi(x), Phi(x) = erfc(-x / sqrt(2)) / 2; 'tanh': x * sigmoid(2u) =
    x (1 + tanh u) / 2 with u = sqrt(2/pi) (x + 0.044715 x^3)."""
    if approximate == "tanh":
        z = 2 * _c(x, _GELU_TANH_K) * (x + _c(x, 0.044715) * x**3)
        s, _ = _sigmoid_parts(z)
        return np.where(s == 0, _c(x, 0), x * s)
    cdf = _erfc(-x / np.sqrt(_c(x, 2))) / 2
    return np.where(np.isneginf(x), _c(x, -0.0), x * cdf)


def _gelu_derivative(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    """Phi(x) + x phi(x); 'tanh': s + x z' s (1 - s), z = 2u, s = sigmoid(z)."""
    if approximate == "tanh":
        z = 2 * _c(x, _GELU_TANH_K) * (x + _c(x, 0.044715) * x**3)
        z_slope = 2 * _c(x, _GELU_TANH_K) * (1 + 3 * _c(x, 0.044715) * x * x)
        s, sd = _sigmoid_parts(z)
        slope = s + np.where(sd == 0, _c(x, 0), x * z_slope * sd)
        return np.where(np.isnan(x), x, slope)
    cdf = _erfc(-x / np.sqrt(_c(x, 2))) / 2
    density = _c(x, _INV_SQRT_2PI) * np.exp(-x * x / 2)
    slope = cdf + np.where(density == 0, _c(x, 0), x * density)
    return np.where(np.isnan(x), x, slope)


gelu = _twin("gelu", _gelu, _gelu_derivative)
