"""A/B timing of sigmoid and tanh forward (float32, float64; out= given) against
torch.sigmoid / torch.tanh (one thread) and np.tanh, as ab_gelu.py (its best():
min over repetitions), with np.copyto beside at large n. Run once per build
(PYTHONPATH picks it), alternating builds, several rounds; for AVX2 set
FASTACT_ISA=avx2, ATEN_CPU_CAPABILITY=avx2 and NPY_DISABLE_CPU_FEATURES=X86_V4:
  FASTACT_NUM_THREADS=1 python benchmarks/ab_sigtanh.py [n] [reps]"""
import sys

import numpy as np

import fastact as fa
from ab_gelu import best

try:
    import torch
    torch.set_num_threads(1)
except ImportError:
    torch = None


def timings(x: np.ndarray, reps: int) -> dict:
    """ns/element of each implementation on x, writing into one out array."""
    out = np.empty_like(x)
    calls = {"sig": lambda: fa.sigmoid(x, out=out), "tanh": lambda: fa.tanh(x, out=out),
             "np_tanh": lambda: np.tanh(x, out=out)}
    if torch is not None:
        tx, tout = torch.from_numpy(x), torch.from_numpy(out)
        calls["t_sig"] = lambda: torch.sigmoid(tx, out=tout)
        calls["t_tanh"] = lambda: torch.tanh(tx, out=tout)
    if x.size > 1e6:
        calls["copy"] = lambda: np.copyto(out, x)
    return {name: best(call, reps) / x.size for name, call in calls.items()}


if __name__ == "__main__":
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 65536
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rng = np.random.default_rng(0)
    row = {}
    for dt in (np.float32, np.float64):
        x = (rng.standard_normal(n) * 4).astype(dt)  # as test_bench_elementwise.py
        tag = str(np.dtype(dt).itemsize * 8)
        row.update({k + tag: v for k, v in timings(x, reps).items()})
    print(fa.__file__.split("/")[-3], " ".join(f"{k}={v:.3f}" for k, v in row.items()))
