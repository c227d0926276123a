"""The float64 accuracy sweep's oracle, and its own check against mpmath.

:func:`exact` gives f(x) and f'(x) for float64 inputs, rounded to long double
(64-bit mantissa on x86: 2**-11 of a float64 ULP), for every elementwise row of
``fastact._table`` at its default parameters:

* gelu, gelu_tanh, swish and mish in quad precision (``__float128``), through a
  small C file (``reference64_quad.c``) compiled on first use and called by
  ctypes. Long double is not enough for them: each has a zero of f' next to
  which f' = a - b cancels, and gelu's e^(-x^2/2) and gelu_tanh's e^z take
  arguments that are not exact in long double, whose rounding e^t multiplies by
  |t| (up to ~745). Without a C compiler they fall back to mpmath (slow).
* every other row through its ``fastact.reference`` twin evaluated in long
  double NumPy, whose exp / expm1 / log1p / tanh are the C library's long double
  functions; arguments are exact (x, -|x|, -2|x|), so nothing amplifies their
  rounding. selu uses its constants to long double precision.

:func:`mp_value` is an independent definition of every row in mpmath (50
digits); :func:`self_check` measures the oracle against it in float64 ULPs.

Timing on the 2-core development VM, 1e7 samples: the long double twins take
0.02-0.4 s per 1e6 inputs and pass; the quad C code 0.1-3 us per input (erfcq),
about 10 s for gelu's 1e7 inputs, where mpmath takes ~50 us per input.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import math
import os
import platform
import subprocess
import tempfile
import warnings
from pathlib import Path
from typing import Callable

import mpmath
import numpy as np

from fastact import _table, reference

#: rows evaluated in quad precision by reference64_quad.c, and their index there
QUAD_ROWS = {"gelu": 0, "gelu_tanh": 1, "swish": 2, "mish": 3}
#: gelu_tanh's constants, as the float64 numbers the kernel and the twin use
GELU_TANH_K = 1.5957691216057308
GELU_TANH_C = 0.044715
SELU_ALPHA = "1.6732632423543772848170429916717"
SELU_SCALE = "1.0507009873554804934193349852946"
MP_DIGITS = 50
_C_SOURCE = Path(__file__).with_name("reference64_quad.c")


def defaults(name: str) -> dict[str, float]:
    """The default parameters of the row ``name`` (public or reached by a choice)."""
    spec = next(s for s in _table.ACTIVATIONS if s.name == name)
    return {p.name: p.default for p in spec.params}


# --- quad precision through C ---------------------------------------------------------
@functools.lru_cache(maxsize=1)
def quad_library() -> ctypes.CDLL | None:
    """reference64_quad.c compiled into a shared library (cached by the source's
    hash and the machine in the temp directory), or None where there is no working
    compiler for this interpreter's machine (none at all, no __float128 as on
    aarch64, or one that builds for another machine: an emulated interpreter
    running the host's cc)."""
    source = _C_SOURCE.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    machine = platform.machine() or "unknown"
    target = Path(tempfile.gettempdir()) / f"fastact-ref64-{digest}-{machine}-{os.getuid()}.so"
    if not target.exists():
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        command = [os.environ.get("CC", "cc"), "-O2", "-shared", "-fPIC", str(_C_SOURCE),
                   "-o", str(partial), "-lquadmath"]
        try:
            subprocess.run(command, check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            return None
        os.replace(partial, target)
    try:
        library = ctypes.CDLL(str(target))
    except OSError:
        return None
    library.fa_ref_quad.restype = None
    return library


def _quad_params(name: str) -> np.ndarray:
    if name == "gelu_tanh":
        return np.array([GELU_TANH_K, GELU_TANH_C])
    if name == "swish":
        return np.array([defaults(name)["beta"]])
    return np.zeros(1)


def quad_exact(name: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(f(x), f'(x)) of a QUAD_ROWS row in quad precision, as long double arrays."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    forward = np.empty(x.shape, dtype=np.longdouble)
    derivative = np.empty(x.shape, dtype=np.longdouble)
    params = _quad_params(name)
    library = quad_library()
    if library is None:
        forward[...] = mp_array(name, "forward", x)
        derivative[...] = mp_array(name, "derivative", x)
        return forward, derivative
    pointer = ctypes.c_void_p
    library.fa_ref_quad(ctypes.c_int(QUAD_ROWS[name]), pointer(x.ctypes.data),
                        ctypes.c_size_t(x.size), pointer(params.ctypes.data),
                        pointer(forward.ctypes.data), pointer(derivative.ctypes.data))
    return forward, derivative


# --- long double NumPy ----------------------------------------------------------------
def _long_double_selu(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """selu and selu' in long double with the constants to long double precision
    (the twin rounds them to float64 first, 2**-53 off)."""
    alpha, scale = np.longdouble(SELU_ALPHA), np.longdouble(SELU_SCALE)
    negative = np.minimum(x, 0)
    forward = scale * np.where(x > 0, x, alpha * np.expm1(negative))
    derivative = scale * np.where(x > 0, np.longdouble(1), alpha * np.exp(negative))
    return forward, np.where(np.isnan(x), x, derivative)


def long_double_exact(name: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(f(x), f'(x)) from the NumPy twin evaluated in long double."""
    wide = np.asarray(x, dtype=np.float64).astype(np.longdouble)
    with np.errstate(all="ignore"):
        if name == "selu":
            return _long_double_selu(wide)
        twin = getattr(reference, name)
        params = defaults(name)
        return twin(wide, **params), twin.derivative(wide, **params)


def exact(name: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The oracle: (f(x), f'(x)) for float64 x at the row's default parameters,
    as long double arrays whose own error is far below a float64 ULP."""
    if np.finfo(np.longdouble).nmant <= 52:
        raise RuntimeError("the float64 oracle needs an extended long double (x86)")
    if name in QUAD_ROWS:
        return quad_exact(name, x)
    return long_double_exact(name, x)


# --- mpmath: independent definitions -------------------------------------------------------
def _sigmoid(z: mpmath.mpf) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-z)) if z >= 0 else mpmath.exp(z) / (1 + mpmath.exp(z))


def _sigmoid_slope(z: mpmath.mpf) -> mpmath.mpf:
    """sigmoid'(z) = e^-|z| / (1 + e^-|z|)^2."""
    e = mpmath.exp(-abs(z))
    return e / (1 + e) ** 2


def _clip(x: mpmath.mpf, low: float, high: float) -> mpmath.mpf:
    return min(max(x, mpmath.mpf(low)), mpmath.mpf(high))


def _inside(x: mpmath.mpf, low: float, high: float, value: float = 1) -> mpmath.mpf:
    return mpmath.mpf(value) if low < x < high else mpmath.mpf(0)


def _ncdf(x: mpmath.mpf) -> mpmath.mpf:
    """Phi(x); beyond |x| = 1e4 (where mpmath's erfc fails) from the asymptotic
    series phi(x) / |x| (1 - 1/x^2 + 3/x^4 - 15/x^6), relative error < 1e-23."""
    if abs(x) < 1e4:
        return mpmath.ncdf(x)
    tail = mpmath.npdf(x) / abs(x) * (1 - 1 / x**2 + 3 / x**4 - 15 / x**6)
    return tail if x < 0 else 1 - tail


def _gelu_tanh_z(x: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
    k, c = mpmath.mpf(GELU_TANH_K), mpmath.mpf(GELU_TANH_C)
    return k * x * (1 + c * x * x), k * (1 + 3 * c * x * x)


def _mish_derivative(x: mpmath.mpf) -> mpmath.mpf:
    softplus = mpmath.log1p(mpmath.exp(x))
    return mpmath.tanh(softplus) + x * mpmath.sech(softplus) ** 2 * _sigmoid(x)


def _mp_selu(x: mpmath.mpf, derivative: bool) -> mpmath.mpf:
    alpha, scale = mpmath.mpf(SELU_ALPHA), mpmath.mpf(SELU_SCALE)
    if x > 0:
        return scale if derivative else scale * x
    return scale * alpha * (mpmath.exp(x) if derivative else mpmath.expm1(x))


_MP: dict[str, tuple[Callable, Callable]] = {
    "step": (lambda x: mpmath.mpf(x >= 0), lambda x: mpmath.mpf(0)),
    "linear": (lambda x: x, lambda x: mpmath.mpf(1)),
    "sigmoid": (_sigmoid, _sigmoid_slope),
    "tanh": (mpmath.tanh, lambda x: mpmath.sech(x) ** 2),
    "relu": (lambda x: max(x, mpmath.mpf(0)), lambda x: mpmath.mpf(x > 0)),
    "relu6": (lambda x: _clip(x, 0, 6), lambda x: _inside(x, 0, 6)),
    "leaky_relu": (lambda x: x if x > 0 else mpmath.mpf(0.01) * x,
                   lambda x: mpmath.mpf(1) if x > 0 else mpmath.mpf(0.01)),
    "elu": (lambda x: x if x > 0 else mpmath.expm1(x), lambda x: min(mpmath.exp(x), 1)),
    "selu": (lambda x: _mp_selu(x, False), lambda x: _mp_selu(x, True)),
    "celu": (lambda x: x if x > 0 else mpmath.expm1(x), lambda x: min(mpmath.exp(x), 1)),
    "gelu": (lambda x: x * _ncdf(x), lambda x: _ncdf(x) + x * mpmath.npdf(x)),
    "gelu_tanh": (lambda x: x * _sigmoid(_gelu_tanh_z(x)[0]),
                  lambda x: _sigmoid(_gelu_tanh_z(x)[0])
                  + x * _gelu_tanh_z(x)[1] * _sigmoid_slope(_gelu_tanh_z(x)[0])),
    "swish": (lambda x: x * _sigmoid(x), lambda x: _sigmoid(x) + x * _sigmoid_slope(x)),
    "mish": (lambda x: x * mpmath.tanh(mpmath.log1p(mpmath.exp(x))), _mish_derivative),
    "softplus": (lambda x: x if x > 20 else mpmath.log1p(mpmath.exp(x)),
                 lambda x: mpmath.mpf(1) if x > 20 else _sigmoid(x)),
    "softsign": (lambda x: x / (1 + abs(x)), lambda x: 1 / (1 + abs(x)) ** 2),
    "hard_sigmoid": (lambda x: _clip(x / 6 + mpmath.mpf(0.5), 0, 1), lambda x: _inside(x, -3, 3, 1 / 6)),
    "hard_swish": (lambda x: x * _clip(x / 6 + mpmath.mpf(0.5), 0, 1),
                   lambda x: mpmath.mpf(0) if x <= -3 else mpmath.mpf(1) if x >= 3 else x / 3 + mpmath.mpf(0.5)),
    "hard_tanh": (lambda x: _clip(x, -1, 1), lambda x: _inside(x, -1, 1)),
    "log_sigmoid": (lambda x: -mpmath.log1p(mpmath.exp(-x)), lambda x: _sigmoid(-x)),
}


def mp_value(name: str, pass_: str, x: float) -> mpmath.mpf:
    """f(x) or f'(x) of row ``name`` at its default parameters in mpmath (finite x;
    call inside ``mpmath.workdps``). Written from the definitions, not the twins."""
    forward, derivative = _MP[name]
    return (forward if pass_ == "forward" else derivative)(mpmath.mpf(float(x)))


def mp_array(name: str, pass_: str, x: np.ndarray) -> np.ndarray:
    """mp_value over an array (inf and NaN by their limits), as long double."""
    out = np.empty(x.shape, dtype=np.longdouble)
    flat_x, flat_out = x.reshape(-1), out.reshape(-1)
    with mpmath.workdps(MP_DIGITS):
        for i, v in enumerate(flat_x):
            flat_out[i] = _to_long_double(mp_value(name, pass_, v)) if np.isfinite(v) else _limit(name, pass_, v)
    return out


def _limit(name: str, pass_: str, x: float) -> np.longdouble:
    """f or f' at inf, -inf or NaN, from the float64 twin (exact limits there)."""
    twin = getattr(reference, name if name != "gelu_tanh" else "gelu")
    params = {"approximate": "tanh"} if name == "gelu_tanh" else defaults(name)
    with np.errstate(all="ignore"):
        value = (twin if pass_ == "forward" else twin.derivative)(np.array([x]), **params)
    return np.longdouble(value[0])


def _to_long_double(value: mpmath.mpf) -> np.longdouble:
    """An mpf rounded to long double (through 25 decimal digits, which NumPy parses
    to the nearest long double). Values below long double's range (gelu(-1e300) is
    about -10^(-2e599)) round to +-0, as they should: NumPy's "overflow in
    conversion from string" warning for them is silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.longdouble(mpmath.nstr(value, 25))


def _from_long_double(value: np.longdouble) -> mpmath.mpf:
    """A finite long double as an mpf, exactly: its 64-bit significand times a
    power of two."""
    fraction, exponent = np.frexp(value)
    return mpmath.ldexp(mpmath.mpf(int(np.ldexp(fraction, 64))), int(exponent) - 64)


# --- self check -------------------------------------------------------------------------------
def oracle_error(oracle: np.longdouble, true: mpmath.mpf) -> float:
    """|oracle - true| in float64 ULPs of true rounded to float64 (the smallest
    subnormal below the normal range); 0 where true overflows float64."""
    rounded = float(true)
    if not math.isfinite(rounded):
        return 0.0
    return float(abs(_from_long_double(oracle) - true) / math.ulp(rounded))


def self_check(name: str, x: np.ndarray) -> dict[str, tuple[float, float]]:
    """For each pass, (max error of :func:`exact`, the x where it occurs) in
    float64 ULPs against mpmath at MP_DIGITS digits, over the finite x given."""
    x = x[np.isfinite(x)]
    found = {}
    with mpmath.workdps(MP_DIGITS):
        for pass_, oracle in zip(("forward", "derivative"), exact(name, x)):
            errors = [oracle_error(o, mp_value(name, pass_, v)) for o, v in zip(oracle, x)]
            worst = int(np.argmax(errors)) if errors else 0
            found[pass_] = (errors[worst], float(x[worst])) if errors else (0.0, float("nan"))
    return found
