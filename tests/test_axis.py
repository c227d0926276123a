"""softmax, log_softmax and prelu: every axis of 1-D to 4-D arrays, every layout,
float32/float64, every ISA, against the reference twins and finite differences."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import fastact as fa
from fastact import _axis, reference
from fastact._accuracy import precise

from helpers import unaligned

SHAPES = [(7,), (5, 33), (3, 4, 17), (2, 3, 5, 6)]
AXES = [(shape, axis) for shape in SHAPES for axis in range(-len(shape), len(shape))]
LAYOUTS = {
    "C": lambda a: a,
    "F": np.asfortranarray,
    "strided": lambda a: np.repeat(a, 2, axis=-1)[..., ::2],
    "reversed": lambda a: a[::-1],
    "unaligned": unaligned,
}


def _tolerance(dtype) -> float:
    return 8 * np.finfo(dtype).eps


def _sample(rng, shape, dtype, scale=6.0):
    return (rng.standard_normal(shape) * scale).astype(dtype)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape, axis", AXES, ids=str)
def test_softmax_matches_reference(isa, dtype, rng, name, layout, shape, axis):
    x = LAYOUTS[layout](_sample(rng, shape, dtype))
    got = getattr(fa, name)(x, axis=axis)
    want = getattr(reference, name)(x.astype(precise(dtype)), axis=axis)
    assert got.dtype == dtype and got.shape == x.shape
    if name == "softmax":
        np.testing.assert_allclose(got, want, rtol=_tolerance(dtype), atol=0)
        np.testing.assert_allclose(got.sum(axis=axis, dtype=np.float64), 1.0,
                                   rtol=x.shape[axis] * np.finfo(dtype).eps)
    else:  # x - max - lse: error relative to the terms, not to a result near 0
        scale = np.abs(x).max() + np.log(x.shape[axis]) + 1
        np.testing.assert_allclose(got, want, rtol=0, atol=_tolerance(dtype) * scale)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("shape, axis", AXES, ids=str)
def test_softmax_backward_from_x_and_y_match_reference(isa, dtype, rng, name, shape, axis):
    function, twin = getattr(fa, name), getattr(reference, name)
    x = _sample(rng, shape, dtype, 3.0)
    dy = _sample(rng, shape, dtype, 1.0)
    wide = precise(dtype)
    want = twin.backward(dy.astype(wide), x.astype(wide), axis=axis)
    scale = np.abs(dy).max() * x.shape[axis]
    from_x = function.backward(dy, x, axis=axis)
    from_y = function.backward(dy, y=function(x, axis=axis), axis=axis)
    for got in (from_x, from_y):
        assert got.dtype == dtype
        np.testing.assert_allclose(got, want, rtol=0, atol=_tolerance(dtype) * scale)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("shape, axis", [((5,), 0), ((3, 4), 1), ((3, 4), 0), ((2, 3, 4), 1)], ids=str)
def test_jacobian_matches_reference_and_finite_differences(rng, name, shape, axis):
    function = getattr(fa, name)
    x = rng.standard_normal(shape)
    jacobian = function.derivative(x, axis=axis)
    n = shape[axis]
    others = tuple(s for i, s in enumerate(shape) if i != axis % len(shape))
    assert jacobian.shape == (*others, n, n)
    np.testing.assert_allclose(jacobian, getattr(reference, name).derivative(x, axis=axis),
                               rtol=1e-12, atol=1e-15)
    h = 1e-6
    moved = np.moveaxis(x, axis, -1)
    for j in range(n):
        step = np.zeros_like(moved)
        step[..., j] = h
        up = np.moveaxis(function(np.moveaxis(moved + step, -1, axis), axis=axis), axis, -1)
        down = np.moveaxis(function(np.moveaxis(moved - step, -1, axis), axis=axis), axis, -1)
        np.testing.assert_allclose(jacobian[..., :, j], (up - down) / (2 * h), rtol=1e-6, atol=1e-9)


def test_backward_is_the_jacobian_applied_to_dy(rng):
    x, dy = rng.standard_normal((4, 6)), rng.standard_normal((4, 6))
    for name in ("softmax", "log_softmax"):
        function = getattr(fa, name)
        jacobian = function.derivative(x)
        np.testing.assert_allclose(function.backward(dy, x), np.einsum("bij,bi->bj", jacobian, dy),
                                   rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("value", [1e30, -1e30, 3e38])
def test_rows_of_huge_values_are_stable(isa, dtype, value):
    value = min(value, np.finfo(dtype).max) if value > 0 else max(value, -np.finfo(dtype).max)
    x = np.full((3, 1000), value, dtype)
    np.testing.assert_allclose(fa.softmax(x), 1e-3, rtol=_tolerance(dtype))
    np.testing.assert_allclose(fa.log_softmax(x), -np.log(1000), rtol=_tolerance(dtype))
    x[:, 7] = value * 0.5  # one element far from the others: still finite everywhere
    assert np.isfinite(fa.softmax(x)).all() and np.isfinite(fa.log_softmax(x)).all()


def test_log_softmax_is_exact_in_the_tails(isa, dtype):
    x = np.array([0.0, -200.0, -1000.0], dtype)
    got = fa.log_softmax(x)
    np.testing.assert_allclose(got, [0.0, -200.0, -1000.0], rtol=_tolerance(dtype), atol=1e-30)
    assert fa.softmax(x)[2] == 0.0 and np.isfinite(got).all()


def test_special_rows(isa, dtype):
    all_neg_inf = np.full((2, 5), -np.inf, dtype)
    assert np.isnan(fa.softmax(all_neg_inf)).all()  # as NumPy's max-shifted form
    assert np.isnan(fa.log_softmax(all_neg_inf)).all()
    with_inf = np.array([[0.0, np.inf, 1.0]], dtype)  # the limit, not inf - inf
    np.testing.assert_array_equal(fa.softmax(with_inf), [[0.0, 1.0, 0.0]])
    np.testing.assert_array_equal(fa.log_softmax(with_inf), [[-np.inf, 0.0, -np.inf]])
    with_nan = np.array([[0.0, np.nan, 1.0], [0.0, 1.0, 2.0]], dtype)
    assert np.isnan(fa.softmax(with_nan)[0]).all() and np.isfinite(fa.softmax(with_nan)[1]).all()
    assert np.isnan(fa.log_softmax(with_nan)[0]).all()
    some_neg_inf = np.array([[0.0, -np.inf, 0.0]], dtype)
    np.testing.assert_array_equal(fa.softmax(some_neg_inf), [[0.5, 0.0, 0.5]])
    one = np.array([[3.5], [-1e30]], dtype)
    np.testing.assert_array_equal(fa.softmax(one), 1.0)
    np.testing.assert_array_equal(fa.log_softmax(one), 0.0)
    empty = np.zeros((3, 0), dtype)
    assert fa.softmax(empty).shape == (3, 0) and fa.log_softmax(empty, axis=0).shape == (3, 0)


def test_last_axis_of_c_contiguous_and_any_axis_of_fortran_input_are_not_copied():
    x = np.ones((4, 5, 6))
    for array, axis in ((x, -1), (x, 1), (np.asfortranarray(x), 0), (np.asfortranarray(x), 2)):
        blocks = _axis.Blocks([array], axis % 3, np.dtype(np.float64))
        assert np.shares_memory(blocks.flats[0], array)


def test_axis_errors_and_out(dtype):
    x = np.linspace(-1, 1, 12, dtype=dtype).reshape(3, 4)
    with pytest.raises(_axis.AxisError):
        fa.softmax(x, axis=2)
    with pytest.raises(_axis.AxisError):
        fa.softmax(np.float64(1.0))
    with pytest.raises(TypeError, match="complex"):
        fa.softmax(x.astype(np.complex64))
    out = np.empty_like(x)
    assert fa.softmax(x, axis=0, out=out) is out
    np.testing.assert_array_equal(out, fa.softmax(x, axis=0))
    fa.log_softmax(x, out=x)  # in place
    np.testing.assert_allclose(np.exp(x).sum(axis=-1), 1.0, rtol=1e-5)
    with pytest.raises(ValueError, match=r"\(4, 3\)"):
        fa.softmax(np.ones((3, 4)), out=np.empty((4, 3)))
    assert fa.softmax([1.0, 2.0]).dtype == np.float64
    assert fa.softmax(np.array([1, 2], np.float16)).dtype == np.float16


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_plain_out_matches_the_allocating_call(isa, dtype, name):
    """out= on the plain last-axis call (compiled, _fastpath.pxi) gives the
    allocating call's bits into out, forward and backward; out sharing memory
    with an input (in place) takes the general path and still comes out right."""
    f = getattr(fa, name)
    rng = np.random.default_rng(5)
    x = (rng.standard_normal((7, 37)) * 4).astype(dtype)
    dy = rng.standard_normal((7, 37)).astype(dtype)
    y = f(x)
    out = np.full_like(x, np.nan)
    assert f(x, out=out) is out
    np.testing.assert_array_equal(out, y)
    grad = f.backward(dy, y=y)
    assert f.backward(dy, y=y, out=out) is out
    np.testing.assert_array_equal(out, grad)
    for target in ("dy", "y"):
        a, b = dy.copy(), y.copy()
        f.backward(a, y=b, out=a if target == "dy" else b)
        np.testing.assert_array_equal(a if target == "dy" else b, grad)
    z = x.copy()
    f(z, out=z)
    np.testing.assert_array_equal(z, y)


@pytest.mark.parametrize("n", [5, 128, 512, 513, 5000])
def test_rows_in_batches_equal_rows_alone(isa, dtype, n):
    """Short float32 log_softmax rows, and softmax rows of 128, go four at a
    time through each step (softmax_f32.h fa_smx_batch; axis_dtype.inc
    FA_SMX_ROW_N, whose rows of 128 take a batch compiled for that n; a row
    alone goes one at a time), log_softmax rows over 4096 keep x - m in y: every row of a
    batch, one at +inf, one NaN, and the rows left over after the last batch,
    has the bits it has alone."""
    rng = np.random.default_rng(n)
    x = (rng.standard_normal((11, n)) * 4).astype(dtype)
    x[1, n // 2] = np.inf
    x[6, 0] = np.nan
    dy = rng.standard_normal((11, n)).astype(dtype)
    for f in (fa.softmax, fa.log_softmax):
        y = f(x)
        grad = f.backward(dy, y=y)
        for i in range(len(x)):
            np.testing.assert_array_equal(y[i], f(x[i]))
            np.testing.assert_array_equal(grad[i], f.backward(dy[i], y=y[i]))
        assert np.isnan(y[6]).all() and not np.isnan(y[1]).any()


# ---------------------------------------------------------------------------- PReLU

PRELU_CASES = [
    ((6,), -1), ((8, 5), -1), ((8, 5), 0), ((2, 3, 4, 5), 1), ((2, 3, 4, 5), -1), ((2, 3, 4), 0),
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape, axis", PRELU_CASES, ids=str)
def test_prelu_matches_reference(isa, dtype, rng, layout, shape, axis):
    x = LAYOUTS[layout](_sample(rng, shape, dtype))
    dy = LAYOUTS[layout](_sample(rng, shape, dtype, 1.0))
    alpha = rng.uniform(-0.5, 0.5, shape[axis]).astype(dtype)
    np.testing.assert_array_equal(fa.prelu(x, alpha, axis=axis), reference.prelu(x, alpha, axis=axis))
    np.testing.assert_array_equal(fa.prelu.derivative(x, alpha, axis=axis),
                                  reference.prelu.derivative(x, alpha, axis=axis))
    dx, dalpha = fa.prelu.backward(dy, x, alpha, axis=axis)
    want_dx, want_dalpha = reference.prelu.backward(dy, x, alpha, axis=axis)
    np.testing.assert_array_equal(dx, want_dx)
    assert dalpha.shape == alpha.shape and dalpha.dtype == dtype
    np.testing.assert_allclose(dalpha, want_dalpha, rtol=_tolerance(dtype), atol=1e-12)


def test_prelu_scalar_alpha_and_kink(isa, dtype):
    x = np.array([-2.0, -0.0, 0.0, 3.0, np.nan, -np.inf], dtype)
    np.testing.assert_array_equal(fa.prelu(x, 0.25), [-0.5, 0.0, 0.0, 3.0, np.nan, -np.inf])
    np.testing.assert_array_equal(fa.prelu.derivative(x, 0.25), [0.25, 0.25, 0.25, 1.0, np.nan, 0.25])
    dx, dalpha = fa.prelu.backward(np.ones_like(x[:4]), x[:4], 0.25)
    np.testing.assert_array_equal(dx, [0.25, 0.25, 0.25, 1.0])
    assert np.ndim(dalpha) == 0 and dalpha == -2.0
    assert isinstance(fa.prelu(np.float32(-1.0), 0.5), np.float32)


def test_prelu_dalpha_matches_finite_differences(rng):
    x = rng.standard_normal((6, 4, 3))
    dy = rng.standard_normal((6, 4, 3))
    alpha = rng.uniform(0.0, 0.3, 4)
    _, dalpha = fa.prelu.backward(dy, x, alpha, axis=1)
    h = 1e-6
    for c in range(4):
        step = np.zeros(4)
        step[c] = h
        numeric = (np.sum(dy * fa.prelu(x, alpha + step, axis=1))
                   - np.sum(dy * fa.prelu(x, alpha - step, axis=1))) / (2 * h)
        assert dalpha[c] == pytest.approx(numeric, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("axis", [-1, 0])
def test_prelu_dalpha_keeps_accuracy_over_a_million_element_batch(rng, axis):
    x = -rng.random((250_000, 4), dtype=np.float32)  # every term contributes, all one sign
    dy = rng.random((250_000, 4), dtype=np.float32)
    alpha = np.full(x.shape[axis], 0.1, np.float32)
    _, dalpha = fa.prelu.backward(dy, x, alpha, axis=axis)
    others = 1 - (axis % 2)
    exact = np.sum(dy.astype(np.float64) * x.astype(np.float64), axis=others)
    np.testing.assert_allclose(dalpha, exact.astype(np.float32), rtol=2 * np.finfo(np.float32).eps)


def test_prelu_wrong_alpha_shape_names_both_shapes():
    x = np.ones((4, 3))
    with pytest.raises(ValueError, match=r"\(5,\).*\(4, 3\)"):
        fa.prelu(x, np.ones(5))
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        fa.prelu(x, np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"\(3,\).*\(4, 3\)"):
        fa.prelu.backward(x, x, np.ones(3), axis=0)


def test_registry_knows_the_axis_activations():
    for name in ("softmax", "log_softmax", "prelu"):
        assert name in fa.available() and fa.get(name) is getattr(fa, name)
    assert "axis" in fa.softmax.__doc__


def test_every_isa_agrees_on_softmax(rng):
    from fastact import _core

    x = rng.standard_normal((64, 257)).astype(np.float32) * 10
    previous = _core.current_isa()
    results = []
    try:
        for isa in _core.isas_supported():
            _core.select_isa(isa)
            results.append((fa.softmax(x), fa.log_softmax(x, axis=0)))
    finally:
        _core.select_isa(previous)
    for a, b in itertools.combinations(results, 2):
        np.testing.assert_allclose(a[0], b[0], rtol=_tolerance(np.float32))
        np.testing.assert_allclose(a[1], b[1], rtol=0, atol=_tolerance(np.float32) * 60)


# ---- the SIMD rows (inner == 1) of simd/softmax_f32.h and their edges -------

ROW_LENGTHS = list(range(1, 70)) + [127, 128, 129, 1000]


@pytest.mark.parametrize("n", ROW_LENGTHS)
def test_rows_of_every_length_around_the_vector_widths(isa, dtype, rng, n):
    x = _sample(rng, (3, n), dtype, 8.0)
    x[1, rng.integers(0, n)] = -np.inf  # -inf entries give 0 / -inf (a row of one: NaN)
    x[2, ::3] -= 90  # e^d far below 1, down to subnormal results
    with np.errstate(invalid="ignore"):  # the oracle's -inf - -inf in a row of one
        want = reference.softmax(x.astype(precise(dtype)), axis=-1)
        lwant = reference.log_softmax(x.astype(precise(dtype)), axis=-1)
    got = fa.softmax(x)
    np.testing.assert_allclose(got, want, rtol=_tolerance(dtype), atol=4 * np.finfo(dtype).smallest_subnormal)
    lgot = fa.log_softmax(x)
    finite = np.isfinite(lwant)
    scale = np.abs(x[np.isfinite(x)]).max() + np.log(n) + 1
    np.testing.assert_allclose(lgot[finite], lwant[finite], rtol=0, atol=_tolerance(dtype) * scale)
    np.testing.assert_array_equal(lgot[~finite], lwant[~finite])
    # same values at any offset give the same bits (lanes follow the row's start)
    np.testing.assert_array_equal(fa.softmax(unaligned(x)), got)
    wide = np.concatenate([np.zeros((3, 5), dtype), x], axis=1)[:, 5:]
    np.testing.assert_array_equal(fa.softmax(np.ascontiguousarray(wide)), got)


@pytest.mark.parametrize("spread", [700.0, 707.9, 708.1, 745.0, 760.0])
def test_float64_rows_across_the_fast_scaling_spread(isa, rng, spread):
    """simd/softmax_f64.h scales e^(x - m) by a short path in rows whose
    max - min is at most 708 (AVX2) and by scale2 beyond, where results go
    subnormal and then to 0: both sides against the long-double oracle."""
    n = 67
    x = rng.uniform(-spread, 0.0, (4, n))
    x[:, 0] = 0.0
    x[:, 1] = -spread
    x[1, 2::5] = rng.uniform(-spread, -spread + 40, x[1, 2::5].shape)  # many near the bottom
    want = reference.softmax(x.astype(precise(np.float64)), axis=-1)
    lwant = reference.log_softmax(x.astype(precise(np.float64)), axis=-1)
    np.testing.assert_allclose(fa.softmax(x), want, rtol=_tolerance(np.float64),
                               atol=2 * np.finfo(np.float64).smallest_subnormal)
    np.testing.assert_allclose(fa.log_softmax(x), lwant, rtol=_tolerance(np.float64), atol=0)


@pytest.mark.parametrize("n", [1, 5, 16, 17, 33, 128])
def test_special_rows_at_every_length(isa, dtype, n):
    rows = np.zeros((5, n), dtype)
    rows[0] = -np.inf
    rows[1, -1] = np.nan
    rows[2, 0] = np.inf
    rows[3] = np.arange(n)
    rows[4] = -np.inf
    rows[4, n // 2] = 1.0
    got, lgot = fa.softmax(rows), fa.log_softmax(rows)
    assert np.isnan(got[:2]).all() and np.isnan(lgot[:2]).all()
    want2 = np.zeros(n, dtype)
    want2[0] = 1.0
    np.testing.assert_array_equal(got[2], want2)  # +inf takes all the mass
    np.testing.assert_array_equal(lgot[2], np.where(want2 == 1, 0.0, -np.inf).astype(dtype))
    np.testing.assert_allclose(got[3].sum(dtype=np.float64), 1.0, rtol=n * np.finfo(dtype).eps)
    want4 = np.zeros(n, dtype)
    want4[n // 2] = 1.0
    np.testing.assert_array_equal(got[4], want4)
    lwant4 = np.full(n, -np.inf, dtype)
    lwant4[n // 2] = 0.0
    np.testing.assert_array_equal(lgot[4], lwant4)


@pytest.mark.parametrize("n", [2, 17, 200, 5000])
def test_log_softmax_top_element_keeps_relative_accuracy(isa, dtype, n):
    # the top element is -log(1 + (n - 1) e^-30): tiny, and relative accuracy is demanded
    x = np.full((2, n), -30.0, dtype)
    x[:, 0] = 0.0
    x[1, 1:] = np.linspace(-40, -25, n - 1)
    want = -np.log1p(np.exp(x[:, 1:].astype(np.float64)).sum(axis=-1))  # s - 1 apart
    got = fa.log_softmax(x)
    # plus the bound of the float64 lane sums (16 lanes, pairwise at the end): it
    # matters for float64 only
    sum_bound = (n / 16 + 5) * 2.0**-53
    np.testing.assert_allclose(got[:, 0], want, rtol=_tolerance(dtype) + sum_bound, atol=0)
    # the same rows as columns: the strided kernels (inner > 1)
    column = fa.log_softmax(np.ascontiguousarray(x.T), axis=0)
    np.testing.assert_allclose(column[0], want, rtol=_tolerance(dtype) + n * 2.0**-53, atol=0)


@pytest.mark.parametrize("n", [17, 128, 300, 512, 1000, 4096, 4097])
@pytest.mark.parametrize("log2_rest", [-30, -17, -16, -15, -8, 0])
def test_log_softmax_top_element_near_the_plain_sum_threshold(isa, dtype, n, log2_rest):
    # float32 rows of up to 4096 (FA_SMX_KEEP_D) sum e plainly where s >= 1 + 2^-16
    # and split below (simd/softmax_f32.h, FA_SMX_PLAIN_MIN; 4097: split
    # throughout): the other n - 1 elements together
    # hold 2^log2_rest of the top's mass, on either side of the threshold, and
    # the top element -log(s) keeps its relative accuracy on both; four rows,
    # so that the skewed rows' first, middle and last steps all see them
    x = np.zeros((4, n), dtype)
    x[:, 1:] = np.log(2.0**log2_rest / (n - 1))
    x[1, 1:] += np.linspace(-0.5, 0.5, n - 1)
    x[2, 1:] -= 1e-3
    x[3] = x[1, ::-1]
    top = np.argmax(x, axis=-1)
    others = np.arange(n)[None, :] != top[:, None]
    rest = np.where(others, np.exp(x.astype(np.float64)), 0.0).sum(axis=-1)  # s - 1 apart
    want = -np.log1p(rest)
    got = fa.log_softmax(x)[np.arange(4), top]
    np.testing.assert_allclose(got, want, rtol=_tolerance(dtype), atol=0)
    # and the others, y = x - m - log(s)
    full = fa.log_softmax(x)
    np.testing.assert_allclose(full, x.astype(np.float64) + want[:, None], rtol=_tolerance(dtype),
                               atol=0)


@pytest.mark.parametrize("n", [3, 64, 128, 129, 300, 513, 1000, 4097, 5003])
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_rows_together_match_rows_alone(isa, dtype, name, n):
    # the row loops carry work from one row into the next (short rows skewed,
    # AVX-512's long rows ending in the next row's exp loop: simd/softmax_f32.h,
    # kernels/axis_dtype.inc); every row must come out with the bits it has
    # alone, beside rows of +inf, NaN and -inf, first, last and in between
    rng = np.random.default_rng(n)
    x = _sample(rng, (9, n), dtype, scale=4.0)
    x[0, n // 2] = np.inf
    x[3, n // 3] = np.nan
    x[4] = -np.inf
    x[6, -1] = np.inf
    x[8, 0] = np.inf
    f = getattr(fa, name)
    together = f(x)
    alone = np.stack([f(x[i : i + 1])[0] for i in range(len(x))])
    np.testing.assert_array_equal(together, alone)
    fine = [1, 2, 5, 7]  # and these against the oracle, as test_softmax_matches_reference
    want = getattr(reference, name)(x[fine].astype(precise(dtype)))
    if name == "softmax":
        np.testing.assert_allclose(together[fine], want, rtol=_tolerance(dtype), atol=0)
    else:
        scale = np.abs(x[fine]).max() + np.log(n) + 1
        np.testing.assert_allclose(together[fine], want, rtol=0, atol=_tolerance(dtype) * scale)
    assert np.isnan(together[3]).all() and np.isnan(together[4]).all()


@pytest.mark.parametrize("n", [2, 200])
def test_reference_log_softmax_top_element_against_mpmath(n):
    """The oracle itself: log(sum) as log1p of the terms below the maximum."""
    mpmath = pytest.importorskip("mpmath")
    x = np.full(n, -30.0)
    x[0] = 0.0
    with mpmath.workdps(40):
        exact = float(-mpmath.log1p((n - 1) * mpmath.exp(-30)))
    got = reference.log_softmax(x)[0]
    assert abs(got - exact) <= 2 * np.finfo(np.float64).eps * abs(exact)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_reference_axis_twins_keep_the_dtype(dtype, rng, name):
    """float32 stays float32 in the oracle too (log_softmax's tie count once made it float64),
    and agrees with the float64 one within a few ULP (float32 exp and sums)."""
    x = rng.standard_normal((4, 33)).astype(dtype)
    got = getattr(reference, name)(x)
    assert got.dtype == dtype
    wide = getattr(reference, name)(x.astype(np.float64))
    np.testing.assert_allclose(got, wide, rtol=8 * float(np.finfo(dtype).eps), atol=0)


def test_softmax_rows_of_huge_spread(isa, dtype):
    big = np.finfo(dtype).max
    x = np.array([[big, -big, 0.0, big / 2, -1e-30, 1e-30] * 6], dtype)
    got = fa.softmax(x)
    with np.errstate(over="ignore"):  # the oracle's -big - big in float64: -inf, the limit
        want = reference.softmax(x.astype(np.float64), axis=-1)
    np.testing.assert_allclose(got, want, rtol=_tolerance(dtype), atol=0)
    assert not np.isnan(fa.log_softmax(x)).any()  # -2 big overflows to -inf, the limit


def _available_bytes() -> int:
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@pytest.mark.skipif(_available_bytes() < 8 << 30, reason="needs 8 GiB free (two 2 GiB arrays)")
def test_log_softmax_row_of_2_29_ties_counts_every_entry(isa):
    """A row of 2**29 + 16 equal float32 entries: each is -log(n). The SIMD rows
    count the entries near the max in float lanes (exact below 2**24 a lane),
    which saturated at 16 lanes x 2**24 = 2**28 and gave -19.41 for -20.10."""
    n = (1 << 29) + 16
    x = np.zeros(n, np.float32)  # calloc: read from the zero page, cheap
    out = np.empty(n, np.float32)
    expected = np.float32(-np.log(n))
    fa.log_softmax(x, out=out)
    assert out[0] == expected and out[-1] == expected
    fa.softmax(x, out=out)
    assert abs(out[n // 2] - np.float32(1 / n)) <= 2 * np.spacing(np.float32(1 / n))
    del out


ROWS_AT_INFINITY = [  # (row, softmax, log_softmax): +inf entries share the mass
    ([0.0, np.inf, 1.0], [0.0, 1.0, 0.0], [-np.inf, 0.0, -np.inf]),
    ([np.inf, -1e30, np.inf], [0.5, 0.0, 0.5], [-np.log(2), -np.inf, -np.log(2)]),
    ([np.inf, np.inf, np.inf, -np.inf], [1 / 3] * 3 + [0.0], [-np.log(3)] * 3 + [-np.inf]),
    ([np.inf, np.nan, 0.0], [np.nan] * 3, [np.nan] * 3),  # NaN still wins
    ([-np.inf, -np.inf], [np.nan] * 2, [np.nan] * 2),  # 0 / 0
]


@pytest.mark.parametrize("along", ["row", "column"])
@pytest.mark.parametrize("length", [1, 17, 40])
@pytest.mark.parametrize("row, want, lwant", ROWS_AT_INFINITY, ids=str)
def test_softmax_with_infinity_gives_the_limit(isa, dtype, row, want, lwant, length, along):
    """spec: softmax with +inf entries gives the limit (PyTorch and SciPy give NaN);
    rows padded with -inf to `length`, along the last axis (contiguous rows) and
    along the first (the strided kernels), next to an ordinary row"""
    pad = max(length - len(row), 0)
    undefined = np.isnan(want[0])
    x = np.array(row + [-np.inf] * pad, dtype)
    want = np.array(want + [np.nan if undefined else 0.0] * pad, dtype)
    lwant = np.array(lwant + [np.nan if undefined else -np.inf] * pad, dtype)
    stack = np.stack([x, np.arange(x.size, dtype=dtype)])
    if along == "row":
        got, lgot = fa.softmax(stack)[0], fa.log_softmax(stack)[0]
    else:
        stack = np.ascontiguousarray(stack.T)
        got, lgot = fa.softmax(stack, axis=0)[:, 0], fa.log_softmax(stack, axis=0)[:, 0]
    np.testing.assert_allclose(got, want, rtol=_tolerance(dtype), atol=0)
    np.testing.assert_allclose(lgot, lwant, rtol=_tolerance(dtype), atol=0)
    with np.errstate(invalid="ignore"):
        ref, lref = reference.softmax(x), reference.log_softmax(x)
    np.testing.assert_allclose(ref, want, rtol=_tolerance(dtype), atol=0)
    np.testing.assert_allclose(lref, lwant, rtol=_tolerance(dtype), atol=0)


@pytest.mark.parametrize("along", ["row", "column"])
def test_every_log_softmax_element_within_4_ulp_against_mpmath(isa, dtype, along):
    """issue 14 item 8: every element of log_softmax within 4 ULP, the top one
    included. float64 rows summed their terms in plain double lanes and the top
    element drifted by n/16 ULP (33 at n = 5000, 77 along a strided axis);
    float64 sums now carry their rounding errors (axis_dtype.inc lane_add)."""
    mpmath = pytest.importorskip("mpmath")
    from fastact._accuracy import ulp_error

    rows = np.full((3, 5000), -30.0)
    rows[:, 0] = 0.0
    rows[1, 1:] = np.linspace(-40, -25, 4999)
    rows[2] = np.random.default_rng(5).standard_normal(5000) * 4
    rows = rows.astype(dtype)
    with mpmath.workdps(40):
        exact, exact_soft = [], []
        for row in rows:
            top = max(float(v) for v in row)
            shifted = [mpmath.mpf(float(v)) - top for v in row]
            total = mpmath.fsum(mpmath.exp(t) for t in shifted)
            exact.append([float(t - mpmath.log(total)) for t in shifted])
            exact_soft.append([float(mpmath.exp(t) / total) for t in shifted])
    exact, exact_soft = np.array(exact), np.array(exact_soft)
    got = (fa.log_softmax(rows) if along == "row"
           else fa.log_softmax(np.ascontiguousarray(rows.T), axis=0).T)
    assert ulp_error(got, exact).max() <= 4.0
    soft = fa.softmax(rows) if along == "row" else fa.softmax(np.ascontiguousarray(rows.T), axis=0).T
    assert ulp_error(soft[2], exact_soft[2]).max() <= 4.0  # float64 softmax was 10-16 ULP


@pytest.mark.parametrize("shape", [(64, 128), (8, 1000), (2, 5003)])
def test_backward_from_y_on_long_rows_within_4_eps(isa, shape):
    """float32 backward from y over rows long enough for fa_smx_dot's pairs of
    products summed in float: within 4 eps of the terms' magnitudes, y (|dy| +
    sum |dy y|) and |dy| + e^y sum |dy| (the error analysis in softmax_f32.h;
    measured 1.6), against the same formulas in long double."""
    rng = np.random.default_rng(3)
    x = (rng.standard_normal(shape) * 4).astype(np.float32)
    dy = rng.standard_normal(shape).astype(np.float32)
    eps = np.finfo(np.float32).eps
    for name in ("softmax", "log_softmax"):
        y = getattr(fa, name)(x)
        Y, DY = y.astype(np.longdouble), dy.astype(np.longdouble)
        if name == "softmax":
            exact = Y * (DY - (DY * Y).sum(-1, keepdims=True))
            size = Y * (np.abs(DY) + np.abs(DY * Y).sum(-1, keepdims=True))
        else:
            exact = DY - np.exp(Y) * DY.sum(-1, keepdims=True)
            size = np.abs(DY) + np.exp(Y) * np.abs(DY).sum(-1, keepdims=True)
        got = getattr(fa, name).backward(dy, y=y).astype(np.longdouble)
        assert float((np.abs(got - exact) / (eps * size)).max()) <= 4, name


def _at_offset(shape, dtype, offset: int) -> np.ndarray:
    """an empty C array whose data start `offset` bytes past a 4096 boundary"""
    size = int(np.prod(shape)) * np.dtype(dtype).itemsize
    buf = np.empty(size + 8192, np.uint8)
    start = (-buf.ctypes.data) % 4096 + offset
    return buf[start:start + size].view(dtype).reshape(shape)


@pytest.mark.parametrize("n", [5, 17, 128, 1000])
def test_backward_rows_at_every_output_offset_modulo_4096(isa, dtype, n):
    """softmax_f32.h runs a backward row's end from the row's end where dx sits
    a little ahead of dy or y modulo 4096 (fa_smx_from_end): at every offset,
    on both sides of its window, dx has the bits of the allocating call, and
    those are within 4 eps of y (|dy| + sum |dy y|) of the long-double formula."""
    rng = np.random.default_rng(n)
    shape = (9, n)
    dy, y = _at_offset(shape, dtype, 0), _at_offset(shape, dtype, 0)
    dy[...] = rng.standard_normal(shape)
    y[...] = fa.softmax((rng.standard_normal(shape) * 4).astype(dtype))
    Y, DY = y.astype(np.longdouble), dy.astype(np.longdouble)
    exact = Y * (DY - (DY * Y).sum(-1, keepdims=True))
    size = Y * (np.abs(DY) + np.abs(DY * Y).sum(-1, keepdims=True))
    want = fa.softmax.backward(dy, y=y)
    assert float((np.abs(want.astype(np.longdouble) - exact) / (np.finfo(dtype).eps * size)).max()) <= 4
    for offset in (4, 16, 32, 40, 48, 64, 128, 248, 256, 512, 1024, 2048, 4032, 4088):
        out = _at_offset(shape, dtype, offset)
        out[...] = np.nan
        assert fa.softmax.backward(dy, y=y, out=out) is out
        np.testing.assert_array_equal(out, want, err_msg=f"offset {offset}")
        moved, behind = _at_offset(shape, dtype, offset), _at_offset(shape, dtype, 0)
        moved[...] = dy  # dy ahead of y and of dx
        for name in ("softmax", "log_softmax"):
            f = getattr(fa, name)
            f.backward(moved, y=y, out=behind)
            np.testing.assert_array_equal(behind, f.backward(dy, y=y), err_msg=f"{name} {offset}")


@pytest.mark.parametrize("shape", [(64, 128), (8, 1000), (2, 5003), (3, 7)])
def test_float64_log_softmax_backward_rows_within_4_eps(isa, shape):
    """float64 log_softmax backward from y on x86 takes simd/softmax_f64.h's
    exponential (fa_smx64_log_backward_row): within 4 eps of |dy| + e^y sum |dy|
    of the long-double formula, with rows reaching y = -inf, y < -745 (e^y = 0)
    and y in the subnormal range of e^y."""
    rng = np.random.default_rng(4)
    x = rng.standard_normal(shape) * 4
    x[0, :2] = [-np.inf, -1000.0]
    x[-1, -1] = -720.0
    dy = rng.standard_normal(shape)
    y = fa.log_softmax(x)
    Y, DY = y.astype(np.longdouble), dy.astype(np.longdouble)
    exact = DY - np.exp(Y) * DY.sum(-1, keepdims=True)
    size = np.abs(DY) + np.exp(Y) * np.abs(DY).sum(-1, keepdims=True)
    got = fa.log_softmax.backward(dy, y=y).astype(np.longdouble)
    assert float((np.abs(got - exact) / (np.finfo(np.float64).eps * size)).max()) <= 4
    np.testing.assert_array_equal(got[0, 0], dy[0, 0])  # e^-inf = 0 exactly
