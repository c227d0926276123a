"""The callable object behind each row of the table."""

from __future__ import annotations

from typing import Mapping

import numpy as np

from . import _table
from ._apply import run_elementwise
from ._core import ElementwiseCalls

_PASS = {name: index for index, name in enumerate(_table.PASSES)}
_ZERO_PARAMS = (0.0,) * _table.MAX_PARAMS


class Activation(ElementwiseCalls):
    """An elementwise activation: calling it is the forward pass.

    ``f(x, out=None, **params)`` forward, ``f.derivative(x, **params)`` f'(x),
    ``f.backward(dy, x, **params)`` dy * f'(x) in one pass, and where the
    function allows it ``f.backward(dy, y=f(x), **params)``.

    Calls on plain float32/float64 arrays without keywords are served by the
    compiled base class (fastact._core.ElementwiseCalls); every other call comes
    to the general path below.
    """

    def __init__(self, spec: _table.Spec, index: int, choices: Mapping[str, int] | None = None) -> None:
        """choices: for a spec with a choice keyword, its values -> kernel index."""
        self.spec = spec
        self.name = spec.name
        self._index = index
        self._choices = dict(choices or {})
        self._defaults = tuple(float(p.default) for p in spec.params)
        self._padded_defaults = self._defaults + _ZERO_PARAMS[len(self._defaults):]
        self.__doc__ = _docstring(spec)
        default_kernel = self._kernel({}, spec.name)
        y_allowed = spec.y_backward is not None and spec.y_backward(self._named(self._defaults)) is None
        self.set_plain_case(default_kernel, self._padded_defaults, y_allowed)

    def __repr__(self) -> str:
        params = ", ".join(f"{p.name}={p.default!r}" for p in self.spec.params)
        return f"<fastact activation {self.name}({params})>"

    # -- parameters ---------------------------------------------------------
    def _kernel(self, given: dict[str, object], caller: str) -> int:
        """The kernel index, after taking the choice keyword (if any) out of given."""
        if self.spec.choice is None:
            return self._index
        keyword, options = self.spec.choice
        value = given.pop(keyword, next(iter(options)))
        if value not in self._choices:
            raise ValueError(f"{caller}: {keyword} must be one of "
                             f"{', '.join(map(repr, options))}, not {value!r}")
        return self._choices[value]  # type: ignore[index]

    def _params(self, given: Mapping[str, object], caller: str) -> tuple[float, ...]:
        if not given:
            return self._padded_defaults
        values = dict(zip((p.name for p in self.spec.params), self._defaults))
        for key, value in given.items():
            if key not in values:
                names = ", ".join(values) or "none"
                raise TypeError(f"{caller}() got an unexpected keyword argument {key!r} "
                                f"(parameters: {names})")
            try:
                values[key] = float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise TypeError(f"{caller}(): parameter {key} must be a real number, "
                                f"not {type(value).__name__}") from None
        if self.spec.validate is not None:
            problem = self.spec.validate(values)
            if problem is not None:
                raise ValueError(f"{caller}: {problem}")
        return tuple(values.values()) + _ZERO_PARAMS[len(values):]

    def _named(self, params: tuple[float, ...]) -> dict[str, float]:
        return {p.name: v for p, v in zip(self.spec.params, params)}

    # -- the general path (after ElementwiseCalls declined the call) --------
    def _general(self, pass_: int, inputs: tuple, out: np.ndarray | None,
                 params: dict[str, object]):
        """forward (pass_ 0) or derivative (1) of anything array-like."""
        caller = f"fastact.{self.name}" + ("" if pass_ == _PASS["forward"] else ".derivative")
        kernel = self._kernel(params, caller)
        return run_elementwise(caller, kernel, pass_, inputs, out, self._params(params, caller))

    def _backward_general(self, dy: object, x: object, out: np.ndarray | None, y: object,
                          params: dict[str, object]):
        caller = f"fastact.{self.name}.backward"
        kernel = self._kernel(params, caller)
        values = self._params(params, caller)
        if (x is None) == (y is None):
            raise TypeError(f"{caller}() takes exactly one of x and y= "
                            f"({'both' if x is not None else 'neither'} given)")
        if x is not None:
            return run_elementwise(caller, kernel, _PASS["backward_x"], (dy, x), out, values)
        check = self.spec.y_backward
        if check is None:
            raise ValueError(f"{caller}(dy, y=...) is not possible: {self.name}'s output "
                             "does not determine its gradient; pass x instead")
        reason = check(self._named(values))
        if reason is not None:
            raise ValueError(reason)
        return run_elementwise(caller, kernel, _PASS["backward_y"], (dy, y), out, values)


def _docstring(spec: _table.Spec) -> str:
    lines = [f"{spec.formula}", "", f"Derivative: {spec.derivative}", ""]
    if spec.choice is not None:
        keyword, options = spec.choice
        lines.append(f"{keyword}: one of {', '.join(map(repr, options))} "
                     f"(default {next(iter(options))!r})")
        lines.append("")
    if spec.params:
        lines.append("Parameters (keyword):")
        lines += [f"    {p.name}={p.default!r}: {p.doc}" for p in spec.params]
        lines.append("")
    lines.append("backward(dy, y=...) " + ("is available (subject to the parameters)."
                                          if spec.has_y_kernel else "is not available."))
    lines += ["", Activation.__doc__ or ""]
    return "\n".join(lines)
