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


ACTIVATIONS: tuple[Spec, ...] = (
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
)


def by_name() -> dict[str, Spec]:
    """Every row under its name and each of its aliases."""
    table: dict[str, Spec] = {}
    for spec in ACTIVATIONS:
        for key in (spec.name, *spec.aliases):
            table[key] = spec
    return table
