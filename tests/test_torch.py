"""fastact against PyTorch (CPU), forward and gradient, at the kinks and on random
points, float64. Skipped when torch is not installed."""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa

torch = pytest.importorskip("torch")
F = torch.nn.functional

#: fastact call -> the PyTorch function of the same thing
PAIRS = {
    "sigmoid": ({}, torch.sigmoid),
    "tanh": ({}, torch.tanh),
    "relu": ({}, F.relu),
    "relu6": ({}, F.relu6),
    "leaky_relu": ({"negative_slope": 0.1}, lambda t: F.leaky_relu(t, 0.1)),
    "elu": ({"alpha": 0.7}, lambda t: F.elu(t, 0.7)),
    "selu": ({}, F.selu),
    "celu": ({"alpha": 1.5}, lambda t: F.celu(t, 1.5)),
    "gelu": ({}, F.gelu),
    "gelu-tanh": ({"approximate": "tanh"}, lambda t: F.gelu(t, approximate="tanh")),
    "silu": ({}, F.silu),
    "mish": ({}, F.mish),
    "softplus": ({"beta": 2.0, "threshold": 10.0}, lambda t: F.softplus(t, 2.0, 10.0)),
    "softsign": ({}, F.softsign),
    "hard_sigmoid": ({}, F.hardsigmoid),
    "hard_swish": ({}, F.hardswish),
    "hard_tanh": ({"min_val": -2.0, "max_val": 0.5}, lambda t: F.hardtanh(t, -2.0, 0.5)),
    "log_sigmoid": ({}, F.logsigmoid),
}

KINKS = np.array([-6.0, -3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0, 10.0, 5.0])


def _torch_forward_and_grad(function, x: np.ndarray):
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = function(t)
    y.backward(torch.ones_like(y))
    return y.detach().numpy(), t.grad.numpy()


@pytest.mark.parametrize("key", PAIRS)
def test_matches_pytorch_at_kinks_and_random_points(key):
    params, function = PAIRS[key]
    name = key.split("-")[0]
    x = np.concatenate([KINKS, np.random.default_rng(3).standard_normal(500) * 4])
    want_y, want_grad = _torch_forward_and_grad(function, x)
    activation = fa.get(name)
    np.testing.assert_allclose(activation(x, **params), want_y, rtol=1e-12, atol=1e-15)
    # PyTorch's float64 hardsigmoid gradient uses 1/6 rounded to float32
    rtol = 1e-7 if name == "hard_sigmoid" else 1e-10
    np.testing.assert_allclose(activation.derivative(x, **params), want_grad, rtol=rtol, atol=1e-14)


def test_prelu_matches_pytorch_with_the_weight_gradient():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((6, 3, 5))
    x[0, :, 0] = 0.0  # the kink
    alpha = np.array([0.1, -0.2, 0.3])
    tx = torch.tensor(x, requires_grad=True)
    tw = torch.tensor(alpha, requires_grad=True)
    y = F.prelu(tx, tw)
    dy = rng.standard_normal(x.shape)
    y.backward(torch.tensor(dy))
    np.testing.assert_allclose(fa.prelu(x, alpha, axis=1), y.detach().numpy(), rtol=1e-14)
    dx, dalpha = fa.prelu.backward(dy, x, alpha, axis=1)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-14)
    np.testing.assert_allclose(dalpha, tw.grad.numpy(), rtol=1e-12)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_family_matches_pytorch(name):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((4, 7, 3)) * 3
    dy = rng.standard_normal(x.shape)
    for axis in (0, 1, -1):
        t = torch.tensor(x, requires_grad=True)
        y = getattr(F, name)(t, dim=axis)
        y.backward(torch.tensor(dy))
        np.testing.assert_allclose(getattr(fa, name)(x, axis=axis), y.detach().numpy(), rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(getattr(fa, name).backward(dy, x, axis=axis), t.grad.numpy(),
                                   rtol=1e-11, atol=1e-13)
