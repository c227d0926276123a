"""Every elementwise pass of every row of the table as a real ``numpy.ufunc``.

    import fastact.ufuncs as fu
    fu.sigmoid(x)                      # = fa.sigmoid(x)
    fu.leaky_relu(x, 0.2)              # parameters are inputs, in the table's order
    fu.sigmoid_derivative(x)           # f'(x)
    fu.sigmoid_backward_x(dy, x)       # dy * f'(x)
    fu.sigmoid_backward_y(dy, y)       # dy * f'(x) from y = f(x), where the row has it
    fu.gelu_tanh(x)                    # the rows reached through a choice keyword too

Names: ``<row>`` for the forward, ``<row>_<pass>`` for the others (passes as in
``fastact._table.PASSES``); every name is also an attribute of this module, so
ufuncs pickle by name as NumPy's own do. The activation objects hold theirs:
``fa.sigmoid.ufunc`` (forward) and ``fa.sigmoid.ufuncs[pass]``.

The loops call the same C kernels as the activations (the ISA chosen at import
or forced, the thread pool) and give the same bits. Parameters are broadcast
like any input; a ufunc has no defaults, so every parameter must be given
(``fa.leaky_relu(x)`` takes the table's default). Dtypes follow fastact's rule:
float32 and float64 native, float16 computed in float32 and returned as
float16, bool and integers computed in float64; complex, object and the rest
have no loop (TypeError). Being ufuncs, they take ``out=``, ``where=``,
``dtype=``, ``casting=`` and work on pandas, xarray, Dask (lazily), masked
arrays and ndarray subclasses, which the activations use for such inputs.
"""

from __future__ import annotations

import numpy as np

from . import _core, _table

#: (kernel index, pass name) -> ufunc
BY_KERNEL: dict[tuple[int, str], np.ufunc] = {}


def ufunc_name(row: str, pass_: str) -> str:
    return row if pass_ == "forward" else f"{row}_{pass_}"


def _passes(spec: _table.Spec) -> tuple[str, ...]:
    return tuple(p for p in _table.PASSES if p != "backward_y" or spec.has_y_kernel)


def _doc(spec: _table.Spec, pass_: str) -> str:
    arrays = {"forward": "x", "derivative": "x", "backward_x": "dy, x", "backward_y": "dy, y"}[pass_]
    what = {"forward": spec.formula,
            "derivative": spec.derivative,
            "backward_x": f"dy * {spec.name}'(x), fused (derivative: {spec.derivative})",
            "backward_y": f"dy * {spec.name}'(x) from y = {spec.name}(x) (derivative: {spec.derivative})",
            }[pass_]
    inputs = ", ".join([arrays, *(p.name for p in spec.params)])
    defaults = ", ".join(f"{p.name}={p.default!r}" for p in spec.params)
    lines = [f"{ufunc_name(spec.name, pass_)}({inputs}): {what}", ""]
    if spec.params:
        lines.append(f"Parameters are inputs, all required (the table's defaults: {defaults}).")
    lines.append("fastact's C kernels as a numpy.ufunc; see fastact.ufuncs.")
    return "\n".join(lines)


def _build() -> dict[str, np.ufunc]:
    built: dict[str, np.ufunc] = {}
    for index, spec in enumerate(_table.elementwise()):
        for pass_ in _passes(spec):
            name = ufunc_name(spec.name, pass_)
            n_arrays = 1 if pass_ in ("forward", "derivative") else 2
            ufunc = _core.make_ufunc(name, _doc(spec, pass_), index, _table.PASSES.index(pass_),
                                     n_arrays, len(spec.params))
            try:  # pickled as fastact.ufuncs.<name> without a search of sys.modules
                ufunc.__module__ = __name__
            except (AttributeError, TypeError):  # NumPy < 2.2 ufuncs have no __dict__
                pass
            built[name] = BY_KERNEL[(index, pass_)] = ufunc
    return built


UFUNCS: dict[str, np.ufunc] = _build()
globals().update(UFUNCS)

__all__ = sorted(UFUNCS)
