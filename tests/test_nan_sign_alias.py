"""softplus keeps x's own NaN whichever loop runs: the downward loop (out just
above x modulo 4096) once gave -NaN where the upward one gave +NaN (AVX-512
float32, found by tests/test_ufuncs.py through a ufunc's output placement)."""

import numpy as np
import pytest

import fastact as fa
from fastact import _core


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("beta", [1.0, 0.5])
def test_softplus_nan_same_bits_every_placement(dtype, beta):
    x0 = np.array([np.nan, -np.nan, 1.0, np.inf, -np.inf, 30.0, -100.0] * 8, dtype)
    n, size = x0.size, x0.itemsize
    previous = _core.current_isa()
    try:
        for isa in _core.isas_supported():
            _core.select_isa(isa)
            want = fa.softplus(x0, beta=beta).view(np.uint8)
            assert np.isnan(fa.softplus(x0, beta=beta)[:2]).all()
            backing = np.zeros(8192 // size, dtype)
            x = backing[:n]
            x[:] = x0
            for offset in range(size, 640, size):
                out_backing = np.zeros((4096 + 1024) // size, dtype)
                start = (x.ctypes.data + offset - out_backing.ctypes.data) % 4096 // size
                out = out_backing[start : start + n]
                got = fa.softplus(x, beta=beta, out=out).view(np.uint8)
                np.testing.assert_array_equal(got, want, err_msg=f"{isa} offset {offset}")
    finally:
        _core.select_isa(previous)
