"""softmax / log_softmax over axis=None and tuples of axes, with a where= mask,
on masked arrays and ndarray subclasses (issue 15 item 2), against an mpmath
oracle, SciPy and JAX's definition; prelu's dtype on every NumPy version."""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa
from fastact import _axis
from fastact._accuracy import ulp_error

from axis_oracle import oracle as _oracle

AXES = [None, (0, 2), (2, 0), (-1, -2), (1,), (), (0, 1, 2)]


@pytest.mark.parametrize("axis", AXES, ids=str)
def test_joint_axes_within_4_ulp_of_mpmath(isa, dtype, rng, axis):
    x = (rng.standard_normal((3, 4, 5)) * 5).astype(dtype)
    soft, log = _oracle(x, axis)
    got, lgot = fa.softmax(x, axis=axis), fa.log_softmax(x, axis=axis)
    assert got.shape == x.shape and got.dtype == dtype and lgot.dtype == dtype
    assert ulp_error(got, soft).max() <= 4.0
    assert ulp_error(lgot, log).max() <= 4.0


@pytest.mark.parametrize("axis", AXES, ids=str)
def test_joint_axes_match_scipy(dtype, rng, axis):
    special = pytest.importorskip("scipy.special")
    x = (rng.standard_normal((3, 4, 5)) * 5).astype(dtype)
    tolerance = 8 * np.finfo(dtype).eps
    # plus SciPy's own error: exp(x - max) with x - max rounded in float64
    scipy_error = 2 * np.finfo(np.float64).eps * float(x.max() - x.min())
    np.testing.assert_allclose(fa.softmax(x, axis=axis), special.softmax(x.astype(np.float64), axis=axis),
                               rtol=tolerance + scipy_error, atol=0)
    np.testing.assert_allclose(fa.log_softmax(x, axis=axis),
                               special.log_softmax(x.astype(np.float64), axis=axis),
                               rtol=0, atol=tolerance * (np.abs(x).max() + 5))


@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_joint_axes_in_any_layout_and_out(rng, layout):
    x = rng.standard_normal((4, 6, 5))
    x = {"C": x, "F": np.asfortranarray(x), "strided": x[:, ::2]}[layout]
    want, _ = _oracle(x, (0, 2))
    got = fa.softmax(x, axis=(0, 2))
    np.testing.assert_allclose(got, want, rtol=4e-16)
    np.testing.assert_allclose(got.sum(axis=(0, 2)), 1.0, rtol=1e-14)
    out = np.empty(x.shape)
    assert fa.softmax(x, axis=(0, 2), out=out) is out
    np.testing.assert_array_equal(out, got)
    everything = fa.log_softmax(x, axis=None)
    np.testing.assert_allclose(np.exp(everything).sum(), 1.0, rtol=1e-14)


def test_axis_none_on_0d_and_special_values():
    assert fa.softmax(np.float64(3.0), axis=None) == 1.0
    assert fa.log_softmax(np.float64(3.0), axis=None) == 0.0
    x = np.array([[0.0, np.inf], [np.inf, 1.0]])  # +inf entries share the mass over the whole array
    np.testing.assert_array_equal(fa.softmax(x, axis=None), [[0.0, 0.5], [0.5, 0.0]])
    np.testing.assert_array_equal(fa.softmax(x, axis=()), [[1.0, 1.0], [1.0, 1.0]])
    assert np.isnan(fa.softmax(np.array([[1.0, np.nan], [0.0, 2.0]]), axis=(0, 1))).all()


def test_axis_errors_as_numpy_gives_them():
    x = np.ones((2, 3, 4))
    with pytest.raises(_axis.AxisError):
        fa.softmax(x, axis=(0, 3))
    with pytest.raises(_axis.AxisError):
        np.sum(x, axis=(0, 3))  # the same exception NumPy raises
    with pytest.raises(ValueError, match="repeats"):
        fa.softmax(x, axis=(1, -2))
    with pytest.raises(TypeError, match="list"):
        fa.log_softmax(x, axis=[0, 1])
    with pytest.raises(_axis.AxisError):
        fa.softmax(np.float64(1.0))  # axis=-1 of a 0-d array


# ------------------------------------------------------------------ where=

def test_where_matches_jax_definition_against_mpmath(isa, dtype, rng):
    x = (rng.standard_normal((4, 7)) * 4).astype(dtype)
    where = rng.random((4, 7)) < 0.6
    where[2] = False  # a row with nothing included: JAX gives 0 / -inf
    where[3] = [True] + [False] * 6
    x[~where] = np.array([np.nan, np.inf, 1e30], dtype)[np.arange((~where).sum()) % 3]  # never read
    soft, log = _oracle(x, -1, where)
    got, lgot = fa.softmax(x, where=where), fa.log_softmax(x, where=where)
    assert ulp_error(got, soft).max() <= 4.0 and ulp_error(lgot, log).max() <= 4.0
    np.testing.assert_array_equal(got[~where], 0.0)
    np.testing.assert_array_equal(lgot[~where], -np.inf)
    np.testing.assert_array_equal(got[3], [1.0] + [0.0] * 6)


def test_where_broadcasts_and_joins_axes(rng):
    x = rng.standard_normal((3, 4, 5))
    where = np.array([True, False, True, True, False])  # along the last axis, every row
    soft, log = _oracle(x, (0, 2), where)
    np.testing.assert_allclose(fa.softmax(x, axis=(0, 2), where=where), soft, rtol=4e-16, atol=0)
    np.testing.assert_allclose(fa.log_softmax(x, axis=(0, 2), where=where), log, rtol=4e-16, atol=0)
    with pytest.raises(ValueError, match=r"\(4,\).*\(3, 4, 5\)"):
        fa.softmax(x, where=np.ones(4, bool))
    with pytest.raises(TypeError, match="boolean"):
        fa.softmax(x, where=np.ones(5))


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [-1, (0, 1)], ids=str)
def test_where_backward_and_jacobian_are_the_derivative_of_the_masked_forward(rng, name, axis):
    """finite differences of f(x, where=mask): excluded entries get gradient 0;
    backward from x and from y agree with the Jacobian applied to dy."""
    f = getattr(fa, name)
    x, dy = rng.standard_normal((3, 6)), rng.standard_normal((3, 6))
    where = rng.random((3, 6)) < 0.7
    where[1] = False
    where[0, :2] = True
    jacobian = f.derivative(x, axis=axis, where=where)
    n = 6 if axis == -1 else 18
    assert jacobian.shape == ((3, n, n) if axis == -1 else (n, n))
    flat = x.reshape(-1) if axis != -1 else None
    h = 1e-6
    for j in range(x.size):
        step = np.zeros(x.size)
        step[j] = h
        with np.errstate(invalid="ignore"):  # -inf - -inf at excluded entries of log_softmax
            diff = (f(x + step.reshape(x.shape), axis=axis, where=where)
                    - f(x - step.reshape(x.shape), axis=axis, where=where)) / (2 * h)
        diff = np.where(np.isnan(diff), 0.0, diff)
        if flat is not None:  # one joint row of 18
            np.testing.assert_allclose(jacobian[:, j], diff.reshape(-1), rtol=1e-6, atol=1e-9)
        else:
            r, c = divmod(j, 6)
            np.testing.assert_allclose(jacobian[r, :, c], diff[r], rtol=1e-6, atol=1e-9)
    if axis == -1:
        want = np.einsum("bij,bi->bj", jacobian, dy)
    else:
        want = (dy.reshape(-1) @ jacobian).reshape(x.shape)
    dy_masked = np.where(where, dy, np.nan)  # dy at excluded entries is never read
    for got in (f.backward(dy_masked, x, axis=axis, where=where),
                f.backward(dy, y=f(x, axis=axis, where=where), axis=axis, where=where)):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
        np.testing.assert_array_equal(got[~where], 0.0)


# ------------------------------------------------------------ masked arrays

def test_masked_invalid_leaves_the_nan_out():
    got = fa.softmax(np.ma.masked_invalid([1.0, np.nan, 2.0]))
    assert isinstance(got, np.ma.MaskedArray)
    np.testing.assert_array_equal(got.mask, [False, True, False])
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):  # e^1 / (e^1 + e^2) = 1 / (1 + e) and e^2 / (e^1 + e^2)
        soft = [float(1 / (1 + mpmath.e)), float(mpmath.e / (1 + mpmath.e))]
        log = [float(-mpmath.log1p(mpmath.e)), float(-mpmath.log1p(1 / mpmath.e))]
    assert ulp_error(got.compressed(), np.array(soft)).max() <= 2.0
    lgot = fa.log_softmax(np.ma.masked_invalid([1.0, np.nan, 2.0]))
    assert ulp_error(lgot.compressed(), np.array(log)).max() <= 2.0


def test_masked_array_rows_columns_and_backward(rng):
    x = rng.standard_normal((4, 5))
    mask = rng.random((4, 5)) < 0.3
    mask[0] = True  # a row with every entry masked stays all masked
    m = np.ma.MaskedArray(x, mask=mask)
    for axis in (-1, 0, None):
        got = fa.log_softmax(m, axis=axis)
        _, want = _oracle(x, axis, ~mask)
        assert isinstance(got, np.ma.MaskedArray)
        np.testing.assert_array_equal(got.mask, mask)
        np.testing.assert_allclose(got.compressed(), want[~mask], rtol=4e-16, atol=1e-16)
    dy = np.ma.MaskedArray(rng.standard_normal((4, 5)), mask=np.zeros((4, 5), bool))
    dy.mask[1, 1] = True  # masked in dy as well: left out of the gradient too
    grad = fa.softmax.backward(dy, m)
    keep = ~(mask | dy.mask)
    want = fa.softmax.backward(dy.data, x, where=keep)
    np.testing.assert_array_equal(grad.mask, ~keep)
    np.testing.assert_array_equal(grad.compressed(), want[keep])


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix's own
def test_subclasses_come_back_as_their_type():
    m = np.matrix([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    got = fa.softmax(m)
    assert type(got) is np.matrix
    np.testing.assert_allclose(got, fa.softmax(np.asarray(m)), rtol=0)
    assert type(fa.log_softmax(m, axis=None)) is np.matrix
    assert type(fa.softmax.backward(m, y=got)) is np.matrix

    class Tagged(np.ndarray):
        def __array_finalize__(self, obj):
            self.tag = getattr(obj, "tag", None)

    t = np.arange(6.0).reshape(2, 3).view(Tagged)
    t.tag = "logits"
    got = fa.softmax(t, axis=(0, 1))
    assert type(got) is Tagged and got.tag == "logits"


# --------------------------------------------------------------- prelu dtype

@pytest.mark.parametrize("alpha", [0.25, np.float64(0.25), np.float32(0.25), 1])
def test_prelu_dtype_follows_x_for_a_scalar_alpha(alpha):
    """NumPy 1.x's value-based result_type made a float32 scalar x with a
    float alpha float64; the dtype is now NumPy 2's on every version."""
    for x in (np.float32(-1.0), np.array(-1.0, np.float32), np.array([-1.0, 2.0], np.float32)):
        got = fa.prelu(x, alpha)
        assert got.dtype == np.float32, (type(x), alpha)
        dx, dalpha = fa.prelu.backward(np.ones_like(x), x, alpha)
        assert dx.dtype == np.float32 and np.asarray(dalpha).dtype == np.float32
    assert isinstance(fa.prelu(np.float32(-1.0), 0.5), np.float32)
    assert fa.prelu(np.array([-1.0], np.float32), np.array([0.5])).dtype == np.float64  # a 1-D alpha counts
    assert fa.prelu(np.array([-1, 2]), 0.5).dtype == np.float64  # integers run in float64
