"""The piecewise-linear forwards (and hard_swish) wherever x and out sit.

Their SIMD kernels read x in aligned vectors and build each output vector from
two (AVX-512), or read one vector ahead (AVX2), with a masked first block and a
plain loop plus masked tail for the rest (csrc/simd/loops.inc): every element
must come out the same whatever x's and out's offsets within a cache line or a
page, for sizes around the vector width and the tail, in place and strided, and
as the generic kernels give it (NaN through, signed zeros, the parameters).
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers import CASES, assert_pass_accuracy, assert_ulp, expected, fa, sample

FUNCTIONS = ["relu", "relu6", "leaky_relu", "step", "hard_sigmoid", "hard_tanh", "linear",
             "hard_swish"]
# bitwise the generic kernels' values on every ISA (hard_swish: p/6 by a corrected
# product instead of a divide, which can differ in the last bit of a subnormal)
SAME_AS_GENERIC = {"relu", "relu6", "leaky_relu", "step", "hard_sigmoid", "hard_tanh", "linear"}
SIZES = [1, 2, 7, 8, 9, 15, 16, 17, 23, 24, 31, 32, 33, 40, 47, 48, 63, 64, 65, 100, 255, 256,
         257, 300, 1025]
PAGE = 4096


def _cases():
    for name in FUNCTIONS:
        for params in CASES[name].params:
            yield pytest.param(name, params, id=f"{name}-{params}" if params else name)


def _bits(a: np.ndarray) -> np.ndarray:
    return a.view(np.uint32 if a.dtype == np.float32 else np.uint64)


def _same(result: np.ndarray, want: np.ndarray, what: str) -> None:
    """Equal values, NaN where NaN (any payload), the same signs of zero."""
    assert np.array_equal(result, want, equal_nan=True), what
    assert np.array_equal(np.signbit(result[result == 0]), np.signbit(want[want == 0])), what


def _inputs(dtype, n: int, rng) -> np.ndarray:
    values = sample(dtype, 3 * n + 60, rng)
    kinks = np.array([-3, 3, 6, -1, 1, 0.5, -2, 0.25, -0.0, 0.0, np.nan, -np.nan], dtype)
    return rng.permutation(np.concatenate([values, kinks]))[:n]


@pytest.mark.parametrize("name, params", list(_cases()))
def test_every_placement(isa, dtype, name, params):
    rng = np.random.default_rng(11)
    act = fa.get(name)
    size = dtype.itemsize
    raw = np.empty(8 * PAGE + 4 * 1025 * size, np.uint8)
    page = (-raw.ctypes.data) % PAGE
    for n in SIZES:
        x0 = _inputs(dtype, n, rng)
        first = np.empty(n, dtype)
        act(x0, out=first, **params)
        assert_pass_accuracy("forward", name, params, first, expected("forward", name, x0, None, params),
                             x0, f"{isa} {dtype} {name} {params} n={n}")
        if name in SAME_AS_GENERIC and isa != "baseline":
            fa._core.select_isa("baseline")
            try:
                generic = act(x0, **params)
            finally:
                fa._core.select_isa(isa)
            _same(first, generic, f"{isa} {dtype} {name} {params} n={n} against the generic kernel")
        for x_offset in range(0, 64, size):
            x = raw[page + x_offset:page + x_offset + n * size].view(dtype)
            x[:] = x0
            out_starts = {
                "aligned": 4 * PAGE,
                "x+16 mod 4096": 4 * PAGE + x_offset + 16,
                "x+4 bytes": 4 * PAGE + x_offset + 4 * (size == 4) + 8 * (size == 8),
                "x-16 mod 4096": 5 * PAGE + x_offset - 16,
            }
            for where, start in out_starts.items():
                out = raw[page + start:page + start + n * size].view(dtype)
                act(x, out=out, **params)
                what = f"{isa} {dtype} {name} {params} n={n} x at +{x_offset}, out {where}"
                assert np.array_equal(_bits(out), _bits(first)), what
                assert np.array_equal(_bits(x), _bits(x0)), what + ": x modified"
            inplace = x.copy() if x_offset == 0 else x
            act(inplace, out=inplace, **params)
            assert np.array_equal(_bits(inplace), _bits(first)), f"{what}: in place"


@pytest.mark.parametrize("name, params", list(_cases()))
def test_strided(isa, dtype, name, params):
    rng = np.random.default_rng(12)
    act = fa.get(name)
    for n in (17, 64, 257, 1025):
        x0 = _inputs(dtype, n, rng)
        want = act(x0, **params)
        for step in (2, 3, -1, -2):
            big = np.zeros(n * abs(step) + 1, dtype)
            view = big[1::step][:n] if step > 0 else big[::step][:n]
            view[:] = x0
            _same(act(view, **params), want, f"{isa} {dtype} {name} {params} n={n} step {step}")
            out = np.zeros(n * abs(step) + 1, dtype)
            out_view = out[::step][:n]
            act(view, out=out_view, **params)
            _same(out_view, want, f"{isa} {dtype} {name} {params} n={n} step {step}, strided out")


# odd parameters the test table leaves out; infinite ones included (a NaN one
# is a ValueError: tests/test_parameter_edges.py)
ODD_PARAMS = {
    "relu": [{"threshold": np.inf}, {"threshold": -np.inf}, {"threshold": -0.0}],
    "leaky_relu": [{"negative_slope": 0.0}, {"negative_slope": -0.0}, {"negative_slope": np.inf},
                   {"negative_slope": 3.0}, {"negative_slope": 0.1}],
    "step": [{"threshold": np.inf}, {"threshold": -np.inf}, {"threshold": -0.0}],
    "hard_tanh": [{"min_val": 1.0, "max_val": 1.0}, {"min_val": -np.inf, "max_val": np.inf},
                  {"min_val": -0.0, "max_val": 0.0}],
    "linear": [{"slope": 0.1, "intercept": 0.3}, {"slope": 1 / 3, "intercept": -7.1},
               {"slope": -0.0, "intercept": -0.0}, {"slope": 1e30, "intercept": 1e-30}],
}


@pytest.mark.parametrize("name, params", [pytest.param(name, p, id=f"{name}-{p}")
                                          for name, ps in ODD_PARAMS.items() for p in ps])
def test_odd_params_as_generic(isa, dtype, name, params):
    """The generic kernels' values (NaN bits aside) on odd parameters; linear
    rounded once."""
    if isa == "baseline":
        pytest.skip("the generic kernels themselves")
    act = fa.get(name)
    rng = np.random.default_rng(13)
    for n in (5, 33, 300):
        x = _inputs(dtype, n, rng)
        with np.errstate(all="ignore"):
            got = act(x, **params)
            fa._core.select_isa("baseline")
            try:
                generic = act(x, **params)
            finally:
                fa._core.select_isa(isa)
        if name == "linear":
            # baseline has no FMA and rounds slope x + intercept twice; here
            # it is rounded once (the reference in long double: 0.5 ULP + a hair)
            exact = expected("forward", name, x, None, params)
            finite = np.isfinite(exact) & np.isfinite(got)
            assert_ulp(got[finite], exact[finite], 0.501, f"{isa} {dtype} {name} {params}")
            continue
        _same(got, generic, f"{isa} {dtype} {name} {params} n={n}")


def test_hard_swish_signed_zero_and_limits(isa, dtype):
    x = np.array([-0.0, 0.0, -3.0, 3.0, -np.inf, np.inf, np.nan, -2.9999, 1e-30, -1e-30] * 5, dtype)
    y = fa.hard_swish(x)
    want = np.array([-0.0, 0.0, 0.0, 3.0, 0.0, np.inf, np.nan], dtype)
    _same(y[:7], want, f"{isa} {dtype}")
    assert not np.signbit(y[2]) and not np.signbit(y[4])
    assert np.signbit(y[0]) and np.signbit(y[9]) and not np.signbit(y[8])
