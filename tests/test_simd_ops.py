"""The vector op layer (csrc/simd/avx512.h, avx2.h, neon.h) keeps its contracts:
csrc/simd/op_selftest.h checks every op lane by lane against plain C on zeros of
both signs, subnormals, ties, infinities and NaN, compiled into each variant."""

from __future__ import annotations

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
