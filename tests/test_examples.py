"""The examples in their small configuration, asserting their headline results, so
they cannot rot. Skipped where scikit-learn or matplotlib is missing (the aarch64
run under qemu)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _load(name: str):
    path = EXAMPLES / f"{name}.py"
    if not path.exists():  # an installed wheel tested from outside the source tree
        pytest.skip(f"{path} is not here")
    spec = importlib.util.spec_from_file_location(f"example_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vanishing_gradients(tmp_path):
    pytest.importorskip("matplotlib")
    example = _load("vanishing_gradients")
    out = tmp_path / "v.png"
    # main() asserts the lesson itself (example.check); the figures again here
    results = example.main(["--depth", "8", "--width", "64", "--batch", "128", "--out", str(out)])
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    growth = {key: example.growth_per_layer(norms) for key, norms in results.items()}
    large = next(name for name in example.INITS if name.startswith("large"))
    assert 1 / 6 < growth["sigmoid", "Glorot normal"] < 1 / 3       # f' <= 1/4: ~4x a layer
    assert 0.9 < growth["relu", "He normal"] < 1.1                   # level
    assert growth["relu", large] > 2 and growth["silu", large] > 2   # explodes
    assert growth["relu", "Glorot normal"] < growth["relu", "He normal"]
