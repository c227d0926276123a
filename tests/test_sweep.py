"""The C accuracy sweep behind benchmarks/accuracy.py agrees with the NumPy
measure (fastact._accuracy.ulp_error) on the same inputs."""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa
from fastact import _core, _table
from fastact._accuracy import near_derivative_zero, ulp_error

STRIDE = 99_991  # about 43,000 float32 bit patterns over the whole range


@pytest.mark.parametrize("name", ["sigmoid", "gelu", "swish", "elu", "softplus"])
@pytest.mark.parametrize("pass_", [0, 1])
def test_c_sweep_matches_numpy_ulp_error(name, pass_):
    activation = fa.get(name)
    spec, full = _table.resolve(name, {})
    zeros = tuple(float(z) for z in spec.derivative_zeros(full)) if pass_ else ()
    x = np.arange(0, 1 << 32, STRIDE, dtype=np.uint64).astype(np.uint32).view(np.float32)
    run = activation if pass_ == 0 else activation.derivative
    found = _core.sweep_f32(activation._kernel({}, name), pass_, activation._padded_defaults,
                            0, 1 << 32, STRIDE, zeros)
    assert set(found) == set(_core.isas_supported())
    info = np.finfo(np.float32)
    best = _core.best_isa()
    _core.select_isa(best)
    with np.errstate(all="ignore"):
        exact = run(x.astype(np.float64))  # the sweep's reference: best ISA's float64 kernel
    normal = (np.abs(exact) >= info.tiny) & (np.abs(exact) <= info.max)
    if pass_:
        normal &= ~near_derivative_zero(name, {}, np.where(np.isnan(x), 0, x))
    for isa, (max_ulp, at, normal_ulp, normal_at, count) in found.items():
        _core.select_isa(isa)
        try:
            with np.errstate(all="ignore"):
                errors = ulp_error(run(x), exact)
        finally:
            _core.select_isa(best)
        assert count == x.size
        assert max_ulp == errors.max()
        assert normal_ulp == np.where(normal, errors, 0).max()
        assert errors[np.flatnonzero(x.view(np.uint32) == at)[0]] == max_ulp
