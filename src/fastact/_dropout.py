"""Inverted dropout with a counter-based keep mask (Philox4x32-10 in C).

    y  = fa.dropout(x, p, seed=s)               # x / (1 - p) where kept, 0 where dropped
    dx = fa.dropout.backward(dy, p, seed=s)     # the gradient of the same draw
    m  = fa.dropout.mask(x.shape, p, seed=s)    # that draw as a bool array (True = kept)
    y  = fa.dropout.apply(x, m, p)              # the same y from an explicit mask

Element i of the logical array (its index in C order) is kept when its 32-bit
Philox4x32-10 draw u_i, a function of (key, i) alone, satisfies
u_i >= t = round(p * 2**32): P(kept) = 1 - t / 2**32, within 2**-33 of 1 - p
(exactly 1 - p when p * 2**32 is an integer). p = 1 gives t = 2**32: nothing is
kept and nothing is divided by zero. The mask is the same on every ISA, for
every thread count and memory layout, and backward regenerates it from
(seed, position) instead of storing it. The draw of each index is spelled out
in csrc/fastact.h ("Dropout") and, in NumPy, by fastact.reference.dropout.
"""

from __future__ import annotations

import numbers
from typing import Sequence, Union

import numpy as np

from . import _core
from ._apply import check_out, compute_dtypes, direct_target, flat_view

Seed = Union[int, np.integer, np.random.Generator]

_KEY_RANGE = 2**64
_DRAWS = 2**32  # a draw is a uint32: thresholds live in [0, 2**32]


def new_seed(rng: np.random.Generator | int | None = None) -> int:
    """A fresh dropout seed in [0, 2**64) drawn from rng (advancing it), or from
    np.random.default_rng(rng) for an int or None: pass it to both dropout and
    dropout.backward."""
    if not isinstance(rng, np.random.Generator):
        rng = np.random.default_rng(rng)
    return int(rng.integers(0, _KEY_RANGE, dtype=np.uint64))


def _key(seed: object, caller: str, generator_ok: bool) -> tuple[int, int]:
    """The Philox key (low, high 32-bit words) of a seed: an int in [0, 2**64)
    is the key itself; a Generator gives new_seed(seed)."""
    if isinstance(seed, np.random.Generator):
        if not generator_ok:
            raise TypeError(
                f"{caller}: seed must be the int the forward pass used; a Generator would draw "
                "a new key (a different mask). Draw one with fa.dropout.new_seed(rng) and pass "
                "it to both passes"
            )
        seed = new_seed(seed)
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"{caller}: seed must be an int in [0, 2**64) or a numpy.random.Generator, "
            f"not {type(seed).__name__}"
        )
    value = int(seed)
    if not 0 <= value < _KEY_RANGE:
        raise ValueError(f"{caller}: seed must be in [0, 2**64), got {value}")
    return value & 0xFFFFFFFF, value >> 32


def _threshold(p: object, caller: str) -> tuple[int, float]:
    """(t, 1 / (1 - p)) with t = round(p * 2**32), round half to even (p * 2**32
    is exact in double); ValueError for p outside [0, 1] or NaN."""
    if isinstance(p, (bool, np.bool_)) or not isinstance(p, numbers.Real):
        raise TypeError(f"{caller}: p must be a real number in [0, 1], not {type(p).__name__}")
    value = float(p)
    if not 0.0 <= value <= 1.0:  # NaN fails both comparisons
        raise ValueError(f"{caller}: p must be in [0, 1], got {value!r}")
    t = round(value * _DRAWS)
    scale = 1.0 / (1.0 - value) if t < _DRAWS else 0.0  # t = 2**32: all dropped, scale unused
    return t, scale


_NATIVE = (np.dtype(np.float32), np.dtype(np.float64))


def _plain(x: object, p: object, seed: object) -> np.ndarray | None:
    """The common call, before any of _run's general steps (which cost a 32 x 128
    batch ~4 us, the kernel ~1.5): an aligned, native, C-contiguous float32 or
    float64 ndarray with at least one dimension, a float p whose threshold is
    neither 0 nor 2**32, an int seed in range, no out=. Then the result of _run,
    bit for bit; None otherwise (the general path decides, errors included)."""
    if (type(x) is not np.ndarray or type(p) is not float or type(seed) is not int
            or not 0 <= seed < _KEY_RANGE or not 0.0 < p < 1.0):
        return None
    dtype = x.dtype
    if dtype not in _NATIVE or x.ndim == 0 or not (x.flags.c_contiguous and x.flags.aligned):
        return None
    t = round(p * _DRAWS)
    scale = float(dtype.type(1.0 / (1.0 - p)))
    if t == 0 or t >= _DRAWS:
        return None
    result = np.empty_like(x)
    _core.run_dropout(x.reshape(-1), result.reshape(-1), seed & 0xFFFFFFFF, seed >> 32, t, scale)
    return result


def _run(caller: str, x: object, p: object, key: tuple[int, int], out: object,
         training: bool = True) -> np.ndarray | np.generic:
    """y = x * scale where kept, +0 where dropped, with the library's array rules:
    the kernel reads x in C order (copying non-C-contiguous inputs once), so
    that element i is always the i-th in C order."""
    a = np.asarray(x)
    kernel_dtype, result_dtype = compute_dtypes(a.dtype, caller)
    t, scale = _threshold(p, caller) if training else (0, 1.0)
    scale = float(kernel_dtype.type(scale))  # the multiplier the kernel uses, rounded as it will be
    checked = None if out is None else check_out(out, a.shape, result_dtype, caller)
    if not training or (t == 0 and scale == 1.0):
        # nothing dropped and a multiplier of 1 (p = 0, or p so small that both
        # round so): the kernel's result is x, so copy it (never x itself)
        if checked is None:
            result = np.array(a, dtype=result_dtype, order="C", copy=True)
            return result if result.ndim else result[()]
        np.copyto(checked, a, casting="unsafe")
        return checked
    flat = flat_view(a, kernel_dtype, "C")
    if checked is not None:
        target = direct_target(checked, kernel_dtype, "C", [flat])
        if target is not None:  # in place too (out is x)
            _core.run_dropout(flat, target, key[0], key[1], t, scale)
            return checked
    result = np.empty(a.shape, dtype=kernel_dtype)
    _core.run_dropout(flat, result.reshape(-1), key[0], key[1], t, scale)
    if checked is not None:
        np.copyto(checked, result, casting="unsafe")
        return checked
    if result_dtype != kernel_dtype:
        result = result.astype(result_dtype)
    return result if result.ndim else result[()]


class Dropout:
    """Inverted dropout: y = x / (1 - p) where kept, 0 where dropped.

    fa.dropout(x, p, *, seed, training=True, out=None)

    Each element is dropped with probability p (see the module docstring for the
    exact rule), by a Philox4x32-10 draw that depends only on (seed, the
    element's index in C order): the same seed gives the same mask bit for bit on
    every ISA, for every thread count and memory layout, for any array with the
    same number of elements. Kept elements are x * s with s = 1 / (1 - p)
    rounded to the dtype computed in; dropped ones are +0, also where x is NaN or
    inf (a select, not a multiply by the mask).

    seed: an int in [0, 2**64) (the Philox key), or a numpy.random.Generator,
    from which a key is drawn (advancing it). backward needs the same int, so to
    train, draw it once per step with fa.dropout.new_seed(rng) and pass it to
    both passes.

    training=False or p = 0 returns a copy of x in the result dtype (never x
    itself), or writes it into out. p = 1 returns zeros. p outside [0, 1] or NaN
    is a ValueError.

    Arrays follow the library's rules: float32/float64 native, float16 computed
    in float32 and returned as float16, bool and integers in float64; any
    shape and layout (non-C-contiguous inputs are copied once to C order, and
    the result is C-ordered); out= of the result's shape and dtype, any layout,
    in place allowed (out=x).

    Derivative: dy/dx = s where kept, 0 where dropped (backward).
    """

    name = "dropout"

    def __call__(self, x: object, p: float, *, seed: Seed, training: bool = True,
                 out: np.ndarray | None = None) -> np.ndarray | np.generic:
        if training and out is None:
            result = _plain(x, p, seed)
            if result is not None:
                return result
        if training:
            key = _key(seed, "dropout", generator_ok=True)
        else:
            _threshold(p, "dropout")  # still validated
            key = (0, 0)
        return _run("dropout", x, p, key, out, training)

    def backward(self, dy: object, p: float, *, seed: int,
                 out: np.ndarray | None = None) -> np.ndarray | np.generic:
        """dx = dy / (1 - p) where the forward pass with this seed kept the
        element, 0 where it dropped it: the mask is drawn again from (seed,
        position), bit for bit the forward's; dy has the forward input's shape."""
        if out is None:
            result = _plain(dy, p, seed)
            if result is not None:
                return result
        return _run("dropout.backward", dy, p, _key(seed, "dropout.backward", False), out)

    def mask(self, shape: int | Sequence[int], p: float, *, seed: int) -> np.ndarray:
        """The keep mask of dropout(x, p, seed=seed) for x of this shape: a C-ordered
        bool array, True where the element is kept."""
        if isinstance(shape, (int, np.integer)):
            dims: tuple[int, ...] = (int(shape),)
        else:
            dims = tuple(int(n) for n in shape)
        key = _key(seed, "dropout.mask", generator_ok=False)
        t, _ = _threshold(p, "dropout.mask")
        result = np.empty(dims, dtype=np.bool_)
        _core.run_dropout_mask(result.reshape(-1).view(np.uint8), key[0], key[1], t)
        return result

    def apply(self, x: object, mask: object, p: float,
              out: np.ndarray | None = None) -> np.ndarray | np.generic:
        """x / (1 - p) where mask is True, +0 where it is False, for any bool mask
        that broadcasts to x's shape (the forward and the backward of an explicit
        mask are both this): bit for bit dropout(x, p, seed=s) when mask is
        dropout.mask(x.shape, p, seed=s)."""
        a = np.asarray(x)
        m = np.asarray(mask)
        if m.dtype != np.bool_:
            raise TypeError(f"dropout.apply: mask must be a bool array, not {m.dtype}")
        kernel_dtype, result_dtype = compute_dtypes(a.dtype, "dropout.apply")
        t, scale = _threshold(p, "dropout.apply")
        try:
            shape = np.broadcast_shapes(a.shape, m.shape)
        except ValueError:
            raise ValueError(f"dropout.apply: mask shape {m.shape} does not broadcast to "
                             f"x shape {a.shape}") from None
        if shape != a.shape:
            raise ValueError(f"dropout.apply: mask shape {m.shape} does not broadcast to "
                             f"x shape {a.shape}")
        if out is not None:
            out = check_out(out, a.shape, result_dtype, "dropout.apply")
        y = np.multiply(a, kernel_dtype.type(scale), dtype=kernel_dtype)
        if t == _DRAWS:
            y[...] = 0
        np.copyto(y, 0, where=~m)
        if out is not None:
            np.copyto(out, y, casting="unsafe")
            return out
        y = y.astype(result_dtype, copy=False)
        return y if y.ndim else y[()]

    new_seed = staticmethod(new_seed)

    def __repr__(self) -> str:
        return "<fastact dropout>"

    def __reduce__(self) -> str:
        return "dropout"  # pickles as the module attribute


dropout = Dropout()
