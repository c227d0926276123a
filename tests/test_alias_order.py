"""The loops that run downward where out sits just above x modulo 4096.

csrc/simd/loops.inc (fa_simd_alias_ahead): with out 16 to 639 bytes (AVX-512;
255 elsewhere) above x modulo a page, the one- and two-vector loops and the silu
range loop store from the top down, so that no load waits on a store of the same low 12 address bits
(4K aliasing). Every element must come out as the upward loop gives it, for
sizes around the vector width, the two-vector step and silu's blocks, with the
masked tail first, wide silu inputs (beyond +-87) in some blocks only, NaN and
signed zeros. Since session 11 also the two-input loops (backward from x or
y: out above dy or above x, in place on dy above x, and out above one input
but just below the other, which stays upward: fa_alias_ahead2), the
piecewise read-ahead loop (from one vector's width on) and the generic
compiler-vectorised loops (csrc/kernels/elementwise_dtype.inc).
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers import fa, sample

# one body each of FA_SIMD_UNARY_KERNEL (gelu, float64 tanh), _X2 (sigmoid,
# float32 tanh), the range loop (silu), the read-ahead loop (relu, hard_swish)
# and the generic loop (elu forward on most layers)
FUNCTIONS = ["tanh", "sigmoid", "gelu", "silu", "elu", "relu", "hard_swish"]
# the two-input loops: FA_SIMD_TIMES_KERNEL (gelu, elu from x), _X2 (tanh,
# sigmoid, elu from y), the range loop (silu), the generic loop (relu, step)
BACKWARD = [("tanh", "x"), ("tanh", "y"), ("sigmoid", "x"), ("sigmoid", "y"), ("gelu", "x"),
            ("silu", "x"), ("elu", "x"), ("elu", "y"), ("relu", "x"), ("step", "x")]
# the generic unary loop (derivatives no SIMD body serves)
DERIVATIVES = ["relu", "step", "hard_tanh"]
SIZES = [1, 5, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 300, 1025, 4099]
PAGE = 4096
# out - x modulo PAGE, bytes: inside the window and at its edges
DOWNWARD = [16, 48, 144, 240, 248, 400, 624, 632]  # from 256 on upward except AVX-512
UPWARD = [0, 640, 2048, PAGE - 16]


def _bits(a: np.ndarray) -> np.ndarray:
    return a.view(np.uint32 if a.dtype == np.float32 else np.uint64)


def _inputs(dtype, n: int, rng) -> np.ndarray:
    values = np.resize(sample(dtype, max(n, 64), rng), n)
    special = np.array([-0.0, 0.0, np.nan, -np.nan, 90.0, -95.0, 1e30, -np.inf, np.inf], dtype)
    x = values.copy()
    # the special values in a few places only, so that most silu blocks stay in range
    for k, v in enumerate(special):
        if n > 0:
            x[(k * 37) % n] = v
    return x


@pytest.mark.parametrize("name", FUNCTIONS)
def test_downward_same_bits(isa, dtype, name):
    rng = np.random.default_rng(13)
    act = fa.get(name)
    size = dtype.itemsize
    raw = np.empty(12 * PAGE + 2 * 4099 * size, np.uint8)  # out 10 pages above x: apart
    page = (-raw.ctypes.data) % PAGE
    for n in SIZES:
        x0 = _inputs(dtype, n, rng)
        for x_offset in (0, 48):
            x = raw[page + x_offset:page + x_offset + n * size].view(dtype)
            x[:] = x0
            want = None
            for d in UPWARD + DOWNWARD:
                start = page + x_offset + 10 * PAGE + d
                out = raw[start:start + n * size].view(dtype)
                act(x, out=out)
                got = _bits(out).copy()
                if want is None:
                    want = got
                    continue
                what = f"{isa} {dtype} {name} n={n} x at +{x_offset}, out {d} bytes above mod 4096"
                assert np.array_equal(got, want), what
                assert np.array_equal(_bits(x), _bits(x0)), what + ": x modified"


@pytest.mark.parametrize("name", DERIVATIVES)
def test_downward_same_bits_derivative(isa, dtype, name):
    rng = np.random.default_rng(14)
    act = fa.get(name)
    size = dtype.itemsize
    raw = np.empty(12 * PAGE + 2 * 4099 * size, np.uint8)
    page = (-raw.ctypes.data) % PAGE
    for n in SIZES:
        x0 = _inputs(dtype, n, rng)
        x = raw[page + 48:page + 48 + n * size].view(dtype)
        x[:] = x0
        want = None
        for d in UPWARD + DOWNWARD:
            start = page + 48 + 10 * PAGE + d
            out = raw[start:start + n * size].view(dtype)
            act.derivative(x, out=out)
            got = _bits(out).copy()
            if want is None:
                want = got
                continue
            assert np.array_equal(got, want), f"{isa} {dtype} {name}' n={n}, out {d} above x"


def _placements():
    """(x, dy, out) byte offsets, x's at 0: out d above x (dy 2048 off), out d
    above dy (x 2048 off), in place on dy d above x, and out d above x but 32
    below dy (upward: fa_alias_ahead2)"""
    for d in UPWARD + DOWNWARD:
        yield f"out {d} above x", 0, 12 * PAGE + 2048, 24 * PAGE + d
        yield f"out {d} above dy", 0, 12 * PAGE + 2048, 24 * PAGE + 2048 + d
        yield f"in place, dy {d} above x", 0, 12 * PAGE + d, None
        yield f"out {d} above x, 32 below dy", 0, 36 * PAGE + d + 32, 24 * PAGE + d


@pytest.mark.parametrize("name,source", BACKWARD)
def test_downward_same_bits_backward(isa, dtype, name, source):
    rng = np.random.default_rng(15)
    act = fa.get(name)
    size = dtype.itemsize
    raw = np.empty(48 * PAGE, np.uint8)
    page = (-raw.ctypes.data) % PAGE
    for n in SIZES:
        v0 = _inputs(dtype, n, rng)
        if source == "y":  # a forward output: in range for sigmoid, tanh, elu
            v0 = act(v0)
        dy0 = np.resize(sample(dtype, max(n, 64), rng), n)
        for x_offset in (0, 48):
            want = None
            for what, xo, dyo, oo in _placements():
                base = page + x_offset
                v = raw[base + xo:base + xo + n * size].view(dtype)
                dy = raw[base + dyo:base + dyo + n * size].view(dtype)
                v[:] = v0
                dy[:] = dy0
                out = dy if oo is None else raw[base + oo:base + oo + n * size].view(dtype)
                act.backward(dy, out=out, **{source: v})
                got = _bits(out).copy()
                if want is None:
                    want = got
                    continue
                what = f"{isa} {dtype} {name} from {source} n={n} x at +{x_offset}, {what}"
                assert np.array_equal(got, want), what
                assert np.array_equal(_bits(v), _bits(v0)), what + ": input modified"
