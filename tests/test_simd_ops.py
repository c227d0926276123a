"""The vector op layer (csrc/simd/avx512.h, avx2.h, neon.h, sse2.h, scalar.h)
keeps its contracts: csrc/simd/op_selftest.h checks every op lane by lane
against plain C on zeros of both signs, subnormals, ties, infinities and NaN,
compiled into each variant, over the one-lane scalar.h at baseline on every
build and over sse2.h on every x86-64 build (the error of a product,
_prod_err, exact over its domain on random and edge inputs: Dekker's product on
sse2.h's float64); the emulated fused ops are held to exact rational
arithmetic."""

from __future__ import annotations

import math
import random
import struct
from fractions import Fraction

import pytest

from fastact import _core

NEON = "neon.h" in _core.baseline_target()


#: x86-64's baseline built over simd/sse2.h (FASTACT_BASELINE_SSE2, the default)
SSE2_BASELINE = "simd/sse2.h" in _core.baseline_target()
#: where the build is for x86-64 (sse2_selftest.c compiles the layer)
X86_64 = _core.sse2_op_selftest() is not None


@pytest.mark.parametrize("isa", _core.isas_supported())
def test_every_vector_op_keeps_its_contract(isa):
    failed = _core.simd_op_selftest(isa)
    if isa == "baseline" and not (NEON or SSE2_BASELINE or "simd/scalar.h" in _core.baseline_target()):
        assert failed is None  # a baseline without a vector layer: generic loops only
    else:
        assert failed == [], f"{isa}: ops that broke their contract: {failed}"


@pytest.mark.skipif(not X86_64, reason="simd/sse2.h is built on x86-64 only")
def test_every_sse2_op_keeps_its_contract():
    """sse2.h, compiled on every x86-64 build, under the same self-test."""
    assert _core.sse2_op_selftest() == []


def test_every_scalar_op_keeps_its_contract():
    """scalar.h, the layer that builds on any CPU, under the same self-test."""
    assert _core.scalar_op_selftest() == []


# ---- scalar.h's exact a*b + c (its fused ops where the target has no FMA) ----------

def _round(exact: Fraction, f32: bool) -> float:
    """exact (nonzero) rounded once to float32 / float64: to nearest, ties to even
    (Python's round of a Fraction), subnormals on their grid, overflow to inf."""
    mantissa, lowest, overflow = (23, -149, 128) if f32 else (52, -1074, 1024)
    sign = -1.0 if exact < 0 else 1.0
    magnitude = abs(exact)
    e = magnitude.numerator.bit_length() - magnitude.denominator.bit_length()
    if magnitude < Fraction(2) ** e:
        e -= 1
    quantum = Fraction(2) ** max(e - mantissa, lowest)
    value = round(exact / quantum) * quantum
    if abs(value) >= Fraction(2) ** overflow:
        return sign * math.inf
    return math.copysign(float(abs(value)), sign)  # 0 keeps the sign of an underflow


def _fma_oracle(a: float, b: float, c: float, f32: bool) -> float:
    """IEEE 754's fusedMultiplyAdd, by exact rational arithmetic where it is finite."""
    if math.isinf(c) and math.isfinite(a) and math.isfinite(b):
        return c  # (a*b may overflow in Python's unfused product)
    if not all(map(math.isfinite, (a, b, c))) or a == 0 or b == 0:
        return a * b + c  # the product is exact: inf, NaN or a signed zero
    exact = Fraction(a) * Fraction(b) + Fraction(c)
    return 0.0 if exact == 0 else _round(exact, f32)  # exact cancellation: +0


def _f32(x: float) -> float:
    return struct.unpack("<f", struct.pack("<f", x))[0]


EDGES64 = [float.fromhex(x) for x in (
    "0x1p-1074", "0x1.fffffffffffffp-1023", "0x1p-1022", "0x1.0000000000001p-1022", "1",
    "0x1.0000000000001p0", "0x1.fffffffffffffp-1", "3", "0x1p511", "0x1.fffffffffffffp1023",
    "0x1p-537", "0x1.ccp-997")]
EDGES32 = [float.fromhex(x) for x in (
    "0x1p-149", "0x1p-126", "0x1.fffffcp-127", "1", "0x1.000002p0", "0x1.fffffep-1", "3",
    "0x1p63", "0x1.fffffep127", "0x1p-75", "0x1.4p-100")]


def _fma_cases(f32: bool) -> list[tuple[float, float, float]]:
    """The edges of the ranges (subnormal results, overflow, exact cancellation,
    products whose low half decides a tie) and a seeded random sample of bit
    patterns."""
    rng = random.Random(17)
    edges = EDGES32 if f32 else EDGES64
    values = [s * x for x in edges for s in (1, -1)]
    cases = [(a, b, c) for a in values for b in values[::3] for c in values[::2]]
    cases += [(a, b, -a * b) for a in values for b in values]  # c the rounded product
    cases += [(1 + 2**-23, 1 - 2**-23, -1.0), (1 + 2**-52, 1 - 2**-52, -1.0), (0.1, 10.0, -1.0)]
    width, fmt = (32, "<I") if f32 else (64, "<Q")
    unpack = "<f" if f32 else "<d"
    for _ in range(3000):
        a, b, c = (struct.unpack(unpack, struct.pack(fmt, rng.getrandbits(width)))[0] for _ in range(3))
        cases.append((a, b, c))
        cases.append((a, b, -a * b if math.isfinite(a * b) else c))
    if f32:  # float32 operands (a c of -a*b past float32's range left out)
        cases = [tuple(map(_f32, case)) for case in cases
                 if not any(math.isfinite(v) and abs(v) > 3.4e38 for v in case)]
    return cases


def _same(got: float, want: float) -> bool:
    return (math.isnan(got) and math.isnan(want)) or (
        got == want and math.copysign(1, got) == math.copysign(1, want))


@pytest.mark.parametrize("f32", [False, True], ids=["float64", "float32"])
def test_scalar_soft_fma_is_rounded_once(f32):
    """Against exact rational arithmetic (_fma_cases)."""
    cases = _fma_cases(f32)
    wrong = []
    for a, b, c in cases:
        got = _core.scalar_soft_fma(a, b, c, f32)
        want = _fma_oracle(a, b, c, f32)
        if not _same(got, want):
            wrong.append((a.hex(), b.hex(), c.hex(), got, want))
    assert not wrong, f"{len(wrong)} of {len(cases)} wrong, e.g. {wrong[:5]}"


# ---- sse2.h's fused ops: float64 exact, float32 through double ----------------------

def _hard_f64_cases(count: int) -> list[tuple[float, float, float]]:
    """Products whose low half decides the rounding: c near -a*b (cancellation,
    Sterbenz), c a few ULP of a*b off, c far below a*b (the low half of a*b and
    c both count), and magnitudes near the exact path's range ends (2^995,
    2^1020, tiny products with tiny c), where sse2.h takes the integer path."""
    rng = random.Random(6)
    cases = []
    for _ in range(count):
        a = rng.uniform(-2, 2) * 2.0 ** rng.randint(-60, 60)
        b = rng.uniform(-2, 2) * 2.0 ** rng.randint(-60, 60)
        p = a * b
        for c in (-p, -p * (1 + rng.randint(-4, 4) * 2.0**-52), p * 2.0**-rng.randint(1, 60),
                  -p * 2.0 ** rng.randint(1, 60), rng.uniform(-1, 1) * 2.0 ** rng.randint(-80, 80)):
            cases.append((a, b, c))
    for e in (994, 995, 996, 1019, 1020, 1021, -480, -481, -530, -900, -901):
        cases += [(1.5 * 2.0**e, 1 + 2**-52, -(2.0**e)), (2.0**e * 1.25, 0.75, 2.0 ** (e - 60)),
                  (2.0 ** (e // 2) * 1.1, 2.0 ** (e - e // 2) * 1.3, -(2.0**e) * 1.43),
                  (3.0, 2.0**e, 2.0**-1074), (2.0**-480 * 1.7, 2.0**e * 1.3, 2.0**-1000)]
    return cases


@pytest.mark.skipif(not X86_64, reason="simd/sse2.h is built on x86-64 only")
def test_sse2_fma_float64_is_rounded_once():
    """Dekker's product, two TwoSums and a rounding to odd, with the integer
    emulation for the lanes out of that path's range: exact on every case."""
    cases = _fma_cases(False) + _hard_f64_cases(3000)
    wrong = [(a.hex(), b.hex(), c.hex(), got, want) for a, b, c in cases
             if not _same(got := _core.sse2_fma(a, b, c), want := _fma_oracle(a, b, c, False))]
    assert not wrong, f"{len(wrong)} of {len(cases)} wrong, e.g. {wrong[:5]}"


def _float_midpoint(d: float) -> bool:
    """d (a double) lies exactly halfway between two adjacent floats."""
    f = _f32(d)
    if not math.isfinite(f) or d == f:
        return False
    other = _f32(2 * d - f) if math.isfinite(2 * d - f) else f
    return other != f and 2 * d == f + other


@pytest.mark.skipif(not X86_64, reason="simd/sse2.h is built on x86-64 only")
def test_sse2_fma_float32_rounds_twice_only_on_a_midpoint():
    """(double)a*b + c rounded to double, then to float: a*b is exact in double,
    so the result is a*b + c rounded once except where the double sum is
    inexact and lands on a midpoint between floats (then the other neighbour:
    one ULP off). Every exact-result fused op (two-product errors, Cody-Waite
    reductions) is exact; constructed double-rounding cases show the one way
    it differs."""
    cases = _fma_cases(True)
    rng = random.Random(32)
    exact_ops = []
    for _ in range(3000):  # a*b - RN(a*b) and x - k*c_hi are floats: exact
        a, b = _f32(rng.uniform(-4, 4)), _f32(rng.uniform(-4, 4))
        exact_ops.append((a, b, -_f32(a * b)))
        k, c_hi = float(rng.randint(-150, 150)), _f32(0.693145751953125)  # ln 2 with 12 bits
        exact_ops.append((-k, c_hi, _f32(k * 0.6931471805599453 + rng.uniform(-0.3, 0.3))))
    wrong, twice = [], 0
    for a, b, c in cases + exact_ops:
        got, want = _core.sse2_fma(a, b, c, True), _fma_oracle(a, b, c, True)
        if _same(got, want):
            continue
        double = a * b + c  # Python's: a*b exact in double, the sum rounded once
        if (a, b, c) not in exact_ops and _float_midpoint(double) and got == _f32(double):
            twice += 1
            continue
        wrong.append((a.hex(), b.hex(), c.hex(), got, want))
    assert not wrong, f"{len(wrong)} wrong, e.g. {wrong[:5]}"
    # constructed: a*b + c = 1 + 2^-24 + 2^-56, just above the midpoint between
    # 1 and 1 + 2^-23: rounded once, 1 + 2^-23; the double is the midpoint
    # 1 + 2^-24, which ties to even: 1, one ULP off
    a, b, c = -(1 - 2**-16) * 2**-24, 1 + 2**-16, 1 + 2**-23
    assert (a, b, c) == (_f32(a), _f32(b), _f32(c))
    assert Fraction(a) * Fraction(b) + Fraction(c) == 1 + Fraction(1, 2**24) + Fraction(1, 2**56)
    assert _fma_oracle(a, b, c, True) == 1 + 2**-23
    assert _core.sse2_fma(a, b, c, True) == 1.0 == _f32(a * b + c)
