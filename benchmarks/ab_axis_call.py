"""A/B timing of the Python layer in front of the softmax kernel: fa.softmax(x)
as built against AxisActivation.__call__ of an older _axis.py (the same
kernels), float32, last axis, in one process, alternated, min per call
(ab_gelu.best; FASTACT_AB_CLOCK=thread for thread CPU time on a shared
machine). For a change to _axis.py that must keep the plain-ndarray path's speed:
  git show REV:src/fastact/_axis.py > /tmp/axis_old.py
  FASTACT_NUM_THREADS=1 FASTACT_AB_CLOCK=thread python benchmarks/ab_axis_call.py /tmp/axis_old.py [rounds]"""
import importlib.util
import sys

import numpy as np

import fastact as fa
from ab_gelu import best

SHAPES = [((1024, 1000), 20), ((4096, 128), 40), ((8,), 2000)]


def main() -> None:
    spec = importlib.util.spec_from_file_location("fastact._axis_old", sys.argv[1])
    old_axis = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old_axis)  # a module of the installed package: its imports resolve
    old_softmax = old_axis.AxisActivation(fa.softmax.spec)
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    rng = np.random.default_rng(0)
    for shape, reps in SHAPES:
        x = rng.standard_normal(shape).astype(np.float32)
        old, new = [], []
        for _ in range(rounds):
            old.append(best(lambda: old_softmax(x), reps))
            new.append(best(lambda: fa.softmax(x), reps))
        print(f"{str(shape):12s} old {min(old) / 1e3:9.2f} us  new {min(new) / 1e3:9.2f} us  "
              f"new/old {min(new) / min(old):.3f}")


if __name__ == "__main__":
    main()
