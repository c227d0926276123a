"""Check what a built wheel and sdist carry (issue: packaging hygiene):

    python tools/check_dist.py WHEEL SDIST

The wheel holds the package's run-time files, the compiled extension and the
licence, and nothing of the build (Cython sources, C files); its metadata has
the licence expression, classifiers, project URLs and the README as long
description. The sdist holds everything a build and the test suite need, and no
build or virtual-environment folders. Exits 1 with every problem listed.
"""

from __future__ import annotations

import email.parser
import sys
import tarfile
import zipfile
from pathlib import PurePosixPath

SDIST_NEEDS = ["LICENSE", "README.md", "pyproject.toml", "CMakeLists.txt", "csrc/fastact.h",
               "csrc/dispatch.c", "src/fastact/__init__.py", "src/fastact/_core.pyx",
               "src/fastact/_table.py", "src/fastact/_kernel_table.py",
               "tools/gen_table_header.py", "tests/conftest.py",
               "tests/helpers.py", "src/fastact/__init__.pyi", "src/fastact/py.typed",
               "examples/mlp_digits.py", "examples/vanishing_gradients.py"]
SDIST_NEVER = (".venv/", "build/", "wheelhouse/", ".git/")
WHEEL_NEVER_SUFFIXES = (".pyx", ".pxi", ".pxd", ".c", ".h", ".inc")


def check_wheel(path: str) -> list[str]:
    problems = []
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        dist_info = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
        metadata = email.parser.Parser().parsestr(wheel.read(f"{dist_info}/METADATA").decode())
    if f"{dist_info}/licenses/LICENSE" not in names:
        problems.append("wheel: no LICENSE under .dist-info/licenses")
    for name in names:
        top = name.split("/")[0]
        if top not in ("fastact", dist_info):
            problems.append(f"wheel: unexpected top-level entry {name}")
        if name.endswith(WHEEL_NEVER_SUFFIXES):
            problems.append(f"wheel: build-only file {name}")
    if not any(PurePosixPath(n).name.startswith("_core.") and not n.endswith(".py") for n in names):
        problems.append("wheel: no compiled fastact/_core extension")
    for typed in ("fastact/__init__.pyi", "fastact/py.typed"):  # type checkers and IDEs need both
        if typed not in names:
            problems.append(f"wheel: no {typed}")
    if metadata.get("License-Expression") != "BSD-3-Clause":
        problems.append(f"wheel: License-Expression is {metadata.get('License-Expression')!r}")
    if len(metadata.get_all("Classifier") or []) < 5:
        problems.append("wheel: fewer than 5 classifiers")
    if not metadata.get_all("Project-URL"):
        problems.append("wheel: no Project-URL")
    if metadata.get("Description-Content-Type") != "text/markdown" or "## Install" not in metadata.get_payload():
        problems.append("wheel: the long description is not the README (markdown, with Install)")
    return problems


def check_sdist(path: str) -> list[str]:
    with tarfile.open(path) as sdist:
        names = [n.split("/", 1)[1] for n in sdist.getnames() if "/" in n]
    problems = [f"sdist: missing {need}" for need in SDIST_NEEDS if need not in names]
    problems += [f"sdist: carries {n}" for n in names if n.startswith(SDIST_NEVER)]
    return problems


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    problems = check_wheel(sys.argv[1]) + check_sdist(sys.argv[2])
    for problem in problems:
        print(problem)
    print(f"check_dist: {len(problems)} problem(s) in {sys.argv[1]} and {sys.argv[2]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
