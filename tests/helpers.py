"""Shared by the generic tests: the table's rows with their cases, input
samples, and one way to call any pass on fastact or on its reference twin."""

from __future__ import annotations

import os
from typing import Iterator, Mapping

import numpy as np
import pytest

import fastact as fa
from fastact import _core, _table, reference
from fastact._accuracy import precise, ulp_error

from cases import CASES, near_derivative_root, ulp_bound

PASSES = _table.PASSES


def isas_under_test() -> list:
    """The ISAs the isa fixture (and the tests that loop over ISAs themselves)
    run on: every one this machine supports, or those FASTACT_TEST_ISAS names
    (comma-separated; tools/sanitize.sh runs the suite once per ISA with
    FASTACT_ISA and FASTACT_TEST_ISAS both set to it)."""
    supported = list(_core.isas_supported())
    named = os.environ.get("FASTACT_TEST_ISAS", "").strip()
    if not named:
        return supported
    chosen = [isa.strip() for isa in named.split(",") if isa.strip()]
    unknown = [isa for isa in chosen if isa not in supported]
    if unknown:
        raise ValueError(f"FASTACT_TEST_ISAS names {unknown}; this machine supports {supported}")
    return chosen


def rows() -> list:
    return list(_table.elementwise(public_only=True))


def activation_params() -> list:
    """pytest params: (name, params) for every activation and each of its parameter sets."""
    out = []
    for spec in _table.elementwise(public_only=True):
        for params in CASES[spec.name].params:
            label = spec.name + "".join(f"-{k}={v}" for k, v in params.items())
            out.append(pytest.param(spec.name, dict(params), id=label))
    return out


def activation_pass_params() -> list:
    """pytest params: (name, params, pass) for every pass each parameter set has."""
    out = []
    for param in activation_params():
        name, params = param.values
        for pass_ in passes_for(name, params):
            out.append(pytest.param(name, params, pass_, id=f"{param.id}-{pass_}"))
    return out


def y_allowed(name: str, params: Mapping[str, float]) -> bool:
    spec, full = _table.resolve(name, params)
    return spec.y_backward is not None and spec.y_backward(full) is None


def passes_for(name: str, params: Mapping[str, float]) -> list[str]:
    return [p for p in PASSES if p != "backward_y" or y_allowed(name, params)]


def call(pass_: str, obj, x, dy, params, y=None, out=None):
    """Run a pass of a fastact activation or of a reference twin (same API;
    out= for fastact only)."""
    if out is not None:
        params = {**params, "out": out}
    if pass_ == "forward":
        return obj(x, **params)
    if pass_ == "derivative":
        return obj.derivative(x, **params)
    if pass_ == "backward_x":
        return obj.backward(dy, x, **params)
    if pass_ == "backward_y":
        return obj.backward(dy, y=y, **params)
    raise ValueError(pass_)


def edge_values(dtype: np.dtype) -> np.ndarray:
    info = np.finfo(dtype)
    tiny_sub = info.smallest_subnormal
    values = [0.0, -0.0, np.inf, -np.inf, np.nan, 88.0, -88.0, 1000.0, -1000.0,
              tiny_sub, -tiny_sub, info.tiny, -info.tiny, info.tiny / 4, -info.tiny / 4,
              info.max, -info.max, 1.0, -1.0, 0.5, -0.5, 6.0, -6.0, 20.0, -20.0, 40.0, -40.0]
    return np.array(values, dtype=dtype)


def sample(dtype: np.dtype, n: int, rng: np.random.Generator) -> np.ndarray:
    """Inputs over the whole range: dense near 0, spread over all magnitudes, and the edges."""
    dtype = np.dtype(dtype)
    near = rng.standard_normal(n // 3) * 4
    wide = rng.uniform(-120, 120, n // 3)
    max_exp = np.log2(np.finfo(dtype).max)
    magnitudes = np.exp2(rng.uniform(-max_exp, max_exp, n - 2 * (n // 3)))
    spread = magnitudes * rng.choice([-1.0, 1.0], magnitudes.size)
    with np.errstate(over="ignore"):
        x = np.concatenate([near, wide, spread, edge_values(np.float64)]).astype(dtype)
    return x


def expected(pass_: str, name: str, x, dy, params, y=None) -> np.ndarray:
    """The reference twin evaluated in a wider dtype."""
    dtype = np.asarray(x).dtype
    wide = precise(dtype)
    twin = getattr(reference, name)
    # fastact rounds float parameters to the array's dtype, as NumPy does with
    # Python scalars: the exact function of the test is the one with those values
    params = {k: float(dtype.type(v)) if isinstance(v, float) else v for k, v in params.items()}
    with np.errstate(all="ignore"):
        return call(pass_, twin, np.asarray(x, wide), np.asarray(dy, wide), params,
                    None if y is None else np.asarray(y, wide))


def assert_pass_accuracy(pass_: str, name: str, params, result, exact, x, what: str) -> None:
    """ULP bound of the pass, except next to a zero of f' where the derivative
    passes are held to an absolute bound (bound * eps) instead."""
    bound = ulp_bound(name, pass_, np.asarray(result).dtype.name)
    near = np.zeros(np.shape(x), dtype=bool)
    if pass_ != "forward":
        near = near_derivative_root(name, params, x)
    result, exact, x = np.broadcast_arrays(result, exact, x)
    assert_ulp(result[~near], exact[~near], bound, what, x=x[~near])
    if near.any():
        eps = np.finfo(result.dtype).eps
        error = np.abs(result[near].astype(exact.dtype) - exact[near])
        assert error.max() <= bound * eps, f"{what}: absolute error {error.max()} near a root of f'"


def assert_ulp(result, exact, bound: float, what: str, x=None) -> None:
    errors = ulp_error(result, exact)
    worst = errors.max(initial=0.0)
    if worst > bound:
        i = int(np.argmax(errors))
        where = "" if x is None else f" at x={np.ravel(x)[i]!r}"
        raise AssertionError(
            f"{what}: {worst:.3g} ULP > {bound}{where}: got {np.ravel(result)[i]!r}, "
            f"want {np.ravel(exact)[i]!r}"
        )


__all__ = ["CASES", "ulp_bound", "fa", "reference", "Iterator"]


def unaligned(a: np.ndarray) -> np.ndarray:
    """The same values at an address that is not a multiple of the itemsize."""
    raw = np.empty(a.nbytes + 1, np.uint8)
    moved = raw[1:].view(a.dtype).reshape(a.shape)
    moved[...] = a
    assert not moved.flags.aligned or a.itemsize == 1
    return moved


def around(anchors, dtype, width=300) -> np.ndarray:
    """The WIDTH floats of DTYPE either side of each anchor, and their negatives."""
    dtype = np.dtype(dtype)
    bits = np.dtype("u4" if dtype == np.float32 else "u8")
    parts = []
    for anchor in anchors:
        a = np.array(abs(anchor), dtype).view(bits).astype(np.int64)
        near = (a + np.arange(-width, width + 1)).astype(bits).view(dtype)
        parts += [near, -near]
    return np.concatenate(parts)


def load_tool(name: str):
    """tools/<name>.py as a module; the test skips where tools/ is absent (a
    wheel tested outside the source tree)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "tools" / f"{name}.py"
    if not path.exists():
        pytest.skip(f"tools/{name}.py is not here (tests run outside the source tree)")
    spec = importlib.util.spec_from_file_location(f"_fastact_tool_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_pass(act, pass_: str, params, x, dy, out=None):
    """act's pass on x (dy for the backward passes; backward_y takes x as y)."""
    if pass_ == "forward":
        return act(x, out=out, **params)
    if pass_ == "derivative":
        return act.derivative(x, out=out, **params)
    if pass_ == "backward_x":
        return act.backward(dy, x, out=out, **params)
    return act.backward(dy, y=x, out=out, **params)
