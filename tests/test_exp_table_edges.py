"""The float64 exp-family forwards over the table-driven e^z (csrc/simd/
exp_table_f64.inc) where that e^z switches: the table index and the power of
two change at |z| = (j + 1/2) ln2/16 (z = -|x|, tanh: -2|x|), tanh has no
small-argument branch (tanh x = x for tiny and subnormal x, via e - 1 in
parts), e^z is clamped at -760 and its results turn subnormal beyond 708;
every ISA, odd lengths so that masked tails see the same inputs."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import assert_pass_accuracy, expected, fa

FUNCTIONS = ["sigmoid", "tanh", "softplus", "log_sigmoid", "swish"]


def _grid() -> np.ndarray:
    step = np.log(2) / 32  # |z| = odd multiples of this are the boundaries
    anchors = [step * m for m in (1, 3, 5, 15, 17, 31, 33, 63, 65, 255)]
    anchors += [a / 2 for a in anchors]  # tanh's z = -2|x|
    anchors += [0.5, 1.0, 19.0, 37.0, 354.0, 380.0, 708.0, 745.0, 760.0]
    parts = []
    for a in anchors:
        around = np.array(a).view(np.int64) + np.arange(-300, 301)
        parts.append(around.view(np.float64))
    x = np.concatenate(parts + [np.linspace(-40, 40, 20001)])
    return np.concatenate([x, -x])[:-3]  # not a whole vector


@pytest.mark.parametrize("name", FUNCTIONS)
def test_table_boundaries_and_clamp(isa, name):
    x = _grid()
    result = getattr(fa, name)(x)
    want = expected("forward", name, x, None, {})
    assert_pass_accuracy("forward", name, {}, result, want, x, f"{name} float64 on {isa}")


def test_tanh_tiny_and_subnormal(isa):
    tiny = np.ldexp(1.0, -np.arange(27, 1075, dtype=np.int64))  # down to the least subnormal
    x = np.concatenate([tiny * 1.3, tiny, -tiny, [0.0, -0.0, 1e-300, -5e-324]])[:-1]
    y = fa.tanh(x)
    assert np.array_equal(y, x) and np.array_equal(np.signbit(y), np.signbit(x))


@pytest.mark.parametrize("name", FUNCTIONS)
def test_limits_and_nan(isa, name):
    x = np.array([np.inf, -np.inf, 1e308, -1e308, 800.0, -800.0, np.nan, 0.0, -0.0])
    with np.errstate(all="ignore"):
        want = expected("forward", name, x, None, {})
    result = getattr(fa, name)(x)
    assert np.isnan(result[6])
    assert np.array_equal(result[:6], want[:6].astype(np.float64))
    nonzero = want[:6] != 0  # zero signs: tests/cases.py's exact values
    assert np.array_equal(np.signbit(result[:6])[nonzero], np.signbit(want[:6])[nonzero])
