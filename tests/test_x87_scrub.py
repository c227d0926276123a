"""Large calls zero the x87 registers where they hold values (dispatch.c's
fa_x87_scrub: on AMD Zen 4 they slowed the AVX2 kernels by about 6%), keeping
the x87 environment: long double arithmetic (precision control, the values it
computes) is the same after the calls as before."""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa

EXTENDED = np.finfo(np.longdouble).nmant == 63  # x87's 80-bit format

pytestmark = pytest.mark.skipif(not EXTENDED, reason="long double is not x87's extended format")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("threads", [1, 2])
def test_long_double_unchanged_by_large_calls(dtype, threads):
    before = fa.get_num_threads()
    fa.set_num_threads(threads)
    try:
        x = np.linspace(-5, 5, 200_003).astype(dtype)
        one, tiny = np.longdouble(1), np.longdouble(2) ** -62
        third = np.longdouble(1) / np.longdouble(3)  # x87 in use before the call
        for _ in range(3):
            y = fa.tanh(x)
            assert one + tiny > one  # 64-bit precision control kept
            assert np.longdouble(1) / np.longdouble(3) == third
        assert np.array_equal(fa.tanh(x), y)  # the same bits, scrubbed or not
    finally:
        fa.set_num_threads(before)
