"""Property tests (Hypothesis): random shapes (0-d to 4-d, empty included),
dtypes, layouts and parameters, for every elementwise activation and the
softmax family, on every ISA in each example.

What each test holds, and against what:

* accuracy: float32 results against ``fastact.reference`` evaluated in float64
  (the parameters rounded to float32 first, as the kernels see them), float64
  results against it in long double (helpers.expected, as test_values.py),
  within the bounds of tests/cases.py (ACCURACY.md); the twins themselves are
  held to mpmath by tests/test_reference_oracle.py and tests/test_oracle.py. float16 must
  give the float32 result rounded to float16, bool and integers the float64
  result (the spec's rule), bit for bit.
* backward from x against dy times the derivative, to the 2 eps relative that
  tests/test_calculus.py holds (not bitwise: the fused pass may round dy f'
  once where the chain rounds f' first), where f' and dy f' are normal numbers.
* backward from y against backward from x, to test_calculus's tolerances, on
  the x range where y keeps the information f' needs (|x| <= 10).
* out= (any layout) and in place (out is x or dy) give the bits of the
  out-of-place call.

Examples are derandomised (a fixed seed per test: the same inputs on every
run) and few enough that the file runs in about 30 s on the 2-core CI machine;
FASTACT_PROPERTY_EXAMPLES=20 runs twenty times as many fresh random ones.
Without hypothesis installed (``pip install ".[test]"`` brings it) the file is
skipped.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

import fastact as fa  # noqa: E402
from fastact import _core, _table, reference  # noqa: E402
from fastact._accuracy import near_derivative_zero, precise, ulp_error  # noqa: E402

from cases import ulp_bound  # noqa: E402
from helpers import call, expected, isas_under_test, unaligned, y_allowed  # noqa: E402


#: FASTACT_PROPERTY_EXAMPLES=k runs k times the examples, freshly random (not
#: derandomised): a longer hunt than CI's, by hand
HUNT = float(os.environ.get("FASTACT_PROPERTY_EXAMPLES", "0"))


def _settings(examples: int):
    examples = int(examples * HUNT) if HUNT else examples
    return settings(derandomize=not HUNT, deadline=None, database=None, max_examples=examples,
                    print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


ISAS = isas_under_test()
FLOATS = [np.dtype(np.float32), np.dtype(np.float64)]


def _on_every_isa(compute):
    """{isa: compute()} for every ISA this machine has (the selection restored)."""
    before = _core.current_isa()
    results = {}
    try:
        for isa in ISAS:
            _core.select_isa(isa)
            with np.errstate(all="ignore"):
                results[isa] = compute()
    finally:
        _core.select_isa(before)
    return results


# --- strategies ------------------------------------------------------------------------
def _finite(low: float, high: float) -> st.SearchStrategy:
    return st.floats(low, high, allow_nan=False, allow_infinity=False, width=32)


def _nonzero(low: float, high: float) -> st.SearchStrategy:
    """|value| in [low, high], either sign."""
    return st.tuples(_finite(low, high), st.booleans()).map(lambda p: -p[0] if p[1] else p[0])


#: Each parameter's ordinary finite range (float32 numbers, so that float32 and
#: float64 calls see the same value). Not the edges: NaN, inf and values that
#: round to 0 or inf in float32 are tests/test_parameter_edges.py's.
PARAMS = {
    ("step", "threshold"): _finite(-8, 8),
    # a power-of-two slope: slope x is exact, so the result is rounded once (the
    # 0.5 ULP bound of cases.py is for that; a general slope rounds twice, and
    # slope x + intercept may cancel)
    ("linear", "slope"): st.sampled_from([-4.0, -1.0, -0.5, 0.25, 1.0, 2.0, 8.0]),
    ("linear", "intercept"): _finite(-8, 8),
    ("relu", "threshold"): _finite(-8, 8),
    ("leaky_relu", "negative_slope"): _finite(-2, 2),
    ("elu", "alpha"): _finite(-3, 3),
    ("celu", "alpha"): _nonzero(0.0625, 8),
    ("swish", "beta"): _finite(-4, 4),
    ("softplus", "beta"): _finite(0.0625, 8),
    ("softplus", "threshold"): _finite(0.5, 40),
}


@st.composite
def activation_and_params(draw, names=None):
    """(public name, keyword parameters): gelu with either approximation."""
    specs = [s for s in _table.elementwise(public_only=True) if names is None or s.name in names]
    spec = draw(st.sampled_from(specs))
    params: dict = {}
    if spec.choice is not None:
        keyword, options = spec.choice
        params[keyword] = draw(st.sampled_from(sorted(options)))
    if spec.name == "hard_tanh":
        low, high = sorted([draw(_finite(-8, 8)), draw(_finite(-8, 8))])
        params.update(min_val=low, max_val=high)
    else:
        for p in spec.params:
            if draw(st.booleans()):  # sometimes the default, as users call it
                params[p.name] = draw(PARAMS[(spec.name, p.name)])
    return spec.name, params


SHAPES = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=6)
LAYOUTS = ["C", "F", "reversed", "strided", "transposed", "unaligned"]


def _layout(a: np.ndarray, layout: str, draw) -> np.ndarray:
    """The values of a in another memory layout (a view into a fresh buffer)."""
    if layout == "unaligned" and a.size and a.itemsize > 1:
        return unaligned(a)
    if a.ndim == 0:  # (np.asfortranarray and np.ascontiguousarray give 1-d)
        return a.copy()
    if layout == "F":
        return np.asfortranarray(a)
    if layout == "reversed" and a.ndim:
        axes = tuple(i for i in range(a.ndim) if draw(st.booleans())) or (0,)
        return np.flip(np.ascontiguousarray(np.flip(a, axes)), axes)
    if layout == "strided" and a.ndim:
        steps = tuple(draw(st.sampled_from([1, 2, 3])) for _ in range(a.ndim))
        big = np.zeros(tuple(max(s, 1) * k for s, k in zip(a.shape, steps)), a.dtype)
        view = big[tuple(slice(None, None, k) for k in steps)][tuple(slice(0, s) for s in a.shape)]
        view[...] = a
        return view
    if layout == "transposed" and a.ndim > 1:
        perm = draw(st.permutations(range(a.ndim)))
        return np.ascontiguousarray(a.transpose(perm)).transpose(np.argsort(perm))
    return np.array(a, order="C", copy=True)


def _twin(a: np.ndarray) -> np.ndarray:
    """A copy of a in a's own layout: the same strides and the same offset into
    a copy of its buffer (so an unaligned view stays unaligned)."""
    root = a
    while isinstance(root.base, np.ndarray):
        root = root.base
    buffer = root.copy(order="K")
    raw = buffer.ravel(order="K").view(np.uint8)
    offset = a.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    return np.ndarray(a.shape, a.dtype, buffer=raw, offset=offset, strides=a.strides)


@st.composite
def float_arrays(draw, dtype, shape, low=None, high=None, specials=True):
    """Values over the whole range of dtype (or [low, high]), in any layout."""
    width = 32 if dtype == np.float32 else 64
    if low is None:
        elements = st.floats(allow_nan=specials, allow_infinity=specials, width=width)
    else:
        elements = st.floats(low, high, allow_nan=False, allow_infinity=False, width=width)
    a = draw(hnp.arrays(dtype, shape, elements=elements))
    return _layout(a, draw(st.sampled_from(LAYOUTS)), draw)


@st.composite
def elementwise_case(draw, names=None, x_range=(None, None), dy_range=(-4, 4)):
    """(name, params, dtype, shape, x, dy): an activation with parameters, x over
    the whole range (or x_range), dy in dy_range, each in a layout of its own."""
    name, params = draw(activation_and_params(names))
    dtype = draw(st.sampled_from(FLOATS))
    shape = draw(SHAPES)
    x = draw(float_arrays(dtype, shape, *x_range))
    dy = draw(float_arrays(dtype, shape, *dy_range))
    return name, params, dtype, shape, x, dy


# --- checks ------------------------------------------------------------------------------
def _check_accuracy(pass_, name, params, result, want, x, dy, what):
    """cases.py's ULP bound (absolute bound x eps next to a zero of f', scaled by
    |dy| for backward); backward only where f' is a normal number."""
    dtype = result.dtype
    bound = ulp_bound(name, pass_, dtype.name)
    result, want, x, dy = np.broadcast_arrays(result, want, x, dy)
    keep = np.ones(x.shape, bool)
    near = np.zeros(x.shape, bool)
    if pass_ != "forward":
        near = near_derivative_zero(name, params, x)
    if pass_ == "backward_x":
        with np.errstate(all="ignore"):
            slope = np.abs(expected("derivative", name, x, dy, params))
        keep &= (slope == 0) | (slope >= np.finfo(dtype).tiny) | ~np.isfinite(slope)
    errors = ulp_error(result[keep & ~near], want[keep & ~near])
    if errors.size and errors.max() > bound:
        i = int(np.argmax(errors))
        raise AssertionError(
            f"{what}: {errors[i]:.3g} ULP > {bound} at x={x[keep & ~near][i]!r}, "
            f"dy={dy[keep & ~near][i]!r}: got {result[keep & ~near][i]!r}, want {want[keep & ~near][i]!r}")
    if near.any():
        eps = np.finfo(dtype).eps
        scale = np.maximum(1.0, np.abs(dy[near].astype(np.float64))) if pass_.startswith("backward") else 1.0
        with np.errstate(invalid="ignore"):
            error = np.abs(result[near].astype(want.dtype) - want[near]) / scale
        error = np.where(np.isnan(result[near]) & np.isnan(want[near]), 0.0, error)
        assert np.nanmax(error) <= bound * eps, f"{what}: absolute error {np.nanmax(error)} near a zero of f'"


def _passes(name, params):
    return [p for p in _table.PASSES if p != "backward_y" or y_allowed(name, params)]


def _same_bits(a, b) -> bool:
    """The same dtype, shape and bits (any NaN matches any NaN: the NaN a kernel
    passes on may differ in sign and payload)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.dtype.kind != "f":
        return bool(np.array_equal(a, b))
    unsigned = np.dtype(f"u{a.itemsize}")
    same = np.ascontiguousarray(a).view(unsigned) == np.ascontiguousarray(b).view(unsigned)
    return bool(np.all(same | (np.isnan(a) & np.isnan(b))))


# --- elementwise -------------------------------------------------------------------------
@_settings(150)
@given(elementwise_case())
def test_elementwise_within_the_bounds_of_the_oracle(case):
    name, params, dtype, shape, x, dy = case
    activation = fa.get(name)
    with np.errstate(all="ignore"):
        y = activation(x, **params)
    for pass_ in _passes(name, params):
        want = expected(pass_, name, x, dy, params, y=y)
        for isa, got in _on_every_isa(lambda: call(pass_, activation, x, dy, params, y=y)).items():
            got = np.asarray(got)
            assert got.dtype == dtype and got.shape == x.shape
            _check_accuracy(pass_, name, params, got, want, x, dy,
                            f"{name}{params}.{pass_} {dtype} {shape} on {isa}")


@_settings(60)
@given(st.data())
def test_float16_rounds_the_float32_result_and_integers_take_float64(data):
    name, params = data.draw(activation_and_params(), label="activation")
    shape = data.draw(SHAPES, label="shape")
    kind = data.draw(st.sampled_from(["float16", "bool", "int8", "int32", "int64", "uint16"]))
    dtype = np.dtype(kind)
    if dtype == np.float16:
        elements = st.floats(width=16)
        wide = np.dtype(np.float32)
    elif dtype == np.bool_:
        elements, wide = st.booleans(), np.dtype(np.float64)
    else:
        info = np.iinfo(dtype)
        elements, wide = st.integers(int(info.min), int(info.max)), np.dtype(np.float64)
    x = _layout(data.draw(hnp.arrays(dtype, shape, elements=elements)), data.draw(st.sampled_from(LAYOUTS)),
                data.draw)
    dy = x[...]
    activation = fa.get(name)
    for pass_ in ("forward", "derivative", "backward_x"):
        for isa, (got, want) in _on_every_isa(lambda: (
                call(pass_, activation, x, dy, params),
                call(pass_, activation, x.astype(wide), dy.astype(wide), params))).items():
            want = np.asarray(want).astype(dtype if dtype == np.float16 else wide)
            assert _same_bits(got, want), f"{name}{params}.{pass_} {dtype} on {isa}"


@_settings(100)
@given(elementwise_case(dy_range=(-1e3, 1e3)))
def test_backward_is_dy_times_derivative(case):
    """test_calculus's promise: 2 eps relative, where f' and dy f' are normal."""
    name, params, dtype, shape, x, dy = case
    activation = fa.get(name)
    tiny = np.finfo(dtype).tiny
    for isa, (fused, slope) in _on_every_isa(lambda: (activation.backward(dy, x, **params),
                                                      activation.derivative(x, **params))).items():
        with np.errstate(all="ignore"):
            chained = dy * slope
        normal = (np.abs(slope) >= tiny) & (np.abs(chained) >= tiny) & np.isfinite(chained)
        np.testing.assert_allclose(fused[normal], chained[normal], rtol=2 * np.finfo(dtype).eps, atol=0,
                                   err_msg=f"{name}{params} {dtype} on {isa}")
        # zeros, infinities and NaN: the same as the chain
        exact = (slope == 0) | ~np.isfinite(chained)
        assert _same_bits(np.abs(fused[exact]), np.abs(chained[exact])), f"{name}{params} {dtype} on {isa}"


Y_NAMES = [s.name for s in _table.elementwise(public_only=True) if s.y_backward is not None]


@_settings(80)
@given(elementwise_case(Y_NAMES, x_range=(-10, 10), dy_range=(-3, 3)))
def test_backward_from_y_agrees_with_backward_from_x(case):
    name, params, dtype, shape, x, dy = case
    hypothesis.assume(y_allowed(name, params))
    activation = fa.get(name)
    eps = np.finfo(dtype).eps
    keep = np.ones(shape, bool)
    if name == "softplus":
        keep = ~_softplus_y_ambiguous(x, params)
    for isa, (from_x, from_y) in _on_every_isa(lambda: (
            activation.backward(dy, x, **params),
            activation.backward(dy, y=activation(x, **params), **params))).items():
        np.testing.assert_allclose(from_y[keep], from_x[keep], rtol=64 * eps, atol=8 * eps,
                                   err_msg=f"{name}{params} {dtype} on {isa}")


def _softplus_y_ambiguous(x, params) -> np.ndarray:
    """The x whose y = softplus(x) does not tell the branch: softplus jumps down
    at the threshold (from t/beta + log1p(e^-t)/beta to t/beta), so a y just
    above t/beta comes from x = y (f' = 1) and from an x below t/beta on the
    smooth branch (f' = 1 - e^(-beta y)); y-backward takes beta y > t as the
    linear branch, off by up to e^-t there (0.6 at t = 0.5; 2e-9 at the
    default t = 20, above float64's bound). Found by this file; reported."""
    beta = params.get("beta", 1.0)
    t = params.get("threshold", 20.0)
    wide = np.asarray(x, np.float64) * beta
    y = np.logaddexp(0.0, wide)  # beta softplus(x) on the smooth branch
    return (wide <= t * (1 + 1e-6) + 1e-30) & (y > t * (1 - 1e-6) - 1e-30)


@_settings(100)
@given(elementwise_case(), st.data())
def test_out_and_in_place_give_the_out_of_place_bits(case, data):
    name, params, dtype, shape, x, dy = case
    out_layout = data.draw(st.sampled_from(LAYOUTS), label="out layout")
    activation = fa.get(name)
    with np.errstate(all="ignore"):
        y = activation(x, **params)
    for pass_ in _passes(name, params):
        out = _layout(np.zeros(shape, dtype), out_layout, data.draw)

        def compute():
            want = np.asarray(call(pass_, activation, x, dy, params, y=y))
            assert call(pass_, activation, x, dy, params, y=y, out=out) is out
            got = [out.copy()]
            targets = ["x"] if pass_ in ("forward", "derivative") else ["x", "dy"]
            for target in targets:  # in place: out is an input, in that input's layout
                xs, dys, ys = _twin(x), _twin(dy), _twin(y)
                if target == "x":
                    inside = xs if pass_ != "backward_y" else ys
                else:
                    inside = dys
                assert call(pass_, activation, xs, dys, params, y=ys, out=inside) is inside
                got.append(inside)
            return want, got
        for isa, (want, got) in _on_every_isa(compute).items():
            for i, result in enumerate(got):
                assert _same_bits(result, want), f"{name}{params}.{pass_} {dtype} on {isa}, out #{i}"


# --- softmax, log_softmax ----------------------------------------------------------------
AXIS_SHAPES = hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=7)


@st.composite
def axis_case(draw):
    name = draw(st.sampled_from(["softmax", "log_softmax"]))
    dtype = draw(st.sampled_from(FLOATS))
    shape = draw(AXIS_SHAPES)
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    # entries up to 100 apart: rows whose smaller entries underflow, but no
    # infinities (their limits are test_axis.py's)
    x = draw(float_arrays(dtype, shape, -50, 50))
    dy = draw(float_arrays(dtype, shape, -3, 3))
    return name, dtype, shape, axis, x, dy


def _axis_within_bounds(name, got, want, x, axis, what):
    """test_axis.py's bounds: softmax 8 eps relative (plus 2 subnormal spacings
    where the result underflows), log_softmax 8 eps of the row's terms."""
    dtype = got.dtype
    eps = np.finfo(dtype).eps
    if name == "softmax":
        allowed = 8 * eps * np.abs(want) + 2 * np.finfo(dtype).smallest_subnormal
    else:
        scale = np.abs(x).max(axis=axis, keepdims=True, initial=0) + np.log(x.shape[axis]) + 1
        allowed = 8 * eps * scale
    error = np.abs(got.astype(want.dtype) - want)
    assert np.all(error <= allowed), f"{what}: error {np.max(error - allowed)} above the bound"


@_settings(80)
@given(axis_case())
def test_softmax_family_within_the_bounds_of_the_oracle(case):
    name, dtype, shape, axis, x, dy = case
    function, twin = getattr(fa, name), getattr(reference, name)
    wide = precise(dtype)
    want = twin(x.astype(wide), axis=axis)
    want_back = twin.backward(dy.astype(wide), x.astype(wide), axis=axis)
    back_bound = 8 * np.finfo(dtype).eps * max(1.0, np.abs(dy).max()) * shape[axis]
    for isa, (got, from_x, from_y) in _on_every_isa(lambda: (
            function(x, axis=axis), function.backward(dy, x, axis=axis),
            function.backward(dy, y=function(x, axis=axis), axis=axis))).items():
        what = f"{name} {dtype} {shape} axis={axis} on {isa}"
        assert got.dtype == dtype and got.shape == x.shape
        _axis_within_bounds(name, got, want, x, axis, what)
        for back in (from_x, from_y):
            np.testing.assert_allclose(back, want_back, rtol=0, atol=back_bound, err_msg=what)
        # x- and y-backward agree (each within the bound of the oracle: twice it)
        np.testing.assert_allclose(from_y, from_x, rtol=0, atol=2 * back_bound, err_msg=what)


@_settings(60)
@given(axis_case(), st.sampled_from(LAYOUTS), st.data())
def test_softmax_family_out_and_in_place_give_the_out_of_place_bits(case, out_layout, data):
    name, dtype, shape, axis, x, dy = case
    function = getattr(fa, name)
    outs = [_layout(np.zeros(shape, dtype), out_layout, data.draw) for _ in range(2)]

    def compute():
        want = function(x, axis=axis)
        want_back = function.backward(dy, x, axis=axis)
        y = function(x, axis=axis)
        calls = [
            (lambda out: function(x, axis=axis, out=out), outs[0], want),
            (lambda out: function(out, axis=axis, out=out), _twin(x), want),
            (lambda out: function.backward(dy, x, axis=axis, out=out), outs[1], want_back),
            (lambda out: function.backward(out, x, axis=axis, out=out), _twin(dy), want_back),
            (lambda out: function.backward(out, y=y, axis=axis, out=out), _twin(dy), want_back),
        ]
        results = []
        for run, out, expect in calls:
            assert run(out) is out
            results.append((out.copy(), expect))
        return results

    for isa, results in _on_every_isa(compute).items():
        for i, (got, want) in enumerate(results):
            assert _same_bits(got, want), f"{name} {dtype} {shape} axis={axis} on {isa}, call #{i}"
