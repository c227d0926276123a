"""How far an aarch64 build's results are from the x86-64 baseline variant's, in ULP.

Two halves, run by tools/test_aarch64.sh (FASTACT_AARCH64_ULP=1):

    <arm64 python> tools/aarch64_ulp.py write DIR     # under qemu: inputs and outputs to DIR/*.npy
    FASTACT_ISA=baseline python tools/aarch64_ulp.py compare DIR   # x86-64 host: the table

The inputs (1e6 per dtype, the same for every function) are half random bit
patterns over every finite value and half uniform on [-40, 40], plus edge values;
write saves them with the outputs so that compare needs no equal random streams.
Every elementwise forward and derivative at default parameters (gelu in both
forms), and softmax / log_softmax over rows of 1000. The distance counts the
representable values between two results (+0 and -0 are 1 apart); a NaN on one
side only is reported apart. compare deletes the .npy files it has read.
"""

from __future__ import annotations

import argparse
import platform
from pathlib import Path

import numpy as np

import fastact as fa
from fastact import _table
from fastact._accuracy import near_derivative_zero

N = 1_000_000
AXIS_ROW = 1000
DTYPES = ("float32", "float64")


def rows() -> list[tuple[str, str, dict]]:
    """(label, public name, keywords) for every elementwise row of the table."""
    found = []
    for spec in _table.elementwise(public_only=True):
        if spec.choice is None:
            found.append((spec.name, spec.name, {}))
            continue
        keyword, options = spec.choice
        for option in options:
            found.append((f"{spec.name}({keyword}={option})", spec.name, {keyword: option}))
    return found


def inputs(dtype: str) -> np.ndarray:
    info = np.finfo(dtype)
    bits = np.dtype(f"uint{info.bits}")
    rng = np.random.default_rng(20260512)
    patterns = rng.integers(0, np.iinfo(bits).max, N // 2, dtype=bits, endpoint=True).view(dtype)
    patterns = patterns[np.isfinite(patterns)]
    uniform = rng.uniform(-40, 40, N - patterns.size).astype(dtype)
    limits = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, float(info.tiny), -float(info.tiny),
              float(info.smallest_subnormal), -float(info.smallest_subnormal), float(info.max),
              -float(info.max), 88.72, 89.0, -87.3, -103.9, 709.78, 710.0, -708.4, -745.2, -746.0]
    edges = np.concatenate([np.array(limits), np.arange(-50, 51, 0.5)]).astype(dtype)
    return np.concatenate([patterns, uniform, edges])


def passes(label: str, name: str, keywords: dict, x: np.ndarray):
    """(what, input, result, band) for the forward and derivative of one row; band
    marks the x next to a zero of f', where f' = a - b cancels and is accurate in
    absolute terms only (as the tests hold it)."""
    activation = fa.get(name)
    with np.errstate(all="ignore"):
        yield f"{label} forward", x, activation(x, **keywords), None
        yield (f"{label} derivative", x, activation.derivative(x, **keywords),
               near_derivative_zero(name, keywords, x))


def axis_passes(x: np.ndarray):
    matrix = x[np.isfinite(x)][: (N // 2 // AXIS_ROW) * AXIS_ROW].reshape(-1, AXIS_ROW)
    matrix = np.clip(matrix, -80, 80)  # logits, not overflow tests (those are in the suite)
    with np.errstate(all="ignore"):
        for name in ("softmax", "log_softmax"):
            yield f"{name} forward", matrix, fa.get(name)(matrix, axis=-1), None


def all_results(x: np.ndarray):
    for label, name, keywords in rows():
        yield from passes(label, name, keywords, x)
    yield from axis_passes(x)


def file_name(dtype: str, what: str) -> str:
    return f"{dtype}-{what.replace(' ', '-').replace('(', '_').replace(')', '').replace('=', '_')}.npy"


def write(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for dtype in DTYPES:
        x = inputs(dtype)
        np.save(directory / file_name(dtype, "inputs"), x)
        for what, _, result, _ in all_results(x):
            np.save(directory / file_name(dtype, what), result)
    print(f"wrote {directory} on {platform.machine()}, isa {fa._config.config()['isa']}")


def ordered(values: np.ndarray) -> np.ndarray:
    """Integers in the order of the floats (+0 and -0 one apart)."""
    signed = values.view(np.int32 if values.dtype == np.float32 else np.int64).astype(np.int64)
    top = 31 if values.dtype == np.float32 else 63
    magnitude_mask = (1 << top) - 1
    return np.where(signed < 0, -(signed & magnitude_mask) - 1, signed)


def ulp_distance(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, int]:
    """(distance per element, NaN on one side only), NaN on both sides counting 0."""
    a, b = a.ravel(), b.ravel()
    nan_a, nan_b = np.isnan(a), np.isnan(b)
    order_a, order_b = ordered(a), ordered(b)
    with np.errstate(over="ignore"):  # opposite signs may wrap: those are replaced
        distance = np.abs(order_a - order_b).astype(np.float64)
    opposite = (order_a < 0) != (order_b < 0)
    distance[opposite] = np.abs(order_a[opposite]).astype(np.float64) + np.abs(order_b[opposite])
    distance[nan_a | nan_b] = 0
    return distance, int(np.count_nonzero(nan_a != nan_b))


def compare(directory: Path) -> int:
    config = fa._config.config()
    print(f"aarch64 against {config['machine']} isa {config['isa']} ({config['baseline']}): "
          "max distance in ULP (at x), elements that differ; next to a zero of f' the "
          "largest absolute difference instead")
    print("| function pass | float32 max ULP (at x) | differ | float64 max ULP (at x) | differ |")
    print("|---|---|---|---|---|")
    table: dict[str, dict[str, str]] = {}
    worst = 0.0
    for dtype in DTYPES:
        x_file = directory / file_name(dtype, "inputs")
        x = np.load(x_file)
        for what, given, here, band in all_results(x):
            path = directory / file_name(dtype, what)
            there = np.load(path)
            distance, nan_mismatch = ulp_distance(there, here)
            differ = np.count_nonzero(distance)
            note = ""
            if band is not None and band.any():
                with np.errstate(invalid="ignore"):
                    absolute = np.abs(there.astype(np.float64) - here)[band]
                note = f"; next to f' = 0: {np.nanmax(absolute):.2g} absolute"
                distance[band] = 0
            i = int(np.argmax(distance))
            cell = f"{distance[i]:.0f} ({given.ravel()[i]:.6g})" if distance[i] else "0"
            cell += note
            if nan_mismatch:
                cell += f", NaN on one side: {nan_mismatch}"
            table.setdefault(what, {})[dtype] = f"{cell} | {differ}"
            worst = max(worst, distance[i], float("inf") if nan_mismatch else 0.0)
            path.unlink()
        x_file.unlink()
    for what, cells in table.items():
        print(f"| {what} | {cells['float32']} | {cells['float64']} |")
    print(f"largest away from zeros of f': {worst:.0f} ULP")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("write", "compare"))
    parser.add_argument("directory", type=Path)
    args = parser.parse_args()
    if args.mode == "write":
        write(args.directory)
        return 0
    return compare(args.directory)


if __name__ == "__main__":
    raise SystemExit(main())
