"""What the generic tests need to know about each activation beyond the table:
parameter sets worth testing, exact values, where the kinks are, and the
accuracy bounds the kernels are held to (measured; see ACCURACY.md).

Adding an activation adds one entry here; the tests themselves iterate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

inf = float("inf")
nan = float("nan")


@dataclass(frozen=True)
class Case:
    #: parameter sets every generic test runs with ({} is the defaults)
    params: tuple[Mapping[str, float], ...] = ({},)
    #: (x, params, forward(x), derivative(x)) that must come out exactly
    exact: tuple[tuple[float, Mapping[str, float], float, float], ...] = ()
    #: points where f' jumps, as a function of the params (finite differences skip them)
    kinks: Callable[[Mapping[str, float]], tuple[float, ...]] = lambda p: ()
    #: max ULP against the precise reference, per pass and dtype
    ulp: Mapping[tuple[str, str], float] = field(default_factory=dict)
    #: the parameter sets with which backward(dy, y=...) must raise ValueError
    y_refused: tuple[Mapping[str, float], ...] = ()


CASES: dict[str, Case] = {
    "sigmoid": Case(
        exact=(
            (0.0, {}, 0.5, 0.25),
            (-0.0, {}, 0.5, 0.25),
            (inf, {}, 1.0, 0.0),
            (-inf, {}, 0.0, 0.0),
            (1000.0, {}, 1.0, 0.0),
            (-1000.0, {}, 0.0, 0.0),
        ),
        # Measured over the test samples (tests/test_accuracy.py); the spec's
        # target is 2 ULP (float32 forward), 3 (float64) and 4 (derivatives).
        ulp={
            ("forward", "float32"): 2.5,
            ("forward", "float64"): 2.5,
            ("derivative", "float32"): 4.0,
            ("derivative", "float64"): 4.5,
        },
    ),
    "relu": Case(
        params=({}, {"threshold": 0.5}, {"threshold": -1.0}),
        exact=(
            (0.0, {}, 0.0, 0.0),
            (-0.0, {}, 0.0, 0.0),
            (1.5, {}, 1.5, 1.0),
            (-2.0, {}, 0.0, 0.0),
            (inf, {}, inf, 1.0),
            (-inf, {}, 0.0, 0.0),
            (0.5, {"threshold": 0.5}, 0.0, 0.0),
            (0.75, {"threshold": 0.5}, 0.75, 1.0),
            (-0.5, {"threshold": -1.0}, -0.5, 1.0),
            (-1.0, {"threshold": -1.0}, 0.0, 0.0),
        ),
        kinks=lambda p: (p.get("threshold", 0.0),),
        ulp={},  # exact: 0 ULP
        y_refused=({"threshold": -1.0},),
    ),
}


def ulp_bound(name: str, pass_: str, dtype: str) -> float:
    """The ULP bound for a pass; backward passes share the derivative's (+1 for the multiply)."""
    bounds = CASES[name].ulp
    if pass_.startswith("backward"):
        return bounds.get(("derivative", dtype), 0.0) + 1.0 if bounds else 0.0
    return bounds.get((pass_, dtype), 0.0)
