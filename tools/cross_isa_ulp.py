"""How far apart the ISAs' results are, per elementwise (activation, pass, dtype) cell.

For every elementwise row (gelu_tanh included) at its default parameters, every
pass, float32 and float64, and every pair of ISAs this machine runs, the largest
difference between the two ISAs' results on one sample, in ULP (see
:func:`ulp_apart`), and the fraction of inputs where the bits differ. Where the
ISAs run the same algorithm with the same roundings the difference is 0; two
results each within b ULP of the truth (tests/cases.py) are at most 2b apart,
which tests/test_cross_isa.py holds every cell to.

    python tools/cross_isa_ulp.py [--n 1048576] [--functions sigmoid,tanh] [--dtypes float32]

prints the Markdown table of ACCURACY.md ("Cross-ISA differences").

The sample: float32, n bit patterns evenly spaced over all 2**32 (every
magnitude, both signs, NaN and inf included) plus n/4 normal(0, 4) and n/4
uniform on [-120, 120] (where the exp-family functions are neither 0 nor
saturated) plus the edges of tests/helpers.py; float64, n random bit patterns
of finite numbers plus the same dense parts. The backward passes take dy from
normal(0, 1); backward_y takes the sample as y where the row allows it.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from typing import Iterator

import numpy as np

import fastact as fa
from fastact import _core, _table
from fastact._accuracy import near_derivative_zero

DTYPES = ("float32", "float64")


def passes(row: str) -> list[str]:
    """The passes the row has at its default parameters (backward_y only where
    backward(dy, y=...) is allowed)."""
    spec, full = _table.resolve(*_table.public_call(row))
    allowed = spec.y_backward is not None and spec.y_backward(full) is None
    return [p for p in _table.PASSES if p != "backward_y" or allowed]


def cells(functions: list[str] | None = None) -> Iterator[tuple[str, str, str]]:
    """(row, pass, dtype) for every elementwise row of the table."""
    for spec in _table.elementwise():
        if functions and spec.name not in functions:
            continue
        for pass_ in passes(spec.name):
            for dtype in DTYPES:
                yield spec.name, pass_, dtype


def sample(dtype: str, n: int) -> np.ndarray:
    """The inputs, deterministic for a given (dtype, n)."""
    rng = np.random.default_rng(17)
    if dtype == "float32":
        step = max(1, (1 << 32) // n)
        bits = np.arange(0, 1 << 32, step, dtype=np.uint64) + rng.integers(0, step, 1, dtype=np.uint64)
        spread = bits.astype(np.uint32).view(np.float32)
    else:
        bits = rng.integers(0, 0x7FF0000000000000, n, dtype=np.int64)
        spread = bits.view(np.float64) * rng.choice([-1.0, 1.0], n)
    info = np.finfo(dtype)
    edges = [0.0, -0.0, np.inf, -np.inf, np.nan, info.smallest_subnormal, info.tiny, info.max,
             0.5, 1.0, 2.0, 3.0, 6.0, 20.0, 40.0, 88.0, 700.0, 1000.0]
    edges = np.array(edges + [-e for e in edges[5:]])
    dense = np.concatenate([rng.standard_normal(n // 4) * 4, rng.uniform(-120, 120, n // 4), edges])
    return np.concatenate([spread, dense.astype(dtype)])


def run(row: str, pass_: str, x: np.ndarray, dy: np.ndarray) -> np.ndarray:
    name, keywords = _table.public_call(row)
    act = fa.get(name)
    with np.errstate(all="ignore"):
        if pass_ == "forward":
            return act(x, **keywords)
        if pass_ == "derivative":
            return act.derivative(x, **keywords)
        if pass_ == "backward_x":
            return act.backward(dy, x, **keywords)
        return act.backward(dy, y=x, **keywords)


def ulp_apart(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|a - b| in ULP of the larger of the two in magnitude (subnormals in the
    smallest subnormal), computed in a wider type; equal bits or NaN against
    NaN count 0, NaN against a number or inf against a different value inf. Two
    results within b ULP of the same truth are at most 2b apart so measured."""
    wide = np.longdouble if a.dtype == np.float64 else np.float64
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    with np.errstate(all="ignore"):
        spacing = np.maximum(np.abs(np.spacing(a)), np.abs(np.spacing(b))).astype(wide)
        apart = np.abs(a.astype(wide) - b.astype(wide)) / spacing
    apart = np.where(np.isfinite(apart), apart, np.inf)
    return np.where(same, 0.0, apart).astype(np.float64)


def near_root(row: str, pass_: str, x: np.ndarray) -> np.ndarray:
    """Next to a zero of f' the derivative passes are held to an absolute bound
    (bound eps, fastact._accuracy.near_derivative_zero): mask of those inputs."""
    if pass_ == "forward":
        return np.zeros(x.shape, dtype=bool)
    name, keywords = _table.public_call(row)
    with np.errstate(invalid="ignore"):
        return near_derivative_zero(name, keywords, x)


def compare(row: str, pass_: str, dtype: str, isas: list[str], n: int) -> dict:
    """{(isa_a, isa_b): (max ULP apart, max absolute difference / eps next to
    a zero of f' (eps max(1, |dy|) for the backward passes), fraction of inputs
    whose bits differ)} for every pair. Derivative passes: over the results
    that are normal numbers on both ISAs, as tests/mp_oracle.py measures them."""
    x = sample(dtype, n)
    dy = np.random.default_rng(18).standard_normal(x.size).astype(dtype)
    before = _core.current_isa()
    results = {}
    try:
        for isa in isas:
            _core.select_isa(isa)
            results[isa] = run(row, pass_, x, dy)
    finally:
        _core.select_isa(before)
    near = near_root(row, pass_, x)
    eps = float(np.finfo(dtype).eps)
    # the absolute bound of the backward passes scales with dy (tests/mp_oracle.py)
    scale = eps * (np.maximum(1.0, np.abs(dy[near])) if pass_.startswith("backward") else 1.0)
    tiny = np.finfo(dtype).tiny
    out = {}
    for a, b in itertools.combinations(isas, 2):
        ra, rb = results[a], results[b]
        differ = ra.view(f"u{ra.itemsize}") != rb.view(f"u{rb.itemsize}")
        differ &= ~(np.isnan(ra) & np.isnan(rb))
        # derivatives are held to their bound where the value is a normal
        # number (ACCURACY.md): a subnormal result on either side is left out
        kept = ~near
        if pass_ != "forward":
            with np.errstate(invalid="ignore"):
                kept &= ~((np.abs(ra) < tiny) | (np.abs(rb) < tiny)) | (ra == rb)
        apart = ulp_apart(ra[kept], rb[kept]).max(initial=0.0)
        with np.errstate(all="ignore"):
            absolute = (np.abs(ra[near].astype(np.float64) - rb[near]) / scale).max(initial=0.0)
        if near.any() and not np.isfinite(absolute):  # inf - inf, NaN against NaN
            absolute = ulp_apart(ra[near], rb[near]).max(initial=0.0)
        out[(a, b)] = (float(apart), float(absolute), float(differ.mean()))
    return out


def table(rows: list[tuple[str, str, str, dict]], isas: list[str]) -> str:
    pairs = list(itertools.combinations(isas, 2))
    head = "| function | pass | dtype | " + " | ".join(f"{a} vs {b}" for a, b in pairs) + " |"
    lines = [head, "|" + "---|" * (3 + len(pairs))]
    for row, pass_, dtype, found in rows:
        parts = []
        for pair in pairs:
            apart, absolute, fraction = found[pair]
            text = "0" if fraction == 0 else f"{apart:.3g} ({100 * fraction:.2g}%)"
            if absolute > 0:
                text += f", {absolute:.3g} eps near f'=0"
            parts.append(text)
        lines.append(f"| {row} | {pass_} | {dtype} | " + " | ".join(parts) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1 << 20, help="spread inputs per dtype (default 2**20)")
    parser.add_argument("--functions", default="", help="comma-separated rows (default: all)")
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--isa", default="", help="comma-separated ISAs (default: all supported)")
    args = parser.parse_args()
    fa.set_num_threads(1)
    isas = args.isa.split(",") if args.isa else list(_core.isas_supported())
    functions = [f for f in args.functions.split(",") if f] or None
    dtypes = args.dtypes.split(",")
    found = [(row, pass_, dtype, compare(row, pass_, dtype, isas, args.n))
             for row, pass_, dtype in cells(functions) if dtype in dtypes]
    print(table(found, isas))
    return 0


if __name__ == "__main__":
    sys.exit(main())
