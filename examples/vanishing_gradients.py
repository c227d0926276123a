"""Vanishing and exploding gradients in a deep network, at initialisation.

A stack of ``depth`` dense layers ``z_l = h_{l-1} @ W_l``, ``h_l = f(z_l)`` (no
biases), for f in sigmoid, tanh, relu and silu and three initialisations: Glorot
normal (variance 2 / (fan_in + fan_out)), He normal (2 / fan_in) and a
deliberately large one (16 / fan_in, about 2.8x He's standard deviation). A
random gradient ``dL/dh_depth`` is sent back through fastact's fused backward
passes (``f.backward(dh, z)``), and the norm of ``dL/dz_l`` that reaches each
layer, relative to the gradient sent in, is plotted on a log scale.

The lesson: sigmoid's f' <= 1/4 shrinks the gradient about 4x per layer under
Glorot, relu with He init keeps it level, and large weights make it explode
(except for sigmoid, which saturates and still loses it).

The norm plotted is that of the gradient reaching each layer, not of the weight
gradient ``h_{l-1}^T dL/dz_l``: for relu the latter multiplies a forward scale
that shrinks with depth by a backward one that grows, which can look level
while both vanish.

    python examples/vanishing_gradients.py                 # docs/vanishing_gradients.png
    python examples/vanishing_gradients.py --depth 8 --width 64 --batch 128 --out /tmp/v.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import fastact as fa

ACTIVATIONS = ("sigmoid", "tanh", "relu", "silu")
LARGE_GAIN = 4.0  # variance 16 / fan_in


def _glorot(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    return fa.init.glorot_normal(shape, rng=rng)


def _he(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    return fa.init.he_normal(shape, rng=rng)


def _large(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    return fa.init.he_normal(shape, gain=LARGE_GAIN, rng=rng)


#: label -> weight draw, (in, out) dense shapes
INITS = {
    "Glorot normal": _glorot,
    "He normal": _he,
    f"large: N(0, {LARGE_GAIN ** 2:g}/fan_in)": _large,
}


def gradient_norms(activation: str, init: str, *, depth: int = 20, width: int = 256,
                   batch: int = 512, seed: int = 0) -> np.ndarray:
    """||dL/dz_l|| / ||dL/dh_depth|| for l = 1..depth, at initialisation."""
    rng = np.random.default_rng(seed)
    f = fa.get(activation)
    weights = [INITS[init]((width, width), rng) for _ in range(depth)]
    h = rng.standard_normal((batch, width))
    pre = []
    for w in weights:
        z = h @ w
        pre.append(z)
        h = f(z)
    grad_out = rng.standard_normal((batch, width))
    dh, norms = grad_out, np.empty(depth)
    for layer in reversed(range(depth)):
        dz = f.backward(dh, pre[layer])
        norms[layer] = np.linalg.norm(dz)
        dh = dz @ weights[layer].T
    return norms / np.linalg.norm(grad_out)


def run(*, depth: int = 20, width: int = 256, batch: int = 512,
        seed: int = 0) -> dict[tuple[str, str], np.ndarray]:
    """The per-layer norms for every (activation, initialisation)."""
    return {(act, init): gradient_norms(act, init, depth=depth, width=width, batch=batch, seed=seed)
            for act in ACTIVATIONS for init in INITS}


def growth_per_layer(norms: np.ndarray) -> float:
    """Geometric mean of ||g_l|| / ||g_{l+1}||: below 1 the gradient vanishes on its
    way to the input, above 1 it explodes."""
    return float((norms[0] / norms[-1]) ** (1.0 / (len(norms) - 1)))


def plot(results: dict[tuple[str, str], np.ndarray], path: Path, *, width: int, batch: int) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    depth = len(next(iter(results.values())))
    layers = np.arange(1, depth + 1)
    fig, axes = plt.subplots(2, 2, figsize=(11, 8.5), sharex=True, sharey=True)
    colours = dict(zip(INITS, ("tab:blue", "tab:green", "tab:red")))
    for ax, act in zip(axes.flat, ACTIVATIONS):
        ax.axhline(1.0, color="0.6", lw=0.8)
        for init in INITS:
            norms = results[act, init]
            ax.semilogy(layers, norms, "o-", ms=3, color=colours[init],
                        label=f"{init}: ×{growth_per_layer(norms):.2f} per layer")
        if act == "sigmoid":  # f' <= 1/4: at best a quarter per layer
            guide = results[act, "Glorot normal"][-1] * 4.0 ** -(depth - layers)
            ax.semilogy(layers, guide, "k--", lw=1, label="÷4 per layer (f' ≤ 1/4)")
        ax.set_title(act, fontsize=13)
        ax.set_xticks(sorted({1, *range(5, depth + 1, 5), depth}))
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(fontsize=9, loc="upper left" if act == "sigmoid" else "lower right")
    for ax in axes[-1]:
        ax.set_xlabel("layer l (1: input side; the gradient flows from right to left)")
    for ax in axes[:, 0]:
        ax.set_ylabel(r"$\|\partial L/\partial z_l\|$ / $\|\partial L/\partial h_{" + str(depth) + r"}\|$")
    fig.suptitle(f"Gradient reaching each layer at initialisation: {depth} dense layers of width {width},"
                 f" batch {batch}\n(fastact forward and backward passes; growth per layer towards "
                 "the input in the legend)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def check(results: dict[tuple[str, str], np.ndarray]) -> None:
    """The headline: sigmoid/Glorot shrinks 3-6x a layer, relu/He stays level,
    large weights explode (relu, silu, tanh) and tanh vanishes less than sigmoid."""
    g = {key: growth_per_layer(norms) for key, norms in results.items()}
    large = next(name for name in INITS if name.startswith("large"))
    assert 1 / 6 < g["sigmoid", "Glorot normal"] < 1 / 3, g["sigmoid", "Glorot normal"]
    assert 0.9 < g["relu", "He normal"] < 1.1, g["relu", "He normal"]
    assert g["tanh", "Glorot normal"] > 3 * g["sigmoid", "Glorot normal"]
    for act in ("relu", "silu"):
        assert g[act, large] > 2.0, (act, g[act, large])
    assert g["tanh", large] > 1.2, g["tanh", large]


def main(argv: list[str] | None = None) -> dict[tuple[str, str], np.ndarray]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--depth", type=int, default=20)
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "docs" / "vanishing_gradients.png")
    parser.add_argument("--no-plot", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    results = run(depth=args.depth, width=args.width, batch=args.batch, seed=args.seed)
    print(f"{args.depth} layers of width {args.width}, batch {args.batch}: gradient growth per "
          "layer towards the input (geometric mean), and ||dL/dz_1|| / ||dL/dh_out||")
    for (act, init), norms in results.items():
        print(f"  {act:8s} {init:22s} x{growth_per_layer(norms):6.3f}/layer   "
              f"first layer {norms[0]:9.3g}")
    check(results)
    if not args.no_plot:
        plot(results, args.out, width=args.width, batch=args.batch)
        print(f"plot: {args.out}")
    return results


if __name__ == "__main__":
    main()
