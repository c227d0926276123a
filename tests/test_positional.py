"""Parameters positionally in the table's order, as torch takes them:
fa.leaky_relu(x, 0.2), fa.softplus(x, 2.0, 10.0), fa.hard_tanh.backward(dy, x, -2.0, 2.0);
out= keyword-only. Before: fa.leaky_relu(x, 0.2) raised "out must be a
numpy.ndarray, not float" (out was the second positional)."""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa
from fastact import _table, reference
from cases import CASES

WITH_PARAMS = [s for s in _table.elementwise(public_only=True) if s.params]
WITHOUT_PARAMS = [s for s in _table.elementwise(public_only=True) if not s.params]


def _cases(specs):
    """(spec, the parameter values of one of its test sets, in table order)."""
    out = []
    for spec in specs:
        for params in CASES[spec.name].params:
            if set(params) - {p.name for p in spec.params}:
                continue  # a choice keyword (gelu's approximate), never positional
            values = tuple(params.get(p.name, p.default) for p in spec.params)
            out.append(pytest.param(spec, values, id=f"{spec.name}{values}"))
    return out


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("spec, values", _cases(WITH_PARAMS))
def test_positional_parameters_equal_named_ones_on_every_pass(spec, values, dtype):
    f = getattr(fa, spec.name)
    named = {p.name: v for p, v in zip(spec.params, values)}
    x = np.linspace(-4, 4, 33).astype(dtype)
    dy = np.linspace(0.5, 2, 33).astype(dtype)
    twin = getattr(reference, spec.name)
    # the oracle: positional values reach the kernel as the named ones would
    np.testing.assert_allclose(f(x, *values), twin(x, **named), rtol=1e-5 if dtype == np.float32 else 1e-12,
                               atol=1e-30)
    np.testing.assert_array_equal(f(x, *values), f(x, **named))
    np.testing.assert_array_equal(f.derivative(x, *values), f.derivative(x, **named))
    np.testing.assert_array_equal(f.backward(dy, x, *values), f.backward(dy, x, **named))
    # a prefix positionally, the rest by name; out= keyword-only with them
    if len(values) > 1:
        np.testing.assert_array_equal(f(x, values[0], **dict(list(named.items())[1:])), f(x, **named))
    out = np.empty_like(x)
    assert f(x, *values, out=out) is out
    np.testing.assert_array_equal(out, f(x, **named))
    assert f.backward(dy, x, *values, out=out) is out
    np.testing.assert_array_equal(out, f.backward(dy, x, **named))


def test_the_issues_examples():
    x = np.linspace(-3, 3, 13)
    np.testing.assert_array_equal(fa.leaky_relu(x, 0.2), np.where(x > 0, x, 0.2 * x))
    np.testing.assert_array_equal(fa.elu(x, 0.5), fa.elu(x, alpha=0.5))
    np.testing.assert_array_equal(fa.softplus(x, 2.0, 10.0), fa.softplus(x, beta=2.0, threshold=10.0))
    np.testing.assert_array_equal(fa.hard_tanh(x, -2.0, 2.0), np.clip(x, -2.0, 2.0))
    np.testing.assert_array_equal(fa.hard_tanh.derivative(x, -2.0, 2.0),
                                  ((x > -2) & (x < 2)).astype(float))
    # scalars in, scalars out, parameters positional
    assert fa.leaky_relu(-1.0, 0.2) == np.float64(-0.2)
    assert type(fa.leaky_relu(np.float32(-1.0), 0.2)) is np.float32


@pytest.mark.parametrize("spec", WITHOUT_PARAMS, ids=lambda s: s.name)
def test_an_array_where_out_was_meant_says_out_is_keyword_only(spec):
    """A function without parameters: the second positional was out= until now."""
    f = getattr(fa, spec.name)
    x = np.linspace(-1, 1, 4)
    with pytest.raises(TypeError, match=rf"fastact\.{spec.name}\(\) has no parameters.*out= is keyword-only"):
        f(x, np.empty(4))
    with pytest.raises(TypeError, match=r"has no parameters.*out= is keyword-only"):
        f.derivative(x, np.empty(4))
    with pytest.raises(TypeError, match=r"backward\(\) has no parameters to take after dy, x.*out= is keyword-only"):
        f.backward(x, x, np.empty(4))
    with pytest.raises(TypeError, match=r"has no parameters to take after x, but 1 value was given"):
        f(x, 0.5)


def test_an_array_as_a_parameter_says_out_is_keyword_only():
    x = np.linspace(-1, 1, 4)
    with pytest.raises(TypeError, match=r"parameter negative_slope must be a real number, not an array "
                                        r"of shape \(4,\); out= is keyword-only"):
        fa.leaky_relu(x, np.empty(4))


@pytest.mark.parametrize("spec", WITH_PARAMS, ids=lambda s: s.name)
def test_too_many_positionals_name_the_parameters(spec):
    f = getattr(fa, spec.name)
    x = np.linspace(-1, 1, 4)
    values = [p.default for p in spec.params] + [0.5]
    names = ", ".join(p.name for p in spec.params)
    with pytest.raises(TypeError, match=rf"takes its parameters \({names}\) after x, but {len(values)} values"):
        f(x, *values)
    with pytest.raises(TypeError, match=rf"\.derivative\(\) takes its parameters \({names}\)"):
        f.derivative(x, *values)
    with pytest.raises(TypeError, match=rf"\.backward\(\) takes its parameters \({names}\) after dy, x"):
        f.backward(x, x, *values)


@pytest.mark.parametrize("spec", WITH_PARAMS, ids=lambda s: s.name)
def test_a_parameter_given_both_ways_is_a_type_error(spec):
    f = getattr(fa, spec.name)
    x = np.linspace(-1, 1, 4)
    first = spec.params[0]
    both = rf"got parameter '{first.name}' both by position and by name"
    with pytest.raises(TypeError, match=both):
        f(x, first.default, **{first.name: first.default})
    with pytest.raises(TypeError, match=both):
        f.derivative(x, first.default, **{first.name: first.default})
    with pytest.raises(TypeError, match=both):
        f.backward(x, x, first.default, **{first.name: first.default})


def test_positional_parameters_are_checked_like_named_ones():
    x = np.linspace(-1, 1, 4)
    with pytest.raises(ValueError, match="beta > 0"):
        fa.softplus(x, -1.0)
    with pytest.raises(TypeError, match="must be a real number, not str"):
        fa.elu(x, "0.5")
    with pytest.raises(ValueError, match="min_val <= max_val"):
        fa.hard_tanh.backward(x, x, 2.0, -2.0)
