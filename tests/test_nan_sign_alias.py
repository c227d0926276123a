"""softplus keeps x's own NaN whichever loop runs: the downward loop (out just
above x modulo 4096) once gave -NaN where the upward one gave +NaN (AVX-512
float32, found by tests/test_ufuncs.py through a ufunc's output placement)."""

import os

import numpy as np
import pytest

import fastact as fa
from fastact import _core, _table, ufuncs

from cases import CASES
from helpers import call, passes_for


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("beta", [1.0, 0.5])
def test_softplus_nan_same_bits_every_placement(dtype, beta):
    x0 = np.array([np.nan, -np.nan, 1.0, np.inf, -np.inf, 30.0, -100.0] * 8, dtype)
    n, size = x0.size, x0.itemsize
    previous = _core.current_isa()
    try:
        for isa in _core.isas_supported():
            _core.select_isa(isa)
            want = fa.softplus(x0, beta=beta).view(np.uint8)
            assert np.isnan(fa.softplus(x0, beta=beta)[:2]).all()
            backing = np.zeros(8192 // size, dtype)
            x = backing[:n]
            x[:] = x0
            for offset in range(size, 640, size):
                out_backing = np.zeros((4096 + 1024) // size, dtype)
                start = (x.ctypes.data + offset - out_backing.ctypes.data) % 4096 // size
                out = out_backing[start : start + n]
                got = fa.softplus(x, beta=beta, out=out).view(np.uint8)
                np.testing.assert_array_equal(got, want, err_msg=f"{isa} offset {offset}")
    finally:
        _core.select_isa(previous)


# --- every elementwise pass, every parameter set (session 14, h14-nansweep) ---
# One NaN input (x, or dy with x finite) gives the same bits, sign and payload
# of the quiet NaN included, and finite inputs the same values, wherever out
# lands: far from the inputs, in the downward window above x or dy modulo 4096
# (csrc/simd/loops.inc), at every cache-line offset (run_dtype.inc's head),
# in place, through the ufunc. benchmarks/nan_placement_sweep.py is the full
# sweep (payloads, signalling NaNs, two NaNs, every offset); what it found:
# ACCURACY.md 2026-12-08 session 14, h14-nansweep. Two NaNs (dy and x) may
# still give either one's NaN, by the loop copy (not pinned, ACCURACY.md).

def _unpinned(name: str, params: dict, pass_: str) -> bool:
    """The cells whose NaN session 14 found placement-dependent and left so:
    pinning them measured 2-8% slower (ACCURACY.md and BENCHMARKS.md 2026-12-08
    session 14, h14-nansweep): swish with beta != 1 (baseline's generic loop,
    AVX2 float64), softplus' with beta != 1 (AVX2)."""
    if params.get("beta", 1.0) == 1.0:
        return False
    return name == "swish" or (name == "softplus" and pass_ in ("derivative", "backward_x"))


_ROW_CASES = [
    pytest.param(spec.name, dict(params), pass_,
                 id=spec.name + "".join(f"-{k}={v}" for k, v in params.items()) + "-" + pass_,
                 marks=[pytest.mark.xfail(reason="NaN not pinned: its cost measured",
                                          strict=False)]
                 if _unpinned(spec.name, params, pass_) else [])
    for spec in _table.elementwise(public_only=True)
    for params in CASES[spec.name].params
    for pass_ in passes_for(spec.name, params)
]


def _one_nan_inputs(dtype, n: int = 320):
    """x: +-NaN among finite values of every size (the range kernels' limits
    included); then, from 320 on, blocks of small values whose first 12 are
    NaN and whose 31st is huge (a range loop's block of 16 vectors, starting
    0-7 elements later by run_dtype.inc's head: the AVX2 float64 silu
    backward let the NaN hide the huge x from the block's range check, NaN
    for finite dy and x, until session 14); a masked tail. dy finite, NaN
    only where x is finite."""
    info = np.finfo(dtype)
    pool = np.array([np.nan, 0.5, -0.0, 3.0, -3.0, 1e30 if dtype == np.float32 else 1e300,
                     info.max, 0.0, -np.nan, -1.0, 30.0, -30.0, np.inf, -np.inf, -info.max,
                     1.0, -0.25], dtype)
    blocks = np.resize(np.array([0.5, -1.0, 2.0, -0.25, 1.5], dtype), 5 * 64).reshape(5, 64)
    blocks[:, :12] = np.nan
    blocks[:, 30] = [info.max, np.inf, -info.max, -np.inf, info.max]
    x = np.concatenate([np.resize(pool, n), blocks.ravel(), pool[:7]])  # a masked tail
    n = x.size
    dy = np.resize(np.array([1.5, -0.75, 0.25, 2.0, -1.0], dtype), n)
    finite = np.nonzero(np.isfinite(x))[0]
    dy[finite[::7]] = np.nan
    dy[finite[3::7]] = -np.nan
    return x, dy


def _placed(like: np.ndarray, anchor: np.ndarray, d: int) -> np.ndarray:
    size = like.itemsize
    back = np.zeros(like.size + 8192 // size, like.dtype)
    start = (anchor.ctypes.data + d - back.ctypes.data) % 4096 // size
    return back[start:start + like.size]


# Under tools/sanitize.sh (the ASan runtime preloaded) the kernels are the
# instrumented build, whose loop copies GCC orders otherwise: session 14's
# fresh-clone CI saw the baseline's float32 swish' give +NaN for -NaN with out
# 100 bytes above x there, a cell the release builds (GCC -O3, zig's Clang 22)
# give the same bits everywhere. Where a body does not pin its NaN (x + 0 or a
# select, as softplus.inc), its sign is the compilers' choice of operand
# order, so there this test is a non-strict xfail; it stays strict on the
# builds that ship.
_SANITIZED = "asan" in os.environ.get("LD_PRELOAD", "")


@pytest.mark.xfail(_SANITIZED, reason="instrumented build: NaN sign by operand order", strict=False)
@pytest.mark.parametrize("name, params, pass_", _ROW_CASES)
def test_one_nan_same_bits_every_placement(name, params, pass_):
    act = fa.get(name)
    row, full = _table.resolve(name, params)
    pvals = [full[p.name] for p in row.params]
    ufunc = ufuncs.BY_KERNEL[(_table.elementwise().index(row), pass_)]
    previous = _core.current_isa()
    try:
        for isa in _core.isas_supported():
            _core.select_isa(isa)
            for dtype in (np.float32, np.float64):
                size = np.dtype(dtype).itemsize
                x0, dy0 = _one_nan_inputs(dtype)
                back = np.zeros(3 * 4096 // size + 2 * x0.size, dtype)
                x = back[16 // size:16 // size + x0.size]  # dy 2048 bytes off x mod 4096
                dy = back[(16 + 2048) // size + x0.size:(16 + 2048) // size + 2 * x0.size]
                x[:] = x0
                dy[:] = dy0
                args = {"forward": (x,), "derivative": (x,), "backward_x": (dy, x),
                        "backward_y": (dy, x)}[pass_]
                with np.errstate(all="ignore"):
                    want = call(pass_, act, x, dy, params, y=x, out=_placed(x, x, 1024))
                    bits = want.view(np.uint8)
                    anchors = [x] if len(args) == 1 else [x, dy]
                    for anchor in anchors:
                        for d in (size, 16, 24, 48, 64, 100 - 100 % size, 256, 400, 632, 3000):
                            got = call(pass_, act, x, dy, params, y=x, out=_placed(x, anchor, d))
                            np.testing.assert_array_equal(
                                got.view(np.uint8), bits,
                                err_msg=f"{isa} {dtype.__name__} out {d} B above "
                                        f"{'x' if anchor is x else 'dy'}")
                    inplace = [a.copy() for a in args]
                    got = call(pass_, act, *((inplace[0], None) if len(args) == 1
                                             else (inplace[1], inplace[0])),
                               params, y=inplace[-1], out=inplace[0])
                    np.testing.assert_array_equal(got.view(np.uint8), bits,
                                                  err_msg=f"{isa} {dtype.__name__} in place")
                    got = ufunc(*args, *pvals)
                    np.testing.assert_array_equal(got.view(np.uint8), bits,
                                                  err_msg=f"{isa} {dtype.__name__} ufunc")
    finally:
        _core.select_isa(previous)
