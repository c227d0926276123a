"""How many threads large calls are split across (see csrc/threads.h)."""

from __future__ import annotations

import operator
import os

import numpy as np

from . import _core

THREADS_ENV = "FASTACT_NUM_THREADS"


def usable_cpus() -> int:
    """CPUs this process may run on: its affinity mask where the OS exposes one
    (Linux), else os.process_cpu_count() (Python 3.13+), else os.cpu_count()."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = getattr(os, "process_cpu_count", os.cpu_count)()
        return count or 1


def set_num_threads(n: int) -> None:
    """Split large calls (at least 2 x 32768 elements) across n threads.

    n = 1 runs everything on the calling thread. Results are bitwise identical
    for every n: each element is computed on its own, and sums along an axis
    keep one fixed order. Raises ValueError outside 1..256, TypeError for a
    non-integer.
    """
    if isinstance(n, (bool, np.bool_)):  # operator.index(True) is 1
        raise TypeError(f"number of threads must be an integer, not {type(n).__name__}")
    n = operator.index(n)
    if not 1 <= n <= _core.MAX_THREADS:
        raise ValueError(f"number of threads must be in 1..{_core.MAX_THREADS}, got {n}")
    _core.set_num_threads(n)


def get_num_threads() -> int:
    """The thread count large calls use (set_num_threads, FASTACT_NUM_THREADS or the CPUs)."""
    return _core.get_num_threads()


def threads_from_environment() -> int:
    """FASTACT_NUM_THREADS if set (an ImportError if it is not a count), else the
    CPUs this process may use, capped at the pool's limit."""
    text = os.environ.get(THREADS_ENV, "").strip()
    if text:
        try:
            set_num_threads(int(text))
        except ValueError as error:
            raise ImportError(f"{THREADS_ENV}={text!r}: {error}") from None
    else:
        _core.set_num_threads(min(usable_cpus(), _core.MAX_THREADS))
    return get_num_threads()
