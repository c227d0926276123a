"""The callable object behind each row of the table."""

from __future__ import annotations

from typing import Mapping

import numpy as np

from . import _table
from ._apply import KERNEL_RUNNERS, run_elementwise

_PASS = {name: index for index, name in enumerate(_table.PASSES)}
_ZERO_PARAMS = (0.0,) * _table.MAX_PARAMS
_FLOAT32, _FLOAT64 = np.dtype(np.float32), np.dtype(np.float64)
_RUN_F32, _RUN_F64 = KERNEL_RUNNERS[_FLOAT32], KERNEL_RUNNERS[_FLOAT64]


class Activation:
    """An elementwise activation: calling it is the forward pass.

    ``f(x, out=None, **params)`` forward, ``f.derivative(x, **params)`` f'(x),
    ``f.backward(dy, x, **params)`` dy * f'(x) in one pass, and where the
    function allows it ``f.backward(dy, y=f(x), **params)``.
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

    # -- passes -------------------------------------------------------------
    def _unary_fast(self, pass_: int, x: np.ndarray):
        """The common case, with none of the general machinery: a C-contiguous
        float32/float64 array, default parameters, no out=. None if not that case."""
        dtype = x.dtype  # builtin dtypes are singletons: identity beats hashing a dtype
        run = _RUN_F32 if dtype is _FLOAT32 else _RUN_F64 if dtype is _FLOAT64 else None
        if run is None or not x.flags.c_contiguous or self._choices:
            return None
        result = np.empty(x.shape, x.dtype)
        run(self._index, pass_, x.reshape(-1), None, result.reshape(-1), *self._padded_defaults)
        return result if result.ndim else result[()]

    def __call__(self, x: object, out: np.ndarray | None = None, **params: float):
        if out is None and not params and type(x) is np.ndarray:
            result = self._unary_fast(0, x)
            if result is not None:
                return result
        caller = f"fastact.{self.name}"
        kernel = self._kernel(params, caller)
        return run_elementwise(caller, kernel, _PASS["forward"], (x,), out,
                               self._params(params, caller))

    def derivative(self, x: object, out: np.ndarray | None = None, **params: float):
        """f'(x), elementwise (see the class docstring for the formula)."""
        if out is None and not params and type(x) is np.ndarray:
            result = self._unary_fast(1, x)
            if result is not None:
                return result
        caller = f"fastact.{self.name}.derivative"
        kernel = self._kernel(params, caller)
        return run_elementwise(caller, kernel, _PASS["derivative"], (x,), out,
                               self._params(params, caller))

    def backward(self, dy: object, x: object = None, out: np.ndarray | None = None, *,
                 y: object = None, **params: float):
        """dy * f'(x) in one pass; give x, or y = f(x) where the function allows it."""
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
