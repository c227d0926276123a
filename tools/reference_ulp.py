"""Max ULP of fastact.reference's twins against mpmath (40 digits) on the cases
of tests/reference_cases.py (issue 14 item 9), float32 and float64, as a
Markdown table for ACCURACY.md; tests/test_reference_oracle.py asserts the
bounds on a smaller sample.

    python tools/reference_ulp.py [--points 2000]
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from reference_cases import measure  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=2000)
    args = parser.parse_args()
    print("| twin | dtype | max ULP | at x |\n|---|---|---|---|")
    for name, dtype, ulp, at in measure(args.points):
        print(f"| {name} | {dtype} | {ulp:.3g} | {at!r} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
