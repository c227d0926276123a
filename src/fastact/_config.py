"""Instruction-set choice at import and the configuration report."""

from __future__ import annotations

import os
import platform
import re
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
        "bodies": _bodies_summary(),
        "threads": _threads.get_num_threads(),
        "threads_set_by": _threads.threads_source(),
        "dropout_rng": "Philox4x32-10 (Random123), key = seed: the same mask on every ISA",
        "machine": platform.machine(),
        "python": platform.python_version(),
    }


def _bodies_summary() -> str:
    rows = kernels()
    simd = sum(row["body"].startswith("fa_simd_") for row in rows)
    return (f"{simd} of {len(rows)} elementwise and axis cells run hand-written SIMD "
            "bodies, the rest generic loops (fastact.kernels() lists them)")


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


def kernels(isa: str | None = None) -> list[dict[str, str]]:
    """Which body serves each cell on one instruction-set variant (default: the
    one in use): a row per (activation, pass, dtype) with the body's name as
    csrc/ spells it, ``source``, the file under csrc/ holding its math, and
    ``parameters``, those the body serves where not all (the rest go where it
    says).
    Hand-written SIMD bodies read ``fa_simd_<function>_<dtype> in <loop>``
    (src/fastact/_kernel_table.py says which serve which cell on which vector
    layer; the build's generated fastact_simd_kernels.inc defines each kernel
    with these full names); the rest ``generic loop over <name>_<pass>
    (csrc/act/<name>.h)``, compiled for the variant. Softmax and log_softmax
    read ``fa_simd_<function>_<dtype> in <loop>`` where a row function of
    that table serves their rows (inner == 1), ``generic loop over <loop>
    (csrc/kernels/axis_dtype.inc)`` elsewhere; the loop (softmax_any,
    softmax_backward_any) runs the strided axes by the same rows (their
    columns gathered into rows; the backward passes' sums and end in place
    across the columns, with the rows' operations). Raises ValueError for a
    variant this machine cannot run."""
    from . import _kernel_table, _table

    chosen = isa if isa is not None else _core.current_isa()
    if chosen not in _core.isas_supported():
        raise ValueError(f"kernels(): {chosen!r} is not a variant this machine runs "
                         f"(supported: {', '.join(_core.isas_supported())})")
    served = _kernel_table.cells()
    layer = _kernel_table.layer(chosen, _core.baseline_target())

    def described(activation: str, pass_name: str, dtype: str, body: str) -> dict[str, str]:
        """The row's source file and the parameters its body serves ("": all)."""
        short = "f" + dtype[-2:]  # float32 -> f32
        row = served.get((layer or "", activation, pass_name, short))
        if row is not None and body == row.report(short):
            return {"source": row.source_file(short), "parameters": row.parameters(layer or "")}
        found = re.search(r"(?:act|simd|kernels)/\w+\.(?:h|inc)", body)
        return {"source": "csrc/" + found.group(0) if found else "", "parameters": ""}

    rows = []
    for index, spec in enumerate(_table.elementwise()):
        for pass_index, pass_name in enumerate(_table.PASSES):
            for f64, dtype in ((0, "float32"), (1, "float64")):
                body = _core.kernel_body(chosen, f64, index, pass_index)
                if body is not None:
                    rows.append({"activation": spec.name, "pass": pass_name, "dtype": dtype,
                                 "isa": chosen, "body": body,
                                 **described(spec.name, pass_name, dtype, body)})
    for name, op in _core.AXIS_OPS.items():
        activation, _, pass_name = name.partition("_backward")
        for f64, dtype in ((0, "float32"), (1, "float64")):
            body = _core.axis_kernel_body(chosen, f64, op)
            if body is not None:
                pass_ = "backward_y" if pass_name else "forward"
                rows.append({"activation": activation, "pass": pass_, "dtype": dtype,
                             "isa": chosen, "body": body,
                             **described(activation, pass_, dtype, body)})
    return rows
