"""Derivatives against finite differences, and the backward passes against them."""

from __future__ import annotations

import numpy as np
import pytest

from cases import CASES
from fastact import _table
from fastact._accuracy import precise, ulp_error
from helpers import activation_params, fa, passes_for, y_allowed


def _smooth_points(name, params, rng, n=2000):
    """float64 points away from every kink (finite differences are meaningless there)."""
    x = np.concatenate([rng.standard_normal(n) * 3, rng.uniform(-30, 30, n)])
    for kink in CASES[name].kinks(params):
        x = x[np.abs(x - kink) > 1e-3]
    return x


@pytest.mark.parametrize("name, params", activation_params())
def test_derivative_matches_central_differences(isa, rng, name, params):
    activation = fa.get(name)
    x = _smooth_points(name, params, rng)
    h = 1e-6 * np.maximum(1.0, np.abs(x))
    numeric = (activation(x + h, **params) - activation(x - h, **params)) / (2 * h)
    analytic = activation.derivative(x, **params)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name, params", activation_params())
def test_float32_derivative_matches_float64(isa, rng, name, params):
    activation = fa.get(name)
    x = _smooth_points(name, params, rng).astype(np.float32)
    d32 = activation.derivative(x, **params)
    d64 = activation.derivative(x.astype(np.float64), **params)
    # absolute slack for the points next to a zero of f' (cancellation)
    np.testing.assert_allclose(d32, d64, rtol=1e-6, atol=4 * np.finfo(np.float32).eps)


@pytest.mark.parametrize("name, params", activation_params())
def test_backward_is_dy_times_derivative(isa, dtype, rng, name, params):
    activation = fa.get(name)
    x = (rng.standard_normal(5000) * 10).astype(dtype)
    dy = rng.uniform(-3, 3, x.size).astype(dtype)
    fused = activation.backward(dy, x, **params)
    chained = dy * activation.derivative(x, **params)
    np.testing.assert_allclose(fused, chained, rtol=2 * np.finfo(dtype).eps, atol=0)


@pytest.mark.parametrize("name, params", [p for p in activation_params() if y_allowed(*p.values)])
def test_backward_from_y_agrees_with_backward_from_x(isa, dtype, rng, name, params):
    activation = fa.get(name)
    x = (rng.standard_normal(5000) * 3).astype(dtype)  # where y keeps its accuracy
    dy = rng.uniform(-3, 3, x.size).astype(dtype)
    from_y = activation.backward(dy, y=activation(x, **params), **params)
    from_x = activation.backward(dy, x, **params)
    np.testing.assert_allclose(from_y, from_x, rtol=64 * np.finfo(dtype).eps,
                               atol=8 * np.finfo(dtype).eps)


@pytest.mark.parametrize("name", [name for name, case in CASES.items() if case.y_refused])
def test_backward_from_y_refused_where_y_does_not_determine_the_gradient(name):
    activation = fa.get(name)
    for params in CASES[name].y_refused:
        assert "backward_y" not in passes_for(name, params)
        with pytest.raises(ValueError, match="y"):
            activation.backward(np.ones(3), y=np.ones(3), **params)


def test_sigmoid_derivative_keeps_relative_accuracy_in_the_tails(isa):
    # sigmoid'(30) = e^-30 / (1 + e^-30)^2 ~ 9.357623e-14: never 1 - 1 = 0
    got = fa.sigmoid.derivative(np.float32(30.0))
    assert got == pytest.approx(9.357622968840175e-14, rel=1e-6)
    # still a (tiny) normal number at -85 in float32
    assert fa.sigmoid.derivative(np.float32(-85.0)) == pytest.approx(1.2102e-37, rel=1e-4)
    assert fa.sigmoid(np.float64(-700.0)) == pytest.approx(9.859676543759770e-305, rel=1e-14)


@pytest.mark.parametrize("name", [s.name for s in _table.elementwise(public_only=True) if s.y_backward is None])
def test_backward_from_y_refused_where_the_function_has_none(name):
    with pytest.raises(ValueError, match="not possible"):
        fa.get(name).backward(np.ones(3), y=np.ones(3))


@pytest.mark.parametrize("name", [name for name, case in CASES.items() if case.invalid])
def test_invalid_parameters_are_value_errors(name):
    activation = fa.get(name)
    for params in CASES[name].invalid:
        for call_pass in (lambda: activation(np.ones(2), **params),
                          lambda: activation.derivative(np.ones(2), **params),
                          lambda: activation.backward(np.ones(2), np.ones(2), **params)):
            with pytest.raises(ValueError, match=name):
                call_pass()


def test_tanh_derivative_keeps_relative_accuracy_in_the_tails(isa):
    # sech^2(10) = 8.2446e-9: 1 - tanh^2 would be 0 in float32
    assert fa.tanh.derivative(np.float32(10.0)) == pytest.approx(8.244614e-09, rel=1e-6)
    assert fa.tanh.derivative(np.float64(-300.0)) == pytest.approx(4 * np.exp(-600.0), rel=1e-13)


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_sigmoid_tanh_derivative_into_the_subnormals_and_at_every_offset(isa, dtype, name):
    # The SIMD quotient is scaled by 2^(k+1) (tanh: 2^(k+3)) as a factor, which
    # underflows to 0 only where the result rounds to 0 as well: relative
    # accuracy down to the subnormals, one rounding there, then exactly 0.
    top = (106.0 if dtype == np.float32 else 746.0) + (2 if name == "tanh" else 0)
    x = np.linspace(top - 25, top, 4001).astype(dtype)  # tanh: 2x, so x / 2
    if name == "tanh":
        x = (x / 2).astype(dtype)
    wide = np.abs(x.astype(precise(dtype)))
    if name == "sigmoid":
        e = np.exp(-wide)
        want = e / ((1 + e) * (1 + e))
    else:
        e = np.exp(-2 * wide)
        want = 4 * e / ((1 + e) * (1 + e))
    got = fa.get(name).derivative(np.concatenate([x, -x]))
    bound = CASES[name].ulp[("derivative", np.dtype(dtype).name)]
    assert np.max(ulp_error(got, np.concatenate([want, want]))) <= bound
    assert got[x.size - 1] == 0 and got[-1] == 0 and np.any(got[: x.size] > 0)
    # every length and start offset: the two-vectors-per-step loop, a single
    # vector step and the masked tail give the values of one long call
    rng = np.random.default_rng(5)
    long_x = (rng.standard_normal(200) * 8).astype(dtype)
    dy = rng.uniform(-3, 3, long_x.size).astype(dtype)
    whole_d = fa.get(name).derivative(long_x)
    whole_b = fa.get(name).backward(dy, long_x)
    for start in (0, 1, 5):
        for n in range(1, 70):
            part = slice(start, start + n)
            np.testing.assert_array_equal(fa.get(name).derivative(long_x[part]), whole_d[part])
            np.testing.assert_array_equal(fa.get(name).backward(dy[part], long_x[part]), whole_b[part])


def test_stable_forms_in_the_tails(isa, dtype):
    big = dtype.type(1000.0)
    with np.errstate(all="raise"):  # no overflow or invalid warnings anywhere
        assert fa.softplus(big) == big
        assert fa.log_sigmoid(-big) == -big
        assert fa.elu(-big, alpha=0.5) == dtype.type(-0.5)
        assert fa.swish(big) == big and fa.swish(-big) == 0
        assert fa.mish(big) == big and fa.mish(-big) == 0
        for x in (-big, big):
            for name in ("sigmoid", "tanh", "gelu", "softplus", "log_sigmoid", "mish", "swish"):
                assert np.isfinite(fa.get(name).derivative(x))
    # swish's negative tail: x e^x underflows; x times the unscaled sigmoid must not
    # overflow first (x = -FLT_MAX), nor a tiny beta lose the scale
    huge = dtype.type(-3.4e38)
    with np.errstate(all="raise"):
        assert fa.swish(huge) == 0 and np.signbit(fa.swish(huge))
        assert fa.swish(huge, beta=-1.0) == huge
        assert fa.swish(huge, beta=1e-38) == pytest.approx(-3.4e38 / (1 + np.exp(3.4)), rel=1e-6)
        assert fa.swish(dtype.type(-105.0)) == pytest.approx(-105.0 * np.exp(-105.0), rel=0.06)
    # softplus / log_sigmoid: beta x overflowing, a tiny beta, subnormal tails
    # (rounded once), and log_sigmoid's -0 where e^-x underflows (its sign)
    with np.errstate(under="ignore"):
        tiny, tinier = dtype.type(np.exp(-100.0)), dtype.type(np.exp(-200.0) / 2)
    with np.errstate(all="raise"):
        assert fa.softplus(huge, beta=2.0) == 0 and fa.softplus(-huge, beta=2.0) == -huge
        assert fa.softplus.derivative(huge, beta=2.0) == 0
        assert fa.softplus.derivative(-huge, beta=2.0) == 1
        assert fa.softplus(dtype.type(3.0), beta=1e-30) == pytest.approx(np.log(2) * 1e30, rel=1e-6)
        close = {"rel": 2 * float(np.finfo(dtype).eps), "abs": 0}  # float32: subnormal, so exact
        assert fa.softplus(dtype.type(-100.0)) == pytest.approx(tiny, **close)
        assert fa.log_sigmoid(dtype.type(100.0)) == pytest.approx(-tiny, **close)
        assert fa.softplus(dtype.type(-100.0), beta=2.0) == pytest.approx(tinier, **close)
        assert fa.log_sigmoid(big) == 0 and np.signbit(fa.log_sigmoid(big))
        assert fa.log_sigmoid(-np.inf * big) == -np.inf and fa.softplus(np.inf * big) == np.inf
        assert fa.softplus(np.inf * big, threshold=np.inf) == np.inf  # no inf - inf inside
        assert fa.softplus(huge, threshold=np.inf) == 0
    # selu near the overflow threshold: scale rounded to float32 is 1.2e-8 too
    # large, which used to tip scale * x over to inf where the true value rounds
    # to FLT_MAX; float64 has room to spare, and gives the product itself
    edge = dtype.type(np.float32(3.2386221e38))
    want = np.float64(edge) * 1.0507009873554804934
    if dtype == np.float32:
        assert fa.selu(edge) == np.finfo(np.float32).max
    else:
        assert fa.selu(edge) == pytest.approx(want, rel=2.3e-16)
    # gelu's negative tail: x * Phi(x) is tiny and negative, with relative accuracy
    x = dtype.type(-10.0)
    want = -10.0 * 7.619853024160526e-24  # Phi(-10)
    assert fa.gelu(x) < 0 and fa.gelu(x) == pytest.approx(want, rel=1e-6)
    # at -40 the true value (-1.5e-348) is below the smallest subnormal: -0, never > 0
    assert fa.gelu(dtype.type(-40.0)) == 0 and np.signbit(fa.gelu(dtype.type(-40.0)))


def test_softsign_derivative_underflows_gracefully(isa, dtype):
    # 1/(1+|x|)^2 through the subnormals to 0 where |x| is huge (the SIMD kernel
    # clamps |x| where the result rounds to 0 already); inf gives 0, NaN NaN
    top = 76 if dtype == np.float32 else 540
    x = np.ldexp(1.3, np.arange(top - 40, top + 4)).astype(dtype)
    x = np.concatenate([x, -x, np.array([np.inf, -np.inf, np.nan], dtype)])
    wide = np.abs(x.astype(precise(dtype)))
    want = 1 / ((1 + wide) * (1 + wide))
    got = fa.softsign.derivative(x)
    assert np.isnan(got[-1]) and np.all(got[-3:-1] == 0)
    assert np.max(ulp_error(got[:-1], want[:-1])) <= 1.0
    dy = np.full_like(x, 1.5)
    np.testing.assert_array_equal(fa.softsign.backward(dy, x), dy * got)


def test_swish_mish_deep_tails_signs_and_limits(isa, dtype):
    # the negative tails are e^x times a factor, rounded once (2^k applied last):
    # relative accuracy down to where the result is subnormal
    deep = -700.0 if dtype == np.float64 else -80.0
    x = dtype.type(deep)
    e = np.exp(deep)
    with np.errstate(all="raise", under="ignore"):  # the oracle's own subnormals
        rel = 1e-13 if dtype == np.float64 else 1e-6
        assert fa.swish.derivative(x) == pytest.approx(e * (1 + deep), rel=rel)
        assert fa.mish(x) == pytest.approx(deep * e, rel=rel)
        assert fa.mish.derivative(x) == pytest.approx(e * (1 + deep), rel=rel)
        # subnormal results: a few bits, still the right magnitude and sign
        sub = -740.0 if dtype == np.float64 else -100.0
        want = -np.exp(sub + np.log(-sub))
        assert fa.mish(dtype.type(sub)) == pytest.approx(want, rel=0.06)
        assert fa.mish(dtype.type(sub)) < 0
        # either side of where the kernels switch to the limits
        edge = 760.0 if dtype == np.float64 else 110.0
        for step in (-1.5, 1.5):
            big = dtype.type(edge + step)
            assert fa.mish(big) == big and np.signbit(fa.mish(-big))
            assert abs(fa.mish(-big)) <= np.finfo(dtype).smallest_subnormal
            assert fa.mish.derivative(big) == 1 and fa.mish.derivative(-big) <= 0
            assert fa.swish.derivative(big) == 1 and fa.swish.derivative(-big) <= 0
            assert fa.swish.derivative(big, beta=-1.0) <= 0 and fa.swish.derivative(-big, beta=-1.0) == 1
    # mish(x) has the sign of x, zeros included
    zeros = np.array([0.0, -0.0], dtype=dtype)
    assert np.array_equal(np.signbit(fa.mish(zeros)), [False, True])
    # beta = 0: swish' = 1/2 everywhere, infinite x too; NaN stays NaN
    special = np.array([np.nan, np.inf, -np.inf, 3.0, -0.0], dtype=dtype)
    got = fa.swish.derivative(special, beta=0.0)
    assert np.isnan(got[0]) and np.all(got[1:] == 0.5)
    # a huge x with a tiny beta: z = beta x is moderate, and so is the slope
    huge, beta = dtype.type(-3.4e38), 1e-38
    z = float(huge) * float(dtype.type(beta))
    s = 1 / (1 + np.exp(-z))
    with np.errstate(all="raise"):
        assert fa.swish.derivative(huge, beta=beta) == pytest.approx(s + z * s * (1 - s), rel=1e-5)
