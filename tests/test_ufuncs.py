"""fastact.ufuncs: every elementwise pass of every row of the table as a real
numpy.ufunc over the same kernels, bit for bit equal to the activation's
result on every ISA, dtype and layout; fastact's dtype rule; pickling by name;
the thread pool and the ISA of the activations."""

from __future__ import annotations

import pickle
import re

import numpy as np
import pytest

import fastact as fa
from fastact import _core, _table, ufuncs
from fastact._apply import compute_dtypes

from cases import CASES
from helpers import call, passes_for, sample

DTYPES = ["float16", "float32", "float64", "bool", "int8", "uint8", "int32", "uint64"]


def _cases() -> list:
    """(activation name, its parameters, the row that computes them, full
    parameters of that row) for every parameter set of tests/cases.py."""
    out = []
    for spec in _table.elementwise(public_only=True):
        for params in CASES[spec.name].params:
            row, full = _table.resolve(spec.name, params)
            label = spec.name + "".join(f"-{k}={v}" for k, v in params.items())
            out.append(pytest.param(spec.name, dict(params), row, full, id=label))
    return out


CASE_PARAMS = _cases()


def _ufunc_call(row: _table.Spec, pass_: str, full: dict, x, dy, y, **kwargs):
    ufunc = ufuncs.BY_KERNEL[(_table.elementwise().index(row), pass_)]
    arrays = {"forward": (x,), "derivative": (x,), "backward_x": (dy, x), "backward_y": (dy, y)}
    return ufunc(*arrays[pass_], *(full[p.name] for p in row.params), **kwargs)


def _bits(a) -> np.ndarray:
    a = np.asarray(a)
    return a.view({2: np.uint16, 4: np.uint32, 8: np.uint64}[a.dtype.itemsize])


def _inputs(dtype: str, n: int, rng) -> tuple[np.ndarray, np.ndarray]:
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        with np.errstate(over="ignore"):
            return sample(dtype, n, rng)[:n], (rng.standard_normal(n) * 3).astype(dtype)
    if dtype.kind == "b":
        return rng.integers(0, 2, n).astype(bool), rng.integers(0, 2, n).astype(bool)
    info = np.iinfo(dtype)
    return (rng.integers(max(info.min, -300), min(info.max, 300), n, endpoint=True).astype(dtype),
            rng.integers(max(info.min, -3), 4, n).astype(dtype))


def test_every_row_and_pass_of_the_table_has_its_ufunc():
    """Generated from the table (non-public rows such as gelu_tanh too), named
    <row>[_<pass>], inputs the arrays then the row's parameters; each pickles
    by name to the same object."""
    for index, row in enumerate(_table.elementwise()):
        for pass_ in _table.PASSES:
            name = row.name if pass_ == "forward" else f"{row.name}_{pass_}"
            if pass_ == "backward_y" and not row.has_y_kernel:
                assert not hasattr(ufuncs, name)
                continue
            ufunc = getattr(ufuncs, name)
            assert isinstance(ufunc, np.ufunc) and ufunc.__name__ == name
            assert ufuncs.BY_KERNEL[(index, pass_)] is ufunc
            assert ufunc.nin == (1 if pass_ in ("forward", "derivative") else 2) + len(row.params)
            assert ufunc.nout == 1
            assert pickle.loads(pickle.dumps(ufunc)) is ufunc
    # every row is reached by a parameter set of the tests below
    assert {case.values[2].name for case in CASE_PARAMS} == {r.name for r in _table.elementwise()}


def test_activations_hold_their_ufuncs():
    assert fa.sigmoid.ufunc is ufuncs.sigmoid
    assert fa.sigmoid.ufuncs == {"forward": ufuncs.sigmoid, "derivative": ufuncs.sigmoid_derivative,
                                 "backward_x": ufuncs.sigmoid_backward_x,
                                 "backward_y": ufuncs.sigmoid_backward_y}
    assert fa.silu.ufunc is ufuncs.swish  # aliases share the row
    assert set(fa.gelu.ufuncs) == {"forward", "derivative", "backward_x"}


@pytest.mark.filterwarnings("ignore:overflow encountered in cast:RuntimeWarning")
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name, params, row, full", CASE_PARAMS)
def test_ufunc_equals_the_activation_bit_for_bit(name, params, row, full, dtype, isa, rng):
    """Every (row, pass, dtype) on every ISA: contiguous (one kernel call), strided
    (gathered runs), and parameters varying along the array (one run per value)."""
    act = fa.get(name)
    x, dy = _inputs(dtype, 700, rng)
    with np.errstate(all="ignore"):
        y = act(x, **params)
    for pass_ in passes_for(name, params):
        want = call(pass_, act, x, dy, params, y=y)
        got = _ufunc_call(row, pass_, full, x, dy, y)
        assert got.dtype == want.dtype, (pass_, got.dtype, want.dtype)
        np.testing.assert_array_equal(_bits(got), _bits(want), err_msg=f"{pass_} contiguous")
        strided = _ufunc_call(row, pass_, full, x[::2], dy[::2], y[::2])
        np.testing.assert_array_equal(_bits(strided), _bits(want[::2]), err_msg=f"{pass_} strided")
    if row.params:  # the first parameter alternating between its value and the default
        first = row.params[0]
        # an array parameter in the type the kernel runs in (a float64 one would
        # take float16 and float32 inputs to the float64 loop, as NumPy does)
        kernel_dtype = compute_dtypes(x.dtype, "test")[0]
        values = np.resize([full[first.name], first.default], x.size).astype(kernel_dtype)
        varying = dict(full, **{first.name: values})
        other_params = {k: v for k, v in params.items() if k != first.name}
        for pass_ in passes_for(name, params):
            if pass_ not in passes_for(name, other_params):
                continue
            got = _ufunc_call(row, pass_, varying, x, dy, y)
            want_default = call(pass_, act, x, dy, other_params, y=y)
            want = call(pass_, act, x, dy, params, y=y)
            np.testing.assert_array_equal(_bits(got[0::2]), _bits(want[0::2]), err_msg=pass_)
            np.testing.assert_array_equal(_bits(got[1::2]), _bits(want_default[1::2]), err_msg=pass_)


def test_dtype_rule_follows_fastact_not_numpy_defaults():
    """int8 would go to a float16 loop under NumPy's default resolution:
    bool and integers compute in float64, float16 in float32 and comes back
    as float16, mixed inputs as the activation's result_type."""
    for dtype in ("bool", "int8", "uint8", "int16", "int32", "uint32", "int64", "uint64"):
        x = np.array([0, 1, 3], dtype=dtype)
        result = ufuncs.sigmoid(x)
        assert result.dtype == np.float64, dtype
        np.testing.assert_array_equal(result, fa.sigmoid(x.astype(np.float64)))
    assert ufuncs.leaky_relu(np.int8([-4]), 0.5).dtype == np.float64
    h = np.array([-2.0, 0.5, 7.0], np.float16)
    assert ufuncs.tanh(h).dtype == np.float16
    np.testing.assert_array_equal(ufuncs.tanh(h), fa.tanh(h.astype(np.float32)).astype(np.float16))
    assert ufuncs.sigmoid(np.float32(0.5)).dtype == np.float32  # scalar in, NumPy scalar out
    assert isinstance(ufuncs.sigmoid(0.5), np.float64)
    for dy, x in ((np.int8, np.float32), (np.int8, np.float16), (np.uint8, np.int8),
                  (np.int64, np.float32)):
        a, b = np.ones(3, dy), np.arange(3).astype(x)
        assert ufuncs.tanh_backward_x(a, b).dtype == fa.tanh.backward(a, b).dtype, (dy, x)
    assert ufuncs.sigmoid.types[:2] == ["?->d", "b->d"] and "e->e" in ufuncs.sigmoid.types


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128, np.object_, np.str_, np.longdouble,
                                   "datetime64[s]"])
def test_unsupported_dtypes_are_a_type_error_naming_the_dtype(dtype):
    dtype = np.dtype(dtype)
    if dtype == np.float64:  # longdouble is float64 on some platforms
        pytest.skip("longdouble is float64 here")
    x = np.array([1, 2]).astype(dtype)
    dtype = re.escape(str(x.dtype))
    with pytest.raises(TypeError, match=f"sigmoid does not support dtype {dtype}"):
        ufuncs.sigmoid(x)
    with pytest.raises(TypeError, match=f"leaky_relu_backward_x does not support dtype {dtype}"):
        ufuncs.leaky_relu_backward_x(np.ones(2), x, 0.5)
    with pytest.raises(TypeError):  # NumPy's own message where the dtypes are fine
        ufuncs.sigmoid(np.ones(2), dtype=np.int8)


def test_kernels_raise_no_floating_point_warnings():
    x = np.array([-1e4, -100.0, 0.0, 100.0, 1e4, np.inf, -np.inf, np.nan], np.float32)
    with np.errstate(all="raise"):
        for name in ("sigmoid", "softplus", "elu", "mish", "gelu"):
            act = fa.get(name)
            np.testing.assert_array_equal(_bits(act.ufunc(x, *act._defaults)), _bits(act(x)))


def test_large_contiguous_calls_use_the_thread_pool():
    """The common case reaches the kernel in one call, so the pool splits it."""
    before = fa.get_num_threads()
    try:
        fa.set_num_threads(2)
        x = np.linspace(-5, 5, 20 * 32768, dtype=np.float32)
        ranges = _core.worker_ranges()
        # the caller may run every range itself while the worker is descheduled
        # (a loaded 2-core machine did so 20 calls in a row): call until the
        # worker has taken a range, a bounded number of times
        for _ in range(2000):
            result = ufuncs.leaky_relu(x, 0.25)  # a Python float parameter
            if _core.worker_ranges() > ranges:
                break
        assert _core.worker_ranges() > ranges
        np.testing.assert_array_equal(result, fa.leaky_relu(x, negative_slope=0.25))
    finally:
        fa.set_num_threads(before)


def test_out_in_place_and_broadcasting():
    x = np.linspace(-3, 3, 12).reshape(3, 4)
    want = fa.leaky_relu(x, negative_slope=0.5)
    y = x.copy()
    assert ufuncs.leaky_relu(y, 0.5, out=y) is y
    np.testing.assert_array_equal(y, want)
    per_row = ufuncs.leaky_relu(x, np.array([[0.5], [0.25], [0.5]]))
    np.testing.assert_array_equal(per_row[[0, 2]], want[[0, 2]])
    np.testing.assert_array_equal(per_row[1], fa.leaky_relu(x[1], negative_slope=0.25))


def test_ufuncs_follow_the_selected_isa(rng):
    """Where two ISAs give different bits (a ULP here and there), the ufunc gives
    the selected one's: one dispatch table for activations and ufuncs."""
    isas = _core.isas_supported()
    if len(isas) < 2:
        pytest.skip("one ISA on this machine")
    x = sample(np.float32, 20_000, rng)
    previous = _core.current_isa()
    try:
        found = 0
        for name in ("sigmoid", "tanh", "gelu", "mish", "elu", "softplus", "swish"):
            act = fa.get(name)
            results = {}
            for isa in isas:
                _core.select_isa(isa)
                results[isa] = (act(x), act.ufunc(x, *act._defaults))
            for isa, (want, got) in results.items():
                np.testing.assert_array_equal(_bits(got), _bits(want), err_msg=f"{name} {isa}")
            found += any(not np.array_equal(_bits(results[isas[0]][0]), _bits(r[0]))
                         for r in results.values())
        assert found, "no function differs between ISAs: this test shows nothing"
    finally:
        _core.select_isa(previous)
