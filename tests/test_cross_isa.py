"""The ISAs against each other, per elementwise (activation, pass, dtype) cell
(issue 17 item 2): on a dense sample over the whole range (tools/cross_isa_ulp.py,
whose table ACCURACY.md records), two ISAs' results must be within twice the
cell's bound of tests/cases.py of each other, since each is within the bound of
the truth; cells without a bound (exact functions) must agree bit for bit."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from fastact import _table

from cases import ulp_bound
from helpers import isas_under_test, load_tool

tool = load_tool("cross_isa_ulp")

#: spread inputs per dtype (the tool's default for ACCURACY.md is 2**20)
N = 1 << 18


def _cells() -> list:
    return [pytest.param(row, pass_, dtype, id=f"{row}-{pass_}-{dtype}")
            for row, pass_, dtype in tool.cells()]


@pytest.mark.parametrize("row, pass_, dtype", _cells())
def test_isas_agree_within_twice_the_bound(row, pass_, dtype):
    isas = isas_under_test()
    if len(isas) < 2:
        pytest.skip(f"one ISA under test here ({isas})")
    public = _table.public_call(row)[0]
    bound = ulp_bound(public, pass_, dtype)
    found = tool.compare(row, pass_, dtype, isas, N)
    problems = [f"{a} vs {b}: {apart:.3g} ULP apart, {absolute:.3g} eps next to a zero of f' "
                f"({100 * fraction:.2g}% differ), allowed {2 * bound}"
                for (a, b), (apart, absolute, fraction) in found.items()
                if not (apart <= 2 * bound and absolute <= 2 * bound)]
    assert not problems, "\n".join(problems)


def test_ulp_apart_measures_in_the_larger_ulp():
    """The measure itself: 1 ULP of the larger operand, 0 for equal bits and NaN
    pairs, inf for NaN against a number."""
    one = np.float32(1.0)
    below = np.nextafter(one, np.float32(0))  # half the spacing of 1
    a = np.array([one, one, np.nan, np.nan, np.inf, 0.0], np.float32)
    b = np.array([np.nextafter(one, np.float32(2)), below, np.nan, 1.0, np.inf, -0.0], np.float32)
    assert tool.ulp_apart(a, b).tolist() == [1.0, 0.5, 0.0, np.inf, 0.0, 0.0]


def test_compare_sees_a_difference(monkeypatch):
    """compare() reports a result one ULP off on one ISA (the comparison is not
    vacuous): the second ISA's results are moved up by one ULP."""
    isas = isas_under_test()
    if len(isas) < 2:
        pytest.skip("one ISA under test here")
    run, seen = tool.run, []

    def off_by_one(row, pass_, x, dy):
        seen.append(None)
        y = run(row, pass_, x, dy)
        return np.nextafter(y, y.dtype.type(np.inf)) if len(seen) == 2 else y

    monkeypatch.setattr(tool, "run", off_by_one)
    found = tool.compare("sigmoid", "forward", "float32", isas[:2], 1 << 12)
    apart, _, fraction = found[tuple(isas[:2])]
    assert apart >= 1.0 and fraction > 0.9
    assert set(found) == set(itertools.combinations(isas[:2], 2))
