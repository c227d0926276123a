"""Activations on what is not a plain ndarray come back as the caller's type,
through the pass's numpy.ufunc (issue 15's table, one test per row): pandas
Series and DataFrame (index kept), xarray DataArray (dims, coords, attrs kept),
Dask (lazily; and on a LocalCluster of worker processes), masked arrays (mask
kept), np.matrix; NumPy's where=, dtype=, casting= and out= as a tuple;
pickling by name. Values equal the plain call's bit for bit."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import fastact as fa

X = np.array([-3.0, -0.5, 0.0, 0.25, 2.0, 7.0])


def test_pandas_series_keeps_its_index():
    pd = pytest.importorskip("pandas")
    s = pd.Series(X, index=list("abcdef"), name="logits")
    for result, want in ((fa.sigmoid(s), fa.sigmoid(X)),
                         (fa.leaky_relu(s, negative_slope=0.2), fa.leaky_relu(X, negative_slope=0.2)),
                         (fa.tanh.derivative(s), fa.tanh.derivative(X)),
                         (fa.elu.backward(s, s, alpha=0.5), fa.elu.backward(X, X, alpha=0.5)),
                         (fa.sigmoid.backward(s, y=fa.sigmoid(s)), fa.sigmoid.backward(X, y=fa.sigmoid(X)))):
        assert isinstance(result, pd.Series)
        assert list(result.index) == list("abcdef")
        np.testing.assert_array_equal(result.to_numpy(), want)
    assert fa.sigmoid(s).name == "logits"


def test_pandas_dataframe_keeps_index_and_columns():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"a": X, "b": -X}, index=np.arange(10, 16))
    result = fa.gelu(df, approximate="tanh")
    assert isinstance(result, pd.DataFrame)
    assert list(result.columns) == ["a", "b"] and list(result.index) == list(range(10, 16))
    np.testing.assert_array_equal(result["b"].to_numpy(), fa.gelu(-X, approximate="tanh"))
    f32 = pd.DataFrame({"a": X.astype(np.float32)})
    assert fa.sigmoid(f32)["a"].dtype == np.float32  # float32 stays float32


def test_xarray_keeps_dims_coords_and_attrs():
    xr = pytest.importorskip("xarray")
    a = xr.DataArray(X.reshape(2, 3), dims=("batch", "unit"),
                     coords={"batch": [7, 8], "unit": ["u", "v", "w"]}, attrs={"units": "logit"},
                     name="z")
    result = fa.softplus(a, beta=2.0)
    assert isinstance(result, xr.DataArray)
    assert result.dims == ("batch", "unit") and list(result.coords["unit"].values) == ["u", "v", "w"]
    np.testing.assert_array_equal(result.values, fa.softplus(X.reshape(2, 3), beta=2.0))
    with xr.set_options(keep_attrs=True):
        assert fa.softplus(a, beta=2.0).attrs == {"units": "logit"}
    grad = fa.mish.backward(a, a)
    assert isinstance(grad, xr.DataArray)
    np.testing.assert_array_equal(grad.values, fa.mish.backward(X, X).reshape(2, 3))


def test_dask_stays_lazy_until_computed():
    da = pytest.importorskip("dask.array")
    from dask.callbacks import Callback

    x = np.linspace(-8, 8, 1000, dtype=np.float32)
    d = da.from_array(x, chunks=300)
    started = []
    with Callback(start=lambda dsk: started.append(len(dsk))):
        lazy = fa.swish(d, beta=1.5)
        grad = fa.swish.backward(d, d, beta=1.5)
        assert isinstance(lazy, da.Array) and isinstance(grad, da.Array)
        assert lazy.dtype == np.float32 and lazy.chunks == d.chunks
        assert started == []  # nothing computed yet
        values = lazy.compute()
        assert started  # now it ran
    np.testing.assert_array_equal(values, fa.swish(x, beta=1.5))
    np.testing.assert_array_equal(grad.compute(), fa.swish.backward(x, x, beta=1.5))


def test_dask_distributed_worker_processes_give_the_same_numbers():
    """Every task, fastact's ufunc included, pickled to two worker processes."""
    da = pytest.importorskip("dask.array")
    distributed = pytest.importorskip("distributed")
    x = np.random.default_rng(15).standard_normal(40_000).astype(np.float32) * 6
    with distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        d = da.from_array(x, chunks=10_000)
        forward = fa.gelu(d, approximate="tanh")
        backward = fa.elu.backward(d, d, alpha=0.5)
        assert isinstance(forward, da.Array) and isinstance(backward, da.Array)
        got_forward, got_backward = client.compute([forward, backward], sync=True)
        assert len(client.scheduler_info()["workers"]) == 2
    np.testing.assert_array_equal(got_forward, fa.gelu(x, approximate="tanh"))
    np.testing.assert_array_equal(got_backward, fa.elu.backward(x, x, alpha=0.5))


def test_masked_arrays_keep_their_mask():
    m = np.ma.masked_invalid([1.0, np.nan, 2.0, -4.0])
    for result, want in ((fa.sigmoid(m), fa.sigmoid(m.data)),
                         (fa.relu.derivative(m), fa.relu.derivative(m.data))):
        assert isinstance(result, np.ma.MaskedArray)
        np.testing.assert_array_equal(result.mask, [False, True, False, False])
        np.testing.assert_array_equal(result.compressed(), want[~m.mask])


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
def test_matrix_and_other_subclasses_come_back_as_themselves():
    class Tagged(np.ndarray):
        pass

    m = np.matrix(X.reshape(2, 3))
    assert type(fa.hard_swish(m)) is np.matrix
    np.testing.assert_array_equal(np.asarray(fa.hard_swish(m)), fa.hard_swish(X.reshape(2, 3)))
    t = X.view(Tagged)
    assert type(fa.celu(t, alpha=2.0)) is Tagged
    assert type(fa.celu.backward(t, X, alpha=2.0)) is Tagged
    np.testing.assert_array_equal(fa.celu(t, alpha=2.0).view(np.ndarray), fa.celu(X, alpha=2.0))


def test_where_dtype_and_casting_as_on_ufuncs():
    x = X.astype(np.float32)
    out = np.full(6, -1.0, np.float32)
    assert fa.sigmoid(x, out=out, where=x > 0) is out
    np.testing.assert_array_equal(out, np.where(x > 0, fa.sigmoid(x), -1.0).astype(np.float32))
    wide = fa.tanh(x, dtype=np.float64)
    assert wide.dtype == np.float64
    np.testing.assert_array_equal(wide, fa.tanh(x.astype(np.float64)))
    narrow = np.empty(6, np.float32)
    fa.softsign(X, out=narrow, casting="same_kind")
    np.testing.assert_array_equal(narrow, fa.softsign(X).astype(np.float32))
    with pytest.raises(TypeError):
        fa.softsign(X, out=narrow, casting="no")
    dx = np.zeros(6)
    fa.hard_tanh.backward(np.ones(6), X, out=dx, where=X < 1, min_val=-2.0, max_val=2.0)
    np.testing.assert_array_equal(dx, np.where(X < 1, fa.hard_tanh.derivative(X, min_val=-2.0,
                                                                             max_val=2.0), 0.0))


def test_parameters_are_checked_as_on_the_plain_path():
    pd = pytest.importorskip("pandas")
    s = pd.Series(X.astype(np.float32))
    with pytest.raises(ValueError, match="cannot be represented in float32"):
        fa.leaky_relu(s, negative_slope=1e-60)
    with pytest.raises(ValueError, match="celu needs alpha != 0"):
        fa.celu(s, alpha=0.0)
    with pytest.raises(ValueError, match="negative_slope >= 0"):
        fa.leaky_relu.backward(s, y=s, negative_slope=-0.5)
    with pytest.raises(TypeError, match="complex128"):
        fa.sigmoid(pd.Series(X + 1j))
    with pytest.raises(TypeError, match="unexpected keyword argument 'slope'"):
        fa.leaky_relu(s, slope=0.1)
    with pytest.raises(ValueError, match="output does not determine its gradient"):
        fa.gelu.backward(s, y=s)
    with pytest.raises(TypeError, match="exactly one of x and y= .both given"):
        fa.sigmoid.backward(s, s, y=s)


def test_out_as_a_tuple():
    out = np.empty(6)
    assert fa.elu(X, out=(out,)) is out
    np.testing.assert_array_equal(out, fa.elu(X))
    dx = np.empty(6)
    assert fa.elu.backward(X, X, out=(dx,), alpha=0.5) is dx
    np.testing.assert_array_equal(dx, fa.elu.backward(X, X, alpha=0.5))


def test_activations_and_ufuncs_pickle_by_name():
    for name in fa.available():
        act = fa.get(name)
        assert pickle.loads(pickle.dumps(act)) is act
        if hasattr(act, "ufuncs"):
            for ufunc in act.ufuncs.values():
                assert pickle.loads(pickle.dumps(ufunc)) is ufunc
    assert b"fastact.ufuncs" in pickle.dumps(fa.ufuncs.gelu_tanh_backward_x)
