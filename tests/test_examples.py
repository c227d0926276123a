"""The examples in their small configuration, asserting their headline results, so
they cannot rot. Skipped where scikit-learn or matplotlib is missing (the aarch64
run under qemu)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _load(name: str):
    path = EXAMPLES / f"{name}.py"
    if not path.exists():  # an installed wheel tested from outside the source tree
        pytest.skip(f"{path} is not here")
    spec = importlib.util.spec_from_file_location(f"example_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
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


def test_mlp_digits():
    pytest.importorskip("sklearn")
    example = _load("mlp_digits")
    runs = example.main(["--epochs", "12", "--seed", "0"])  # asserts >= 95% itself
    fast, numpy_ = runs["fastact"], runs["NumPy"]
    assert fast["accuracy"] >= 0.95 and numpy_["accuracy"] >= 0.95
    assert abs(fast["accuracy"] - numpy_["accuracy"]) <= 0.03  # the same network, other masks
    assert len(fast["epoch_ns"]) == 12 and all(ns > 0 for ns in fast["passes_ns"])


def test_mlp_digits_gradients_agree_without_dropout():
    """With p = 0 the fastact and NumPy passes give the same loss and gradients
    from the same weights, and those match a finite difference."""
    pytest.importorskip("sklearn")
    example = _load("mlp_digits")
    x_train, _, y_train, _ = example.load(0, np.dtype(np.float64))
    x, labels = x_train[:50], y_train[:50]
    net = example.MLP.new([64, 32, 16, 10], np.random.default_rng(1), np.dtype(np.float64))
    results = [net.loss_and_gradients(x, labels, cls("silu", 0.0, np.random.default_rng(2)))
               for cls in (example.FastactPasses, example.NumpyPasses)]
    (loss, grads), (numpy_loss, numpy_grads) = results
    assert loss == pytest.approx(numpy_loss, rel=1e-12)
    for (dw, db), (ndw, ndb) in zip(grads, numpy_grads):
        np.testing.assert_allclose(dw, ndw, rtol=1e-9, atol=1e-14)
        np.testing.assert_allclose(db, ndb, rtol=1e-9, atol=1e-14)
    # one weight of each layer against a central difference of the loss
    passes = example.FastactPasses("silu", 0.0, np.random.default_rng(2))
    for layer, (dw, _) in enumerate(grads):
        i, j = np.unravel_index(np.argmax(np.abs(dw)), dw.shape)
        h = 1e-6
        w = net.weights[layer]
        w[i, j] += h
        up = net.loss_and_gradients(x, labels, passes)[0]
        w[i, j] -= 2 * h
        down = net.loss_and_gradients(x, labels, passes)[0]
        w[i, j] += h
        assert (up - down) / (2 * h) == pytest.approx(dw[i, j], rel=1e-6)
