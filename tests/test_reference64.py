"""The float64 accuracy sweep's oracle (benchmarks/reference64.py) against mpmath
at 50 digits: a few hundred points, in the ranges where an oracle goes wrong
(cancellation next to zeros of f', exp tails, gelu's erfc, overflow edges)."""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

from fastact import _table, reference

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
reference64 = pytest.importorskip("reference64")

ROWS = [spec.name for spec in _table.elementwise()]
#: well below a float64 ULP: the sweep's figures are good to this
BOUND_ULP = 0.01


def probe_points(row: str) -> np.ndarray:
    """About 40 inputs: random over [-40, 40] and [-800, 800], the exp tails, huge
    and tiny magnitudes, and points 1e-3 to 1e-9 away from each zero of f'."""
    rng = np.random.default_rng(zlib.crc32(row.encode()))
    spec = next(s for s in _table.ACTIVATIONS if s.name == row)
    zeros = np.array(spec.derivative_zeros(reference64.defaults(row)))
    offsets = np.array([1e-3, -1e-5, 1e-7, -1e-9])
    near_zero = (zeros[:, None] * (1 + offsets)).ravel()
    fixed = [-745.0, -708.5, -37.9, -20.5, 19.5, 36.9, 709.5, 1e-300, -3e-310, 1e300, -1e300]
    return np.concatenate([rng.uniform(-40, 40, 20), rng.uniform(-800, 800, 6), fixed, near_zero])


@pytest.mark.parametrize("row", ROWS)
def test_oracle_matches_mpmath(row):
    x = probe_points(row)
    found = reference64.self_check(row, x)
    for pass_, (error, at) in found.items():
        assert error < BOUND_ULP, f"{row} {pass_}: oracle off by {error:.3g} float64 ULP at x = {at!r}"


@pytest.mark.parametrize("row", ROWS)
def test_oracle_limits_match_the_twins(row):
    """At +-inf and NaN the oracle gives the twins' (float64) limits (selu's
    -scale * alpha to a float64 rounding: the oracle's constants are exact)."""
    x = np.array([np.inf, -np.inf, np.nan])
    name, keywords = ("gelu", {"approximate": "tanh"}) if row == "gelu_tanh" else (row, {})
    twin = getattr(reference, name)
    with np.errstate(all="ignore"):
        expected = (twin(x, **keywords), twin.derivative(x, **keywords))
    for got, want in zip(reference64.exact(row, x), expected):
        np.testing.assert_allclose(got.astype(np.float64), want, rtol=4e-16)


def test_self_check_sees_a_wrong_oracle(monkeypatch):
    """A reference off by 2**-58 relative (1/32 ULP) is caught."""
    right = reference64.exact
    monkeypatch.setattr(reference64, "exact",
                        lambda row, x: tuple(v * (1 + np.longdouble(2) ** -58) for v in right(row, x)))
    found = reference64.self_check("sigmoid", np.array([-3.0, 0.5, 2.0]))
    assert found["forward"][0] > BOUND_ULP
