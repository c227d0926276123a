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
- Dask arrays: lazily, block by block (``map_blocks``). The kernels need whole
  rows, so an axis that is split in several chunks is rechunked to one chunk
  (the other axes "auto", within Dask's array.chunk-size) before the map.
"""

from __future__ import annotations

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


def _dask_map(compute: Callable[..., np.ndarray], arrays: Sequence[object], axis: object,
              where: object, caller: str) -> Any:
    """compute(*blocks, axis=axes, where=mask_block) over Dask blocks that hold
    whole rows along axes, lazily."""
    from ._apply import compute_dtypes
    from ._axis import normalize_axes, promoted_dtype

    da = sys.modules["dask.array"]
    inputs = [da.asarray(a) for a in arrays]
    shape = np.broadcast_shapes(*(a.shape for a in inputs))
    inputs = [a if a.shape == shape else da.broadcast_to(a, shape) for a in inputs]
    axes = normalize_axes(axis, len(shape), caller)
    first = inputs[0]
    if any(len(first.chunks[i]) > 1 for i in axes):
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
                         (x,), axis, where, caller)
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

    like = next((a for a in arrays if _is_xarray(a)), None)
    if like is not None:
        _no_out(out, like, caller)
        data = call(*(_xarray_data(a, like) for a in arrays), _xarray_axis(like, axis, dim, caller),
                    _xarray_data(where, like))
        return like.copy(data=data)
    if dim is not None:
        raise TypeError(f"{caller}: dim= names an xarray dimension; these inputs have none "
                        "(use axis=)")
    like = next((a for a in arrays if _is_pandas(a)), None)
    if like is not None:
        _no_out(out, like, caller)
        data = call(*(_pandas_data(a) for a in arrays), _pandas_axis(axis), _pandas_data(where))
        return _like_pandas(like, data)
    if any(_is_dask(a) for a in (*arrays, where)):
        _no_out(out, dy, caller)
        return _dask_map(call, arrays, axis, where, caller)
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
