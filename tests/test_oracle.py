"""Every row of the table against mpmath (tests/mp_oracle.py, issue 14 item 9):
every elementwise row (gelu_tanh included), softmax, log_softmax and prelu,
every pass, float32 and float64, the tails, kinks and zeros of f', every
parameter edge the validation accepts, the kernels of every ISA and
fastact.reference's twins, within the bounds of tests/cases.py (ACCURACY.md).
The mpmath values are computed once per sample and shared by the ISAs."""

from __future__ import annotations

import pytest

pytest.importorskip("mpmath")

import fastact as fa  # noqa: E402
from fastact import _table, reference  # noqa: E402

import mp_oracle as oracle  # noqa: E402

#: Kernel results the oracle found beyond the bounds, at parameter edges only,
#: not fixed (ACCURACY.md, 2026-12-06 session 3): (label, pass, dtype) -> the
#: most ULP allowed (what every ISA gives today, so a worse one still fails)
#: and why. Every entry must still be needed (test_known_exceptions_are_needed).
KNOWN: dict[tuple[str, str, str], tuple[float, str]] = {
    # none since 2026-12-06 session 3 (h14b): the four misses the oracle found
    # (elu' with |alpha| = 2^70, celu with |alpha| = 2^70, celu' float32 near ln
    # FLT_MAX, softplus float64 with beta = 2^-70) are fixed in the kernels
}


def test_every_row_has_an_oracle():
    """A new row of the table fails here until tests/mp_oracle.py can compute it."""
    assert {spec.name for spec in _table.ACTIVATIONS} <= oracle.covered_rows()
    for spec in _table.elementwise():
        exact = oracle.EXACT[spec.name]
        assert (exact.from_y is not None) == (spec.y_backward is not None), spec.name


def _check(dtype, obj_of, known) -> list[str]:
    problems = []
    for case in oracle.elementwise_cases(dtype):
        for m in oracle.measure_elementwise(case, obj_of(case.name)):
            cap = max(m.bound, known.get((m.label, m.pass_, m.dtype), (0.0, ""))[0])
            if not m.ulp <= cap or not m.band <= m.bound:
                problems.append(f"{m.label} {m.pass_} {m.dtype}: {m.ulp:.3g} ULP at x = {m.at!r} "
                                f"(band {m.band:.3g}), bound {cap}")
    return problems


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_kernels_against_mpmath(isa, dtype):
    problems = _check(dtype, fa.get, KNOWN)
    assert not problems, f"on {isa}:\n" + "\n".join(problems)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_twins_against_mpmath(dtype):
    """fastact.reference at least as accurate as the kernels' bounds on the
    same sample (float64 twins need x87's long double, reference.WIDE_FLOAT64;
    elsewhere float64's own rounding steps remain)"""
    if dtype == "float64" and not reference.WIDE_FLOAT64:
        pytest.skip("the float64 twins round in float64 here (reference.WIDE_FLOAT64)")
    problems = _check(dtype, lambda name: getattr(reference, name), {})
    assert not problems, "\n".join(problems)


def test_known_exceptions_are_needed():
    """Each KNOWN entry is beyond the bound on some ISA (a fixed kernel must
    take its entry out)."""
    from fastact import _core
    from helpers import isas_under_test

    needed = set()
    before = _core.current_isa()
    try:
        for isa in isas_under_test():
            _core.select_isa(isa)
            for dtype in ("float32", "float64"):
                for case in oracle.elementwise_cases(dtype):
                    needed |= {(m.label, m.pass_, m.dtype)
                               for m in oracle.measure_elementwise(case, fa.get(case.name))
                               if m.ulp > m.bound}
    finally:
        _core.select_isa(before)
    assert set(KNOWN) - needed == set()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("who", ["fastact", "reference"])
def test_axis_and_channel_rows_against_mpmath(isa, dtype, who):
    """softmax, log_softmax (4 ULP forward; backward from x and y to 8 eps of
    the terms' magnitudes) and prelu (one rounding; dalpha to 1 eps of the
    magnitudes), the kernels of every ISA and the twins"""
    if who == "reference" and dtype == "float64" and not reference.WIDE_FLOAT64:
        pytest.skip("the float64 twins round in float64 here (reference.WIDE_FLOAT64)")
    lib = fa if who == "fastact" else reference
    measured = [m for name in oracle.AXIS for m in oracle.measure_axis(name, dtype, getattr(lib, name))]
    measured += oracle.measure_prelu(dtype, lib.prelu)
    problems = [f"{m.label} {m.pass_} {m.dtype}: {m.ulp:.3g} at x = {m.at!r}, bound {m.bound}"
                for m in measured if not m.ulp <= m.bound]
    assert not problems, f"{who} on {isa}:\n" + "\n".join(problems)
