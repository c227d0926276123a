"""What each activation of the table is called, with its defaults, in the
libraries people come from: PyTorch (torch.nn.functional as F), JAX, Keras 3
and SciPy/NumPy. Plain data next to the table: tools/gen_docs.py writes the
"Names elsewhere" table of docs/api.md from it, and tests/test_docs.py checks
that it covers every public row. ``differs`` calls out the defaults and
behaviours that differ from fastact's; "—" means the library has none.
"""

from __future__ import annotations

LIBRARIES = ("torch", "jax", "keras", "scipy")
TITLES = {"torch": "PyTorch", "jax": "JAX", "keras": "Keras 3", "scipy": "SciPy / NumPy"}

PEER_NAMES: dict[str, dict[str, str]] = {
    "step": {
        "torch": "torch.heaviside(x, values)", "jax": "jax.numpy.heaviside(x, h)", "keras": "—",
        "scipy": "numpy.heaviside(x, h)",
        "differs": "heaviside takes the value at x = 0 as an argument; fastact gives 1 at x >= threshold",
    },
    "linear": {
        "torch": "— (nn.Identity)", "jax": "jax.nn.identity(x)", "keras": "keras.activations.linear(x)",
        "scipy": "—",
        "differs": "the others are the identity only; fastact adds slope and intercept",
    },
    "sigmoid": {
        "torch": "torch.sigmoid(x)", "jax": "jax.nn.sigmoid(x)", "keras": "keras.activations.sigmoid(x)",
        "scipy": "scipy.special.expit(x)",
    },
    "tanh": {
        "torch": "torch.tanh(x)", "jax": "jax.nn.tanh(x)", "keras": "keras.activations.tanh(x)",
        "scipy": "numpy.tanh(x)",
    },
    "relu": {
        "torch": "F.relu(x); F.threshold(x, threshold, 0.0)", "jax": "jax.nn.relu(x)",
        "keras": "keras.activations.relu(x, negative_slope=0.0, max_value=None, threshold=0.0)",
        "scipy": "—",
        "differs": "Keras passes x = threshold through (x >= threshold); fastact and F.threshold give 0 there",
    },
    "relu6": {
        "torch": "F.relu6(x)", "jax": "jax.nn.relu6(x)", "keras": "keras.activations.relu6(x)",
        "scipy": "—",
    },
    "leaky_relu": {
        "torch": "F.leaky_relu(x, negative_slope=0.01)", "jax": "jax.nn.leaky_relu(x, negative_slope=0.01)",
        "keras": "keras.activations.leaky_relu(x, negative_slope=0.2)", "scipy": "—",
        "differs": "**Keras' slope defaults to 0.2**; fastact, torch and JAX use 0.01",
    },
    "prelu": {
        "torch": "F.prelu(x, weight)", "jax": "—", "keras": "keras.layers.PReLU (a layer)", "scipy": "—",
        "differs": "**torch's channels are dim 1** (N, C, ...); fastact's default is axis=-1: pass axis=1",
    },
    "elu": {
        "torch": "F.elu(x, alpha=1.0)", "jax": "jax.nn.elu(x, alpha=1.0)",
        "keras": "keras.activations.elu(x, alpha=1.0)", "scipy": "—",
    },
    "selu": {
        "torch": "F.selu(x)", "jax": "jax.nn.selu(x)", "keras": "keras.activations.selu(x)", "scipy": "—",
    },
    "celu": {
        "torch": "F.celu(x, alpha=1.0)", "jax": "jax.nn.celu(x, alpha=1.0)",
        "keras": "keras.activations.celu(x, alpha=1.0)", "scipy": "—",
    },
    "gelu": {
        "torch": "F.gelu(x, approximate='none')", "jax": "jax.nn.gelu(x, approximate=True)",
        "keras": "keras.activations.gelu(x, approximate=False)", "scipy": "—",
        "differs": "**JAX defaults to the tanh form** (approximate=True); fastact, torch and Keras to the "
                   "exact one. fastact takes approximate='none'/'tanh' as torch or False/True as JAX and Keras",
    },
    "swish": {
        "torch": "F.silu(x)", "jax": "jax.nn.silu(x), jax.nn.swish(x)",
        "keras": "keras.activations.silu(x), keras.activations.swish(x)", "scipy": "—",
        "differs": "none of them takes beta (fastact's beta=1.0 is their function)",
    },
    "mish": {
        "torch": "F.mish(x)", "jax": "jax.nn.mish(x)", "keras": "keras.activations.mish(x)", "scipy": "—",
    },
    "softplus": {
        "torch": "F.softplus(x, beta=1.0, threshold=20.0)", "jax": "jax.nn.softplus(x)",
        "keras": "keras.activations.softplus(x)", "scipy": "—",
        "differs": "**JAX and Keras take no beta and no threshold**: above 20 they give log1p(e^x), fastact "
                   "and torch x (a difference below 2.1e-9, under float32's resolution there)",
    },
    "softsign": {
        "torch": "F.softsign(x)", "jax": "jax.nn.soft_sign(x)", "keras": "keras.activations.softsign(x)",
        "scipy": "—",
    },
    "hard_sigmoid": {
        "torch": "F.hardsigmoid(x)", "jax": "jax.nn.hard_sigmoid(x)", "keras": "keras.activations.hard_sigmoid(x)",
        "scipy": "—",
        "differs": "Keras 2 (tf.keras) used clip(0.2 x + 0.5, 0, 1); Keras 3, torch, JAX and fastact relu6(x + 3) / 6",
    },
    "hard_swish": {
        "torch": "F.hardswish(x)", "jax": "jax.nn.hard_silu(x), jax.nn.hard_swish(x)",
        "keras": "keras.activations.hard_silu(x), keras.activations.hard_swish(x)", "scipy": "—",
    },
    "hard_tanh": {
        "torch": "F.hardtanh(x, min_val=-1.0, max_val=1.0)", "jax": "jax.nn.hard_tanh(x)",
        "keras": "keras.activations.hard_tanh(x)", "scipy": "—",
        "differs": "JAX and Keras have fixed bounds -1 and 1",
    },
    "log_sigmoid": {
        "torch": "F.logsigmoid(x)", "jax": "jax.nn.log_sigmoid(x)", "keras": "keras.activations.log_sigmoid(x)",
        "scipy": "scipy.special.log_expit(x)",
    },
    "softmax": {
        "torch": "F.softmax(x, dim)", "jax": "jax.nn.softmax(x, axis=-1, where=None)",
        "keras": "keras.activations.softmax(x, axis=-1)", "scipy": "scipy.special.softmax(x, axis=None)",
        "differs": "**SciPy's default axis=None** normalises over all elements; torch has no default dim",
    },
    "log_softmax": {
        "torch": "F.log_softmax(x, dim)", "jax": "jax.nn.log_softmax(x, axis=-1, where=None)",
        "keras": "keras.activations.log_softmax(x, axis=-1)", "scipy": "scipy.special.log_softmax(x, axis=None)",
        "differs": "**SciPy's default axis=None** normalises over all elements; torch has no default dim",
    },
}
