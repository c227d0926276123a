"""Max ULP of softmax / log_softmax along the last axis on a fixed sample of
rows, against a long-double formula, for the installed fastact and optionally
an earlier build beside it (as benchmarks/ab_softmax.py: copy an installed
package to DIR/fastact_base and put DIR on PYTHONPATH):

  python benchmarks/softmax_ulp.py [--dtype float32] [--base fastact_base]

FASTACT_ISA holds both builds to an ISA. Rows: scale * N(0, 1) at (1024,
1000), (64, 50257), (4096, 128), (64, 7), (64, 33) for scales 0.01, 4 and 40;
test_axis.py's mpmath rows; a top element with the rest uniform on [-120, 0]
("top+far") or on [-20, -14] ("s near 1": s - 1 ~ 1e-4 rests on the small
terms); rows around 3e5 and 1e6 (beyond the clamp shortcut of
simd/softmax_f32.h). Reference: e = exp(x - m) in long double, s - 1 summed
without the top terms' 1 (log(s) of s = 1 + 1e-20 in long double loses it),
log_softmax = (x - m) - log1p(s - 1); ULP of the dtype where the exact value
is normal or zero (ACCURACY.md's rule)."""
from __future__ import annotations

import argparse
import importlib
import os

import numpy as np


def ulp(got: np.ndarray, exact: np.ndarray, dtype) -> float:
    """max |got - exact| / spacing(exact) over the normal and zero exact values"""
    spacing = np.spacing(np.abs(exact).astype(dtype)).astype(np.longdouble)
    counted = (np.abs(exact) >= np.finfo(dtype).tiny) | (exact == 0)
    return float((np.abs(got.astype(np.longdouble) - exact) / spacing)[counted].max())


def rows(dtype) -> list[tuple[str, np.ndarray]]:
    """the named sample of rows (module docstring)"""
    out = []
    for shape in [(1024, 1000), (64, 50257), (4096, 128), (64, 7), (64, 33)]:
        for scale in (4.0, 0.01, 40.0):
            x = np.random.default_rng(0).standard_normal(shape) * scale
            out.append((f"{shape} N*{scale}", x.astype(dtype)))
    r = np.full((3, 5000), -30.0)
    r[:, 0] = 0
    r[1, 1:] = np.linspace(-40, -25, 4999)
    r[2] = np.random.default_rng(5).standard_normal(5000) * 4
    out.append(("mpmath-test rows", r.astype(dtype)))
    r = np.random.default_rng(1).uniform(-120, 0, (256, 300))
    r[:, 0] = 0
    out.append(("top+far", r.astype(dtype)))
    r = np.random.default_rng(2).uniform(-20, -14, (256, 1000))
    r[:, 0] = 0
    out.append(("s near 1", r.astype(dtype)))
    base = np.random.default_rng(3).standard_normal((256, 1000)).astype(dtype)
    out.append(("m=3e5", base + dtype(3e5)))
    out.append(("m~1e6 wide", base * dtype(1e4) + dtype(1e6)))
    return out


def exact(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """softmax and log_softmax of x's rows in long double"""
    xl = x.astype(np.longdouble)
    m = xl.max(-1, keepdims=True)
    e = np.exp(xl - m)
    top = e == 1
    s_minus_1 = np.where(top, 0, e).sum(-1, keepdims=True) + (top.sum(-1, keepdims=True) - 1)
    return e / (1 + s_minus_1), (xl - m) - np.log1p(s_minus_1)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--dtype", default="float32")
    p.add_argument("--base", default=None)
    args = p.parse_args()
    dtype = np.dtype(args.dtype).type
    libs = [("fastact", importlib.import_module("fastact"))]
    if args.base:
        libs.append((args.base, importlib.import_module(args.base)))
    print(f"ISA {os.environ.get('FASTACT_ISA', 'best')}, {args.dtype}, max ULP softmax / log_softmax")
    for name, x in rows(dtype):
        soft, log_soft = exact(x)
        cells = [f"{tag} {ulp(lib.softmax(x), soft, dtype):.2f} / {ulp(lib.log_softmax(x), log_soft, dtype):.2f}"
                 for tag, lib in libs]
        print(f"{name:22s}", " | ".join(cells))


if __name__ == "__main__":
    main()
