"""CONTRIBUTING.md's recipes stay true: every file they name exists, and what
they say the tests enforce is enforced."""

from __future__ import annotations

import pathlib
import re

import pytest

from fastact import _table, reference

ROOT = pathlib.Path(__file__).resolve().parent.parent
GUIDE = ROOT / "CONTRIBUTING.md"


@pytest.mark.skipif(not GUIDE.is_file(), reason="needs the source tree")
def test_every_path_the_recipes_name_exists():
    text = GUIDE.read_text()
    named = [token for token in re.findall(r"`([^`\s]+)`", text)
             if "/" in token and "<" not in token and not token.startswith("-")]
    assert len(named) > 15, "the recipes name the files they touch"
    missing = [path for path in named if not (ROOT / path).exists()]
    assert not missing, f"CONTRIBUTING.md names files that do not exist: {missing}"


def test_reference_all_lists_every_public_row():
    """Recipe step 3: the twin is exported (reference.__all__)."""
    public = {spec.name for spec in _table.ACTIVATIONS if spec.public}
    assert public <= set(reference.__all__)
    assert all(callable(getattr(reference, name)) for name in reference.__all__)
