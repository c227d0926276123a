"""Max ULP of every row of the table against mpmath on tests/mp_oracle.py's
fixed sample (every pass, float32 and float64, every parameter set), for the
kernels of each ISA this machine supports and for fastact.reference's twins,
as a Markdown table for ACCURACY.md; tests/test_oracle.py asserts the bounds
on the same sample.

    python tools/oracle_ulp.py                # one row per (row, pass, dtype): the max over its parameter sets
    python tools/oracle_ulp.py --per-params   # one row per parameter set

Derivative passes count where the exact value is a normal number, off the
band around a zero of f' (its absolute error / eps is the `band` column).
softmax / log_softmax / prelu backward and dalpha: |error| / (eps x the sum of
the terms' magnitudes), not ULP.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))

import numpy as np  # noqa: E402

import fastact as fa  # noqa: E402
from fastact import _core, reference  # noqa: E402

import mp_oracle as oracle  # noqa: E402


def _measure(lib, dtype: str) -> list:
    out = []
    for case in oracle.elementwise_cases(dtype):
        out += oracle.measure_elementwise(case, getattr(lib, case.name) if lib is reference else fa.get(case.name))
    for name in oracle.AXIS:
        out += oracle.measure_axis(name, dtype, getattr(lib, name))
    return out + oracle.measure_prelu(dtype, lib.prelu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-params", action="store_true")
    args = parser.parse_args()
    columns = list(_core.isas_supported()) + ["reference"]
    table: dict = defaultdict(dict)  # (row, pass, dtype) -> {column: (ulp, at, label, band)}
    before = _core.current_isa()
    try:
        for column in columns:
            if column != "reference":
                _core.select_isa(column)
            lib = reference if column == "reference" else fa
            for dtype in ("float32", "float64"):
                with np.errstate(all="ignore"):
                    measured = _measure(lib, dtype)
                for m in measured:
                    row = m.label if args.per_params else m.label.split(" ")[0]
                    key = (row, m.pass_, m.dtype)
                    old = table[key].get(column, (-1.0, 0.0, "", 0.0))
                    table[key][column] = (max(old[0], m.ulp), m.at if m.ulp > old[0] else old[1],
                                          m.label if m.ulp > old[0] else old[2], max(old[3], m.band))
    finally:
        _core.select_isa(before)
    print("| row | pass | dtype | " + " | ".join(columns) + " | worst (kernels) at | band (kernels / twin) |")
    print("|---" * (len(columns) + 5) + "|")
    for (row, pass_, dtype), cells in table.items():
        kernels = [cells[c] for c in columns if c != "reference"]
        worst = max(kernels, key=lambda c: c[0])
        band = max(c[3] for c in kernels)
        values = " | ".join(f"{cells[c][0]:.3g}" for c in columns)
        where = f"{worst[2]}, x = {worst[1]:.6g}" if worst[0] > 0 else ""
        print(f"| {row} | {pass_} | {dtype} | {values} | {where} | "
              f"{band:.3g} / {cells['reference'][3]:.3g} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
