"""softmax / log_softmax on pandas, xarray and Dask (issue 15 item 2): the
container comes back with its labels, Dask lazily, the numbers equal to the
in-memory ones (the same kernels over the same rows)."""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa


@pytest.fixture
def logits(rng) -> np.ndarray:
    return rng.standard_normal((6, 8)) * 4


# ------------------------------------------------------------------- pandas

def test_pandas_dataframe_keeps_index_columns_and_axis_names(logits):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(logits, index=[f"r{i}" for i in range(6)], columns=list("abcdefgh"))
    frame.attrs["source"] = "model"
    got = fa.softmax(frame)  # axis=-1: one distribution per row
    assert isinstance(got, pd.DataFrame) and got.attrs == {"source": "model"}
    assert got.index.equals(frame.index) and got.columns.equals(frame.columns)
    np.testing.assert_array_equal(got.to_numpy(), fa.softmax(logits))
    np.testing.assert_allclose(got.sum(axis=1), 1.0, rtol=1e-15)
    for axis, numpy_axis in (("index", 0), (0, 0), ("columns", 1), (None, None)):
        np.testing.assert_array_equal(fa.log_softmax(frame, axis=axis).to_numpy(),
                                      fa.log_softmax(logits, axis=numpy_axis))
    grad = fa.log_softmax.backward(frame, y=fa.log_softmax(frame, axis="index"), axis="index")
    assert isinstance(grad, pd.DataFrame) and grad.columns.equals(frame.columns)
    np.testing.assert_array_equal(grad.to_numpy(), fa.log_softmax.backward(logits, logits, axis=0))
    assert fa.softmax.derivative(frame).shape == (6, 8, 8)


def test_pandas_series_keeps_index_and_name(logits):
    pd = pytest.importorskip("pandas")
    series = pd.Series(logits[0], index=list("abcdefgh"), name="scores")
    got = fa.softmax(series, where=series.to_numpy() > 0)
    assert isinstance(got, pd.Series) and got.name == "scores" and got.index.equals(series.index)
    np.testing.assert_array_equal(got.to_numpy(), fa.softmax(logits[0], where=logits[0] > 0))


# ------------------------------------------------------------------- xarray

def test_xarray_by_dimension_name_keeps_dims_coords_attrs(logits):
    xr = pytest.importorskip("xarray")
    data = xr.DataArray(logits, dims=("time", "class"), coords={"time": np.arange(6) * 10},
                        attrs={"units": "logit"}, name="scores")
    got = fa.softmax(data, dim="time")
    assert isinstance(got, xr.DataArray) and got.dims == ("time", "class")
    assert got.attrs == {"units": "logit"} and got.name == "scores"
    assert got.coords["time"].equals(data.coords["time"])
    np.testing.assert_array_equal(got.values, fa.softmax(logits, axis=0))
    np.testing.assert_array_equal(fa.log_softmax(data, dim=("class", "time")).values,
                                  fa.log_softmax(logits, axis=(1, 0)))
    np.testing.assert_array_equal(fa.log_softmax(data, axis=0).values, fa.log_softmax(logits, axis=0))
    mask = xr.DataArray(np.arange(6) % 2 == 0, dims=("time",))  # aligned by name
    np.testing.assert_array_equal(fa.softmax(data, dim="class", where=mask).values,
                                  fa.softmax(logits, where=(np.arange(6) % 2 == 0)[:, None]))
    grad = fa.softmax.backward(data, data, dim="time")
    assert isinstance(grad, xr.DataArray) and grad.dims == data.dims
    np.testing.assert_array_equal(grad.values, fa.softmax.backward(logits, logits, axis=0))
    assert fa.softmax.derivative(data, dim="time").shape == (8, 6, 6)
    with pytest.raises(TypeError, match="not both"):
        fa.softmax(data, axis=0, dim="time")
    with pytest.raises(TypeError, match="dim="):
        fa.softmax(logits, dim="time")


# --------------------------------------------------------------------- Dask

def _computed_blocks():
    """A Dask callback that counts the tasks run (none before compute())."""
    from dask.callbacks import Callback

    ran = []
    return Callback(pretask=lambda key, dask, state: ran.append(key)), ran


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [-1, 0, (0, 1), None], ids=str)
def test_dask_along_chunked_axes_rechunked_is_lazy_and_equal(rng, name, axis):
    """A row fits Dask's chunk-size: the split axes are rechunked whole and the
    kernels run per block, giving the in-memory numbers to the bit."""
    da = pytest.importorskip("dask.array")
    f = getattr(fa, name)
    x = (rng.standard_normal((40, 30)) * 5).astype(np.float32)
    lazy_x = da.from_array(x, chunks=(7, 8))  # every axis split in several chunks
    callback, ran = _computed_blocks()
    with callback:
        got = f(lazy_x, axis=axis)
        grad = f.backward(lazy_x, y=got, axis=axis)
        masked = f(lazy_x, axis=axis, where=x > 0)
        assert ran == []  # nothing computed yet
        assert isinstance(got, da.Array) and got.dtype == np.float32 and got.shape == x.shape
        result, gradient, with_where = got.compute(), grad.compute(), masked.compute()
    assert ran
    np.testing.assert_array_equal(result, f(x, axis=axis))  # the same rows through the same kernels
    np.testing.assert_array_equal(gradient, f.backward(x, y=f(x, axis=axis), axis=axis))
    np.testing.assert_array_equal(with_where, f(x, axis=axis, where=x > 0))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("axis", [-1, 0, (0, 1), None], ids=str)
def test_dask_rows_longer_than_a_chunk_in_two_passes(rng, dtype, axis):
    """A row larger than array.chunk-size: max, then the sums, as Dask
    reductions (no chunk holds a row), lazily, within 4 ULP of mpmath; the
    backward passes within the in-memory bounds."""
    dask = pytest.importorskip("dask")
    da = pytest.importorskip("dask.array")
    from axis_oracle import oracle
    from fastact._accuracy import ulp_error

    x = (rng.standard_normal((24, 30)) * 5).astype(dtype)
    x[3, 0] = 40.0  # a top element far above the rest: log_softmax's relative accuracy there
    where = rng.random(x.shape) < 0.8
    lazy_x = da.from_array(x, chunks=(5, 7))
    with dask.config.set({"array.chunk-size": "16B"}):  # a row never fits
        callback, ran = _computed_blocks()
        with callback:
            soft, log = fa.softmax(lazy_x, axis=axis), fa.log_softmax(lazy_x, axis=axis)
            msoft = fa.softmax(lazy_x, axis=axis, where=where)
            dy = da.from_array(rng.standard_normal(x.shape).astype(dtype), chunks=(5, 7))
            grads = [(f, f.backward(dy, lazy_x, axis=axis, where=where)) for f in (fa.softmax, fa.log_softmax)]
            assert ran == [] and max(len(c) for c in soft.chunks) > 1  # not rechunked whole
            assert soft.dtype == dtype and log.dtype == dtype
    want_soft, want_log = oracle(x, axis)
    assert ulp_error(soft.compute(), want_soft).max() <= 4.0
    assert ulp_error(log.compute(), want_log).max() <= 4.0
    assert ulp_error(msoft.compute(), oracle(x, axis, where)[0]).max() <= 4.0
    for f, grad in grads:
        want = f.backward(dy.compute(), x, axis=axis, where=where)
        scale = np.abs(dy).max().compute() * (x.size if axis in (None, (0, 1)) else x.shape[axis])
        np.testing.assert_allclose(grad.compute(), want, rtol=0, atol=8 * np.finfo(dtype).eps * scale)


def test_dask_two_pass_special_rows_as_the_kernels():
    dask = pytest.importorskip("dask")
    da = pytest.importorskip("dask.array")
    rows = np.array([[0.0, np.inf, 1.0, np.inf], [-np.inf] * 4, [0.0, np.nan, 1.0, 2.0],
                     [-np.inf, 0.0, -np.inf, 0.0]])
    with dask.config.set({"array.chunk-size": "16B"}), np.errstate(invalid="ignore"):
        for f in (fa.softmax, fa.log_softmax):
            got = f(da.from_array(rows, chunks=(1, 2))).compute()
            np.testing.assert_array_equal(got, f(rows))  # +inf share the mass; NaN rows


def test_dask_keeps_unsplit_chunks_and_dask_backed_xarray_stays_lazy(rng):
    da = pytest.importorskip("dask.array")
    x = rng.standard_normal((40, 30))
    lazy_x = da.from_array(x, chunks=(7, 30))  # the axis already whole: no rechunk
    assert fa.softmax(lazy_x).chunks == lazy_x.chunks
    assert fa.softmax(lazy_x, axis=0).chunks[0] == (40,)  # rechunked whole along axis 0
    xr = pytest.importorskip("xarray")
    data = xr.DataArray(lazy_x, dims=("t", "c"))
    got = fa.log_softmax(data, dim="t")
    assert isinstance(got.data, da.Array)
    np.testing.assert_array_equal(got.values, fa.log_softmax(x, axis=0))
    with pytest.raises(TypeError, match="Jacobian"):
        fa.softmax.derivative(lazy_x)
