"""Parameters as the kernels see them (spec: validated after rounding to the
array's dtype; every ISA gives the same answer for every value, NaN and inf
included) and NumPy-quality messages for values that are not numbers."""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa
from fastact import _core, _table
from fastact._accuracy import ulp_error

PARAMETERS = [(spec.name, p.name) for spec in _table.elementwise(public_only=True) for p in spec.params]
SPECIAL_X = np.array([-np.inf, -1e30, -2.0, -1e-30, -0.0, 0.0, 1e-30, 2.0, 1e30, np.inf, np.nan])


def _passes(activation, x, params):
    yield "forward", lambda: activation(x, **params)
    yield "derivative", lambda: activation.derivative(x, **params)
    yield "backward", lambda: activation.backward(np.ones_like(x), x, **params)


@pytest.mark.parametrize("name, param", PARAMETERS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_nan_parameter_is_a_value_error(name, param, dtype):
    activation = fa.get(name)
    for _, call in _passes(activation, np.ones(3, dtype), {param: np.nan}):
        with pytest.raises(ValueError, match=f"{param} is NaN"):
            call()


@pytest.mark.parametrize("name, param", PARAMETERS)
@pytest.mark.parametrize("value", [1e-300, -1e-300, 1e300, -1e300, 1e39])
def test_float32_parameter_that_rounds_to_zero_or_inf_is_a_value_error(name, param, value):
    """softplus(beta=1e-300) ran with beta = 0 and celu(alpha=1e-300) with alpha =
    0, both past the checks; step(threshold=1e-300) gave 1 at x = 0 (float64: 0)"""
    activation = fa.get(name)
    for _, call in _passes(activation, np.zeros(3, np.float32), {param: value}):
        with pytest.raises(ValueError, match=f"{param}=.*cannot be represented in float32"):
            call()
    # float16 runs in float32: the same check
    with pytest.raises(ValueError, match="cannot be represented in float32"):
        activation(np.zeros(3, np.float16), **{param: value})


def test_float64_keeps_what_float32_cannot_hold():
    assert fa.step(np.zeros(1), threshold=1e-300)[0] == 0.0
    assert fa.softplus(np.array([1.0]), beta=1e-300)[0] == pytest.approx(np.log(2) * 1e300 + 0.5)


def test_validation_sees_the_rounded_value():
    # beta = 1e-46 rounds to 0 in float32: an error there, fine in float64
    with pytest.raises(ValueError, match="beta"):
        fa.softplus(np.ones(2, np.float32), beta=1e-46)
    assert np.isfinite(fa.softplus(np.ones(2), beta=1e-46)).all()


@pytest.mark.parametrize("name, param", PARAMETERS)
@pytest.mark.parametrize("value", [np.inf, -np.inf, 0.0, -0.0, 1e300, -1e300, 1e-300])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_every_isa_gives_the_same_answer_for_every_parameter_value(name, param, value, dtype):
    """swish with beta = +-inf gave NaN at x = 0 on AVX2/AVX-512 and +-0 (the limit)
    on baseline; every other (function, parameter edge) is held to it too"""
    activation = fa.get(name)
    x = SPECIAL_X.astype(dtype)
    before = _core.current_isa()
    try:
        for pass_name, call in _passes(activation, x, {param: value}):
            results = {}
            for isa in _core.isas_supported():
                _core.select_isa(isa)
                try:
                    with np.errstate(all="ignore"):
                        results[isa] = call()
                except ValueError as error:
                    results[isa] = str(error)
            first = next(iter(results.values()))
            for isa, got in results.items():
                if isinstance(first, str) or isinstance(got, str):
                    assert got == first, (pass_name, isa)
                    continue
                # NaN, infinities and zeros exactly (a zero's sign may differ:
                # -0 == 0); the rest within the accuracy bounds (4 ULP from the
                # truth each way)
                exact_kind = ~np.isfinite(first) | (first == 0) | ~np.isfinite(got) | (got == 0)
                np.testing.assert_array_equal(np.where(exact_kind, got, 1), np.where(exact_kind, first, 1),
                                              err_msg=f"{pass_name} on {isa}")
                assert ulp_error(got, first.astype(np.float64)).max() <= 8, (pass_name, isa)
    finally:
        _core.select_isa(before)


def test_swish_with_infinite_beta_is_the_limit(isa, dtype):
    x = SPECIAL_X.astype(dtype)
    with np.errstate(invalid="ignore"):
        plus = fa.swish(x, beta=np.inf)
        minus = fa.swish(x, beta=-np.inf)
    want_plus = np.where(x > 0, x, np.where(x < 0, -0.0, x / 2)).astype(dtype)
    want_minus = np.where(x < 0, x, np.where(x > 0, 0.0, x / 2)).astype(dtype)
    np.testing.assert_array_equal(plus, want_plus)
    np.testing.assert_array_equal(minus, want_minus)
    assert np.signbit(plus[:5]).all() and np.signbit(minus[4]) and not np.signbit(minus[5])


@pytest.mark.parametrize("value", ["0.5", b"1", np.str_("2")])
def test_string_parameters_are_type_errors(value):
    with pytest.raises(TypeError, match="threshold must be a real number, not"):
        fa.relu(np.ones(3), threshold=value)


def test_huge_integer_parameter_is_a_value_error():
    with pytest.raises(ValueError, match="threshold = 1000.* too large for a float"):
        fa.relu(np.ones(3), threshold=10**400)


@pytest.mark.parametrize("value", [["tanh"], ("tanh",), 1, None, "True"])
def test_choice_that_is_not_a_string_is_a_value_error(value):
    with pytest.raises(ValueError, match="approximate must be one of 'none', 'tanh'"):
        fa.gelu(np.ones(3), approximate=value)


@pytest.mark.parametrize("value", [True, False, np.True_])
def test_set_num_threads_refuses_booleans(value):
    with pytest.raises(TypeError, match="must be an integer"):
        fa.set_num_threads(value)


def test_numpy_scalars_and_integers_are_parameters():
    x = np.linspace(-3, 3, 7)
    np.testing.assert_array_equal(fa.leaky_relu(x, negative_slope=np.float32(0.25)),
                                  fa.leaky_relu(x, negative_slope=0.25))
    np.testing.assert_array_equal(fa.relu(x, threshold=np.int64(1)), fa.relu(x, threshold=1.0))


@pytest.mark.parametrize("alpha", [-0.7626831143925168, -0.05, -3.0])
def test_celu_with_negative_alpha_against_mpmath(isa, dtype, alpha):
    """alpha < 0 makes u = x/alpha positive for x < 0, where e^u has condition u:
    the forward lacked the quotient's correction (60 ULP float32, 498 float64)"""
    mpmath = pytest.importorskip("mpmath")
    dtype = np.dtype(dtype).type
    kept = float(dtype(alpha))  # the kernel's alpha
    top = 88.0 if dtype == np.float32 else 709.0  # u below the overflow of e^u
    x = -np.geomspace(1e-6, top * abs(kept) * 0.999, 300).astype(dtype)
    x = np.append(x, dtype(-55.184627532958984) if alpha == -0.7626831143925168 else x[:1])
    got, slope = fa.celu(x, alpha=alpha), fa.celu.derivative(x, alpha=alpha)
    with mpmath.workdps(40):
        exact = np.array([float(kept * mpmath.expm1(mpmath.mpf(float(v)) / kept)) for v in x])
        exact_slope = np.array([float(mpmath.exp(mpmath.mpf(float(v)) / kept)) for v in x])
    bound = 2.0 if dtype == np.float32 else 3.0
    assert ulp_error(got, exact).max() <= bound
    assert ulp_error(slope, exact_slope).max() <= 4.0


def test_celu_with_infinite_alpha_is_the_limit(isa, dtype):
    """gave NaN: inf * expm1(-0) and the remainder inf * 0"""
    x = np.array([-np.inf, -1.0, -0.0, 0.0, 2.0, np.nan], dtype)
    for alpha in (np.inf, -np.inf):
        np.testing.assert_array_equal(fa.celu(x, alpha=alpha), x)
        np.testing.assert_array_equal(fa.celu.derivative(x[1:], alpha=alpha), [1, 1, 1, 1, np.nan])


@pytest.mark.parametrize("alpha", [-0.25, -1.0, -3.0])
def test_celu_with_negative_alpha_overflows_to_minus_infinity(isa, dtype, alpha):
    """alpha < 0 and alpha e^(x/alpha) beyond the dtype's range: celu -> -inf,
    celu' -> inf, from there to x = -inf. The forward gave NaN (expm1(u) = inf
    plus inf times the remainder 0) on every ISA (found by
    tests/test_properties.py: celu(np.float32(-23), alpha=-0.25); fixed with
    the band where alpha e^u is still finite in ac24c35)"""
    # u = x / alpha past the overflow of alpha e^u, either side of the exp_limit
    # (128, 1024) below which the remainder is kept, and far beyond
    if dtype == np.float32:
        top, u = 88.8, [90.8, 100.0, 127.9, 128.1, 300.0, 1e5, 1e30]
    else:
        top, u = 709.8, [711.8, 1023.9, 1024.1, 3000.0, 1e5, 1e30]
    dtype = dtype.type
    x = -np.append(np.array(u) * abs(alpha), np.inf).astype(dtype)
    x = np.concatenate([x, x[:3]])  # a vector and a tail
    with np.errstate(over="ignore"):
        assert np.all(fa.celu(x, alpha=alpha) == -np.inf)
        assert np.all(fa.celu.derivative(x, alpha=alpha) == np.inf)
        assert np.all(fa.celu.backward(np.full_like(x, 0.5), x, alpha=alpha) == np.inf)
    # and below the overflow, finite
    below = dtype(-(top - 2) * abs(alpha))
    assert np.isfinite(fa.celu(below, alpha=alpha)) and fa.celu(below, alpha=alpha) < 0
