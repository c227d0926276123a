"""Instruction-set choice at import and the configuration report."""

from __future__ import annotations

import os
import platform
from typing import Any

from . import _core, _threads

ISA_ENV = "FASTACT_ISA"


def select_isa_from_environment() -> str:
    """Use FASTACT_ISA if set (an error if this CPU cannot run it), else the best variant."""
    forced = os.environ.get(ISA_ENV, "").strip().lower()
    if forced:
        try:
            _core.select_isa(forced)
        except ValueError as error:
            raise ImportError(f"{ISA_ENV}={forced!r}: {error}") from None
    else:
        _core.select_isa(_core.best_isa())
    return _core.current_isa()


def config() -> dict[str, Any]:
    from . import __version__

    return {
        "version": __version__,
        "isa": _core.current_isa(),
        "isa_forced_by": ISA_ENV if os.environ.get(ISA_ENV) else None,
        "isas_compiled": list(_core.isas_compiled()),
        "isas_supported": list(_core.isas_supported()),
        "baseline": _core.baseline_target(),
        "threads": _threads.get_num_threads(),
        "threads_set_by": _threads.threads_source(),
        "dropout_rng": "Philox4x32-10 (Random123), key = seed: the same mask on every ISA",
        "machine": platform.machine(),
        "python": platform.python_version(),
    }


def show_config() -> dict[str, Any]:
    """Print and return fastact's version, the ISA in use, the ISAs compiled and
    supported here, what the baseline variant is built for (x86-64 SSE2, or NEON
    on arm64), the thread count for large calls and dropout's generator."""
    info = config()
    width = max(len(key) for key in info)
    for key, value in info.items():
        if isinstance(value, list):
            value = ", ".join(value)
        print(f"{key:<{width}} : {value}")
    return info
