"""sigmoid and tanh forward where the float32 SIMD bodies switch: sigmoid's
table exponential (sigmoid_f32.h, AVX-512) changes cell where |x| log2e crosses
an odd multiple of 1/32, its polynomial one (AVX2) changes n where it crosses
an odd multiple of 1/2, the results are subnormal for x in [-104, -87], both
clamp at -110; tanh's table (tanh_f32.h) changes cell at |x| = 0.45 + m 159/256 (the
correction is largest relative to the result at the start of cell 1), its
first cell is a polynomial alone, it clamps at 9.3 (tanh rounds to 1 from
9.011); and the limits beyond the clamps. Every ISA, odd lengths so that
masked tails see the same inputs."""

from __future__ import annotations

import numpy as np

from helpers import around as _around, assert_pass_accuracy, expected, fa

LOG2E = 1.4426950408889634


def _check(name: str, x: np.ndarray) -> None:
    x = x[:-3]  # not a whole vector
    result = getattr(fa, name)(x)
    assert_pass_accuracy("forward", name, {}, result, expected("forward", name, x, x, {}), x,
                         f"{name} {x.dtype}")


def test_sigmoid_cells_subnormals_and_clamp(isa, dtype):
    cells = [(m + 0.5) / 16 / LOG2E for m in range(0, 48)] + [(j + 0.5) / LOG2E for j in range(152)]
    deep = np.linspace(-110.0, -86.0, 20001)
    _check("sigmoid", np.concatenate([_around(cells + [87.33, 103.97, 104.0, 110.0], dtype),
                                      deep.astype(dtype)]))


def test_tanh_cells_and_clamp(isa, dtype):
    cells = [0.45 + 159 / 256 * m for m in range(15)]
    small = np.geomspace(1e-4, 1.2, 20001)
    _check("tanh", np.concatenate([_around(cells + [9.011, 9.3], dtype), small.astype(dtype),
                                   -small.astype(dtype)]))


def test_limits_beyond_the_clamps(isa, dtype):
    # just beyond float32's clamps (float64 rounds to its limits further out)
    near = (110.5, 9.4) if dtype == np.float32 else (760.0, 20.0)
    s = fa.sigmoid(np.array([-near[0], -1e4, -3e38, -np.inf, near[0], 1e4, 3e38, np.inf, np.nan], dtype))
    assert np.array_equal(s[:8], [0, 0, 0, 0, 1, 1, 1, 1]) and np.isnan(s[8])
    t = fa.tanh(np.array([-near[1], -1e4, -3e38, -np.inf, near[1], 1e4, 3e38, np.inf, np.nan], dtype))
    assert np.array_equal(t[:8], [-1, -1, -1, -1, 1, 1, 1, 1]) and np.isnan(t[8])


def test_tanh_float64_is_x_where_it_rounds_to_x(isa):
    # |x| < 1.4 2^-27: tanh x = x (1 - x^2/3 ...) rounds to x; the float64
    # bodies give x itself there, AVX2 / AVX-512's Pade quotient by its
    # structure (-2h / 2E with h = -|x|, E = 1), without a select
    mag = np.concatenate([np.geomspace(2.0 ** -60, 1.4 * 2.0 ** -27, 4001),
                          [5e-324, 1e-310, 2.0 ** -1022, 1e-300]])
    x = np.concatenate([mag, -mag])
    want = expected("forward", "tanh", x, x, {}).astype(np.float64)
    assert np.array_equal(want, x)  # the oracle agrees that tanh x rounds to x
    got = fa.tanh(x)
    assert np.array_equal(got.view(np.int64), x.view(np.int64))
