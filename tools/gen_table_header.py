"""Write the C view of src/fastact/_table.py (the X-macro lists the kernels are
instantiated from) and of src/fastact/_kernel_table.py beside it (which
hand-written SIMD body serves which cell on which vector layer). Run by CMake
at build time (and by tools/check_windows_build.sh); never edit its output.

usage: python tools/gen_table_header.py path/to/_table.py OUT_DIR

writes OUT_DIR/fastact_table.h, fastact_act_math.inc, and
  fastact_simd_kernels.inc  the SIMD kernels, spelled with full names
                            (included per dtype by csrc/simd/kernels_dtype.inc)
  fastact_simd_fill.inc     their assignments to the kernel table
                            (the body of fa_simd_fill, csrc/kernels/elementwise.c)
  fastact_axis_rows.inc     the softmax-family row functions of each layer,
                            FA_ROWS_<ACTIVATION>_<PASS> (included per dtype by
                            csrc/kernels/axis_dtype.inc, whose loops call them
                            and whose axis_reports spells them for fa.kernels())
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def load_table(path: Path, name: str = "_fastact_table"):
    spec = importlib.util.spec_from_file_location(name, path)
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


GENERATED = "/* Generated from src/fastact/_kernel_table.py by tools/gen_table_header.py. Do not edit. */"


def layer_condition(layers) -> str:
    """The #if under which a row applies: its layers' op headers define
    FA_SIMD_LAYER_<NAME> (csrc/simd/<name>.h)."""
    return " || ".join(f"defined(FA_SIMD_LAYER_{name.upper()})" for name in layers)


def per_dtype(bodies, lines) -> list[str]:
    """lines(body, dtype, layers) for each row serving each dtype on some
    layers (Body.layers_for), the dtypes apart under #if FA_DTYPE_IS_F32 (the
    generated files are included once per dtype)."""
    out: list[str] = []
    for dtype, is_f32 in (("f32", 1), ("f64", 0)):
        out += ["", f"#if FA_DTYPE_IS_F32 == {is_f32}"]
        for body in bodies:
            layers = body.layers_for(dtype)
            if dtype in body.dtypes and layers:
                out += lines(body, dtype, layers)
        out.append(f"#endif /* FA_DTYPE_IS_F32 == {is_f32} */")
    return out


def check(table, kernel_table) -> None:
    """kernel_table.check over every row, the elementwise and the axis activations."""
    kernel_table.check(kernel_table.BODIES, [s.name for s in table.elementwise()], table.PASSES,
                       [s.name for s in table.ACTIVATIONS if s.kind == "axis"])


def render_axis(kernel_table) -> str:
    """The row-function macros (per dtype) from the rows of kernel_table.BODIES
    run by an along-axis loop."""
    rows = [body for body in kernel_table.BODIES if body.is_axis()]
    macros = [
        GENERATED,
        "/* The softmax-family row functions of this vector layer: included once per dtype by",
        " * csrc/kernels/axis_dtype.inc (no guard), before the row functions it guards. Where a",
        " * row serves the cell, FA_ROWS_<ACTIVATION>_<PASS> names its function, which the loop",
        " * runs for rows (inner == 1); undefined, the loop's generic rows serve it. */",
    ]
    macros += per_dtype(rows, lambda body, dtype, layers: [
        f"/* {body.activation} {body.pass_} on {', '.join(layers)}: rows by "
        f"{body.function_name(dtype)} ({body.source_file(dtype)}) in {body.loop};",
        f" * {body.parameters()} */",
        f"#if {layer_condition(layers)}",
        f"#define FA_ROWS_{body.activation.upper()}_{body.pass_.upper()} "
        f"{body.function_name(dtype)}",
        "#endif",
    ])
    return "\n".join(macros) + "\n"


def render_simd(table, kernel_table) -> tuple[str, str]:
    """The kernels (one per row and dtype) and the fill, from the elementwise
    rows of kernel_table.BODIES, which check() has found to serve each cell at
    most once."""
    check(table, kernel_table)
    bodies = [body for body in kernel_table.BODIES if not body.is_axis()]
    kernels = [
        GENERATED,
        "/* The hand-written SIMD kernels: included once per dtype by csrc/simd/kernels_dtype.inc",
        " * after the bodies and loops.inc. Each loop macro defines <kernel>_simd_<dtype>. */",
    ]
    fill = [GENERATED, "/* The body of fa_simd_fill (csrc/kernels/elementwise.c). */"]
    kernels += per_dtype(bodies, lambda body, dtype, layers: [
        f"/* {body.activation} {body.pass_} on {', '.join(layers)}: defines"
        f" {body.kernel_name(dtype)}, {body.loop} over",
        f" * {body.function_name(dtype)} ({body.source_file(dtype)})"
        + (f";\n * serves {body.parameters()}" if body.condition else "") + " */",
        f"#if {layer_condition(layers)}",
        f"{body.loop}({body.kernel_stem()}, {body.function_name(dtype)})",
        "#endif",
    ])
    # the rows of both dtypes first, then float32's own, then float64's: the
    # order the hand-written lists had (the code GCC makes depends on it a little)
    for dtypes in (("f32", "f64"), ("f32",), ("f64",)):
        for body in bodies:
            if body.dtypes != dtypes:
                continue
            cell = f"[FA_ACT_{body.activation.upper()}][FA_{body.pass_.upper()}]"
            condition = ""
            for dtype in dtypes:  # one #if for the dtypes on the same layers
                if layer_condition(body.layers_for(dtype)) != condition:
                    if condition:
                        fill.append("#endif")
                    condition = layer_condition(body.layers_for(dtype))
                    fill.append(f"#if {condition}")
                fill += [
                    f"t->{dtype}{cell} = {body.kernel_name(dtype)};",
                    f't->body_{dtype}{cell} = "{body.report(dtype)}";',
                ]
            fill.append("#endif")
    return "\n".join(kernels) + "\n", "\n".join(fill) + "\n"


def write_if_changed(path: Path, text: str) -> None:
    # Leave an unchanged file alone so that make/ninja do not rebuild every kernel.
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def main(argv: list[str]) -> int:
    table_path, out_dir = Path(argv[1]), Path(argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    table = load_table(table_path)
    header, includes = render(table)
    kernel_table = load_table(table_path.with_name("_kernel_table.py"), "_fastact_kernel_table")
    try:
        kernels, fill = render_simd(table, kernel_table)
        axis_rows = render_axis(kernel_table)
    except ValueError as error:
        print(f"gen_table_header: {error}", file=sys.stderr)
        return 1
    write_if_changed(out_dir / "fastact_table.h", header)
    write_if_changed(out_dir / "fastact_act_math.inc", includes)
    write_if_changed(out_dir / "fastact_simd_kernels.inc", kernels)
    write_if_changed(out_dir / "fastact_simd_fill.inc", fill)
    write_if_changed(out_dir / "fastact_axis_rows.inc", axis_rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
