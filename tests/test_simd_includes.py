"""The body files of csrc/simd are self-contained and greppable (issue 17 item
5): each ``.inc`` includes what it uses, so that it compiles alone,
instantiated for both dtypes as kernels_dtype.inc instantiates it, on every
vector layer this machine's compiler targets; each carries the per-dtype
include guard that simd/end_of_dtype.inc resets; each definition of a
pasted name, FA_SIMD_FN(name), has its full names in the comment above it; and
every file of csrc/simd parses as its own main file with the flags the
repository's .clangd gives editors, so that jump-to-definition works there."""

from __future__ import annotations

import functools
import os
import pathlib
import platform
import re
import shlex
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SIMD = ROOT / "csrc" / "simd"
# kernels_dtype.inc is the list itself; end_of_dtype.inc the guards' reset
BODY_FILES = sorted(path for path in SIMD.glob("*.inc")
                    if path.name not in ("kernels_dtype.inc", "end_of_dtype.inc"))

pytestmark = pytest.mark.skipif(not SIMD.is_dir(), reason="needs the source tree (csrc/)")


def _guard(path: pathlib.Path) -> str:
    return f"FASTACT_SIMD_{path.stem.upper()}_INC"


def test_every_body_file_is_guarded_once_per_dtype():
    reset = set(re.findall(r"^#undef (\w+)$", (SIMD / "end_of_dtype.inc").read_text(), re.M))
    listed = (SIMD / "kernels_dtype.inc").read_text()
    assert '#include "simd/end_of_dtype.inc"' in listed
    for path in BODY_FILES:
        text = path.read_text()
        guard = _guard(path)
        assert f"#ifndef {guard}" in text and f"#define {guard}\n" in text, path.name
        assert text.rstrip().endswith("#endif /* " + guard + " */"), path.name
        assert '#include "simd/kernels.h"' in text, f"{path.name}: its prelude"
        assert guard in reset, f"simd/end_of_dtype.inc does not #undef {guard}"
    assert reset == {_guard(path) for path in BODY_FILES}


@functools.cache
def _compiler() -> list[str] | None:
    """A C compiler that compiles plain C99 here, or None (tools/test_aarch64.sh
    sets CC=false: the emulated interpreter has none it could run)."""
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if not cc:
        return None
    try:
        works = subprocess.run([*shlex.split(cc), "-std=c99", "-fsyntax-only", "-x", "c", "-"],
                               input="int fa_probe;\n", capture_output=True, text=True).returncode == 0
    except OSError:
        works = False
    return shlex.split(cc) if works else None


# the vector layers: every op header of csrc/simd (it defines FA_SIMD_LAYER_<NAME>)
LAYERS = sorted(path.stem for path in SIMD.glob("*.h")
                if "#define FA_SIMD_LAYER_" in path.read_text())
X86 = platform.machine().lower() in ("x86_64", "amd64")


def _flags(layer: str) -> list[str]:
    """The layer's header and its variant's GCC / Clang flags in CMakeLists.txt."""
    cmake = (ROOT / "CMakeLists.txt").read_text()
    sets = [args.split() for args in re.findall(rf"set\(FASTACT_{layer.upper()}_FLAGS\s+([^)]*)\)",
                                                cmake)]
    gnu = [args for args in sets if args and args[0].startswith("-")]
    target = [*gnu[0], "-DFA_TARGET_FMA=1"] if gnu else []
    return [*target, f'-DFA_SIMD_HEADER="simd/{layer}.h"']


@pytest.mark.skipif(_compiler() is None, reason="needs a C compiler")
@pytest.mark.parametrize("layer", LAYERS)
def test_every_body_file_compiles_alone(tmp_path, layer):
    flags = _flags(layer)
    probe = tmp_path / "probe.c"
    probe.write_text('#include "simd/simd.h"\ntypedef int fa_translation_unit_not_empty;\n')
    alone = subprocess.run([*_compiler(), "-std=c99", "-fsyntax-only", f"-I{ROOT / 'csrc'}",
                            *flags, str(probe)], capture_output=True, text=True)
    if alone.returncode != 0:
        # a layer of another architecture; scalar.h builds anywhere, AVX2 and
        # AVX-512 on every x86-64 compiler
        assert layer != "scalar" and not (X86 and layer in ("avx2", "avx512")), alone.stderr
        pytest.skip(f"simd/{layer}.h is not for this machine")
    generated = tmp_path / "generated"
    subprocess.run([sys.executable, str(ROOT / "tools" / "gen_table_header.py"),
                    str(ROOT / "src" / "fastact" / "_table.py"), str(generated)], check=True)
    units = []
    for path in BODY_FILES:
        # the file alone in each dtype's pass, then the guards' reset, as
        # kernels_dtype.inc does after its list
        template = tmp_path / f"alone_{path.stem}.inc"
        template.write_text(f'#include "simd/{path.name}"\n#include "simd/end_of_dtype.inc"\n')
        unit = tmp_path / f"alone_{path.stem}.c"
        unit.write_text(f'#define FA_DTYPE_TEMPLATE "{template.name}"\n#include "for_each_dtype.inc"\n'
                        "typedef int fa_translation_unit_not_empty;\n")
        units.append(str(unit))
    command = [*_compiler(), "-std=c99", "-fsyntax-only", "-Werror=implicit-function-declaration",
               "-Werror=implicit-int", f"-I{ROOT / 'csrc'}", f"-I{generated}", f"-I{tmp_path}",
               *flags, *units]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, f"{layer}: a body file does not include what it uses:\n{done.stderr}"


def test_every_pasted_definition_spells_its_full_names():
    definition = re.compile(r"^(.*)\n(?:FA_INLINE|static)\b(?:[^;{}()]|FA_SIMD_FN\(\w+\))*?"
                            r"\bFA_SIMD_FN\((\w+)\)\s*\(", re.M)
    count = 0
    for path in BODY_FILES:
        # a *_f32.inc / *_f64.inc file is compiled for its dtype only
        dtypes = [d for d in ("f32", "f64") if path.stem.endswith("_" + d)] or ["f32", "f64"]
        for match in definition.finditer(path.read_text()):
            names = ", ".join(f"fa_simd_{match.group(2)}_{dtype}" for dtype in dtypes)
            assert match.group(1) == f"/* {names} */", (path.name, match.group(2))
            count += 1
    assert count > 50


def _clangd_flags() -> list[str]:
    """The flags .clangd adds to the files of csrc/simd (its one Add list)."""
    text = (ROOT / ".clangd").read_text()
    added = re.search(r"Add:\s*\[([^\]]*)\]", text)
    assert added, ".clangd has no Add list"
    return [flag.strip() for flag in added.group(1).replace("\n", " ").split(",") if flag.strip()]


@pytest.mark.skipif(_compiler() is None or not X86, reason="needs a C compiler for x86-64")
def test_every_simd_file_parses_as_an_editor_opens_it(tmp_path):
    """clangd parses a file of csrc/simd with compile_commands.json's include
    folders plus .clangd's flags (AVX-512, the float32 pass of
    simd/editor_prelude.h): each parses without error (neon.h is AArch64's)."""
    assert (ROOT / ".clangd").read_text().count("PathMatch: csrc/simd/") == 1
    generated = tmp_path / "generated"
    subprocess.run([sys.executable, str(ROOT / "tools" / "gen_table_header.py"),
                    str(ROOT / "src" / "fastact" / "_table.py"), str(generated)], check=True)
    files = sorted(str(path) for path in [*SIMD.glob("*.inc"), *SIMD.glob("*.h")]
                   if path.name != "neon.h")
    assert len(files) > 40
    command = [*_compiler(), "-std=c99", "-fsyntax-only", f"-I{ROOT / 'csrc'}", f"-I{generated}",
               *_clangd_flags(), "-x", "c", *files]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, f"a file of csrc/simd does not parse alone:\n{done.stderr}"
