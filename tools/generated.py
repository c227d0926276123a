"""The command line shared by the scripts that write a generated file
(gen_stubs.py, gen_docs.py): write it, or with --check exit 1 when the
committed file differs from what the script makes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable


def write_or_check(path: Path, generate: Callable[[], str], description: str, script: str) -> int:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    text = generate()
    if args.check:
        if not path.exists() or path.read_text() != text:
            print(f"{path} is stale: run python {script}", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(f"wrote {path}")
    return 0
