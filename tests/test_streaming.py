"""Large outputs written with streaming stores give the bits of plain stores,
for every pass, dtype and ISA.

Outputs of 8 MiB and more (not in place) are written with non-temporal stores
(csrc/stream.h): the hand-written loops store each vector that way
(csrc/simd/loops.inc), the piecewise-linear ones and the generic loops
(csrc/kernels/elementwise_dtype.inc) through a small L1 block. Every loop has
its own path, so this lowers the threshold (_core.set_stream_min_bytes) to
reach each with small arrays: lengths around the vector widths and the block
sizes (1 and 2 KiB), out at every element offset in a cache line (the driver
then computes the head below the first line boundary without streaming), one
and two threads (each range aligns its own head).
"""

from __future__ import annotations

import numpy as np
import pytest

from fastact import _core
from helpers import activation_pass_params, fa, run_pass, sample

LENGTHS = [1, 15, 16, 17, 64, 255, 256, 257, 511, 512, 513, 1000, 2048 + 33]
OFFSETS = [0, 1, 3, 7]  # out's start within a 64-byte-aligned buffer, in elements
THREADED = 4 * 32768 + 71  # splits into ranges with two threads


def _bits(a: np.ndarray) -> np.ndarray:
    return a.view(np.uint32 if a.dtype == np.float32 else np.uint64)


def _aligned(n: int, offset: int, dtype: np.dtype) -> np.ndarray:
    """n zeros starting offset elements after a 64-byte boundary."""
    raw = np.zeros(n + offset + 64, dtype)
    skip = (-raw.ctypes.data % 64) // raw.itemsize
    return raw[skip + offset:skip + offset + n]


def test_threshold_hook_round_trips():
    previous = _core.set_stream_min_bytes(123)
    try:
        assert _core.set_stream_min_bytes(previous) == 123
    finally:
        _core.set_stream_min_bytes(previous)
    assert previous == 8 << 20


@pytest.mark.parametrize("name, params, pass_", activation_pass_params())
def test_streamed_outputs_are_bitwise_plain_ones(isa, dtype, name, params, pass_):
    rng = np.random.default_rng(1313)
    act = fa.get(name)
    threads = fa.get_num_threads()
    cases = [(n, offset, 1) for n in LENGTHS for offset in OFFSETS]
    cases += [(THREADED, offset, 2) for offset in (0, 3)]
    try:
        for n, offset, count in cases:
            fa.set_num_threads(count)
            x = sample(dtype, n, rng)[:n] if n >= 30 else (rng.standard_normal(n) * 8).astype(dtype)
            dy = rng.standard_normal(n).astype(dtype)
            if pass_ == "backward_y":
                x = act(x, **params)  # a y the function can give
            what = f"{isa} {dtype} {name} {params} {pass_} n={n} +{offset} threads={count}"
            with np.errstate(all="ignore"):
                want = run_pass(act, pass_, params, x, dy, _aligned(n, offset, dtype))
                previous = _core.set_stream_min_bytes(0)
                try:
                    out = _aligned(n, offset, dtype)
                    got = run_pass(act, pass_, params, x, dy, out)
                finally:
                    _core.set_stream_min_bytes(previous)
            assert got is out, what
            assert np.array_equal(_bits(out), _bits(want)), what
    finally:
        fa.set_num_threads(threads)

