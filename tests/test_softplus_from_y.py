"""softplus.backward(dy, y=y) = dy (1 - e^(-beta y)) where the SIMD body
(simd/softplus_from_y.inc) switches: e^-z's reduction changes k at odd
multiples of ln2/2 (k = 0 is the cancelling range, taken without 1 - e), the
threshold, tiny and subnormal y, and y a caller may pass though softplus never
gives it: negative (to -inf where e^-z overflows), +-0 (the sign of y), inf,
NaN. Every ISA, odd lengths so that masked tails see the same inputs."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import around, assert_pass_accuracy, expected, fa

PARAMS = ({}, {"beta": 2.0, "threshold": 10.0}, {"beta": 0.75})
LN2 = 0.6931471805599453


@pytest.mark.parametrize("params", PARAMS)
def test_reduction_cells_and_threshold(isa, dtype, params, rng):
    beta, threshold = params.get("beta", 1.0), params.get("threshold", 20.0)
    tiny = float(np.finfo(dtype).tiny)
    anchors = [(m + 0.5) * LN2 / beta for m in range(0, 60)] + [
        threshold / beta, 1e-3, 1e-8, 1e-30, tiny, 1e-40 if dtype == np.float32 else 1e-310]
    y = around(anchors, dtype, width=200)
    # e^-z finite; for y < 0 beta y's rounding error grows by |beta y| in e^|z|:
    # there only the betas that multiply exactly
    keep = (np.abs(y * beta) < 80) & ((y >= 0) | (beta in (1.0, 2.0)))
    # the threshold is taken on beta y rounded (the reference's exact z may differ)
    keep &= (dtype.type(beta) * y > threshold) == (y.astype(np.longdouble) * beta > threshold)
    y = y[keep][:-3]  # not a whole vector
    dy = rng.uniform(-3, 3, y.size).astype(dtype)
    result = fa.softplus.backward(dy, y=y, **params)
    want = expected("backward_y", "softplus", y, dy, params, y=y)
    assert_pass_accuracy("backward_y", "softplus", params, result, want, y, f"softplus y {dtype}")


@pytest.mark.parametrize("params", PARAMS)
def test_specials_and_overflow(isa, dtype, params):
    big = 89.0 if dtype == np.float32 else 710.0
    y = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, -big, -1e30, -np.finfo(dtype).max,
                  np.finfo(dtype).max, 1e30, -np.finfo(dtype).smallest_subnormal,
                  np.finfo(dtype).smallest_subnormal], dtype)
    beta, threshold = dtype.type(params.get("beta", 1.0)), dtype.type(params.get("threshold", 20.0))
    with np.errstate(all="ignore"):
        f = np.where(beta * y > threshold, dtype.type(1), -np.expm1(-(beta * y)))
        for d in (1.0, -2.5, 0.0, -0.0, np.inf, np.nan):
            dy = np.full(y.shape, d, dtype)
            result = fa.softplus.backward(dy, y=y, **params)
            want = dy * f
            exact = ~np.isfinite(want) | (want == 0) | (np.abs(f) == 1)
            np.testing.assert_array_equal(result[exact], want[exact])  # NaN matches NaN
            assert (np.signbit(result[exact]) == np.signbit(want[exact]))[~np.isnan(want[exact])].all()
            assert np.allclose(result, want, rtol=4 * np.finfo(dtype).eps, equal_nan=True)
