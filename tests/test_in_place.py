"""In place (out= one of the inputs) gives out='s bits, for every pass and ISA.

run_dtype.inc calls every kernel on the arrays themselves when out is exactly
a or b (no stack block), which this file holds each kernel to: the SIMD loops
(csrc/simd/loops.inc) load before they store each position, the generic loops
(csrc/kernels/elementwise_dtype.inc) have no dependence between iterations
(FA_IVDEP). Lengths cover every vector tail (1-69) and large calls
split into aligned heads and ranges across threads; starts at element offsets
put x at every place in a vector for the aligned read-ahead loop. Partial
overlap still goes through a temporary in the Python layer.
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers import activation_pass_params, fa, run_pass, sample

SMALL = list(range(1, 70))
LARGE = [65536, 65536 + 1, 65536 + 17, 65536 + 63]
STARTS = [0, 1, 3, 5]  # element offsets of the arrays within their buffers


def _bits(a: np.ndarray) -> np.ndarray:
    return a.view(np.uint32 if a.dtype == np.float32 else np.uint64)


def _inputs(dtype, n: int, start: int, rng):
    """x, dy and y = f(x) as views at element offset start into fresh buffers."""
    size = n + start
    x = np.empty(size, dtype)[start:]
    x[:] = sample(dtype, n, rng)[:n] if n >= 30 else rng.standard_normal(n) * 8
    dy = np.empty(size, dtype)[start:]
    dy[:] = rng.standard_normal(n)
    return x, dy


def _check(act, pass_, params, x, dy, what):
    if pass_ == "backward_y":
        x = act(x, **params)  # a y the function can give
    with np.errstate(all="ignore"):
        want = run_pass(act, pass_, params, x.copy(), dy.copy())
        targets = ["x"] if pass_ in ("forward", "derivative") else ["x", "dy", "both"]
        for target in targets:
            xs, dys = x.copy(), dy.copy()
            if target == "both":  # backward(x, x, out=x): out is a and b
                dys = xs
                want_both = run_pass(act, pass_, params, xs.copy(), xs.copy())
            out = dys if target == "dy" else xs
            got = run_pass(act, pass_, params, xs, dys, out=out)
            assert got is out, what
            expect = want_both if target == "both" else want
            assert np.array_equal(_bits(out), _bits(expect)), f"{what}, out={target}"


@pytest.mark.parametrize("name, params, pass_", activation_pass_params())
def test_in_place_is_bitwise_out_of_place(isa, dtype, name, params, pass_):
    rng = np.random.default_rng(1306)
    act = fa.get(name)
    for n in SMALL:
        for start in (STARTS if n >= 16 else [0]):
            x, dy = _inputs(dtype, n, start, rng)
            _check(act, pass_, params, x, dy, f"{isa} {dtype} {name} {params} {pass_} n={n} +{start}")
    threads = fa.get_num_threads()
    try:
        for count in sorted({1, 2, 3}):
            fa.set_num_threads(count)
            for n, start in zip(LARGE, STARTS):
                x, dy = _inputs(dtype, n, start, rng)
                _check(act, pass_, params, x, dy,
                       f"{isa} {dtype} {name} {params} {pass_} n={n} +{start} threads={count}")
    finally:
        fa.set_num_threads(threads)


@pytest.mark.parametrize("name, params, pass_", activation_pass_params())
def test_partial_overlap_still_gives_the_right_answer(isa, name, params, pass_):
    """out over an input at an offset: not in place, the Python layer copies"""
    act = fa.get(name)
    rng = np.random.default_rng(7)
    n = 1000
    for shift in (1, 17, -1, -17):
        x, dy = _inputs(np.float32, n, 0, rng)
        if pass_ == "backward_y":
            x = act(x, **params)
        with np.errstate(all="ignore"):
            want = run_pass(act, pass_, params, x.copy(), dy.copy())
            for target in (["x"] if pass_ in ("forward", "derivative") else ["x", "dy"]):
                buffer = np.zeros(n + 40, np.float32)
                xs, dys = x.copy(), dy.copy()
                inside = buffer[20:20 + n]
                inside[:] = xs if target == "x" else dys
                if target == "x":
                    xs = inside
                else:
                    dys = inside
                out = buffer[20 + shift:20 + shift + n]
                run_pass(act, pass_, params, xs, dys, out=out)
                assert np.array_equal(_bits(out), _bits(want)), f"{isa} {name} {pass_} {target} {shift}"
