"""Accuracy of log_softmax's backward pass from y (dx = dy - e^y sum(dy)) along
the last axis, for the installed fastact and optionally an earlier build beside
it (as benchmarks/softmax_ulp.py: copy an installed package to DIR/fastact_base
and put DIR on PYTHONPATH):

  python benchmarks/log_softmax_backward_ulp.py [--dtype float32] [--base fastact_base] [--one-hot]

FASTACT_ISA holds both builds to an ISA. Rows: y = log_softmax(scale N(0, 1))
at the shapes of benchmarks/ab_softmax.py and a few more, and y drawn uniform
(some > 0: any y is allowed). Reference: the formula in long double. Columns:
the max error in eps of |dy| + e^y sum |dy| (tests/test_axis.py's measure), the
max ULP of dx where the exact dx is normal (large where dy - e^y sum(dy)
cancels), and whether the two builds agree in bits. --one-hot takes dy = 1 in
column 0 and 0 elsewhere, so that dx = -e^y beyond column 0: the ULP column is
then e^y's own."""
from __future__ import annotations

import argparse
import importlib
import os

import numpy as np


def rows(dtype, base):
    """the named sample of (y, dy) pairs"""
    for shape in [(1024, 1000), (64, 50257), (4096, 128), (256, 200), (64, 7)]:
        for scale in (0.01, 4.0, 40.0):
            x = (np.random.default_rng(0).standard_normal(shape) * scale).astype(dtype)
            yield f"{shape} log_softmax(N*{scale})", base.log_softmax(x)
    rng = np.random.default_rng(1)
    yield "y uniform [-120, 10] (256, 1000)", rng.uniform(-120, 10, (256, 1000)).astype(dtype)
    yield "y uniform [-5, 60] (64, 3000)", rng.uniform(-5, 60, (64, 3000)).astype(dtype)
    yield "y uniform [-200, 0] (64, 5000)", rng.uniform(-200, 0, (64, 5000)).astype(dtype)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--dtype", default="float32")
    p.add_argument("--base", default=None)
    p.add_argument("--one-hot", action="store_true")
    args = p.parse_args()
    dtype = np.dtype(args.dtype).type
    eps, tiny = np.finfo(dtype).eps, np.finfo(dtype).tiny
    libs = [("fastact", importlib.import_module("fastact"))]
    if args.base:
        libs.append((args.base, importlib.import_module(args.base)))
    print(f"ISA {os.environ.get('FASTACT_ISA', 'best')}, {args.dtype}, one-hot {args.one_hot}: "
          "max eps of size / max ULP of dx" + ("; bits" if args.base else ""))
    for name, y in rows(dtype, libs[-1][1]):
        dy = np.random.default_rng(7).standard_normal(y.shape).astype(dtype)
        if args.one_hot:
            dy = np.zeros(y.shape, dtype)
            dy[:, 0] = 1
        Y, DY = y.astype(np.longdouble), dy.astype(np.longdouble)
        exact = DY - np.exp(Y) * DY.sum(-1, keepdims=True)
        size = np.abs(DY) + np.exp(Y) * np.abs(DY).sum(-1, keepdims=True)
        normal = np.abs(exact) >= tiny
        if args.one_hot:
            normal[:, 0] = False
        cells, got = [], []
        for tag, lib in libs:
            g = lib.log_softmax.backward(dy, y=y)
            got.append(g)
            err = np.abs(g.astype(np.longdouble) - exact)
            spacing = np.spacing(np.abs(exact[normal]).astype(dtype)).astype(np.longdouble)
            cells.append(f"{tag} {float((err / (eps * size))[normal].max()):.3f} / "
                         f"{float((err[normal] / spacing).max()):.3f}")
        same = "" if len(got) == 1 else (" same" if got[0].tobytes() == got[1].tobytes() else " differ")
        print(f"{name:36s}", " | ".join(cells) + same)


if __name__ == "__main__":
    main()
