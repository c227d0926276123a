"""The vector op layer (csrc/simd/avx512.h, avx2.h, neon.h, scalar.h) keeps its
contracts: csrc/simd/op_selftest.h checks every op lane by lane against plain C
on zeros of both signs, subnormals, ties, infinities and NaN, compiled into each
variant, and over the one-lane scalar.h at baseline on every build."""

from __future__ import annotations

import math
import random
import struct
from fractions import Fraction

import pytest

from fastact import _core

NEON = "neon.h" in _core.baseline_target()


@pytest.mark.parametrize("isa", _core.isas_supported())
def test_every_vector_op_keeps_its_contract(isa):
    failed = _core.simd_op_selftest(isa)
    if isa == "baseline" and not NEON:
        assert failed is None  # x86-64's baseline has no vector layer: generic loops only
    else:
        assert failed == [], f"{isa}: ops that broke their contract: {failed}"


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


@pytest.mark.parametrize("f32", [False, True], ids=["float64", "float32"])
def test_scalar_soft_fma_is_rounded_once(f32):
    """Against exact rational arithmetic, on the edges of the ranges (subnormal
    results, overflow, exact cancellation, products whose low half decides a
    tie) and on a seeded random sample of bit patterns."""
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
    wrong = []
    for a, b, c in cases:
        got = _core.scalar_soft_fma(a, b, c, f32)
        want = _fma_oracle(a, b, c, f32)
        same = (math.isnan(got) and math.isnan(want)) or (
            got == want and math.copysign(1, got) == math.copysign(1, want))
        if not same:
            wrong.append((a.hex(), b.hex(), c.hex(), got, want))
    assert not wrong, f"{len(wrong)} of {len(cases)} wrong, e.g. {wrong[:5]}"
