"""Bits of every elementwise pass wherever its output lands (session 14, h14-nansweep).

An elementwise result must be a function of the element's inputs only: the
same bits, NaN sign and payload included, whichever copy of the kernel's loop
computes it (upward, downward for out just above an input modulo 4096, one or
two vectors a step, read-ahead, masked tail, streamed, a range kernel's fast
or full path) and whichever path reaches it (the activation, its numpy.ufunc,
float16 through float32). Session 13's CI failure was a ufunc whose output
happened to land in the downward window and gave -NaN where the activation
gave +NaN (softplus, AVX-512; tests/test_nan_sign_alias.py).

For every row of the table (iterated, parameter sets from tests/cases.py: the
defaults and the non-defaults), every pass, float32 and float64, and every ISA
this CPU runs, each pool value (or (dy, x|y) pair) is first computed alone
(n = 1, the masked tail) as the reference bits; then arrays built from the pool
(every value at every position modulo 32; an array of in-range values with
NaNs among them, for the range kernels' fast path) are run through
fastact._core.run_f32/_f64 with out far from the inputs (2048 bytes off
modulo 4096), out d = itemsize .. 640 bytes above x (and above dy) modulo
4096, in place, streamed, short lengths (1, 7, 15, 17, 33, 100) at many
phases, two threads; and through the activation and its ufunc (float16 too).
Every element must give its reference bits. Pools: quiet and signalling NaNs
of both signs with payloads, +-inf, +-0, the kinks, finite values of every
size; backward: dy NaN with x finite, x NaN with dy finite, both NaN (other
signs and payloads).

    FASTACT_NUM_THREADS=1 python benchmarks/nan_placement_sweep.py [--isa avx512,...]
        [--functions a,b] [--dtypes float32] [--quick]

Prints one line per cell that differs (and the first few elements), then a
summary; exit status 1 if any cell differs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict

import numpy as np

import fastact as fa
from fastact import _core, _table, ufuncs

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
from cases import CASES  # noqa: E402

UINT = {2: np.uint16, 4: np.uint32, 8: np.uint64}
NANS = {
    np.float32: [0x7FC00000, 0xFFC00000, 0x7FC12345, 0xFFD54321, 0x7F800001, 0xFF812345],
    np.float64: [0x7FF8000000000000, 0xFFF8000000000000, 0x7FF8000012345678,
                 0xFFFA987654321000, 0x7FF0000000000001, 0xFFF0000012345678],
}
SMALL = [0.25, -0.25, 0.75, -0.75, 1.5, -1.5, 2.0, -2.0, 2.75, -2.75, 0.0625, -0.0625]


def nan_values(dtype) -> np.ndarray:
    return np.array(NANS[dtype], UINT[np.dtype(dtype).itemsize]).view(dtype)


def x_pool(dtype, params: dict) -> np.ndarray:
    """NaNs first, then the specials, the kinks and finite values of every size."""
    info = np.finfo(dtype)
    finite = [np.inf, -np.inf, 0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 3.0, -3.0, 6.0, -6.0,
              25.0, -25.0, 100.0, -100.0, 1e30, -1e30, float(info.max), -float(info.max),
              float(info.smallest_subnormal), -float(info.smallest_subnormal), 1e-6, -1e-6]
    finite += [float(v) for v in params.values()] + [-float(v) for v in params.values()]
    with np.errstate(over="ignore"):
        fin = np.unique(np.array(finite, dtype).view(UINT[np.dtype(dtype).itemsize]))
    return np.concatenate([nan_values(dtype), fin.view(dtype)])


def dy_pool(dtype) -> np.ndarray:
    return np.concatenate([nan_values(dtype), np.array([1.5, -0.75, 0.0, np.inf, -np.inf], dtype)])


def pool_pairs(n_dy: int, n_x: int, n_nan: int) -> np.ndarray:
    """(dy index, x index) pairs: every NaN dy with every x, every dy with every NaN x,
    every finite dy with every finite x."""
    pairs = [(i, j) for i in range(n_dy) for j in range(n_x)]
    return np.array(pairs, np.int64)


class Cell:
    """One (row, params, pass, dtype) under the selected ISA, run at will."""

    def __init__(self, row: _table.Spec, full: dict, pass_: str, dtype):
        self.row, self.pass_, self.dtype = row, pass_, np.dtype(dtype)
        self.index = _table.elementwise().index(row)
        self.pass_index = _table.PASSES.index(pass_)
        self.params = [float(self.dtype.type(full[p.name])) for p in row.params]
        self.params += [0.0] * (4 - len(self.params))
        self.run_ = _core.run_f32 if self.dtype == np.float32 else _core.run_f64
        self.binary = pass_.startswith("backward")

    def run(self, a, b, out):
        self.run_(self.index, self.pass_index, a, b if self.binary else None, out, *self.params)
        return out


def placed(dtype, n: int, anchors: list, d: int, slab: dict) -> np.ndarray:
    """A length-n array of dtype whose address is d bytes above anchors[0] modulo
    4096 (taken from a fresh slab kept alive in slab)."""
    size = np.dtype(dtype).itemsize
    back = np.zeros((n * size + 8192) // size + 1, dtype)
    slab.setdefault("keep", []).append(back)
    start = (anchors[0].ctypes.data + d - back.ctypes.data) % 4096
    if start % size:
        raise ValueError("misaligned")
    return back[start // size:start // size + n]


def arrays_in(dtype, columns: list, slab: dict, gap: int = 2048) -> list:
    """Copies of the given columns, each gap bytes off the others modulo 4096 and
    at 16 mod 64 bytes (so that out may be placed anywhere around them)."""
    out = []
    size = np.dtype(dtype).itemsize
    for k, col in enumerate(columns):
        back = np.zeros((col.size * size + 16384) // size, dtype)
        slab.setdefault("keep", []).append(back)
        start = ((-back.ctypes.data + 16 + k * gap) % 4096) // size
        a = back[start:start + col.size]
        a[:] = col
        out.append(a)
    return out


def sweep_cell(cell: Cell, quick: bool) -> list:
    """[(what, position, input bits, got bits, want bits)] where bits differ."""
    dtype, size = cell.dtype.type, cell.dtype.itemsize
    u = UINT[size]
    xs = x_pool(dtype, {p.name: v for p, v in zip(cell.row.params, cell.params)})
    small = np.array(SMALL, dtype)
    n_nan = len(NANS[dtype])
    if cell.binary:
        dys = dy_pool(dtype)
        xall = np.concatenate([xs, small])
        pairs = pool_pairs(len(dys), len(xall), n_nan)
        dy_vals, x_vals = dys[pairs[:, 0]], xall[pairs[:, 1]]
    else:
        xall = np.concatenate([xs, small])
        x_vals = xall
        dy_vals = None
    n_pool = x_vals.size
    # reference bits: each pool entry alone (n = 1)
    slab: dict = {}
    want = np.empty(n_pool, dtype)
    for k in range(n_pool):
        a1 = np.array([dy_vals[k] if cell.binary else x_vals[k]], dtype)
        b1 = np.array([x_vals[k]], dtype) if cell.binary else None
        o1 = np.empty(1, dtype)
        cell.run(a1, b1, o1)
        want[k] = o1[0]
    want_bits = want.view(u)
    bad: list = []
    kinds = cell.kinds = defaultdict(int)

    def check(what: str, idx: np.ndarray, got: np.ndarray) -> None:
        diff = np.nonzero(got.view(u) != want_bits[idx])[0]
        for j in diff:
            k = idx[j]
            nans = int(np.isnan(x_vals[k])) + int(cell.binary and np.isnan(dy_vals[k]))
            kinds[("finite", "one NaN", "two NaNs")[nans]] += 1
        for j in diff[:3]:
            k = idx[j]
            inp = (f"dy={dy_vals[k].view(u):#x} " if cell.binary else "") + f"x={x_vals[k].view(u):#x}"
            bad.append((what, int(j), inp, f"{got.view(u)[j]:#x}", f"{want_bits[k]:#x}"))

    # index arrays into the pool: A1 every entry at every position mod 32 (odd period);
    # A2 the in-range values (small ones) with the NaN entries among them
    period = n_pool | 1
    reps = 32 if n_pool < 400 else 8
    idx1 = np.arange(period * reps) % period % n_pool
    if cell.binary:
        nan_dy = [k for k in range(n_pool) if np.isnan(dy_vals[k]) and abs(x_vals[k]) <= 3]
        nan_x = [k for k in range(n_pool) if np.isnan(x_vals[k]) and abs(dy_vals[k]) <= 3]
        fine = [k for k in range(n_pool) if np.isfinite(dy_vals[k]) and np.isfinite(x_vals[k])
                and abs(x_vals[k]) <= 3]
        special = nan_dy + nan_x
    else:
        special = list(range(n_nan))
        fine = [k for k in range(n_pool) if np.isfinite(x_vals[k]) and abs(x_vals[k]) <= 3]
    rng = np.random.default_rng(0)
    idx2 = np.array(fine)[rng.integers(0, len(fine), 4096)]
    idx2[::37] = np.resize(np.array(special), idx2[::37].size)

    def columns(idx):
        if cell.binary:
            return [dy_vals[idx], x_vals[idx]]
        return [x_vals[idx]]

    offsets = list(range(size, 644, size))
    if quick:
        offsets = [d for d in (size, 16, 48, 64, 128, 252, 256, 260, 512, 636, 640)
                   if d % size == 0]
    for name, idx in (("A1", idx1), ("A2", idx2)):
        for trim in (0, 5):
            ix = idx[: idx.size - trim]
            ins = arrays_in(dtype, columns(ix), slab)
            n = ix.size
            far = placed(dtype, n, [ins[-1]], 1024, slab)
            check(f"{name}[{n}] out far", ix, cell.run(ins[0], ins[-1] if cell.binary else None, far))
            for k_anchor, anchor in enumerate(ins):
                for d in offsets:
                    o = placed(dtype, n, [anchor], d, slab)
                    what = f"{name}[{n}] out {d} B above {'dy' if cell.binary and k_anchor == 0 else 'x'}"
                    check(what, ix, cell.run(ins[0], ins[-1] if cell.binary else None, o))
            # in place: out = the first input (x; dy for backward), and out = x for backward
            for k_anchor in range(len(ins)):
                fresh = arrays_in(dtype, columns(ix), slab)
                target = fresh[k_anchor]
                cell.run(fresh[0], fresh[-1] if cell.binary else None, target)
                check(f"{name}[{n}] in place on input {k_anchor}", ix, target)
            # streamed (a large output's path), out far and out 64 B above x
            previous = _core.set_stream_min_bytes(0)
            try:
                for d in (1024 - 16, 48):
                    o = placed(dtype, n, [ins[-1]], d, slab)
                    check(f"{name}[{n}] streamed, out {d} B above x", ix,
                          cell.run(ins[0], ins[-1] if cell.binary else None, o))
            finally:
                _core.set_stream_min_bytes(previous)
    # short lengths at many phases: the masked tails, one vector, two
    short_offsets = [2048, size, 16, 64, 200]
    for n in (1, 7, 15, 17, 33, 100):
        for phase in range(0, idx1.size - n, max(n, 29)):
            ix = idx1[phase:phase + n]
            ins = arrays_in(dtype, columns(ix), slab)
            for k_anchor, anchor in enumerate(ins):
                for d in short_offsets:
                    o = placed(dtype, n, [anchor], d, slab)
                    check(f"len {n} phase {phase} out {d} B above input {k_anchor}", ix,
                          cell.run(ins[0], ins[-1] if cell.binary else None, o))
            fresh = arrays_in(dtype, columns(ix), slab)
            cell.run(fresh[0], fresh[-1] if cell.binary else None, fresh[0])
            check(f"len {n} phase {phase} in place", ix, fresh[0])
        slab.clear()
    # two threads over a large array (the ranges' heads and tails)
    if not quick:
        ix = np.resize(idx1, 70001)
        ins = arrays_in(dtype, columns(ix), slab)
        threads = _core.get_num_threads()
        _core.set_num_threads(2)
        try:
            o = placed(dtype, ix.size, [ins[-1]], 1024 + 16, slab)
            check("70001, two threads", ix, cell.run(ins[0], ins[-1] if cell.binary else None, o))
        finally:
            _core.set_num_threads(threads)
    return bad


def path_check(name: str, params: dict, pass_: str, dtype, row, full) -> list:
    """Activation call against its ufunc, fresh outputs and out= placed in the
    window; float16 through float32 too. [(what, position, got, want)]."""
    act = fa.get(name)
    dtype = np.dtype(dtype)
    u = UINT[dtype.itemsize]
    kdtype = np.float32 if dtype == np.float16 else dtype.type
    with np.errstate(all="ignore"):
        xs = x_pool(kdtype, {k: float(v) for k, v in full.items()}).astype(dtype)
        dys = dy_pool(kdtype).astype(dtype)
    n = 1001
    rng = np.random.default_rng(1)
    x = xs[rng.integers(0, xs.size, n)]
    dy = dys[rng.integers(0, dys.size, n)]
    y = x
    ufunc = ufuncs.BY_KERNEL[(_table.elementwise().index(row), pass_)]
    ufunc_in = {"forward": (x,), "derivative": (x,), "backward_x": (dy, x), "backward_y": (dy, y)}
    pvals = [full[p.name] for p in row.params]

    def act_call(out=None):
        kw = dict(params)
        if out is not None:
            kw["out"] = out
        if pass_ == "forward":
            return act(x, **kw)
        if pass_ == "derivative":
            return act.derivative(x, **kw)
        if pass_ == "backward_x":
            return act.backward(dy, x, **kw)
        return act.backward(dy, y=y, **kw)

    want = np.asarray(act_call())
    bad = []

    def check(what, got):
        got = np.asarray(got)
        diff = np.nonzero(got.view(u) != want.view(u))[0]
        for j in diff[:3]:
            bad.append((what, int(j), f"{got.view(u)[j]:#x}", f"{want.view(u)[j]:#x}"))

    with np.errstate(all="ignore"):
        check("ufunc fresh", ufunc(*ufunc_in[pass_], *pvals))
        slab: dict = {}
        for d in (16, 48, 64, 128, 200, 2048):
            o = placed(dtype, n, [x], d, slab)
            check(f"activation out {d} B above x", act_call(o))
            o = placed(dtype, n, [x], d, slab)
            check(f"ufunc out {d} B above x", ufunc(*ufunc_in[pass_], *pvals, out=o))
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--isa", default=",".join(_core.isas_supported()))
    ap.add_argument("--functions", default="")
    ap.add_argument("--dtypes", default="float32,float64")
    ap.add_argument("--passes", default=",".join(_table.PASSES))
    ap.add_argument("--quick", action="store_true", help="a subset of the offsets")
    ap.add_argument("--no-paths", action="store_true", help="skip the activation/ufunc check")
    args = ap.parse_args()
    wanted = set(args.functions.split(",")) - {""}
    _core.set_num_threads(1)
    previous = _core.current_isa()
    cells = 0
    differ = defaultdict(list)
    try:
        for isa in args.isa.split(","):
            _core.select_isa(isa)
            for spec in _table.elementwise(public_only=True):
                if wanted and spec.name not in wanted:
                    continue
                for params in CASES[spec.name].params:
                    row, full = _table.resolve(spec.name, params)
                    label = spec.name + "".join(f" {k}={v}" for k, v in params.items())
                    for pass_ in args.passes.split(","):
                        if pass_ == "backward_y":
                            if not row.has_y_kernel:
                                continue
                            why = row.y_backward(full) if callable(row.y_backward) else None
                            if why is not None:
                                continue
                        for dt in args.dtypes.split(","):
                            cells += 1
                            cell = Cell(row, full, pass_, np.dtype(dt))
                            with np.errstate(all="ignore"):
                                bad = sweep_cell(cell, args.quick)
                            if not args.no_paths:
                                for pdt in ([dt, "float16"] if dt == "float32" else [dt]):
                                    bad += [(w, j, "", g, e) for w, j, g, e in
                                            path_check(spec.name, params, pass_, pdt, row, full)]
                            key = f"{isa} {dt} {label} {pass_}"
                            if bad:
                                differ[key] = bad
                                kinds = ", ".join(f"{k} {v}" for k, v in sorted(cell.kinds.items()))
                                print(f"DIFFERS {key}: {len(bad)} [{kinds or 'paths'}] (first: {bad[0]})",
                                      flush=True)
                                for b in bad[1:4]:
                                    print(f"    {b}", flush=True)
    finally:
        _core.select_isa(previous)
    print(f"{cells} cells swept on {args.isa}; {len(differ)} differ")
    for key in differ:
        print("  " + key)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
