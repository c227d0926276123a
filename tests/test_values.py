"""Every pass of every activation against its reference twin, on every ISA."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import (activation_params, activation_pass_params, assert_pass_accuracy, call,
                     edge_values, expected, fa, sample, unaligned)


def _inputs(name, params, dtype, x):
    rng = np.random.default_rng(7)
    dy = rng.uniform(-2, 2, x.shape).astype(dtype)
    activation = fa.get(name)
    with np.errstate(all="ignore"):
        y = activation(x, **params)
    return activation, dy, y


@pytest.mark.parametrize("name, params, pass_", activation_pass_params())
def test_matches_reference(isa, dtype, rng, name, params, pass_):
    x = np.concatenate([sample(dtype, 30000, rng), edge_values(dtype)])
    activation, dy, y = _inputs(name, params, dtype, x)
    result = call(pass_, activation, x, dy, params, y=y)
    assert result.dtype == dtype and result.shape == x.shape
    want = expected(pass_, name, x, dy, params, y=y)
    assert_pass_accuracy(pass_, name, params, result, want, x,
                         f"{name}{params}.{pass_} {dtype} on {isa}")


@pytest.mark.parametrize("name, params", activation_params())
def test_exact_values(isa, dtype, name, params):
    activation = fa.get(name)
    from cases import CASES

    for x, case_params, forward, derivative in CASES[name].exact:
        if dict(case_params) != params:
            continue
        x = np.array(x, dtype=dtype)
        assert activation(x, **params) == dtype.type(forward), (name, params, x)
        assert activation.derivative(x, **params) == dtype.type(derivative), (name, params, x)
        three = np.array(3.0, dtype)
        assert activation.backward(three, x, **params) == three * dtype.type(derivative)


@pytest.mark.parametrize("name, params, pass_", activation_pass_params())
def test_nan_in_nan_out(isa, dtype, name, params, pass_):
    x = np.full(37, np.nan, dtype)  # odd length: vector body and tail
    activation = fa.get(name)
    result = call(pass_, activation, x, np.ones_like(x), params, y=x)
    assert np.isnan(result).all()
    if pass_.startswith("backward"):
        finite = np.full_like(x, 0.25)
        result = call(pass_, activation, finite, x, params, y=finite)
        assert np.isnan(result).all(), "NaN in dy must give NaN"


SHAPES_AND_VIEWS = [
    pytest.param(lambda a: a[:1].reshape(()), id="0-d"),
    pytest.param(lambda a: a[:0], id="empty"),
    pytest.param(lambda a: a[:1], id="one"),
    pytest.param(lambda a: a[:1001], id="1-d-odd"),
    pytest.param(lambda a: a.reshape(12, 20, 10), id="3-d"),
    pytest.param(lambda a: a[::3], id="stride-3"),
    pytest.param(lambda a: a[::-1], id="negative-stride"),
    pytest.param(lambda a: np.asfortranarray(a.reshape(40, 60)), id="fortran"),
    pytest.param(lambda a: a.reshape(12, 20, 10).transpose(2, 0, 1), id="transposed-3-d"),
    pytest.param(lambda a: a.reshape(40, 60)[::2, 5:50:3], id="2-d-slice"),
    pytest.param(lambda a: a.reshape(2, 1200)[:, None, :], id="size-1-axis"),
    pytest.param(lambda a: a.astype(a.dtype.newbyteorder()), id="byte-swapped"),
    pytest.param(unaligned, id="unaligned"),
]


@pytest.mark.parametrize("view", SHAPES_AND_VIEWS)
@pytest.mark.parametrize("name, params, pass_", activation_pass_params())
def test_any_shape_and_layout(isa, dtype, rng, name, params, pass_, view):
    """Layout never changes a result: a view gives bit for bit what its contiguous copy gives."""
    base = (rng.standard_normal(2400) * 5).astype(dtype)
    base_dy = rng.standard_normal(2400).astype(dtype)
    x, dy = view(base), view(base_dy)
    activation = fa.get(name)
    y = activation(x, **params)
    result = call(pass_, activation, x, dy, params, y=y)
    assert np.shape(result) == x.shape
    assert np.asarray(result).dtype == dtype
    contiguous = call(pass_, activation, np.ascontiguousarray(x), np.ascontiguousarray(dy),
                      params, y=np.ascontiguousarray(y))
    np.testing.assert_array_equal(result, contiguous)
    want = expected(pass_, name, x, dy, params, y=y)
    assert_pass_accuracy(pass_, name, params, result, want, x, f"{name}.{pass_}")
