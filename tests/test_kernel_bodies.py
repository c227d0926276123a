"""fastact.kernels(): which C body serves each (activation, pass, dtype, ISA).

The report is set in C beside every kernel pointer (csrc/kernels/elementwise.c,
the fill generated from src/fastact/_kernel_table.py; for softmax and
log_softmax csrc/kernels/axis_dtype.inc spells the row function its loops call
from the generated FA_ROWS_<ACTIVATION>_<PASS>), so
these tests check that it covers exactly the cells the table defines, that the
hand-written cells are those of the implementation table (_kernel_table.BODIES)
for the variant's vector layer, and that every name it gives can be found in
csrc/ with grep."""

from __future__ import annotations

import pathlib
import re

import pytest

import fastact as fa
from fastact import _core, _kernel_table, _table

ROOT = pathlib.Path(__file__).resolve().parent.parent
CSRC = ROOT / "csrc"
SUPPORTED = _core.isas_supported()
#: AArch64's one variant runs the hand-written bodies over simd/neon.h
NEON = "neon.h" in _core.baseline_target()
#: x86-64's baseline over simd/sse2.h (FASTACT_BASELINE_SSE2, the default)
SSE2 = "simd/sse2.h" in _core.baseline_target()
#: the variants that run hand-written bodies
SIMD_VARIANTS = [isa for isa in SUPPORTED if isa != "baseline" or NEON or SSE2]
#: the along-axis activations (softmax, log_softmax): their rows run in AXIS_LOOPS
AXIS = [spec.name for spec in _table.ACTIVATIONS if spec.kind == "axis"]
#: those whose layer runs every row it is named in (not only _kernel_table.LAYER_CELLS)
FULL_VARIANTS = [isa for isa in SIMD_VARIANTS
                 if _kernel_table.layer(isa, _core.baseline_target()) not in _kernel_table.LAYER_CELLS]


def expected_cells() -> set[tuple[str, str, str]]:
    """(activation, pass, dtype) for every pass the table defines."""
    cells = set()
    for spec in _table.elementwise():
        passes = _table.PASSES if spec.has_y_kernel else _table.PASSES[:3]
        cells |= {(spec.name, p, d) for p in passes for d in ("float32", "float64")}
    for spec in _table.ACTIVATIONS:
        if spec.kind == "axis":
            cells |= {(spec.name, p, d) for p in ("forward", "backward_y")
                      for d in ("float32", "float64")}
    return cells


@pytest.mark.parametrize("isa", SUPPORTED)
def test_every_cell_of_the_table_maps_to_one_body(isa):
    rows = fa.kernels(isa)
    cells = [(r["activation"], r["pass"], r["dtype"]) for r in rows]
    assert len(cells) == len(set(cells)), "a cell reported twice"
    assert set(cells) == expected_cells()
    assert all(r["isa"] == isa and r["body"] for r in rows)


def test_default_is_the_variant_in_use():
    assert fa.kernels() == fa.kernels(_core.current_isa())


@pytest.mark.skipif(NEON, reason="AArch64's baseline runs the NEON bodies")
@pytest.mark.skipif(SSE2, reason="built with FASTACT_BASELINE_SSE2: the baseline runs the bodies")
@pytest.mark.skipif("simd/scalar.h" in _core.baseline_target(),
                    reason="built with FASTACT_BASELINE_BODIES: the baseline runs the bodies")
def test_x86_baseline_runs_only_generic_loops():
    generic = re.compile(r"generic loop over (\w+)_(forward|derivative|backward_x|backward_y) "
                         r"\(csrc/act/(\w+)\.h\)$")
    axis_loops = {p: loop for loop, p in _kernel_table.AXIS_LOOPS.items()}
    for row in fa.kernels("baseline"):
        if row["activation"] in ("softmax", "log_softmax"):
            assert row["body"] == (f"generic loop over {axis_loops[row['pass']]} "
                                   "(csrc/kernels/axis_dtype.inc)"), row
            continue
        match = generic.match(row["body"])
        assert match, row
        assert match.group(1) == match.group(3) == row["activation"]
        assert match.group(2) == row["pass"]


@pytest.mark.parametrize("isa", FULL_VARIANTS)
def test_simd_variants_run_their_bodies(isa):
    bodies = {(r["activation"], r["pass"], r["dtype"]): r["body"] for r in fa.kernels(isa)}
    layer = _kernel_table.layer(isa, _core.baseline_target())
    # the bodies the comments in csrc/simd/kernels.h describe (AVX2's float32
    # silu forward: x / (1 + e^-x) over lut8_f32.h's table since session 11,
    # AVX-512's since session 12)
    silu = "silu_lut8_forward" if layer in ("avx2", "avx512") else "silu_table_forward"
    assert bodies["swish", "forward", "float32"].startswith(f"fa_simd_{silu}_f32")
    assert bodies["sigmoid", "backward_x", "float64"].startswith(
        "fa_simd_sigmoid_derivative_f64 in FA_SIMD_TIMES_KERNEL")
    assert bodies["softmax", "forward", "float32"] == "fa_simd_softmax_rows_f32 in softmax_any"
    assert bodies["log_softmax", "backward_y", "float32"] == (
        "fa_simd_softmax_backward_rows_f32 in softmax_backward_any")
    # softmax's float64 backward rows are generic on every layer (no exp to speed up)
    assert bodies["softmax", "backward_y", "float64"].startswith("generic loop over ")
    # a cheap two-source permute (AVX-512) keeps the 16-entry table, AVX2 its
    # 8-entry one (one vpermps), NEON and the scalar layer the polynomial; a
    # layer added since (CONTRIBUTING.md's "Add an instruction set") runs the
    # rows it is named in, which the test above holds to the table
    expected = {"avx512": "sigmoid_table_forward", "avx2": "sigmoid_lut8_forward",
                "neon": "sigmoid_poly_forward", "scalar": "sigmoid_poly_forward"}.get(layer)
    if expected:
        assert bodies["sigmoid", "forward", "float32"].startswith(f"fa_simd_{expected}_f32")


@pytest.mark.skipif(not SSE2, reason="x86-64's baseline is not built over simd/sse2.h here")
def test_the_sse2_baseline_runs_the_bodies_only_in_its_chosen_cells():
    chosen = {(a, p, "float" + d[1:]) for a, p, d in _kernel_table.LAYER_CELLS["sse2"]}
    assert chosen  # a build over sse2.h that runs no body would be the generic loops again
    for row in fa.kernels("baseline"):
        cell = (row["activation"], row["pass"], row["dtype"])
        assert row["body"].startswith("fa_simd_") == (cell in chosen), row
        if row["activation"] in ("softmax", "log_softmax") and cell not in chosen:
            assert row["body"].startswith("generic loop over softmax_"), row


def test_the_layer_cells_name_cells_a_row_serves():
    names = [spec.name for spec in _table.elementwise()]
    stale = {"sse2": frozenset({("sigmoid", "forward", "f16")})}
    original = _kernel_table.LAYER_CELLS
    try:
        _kernel_table.LAYER_CELLS = {**original, **stale}
        with pytest.raises(ValueError, match="no row serves"):
            _kernel_table.check(_kernel_table.BODIES, names, _table.PASSES, AXIS)
    finally:
        _kernel_table.LAYER_CELLS = original


def test_show_config_counts_the_bodies(capsys):
    info = fa.show_config()
    simd = sum(r["body"].startswith("fa_simd_") for r in fa.kernels())
    assert info["bodies"].startswith(f"{simd} of {len(expected_cells())} ")
    assert (simd == 0) == (_core.current_isa() not in SIMD_VARIANTS)


def test_unknown_or_unsupported_variant_is_a_value_error():
    with pytest.raises(ValueError, match="not a variant this machine runs"):
        fa.kernels("sse9")


@pytest.mark.skipif(not CSRC.is_dir(), reason="needs the source tree (csrc/)")
def test_every_reported_name_is_found_in_csrc():
    sources = {path: path.read_text() for path in CSRC.rglob("*") if path.suffix in (".h", ".inc", ".c")}
    for isa in SUPPORTED:
        for row in fa.kernels(isa):
            body = row["body"]
            for path in re.findall(r"(?:act|simd|kernels)/\w+\.(?:h|inc)", body):
                assert (CSRC / path).is_file(), (row, path)
            simd = re.match(r"fa_simd_(\w+)_(f32|f64) in (\w+)$", body)
            if simd and simd.group(3) in _kernel_table.AXIS_LOOPS:
                # a row function, defined with its full name beside its loop
                axis = sources[CSRC / "kernels" / "axis_dtype.inc"]
                assert re.search(rf"(static|FA_INLINE) void fa_simd_{simd.group(1)}_"
                                 rf"{simd.group(2)}\(", axis), row
                assert f"FA_FN({simd.group(3)})(" in axis, row
            elif simd:
                function, loop = simd.group(1), simd.group(3)
                # defined as fa_simd_<function>_<dtype> or FA_SIMD_FN(<function>) in csrc/simd/
                defined = rf"fa_simd_{function}_f(32|64)\b|FA_SIMD_FN\({function}\)"
                assert any(re.search(defined, text) for path, text in sources.items()
                           if path.parent.name == "simd" and "kernels.h" != path.name), row
                assert any(f"define {loop}(" in text for text in sources.values()), row


@pytest.mark.parametrize("isa", SUPPORTED)
def test_the_hand_written_cells_are_the_kernel_table_rows_of_the_layer(isa):
    # the C fill (generated) against the data it was generated from: the same
    # body in every cell, and no cell the table does not give a body
    layer = _kernel_table.layer(isa, _core.baseline_target())
    baseline_layer = ("neon" if NEON else "sse2" if SSE2 else
                      "scalar" if "simd/scalar.h" in _core.baseline_target() else None)
    assert layer == (isa if isa != "baseline" else baseline_layer)
    expected = {(a, p, "float" + d[1:]): body.report(d)
                for (v, a, p, d), body in _kernel_table.cells().items() if v == layer}
    reported = {(r["activation"], r["pass"], r["dtype"]): r["body"] for r in fa.kernels(isa)
                if r["body"].startswith("fa_simd_")}
    assert reported == expected
    if layer in _kernel_table.LAYER_CELLS:  # only the cells chosen for it
        assert {(a, p, "float" + d[1:]) for a, p, d in _kernel_table.LAYER_CELLS[layer]} == set(expected)
    else:
        assert (len(expected) > 40) == (layer is not None)
    for row in fa.kernels(isa):
        short = "f" + row["dtype"][-2:]
        body = _kernel_table.cells().get((layer, row["activation"], row["pass"], short))
        if body is not None:
            assert row["source"] == body.source_file(short), row
            assert row["parameters"] == body.parameters(layer), row
        else:
            assert row["parameters"] == "" and (ROOT / row["source"]).is_file(), row
    # the softmax family: the row function each cell's loop calls (axis_dtype.inc
    # spells it from the generated FA_ROWS_<ACTIVATION>_<PASS> it calls), else
    # the loop's generic rows
    for row in fa.kernels(isa):
        if row["activation"] in ("softmax", "log_softmax"):
            body = _kernel_table.cells().get((layer, row["activation"], row["pass"],
                                              "f" + row["dtype"][-2:]))
            assert body is None or body.is_axis(), body
            assert row["body"] == (body.report("f" + row["dtype"][-2:]) if body else
                                   f"generic loop over {body_loop(row['pass'])} "
                                   "(csrc/kernels/axis_dtype.inc)"), row
    axis_cells = {k for k in expected if k[0] in ("softmax", "log_softmax")}
    assert (len(axis_cells) >= 7) == (layer in ("avx2", "avx512", "neon", "scalar")), axis_cells
    if layer is not None:
        swish = [r for r in fa.kernels(isa) if r["activation"] == "swish" and r["pass"] == "forward"
                 and r["body"].startswith("fa_simd_")]
        assert swish
        # other beta: swish.inc's body, or on sse2 the generic loop (csrc/simd/loops.inc)
        other = ("the generic loop swish_forward_kernel_" if layer == "sse2" else
                 "fa_simd_swish_forward_")
        assert all(r["parameters"].startswith(f"beta = 1; other beta: {other}") for r in swish)


def body_loop(pass_: str) -> str:
    """The along-axis loop that runs a softmax-family pass."""
    return {p: loop for loop, p in _kernel_table.AXIS_LOOPS.items()}[pass_]


def test_the_kernel_table_serves_each_cell_once_and_names_known_cells():
    names = [spec.name for spec in _table.elementwise()]
    _kernel_table.check(_kernel_table.BODIES, names, _table.PASSES, AXIS)
    first = _kernel_table.BODIES[0]
    with pytest.raises(ValueError, match="served twice"):
        _kernel_table.check((*_kernel_table.BODIES, first), names, _table.PASSES, AXIS)
    for bad in (dict(activation="sigmoidd"), dict(pass_="backward"), dict(layers=("sse9",)),
                dict(dtypes=("f16",)), dict(layers=())):
        row = _kernel_table.Body(**{**first.__dict__, **bad})
        with pytest.raises(ValueError, match="unknown"):
            _kernel_table.check((row,), names, _table.PASSES, AXIS)


def test_the_kernel_table_keeps_the_softmax_rows_to_their_loops():
    names = [spec.name for spec in _table.elementwise()]
    axis = [body for body in _kernel_table.BODIES if body.is_axis()]
    assert {(b.activation, b.pass_) for b in axis} == {
        (a, p) for a in AXIS for p in ("forward", "backward_y")}
    elementwise = [body for body in _kernel_table.BODIES if not body.is_axis()]
    forward = next(b for b in axis if b.pass_ == "forward" and b.activation == "softmax")
    backward = next(b for b in axis if b.pass_ == "backward_y")
    bad_rows = (
        # an elementwise body in an axis loop, an axis row in an elementwise loop
        _kernel_table.Body(**{**elementwise[0].__dict__, "loop": "softmax_any"}),
        _kernel_table.Body(**{**forward.__dict__, "loop": "FA_SIMD_UNARY_KERNEL"}),
        # a forward row in the backward loop
        _kernel_table.Body(**{**forward.__dict__, "pass_": "backward_y"}),
    )
    for row in bad_rows:
        with pytest.raises(ValueError, match="along-axis"):
            _kernel_table.check((row,), names, _table.PASSES, AXIS)
    # softmax forward rows without log_softmax's on a layer: softmax_rows runs one for both
    lone = [b for b in _kernel_table.BODIES if not (b.pass_ == "forward" and b.is_axis()
                                                     and b.activation == "log_softmax")]
    with pytest.raises(ValueError, match="forward rows for log_softmax too"):
        _kernel_table.check(lone, names, _table.PASSES, AXIS)
    # two row functions for one loop, layer and dtype (the loop calls one)
    other = [b for b in _kernel_table.BODIES if b is not backward]
    renamed = _kernel_table.Body(**{**backward.__dict__, "function": "softmax_other_rows"})
    with pytest.raises(ValueError, match="one row function"):
        _kernel_table.check((*other, renamed), names, _table.PASSES, AXIS)


@pytest.mark.skipif(not CSRC.is_dir(), reason="needs the source tree (csrc/)")
def test_every_kernel_table_row_names_a_body_and_a_loop_that_exist():
    loops = "".join(path.read_text() for path in (CSRC / "simd").glob("*.inc"))
    axis = (CSRC / "kernels" / "axis_dtype.inc").read_text()
    for body in _kernel_table.BODIES:
        if body.is_axis():  # a row function of axis_dtype.inc and the loop calling it
            assert body.source_file("f32") == "csrc/kernels/axis_dtype.inc", body
            assert f"FA_FN({body.loop})(" in axis, body
            for dtype in body.dtypes:
                assert re.search(rf"(static|FA_INLINE) void {body.function_name(dtype)}\(",
                                 axis), (body, dtype)
            continue
        assert f"#define {body.loop}(" in loops, body
        for dtype in body.dtypes:
            path = ROOT / body.source_file(dtype)
            assert path.is_file(), (body, path)
            # defined there as fa_simd_<function>_<dtype>(...) or FA_SIMD_FN(<function>)(...)
            defined = rf"\b(?:{body.function_name(dtype)}|FA_SIMD_FN\({body.function}\))\("
            assert re.search(r"FA_INLINE\s+\w+\s+" + defined, path.read_text()), (body, dtype)
            # and spelled out there, for grep (the comment above a pasted definition)
            assert re.search(rf"\b{body.function_name(dtype)}\b", path.read_text()), (body, dtype)
            serves = re.search(r"(\w+)_serves\b", body.parameters())
            if serves:  # the parameter test the loop branches on
                assert f"FA_SIMD_FN({serves.group(1)}_serves)(" in path.read_text(), body


@pytest.mark.skipif(not (ROOT / "tools").is_dir(), reason="needs the source tree (tools/)")
def test_the_generated_kernels_spell_every_full_name(tmp_path):
    # item 5 of issue 17: grep finds <kernel>_simd_<dtype> and fa_simd_<function>_<dtype>
    # in the generated file that defines the kernel
    import subprocess
    import sys

    subprocess.run([sys.executable, str(ROOT / "tools" / "gen_table_header.py"),
                    str(ROOT / "src" / "fastact" / "_table.py"), str(tmp_path)], check=True)
    kernels = (tmp_path / "fastact_simd_kernels.inc").read_text()
    fill = (tmp_path / "fastact_simd_fill.inc").read_text()
    rows = (tmp_path / "fastact_axis_rows.inc").read_text()
    for body in _kernel_table.BODIES:
        if body.is_axis():
            for dtype in body.dtypes:
                assert (f"#define FA_ROWS_{body.activation.upper()}_{body.pass_.upper()} "
                        f"{body.function_name(dtype)}\n") in rows
            assert body.function_name("f32") not in kernels + fill
            continue
        for dtype in body.dtypes:
            assert f"defines {body.kernel_name(dtype)}," in kernels
            assert f"{body.loop}({body.kernel_stem()}, {body.function_name(dtype)})" in kernels
            assert f"= {body.kernel_name(dtype)};" in fill
            assert f'"{body.report(dtype)}"' in fill


@pytest.mark.skipif(not (ROOT / "tools").is_dir(), reason="needs the source tree (tools/)")
def test_a_softmax_row_on_another_layer_is_one_table_edit():
    # CONTRIBUTING.md's recipe: float64's rows on NEON are a name in their
    # rows' layers (since session 8); without it the generator no longer
    # selects the row function there, and with it (this table) it does
    import dataclasses
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import gen_table_header
    finally:
        sys.path.remove(str(ROOT / "tools"))

    def without_neon(body):
        if body.is_axis() and body.dtypes == ("f64",) and "avx2" in body.layers:
            assert "neon" in body.layers, body
            return dataclasses.replace(body, layers=tuple(v for v in body.layers if v != "neon"))
        return body

    class Table:  # _kernel_table with the edited rows
        def __getattr__(self, name):
            return getattr(_kernel_table, name)

    edited = Table()
    edited.BODIES = tuple(without_neon(body) for body in _kernel_table.BODIES)
    names = [spec.name for spec in _table.elementwise()]
    _kernel_table.check(edited.BODIES, names, _table.PASSES, AXIS)
    before, after = gen_table_header.render_axis(_kernel_table), gen_table_header.render_axis(edited)
    f64 = lambda text: text.split("#if FA_DTYPE_IS_F32 == 0")[1]  # noqa: E731
    for rows in ("SOFTMAX_FORWARD fa_simd_softmax_rows_f64",
                 "LOG_SOFTMAX_FORWARD fa_simd_softmax_rows_f64",
                 "LOG_SOFTMAX_BACKWARD_Y fa_simd_log_softmax_backward_rows_f64"):
        condition = {text: re.findall(rf"#if (.*)\n#define FA_ROWS_{rows}\n", f64(text))
                     for text in (before, after)}
        assert any("defined(FA_SIMD_LAYER_NEON)" in c for c in condition[before]), rows
        assert not any("NEON" in c for c in condition[after]), rows
