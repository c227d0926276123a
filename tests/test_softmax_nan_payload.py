"""softmax / log_softmax float64 rows whose NaN carries a payload: AVX2's fast
scaling adds n to e's exponent bits (simd/softmax_f64.h, bits_add_shl), where a
NaN's low payload bits would move the exponent and could make e finite, so
fa_smx64_row_max keeps such rows off it. Every ISA the machine runs (the isa
fixture)."""
import numpy as np
import pytest

import fastact as fa


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("payload", [1, 0x7FF, 0x801, 0xFFF, 0x123456789])
@pytest.mark.parametrize("n", [7, 128, 1003])
def test_nan_payload_poisons_its_row_only(isa, name, payload, n):
    rng = np.random.default_rng(payload + n)
    x = rng.normal(size=(3, n))
    nan = np.array([0x7FF8000000000000 | payload], dtype=np.uint64).view(np.float64)[0]
    x[1, n // 2] = nan
    x[2, n - 1] = -nan
    y = getattr(fa, name)(x)
    assert np.isnan(y[1]).all() and np.isnan(y[2]).all()
    want = getattr(fa.reference, name)(x[:1])
    np.testing.assert_allclose(y[:1], want, rtol=1e-14, atol=0)
