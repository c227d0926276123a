"""silu (swish, beta = 1) float32 forward over the table-driven e^|x|
(csrc/simd/silu_f32.inc): table index and power of two switch at |x| = odd
multiples of ln2/32; vectors with a lane beyond |x| = 87 (the deep negative
tail down to subnormals and 0, large x, +-inf) take swish.inc's body for those
lanes only, so an element's result must not depend on its neighbours, its
offset or the length (AVX-512: blocks of 16 vectors unchecked, redone per
vector where one has such a lane; then one vector a step, then a masked tail);
every ISA."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import assert_pass_accuracy, expected, fa


def _grid() -> np.ndarray:
    step = np.log(2) / 32
    anchors = [step * m for m in (1, 3, 5, 15, 17, 31, 33, 63, 65, 255)]
    anchors += [0.5, 1.0, 1.2785, 16.0, 17.0, 20.0, 86.9, 87.0, 87.5, 88.8, 89.5, 92.0, 103.0, 104.0, 105.0]
    parts = []
    for a in anchors:
        around = np.array(a, dtype=np.float32).view(np.int32) + np.arange(-300, 301, dtype=np.int32)
        parts.append(around.view(np.float32))
    tiny = np.ldexp(np.float32(1), -np.arange(20, 150)).astype(np.float32)
    x = np.concatenate(parts + [tiny, np.linspace(-110, 110, 40001, dtype=np.float32)])
    return np.concatenate([x, -x])[:-5]  # not a whole vector


def test_table_boundaries_clamp_and_tails(isa):
    x = _grid()
    result = fa.swish(x)
    want = expected("forward", "swish", x, None, {})
    assert_pass_accuracy("forward", "swish", {}, result, want, x, f"silu float32 on {isa}")


SPECIAL = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 3.4e38, -3.4e38, 87.0, -87.0, 87.00001,
                    -87.00001, -100.0, -104.0, -110.0, 1e-45, -1e-45, 1.0, -1.0], dtype=np.float32)


def test_special_values(isa):
    y = fa.swish(SPECIAL)
    assert np.isnan(y[4])
    assert np.array_equal(np.signbit(y[:4]), [False, True, False, True])
    assert y[0] == 0 and y[1] == 0 and y[2] == np.inf and y[3] == 0
    assert y[5] == np.float32(3.4e38) and y[6] == 0 and np.signbit(y[6])
    assert y[14] == np.float32(1e-45) * np.float32(0.5) or y[14] == np.float32(1e-45)
    assert y[11] < 0 and y[12] < 0  # -x e^x is subnormal, not flushed


def _mixed(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(n) * 4).astype(np.float32)
    at = rng.choice(n, n // 7, replace=False)
    x[at] = rng.choice(SPECIAL, at.size)
    return x


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """bitwise, any NaN matching any NaN (the baseline's NaN signs vary)"""
    nan = np.isnan(a)
    return np.array_equal(nan, np.isnan(b)) and np.array_equal(a[~nan].view(np.uint32), b[~nan].view(np.uint32))


def _sparse(n: int, seed: int) -> np.ndarray:
    """mostly in range, a few lanes beyond 87: blocks of vectors with and
    without one (the AVX-512 loop computes a block of 16 vectors unchecked
    and redoes it lane by lane where one was beyond)"""
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(n) * 4).astype(np.float32)
    at = rng.choice(n, 9, replace=False)
    x[at] = rng.choice(SPECIAL[2:14], at.size)
    return x


@pytest.mark.parametrize("make", [_mixed, _sparse])
def test_result_independent_of_neighbours_offset_and_length(isa, make):
    x = make(4099, 0)
    full = fa.swish(x)
    alone = np.concatenate([fa.swish(x[i:i + 1]) for i in range(x.size)])
    assert _same(full, alone)
    for offset in range(1, 17):
        assert _same(fa.swish(x[offset:]), full[offset:])
    for n in range(1, 70):
        assert _same(fa.swish(x[:n]), full[:n])
        assert _same(fa.swish(np.ascontiguousarray(x[-n:])), full[-n:])


@pytest.mark.parametrize("beta", [2.0, -0.75, 0.0, 1.0000001])
def test_other_beta_keeps_the_general_body(isa, beta):
    x = _mixed(1001, 1)
    with np.errstate(all="ignore"):
        want = expected("forward", "swish", x, None, {"beta": beta})
    result = fa.swish(x, beta=beta)
    finite = np.isfinite(x)
    assert_pass_accuracy("forward", "swish", {"beta": beta}, result[finite], want[finite], x[finite],
                         f"swish beta={beta} float32 on {isa}")


# silu' and backward from x over the same u (silu_f32.inc's slope core): the
# band around the zero of f' (x = -1.2785) is held in absolute terms by
# assert_pass_accuracy, relative elsewhere; lanes beyond |x| = 87 through
# swish.inc's derivative per lane.
def _zero_band() -> np.ndarray:
    around = np.array(-1.2784645, dtype=np.float32).view(np.int32) + np.arange(-3000, 3001, dtype=np.int32)
    return np.concatenate([around.view(np.float32), np.linspace(-2.0, -0.5, 20001, dtype=np.float32)])


@pytest.mark.parametrize("pass_", ["derivative", "backward_x"])
def test_slope_grid_zero_band_and_tails(isa, pass_):
    x = np.concatenate([_grid(), _zero_band()])
    dy = np.random.default_rng(2).standard_normal(x.size).astype(np.float32)
    if pass_ == "derivative":
        result = fa.swish.derivative(x)
    else:
        result = fa.swish.backward(dy, x)
    want = expected(pass_, "swish", x, dy, {})
    assert_pass_accuracy(pass_, "swish", {}, result, want, x, f"silu' float32 {pass_} on {isa}")


def test_slope_special_values(isa):
    d = fa.swish.derivative(SPECIAL)
    assert np.isnan(d[4])
    assert d[0] == 0.5 and d[1] == 0.5 and d[2] == 1.0 and d[3] == 0.0
    assert d[5] == 1.0 and d[6] == 0.0
    assert d[7] == np.float32(1.0) and d[8] < 0 and d[9] == 1.0 and d[10] < 0
    assert d[11] < 0 and d[12] < 0  # -x e^x (for large -x): subnormal, not flushed
    assert 0 < -d[12] < np.finfo(np.float32).tiny
    assert d[14] == 0.5 and d[15] == 0.5
    b = fa.swish.backward(np.full(SPECIAL.size, 2.0, np.float32), SPECIAL)
    assert np.array_equal(b[~np.isnan(d)], 2 * d[~np.isnan(d)]) and np.isnan(b[4])


@pytest.mark.parametrize("make", [_mixed, _sparse])
@pytest.mark.parametrize("pass_", ["derivative", "backward_x"])
def test_slope_independent_of_neighbours_offset_and_length(isa, pass_, make):
    x = make(4099, 3)
    dy = np.random.default_rng(4).standard_normal(x.size).astype(np.float32)

    def run(xs, dys):
        return fa.swish.derivative(xs) if pass_ == "derivative" else fa.swish.backward(dys, xs)

    full = run(x, dy)
    alone = np.concatenate([run(x[i:i + 1], dy[i:i + 1]) for i in range(x.size)])
    assert _same(full, alone)
    for offset in range(1, 17):
        assert _same(run(x[offset:], dy[offset:]), full[offset:])
    for n in range(1, 70):
        assert _same(run(x[:n], dy[:n]), full[:n])
        assert _same(run(np.ascontiguousarray(x[-n:]), np.ascontiguousarray(dy[-n:])), full[-n:])


@pytest.mark.parametrize("beta", [2.0, -0.75, 0.0, 1.0000001])
def test_slope_other_beta_keeps_the_general_body(isa, beta):
    x = _mixed(1001, 5)
    dy = np.random.default_rng(6).standard_normal(x.size).astype(np.float32)
    finite = np.isfinite(x)
    for pass_ in ("derivative", "backward_x"):
        with np.errstate(all="ignore"):
            want = expected(pass_, "swish", x, dy, {"beta": beta})
        if pass_ == "derivative":
            result = fa.swish.derivative(x, beta=beta)
        else:
            result = fa.swish.backward(dy, x, beta=beta)
        assert_pass_accuracy(pass_, "swish", {"beta": beta}, result[finite], want[finite], x[finite],
                             f"swish' beta={beta} float32 {pass_} on {isa}")


# float64 (csrc/simd/silu_f64.inc): the same core over exp_table_f64.h's e^m,
# table index and power of two switching at the same odd multiples of ln2/32;
# lanes beyond |x| = 680 through exp_table_f64.inc's swish16_forward and
# swish.inc's swish_derivative; the results of vectors that mix the two must
# not depend on the neighbours either.
def _grid64() -> np.ndarray:
    step = np.log(2) / 32
    anchors = [step * m for m in (1, 3, 5, 15, 17, 31, 33, 63, 65, 255, 1023, 31413)]
    anchors += [0.5, 1.0, 1.2785, 16.0, 37.0, 38.0, 354.0, 679.9, 680.0, 680.1, 700.0, 708.4,
                709.78, 744.4, 745.2, 746.0]
    parts = []
    for a in anchors:
        around = np.array(a).view(np.int64) + np.arange(-300, 301)
        parts.append(around.view(np.float64))
    tiny = np.ldexp(1.0, -np.arange(20, 1075))
    x = np.concatenate(parts + [tiny, np.linspace(-760, 760, 40001)])
    return np.concatenate([x, -x])[:-3]  # not a whole vector


SPECIAL64 = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.7e308, -1.7e308, 680.0, -680.0,
                      np.nextafter(680.0, 1000), -np.nextafter(680.0, 1000), -700.0, -744.0, -760.0,
                      5e-324, -5e-324, 1.0, -1.0])


@pytest.mark.parametrize("pass_", ["forward", "derivative", "backward_x"])
def test_float64_grid_zero_band_and_tails(isa, pass_):
    x = _grid64()
    if pass_ != "forward":
        around = np.array(-1.2784645427610738).view(np.int64) + np.arange(-3000, 3001)
        x = np.concatenate([x, around.view(np.float64), np.linspace(-2.0, -0.5, 20001)])
    dy = np.random.default_rng(7).standard_normal(x.size)
    result = {"forward": lambda: fa.swish(x), "derivative": lambda: fa.swish.derivative(x),
              "backward_x": lambda: fa.swish.backward(dy, x)}[pass_]()
    want = expected(pass_, "swish", x, dy, {})
    assert_pass_accuracy(pass_, "swish", {}, result, want, x, f"silu float64 {pass_} on {isa}")


def test_float64_special_values(isa):
    y = fa.swish(SPECIAL64)
    assert np.isnan(y[4])
    assert np.array_equal(np.signbit(y[:4]), [False, True, False, True])
    assert y[0] == 0 and y[1] == 0 and y[2] == np.inf and y[3] == 0
    assert y[5] == 1.7e308 and y[6] == 0 and y[7] == 680.0 and y[9] == SPECIAL64[9]
    assert y[11] < 0 and y[12] < 0 and y[13] == 0  # -x e^x: subnormal at -744, not flushed; 0 at -760
    assert y[14] == 5e-324 or y[14] == 0
    d = fa.swish.derivative(SPECIAL64)
    assert np.isnan(d[4])
    assert d[0] == 0.5 and d[1] == 0.5 and d[2] == 1.0 and d[3] == 0.0
    assert d[5] == 1.0 and d[6] == 0.0 and d[7] == 1.0 and d[8] < 0 and d[10] < 0
    assert d[14] == 0.5 and d[15] == 0.5
    b = fa.swish.backward(np.full(SPECIAL64.size, 2.0), SPECIAL64)
    assert np.array_equal(b[~np.isnan(d)], 2 * d[~np.isnan(d)]) and np.isnan(b[4])


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("pass_", ["forward", "derivative", "backward_x"])
def test_float64_independent_of_neighbours_offset_and_length(isa, pass_, sparse):
    """sparse: a few lanes beyond 680, so that some blocks of the AVX-512 range
    loops (loops.inc) have one and others none"""
    rng = np.random.default_rng(8)
    x = rng.standard_normal(2051) * 4
    at = rng.choice(x.size, 5 if sparse else x.size // 7, replace=False)
    x[at] = rng.choice(SPECIAL64, at.size)
    dy = rng.standard_normal(x.size)

    def run(xs, dys):
        if pass_ == "forward":
            return fa.swish(xs)
        return fa.swish.derivative(xs) if pass_ == "derivative" else fa.swish.backward(dys, xs)

    full = run(x, dy)
    alone = np.concatenate([run(x[i:i + 1], dy[i:i + 1]) for i in range(x.size)])
    nan = np.isnan(full)
    assert np.array_equal(nan, np.isnan(alone)) and np.array_equal(full[~nan], alone[~nan])
    for offset in range(1, 9):
        assert np.array_equal(run(x[offset:], dy[offset:]), full[offset:], equal_nan=True)
    for n in range(1, 40):
        assert np.array_equal(run(x[:n], dy[:n]), full[:n], equal_nan=True)


@pytest.mark.parametrize("beta", [2.0, -0.75, 0.0, 1.0000000000000002])
def test_float64_other_beta_keeps_the_general_body(isa, beta):
    rng = np.random.default_rng(9)
    x = rng.standard_normal(1001) * 8
    dy = rng.standard_normal(x.size)
    for pass_ in ("forward", "derivative", "backward_x"):
        want = expected(pass_, "swish", x, dy, {"beta": beta})
        result = {"forward": lambda: fa.swish(x, beta=beta),
                  "derivative": lambda: fa.swish.derivative(x, beta=beta),
                  "backward_x": lambda: fa.swish.backward(dy, x, beta=beta)}[pass_]()
        assert_pass_accuracy(pass_, "swish", {"beta": beta}, result, want, x,
                             f"swish beta={beta} float64 {pass_} on {isa}")
