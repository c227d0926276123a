"""softmax and log_softmax on pandas, xarray and Dask containers.

Each container is unwrapped to what the ndarray code takes and the result is
wrapped back as the same container. None of these libraries is imported here:
a container can only exist if its library is already in sys.modules.

- xarray DataArray: ``dim=`` names the axes (a name or a tuple of names); the
  data (NumPy or Dask) is computed on and the DataArray copied with it, so
  dims, coords, name and attrs are kept. A DataArray ``where=`` is aligned by
  dimension name.
- pandas Series / DataFrame: computed on ``to_numpy()``, index, columns, name
  and attrs kept. axis 0 or "index" runs down each column, -1, 1 or "columns"
  across each row (the default: one distribution per row), None over all.
- Dask arrays: lazily. Where the axes reduced over are whole in every chunk,
  block by block through the kernels (``map_blocks``). Where they are split:
  if one row (the product of their lengths) fits Dask's ``array.chunk-size``,
  they are rechunked whole (the other axes "auto") and mapped the same way;
  a longer row is done in two passes of Dask reductions that never hold a row
  in one chunk (max, then the sums of e^(x - max) in float64, then an
  elementwise pass), with the kernels' +inf / NaN / -inf rules.
"""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable, Sequence

import numpy as np

_PANDAS_AXES = {"index": 0, "rows": 0, "columns": 1}


def _is_dask(a: object) -> bool:
    da = sys.modules.get("dask.array")
    return da is not None and isinstance(a, da.Array)


def _is_xarray(a: object) -> bool:
    xr = sys.modules.get("xarray")
    return xr is not None and isinstance(a, xr.DataArray)


def _is_pandas(a: object) -> bool:
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(a, (pd.Series, pd.DataFrame))


def _no_out(out: object, like: object, caller: str) -> None:
    if out is not None:
        raise TypeError(f"{caller}: out= is not supported for a {type(like).__name__} input")


def _xarray_axis(like: Any, axis: object, dim: object, caller: str) -> object:
    if dim is None:
        return axis
    if axis != -1:
        raise TypeError(f"{caller}: give axis= or dim=, not both")
    if isinstance(dim, tuple):
        return tuple(like.get_axis_num(d) for d in dim)
    return like.get_axis_num(dim)


def _xarray_data(a: object, like: Any) -> object:
    """a's data laid out as like's dims (a DataArray is broadcast and
    transposed by name); anything else as it is."""
    if _is_xarray(a):
        return a.broadcast_like(like).transpose(*like.dims).data  # type: ignore[attr-defined]
    return a


def _pandas_axis(axis: object) -> object:
    return _PANDAS_AXES.get(axis, axis) if isinstance(axis, str) else axis


def _pandas_data(a: object) -> object:
    return a.to_numpy() if _is_pandas(a) else a  # type: ignore[attr-defined]


def _like_pandas(like: Any, data: np.ndarray) -> Any:
    pd = sys.modules["pandas"]
    if isinstance(like, pd.Series):
        result = pd.Series(data, index=like.index, name=like.name)
    else:
        result = pd.DataFrame(data, index=like.index, columns=like.columns)
    result.attrs.update(like.attrs)
    return result


def _row_fits_a_chunk(shape: tuple[int, ...], axes: tuple[int, ...], dtype: np.dtype) -> bool:
    import dask
    from dask.utils import parse_bytes

    limit = parse_bytes(dask.config.get("array.chunk-size"))
    return int(np.prod([shape[i] for i in axes], dtype=np.int64)) * dtype.itemsize <= limit


def _dask_map(compute: Callable[..., np.ndarray], arrays: Sequence[object], axis: object,
              where: object, caller: str, two_pass: Callable[..., Any] | None = None) -> Any:
    """compute(*blocks, axis=axes, where=mask_block) over Dask blocks that hold
    whole rows along axes, lazily; two_pass(*arrays, axes=, where=) where a row
    is too long for one chunk."""
    from ._apply import compute_dtypes
    from ._axis import normalize_axes, promoted_dtype

    da = sys.modules["dask.array"]
    inputs = [da.asarray(a) for a in arrays]
    shape = np.broadcast_shapes(*(a.shape for a in inputs))
    inputs = [a if a.shape == shape else da.broadcast_to(a, shape) for a in inputs]
    axes = normalize_axes(axis, len(shape), caller)
    first = inputs[0]
    if any(len(first.chunks[i]) > 1 for i in axes):
        if two_pass is not None and not _row_fits_a_chunk(shape, axes, first.dtype):
            return two_pass(*inputs, axes=axes, where=where)
        first = first.rechunk({i: (-1 if i in axes else "auto") for i in range(len(shape))})
    inputs = [first] + [a.rechunk(first.chunks) for a in inputs[1:]]
    masked = where is not None
    if masked:
        inputs.append(da.broadcast_to(da.asarray(where), shape).rechunk(first.chunks))
    _, result_dtype = compute_dtypes(promoted_dtype(inputs[:len(arrays)]), caller)

    def block(*blocks: np.ndarray) -> np.ndarray:
        if masked:
            return compute(*blocks[:-1], axis=axes, where=blocks[-1])
        return compute(*blocks, axis=axes, where=None)

    meta = da.utils.meta_from_array(first, ndim=len(shape), dtype=result_dtype)
    return da.map_blocks(block, *inputs, dtype=result_dtype, meta=meta)


def forward(f: Any, x: object, axis: object, out: object, where: object, dim: object,
            caller: str) -> Any:
    """f(x, ...) for a container x, or NotImplemented (the ndarray code takes it)."""
    if _is_xarray(x):
        _no_out(out, x, caller)
        data = f(x.data, axis=_xarray_axis(x, axis, dim, caller),  # type: ignore[attr-defined]
                 where=_xarray_data(where, x))
        return x.copy(data=data)  # type: ignore[attr-defined]
    if dim is not None:
        raise TypeError(f"{caller}: dim= names an xarray dimension; "
                        f"{type(x).__name__} has none (use axis=)")
    if _is_pandas(x):
        _no_out(out, x, caller)
        data = f(x.to_numpy(), axis=_pandas_axis(axis), where=_pandas_data(where))  # type: ignore[attr-defined]
        return _like_pandas(x, data)
    if _is_dask(x) or _is_dask(where):
        _no_out(out, x, caller)
        return _dask_map(lambda block, axis, where: f(block, axis=axis, where=where),
                         (x,), axis, where, caller, functools.partial(_two_pass_forward, f._log))
    return NotImplemented


def backward(f: Any, dy: object, x: object, y: object, axis: object, out: object,
             where: object, dim: object, caller: str) -> Any:
    """f.backward(dy, x or y=y, ...) when dy, x or y is a container, or NotImplemented."""
    from_y = y is not None
    arrays = (dy, y if from_y else x)

    def call(a: object, b: object, axis: object, where: object) -> Any:
        if from_y:
            return f.backward(a, y=b, axis=axis, where=where)
        return f.backward(a, b, axis=axis, where=where)

    like: Any = next((a for a in arrays if _is_xarray(a)), None)
    if like is not None:
        _no_out(out, like, caller)
        first, second = (_xarray_data(a, like) for a in arrays)
        data = call(first, second, _xarray_axis(like, axis, dim, caller), _xarray_data(where, like))
        return like.copy(data=data)
    if dim is not None:
        raise TypeError(f"{caller}: dim= names an xarray dimension; these inputs have none "
                        "(use axis=)")
    like = next((a for a in arrays if _is_pandas(a)), None)
    if like is not None:
        _no_out(out, like, caller)
        first, second = (_pandas_data(a) for a in arrays)
        data = call(first, second, _pandas_axis(axis), _pandas_data(where))
        return _like_pandas(like, data)
    if any(_is_dask(a) for a in (*arrays, where)):
        _no_out(out, dy, caller)
        two_pass = functools.partial(_two_pass_backward, f, from_y)
        return _dask_map(call, arrays, axis, where, caller, two_pass)
    return NotImplemented


def plain(x: object, axis: object, where: object, dim: object, caller: str) -> tuple:
    """(x, axis, where) as NumPy arrays and axis numbers, for the Jacobian (an
    ndarray of shape (..., n, n), which no container holds)."""
    if _is_xarray(x):
        return x.data, _xarray_axis(x, axis, dim, caller), _xarray_data(where, x)  # type: ignore[attr-defined]
    if dim is not None:
        raise TypeError(f"{caller}: dim= names an xarray dimension; "
                        f"{type(x).__name__} has none (use axis=)")
    if _is_pandas(x):
        return x.to_numpy(), _pandas_axis(axis), _pandas_data(where)  # type: ignore[attr-defined]
    if _is_dask(x) or _is_dask(where):
        raise TypeError(f"{caller}: the Jacobian of a Dask array is not built lazily; "
                        "use backward(dy, ...) (lazy) or pass x.compute()")
    return x, axis, where


def _wide(a: Any) -> tuple[Any, np.dtype]:
    """a in float64 (where the sums are taken) and the dtype to return."""
    from ._apply import compute_dtypes

    _, result_dtype = compute_dtypes(np.dtype(a.dtype), "fastact")
    return a.astype(np.float64), result_dtype


def _two_pass_forward(log: bool, x: Any, axes: tuple[int, ...], where: Any) -> Any:
    """softmax / log_softmax of a Dask array whose rows span chunks: M = max,
    then C = #(x == M) and R = sum e^(x - M) over x < M, so that the sum is
    C + R and log(sum) = log C + log1p(R / C) keeps the top element's relative
    accuracy; x == M counts e^0 = 1, which also gives +inf entries 1/k."""
    da = sys.modules["dask.array"]
    wide, result_dtype = _wide(x)
    keep = None if where is None else da.broadcast_to(da.asarray(where), x.shape)
    if keep is not None:
        wide = da.where(keep, wide, -np.inf)
    top = wide.max(axis=axes, keepdims=True)
    at_top = wide == top
    if keep is not None:
        at_top &= keep
    count = at_top.sum(axis=axes, keepdims=True, dtype=np.float64)
    rest = da.map_blocks(_below_top, wide, top, at_top, dtype=np.float64).sum(axis=axes, keepdims=True)
    result = da.map_blocks(_finish_log_softmax if log else _finish_softmax,
                           wide, top, at_top, count, rest, dtype=np.float64)
    if keep is not None:
        result = da.where(keep, result, -np.inf if log else 0.0)
    return result.astype(result_dtype)


def _shifted(x: np.ndarray, top: np.ndarray, at_top: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x - M as d + err, err the rounding error of d (TwoSum), so that e^(x - M)
    keeps its accuracy when |x - M| is large (e^d alone is off by |x - M| ulp);
    d is 0 at the top entries (no inf - inf at +inf ones), err 0 where d is not finite."""
    with np.errstate(invalid="ignore"):
        d = np.where(at_top, 0.0, x - top)
        back = d - x
        err = (x - (d - back)) + (-top - back)
    return d, np.where(np.isfinite(err), err, 0.0)


def _exp_shifted(x: np.ndarray, top: np.ndarray, at_top: np.ndarray) -> np.ndarray:
    d, err = _shifted(x, top, at_top)
    e = np.exp(d)
    return e + e * err  # e^(d + err) to first order: err is below an ulp of d


def _below_top(x: np.ndarray, top: np.ndarray, at_top: np.ndarray) -> np.ndarray:
    return np.where(at_top, 0.0, _exp_shifted(x, top, at_top))


def _finish_softmax(x: np.ndarray, top: np.ndarray, at_top: np.ndarray, count: np.ndarray,
                    rest: np.ndarray) -> np.ndarray:
    total = np.where(top == -np.inf, np.nan, count + rest)  # a row of -inf: 0 / 0
    with np.errstate(invalid="ignore"):
        return _exp_shifted(x, top, at_top) / total


def _finish_log_softmax(x: np.ndarray, top: np.ndarray, at_top: np.ndarray, count: np.ndarray,
                        rest: np.ndarray) -> np.ndarray:
    d, err = _shifted(x, top, at_top)
    with np.errstate(invalid="ignore", divide="ignore"):
        lse = np.where(top == -np.inf, np.nan, np.log(count) + np.log1p(rest / count))
        return (d - lse) + err


def _two_pass_backward(f: Any, from_y: bool, dy: Any, other: Any, axes: tuple[int, ...],
                       where: Any) -> Any:
    """softmax: y * (dy - sum(dy * y)); log_softmax: dy - e^y sum(dy), the sums
    as Dask reductions in float64 (y from the two-pass forward if x is given)."""
    da = sys.modules["dask.array"]
    y = other if from_y else _two_pass_forward(f._log, other, axes, where)
    from ._apply import compute_dtypes
    from ._axis import promoted_dtype

    _, result_dtype = compute_dtypes(promoted_dtype([dy, y]), "fastact")
    dy, y = dy.astype(np.float64), y.astype(np.float64)
    keep = None if where is None else da.broadcast_to(da.asarray(where), dy.shape)
    if keep is not None:
        dy = da.where(keep, dy, 0.0)
        y = da.where(keep, y, -np.inf if f._log else 0.0)
    if f._log:
        result = dy - da.exp(y) * dy.sum(axis=axes, keepdims=True)
    else:
        result = y * (dy - (dy * y).sum(axis=axes, keepdims=True))
    if keep is not None:
        result = da.where(keep, result, 0.0)
    return result.astype(result_dtype)
