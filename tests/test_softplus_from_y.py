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


@pytest.mark.parametrize("beta", [1.0, 2.0, 0.3])
@pytest.mark.parametrize("threshold", [0.5, 1.0, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0])
def test_gradient_from_y_where_it_overlaps_the_linear_branch(isa, dtype, beta, threshold):
    """issue 14: just below the threshold, y = log1p(e^(beta x)) / beta is above
    threshold / beta, where the linear branch's y = x also lies; from y the
    kernels give its gradient, 1, where the true one is sigmoid(beta x): the
    relative error is at most 1 / (e^threshold - 1) (measured: 1.24 at
    threshold 0.5, 4.54e-5 at 10, 2.06e-9 at 20, both dtypes), and within the
    derivative's bound (+1 ULP, the product with dy) wherever that is larger."""
    mpmath = pytest.importorskip("mpmath")
    params = {"beta": beta, "threshold": threshold}
    b, t = float(dtype.type(beta)), float(dtype.type(threshold))
    centre = t / b
    reach = float(mpmath.log1p(mpmath.exp(-t))) * 1.5 / b + 8 * float(np.spacing(dtype.type(centre)))
    x = np.unique(np.linspace(centre - reach, centre + reach / 4, 1501).astype(dtype))
    y = fa.softplus(x, **params)
    got = fa.softplus.backward(np.ones_like(x), y=y, **params).astype(np.float64)
    with mpmath.workdps(30):
        exact = np.array([1.0 if b * float(v) > t else float(1 / (1 + mpmath.exp(-b * mpmath.mpf(float(v)))))
                          for v in x])
    ulp_bound = 4.0 * float(np.finfo(dtype).eps)  # 3 ULP (derivative) + 1, relative near 1
    # + 2 float64 eps: the exact values are float64 roundings of numbers near 1
    allowed = max(1.0 / np.expm1(t), ulp_bound) + 2 * float(np.finfo(np.float64).eps)
    # where the branch of x is taken on beta x rounded, x itself may sit either side
    decided = (dtype.type(b) * x > t) == (b * x.astype(np.float64) > t)
    relative = np.abs(got - exact)[decided] / exact[decided]
    assert relative.max() <= allowed
    # the overlap is reached at all where it is wider than a float
    overlapping = (b * y.astype(np.float64) > t) & (b * x.astype(np.float64) <= t)
    if threshold <= 10 or (dtype == np.float64 and threshold <= 30):
        assert overlapping.any() and relative.max() > 0.5 / np.expm1(t)


def test_gradient_from_y_refused_for_a_threshold_at_or_below_zero():
    for threshold in (0.0, -0.0, -1.0, -np.inf):
        with pytest.raises(ValueError, match="threshold > 0"):
            fa.softplus.backward(np.ones(3), y=np.ones(3), threshold=threshold)
    np.testing.assert_allclose(fa.softplus.backward(np.ones(1), y=np.array([1e-4]), threshold=1e-3),
                               -np.expm1(-1e-4))
