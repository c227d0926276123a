"""Write the C view of src/fastact/_table.py: the X-macro lists the kernels are
instantiated from. Run by CMake at build time; never edit its output.

usage: python tools/gen_table_header.py path/to/_table.py OUT_DIR
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def load_table(path: Path):
    spec = importlib.util.spec_from_file_location("_fastact_table", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


def render(table) -> tuple[str, str]:
    rows = table.elementwise()
    passes = table.PASSES
    lines = [
        "/* Generated from src/fastact/_table.py by tools/gen_table_header.py. Do not edit. */",
        "#ifndef FASTACT_TABLE_H",
        "#define FASTACT_TABLE_H",
        "",
        f"#define FA_N_ACTIVATIONS {len(rows)}",
        f"#define FA_N_PASSES {len(passes)}",
        f"#define FA_MAX_PARAMS {table.MAX_PARAMS}",
        "",
        "enum fa_pass {",
        *[f"    FA_{name.upper()} = {i}," for i, name in enumerate(passes)],
        "};",
        "",
        "/* FA_ACT_<NAME>: an activation's row in the kernel tables. */",
        "enum fa_activation {",
        *[f"    FA_ACT_{s.name.upper()} = {i}," for i, s in enumerate(rows)],
        "};",
        "",
        "/* X(name, index): every activation, in table order. */",
        "#define FA_FOR_EACH_ACTIVATION(X) \\",
        *[f"    X({s.name}, {i}) \\" for i, s in enumerate(rows)],
        "",
        "",
        "/* X(name, index): the activations whose gradient can be had from y. */",
        "#define FA_FOR_EACH_Y_BACKWARD(X) \\",
        *[f"    X({s.name}, {i}) \\" for i, s in enumerate(rows) if s.has_y_kernel],
        "",
        "",
        "#endif",
        "",
    ]
    includes = [
        "/* Generated from src/fastact/_table.py. Included once per dtype: no guard. */",
        *[f'#include "act/{s.name}.h"' for s in rows],
        "",
    ]
    return "\n".join(lines), "\n".join(includes)


def write_if_changed(path: Path, text: str) -> None:
    # Leave an unchanged file alone so that make/ninja do not rebuild every kernel.
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def main(argv: list[str]) -> int:
    table_path, out_dir = Path(argv[1]), Path(argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    header, includes = render(load_table(table_path))
    write_if_changed(out_dir / "fastact_table.h", header)
    write_if_changed(out_dir / "fastact_act_math.inc", includes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
