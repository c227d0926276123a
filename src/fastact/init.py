"""Weight initialisers: Glorot (Xavier), He (Kaiming) and LeCun, with torch's gains and fans.

    import fastact as fa
    W = fa.init.he_normal((64, 128), rng=0)          # dense, x @ W: (in, out)
    K = fa.init.glorot_uniform((16, 3, 5, 5), rng=0, gain=fa.init.gain("tanh"))
    fa.init.fans((16, 3, 5, 5))                       # (75, 400): (fan_in, fan_out)

Every initialiser draws zero-mean weights of variance ``gain**2 / n``, where n is
fan_in, fan_out or their mean ``fan_avg`` (Keras' ``VarianceScaling`` with
``scale = gain**2``):

============== =========================================== ==============
initialiser    distribution                                n (gain)
============== =========================================== ==============
glorot_uniform U(-b, b), b = gain * sqrt(6 / (in + out))   fan_avg (1)
glorot_normal  N(0, s**2), s = gain * sqrt(2 / (in + out)) fan_avg (1)
he_uniform     U(-b, b), b = gain * sqrt(3 / n)            mode (sqrt 2)
he_normal      N(0, s**2), s = gain / sqrt(n)              mode (sqrt 2)
lecun_normal   N(0, s**2), s = gain / sqrt(n)              mode (1)
============== =========================================== ==============

``mode`` is "fan_in" (the default), "fan_out" or "fan_avg", spelled exactly
(torch lower-cases it first; Keras, like fastact, does not). The gain in brackets
is the default; sqrt 2 is relu's, and torch's ``kaiming_*`` default
(``nonlinearity="leaky_relu", a=0``) gives the same.

Fans (``fans(shape, layout)``) read the shape in one of three layouts:

- ``"numpy"`` (default): a 2-D shape is a dense weight ``(in, out)``, as ``x @ W``
  uses it; a shape of 3 or more dimensions is a convolution weight
  ``(out, in, *kernel)``, as torch stores it. fan_in = in * prod(kernel),
  fan_out = out * prod(kernel). For a convolution these are torch's fans; for a
  dense layer they are the fans torch gives ``nn.Linear(in, out)``, whose weight it
  stores transposed as ``(out, in)``.
- ``"torch"``: torch's ``_calculate_fan_in_and_fan_out`` on the shape as given,
  ``(out, in, *kernel)`` for every ndim >= 2, so a dense weight is ``(out, in)``
  as ``nn.Linear.weight``.
- ``"keras"``: Keras' ``compute_fans``: a dense kernel is ``(in, out)``, a
  convolution kernel ``(*kernel, in, out)``; Keras also accepts a 1-D shape
  (fan_in = fan_out = shape[0]) and a 0-D one (both 1).

Fans are undefined for fewer than 2 dimensions in the ``"numpy"`` and ``"torch"``
layouts: a ValueError, as torch raises one.

Where torch and Keras differ, beyond the layouts: torch's normal initialisers
draw from an untruncated normal; Keras' ``glorot_normal``, ``he_normal`` and
``lecun_normal`` draw from a normal truncated at two of its standard
deviations, whose standard deviation is first divided by 0.87962566103423978 (the
standard deviation of N(0, 1) truncated to [-2, 2]) so that the weights still have
variance ``gain**2 / n``. ``truncated=True`` gives Keras' distribution:
``keras.initializers.HeNormal()`` is, in distribution,
``he_normal(shape, layout="keras", truncated=True)``. torch's
``kaiming_normal_(w, a, mode, nonlinearity)`` is
``he_normal(w.shape, mode=mode, gain=gain(nonlinearity, a), layout="torch")``;
torch has no ``lecun_normal`` (it suggests ``kaiming_normal_(w,
nonlinearity="linear")`` for SELU, the same variance, 1 / fan_in).

``rng`` is a ``numpy.random.Generator`` (drawn from, so successive calls differ)
or an int seed (the same seed, the same weights); None draws fresh entropy.
Weights are drawn in float64 and rounded to ``dtype``, so a float32 draw is the
float64 draw of the same seed, rounded.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Sequence
from typing import Literal, Union

import numpy as np
from numpy.typing import DTypeLike

__all__ = [
    "KERAS_TRUNCATED_STD",
    "fans",
    "gain",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "lecun_normal",
    "variance_scaling",
]

Layout = Literal["numpy", "torch", "keras"]
Mode = Literal["fan_in", "fan_out", "fan_avg"]
Distribution = Literal["uniform", "normal", "truncated_normal"]
Shape = Union[int, Sequence[int]]
Rng = Union[np.random.Generator, int, None]

LAYOUTS = ("numpy", "torch", "keras")
MODES = ("fan_in", "fan_out", "fan_avg")
DISTRIBUTIONS = ("uniform", "normal", "truncated_normal")

#: The standard deviation of N(0, 1) truncated to [-2, 2], by which Keras divides a
#: truncated normal's standard deviation so that the truncated draw keeps the variance.
KERAS_TRUNCATED_STD = 0.87962566103423978

#: torch.nn.init.calculate_gain's table for the names that take no parameter.
_GAINS = {
    "linear": 1.0, "conv1d": 1.0, "conv2d": 1.0, "conv3d": 1.0,
    "conv_transpose1d": 1.0, "conv_transpose2d": 1.0, "conv_transpose3d": 1.0,
    "sigmoid": 1.0,
    "tanh": 5.0 / 3.0,
    "relu": math.sqrt(2.0),
    "selu": 3.0 / 4.0,  # torch's empirical value (pytorch PR 50664)
}


def gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for ``nonlinearity``, as ``torch.nn.init.calculate_gain``.

    1 for linear, conv{1,2,3}d, conv_transpose{1,2,3}d and sigmoid; 5/3 for tanh;
    sqrt(2) for relu; 3/4 for selu; sqrt(2 / (1 + negative_slope**2)) for
    leaky_relu, where ``param`` is the negative slope (None: 0.01). ``param`` is
    ignored for the others, as torch ignores it. Other names: ValueError (torch's
    table stops there; use a gain of 1 for what it lacks, or your own).
    """
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, numbers.Real) and not isinstance(param, bool):
            slope = float(param)
        else:
            raise ValueError(f"negative_slope {param!r} not a valid number")
        return math.sqrt(2.0 / (1.0 + slope ** 2))
    try:
        return _GAINS[nonlinearity]
    except (KeyError, TypeError):
        raise ValueError(
            f"unsupported nonlinearity {nonlinearity!r}; torch's calculate_gain knows "
            f"{', '.join([*_GAINS, 'leaky_relu'])}"
        ) from None


def _shape(shape: Shape) -> tuple[int, ...]:
    dims = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    try:
        dims = tuple(operator.index(d) for d in dims)
    except TypeError:
        raise TypeError(f"a shape holds integers, not {shape!r}") from None
    if any(d < 0 for d in dims):
        raise ValueError(f"negative dimensions are not allowed: shape {dims}")
    return dims


def fans(shape: Shape, layout: Layout = "numpy") -> tuple[int, int]:
    """(fan_in, fan_out) of a weight of this shape, read in ``layout`` (see the module)."""
    dims = _shape(shape)
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    if layout == "keras" and len(dims) < 2:
        return (1, 1) if not dims else (dims[0], dims[0])
    if len(dims) < 2:
        raise ValueError(
            f"fan_in and fan_out are undefined for a shape of fewer than 2 dimensions "
            f"(shape {dims}); torch raises ValueError here too; layout='keras' reads a "
            f"1-D shape as fan_in = fan_out = shape[0]"
        )
    if layout == "keras":
        receptive = math.prod(dims[:-2])
        return dims[-2] * receptive, dims[-1] * receptive
    if layout == "numpy" and len(dims) == 2:
        return dims[0], dims[1]
    receptive = math.prod(dims[2:])
    return dims[1] * receptive, dims[0] * receptive


def _generator(rng: Rng) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (numbers.Integral, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(f"rng is a numpy.random.Generator, an int seed or None, not {type(rng).__name__}")


def _truncated_standard_normal(gen: np.random.Generator, size: int) -> np.ndarray:
    """N(0, 1) restricted to [-2, 2]: draws beyond are drawn again (as Keras does)."""
    z = gen.standard_normal(size)
    redo = np.flatnonzero(np.abs(z) > 2.0)
    while redo.size:
        z[redo] = gen.standard_normal(redo.size)
        redo = redo[np.abs(z[redo]) > 2.0]
    return z


def variance_scaling(shape: Shape, *, scale: float = 1.0, mode: Mode = "fan_in",
                     distribution: Distribution = "normal", rng: Rng = None,
                     dtype: DTypeLike = np.float64,
                     layout: Layout = "numpy") -> np.ndarray:
    """Zero-mean weights of variance ``scale / n``, n the fan ``mode`` names.

    distribution "normal": N(0, scale / n); "truncated_normal": Keras' normal
    truncated at two of its standard deviations, that standard deviation being
    sqrt(scale / n) / KERAS_TRUNCATED_STD so that the variance stays scale / n
    (the weights lie within 2 * sqrt(scale / n) / KERAS_TRUNCATED_STD);
    "uniform": U(-b, b), b = sqrt(3 * scale / n). Keras' ``VarianceScaling``
    with its ``"untruncated_normal"`` spelled ``"normal"``.
    """
    dims = _shape(shape)
    fan_in, fan_out = fans(dims, layout)
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"unknown distribution {distribution!r}; use one of {', '.join(DISTRIBUTIONS)}")
    if not (isinstance(scale, numbers.Real) and math.isfinite(scale) and scale > 0):
        raise ValueError(f"scale (gain**2) must be a positive finite number, not {scale!r}")
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"initialisers return real floating-point arrays, not dtype {dtype}")
    gen = _generator(rng)
    size = math.prod(dims)
    if size == 0:  # nothing to draw (torch's kaiming_ warns and returns the empty tensor)
        return np.empty(dims, dtype=dtype)
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[mode]
    std = math.sqrt(scale / n)
    if distribution == "uniform":
        bound = math.sqrt(3.0) * std
        w = gen.uniform(-bound, bound, size)
    elif distribution == "normal":
        w = std * gen.standard_normal(size)
    else:
        w = (std / KERAS_TRUNCATED_STD) * _truncated_standard_normal(gen, size)
    return w.reshape(dims).astype(dtype, copy=False)


def _normal(truncated: bool) -> Distribution:
    return "truncated_normal" if truncated else "normal"


def _scale(gain: float) -> float:
    """gain**2, for a positive finite gain (a negative one would hide a sign slip)."""
    if not (isinstance(gain, numbers.Real) and math.isfinite(gain) and gain > 0):
        raise ValueError(f"gain must be a positive finite number, not {gain!r}")
    return float(gain) ** 2


def glorot_uniform(shape: Shape, *, gain: float = 1.0, rng: Rng = None,
                   dtype: DTypeLike = np.float64, layout: Layout = "numpy") -> np.ndarray:
    """Glorot (Xavier) uniform: U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out)).

    torch's ``xavier_uniform_(w, gain)``; Keras' ``GlorotUniform`` (gain 1).
    For sigmoid and tanh units (``gain=fa.init.gain("tanh")`` as torch advises).
    """
    return variance_scaling(shape, scale=_scale(gain), mode="fan_avg", distribution="uniform",
                            rng=rng, dtype=dtype, layout=layout)


def glorot_normal(shape: Shape, *, gain: float = 1.0, truncated: bool = False, rng: Rng = None,
                  dtype: DTypeLike = np.float64, layout: Layout = "numpy") -> np.ndarray:
    """Glorot (Xavier) normal: N(0, s**2), s = gain * sqrt(2 / (fan_in + fan_out)).

    torch's ``xavier_normal_(w, gain)``; ``truncated=True``: Keras' ``GlorotNormal``.
    """
    return variance_scaling(shape, scale=_scale(gain), mode="fan_avg", distribution=_normal(truncated),
                            rng=rng, dtype=dtype, layout=layout)


def he_uniform(shape: Shape, *, gain: float = math.sqrt(2.0), mode: Mode = "fan_in", rng: Rng = None,
               dtype: DTypeLike = np.float64, layout: Layout = "numpy") -> np.ndarray:
    """He (Kaiming) uniform: U(-b, b), b = gain * sqrt(3 / n), n = fan_in by default.

    torch's ``kaiming_uniform_(w, a, mode, nonlinearity)`` with
    ``gain=fa.init.gain(nonlinearity, a)`` (the default sqrt(2) is relu's);
    Keras' ``HeUniform`` (b = sqrt(6 / fan_in)). For relu-like units.
    """
    return variance_scaling(shape, scale=_scale(gain), mode=mode, distribution="uniform",
                            rng=rng, dtype=dtype, layout=layout)


def he_normal(shape: Shape, *, gain: float = math.sqrt(2.0), mode: Mode = "fan_in",
              truncated: bool = False, rng: Rng = None,
              dtype: DTypeLike = np.float64, layout: Layout = "numpy") -> np.ndarray:
    """He (Kaiming) normal: N(0, s**2), s = gain / sqrt(n), n = fan_in by default.

    torch's ``kaiming_normal_(w, a, mode, nonlinearity)`` with
    ``gain=fa.init.gain(nonlinearity, a)`` (the default sqrt(2) is relu's);
    ``truncated=True``: Keras' ``HeNormal``. For relu-like units.
    """
    return variance_scaling(shape, scale=_scale(gain), mode=mode, distribution=_normal(truncated),
                            rng=rng, dtype=dtype, layout=layout)


def lecun_normal(shape: Shape, *, gain: float = 1.0, mode: Mode = "fan_in",
                 truncated: bool = False, rng: Rng = None,
                 dtype: DTypeLike = np.float64, layout: Layout = "numpy") -> np.ndarray:
    """LeCun normal: N(0, s**2), s = gain / sqrt(n), n = fan_in by default; for selu.

    Variance 1 / fan_in keeps selu's self-normalising fixed point; ``truncated=True``:
    Keras' ``LecunNormal``; torch's ``kaiming_normal_(w, nonlinearity="linear")``.
    """
    return variance_scaling(shape, scale=_scale(gain), mode=mode, distribution=_normal(truncated),
                            rng=rng, dtype=dtype, layout=layout)
