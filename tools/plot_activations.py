"""Draw docs/figures/<name>.png for every activation: f and f' computed by
fastact itself; and docs/figures/accuracy.png, the ULP bounds the tests hold
each kernel to (tests/cases.py).

    pip install ".[docs]" && python tools/plot_activations.py [--only NAME ...]

Each figure: f solid, f' dashed, over a range that shows the function's shape
(its kinks and saturation), with the default parameters; where a parameter
changes the shape, a second parameter set in a lighter colour.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

import fastact as fa
from fastact import _table

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "docs" / "figures"

#: x range per activation (default -5..5): wide enough to show kinks and tails
RANGES = {"relu6": (-2.0, 8.0), "softplus": (-6.0, 6.0), "step": (-3.0, 3.0), "hard_tanh": (-3.0, 3.0),
          "hard_sigmoid": (-5.0, 5.0), "linear": (-3.0, 3.0)}
#: a second parameter set drawn lighter, where a parameter changes the shape
SECOND = {"leaky_relu": {"negative_slope": 0.2}, "elu": {"alpha": 0.5}, "celu": {"alpha": 2.0},
          "swish": {"beta": 2.0}, "softplus": {"beta": 2.0}, "gelu": {"approximate": "tanh"},
          "relu": {"threshold": 1.0}, "hard_tanh": {"min_val": -2.0, "max_val": 2.0},
          "linear": {"slope": 0.5, "intercept": 1.0}, "step": {"threshold": 1.0}}
F_COLOUR, D_COLOUR = "#1f5fa8", "#d9661f"
F_LIGHT, D_LIGHT = "#8fb3dd", "#f0b48c"


def _label(params: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in params.items())


def _curves(name: str, x: np.ndarray, params: dict) -> tuple[np.ndarray, np.ndarray, str, str]:
    """(f, f', f's label, f''s label) on x."""
    f = getattr(fa, name)
    if name in ("softmax", "log_softmax"):
        # one logit x against a second fixed at 0: softmax([x, 0])[0] and its d/dx
        logits = np.stack([x, np.zeros_like(x)], axis=-1)
        y = f(logits, axis=-1)[:, 0]
        jacobian = f.derivative(logits, axis=-1)  # (n, 2, 2)
        return y, jacobian[:, 0, 0], f"{name}([x, 0])[0]", "d/dx"
    if name == "prelu":
        alpha = params.get("alpha", 0.25)
        return f(x, alpha), f.derivative(x, alpha), f"prelu(x, alpha={alpha})", "d/dx"
    suffix = f" ({_label(params)})" if params else ""
    return f(x, **params), f.derivative(x, **params), f"f(x){suffix}", f"f'(x){suffix}"


def plot_one(plt, spec: _table.Spec, path: Path) -> None:
    low, high = RANGES.get(spec.name, (-5.0, 5.0))
    # an odd count puts x = 0 on the grid; the kinks of the piecewise functions
    # show as steps of f' (drawn with a step-free line, so vertical jumps stay visible)
    x = np.linspace(low, high, 2001)
    fig, ax = plt.subplots(figsize=(5.2, 3.6), dpi=110)
    ax.axhline(0, color="0.55", linewidth=0.8)
    ax.axvline(0, color="0.55", linewidth=0.8)
    second = SECOND.get(spec.name)
    curves = []
    if second is not None:
        y2, d2, lf2, ld2 = _curves(spec.name, x, second)
        ax.plot(x, y2, color=F_LIGHT, linewidth=1.6, label=lf2)
        ax.plot(x, d2, color=D_LIGHT, linewidth=1.6, linestyle="--", label=ld2)
        curves += [y2, d2]
    y, d, lf, ld = _curves(spec.name, x, {})
    ax.plot(x, y, color=F_COLOUR, linewidth=2.2, label=lf)
    ax.plot(x, d, color=D_COLOUR, linewidth=2.2, linestyle="--", label=ld)
    curves += [y, d]
    ax.set_xlim(low, high)
    finite = np.concatenate([c[np.isfinite(c)] for c in curves])
    top, bottom = finite.max(), finite.min()
    pad = 0.08 * max(top - bottom, 1.0)
    ax.set_ylim(bottom - pad, top + pad)
    ax.set_xlabel("x")
    ax.set_ylabel("value")
    title = spec.name + (f" (aliases: {', '.join(spec.aliases)})" if spec.aliases else "")
    ax.set_title(title, fontsize=11)
    ax.grid(True, color="0.9")
    ax.legend(loc="best", fontsize=8, framealpha=0.9)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})  # no version string: reruns give the same bytes
    plt.close(fig)


def plot_accuracy(plt, path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))  # cases.py: the bounds the tests use
    from cases import CASES, ulp_bound

    names = [s.name for s in _table.elementwise(public_only=True) if s.name in CASES]
    columns = [("forward", "float32"), ("forward", "float64"), ("derivative", "float32"),
               ("derivative", "float64")]
    colours = ["#1f5fa8", "#8fb3dd", "#d9661f", "#f0b48c"]
    fig, ax = plt.subplots(figsize=(9.5, 3.8), dpi=110)
    width = 0.2
    positions = np.arange(len(names))
    highest = 0.0
    for i, ((pass_, dtype), colour) in enumerate(zip(columns, colours)):
        values = [ulp_bound(name, pass_, dtype) for name in names]
        highest = max(highest, *values)
        ax.bar(positions + (i - 1.5) * width, values, width, color=colour, label=f"{pass_} {dtype}")
    ax.set_ylim(0, highest * 1.3)  # room for the legend above the bars
    ax.axhline(2, color="0.3", linewidth=0.9, linestyle=":")
    ax.text(-0.4, 2.05, "spec's target: float32 forward <= 2", ha="left", va="bottom", fontsize=8)
    ax.set_xticks(positions)
    ax.set_xticklabels(names, rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("max error, ULP")
    ax.set_title("Accuracy bounds the tests hold every ISA to (0 = exact)", fontsize=11)
    ax.legend(fontsize=8, ncol=4, loc="upper left")
    ax.grid(True, axis="y", color="0.9")
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="activation names (default: all)")
    args = parser.parse_args()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    FIGURES.mkdir(parents=True, exist_ok=True)
    specs = [s for s in _table.ACTIVATIONS if s.public and (not args.only or s.name in args.only)]
    for spec in specs:
        plot_one(plt, spec, FIGURES / f"{spec.name}.png")
        print(f"wrote {FIGURES / spec.name}.png")
    if not args.only:
        plot_accuracy(plt, FIGURES / "accuracy.png")
        print(f"wrote {FIGURES / 'accuracy.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
