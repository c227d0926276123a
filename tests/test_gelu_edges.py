"""gelu where its kernels switch: the float32 SIMD kernel (erf form) clamps |x|
at 14.5419921875, rounds x Phi(x) once where it is subnormal (x in [-14.54,
-13]) and reads R(|x|) = e^(x^2/2) Phi(-|x|) from polynomial pieces that
change at the bits of |x| + 1 (the generic kernel, baseline's, clamps at
-14.8); the float64 one clamps at -39 and 16 and switches erfc's form at
|x| = 0.7071; the tanh form's SIMD bodies switch to their limits at the
exponential's range; every ISA, odd lengths so that masked tails see the
same inputs."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import assert_pass_accuracy, call, expected, fa


def _grid(dtype) -> np.ndarray:
    dtype = np.dtype(dtype)
    step = 7 if dtype == np.float32 else 1 << 40
    bits = np.dtype("u4" if dtype == np.float32 else "u8")
    parts = []
    # float32 SIMD clamp, subnormal products, zero of f'; float64 SIMD clamp and
    # the switch between erfc's two forms at |x| / sqrt2 = 0.5
    for anchor in (-14.8, 14.8, -13.0, -0.7518, 0.0, -39.0, 16.0, 0.7071067811865476,
                   -0.7071067811865476):
        a = np.array(anchor, dtype)
        parts.append(np.nextafter(a, dtype.type(np.inf)) if anchor == 0.0 else a)
        around = a.view(bits).astype(np.int64) + np.arange(-600, 601)
        parts.append(around[around > 0].astype(bits).view(dtype))
    # the subnormal products: every 7th float32 from -14.9 to -12.9
    lo, hi = np.array([-12.9, -14.9], dtype).view(bits).astype(np.int64)
    parts.append(np.arange(lo, hi, step).astype(bits).view(dtype))
    if dtype == np.float32:
        # csrc/simd/gelu_f32.h: its clamp, and the ends of R's pieces (|x| + 1:
        # AVX-512 steps 1/4 to 1, 1/2 to 3, 1 to 7, 2 to 15; AVX2 1/2, 1, 3,
        # 5, 7, 11), both signs, 64 floats either side
        ends = [0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 9.0, 11.0, 13.0,
                14.5419921875]
        for end in ends:
            a = np.array(end, dtype).view(bits).astype(np.int64) + np.arange(-64, 65)
            near = a.astype(bits).view(dtype)
            parts += [near, -near]
    return np.concatenate([np.ravel(p) for p in parts])[:-3]  # not a whole vector


@pytest.mark.parametrize("pass_", ["forward", "derivative", "backward_x"])
def test_gelu_clamp_and_subnormal_products(isa, dtype, pass_):
    x = _grid(dtype)
    dy = np.linspace(-2, 2, x.size).astype(dtype)
    result = call(pass_, fa.gelu, x, dy, {})
    want = expected(pass_, "gelu", x, dy, {})
    assert_pass_accuracy(pass_, "gelu", {}, result, want, x, f"gelu.{pass_} {dtype} on {isa}")


def test_gelu_limits_beyond_the_clamp(isa, dtype):
    x = np.array([-40.0, -100.0, -3e38, -np.inf, 40.0, 1e4, 3e38, np.inf, np.nan], dtype)
    forward = fa.gelu(x)
    assert np.array_equal(forward[:4], np.zeros(4)) and np.signbit(forward[:4]).all()
    assert np.array_equal(forward[4:8], x[4:8])
    slope = fa.gelu.derivative(x)
    assert np.array_equal(slope[:8], [0, 0, 0, 0, 1, 1, 1, 1])
    assert np.isnan(forward[8]) and np.isnan(slope[8])


def _tanh_grid(dtype) -> np.ndarray:
    """gelu_tanh: z = 1.596 x (1 + 0.044715 x^2) crosses the exponential's range
    (|z| ~ 87 .. 110 float, 708 .. 760 double) near these |x|; the SIMD bodies
    switch to the limits there and keep e^-|z| normal inside."""
    dtype = np.dtype(dtype)
    edge = (9.0, 12.5) if dtype == np.float32 else (20.5, 23.0)
    x = np.linspace(edge[0], edge[1], 40001)
    return np.concatenate([x, -x, np.linspace(-5, 5, 4001)]).astype(dtype)[:-5]


@pytest.mark.parametrize("pass_", ["forward", "derivative", "backward_x"])
def test_gelu_tanh_range_edges(isa, dtype, pass_):
    x = _tanh_grid(dtype)
    dy = np.linspace(-2, 2, x.size).astype(dtype)
    params = {"approximate": "tanh"}
    result = call(pass_, fa.gelu, x, dy, params)
    want = expected(pass_, "gelu", x, dy, params)
    assert_pass_accuracy(pass_, "gelu", params, result, want, x, f"gelu_tanh.{pass_} {dtype} on {isa}")


def test_gelu_tanh_limits(isa, dtype):
    x = np.array([-np.inf, -1e30, -200.0, np.inf, 1e30, 200.0, -0.0, 0.0, np.nan], dtype)
    forward = fa.gelu(x, approximate="tanh")
    assert forward[0] == 0 and not np.signbit(forward[0])  # as the generic kernel
    assert np.array_equal(forward[1:3], [0, 0]) and np.signbit(forward[1:3]).all()
    assert np.array_equal(forward[3:6], x[3:6])
    assert np.signbit(forward[6]) and forward[6] == 0 and not np.signbit(forward[7])
    slope = fa.gelu.derivative(x, approximate="tanh")
    assert np.array_equal(slope[:8], [0, 0, 0, 1, 1, 1, 0.5, 0.5])
    assert np.isnan(forward[8]) and np.isnan(slope[8])


def test_gelu_forward_b_minus_m_h_limits(isa):
    """float32 SIMD forward = b - m h (b = max(-0, x), m = min(|x|, 14.8)) with no
    select: beyond the clamp it must round to x exactly (every float above 14.8
    tested by a grid over all exponents) and to -0 below -14.8; +-0 keep their
    sign, tiny and subnormal x give x/2 rounded once."""
    big = np.array(14.8, np.float32).view("u4").astype(np.int64)
    top = np.array(np.finfo(np.float32).max, np.float32).view("u4").astype(np.int64)
    x = np.arange(big + 1, top + 1, 4099).astype("u4").view(np.float32)
    x = np.concatenate([x, [np.finfo(np.float32).max, np.inf]]).astype(np.float32)
    assert np.array_equal(fa.gelu(x), x)
    low = fa.gelu(-x)
    assert np.array_equal(low, np.zeros_like(x)) and np.signbit(low).all()
    zeros = fa.gelu(np.array([0.0, -0.0], np.float32))
    assert np.array_equal(zeros, [0, 0]) and not np.signbit(zeros[0]) and np.signbit(zeros[1])
    tiny = np.array([3e-39, -3e-39, 1.2e-38, -1.2e-38, 1e-30, -1e-30], np.float32)
    want = (tiny.astype(np.float64) / 2).astype(np.float32)  # x Phi(x) = x/2 + x^2/sqrt(2 pi) ...
    assert np.array_equal(fa.gelu(tiny), want)
    # +-2^-149: x/2 is a tie, and x^2/sqrt(2 pi) > 0 breaks it towards +inf (the
    # correctly rounded results: 2^-149 and -0); the generic kernel, in double,
    # lands on the tie and gives +0 (0.5 ULP), so only the sign is held there
    dmin = np.array([1e-45, -1e-45], np.float32)
    got = fa.gelu(dmin)
    assert got[0] in (0.0, dmin[0]) and not np.signbit(got[0]) and got[1] == 0 and np.signbit(got[1])


@pytest.mark.parametrize("n", range(1, 70))
def test_gelu_forward_lengths_offsets(isa, n):
    """Each element's result is independent of the array's length, offset and
    neighbours (masked tails, the edges above mixed into one vector)."""
    pool = np.array([0.0, -0.0, 1e-40, -1e-40, 14.8, -14.8, 14.800001, -14.800001, 5.6, -5.6,
                     -13.2, 1.0, -1.0, 3e38, -3e38, np.inf, -np.inf, np.nan, -0.7518, 2.5],
                    np.float32)
    base = np.resize(pool, n + 20)
    single = np.array([fa.gelu(base[i:i + 1])[0] for i in range(base.size)], np.float32)
    for offset in (0, 1, 3, 7):
        got = fa.gelu(base[offset:offset + n])
        assert np.array_equal(got, single[offset:offset + n], equal_nan=True)


@pytest.mark.parametrize("n", [1, 3, 4, 5, 8, 13, 64, 67])
def test_gelu_float64_nan_is_x_own(isa, n):
    """float64: a NaN x gives x's own NaN, sign and payload (quiet NaNs here),
    forward and derivative, in the vector loops and the masked tails alike.
    The forward had taken the NaN of x or of -|x|, whichever operand the
    compiler put first: another sign in another copy of the loop (the skewed
    loop under ASan, session 13; csrc/simd/gelu_f64.h)."""
    payloads = np.array([0x7FF8000000000000, 0xFFF8000000000000, 0x7FF8000000000123,
                         0xFFFC0000000ABCDE], np.uint64)
    x = np.resize(np.array([0.5, -2.0, 20.0, -50.0]), n)
    for k, bits in enumerate(payloads):
        x[(3 * k + n // 2) % n] = bits.view(np.float64)
    nan = np.isnan(x)
    for got in (fa.gelu(x), fa.gelu.derivative(x)):
        assert np.array_equal(got[nan].view(np.uint64), x[nan].view(np.uint64)), isa
