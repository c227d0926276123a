"""One Activation per row of the table, looked up by name (Keras-style strings)."""

from __future__ import annotations

from typing import Union

from . import _core, _table
from ._activation import Activation, make_activation
from ._axis import AxisActivation, PReLU

if len(_table.elementwise()) != _core.N_ACTIVATIONS:
    raise ImportError(
        "fastact's compiled core was built from a different activation table "
        f"({_core.N_ACTIVATIONS} elementwise activations, the table has "
        f"{len(_table.elementwise())}); rebuild it"
    )

AnyActivation = Union[Activation, AxisActivation, PReLU]


def _build() -> dict[str, AnyActivation]:
    built: dict[str, AnyActivation] = {}
    index = {spec.name: i for i, spec in enumerate(_table.elementwise())}
    for spec in _table.elementwise():
        choices = None
        if spec.choice is not None:
            choices = {value: index[row] for value, row in spec.choice[1].items()}
        built[spec.name] = make_activation(spec, index[spec.name], choices)
    for spec in _table.ACTIVATIONS:
        if spec.kind == "axis":
            built[spec.name] = AxisActivation(spec)
        elif spec.kind == "channel":
            built[spec.name] = PReLU(spec)
    return {spec.name: built[spec.name] for spec in _table.ACTIVATIONS if spec.public}


ACTIVATIONS: dict[str, AnyActivation] = _build()
BY_NAME: dict[str, Activation] = {
    key: ACTIVATIONS[spec.name] for key, spec in _table.by_name().items()
}


def get(identifier: str | AnyActivation) -> AnyActivation:
    """The activation called ``identifier`` (a name or alias); an activation is returned as is."""
    if isinstance(identifier, (Activation, AxisActivation, PReLU)):
        return identifier
    if not isinstance(identifier, str):
        raise TypeError(f"fastact.get expects a name or an Activation, not {type(identifier).__name__}")
    try:
        return BY_NAME[identifier.lower()]
    except KeyError:
        raise ValueError(
            f"unknown activation {identifier!r}; available: {', '.join(available())}"
        ) from None


def available() -> list[str]:
    """Every name fastact.get accepts, aliases included, sorted."""
    return sorted(BY_NAME)
