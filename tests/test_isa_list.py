"""One list of instruction sets: the rows of csrc/isa_list.h are the variants the
module knows (enum, names, CPU checks, kernel table: all expanded from the rows),
and what the rows need outside the list exists: CMake's flags and the op header."""

from __future__ import annotations

import pathlib
import re

import pytest

from fastact import _core

ROOT = pathlib.Path(__file__).resolve().parent.parent
LIST = ROOT / "csrc" / "isa_list.h"
# the regex CMakeLists.txt reads the rows with
ROW = re.compile(r"\n[ \t]*X\(([a-z0-9_]+), *([A-Z0-9_]+), *([A-Z0-9_]+),")

pytestmark = pytest.mark.skipif(not LIST.is_file(), reason="needs the source tree")


def rows():
    return ROW.findall(LIST.read_text())


def test_the_module_knows_exactly_the_listed_variants_in_order():
    names = [name for name, _, _ in rows()]
    assert names[0] == "baseline"
    assert list(_core.ISA_NAMES) == names
    assert set(_core.isas_supported()) <= set(_core.isas_compiled()) <= set(names)
    assert "baseline" in _core.isas_supported()


def test_every_listed_variant_has_its_build_pieces():
    cmake = (ROOT / "CMakeLists.txt").read_text()
    arches = set(re.findall(r"set\(FASTACT_ARCH_([A-Z0-9_]+) ", cmake))
    for name, upper, arch in rows():
        assert arch in arches, f"{name}: CMakeLists.txt sets no FASTACT_ARCH_{arch}"
        if name == "baseline":
            continue
        # one set() per compiler family (MSVC, then GCC / Clang)
        assert len(re.findall(rf"set\(FASTACT_{upper}_FLAGS ", cmake)) == 2, name
        assert (ROOT / "csrc" / "simd" / f"{name}.h").is_file(), f"{name}: no op header"


def test_a_compiled_variant_fills_its_table_and_names_its_bodies():
    for isa in _core.isas_supported():
        assert _core.kernel_body(isa, 0, 0, 0), isa
