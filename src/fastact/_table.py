"""The one table of activations.

Everything else is generated from or iterates over ``ACTIVATIONS``:

* ``tools/gen_table_header.py`` turns it into ``fastact_table.h`` at build time,
  the X-macro list from which ``csrc/kernels/`` instantiates one C kernel per
  (activation, pass, dtype) and per instruction set;
* ``fastact._registry`` builds one callable :class:`~fastact.Activation` per row;
* ``fastact.reference`` holds a NumPy twin named after each row;
* the tests and the benchmarks parametrise over the rows.

Adding an elementwise activation means: its math in ``csrc/act/<name>.h``, its
twin in ``fastact/reference.py`` and one row here.

This module is plain data (standard library only) so that the build can read
it before the package exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

#: The passes every elementwise activation has, in the order of the C kernel
#: table (``enum fa_pass`` in csrc/fastact.h is generated from this).
PASSES = ("forward", "derivative", "backward_x", "backward_y")

#: The most scalar parameters one activation may take (size of the C array).
MAX_PARAMS = 4


@dataclass(frozen=True)
class Param:
    """A keyword parameter of an activation: a float with a default."""

    name: str
    default: float
    doc: str = ""


@dataclass(frozen=True)
class Spec:
    """One row of the table.

    ``y_backward`` says whether ``backward(dy, y=...)`` exists: ``False``, or a
    predicate on the parameter values returning ``None`` when it is allowed and
    otherwise the reason why not (the ValueError's message).
    """

    name: str
    formula: str
    derivative: str
    params: tuple[Param, ...] = ()
    y_backward: Callable[[Mapping[str, float]], str | None] | None = None
    aliases: tuple[str, ...] = field(default=())
    #: a check of the parameter values: None, or the ValueError's message
    validate: Callable[[Mapping[str, float]], str | None] | None = None

    @property
    def has_y_kernel(self) -> bool:
        return self.y_backward is not None


def _always(_params: Mapping[str, float]) -> str | None:
    return None


def _relu_threshold_nonnegative(params: Mapping[str, float]) -> str | None:
    if params["threshold"] >= 0.0:
        return None
    return (
        "relu.backward(dy, y=...) needs threshold >= 0: with threshold < 0 an "
        "output of 0 comes from both x <= threshold (gradient 0) and x == 0 "
        "(gradient 1); pass x instead"
    )


def _leaky_slope_nonnegative(params: Mapping[str, float]) -> str | None:
    if params["negative_slope"] >= 0.0:
        return None
    return (
        "leaky_relu.backward(dy, y=...) needs negative_slope >= 0: with a negative "
        "slope, y > 0 comes from both signs of x; pass x instead"
    )


def _hard_tanh_bounds(params: Mapping[str, float]) -> str | None:
    if params["min_val"] <= params["max_val"]:
        return None
    return f"hard_tanh needs min_val <= max_val, got min_val={params['min_val']}, max_val={params['max_val']}"


ACTIVATIONS: tuple[Spec, ...] = (
    Spec(
        name="step",
        formula="step(x) = 1 if x >= threshold else 0",
        derivative="step'(x) = 0",
        params=(Param("threshold", 0.0, "inputs at or above it give 1"),),
        y_backward=_always,
    ),
    Spec(
        name="linear",
        formula="linear(x) = slope * x + intercept",
        derivative="linear'(x) = slope",
        params=(Param("slope", 1.0), Param("intercept", 0.0)),
        y_backward=_always,
        aliases=("identity",),
    ),
    Spec(
        name="sigmoid",
        formula="sigmoid(x) = 1 / (1 + exp(-x))",
        derivative="sigmoid'(x) = sigmoid(x) * sigmoid(-x) = y * (1 - y)",
        y_backward=_always,
    ),
    Spec(
        name="relu",
        formula="relu(x) = x if x > threshold else 0",
        derivative="relu'(x) = 1 if x > threshold else 0 (0 at the kink, as PyTorch)",
        params=(Param("threshold", 0.0, "inputs at or below it give 0"),),
        y_backward=_relu_threshold_nonnegative,
    ),
    Spec(
        name="relu6",
        formula="relu6(x) = min(max(x, 0), 6)",
        derivative="relu6'(x) = 1 if 0 < x < 6 else 0 (0 at both kinks, as PyTorch)",
        y_backward=_always,
    ),
    Spec(
        name="leaky_relu",
        formula="leaky_relu(x) = x if x > 0 else negative_slope * x",
        derivative="leaky_relu'(x) = 1 if x > 0 else negative_slope (negative_slope at 0)",
        params=(Param("negative_slope", 0.01, "slope for x <= 0"),),
        y_backward=_leaky_slope_nonnegative,
    ),
    Spec(
        name="swish",
        formula="swish(x) = x * sigmoid(beta * x)",
        derivative="swish'(x) = s + beta*x * s * (1 - s), s = sigmoid(beta * x)",
        params=(Param("beta", 1.0),),
        aliases=("silu",),
    ),
    Spec(
        name="mish",
        formula="mish(x) = x * tanh(softplus(x))",
        derivative="mish'(x) = t + x * (1 - t^2) * sigmoid(x), t = tanh(softplus(x))",
    ),
    Spec(
        name="softsign",
        formula="softsign(x) = x / (1 + |x|)",
        derivative="softsign'(x) = 1 / (1 + |x|)^2",
    ),
    Spec(
        name="hard_sigmoid",
        formula="hard_sigmoid(x) = clip(x / 6 + 1/2, 0, 1)",
        derivative="hard_sigmoid'(x) = 1/6 if -3 < x < 3 else 0",
    ),
    Spec(
        name="hard_swish",
        formula="hard_swish(x) = x * hard_sigmoid(x)",
        derivative="hard_swish'(x) = 0 if x <= -3, 1 if x >= 3, else x/3 + 1/2",
    ),
    Spec(
        name="hard_tanh",
        formula="hard_tanh(x) = clip(x, min_val, max_val)",
        derivative="hard_tanh'(x) = 1 if min_val < x < max_val else 0 (0 at the kinks)",
        params=(Param("min_val", -1.0), Param("max_val", 1.0)),
        y_backward=_always,
        validate=_hard_tanh_bounds,
    ),
)


def by_name() -> dict[str, Spec]:
    """Every row under its name and each of its aliases."""
    table: dict[str, Spec] = {}
    for spec in ACTIVATIONS:
        for key in (spec.name, *spec.aliases):
            table[key] = spec
    return table
