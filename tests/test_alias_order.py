"""The loops that run downward where out sits just above x modulo 4096.

csrc/simd/loops.inc (fa_simd_alias_ahead): with out 16 to 639 bytes (AVX-512;
255 elsewhere) above x modulo a page, the one- and two-vector loops and the silu
range loop store from the top down, so that no load waits on a store of the same low 12 address bits
(4K aliasing). Every element must come out as the upward loop gives it, for
sizes around the vector width, the two-vector step and silu's blocks, with the
masked tail first, wide silu inputs (beyond +-87) in some blocks only, NaN and
signed zeros.
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers import fa, sample

# one body each of FA_SIMD_UNARY_KERNEL (gelu, float64 tanh), _X2 (sigmoid,
# float32 tanh) and the range loop (silu); elu as a control on another loop
FUNCTIONS = ["tanh", "sigmoid", "gelu", "silu", "elu"]
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
