"""The twins of fastact.reference against mpmath (40 digits) where issue 14
item 9 found them far off: gelu's negative tail, celu with alpha < 0, swish and
softplus with beta != 1. Shared by tests/test_reference_oracle.py (a small
sample, asserting the bounds) and tools/reference_ulp.py (a large one, for
ACCURACY.md)."""

from __future__ import annotations

import mpmath
import numpy as np

from fastact import reference
from fastact._accuracy import ulp_error

mp = mpmath.mpf


def _sigmoid(z):
    return 1 / (1 + mpmath.exp(-z))


# (name, module attribute path, keyword parameters, exact(x) as mpmath or None
# for exact_of, x range)
CASES = [
    ("gelu", "gelu", {}, lambda v: v * mpmath.erfc(-v / mpmath.sqrt(2)) / 2, (-37, -1)),
    ("gelu'", "gelu.derivative", {},
     lambda v: mpmath.erfc(-v / mpmath.sqrt(2)) / 2 + v * mpmath.npdf(v), (-37, -1)),
    ("celu alpha=-0.05", "celu", {"alpha": -0.05}, None, (-30, 0)),
    ("celu' alpha=-0.05", "celu.derivative", {"alpha": -0.05}, None, (-30, 0)),
    ("swish beta=1.7", "swish", {"beta": 1.7}, None, (-400, 40)),
    ("swish' beta=1.7", "swish.derivative", {"beta": 1.7}, None, (-400, 40)),
    ("softplus beta=0.3", "softplus", {"beta": 0.3}, None, (-300, 60)),
    ("softplus' beta=0.3", "softplus.derivative", {"beta": 0.3}, None, (-300, 60)),
]


def _call(module, path: str, params: dict):
    target = module
    for part in path.split("."):
        target = getattr(target, part)
    return lambda x: target(x, **params)


def exact_of(name: str, dtype):
    """The exact function, with the parameter rounded to dtype as the twin sees it."""
    def kept(v):
        return mp(float(np.dtype(dtype).type(v)))
    if name.startswith("celu"):
        a = kept(-0.05)
        if "'" in name:
            return lambda v: mpmath.exp(v / a)
        return lambda v: a * mpmath.expm1(v / a)
    if name.startswith("swish"):
        b = kept(1.7)
        if "'" in name:
            return lambda v: _sigmoid(b * v) * (1 + b * v * (1 - _sigmoid(b * v)))
        return lambda v: v * _sigmoid(b * v)
    if name.startswith("softplus"):
        b = kept(0.3)
        if "'" in name:
            return lambda v: _sigmoid(b * v) if b * v <= 20 else mp(1)
        return lambda v: mpmath.log1p(mpmath.exp(b * v)) / b if b * v <= 20 else v
    raise KeyError(name)


def measure(points: int, seed: int = 7, module=reference, subnormal: bool = True
            ) -> list[tuple[str, str, float, float]]:
    """(case, dtype, max ULP, x where it occurs) over points uniform x per case,
    for fastact.reference's twins or (module=fastact) the kernels of the ISA in
    use; subnormal=False: over the results whose exact value is normal"""
    rows = []
    rng = np.random.default_rng(seed)
    for name, path, params, exact, (lo, hi) in CASES:
        for dtype in (np.float32, np.float64):
            x = rng.uniform(lo, hi, points).astype(dtype)
            f = exact or exact_of(name, dtype)
            with mpmath.workdps(40):
                want = np.array([float(f(mp(float(v)))) for v in x])
            with np.errstate(all="ignore"):
                got = _call(module, path, params)(x)
            errors = ulp_error(got, want)
            if not subnormal:
                errors = np.where(np.abs(want) >= np.finfo(dtype).tiny, errors, 0.0)
            i = int(np.argmax(errors))
            rows.append((name, np.dtype(dtype).name, float(errors[i]), float(x[i])))
    return rows
