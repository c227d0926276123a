"""One Activation per row of the table, looked up by name (Keras-style strings)."""

from __future__ import annotations

from . import _core, _table
from ._activation import Activation

if len(_table.ACTIVATIONS) != _core.N_ACTIVATIONS:
    raise ImportError(
        "fastact's compiled core was built from a different activation table "
        f"({_core.N_ACTIVATIONS} activations, the table has {len(_table.ACTIVATIONS)}); rebuild it"
    )

ACTIVATIONS: dict[str, Activation] = {
    spec.name: Activation(spec, index) for index, spec in enumerate(_table.ACTIVATIONS)
}
BY_NAME: dict[str, Activation] = {
    key: ACTIVATIONS[spec.name] for key, spec in _table.by_name().items()
}


def get(identifier: str | Activation) -> Activation:
    """The activation called ``identifier`` (a name or alias); an Activation is returned as is."""
    if isinstance(identifier, Activation):
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
