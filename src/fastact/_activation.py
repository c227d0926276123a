"""The callable object behind each row of the table."""

from __future__ import annotations

import inspect
import math
from typing import Mapping

import numpy as np

from . import _dispatch, _table
from ._apply import run_elementwise
from ._core import ElementwiseCalls, backward_pass, derivative_pass

_PASS = {name: index for index, name in enumerate(_table.PASSES)}
_ZERO_PARAMS = (0.0,) * _table.MAX_PARAMS
_FLOAT64 = np.dtype(np.float64)


def by_name(name: str):
    """fastact.get(name), for unpickling (the registry imports this module)."""
    from ._registry import get

    return get(name)


def _real(value: object, what: str) -> float:
    """A parameter as a float: a real number (Python or NumPy), not a string,
    not NaN; a TypeError or ValueError that names it otherwise."""
    if isinstance(value, (str, bytes, np.str_, np.bytes_)):
        raise TypeError(f"{what} must be a real number, not {type(value).__name__} {value!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except OverflowError:
        raise ValueError(f"{what} = {value!r} is too large for a float (max ~1.8e308)") from None
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a real number, not {type(value).__name__}") from None
    if math.isnan(number):
        raise ValueError(f"{what} is NaN; every activation needs a number here")
    return number


class Activation(ElementwiseCalls):
    """An elementwise activation: calling it is the forward pass.

    ``f(x, *params, out=None)`` forward, ``f.derivative(x, *params, out=None)``
    f'(x), ``f.backward(dy, x, *params, out=None)`` dy * f'(x) in one pass, and
    where the function allows it ``f.backward(dy, y=f(x), **params)``. The
    parameters may be given positionally in the table's order, as PyTorch takes
    them (``fa.leaky_relu(x, 0.2)``), or by name; out= is keyword-only.

    Parameters are real numbers, checked as the kernel sees them: rounded to
    the dtype it runs in, where a finite value that rounds to 0 or inf is a
    ValueError, as is NaN; strings are a TypeError.

    Calls on plain float32/float64 arrays without parameters are served by the
    compiled base class (fastact._core.ElementwiseCalls); every other call comes
    to the general path below, which hands inputs that are not plain ndarrays
    (pandas, xarray, Dask, ndarray subclasses), ufunc keywords (where=, dtype=,
    casting=) and out= tuples to the pass's numpy.ufunc (fastact._dispatch).
    Each row of the table gets its own subclass (make_activation), whose
    derivative and backward carry the row's signature.
    """

    derivative = derivative_pass()
    backward = backward_pass()

    def __init__(self, spec: _table.Spec, index: int, choices: Mapping[str, int] | None = None) -> None:
        """choices: for a spec with a choice keyword, its values -> kernel index."""
        self.spec = spec
        self.name = spec.name
        self._index = index
        self._choices = dict(choices or {})
        self._defaults = tuple(float(p.default) for p in spec.params)
        self._padded_defaults = self._defaults + _ZERO_PARAMS[len(self._defaults):]
        self.__doc__ = _docstring(spec)
        self.__signature__ = signature(spec, "forward")
        default_kernel = self._kernel({}, spec.name)
        y_allowed = spec.y_backward is not None and spec.y_backward(self._named(self._defaults)) is None
        self.set_plain_case(default_kernel, self._padded_defaults, y_allowed)

    def __repr__(self) -> str:
        params = ", ".join(f"{p.name}={p.default!r}" for p in self.spec.params)
        return f"<fastact activation {self.name}({params})>"

    def __reduce__(self) -> tuple:
        """Pickled by name, as NumPy's ufuncs are (spawned workers get the same object)."""
        return by_name, (self.name,)

    @property
    def ufunc(self) -> np.ufunc:
        """The forward pass as a numpy.ufunc (parameters as extra inputs; fastact.ufuncs)."""
        return _dispatch.BY_KERNEL[(self._index, "forward")]

    @property
    def ufuncs(self) -> dict[str, np.ufunc]:
        """Each pass of the default row as a numpy.ufunc, keyed by pass name."""
        return {p: _dispatch.BY_KERNEL[(self._index, p)] for p in _table.PASSES
                if (self._index, p) in _dispatch.BY_KERNEL}

    # -- parameters ---------------------------------------------------------
    def _positional(self, suffix: str, args: tuple, params: dict[str, object]) -> dict[str, object]:
        """params with the positional parameters (after x, or dy and x) folded
        in by the table's order; TypeError for too many, for one also given by
        name, and for an array where out= was probably meant."""
        caller = f"fastact.{self.name}{suffix}"
        lead = "dy, x" if suffix == ".backward" else "x"
        names = [p.name for p in self.spec.params]
        hint = f"out= is keyword-only: {caller}({lead}, out=out)"
        if len(args) > len(names):
            takes = (f"takes its parameters ({', '.join(names)}) after {lead}" if names
                     else f"has no parameters to take after {lead}")
            extra = args[len(names)]
            raise TypeError(f"{caller}() {takes}, but {len(args)} "
                            f"{'value was' if len(args) == 1 else 'values were'} given there"
                            + (f"; {hint}" if isinstance(extra, np.ndarray) else ""))
        merged = dict(params)
        for name, value in zip(names, args):
            if name in merged:
                raise TypeError(f"{caller}() got parameter {name!r} both by position and by name")
            if isinstance(value, np.ndarray) and value.ndim > 0:
                raise TypeError(f"{caller}(): parameter {name} must be a real number, "
                                f"not an array of shape {value.shape}; {hint}")
            merged[name] = value
        return merged

    def _kernel(self, given: dict[str, object], caller: str) -> int:
        """The kernel index, after taking the choice keyword (if any) out of given."""
        if self.spec.choice is None:
            return self._index
        keyword, options = self.spec.choice
        value = given.pop(keyword, next(iter(options)))
        if isinstance(value, (bool, np.bool_)) and self.spec.choice_flags is not None:
            value = self.spec.choice_flags[bool(value)]
        if not isinstance(value, str) or value not in self._choices:
            raise ValueError(f"{caller}: {keyword} must be one of "
                             f"{', '.join(map(repr, options))}, not {value!r}")
        return self._choices[value]  # type: ignore[index]

    def _params(self, given: Mapping[str, object], caller: str) -> tuple[float, ...]:
        """The parameters as Python floats (defaults for those not given); not
        yet validated: that needs the dtype the kernel runs in (_params_for)."""
        if not given:
            return self._padded_defaults
        values = dict(zip((p.name for p in self.spec.params), self._defaults))
        for key, value in given.items():
            if key not in values:
                names = ", ".join(values) or "none"
                raise TypeError(f"{caller}() got an unexpected keyword argument {key!r} "
                                f"(parameters: {names})")
            values[key] = _real(value, f"{caller}(): parameter {key}")
        return tuple(values.values()) + _ZERO_PARAMS[len(values):]

    def _params_for(self, values: tuple[float, ...], dtype: np.dtype, caller: str) -> tuple[float, ...]:
        """values as the kernel of this dtype sees them (rounded to it), checked:
        a finite value that rounds to 0 or inf there is a ValueError, and the
        table's check runs on the rounded values (spec: parameters are
        validated as the kernel will see them)."""
        if values is self._padded_defaults:
            return values
        names = [p.name for p in self.spec.params]
        if dtype != _FLOAT64:
            with np.errstate(over="ignore", under="ignore"):
                rounded = tuple(float(dtype.type(v)) for v in values[:len(names)])
            for name, value, kept in zip(names, values, rounded):
                if math.isfinite(value) and value != 0 and (kept == 0 or math.isinf(kept)):
                    raise ValueError(
                        f"{caller}: {name}={value!r} cannot be represented in {dtype} (it rounds "
                        f"to {kept!r}); pass a value within {dtype}'s range or a float64 array")
            values = rounded + values[len(names):]
        if self.spec.validate is not None:
            problem = self.spec.validate(self._named(values))
            if problem is not None:
                raise ValueError(f"{caller}: {problem}")
        return values

    def _named(self, params: tuple[float, ...]) -> dict[str, float]:
        return {p.name: v for p, v in zip(self.spec.params, params)}

    # -- the general path (after ElementwiseCalls declined the call) --------
    def _general(self, pass_: int, inputs: tuple, out: np.ndarray | None,
                 params: dict[str, object]):
        """forward (pass_ 0) or derivative (1) of anything array-like."""
        caller = f"fastact.{self.name}" + ("" if pass_ == _PASS["forward"] else ".derivative")
        if _dispatch.wanted(inputs, out, params):  # pandas, xarray, Dask, subclasses, ufunc keywords
            return _dispatch.route(self, _table.PASSES[pass_], inputs, out, params, caller)
        kernel = self._kernel(params, caller)
        values = self._params(params, caller)
        return run_elementwise(caller, kernel, pass_, inputs, out,
                               lambda dtype: self._params_for(values, dtype, caller))

    def _backward_general(self, dy: object, x: object, out: np.ndarray | None, y: object,
                          params: dict[str, object]):
        caller = f"fastact.{self.name}.backward"
        arrays = (dy, x if y is None else y)
        possible = (x is None) != (y is None) and (y is None or self.spec.has_y_kernel)
        if possible and _dispatch.wanted(arrays, out, params):  # else the errors below
            return _dispatch.route(self, "backward_x" if y is None else "backward_y",
                                   arrays, out, params, caller)
        kernel = self._kernel(params, caller)
        values = self._params(params, caller)
        if (x is None) == (y is None):
            raise TypeError(f"{caller}() takes exactly one of x and y= "
                            f"({'both' if x is not None else 'neither'} given)")
        if x is not None:
            return run_elementwise(caller, kernel, _PASS["backward_x"], (dy, x), out,
                                   lambda dtype: self._params_for(values, dtype, caller))
        check = self.spec.y_backward
        if check is None:
            raise ValueError(f"{caller}(dy, y=...) is not possible: {self.name}'s output "
                             "does not determine its gradient; pass x instead")

        def checked(dtype: np.dtype) -> tuple[float, ...]:
            kept = self._params_for(values, dtype, caller)
            reason = check(self._named(kept))
            if reason is not None:
                raise ValueError(reason)
            return kept

        return run_elementwise(caller, kernel, _PASS["backward_y"], (dy, y), out, checked)


def signature(spec: _table.Spec, pass_: str) -> inspect.Signature:
    """The signature of a pass ("forward", "derivative", "backward") for
    inspect.signature, help() and IDEs (the calls themselves are the compiled
    base's, which take the parameters as *args and **params):
    f(x, <the table's parameters with their defaults>, *, out=None[, choice]);
    backward(dy, x[=None], <parameters>, *, out=None[, y=None][, choice]), with
    y only where backward from the output exists."""
    P = inspect.Parameter
    if pass_ == "backward":
        parameters = [P("dy", P.POSITIONAL_OR_KEYWORD),
                      P("x", P.POSITIONAL_OR_KEYWORD,
                        **({"default": None} if spec.has_y_kernel else {}))]
    else:
        parameters = [P("x", P.POSITIONAL_OR_KEYWORD)]
    parameters += [P(p.name, P.POSITIONAL_OR_KEYWORD, default=p.default) for p in spec.params]
    parameters.append(P("out", P.KEYWORD_ONLY, default=None))
    if pass_ == "backward" and spec.has_y_kernel:
        parameters.append(P("y", P.KEYWORD_ONLY, default=None))
    if spec.choice is not None:
        keyword, options = spec.choice
        parameters.append(P(keyword, P.KEYWORD_ONLY, default=next(iter(options))))
    return inspect.Signature(parameters)


def make_activation(spec: _table.Spec, index: int,
                    choices: Mapping[str, int] | None = None) -> Activation:
    """The Activation of one row, an instance of a subclass of its own whose
    derivative and backward are fresh compiled functions carrying the row's
    signature and docstring (one shared function could carry only one)."""
    namespace: dict[str, object] = {"__module__": "fastact", "__doc__": Activation.__doc__}
    for pass_, make in (("derivative", derivative_pass), ("backward", backward_pass)):
        function = make()
        bound = signature(spec, pass_)
        self_ = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
        function.__signature__ = bound.replace(parameters=[self_, *bound.parameters.values()])
        function.__doc__ = _pass_docstring(spec, pass_)
        function.__qualname__ = f"{spec.name}.{pass_}"
        namespace[pass_] = function
    cls = type(f"{spec.name}_activation", (Activation,), namespace)
    return cls(spec, index, choices)


def _pass_docstring(spec: _table.Spec, pass_: str) -> str:
    if pass_ == "derivative":
        return f"{spec.derivative}\n\nElementwise f'(x); the parameters as for the forward."
    y_form = (f"\n\nOr backward(dy, y={spec.name}(x)): from the forward output "
              "(parameters then by name)." if spec.has_y_kernel
              else "\n\nOnly from x: the output does not determine the gradient.")
    return (f"dy * {spec.name}'(x) in one fused pass; the parameters as for the forward."
            f"{y_form}\n\n{spec.derivative}")


def _docstring(spec: _table.Spec) -> str:
    lines = [f"{spec.formula}", "", f"Derivative: {spec.derivative}", ""]
    if spec.choice is not None:
        keyword, options = spec.choice
        lines.append(f"{keyword}: one of {', '.join(map(repr, options))} "
                     f"(default {next(iter(options))!r})")
        lines.append("")
    if spec.params:
        lines.append("Parameters (in this order after x, or by name; out= is keyword-only):")
        lines += [f"    {p.name}={p.default!r}: {p.doc}" for p in spec.params]
        lines.append("")
    lines.append("backward(dy, y=...) " + ("is available (subject to the parameters)."
                                          if spec.has_y_kernel else "is not available."))
    lines += ["", Activation.__doc__ or ""]
    return "\n".join(lines)
